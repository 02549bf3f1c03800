"""The facts of one case: the input schema and the flat facts the rules read."""

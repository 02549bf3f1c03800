"""The bulk evaluator: a pack's rules over a whole caseload as generated SQL (DuckDB by
default, Apache Spark at scale). It sits above `policy`, whose packs it compiles, and is checked
against the scalar evaluator by the differential tests."""

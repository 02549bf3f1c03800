"""The rule language: restricted Python expressions -> typed IR -> scalar and vector evaluators."""

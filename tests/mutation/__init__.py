"""Mutation testing of the rules: `python -m tests.mutation` (docs/testing.md).

The run generates mutants of the rule SQL (sqlglot, `sql_mutants`) and of named Python rule
functions (an AST mutator, `py_mutants`), runs each family's tests against every mutant in a
scratch copy of the repository (`worker`), and reports killed, survived, timed-out and invalid
mutants by rule family (`run`). The families, their files and their tests are in `families`.
"""

"""`python -m tests.mutation`: the mutation run of the rules (see tests/mutation/run.py)."""

from tests.mutation.run import main

raise SystemExit(main())

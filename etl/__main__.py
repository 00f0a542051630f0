"""`python -m etl` is the `healthtech` command."""

import sys

from etl.cli import main

sys.exit(main())

"""`python -m api.cli`: the `matcher` command."""

import sys

from api.cli import main

sys.exit(main())

"""``python -m portal_sandbox``: see :mod:`portal_sandbox.cli`."""

import sys

from portal_sandbox.cli import main

sys.exit(main())

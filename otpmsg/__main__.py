"""``python -m otpmsg``: the command line."""

import sys

from otpmsg._cli import main

sys.exit(main())

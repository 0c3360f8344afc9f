#!/usr/bin/env python
"""Django's command-line utility; `trellis` (trellis/cli.py) is the friendlier front door."""

import sys

from trellis.cli import main

if __name__ == "__main__":
    sys.exit(main())

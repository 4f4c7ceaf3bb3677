"""The frozen executable's script: the same entry point as `python -m disputedesk`."""

import sys

from disputedesk.__main__ import main

if __name__ == "__main__":
    sys.exit(main())

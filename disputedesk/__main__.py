"""Entry point: `disputedesk` and `python -m disputedesk`."""

import sys


def main() -> int:
    from disputedesk.cli import main as cli_main

    return cli_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())

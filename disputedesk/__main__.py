"""Entry point: `disputedesk` and `python -m disputedesk` (also the frozen executable's).

`--self-test` checks that this installation is complete (see disputedesk.selftest) and
exits 0 when it is; it never opens the user's data folder.
"""

import sys


def main() -> int:
    argv = sys.argv[1:]
    if "--self-test" in argv:
        from disputedesk.selftest import main as self_test

        return self_test(argv)
    from disputedesk.cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())

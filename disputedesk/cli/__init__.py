"""Command line on the same services as the window. `disputedesk` alone starts the window.

Each sub-command lives in a module of this package with a `register(subparsers)` function;
add a module to COMMAND_MODULES to add commands.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from disputedesk import __version__
from disputedesk.cli.context import CliContext
from disputedesk.domain.errors import DisputeDeskError
from disputedesk.i18n import _, set_language

COMMAND_MODULES: tuple[str, ...] = (
    "disputedesk.cli.data_commands",
    "disputedesk.cli.list_commands",
    "disputedesk.cli.packet_commands",
    "disputedesk.cli.stats_commands",
    "disputedesk.cli.receivables_commands",
    "disputedesk.cli.privacy_commands",
    "disputedesk.cli.letter_commands",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="disputedesk",
        description=_(
            "DisputeDesk: handle customer disputes. Without a command, opens the window."
        ),
    )
    parser.add_argument("--version", action="version", version=f"DisputeDesk {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar=_("FOLDER"),
        help=_("data folder (default: the per-user folder, or $DISPUTEDESK_DATA_DIR)"),
    )
    parser.add_argument(
        "--lang", choices=("fr", "en"), help=_("language of messages (default: the system's)")
    )
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"))
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # The language must be known before the help texts are built.
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--lang")
    pre.add_argument("--data-dir")
    known, _rest = pre.parse_known_args(argv)
    set_language(known.lang)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from disputedesk.app import run_gui

        return run_gui(data_dir=args.data_dir, lang=args.lang)
    ctx = CliContext(data_dir=args.data_dir, lock=getattr(args, "needs_lock", False))
    try:
        return int(args.func(args, ctx) or 0)
    except DisputeDeskError as err:
        where = f" [{err.field}]" if err.field else ""
        print(_("Error{where}: {message}").format(where=where, message=str(err)), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    finally:
        ctx.close()

"""Command line on the same services as the window. `disputedesk` alone starts the window.

Each sub-command lives in a module of this package with a `register(subparsers)` function;
add a module to COMMAND_MODULES to add commands.

This module imports nothing heavy: `disputedesk` alone (the window) starts its database check
(`app.EarlyCheck`, the longest part of the launch) before the command modules, the services
and SQLAlchemy are imported to build the parser.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from disputedesk import __version__
from disputedesk.domain.errors import DisputeDeskError
from disputedesk.i18n import _, set_language

if TYPE_CHECKING:
    from disputedesk.app import EarlyCheck

LANGUAGES = ("fr", "en")

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
        "--lang", choices=LANGUAGES, help=_("language of messages (default: the system's)")
    )
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"))
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def early_check(known: argparse.Namespace, rest: list[str]) -> EarlyCheck | None:
    """For the window (nothing on the command line but --data-dir and a valid --lang), its
    database check started now, on the data folder it will open; None for anything else
    (a command, --help, --version, an error: the full parser decides, as always)."""
    if rest or known.lang not in (None, *LANGUAGES):
        return None
    from disputedesk.app import EarlyCheck
    from disputedesk.paths import resolve_data_dir

    return EarlyCheck(resolve_data_dir(known.data_dir).database)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # The language must be known before the help texts are built.
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--lang")
    pre.add_argument("--data-dir")
    known, rest = pre.parse_known_args(argv)
    early = early_check(known, rest)  # before build_parser imports the services
    set_language(known.lang)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from disputedesk.app import run_gui

        return run_gui(data_dir=args.data_dir, lang=args.lang, early=early)
    from disputedesk.cli.context import CliContext

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

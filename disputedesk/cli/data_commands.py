"""seed-demo, export, import, backup, restore, check."""

from __future__ import annotations

from pathlib import Path

from disputedesk.cli.context import CliContext
from disputedesk.i18n import _
from disputedesk.storage import backup as backup_mod
from disputedesk.storage.lock import DataDirLock


def register(sub) -> None:
    p = sub.add_parser("seed-demo", help=_("fill an empty store with realistic sample data"))
    p.set_defaults(func=_seed_demo, needs_lock=True)

    p = sub.add_parser("export", help=_("export everything to a JSON file"))
    p.add_argument("file", metavar=_("FILE.json"))
    p.set_defaults(func=_export)

    p = sub.add_parser("import", help=_("import a JSON export into an empty data folder"))
    p.add_argument("file", metavar=_("FILE.json"))
    p.set_defaults(func=_import, needs_lock=True)

    p = sub.add_parser("backup", help=_("back up the database and files to a zip"))
    p.add_argument(
        "dest", nargs="?", metavar=_("DEST"), help=_("folder or file (default: the backups folder)")
    )
    p.set_defaults(func=_backup)

    p = sub.add_parser(
        "restore", help=_("restore a backup zip (the current state is backed up first)")
    )
    p.add_argument("src", metavar=_("SRC"))
    p.set_defaults(func=_restore)

    p = sub.add_parser("check", help=_("check the database and the attachment files"))
    p.set_defaults(func=_check)


def _seed_demo(args, ctx: CliContext) -> int:
    from disputedesk.services.demo_service import seed_demo

    counts = seed_demo(ctx.services)
    print(
        _(
            "Sample data added: {customers} customers, {disputes} disputes, {entries} journal "
            "entries, {invoices} invoices."
        ).format(**counts)
    )
    return 0


def _export(args, ctx: CliContext) -> int:
    counts = ctx.services.transfer.export_file(Path(args.file))
    print(_("Exported {rows} records to {file}.").format(rows=sum(counts.values()), file=args.file))
    return 0


def _import(args, ctx: CliContext) -> int:
    counts = ctx.services.transfer.import_file(Path(args.file))
    print(
        _("Imported {rows} records from {file}.").format(rows=sum(counts.values()), file=args.file)
    )
    return 0


def _backup(args, ctx: CliContext) -> int:
    info = ctx.services.maintenance.backup(Path(args.dest) if args.dest else None)
    print(_("Backup written: {file}").format(file=info.path))
    return 0


def _restore(args, ctx: CliContext) -> int:
    # The store must not be open while its files are replaced: lock the folder only.
    ctx.paths.ensure()
    with DataDirLock(ctx.paths.lock_file):
        info = backup_mod.restore_backup(ctx.paths, Path(args.src))
    ctx.services  # noqa: B018 - opening migrates a restored older backup
    print(_("Restored the backup of {date}.").format(date=info.created_at.isoformat()))
    return 0


def _check(args, ctx: CliContext) -> int:
    report = ctx.services.maintenance.check()
    print(_("Database: {state}").format(state=_("OK") if report.database_ok else _("DAMAGED")))
    print(_("Files checked: {n}").format(n=report.files_checked))
    labels = {
        "database": _("database problem"),
        "missing_file": _("missing file"),
        "damaged_file": _("damaged file (contents changed)"),
        "leftover_file": _("unfinished file left by an interrupted save"),
    }
    for problem in report.problems:
        print(f"- {labels.get(problem.kind, problem.kind)}: {problem.detail}")
    if report.ok:
        print(_("Everything is in order."))
    return 0 if report.ok else 1

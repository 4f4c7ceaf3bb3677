"""The command line end to end: seed-demo → export → import → identical export; bad input."""

import json
import subprocess
import sys
import zipfile

import pytest

from disputedesk.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def _tables_and_files(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    return data["tables"], data["files"]


def test_help_lists_the_commands(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for cmd in ("seed-demo", "export", "import", "backup", "restore", "check", "list"):
        assert cmd in out


def test_demo_export_import_round_trip_loses_nothing(tmp_path, capsys):
    a, b = tmp_path / "a", tmp_path / "b"
    assert run(capsys, "--data-dir", str(a), "seed-demo")[0] == 0
    assert run(capsys, "--data-dir", str(a), "export", str(tmp_path / "one.json"))[0] == 0
    code, _out, err = run(capsys, "--data-dir", str(b), "import", str(tmp_path / "one.json"))
    assert code == 0, err
    assert run(capsys, "--data-dir", str(b), "export", str(tmp_path / "two.json"))[0] == 0
    t1, f1 = _tables_and_files(tmp_path / "one.json")
    t2, f2 = _tables_and_files(tmp_path / "two.json")
    assert t1 == t2 and f1 == f2
    assert len(t1["customer"]) == 12 and len(t1["dispute"]) >= 10
    assert len(f1["attachments"]) >= 3  # photo, e-mail, PDF invoice
    assert run(capsys, "--data-dir", str(b), "check")[0] == 0


def test_demo_covers_every_category_and_stage(tmp_path, capsys):
    run(capsys, "--data-dir", str(tmp_path), "seed-demo")
    code, out, _ = run(capsys, "--data-dir", str(tmp_path), "list", "disputes", "--all", "--json")
    disputes = json.loads(out)
    from disputedesk.domain.enums import DisputeCategory, DisputeStage

    assert {d["category"] for d in disputes} == {c.value for c in DisputeCategory}
    assert {d["stage"] for d in disputes} == {s.value for s in DisputeStage}
    # a second seed would double everything: refused
    code, _, err = run(capsys, "--data-dir", str(tmp_path), "seed-demo")
    assert code == 1 and "empty data folder" in err


def test_import_refuses_bad_files_and_changes_nothing(tmp_path, capsys):
    target = tmp_path / "d"
    bad = tmp_path / "bad.json"
    for content in ("{not json", json.dumps({"format": "other"}), json.dumps([1, 2])):
        bad.write_text(content)
        code, _, err = run(capsys, "--data-dir", str(target), "import", str(bad))
        assert code == 1 and "Error" in err and "Traceback" not in err
    code, out, _ = run(capsys, "--data-dir", str(target), "list", "customers", "--json")
    assert json.loads(out) == []


def test_import_of_a_tampered_export_is_all_or_nothing(tmp_path, capsys):
    run(capsys, "--data-dir", str(tmp_path / "a"), "seed-demo")
    run(capsys, "--data-dir", str(tmp_path / "a"), "export", str(tmp_path / "x.json"))
    data = json.loads((tmp_path / "x.json").read_text())
    data["tables"]["dispute"][-1]["customer_id"] = 9999  # a dangling link, late in the file
    (tmp_path / "x.json").write_text(json.dumps(data))
    code, _, _err = run(
        capsys, "--data-dir", str(tmp_path / "b"), "import", str(tmp_path / "x.json")
    )
    assert code == 1
    code, out, _ = run(capsys, "--data-dir", str(tmp_path / "b"), "list", "customers", "--json")
    assert json.loads(out) == []


def test_import_into_a_folder_with_data_is_refused(tmp_path, capsys):
    run(capsys, "--data-dir", str(tmp_path / "a"), "seed-demo")
    run(capsys, "--data-dir", str(tmp_path / "a"), "export", str(tmp_path / "x.json"))
    code, _, err = run(
        capsys, "--data-dir", str(tmp_path / "a"), "import", str(tmp_path / "x.json")
    )
    assert code == 1 and "empty data folder" in err


def test_backup_restore_round_trip(tmp_path, capsys):
    d = tmp_path / "d"
    run(capsys, "--data-dir", str(d), "seed-demo")
    run(capsys, "--data-dir", str(d), "export", str(tmp_path / "before.json"))
    code, _out, _ = run(capsys, "--data-dir", str(d), "backup", str(tmp_path))
    assert code == 0
    backup = next(tmp_path.glob("disputedesk-backup-*.zip"))
    with zipfile.ZipFile(backup) as zf:
        names = zf.namelist()
    assert "disputedesk.sqlite3" in names and any(n.startswith("attachments/") for n in names)
    # damage the live data, then restore
    (d / "disputedesk.sqlite3").unlink()
    for f in (d / "attachments").rglob("*"):
        if f.is_file():
            f.unlink()
    assert run(capsys, "--data-dir", str(d), "restore", str(backup))[0] == 0
    run(capsys, "--data-dir", str(d), "export", str(tmp_path / "after.json"))
    assert _tables_and_files(tmp_path / "before.json") == _tables_and_files(tmp_path / "after.json")
    assert run(capsys, "--data-dir", str(d), "check")[0] == 0


def test_restore_refuses_what_is_not_a_backup(tmp_path, capsys):
    fake = tmp_path / "fake.zip"
    fake.write_bytes(b"PK not really")
    code, _, err = run(capsys, "--data-dir", str(tmp_path / "d"), "restore", str(fake))
    assert code == 1 and "not a DisputeDesk backup" in err


def test_check_finds_a_damaged_attachment(tmp_path, capsys):
    d = tmp_path / "d"
    run(capsys, "--data-dir", str(d), "seed-demo")
    victim = next(p for p in (d / "attachments").rglob("*") if p.is_file())
    victim.write_bytes(b"changed")
    code, out, _ = run(capsys, "--data-dir", str(d), "check")
    assert code == 1 and "damaged" in out


def test_a_database_that_is_not_sqlite_gets_a_clear_error(tmp_path, capsys):
    d = tmp_path / "d"
    d.mkdir()
    (d / "disputedesk.sqlite3").write_text("hello")
    code, _, err = run(capsys, "--data-dir", str(d), "list", "customers")
    assert code == 1 and "not a DisputeDesk database" in err


def test_french_messages_and_environment_data_dir(tmp_path):
    env = {"DISPUTEDESK_DATA_DIR": str(tmp_path / "envdir"), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "disputedesk",
            "--lang",
            "fr",
            "restore",
            str(tmp_path / "nope.zip"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 1
    assert "Erreur" in proc.stderr and "sauvegarde" in proc.stderr
    assert (tmp_path / "envdir").is_dir()

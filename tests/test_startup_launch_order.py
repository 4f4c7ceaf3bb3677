"""The window's launch starts its database check (app.EarlyCheck, a second or more on a large
store) before the command line imports SQLAlchemy, the models and the services to build its
parser; commands, --help and errors start no check. The launch is checked in a fresh
interpreter, through `python -m disputedesk`'s entry point."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path
from typing import ClassVar

import pytest

from disputedesk import app as app_mod
from disputedesk import cli
from disputedesk.paths import ENV_VAR, DataPaths
from disputedesk.storage.store import open_store

# disputedesk.app is imported first, to watch EarlyCheck: it must be light itself.
LAUNCH = r"""
import sys
import disputedesk.app as A

started = []
real_init = A.EarlyCheck.__init__

def init(self, database):
    loaded = ("sqlalchemy" in sys.modules, "disputedesk.services" in sys.modules)
    started.append((str(database), *loaded))
    real_init(self, database)

A.EarlyCheck.__init__ = init
A._run_window = lambda app, services, scheduler: 0  # store opened and checked, services built
from disputedesk.__main__ import main
sys.argv = ["disputedesk", *sys.argv[1:]]
code = main()
print("CODE", code)
for database, sqlalchemy, services in started:
    print("EARLY", sqlalchemy, services, database)
"""


def run_fresh(
    code: str, args: list[str], tmp_path: Path, env_data_dir: Path | None = None
) -> subprocess.CompletedProcess:
    """`code` run by a fresh interpreter with `args`, offscreen, with a configuration folder
    of its own and the data folder from `env_data_dir` only; it must succeed."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "cfg"))
    env.pop(ENV_VAR, None)
    if env_data_dir is not None:
        env[ENV_VAR] = str(env_data_dir)
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return out


def _launch(tmp_path: Path, args: list[str], env_data_dir: Path | None = None) -> list[str]:
    out = run_fresh(LAUNCH, args, tmp_path, env_data_dir)
    lines = out.stdout.splitlines()
    assert "CODE 0" in lines, out.stdout + out.stderr[-3000:]
    return [line.split(" ", 1)[1] for line in lines if line.startswith("EARLY ")]


@pytest.mark.parametrize("where", ["--data-dir", "environment"])
def test_the_window_launch_starts_the_check_before_importing_sqlalchemy(tmp_path, where):
    paths = DataPaths(tmp_path / "data")
    open_store(paths, lock=False).close()  # a database to check

    if where == "--data-dir":
        early = _launch(tmp_path, ["--lang", "en", "--data-dir", str(paths.root)])
    else:
        early = _launch(tmp_path, ["--lang", "en"], env_data_dir=paths.root)

    # One check, the command line's, on the folder opened (run_gui used it, started no other),
    # begun before SQLAlchemy and the services were imported.
    assert early == [f"False False {paths.database}"]


class Recorder:
    started: ClassVar[list[Path]] = []

    def __init__(self, database: Path) -> None:
        self.database = database
        Recorder.started.append(database)

    def result(self):
        return None


@pytest.fixture
def recorded(monkeypatch):
    Recorder.started = []
    monkeypatch.setattr(app_mod, "EarlyCheck", Recorder)
    return Recorder.started


def test_only_the_window_launch_starts_a_check(tmp_path, recorded):
    def decide(*argv: str):
        pre = argparse.ArgumentParser(add_help=False)
        pre.add_argument("--lang")
        pre.add_argument("--data-dir")
        return cli.early_check(*pre.parse_known_args(list(argv)))

    root = tmp_path / "data"
    assert decide("--data-dir", str(root), "--lang", "fr") is not None
    assert decide(f"--data-dir={root}") is not None
    assert recorded == [DataPaths(root).database] * 2
    for argv in (
        ("--data-dir", str(root), "check"),
        ("--data-dir", str(root), "--help"),
        ("--version",),
        ("--lang", "de"),  # refused by the parser
        ("--",),  # refused by the parser
        ("--data-dir", str(root), "backup", "--help"),
    ):
        assert decide(*argv) is None, argv
    assert len(recorded) == 2


def test_commands_help_and_errors_start_no_check(tmp_path, recorded, capsys):
    root = tmp_path / "data"
    assert cli.main(["--data-dir", str(root), "seed-demo"]) == 0
    assert cli.main(["--data-dir", str(root), "check"]) == 0
    for argv, code in ((["--help"], 0), (["--lang", "de"], 2), (["export", "--help"], 0)):
        with pytest.raises(SystemExit) as exc:
            cli.main(argv)
        assert exc.value.code == code
    assert recorded == []
    capsys.readouterr()

"""Portable mode: a `portable.txt` beside the frozen program keeps the data next to it.

The frozen build itself is checked in tests/test_frozen.py; here `sys.frozen` and
`sys.executable` are set as PyInstaller sets them, for each platform's layout.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from disputedesk import paths
from disputedesk.paths import PORTABLE_DATA_FOLDER, PORTABLE_MARKER, resolve_data_dir


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    """No data-dir variable; the per-user folder points into tmp_path (never the real one)."""
    monkeypatch.delenv(paths.ENV_VAR, raising=False)
    user_dir = tmp_path / "user-data" / "DisputeDesk"
    monkeypatch.setattr(paths, "user_data_path", lambda *a, **k: user_dir)
    return user_dir


def freeze(monkeypatch, executable: Path) -> None:
    executable.parent.mkdir(parents=True, exist_ok=True)
    executable.write_bytes(b"")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(executable))


def test_marker_beside_the_executable_keeps_data_next_to_it(monkeypatch, tmp_path, clean_env):
    stick = tmp_path / "E" / "DisputeDesk"
    freeze(monkeypatch, stick / "DisputeDesk.exe")
    (stick / PORTABLE_MARKER).write_text("", encoding="utf-8")
    assert resolve_data_dir().root == stick / PORTABLE_DATA_FOLDER


def test_without_marker_the_per_user_folder_is_used(monkeypatch, tmp_path, clean_env):
    freeze(monkeypatch, tmp_path / "Programs" / "DisputeDesk" / "DisputeDesk.exe")
    assert resolve_data_dir().root == clean_env


def test_a_folder_named_like_the_marker_does_not_count(monkeypatch, tmp_path, clean_env):
    install = tmp_path / "DisputeDesk"
    freeze(monkeypatch, install / "DisputeDesk")
    (install / PORTABLE_MARKER).mkdir()
    assert resolve_data_dir().root == clean_env


def test_macos_marker_sits_beside_the_app_bundle(monkeypatch, tmp_path, clean_env):
    stick = tmp_path / "Volumes" / "USB"
    freeze(monkeypatch, stick / "DisputeDesk.app" / "Contents" / "MacOS" / "DisputeDesk")
    (stick / PORTABLE_MARKER).write_text("", encoding="utf-8")
    assert resolve_data_dir().root == stick / PORTABLE_DATA_FOLDER
    # A marker inside the bundle (where signing forbids adding files) is not looked for.
    (stick / PORTABLE_MARKER).unlink()
    (stick / "DisputeDesk.app" / "Contents" / "MacOS" / PORTABLE_MARKER).write_text("")
    assert resolve_data_dir().root == clean_env


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")
def test_a_symlinked_launcher_finds_the_real_install(monkeypatch, tmp_path, clean_env):
    install = tmp_path / "opt" / "DisputeDesk"
    freeze(monkeypatch, install / "DisputeDesk")
    (install / PORTABLE_MARKER).write_text("", encoding="utf-8")
    link = tmp_path / "bin" / "disputedesk"
    link.parent.mkdir()
    link.symlink_to(install / "DisputeDesk")
    monkeypatch.setattr(sys, "executable", str(link))
    assert resolve_data_dir().root == install / PORTABLE_DATA_FOLDER


def test_explicit_choices_win_over_the_marker(monkeypatch, tmp_path, clean_env):
    stick = tmp_path / "DisputeDesk"
    freeze(monkeypatch, stick / "DisputeDesk.exe")
    (stick / PORTABLE_MARKER).write_text("", encoding="utf-8")
    assert resolve_data_dir(tmp_path / "chosen").root == tmp_path / "chosen"
    monkeypatch.setenv(paths.ENV_VAR, str(tmp_path / "from-env"))
    assert resolve_data_dir().root == tmp_path / "from-env"


def test_running_from_source_ignores_the_marker(monkeypatch, tmp_path, clean_env):
    monkeypatch.delattr(sys, "frozen", raising=False)
    source_python = tmp_path / "venv" / "bin" / "python"
    source_python.parent.mkdir(parents=True)
    source_python.write_bytes(b"")
    (source_python.parent / PORTABLE_MARKER).write_text("", encoding="utf-8")
    monkeypatch.setattr(sys, "executable", str(source_python))
    assert paths.install_dir() is None
    assert resolve_data_dir().root == clean_env


def test_portable_mode_leaves_nothing_in_the_host_settings(monkeypatch, tmp_path, clean_env):
    """The list of known data folders (used to notice a vanished drive) stays on the stick."""
    from disputedesk import app

    host_config = tmp_path / "host-config" / "DisputeDesk"
    monkeypatch.setattr("platformdirs.user_config_path", lambda *a, **k: host_config)
    stick = tmp_path / "E" / "DisputeDesk"
    freeze(monkeypatch, stick / "DisputeDesk.exe")
    (stick / PORTABLE_MARKER).write_text("", encoding="utf-8")
    data = resolve_data_dir()
    data.root.mkdir(parents=True)
    app.remember_data_folder(data)
    assert app.known_folders_file() == stick / app.KNOWN_FOLDERS_NAME
    assert app.known_folders_file().is_file()
    assert not host_config.exists()
    # Without the marker, the same computer's per-user settings folder is used.
    (stick / PORTABLE_MARKER).unlink()
    assert app.known_folders_file() == host_config / app.KNOWN_FOLDERS_NAME

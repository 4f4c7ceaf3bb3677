"""The frozen build (PyInstaller onedir, `make dist`) is complete and works.

Marked `frozen`: `make dist` runs these right after building; `make test` runs them too when
a build of the current sources is there (`dist/DisputeDesk/`), and skips them with the reason
otherwise (no build, or a source file changed since the build started), so a clean checkout
stays green without building and a stale build never fails anyone's `make test`.
DISPUTEDESK_DIST=folder tests another build, whatever its age.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DIST = Path(os.environ.get("DISPUTEDESK_DIST") or ROOT / "dist" / "DisputeDesk")
EXE = DIST / ("DisputeDesk.exe" if sys.platform == "win32" else "DisputeDesk")
INTERNAL = DIST / "_internal"

SOURCES = ("disputedesk", "resources", "pyproject.toml")


def _stale_reason() -> str | None:
    """Why the build cannot be tested (None when it can)."""
    if not EXE.is_file():
        return f"no frozen build at {DIST}: run `make dist` to build and test it"
    if os.environ.get("DISPUTEDESK_DIST"):
        return None
    try:
        info = json.loads((INTERNAL / "build-info.json").read_text(encoding="utf-8"))
        started = float(info["started_at"])
    except (OSError, ValueError, KeyError):
        return f"{DIST} has no build-info.json: run `make dist` again"
    for name in SOURCES:
        top = ROOT / name
        paths = [top] if top.is_file() else top.rglob("*")
        for path in paths:
            if path.suffix in {".py", ".po", ".ttf", ".toml", ".png", ".json", ".txt", ".mako"}:
                if "__pycache__" not in path.parts and path.stat().st_mtime > started:
                    rel = path.relative_to(ROOT)
                    return f"the frozen build is older than {rel}: run `make dist` to test it"
    return None


_REASON = _stale_reason()
pytestmark = [pytest.mark.frozen, pytest.mark.skipif(_REASON is not None, reason=_REASON or "")]


def run_frozen(args: list[str], tmp_path: Path, exe: Path = EXE, timeout: int = 180):
    """Run the frozen program with a private HOME, so no real user folder is touched."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DISPUTEDESK_", "PYTHON", "XDG_"))
    }
    env.update(HOME=str(home), QT_QPA_PLATFORM="offscreen", LANG="C.UTF-8")
    return subprocess.run(
        [str(exe), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=timeout,
        check=False,
    )


def test_self_test_passes(tmp_path):
    report = tmp_path / "report.txt"
    result = run_frozen(["--self-test", "--report", str(report)], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    text = report.read_text(encoding="utf-8")
    assert "(frozen," in text
    steps = ("migrations", "window-shown", "catalogues-fonts", "sample-data")
    for step in (*steps, "pdf-letter", "pdf-packet"):
        assert re.search(rf"^ok {step} ", text, re.M), text
    assert "self-test passed" in text
    # Nothing was written in the (private) home: the self-test used a temporary folder.
    assert not any((tmp_path / "home").rglob("*.sqlite3"))


def test_every_migration_script_is_bundled():
    source = ROOT / "disputedesk" / "storage" / "migrations"
    bundled = INTERNAL / "disputedesk" / "storage" / "migrations"
    wanted = {p.relative_to(source) for p in source.rglob("*.py") if "__pycache__" not in p.parts}
    wanted.add(Path("script.py.mako"))
    missing = [str(p) for p in sorted(wanted) if not (bundled / p).is_file()]
    assert not missing, f"rebuild (make dist): migrations missing from the build: {missing}"


def test_catalogues_fonts_and_qt_french_are_bundled():
    locale = INTERNAL / "disputedesk" / "i18n" / "locale" / "fr" / "LC_MESSAGES"
    po_names = {p.stem for p in locale.glob("*.po")}
    assert po_names, "no French catalogue in the build"
    assert po_names == {p.stem for p in locale.glob("*.mo")}
    assert (INTERNAL / "disputedesk" / "resources" / "fonts" / "DejaVuSans.ttf").is_file()
    qt_translations = list(INTERNAL.rglob("qtbase_fr.qm"))
    assert qt_translations, "Qt's French translations (Annuler, Oui, Non…) are not bundled"
    # Only French is kept: English is Qt's source language.
    assert not list(INTERNAL.rglob("qtbase_de.qm"))


def test_babel_has_every_locale_the_code_names():
    names = set()
    for path in (ROOT / "disputedesk").rglob("*.py"):
        names.update(re.findall(r"[\"']([a-z]{2}_[A-Z]{2})[\"']", path.read_text("utf-8")))
    data = INTERNAL / "babel" / "locale-data"
    assert (data / "root.dat").is_file()
    missing = sorted(n for n in names if not (data / f"{n}.dat").is_file())
    assert not missing, f"add their language to BABEL_LANGUAGES in the spec: {missing}"


def test_unused_qt_modules_are_left_out():
    pyside = INTERNAL / "PySide6"
    present = {p.name.split(".")[0] for p in pyside.glob("Qt*.*") if p.suffix in {".so", ".pyd"}}
    assert {"QtCore", "QtGui", "QtWidgets", "QtPdf", "QtPdfWidgets"} <= present
    for module in ("QtQml", "QtQuick", "QtNetwork", "QtMultimedia", "QtWebEngineCore"):
        assert module not in present, f"{module} should be excluded from the build"


def _link_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def test_portable_marker_keeps_data_beside_the_program(tmp_path):
    stick = tmp_path / "stick" / "DisputeDesk"
    shutil.copytree(DIST, stick, symlinks=True, copy_function=_link_copy)
    (stick / "portable.txt").write_text("", encoding="utf-8")
    exe = stick / EXE.name
    result = run_frozen(["list", "customers", "--json"], tmp_path, exe=exe)
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout) == []
    assert (stick / "DisputeDesk-data" / "disputedesk.sqlite3").is_file()
    assert not any((tmp_path / "home").rglob("disputedesk.sqlite3"))

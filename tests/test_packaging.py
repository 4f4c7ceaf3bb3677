"""Packaging pieces that need no frozen build: one version everywhere, the icons generated
from the one source image, the installer's promises (per-user, data left alone), and the
self-test from source (the same code the frozen build runs)."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

from PIL import Image

import disputedesk

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"


def pyproject_version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]


def test_the_package_says_the_version_pyproject_gives():
    # The spec stamps pyproject's version on the .exe, Info.plist and installer names;
    # `DisputeDesk --version` and the About box show disputedesk.__version__.
    assert disputedesk.__version__ == pyproject_version()


def test_icons_are_generated_from_the_source_image(tmp_path):
    sys.path.insert(0, str(PACKAGING))
    try:
        from make_icons import make_icons
    finally:
        sys.path.remove(str(PACKAGING))
    ico, icns = make_icons(tmp_path)
    with Image.open(ico) as image:
        assert image.format == "ICO"
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(image.info["sizes"])
    with Image.open(icns) as image:
        assert image.format == "ICNS"
        assert (512, 512, 2) in image.info["sizes"]  # 1024 px Retina


def test_inno_setup_script_installs_per_user_and_keeps_the_data():
    text = (PACKAGING / "windows" / "DisputeDesk.iss").read_text("utf-8")
    assert re.search(r"^PrivilegesRequired=lowest$", text, re.M)
    assert re.search(r"^DefaultDirName=\{autopf\}", text, re.M)
    assert re.search(r'^Name: "desktopicon".*Flags: unchecked', text, re.M)
    assert re.search(r"^Name: \"\{autoprograms\}", text, re.M)
    deleted = re.findall(r'^Type: filesandordirs; Name: "([^"]+)"', text, re.M)
    assert deleted and all(name.startswith("{app}\\_internal") for name in deleted), deleted
    assert "French.isl" in text


def test_self_test_from_source_passes(tmp_path):
    report = tmp_path / "report.txt"
    result = subprocess.run(
        [sys.executable, "-m", "disputedesk", "--self-test", "--report", str(report)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**_clean_env(), "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    text = report.read_text("utf-8")
    assert "(source," in text
    assert re.search(r"^ok pdf-letter \d+ ms \(notice_to_pay .* page", text, re.M), text
    assert text.rstrip().splitlines()[-1].startswith("self-test passed")


def test_self_test_reports_a_failure_with_exit_1(tmp_path, monkeypatch):
    from disputedesk import selftest

    def broken(self):
        raise RuntimeError("a data file is missing")

    # The first step fails: no window is made in this (shared, test-suite) QApplication.
    monkeypatch.setattr(selftest.SelfTest, "open_store", broken)
    report = tmp_path / "report.txt"
    assert selftest.main(["--self-test", "--report", str(report)]) == 1
    text = report.read_text("utf-8")
    assert "FAILED" in text and "a data file is missing" in text
    assert "self-test passed" not in text
    assert "ok migrations" not in text


def _clean_env() -> dict[str, str]:
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("DISPUTEDESK_")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env

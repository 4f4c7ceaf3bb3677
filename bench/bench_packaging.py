"""Packaging figures: launch-to-window time frozen vs from source, onedir size, and (with
--exclusions) what each excluded Qt module and each data filter of the spec saves.

    python bench/bench_packaging.py                 # start-up times (+ size when built)
    python bench/bench_packaging.py --runs 5
    python bench/bench_packaging.py --exclusions    # rebuilds: about 2 min per build

Launch-to-window: the program is started with `--self-test` (a fresh data folder, so the
migrations run as at a first launch) and the clock stops when it prints `ok window-shown`,
i.e. when the main window has been shown (offscreen). Runs alternate frozen/source and the
median is printed, with the migration share reported by the self-test itself.
Exclusions: a build with every exclusion (the spec as shipped) against builds keeping one
excluded Qt module each (DISPUTEDESK_KEEP_QT), only for the modules that a build with no
exclusion at all really contains; the Qt translations and Babel locales filters are
measured by the files they drop.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist" / "DisputeDesk"
EXE = DIST / ("DisputeDesk.exe" if sys.platform == "win32" else "DisputeDesk")
PY = sys.executable


def env() -> dict[str, str]:
    e = {k: v for k, v in os.environ.items() if not k.startswith("DISPUTEDESK_")}
    e["QT_QPA_PLATFORM"] = "offscreen"
    return e


def launch_to_window(cmd: list[str]) -> tuple[float, float]:
    """Seconds from launch to `ok window-shown`, and the migrations' share (seconds)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env(), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    shown = None
    migrations = 0.0
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("ok migrations"):
            migrations = int(line.split()[2]) / 1000
        if line.startswith("ok window-shown"):
            shown = time.perf_counter() - t0
    if proc.wait() != 0 or shown is None:
        raise SystemExit(f"{cmd} failed (exit {proc.returncode})")
    return shown, migrations


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def mb(n: float) -> str:
    return f"{n / 1e6:.1f} MB"


def startup(runs: int) -> None:
    variants = {"source": [PY, "-m", "disputedesk", "--self-test"]}
    if EXE.is_file():
        variants["frozen"] = [str(EXE), "--self-test"]
        print(f"onedir {DIST}: {mb(du(DIST))} ({sum(1 for _ in DIST.rglob('*'))} files)")
    else:
        print(f"no frozen build at {DIST} (make dist): source only")
    times: dict[str, list[tuple[float, float]]] = {k: [] for k in variants}
    launch_to_window(variants["source"])  # warm the file cache and bytecode once
    for _ in range(runs):
        for name, cmd in variants.items():
            times[name].append(launch_to_window(cmd))
    for name, values in times.items():
        shown = statistics.median(v[0] for v in values)
        mig = statistics.median(v[1] for v in values)
        all_runs = ", ".join(f"{v[0]:.2f}" for v in values)
        rest = statistics.median(v[0] - v[1] for v in values)
        print(
            f"launch-to-window {name:6}: median {shown:.2f} s over {runs} runs, "
            f"{rest:.2f} s without the migrations of a new folder ({mig:.2f} s); "
            f"runs: {all_runs}"
        )
    if "frozen" in times:
        ratio = statistics.median(v[0] for v in times["frozen"]) / statistics.median(
            v[0] for v in times["source"]
        )
        rest = statistics.median(v[0] - v[1] for v in times["frozen"]) / statistics.median(
            v[0] - v[1] for v in times["source"]
        )
        print(f"frozen / source: {ratio:.2f} ({rest:.2f} without the migrations)")
    print(f"load average during the runs: {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores)")


def build(name: str, extra_env: dict[str, str]) -> Path:
    out = ROOT / "build" / "bench-packaging" / name
    e = os.environ.copy()
    e.update(extra_env)
    subprocess.run(
        [
            PY,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "ERROR",
            "--distpath",
            str(out / "dist"),
            "--workpath",
            str(out / "work"),
            str(ROOT / "packaging" / "disputedesk.spec"),
        ],
        cwd=ROOT,
        env=e,
        check=True,
    )
    return out / "dist" / "DisputeDesk"


def qt_modules(dist: Path) -> set[str]:
    pyside = dist / "_internal" / "PySide6"
    return {p.name.split(".")[0] for p in pyside.glob("Qt*") if p.suffix in {".so", ".pyd"}}


def spec_exclusions() -> list[str]:
    text = (ROOT / "packaging" / "disputedesk.spec").read_text(encoding="utf-8")
    block = text[text.index("EXCLUDED_QT = [") : text.index("]", text.index("EXCLUDED_QT = ["))]
    return re.findall(r'"(Qt\w+)"', block)


def exclusions() -> None:
    t0 = time.perf_counter()
    shipped = build("shipped", {})
    base = du(shipped)
    print(f"shipped build: {mb(base)}")
    everything = build(
        "no-exclusions",
        {
            "DISPUTEDESK_KEEP_QT": ",".join(spec_exclusions()),
            "DISPUTEDESK_ALL_QT_TRANSLATIONS": "1",
            "DISPUTEDESK_ALL_BABEL_LOCALES": "1",
            "DISPUTEDESK_NO_STRIP": "1",
        },
    )
    print(f"build with no exclusion, filter or strip: {mb(du(everything))}")
    pulled = sorted(qt_modules(everything) - qt_modules(shipped))
    print(f"excluded Qt modules a build would otherwise contain: {', '.join(pulled) or 'none'}")
    for module in spec_exclusions():
        if module not in pulled:
            continue
        kept = build(f"keep-{module}", {"DISPUTEDESK_KEEP_QT": module})
        print(f"  excluding {module:18} saves {mb(du(kept) - base)}")
    others = [m for m in spec_exclusions() if m not in pulled]
    print(f"  excluding {', '.join(others)}: 0 (not installed or not pulled in; kept as guards)")
    qt_tr = build("all-qt-translations", {"DISPUTEDESK_ALL_QT_TRANSLATIONS": "1"})
    print(f"  Qt translations French only saves {mb(du(qt_tr) - base)}")
    babel = build("all-babel-locales", {"DISPUTEDESK_ALL_BABEL_LOCALES": "1"})
    print(f"  Babel locales fr/en/de only saves {mb(du(babel) - base)}")
    if sys.platform.startswith("linux"):
        unstripped = build("no-strip", {"DISPUTEDESK_NO_STRIP": "1"})
        print(f"  stripping the Linux libraries saves {mb(du(unstripped) - base)}")
    print(f"({time.perf_counter() - t0:.0f} s of builds)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--exclusions", action="store_true", help="rebuild to measure savings")
    args = parser.parse_args()
    startup(args.runs)
    if args.exclusions:
        exclusions()
    return 0


if __name__ == "__main__":
    sys.exit(main())

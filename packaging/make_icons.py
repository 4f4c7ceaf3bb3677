"""Generate the Windows .ico and the macOS .icns from the one source image.

    python packaging/make_icons.py [OUT_DIR]      (default: build/icons)

The source is `packaging/icons/disputedesk.png` (1024×1024, transparent corners). Pillow
writes both formats on any system, so the Windows and macOS runners and `make dist` use the
same script; the generated files are build products, not committed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "icons" / "disputedesk.png"
ICO_SIZES = [(16, 16), (20, 20), (24, 24), (32, 32), (40, 40), (48, 48), (64, 64), (256, 256)]
ICNS_SIZES = [(16, 16), (32, 32), (64, 64), (128, 128), (256, 256), (512, 512), (1024, 1024)]


def make_icons(out_dir: Path) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    image = Image.open(SOURCE).convert("RGBA")
    if image.size != (1024, 1024):
        raise SystemExit(f"{SOURCE} must be 1024×1024, not {image.size}")
    ico = out_dir / "disputedesk.ico"
    icns = out_dir / "disputedesk.icns"
    image.save(ico, format="ICO", sizes=ICO_SIZES)
    image.save(icns, format="ICNS", sizes=ICNS_SIZES)
    return ico, icns


def main(argv: list[str]) -> int:
    out_dir = Path(argv[0]) if argv else HERE.parent / "build" / "icons"
    for path in make_icons(out_dir):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Translation catalogues: extract, update, check and compile (Babel).

Each area of the code owns one catalogue ("domain") per language, so people working on
different areas never edit the same file:

    python tools/i18n.py update DOMAIN [PATH ...]
                                         # add to DOMAIN.po every new msgid (one no catalogue
                                         # has yet) found in the PATHs (default: the whole
                                         # tree); drop from DOMAIN.po what the code no longer
                                         # uses
    python tools/i18n.py check           # untranslated, missing, placeholder mismatches
    python tools/i18n.py compile         # .po -> .mo (the app also reads .po directly)

English is the source language: French catalogues must translate everything.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "disputedesk"
LOCALE = SOURCE / "i18n" / "locale"
LANGS = ("fr",)
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
PLACEHOLDER = re.compile(r"\{[a-zA-Z_][a-zA-Z0-9_]*\}")


def extract() -> Catalog:
    cat = Catalog(project="DisputeDesk")
    method_map = [("**.py", "python")]
    for filename, lineno, message, comments, context in extract_from_dir(
        str(SOURCE), method_map, keywords=KEYWORDS
    ):
        cat.add(
            message,
            None,
            [(f"disputedesk/{filename}", lineno)],
            auto_comments=comments,
            context=context,
        )
    return cat


def po_files(lang: str) -> list[Path]:
    return sorted((LOCALE / lang / "LC_MESSAGES").glob("*.po"))


def _read(path: Path) -> Catalog:
    with open(path, "rb") as fh:
        return read_po(fh, locale=path.parent.parent.name)


def _write(path: Path, cat: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        write_po(fh, cat, width=100, omit_header=False, sort_output=True, include_lineno=False)


def _key(msg) -> tuple:
    mid = msg.id if isinstance(msg.id, str) else msg.id[0]
    return (mid, msg.context)


def _under(msg, prefixes: tuple[str, ...]) -> bool:
    return not prefixes or any(
        loc.startswith(prefix) for loc, _line in msg.locations for prefix in prefixes
    )


def update(domain: str, paths: tuple[str, ...] = ()) -> None:
    source = extract()
    wanted = {_key(m): m for m in source if m.id}
    prefixes = tuple(p.rstrip("/") for p in paths)
    for lang in LANGS:
        target = LOCALE / lang / "LC_MESSAGES" / f"{domain}.po"
        others = set()
        for p in po_files(lang):
            if p != target:
                others |= {_key(m) for m in _read(p) if m.id}
        cat = (
            _read(target)
            if target.exists()
            else Catalog(locale=lang, project="DisputeDesk", domain=domain)
        )
        have = {_key(m) for m in cat if m.id}
        for key in list(have):
            if key not in wanted:
                cat.delete(key[0], context=key[1])
        added = 0
        for key, msg in wanted.items():
            if key not in have and key not in others and _under(msg, prefixes):
                cat.add(msg.id, "" if isinstance(msg.id, str) else ("", ""), context=msg.context)
                added += 1
        _write(target, cat)
        print(f"{target.relative_to(ROOT)}: {added} new message(s) to translate")


def check() -> list[str]:
    source = extract()
    wanted = {_key(m): m for m in source if m.id}
    problems = []
    for lang in LANGS:
        seen: dict[tuple, Path] = {}
        for path in po_files(lang):
            for msg in _read(path):
                if not msg.id:
                    continue
                key = _key(msg)
                if key in seen:
                    problems.append(f"{lang}: {key[0]!r} in both {seen[key].name} and {path.name}")
                seen[key] = path
                strs = msg.string if isinstance(msg.string, (list, tuple)) else [msg.string]
                ids = msg.id if isinstance(msg.id, (list, tuple)) else [msg.id]
                if key in wanted and not all(strs):
                    problems.append(f"{lang}/{path.name}: untranslated {key[0]!r}")
                    continue
                want = set(PLACEHOLDER.findall(" ".join(ids)))
                for s in strs:
                    if s and set(PLACEHOLDER.findall(s)) != want:
                        problems.append(f"{lang}/{path.name}: placeholders differ in {s!r}")
        for key in wanted:
            if key not in seen:
                problems.append(f"{lang}: missing {key[0]!r}")
    return problems


def compile_all() -> None:
    for lang in LANGS:
        for path in po_files(lang):
            cat = _read(path)
            with open(path.with_suffix(".mo"), "wb") as fh:
                write_mo(fh, cat, use_fuzzy=False)


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "update":
        update(argv[1], tuple(argv[2:]))
        return 0
    if argv == ["check"]:
        problems = check()
        for p in problems:
            print(p)
        print(f"{len(problems)} problem(s)")
        return 1 if problems else 0
    if argv == ["compile"]:
        compile_all()
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

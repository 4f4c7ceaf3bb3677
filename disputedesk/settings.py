"""User settings: one typed object, defaults in one place, stored as JSON in the data folder.

Window geometry and other UI state are kept apart (paths.ui_state_file), so that business
settings can be exported or reset without touching the layout.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

from disputedesk.i18n import SUPPORTED_LANGUAGES


@dataclass(frozen=True, slots=True)
class Settings:
    language: str | None = None  # None = follow the system (French if French, else English)
    backup_keep_daily: int = 7
    backup_keep_weekly: int = 4
    backup_keep_monthly: int = 12
    retention_years: int = 5  # propose erasing customers closed longer ago (GDPR)

    def with_changes(self, **changes) -> Settings:
        return _sanitised(replace(self, **changes))


def _sanitised(s: Settings) -> Settings:
    defaults = Settings()
    lang = s.language if s.language in SUPPORTED_LANGUAGES else None
    ints = {}
    for f in fields(Settings):
        value = getattr(s, f.name)
        if f.type == "int":
            ints[f.name] = (
                value
                if isinstance(value, int) and 0 <= value <= 1000
                else getattr(defaults, f.name)
            )
    return replace(s, language=lang, **ints)


def load_settings(path: Path) -> Settings:
    """Unknown keys are ignored and bad values fall back to defaults: a damaged settings file
    must never stop the shop from opening its data. A damaged file is kept aside."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        try:
            os.replace(path, path.with_name(path.name + ".damaged"))
        except OSError:
            pass
        return Settings()
    if not isinstance(raw, dict):
        return Settings()
    known = {f.name for f in fields(Settings)}
    try:
        return _sanitised(Settings(**{k: v for k, v in raw.items() if k in known}))
    except TypeError:
        return Settings()


def save_settings(path: Path, settings: Settings) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(json.dumps(asdict(settings), indent=2), encoding="utf-8")
    os.replace(tmp, path)

"""Printing helpers for commands: JSON for scripts, aligned text for people."""

from __future__ import annotations

import dataclasses
import json
import sys
from datetime import date, datetime
from enum import Enum
from typing import Any

from disputedesk.domain.money import Money


def to_jsonable(value: Any) -> Any:
    if isinstance(value, Money):
        return {"minor": value.minor, "currency": value.currency}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    return value


def print_json(value: Any) -> None:
    json.dump(to_jsonable(value), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def print_table(headers: list[str], rows: list[list[str]]) -> None:
    widths = [len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = min(max(widths[i], len(cell)), 60)
    line = "  ".join(h.ljust(widths[i]) for i, h in enumerate(headers))
    print(line.rstrip())
    for row in rows:
        print("  ".join(c[:60].ljust(widths[i]) for i, c in enumerate(row)).rstrip())

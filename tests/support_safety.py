"""Hostile input for the fuzz tests: adversarial text, absurd dates and amounts, and the
fuzzing budget (examples per property).

Budget: DISPUTEDESK_FUZZ_EXAMPLES (default 100 per property in `make test`, fewer for the
properties that build a data folder or a PDF per example); `fuzz()` also makes a copy of each
property marked slow with DEEP_FACTOR times the examples, run by `make test-slow` and CI.
"""

from __future__ import annotations

import os
import shutil
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("DISPUTEDESK_FUZZ_EXAMPLES", "100"))
DEEP_FACTOR = 10


def budget(n: int | None = None, *, deep: bool = False) -> settings:
    """Hypothesis settings: no deadline (machines vary; no timed assertions), fixtures reused
    across examples on purpose (each example makes its own records). `n` is a share of
    EXAMPLES in percent when given (expensive properties run fewer examples)."""
    count = EXAMPLES if n is None else max(5, EXAMPLES * n // 100)
    return settings(
        max_examples=count * (DEEP_FACTOR if deep else 1),
        deadline=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
        ],
        derandomize=False,
        print_blob=True,
    )


def fuzz(*strategies, share: int | None = None):
    """Decorate a property's body: returns (quick test, deep test marked slow)."""

    def make(body):
        quick = budget(share)(given(*strategies)(body))
        deep = pytest.mark.slow(budget(share, deep=True)(given(*strategies)(body)))
        return quick, deep

    return make


# Text a customer, a copy-paste from a web page or a malicious file could bring in.
NASTY = [
    "",
    " ",
    "R&D",
    "a<b",
    "<b>gras</b>",
    "</para><para>",
    "<font name='Helvetica' size='400'>x</font>",
    "<img src='/etc/passwd'/>",
    "<a href='javascript:alert(1)'>clic</a>",
    "&amp; &lt; &#0; &#xD800; &bogus;",
    "]]><!--",
    "l'apostrophe « guillemets » — tiret…",
    "\x00",
    "avant\x00après",
    "\x01\x02\x07\x08\x0b\x0c\x1b[31m\x1f\x7f\x80\x9f",
    "\r\n\r\n\t\t",
    "\u2028\u2029\u0085",
    "\u202eevil\u202c",  # right-to-left override
    "\u200f\u200e\u200b\u2060\ufeff",
    "مرحبا بالعالم",  # Arabic, RTL
    "שלום עולם",  # Hebrew, RTL
    "𝕳𝖊𝖑𝖑𝖔 𝒳",  # mathematical alphanumerics (plane 1)
    "🧾👨‍👩‍👧‍👦🇫🇷🏳️‍🌈",
    "\U00020000\U0002a6d6",  # plane 2 CJK
    "\U000e0001\U000e007f",  # plane 14 tags
    "\U000f0000\U0010fffd",  # private use planes 15-16
    "\ufffe\uffff",
    "e\u0301\u0301\u0301\u0301\u0301",  # stacked combining marks
    "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇",
    "'; DROP TABLE customer; --",
    "{name} {0} %s %(x)s {{}}",
    "\\\\server\\share\\..\\..\\x",
    "../../etc/passwd",
    "CON",
    "nul.txt",
    "ﷺ" * 50,
    "W" * 5000,
    "mot " * 3000,
    "x" * 200_001,
]

_any_char = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=("Cs",))


@st.composite
def hostile_text(draw, max_size: int = 300) -> str:
    """Random text from every Unicode plane mixed with known-nasty pieces."""
    parts = draw(
        st.lists(
            st.one_of(
                st.sampled_from(NASTY),
                st.text(_any_char, max_size=max_size),
                st.text(st.sampled_from("<>&'\"\x00\n\t;/\\ é€"), max_size=40),
            ),
            min_size=1,
            max_size=4,
        )
    )
    return "".join(parts)


# Dates: the valid range edges, far past and far future, every tzinfo.
absurd_dates = st.one_of(
    st.dates(),
    st.sampled_from(
        [
            date.min,
            date.max,
            date(1969, 12, 31),
            date(1970, 1, 1),
            date(2200, 12, 31),
            date(2201, 1, 1),
            date(2000, 2, 29),
        ]
    ),
)

absurd_datetimes = st.one_of(
    st.datetimes(timezones=st.just(UTC)),
    st.datetimes(timezones=st.timezones()),
    st.datetimes(),  # naive
    st.builds(
        lambda d, h: datetime(d.year, d.month, d.day, tzinfo=timezone(timedelta(hours=h))),
        absurd_dates,
        st.integers(-23, 23),
    ),
)

absurd_minor = st.one_of(
    st.integers(),
    st.sampled_from([0, 1, -1, 10**13, 10**13 + 1, -(10**13), 2**63 - 1, 2**63, -(2**63), 10**40]),
)

amount_texts = st.one_of(
    hostile_text(40),
    st.sampled_from(
        [
            "1 234,56",
            "1 234,56 €",
            "1.234,56",
            "1,234.56",
            "-0,00",
            "1e308",
            "1e-308",
            "NaN",
            "Infinity",
            "-inf",
            "٣٤٥",  # Arabic-Indic digits
            "１２３",  # full-width digits
            "12,345,678,901,234,567,890",
            "0x10",
            "1_000",
            "12,3456",
            "9" * 400,
        ]
    ),
)


def fresh_folder(template: Path, parent: Path, name: str) -> Path:
    """A new data folder copied from a migrated template (fast)."""
    root = parent / name
    shutil.copytree(template, root, ignore=shutil.ignore_patterns("*.lock"))
    return root

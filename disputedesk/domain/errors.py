"""The one error type services raise: a field name and a translatable message."""

from __future__ import annotations

from typing import Any


class DisputeDeskError(Exception):
    """A problem the user can understand and fix.

    `message` is an English msgid marked with N_(); `params` fill its `{named}` placeholders.
    `str(err)` translates it in the UI language at the moment it is shown.
    """

    def __init__(self, message: str, *, field: str | None = None, **params: Any) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.params = params

    def translated(self, gettext=None) -> str:
        if gettext is None:
            from disputedesk.i18n import _ as gettext
        text = gettext(self.message)
        try:
            return text.format(**self.params)
        except (KeyError, IndexError, ValueError):
            return text

    def __str__(self) -> str:
        return self.translated()


class ValidationError(DisputeDeskError):
    """Input refused; nothing was changed."""


class NotFoundError(DisputeDeskError):
    """The record asked for does not exist (any more)."""


class StoreError(DisputeDeskError):
    """The data folder or database cannot be used as it is."""

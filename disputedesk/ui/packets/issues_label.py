"""A label listing what blocks a wizard step (red), what to know (orange) and notes."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from disputedesk.domain.packets import Level, PacketIssue

COLOURS = {Level.ERROR: "#a40000", Level.WARNING: "#8a5a00", Level.INFO: "#444444"}


class IssuesLabel(QLabel):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("issues")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def show_issues(self, issues: list[PacketIssue]) -> None:
        # Rich text: every message is escaped (an apostrophe or "<" must print as typed).
        lines = [
            f'<p style="color:{COLOURS[i.level]}">{escape(i.translated())}</p>' for i in issues
        ]
        self.setText("".join(lines))
        self.setVisible(bool(lines))

    def plain(self) -> str:
        return self.text()

"""What building a referral packet ends with: the packet, a cancellation, rejected exhibits.

Kept apart from packet_builder (pypdf, ReportLab, Pillow) so the services, the command line
and the window can name these without loading the PDF libraries at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from disputedesk.documents.packet_exhibits import ExhibitProblem


class PacketCancelled(Exception):
    """The owner cancelled; nothing was written."""


class ExhibitsRejected(Exception):
    """Some exhibits cannot go into the packet; each names its file and the reason."""

    def __init__(self, problems: list[ExhibitProblem]) -> None:
        super().__init__(", ".join(p.source.file_name for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class BuiltPacket:
    path: Path
    page_count: int
    front_pages: int
    cover_pages: int
    exhibit_first_pages: tuple[int, ...]
    exhibit_pages: tuple[int, ...]

"""Edits as data: a character range of the file's text and what replaces it.

Every fix is a list of edits; nothing outside their ranges changes, so comments, key order,
indentation, quoting and line endings elsewhere stay byte-for-byte.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from dataclasses import dataclass

from mcplint.model import Span


@dataclass(frozen=True)
class Edit:
    start: int
    """Offset of the first replaced character in the text."""
    end: int
    """Offset one past the last replaced character (``start`` for an insertion)."""
    text: str


class Offsets:
    """Line/column (1-based, as in spans) to offsets into a text, and back."""

    def __init__(self, text: str) -> None:
        self.text = text
        starts = [0]
        found = text.find("\n")
        while found >= 0:
            starts.append(found + 1)
            found = text.find("\n", found + 1)
        self.starts = starts

    def at(self, line: int, column: int) -> int:
        if line - 1 >= len(self.starts):
            return len(self.text)
        return min(self.starts[line - 1] + column - 1, len(self.text))

    def span(self, span: Span) -> tuple[int, int]:
        return self.at(span.line, span.column), self.at(span.end_line, span.end_column)

    def line_start(self, offset: int) -> int:
        return self.text.rfind("\n", 0, offset) + 1

    def line_end(self, offset: int) -> int:
        """Offset just past the line's newline (or the text's end)."""
        found = self.text.find("\n", offset)
        return len(self.text) if found < 0 else found + 1

    def newline(self) -> str:
        """The file's own line ending (CRLF files get CRLF in inserted lines)."""
        return "\r\n" if "\r\n" in self.text else "\n"


def _key(edit: Edit) -> tuple[int, int]:
    return edit.start, edit.end


def _clash(a: Edit, b: Edit) -> bool:
    """Whether ``b``, which sorts after ``a``, overlaps it (two insertions at one place do)."""
    return b.start < a.end or a.start == a.end == b.start == b.end


def overlapping(edits: list[Edit]) -> bool:
    ordered = sorted(edits, key=_key)
    return any(_clash(a, b) for a, b in zip(ordered, ordered[1:]))


class Plan:
    """Edits that do not overlap, in order. A fix's edits are checked against their neighbours
    only: a pass over a file with thousands of findings must not compare every fix with every
    edit planned before it."""

    def __init__(self) -> None:
        self.edits: list[Edit] = []

    def fits(self, edits: list[Edit]) -> bool:
        """Whether ``edits`` overlap neither each other nor the plan."""
        if overlapping(edits):
            return False
        planned = self.edits
        for edit in edits:
            k = bisect_left(planned, _key(edit), key=_key)
            if (k and _clash(planned[k - 1], edit)) or (k < len(planned) and _clash(edit, planned[k])):
                return False
        return True

    def add(self, edits: list[Edit]) -> None:
        for edit in edits:
            insort(self.edits, edit, key=_key)


def apply(text: str, edits: list[Edit]) -> str:
    """``text`` with ``edits`` applied (which must not overlap), in one pass."""
    pieces: list[str] = []
    at = 0
    for edit in sorted(edits, key=_key):
        pieces += (text[at:edit.start], edit.text)
        at = edit.end
    pieces.append(text[at:])
    return "".join(pieces)

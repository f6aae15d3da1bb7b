"""Edits as data: a character range of the file's text and what replaces it.

Every fix is a list of edits; nothing outside their ranges changes, so comments, key order,
indentation, quoting and line endings elsewhere stay byte-for-byte.
"""

from __future__ import annotations

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
        for i, ch in enumerate(text):
            if ch == "\n":
                starts.append(i + 1)
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


def overlapping(edits: list[Edit]) -> bool:
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    return any(b.start < a.end or (a.start == a.end == b.start == b.end) for a, b in zip(ordered, ordered[1:]))


def apply(text: str, edits: list[Edit]) -> str:
    """``text`` with ``edits`` applied (which must not overlap), right to left."""
    out = text
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        out = out[: edit.start] + edit.text + out[edit.end :]
    return out

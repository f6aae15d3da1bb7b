"""Offsets in a text -> 1-based (line, column) and Spans, shared by every loader.

Lines end at ``\\n`` only (a CRLF's ``\\r`` belongs to the line it ends), the way editors and
GitHub count them; columns count code points. The line index can be built on first use, so a
file whose positions are never asked for does not pay for it.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from mcplint.model import Span


class Positions:
    def __init__(self, text: str, lazy: bool = False) -> None:
        self.text = text
        self._starts: list[int] | None = None if lazy else self._line_starts(text)

    @staticmethod
    def _line_starts(text: str) -> list[int]:
        starts = [0]
        starts.extend(m.end() for m in re.finditer("\n", text))
        return starts

    @property
    def starts(self) -> list[int]:
        """Offset at which each line starts."""
        if self._starts is None:
            self._starts = self._line_starts(self.text)
        return self._starts

    def at(self, offset: int) -> tuple[int, int]:
        starts = self.starts
        index = bisect_right(starts, offset) - 1
        return index + 1, offset - starts[index] + 1

    def span(self, start: int, end: int) -> Span:
        starts = self.starts
        first = bisect_right(starts, start) - 1
        last = bisect_right(starts, end, first) - 1
        return Span(first + 1, start - starts[first] + 1, last + 1, end - starts[last] + 1)

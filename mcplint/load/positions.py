"""Offsets in a text -> 1-based (line, column) and Spans, shared by every loader.

Lines end at ``\\n``, ``\\r\\n`` or a lone ``\\r`` (a CRLF's ``\\r`` belongs to the line it ends), the
way editors and GitHub count them; columns count code points. Texts without a lone ``\\r`` (nearly
all, CRLF ones included) are answered by counting ``\\n``; a text with one (old Mac line endings)
always goes through the index of line starts. The line index is built on first use, and
``OffsetSpans`` turns offsets into Spans only when one is asked for: most files have no finding,
so most positions are never read.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Callable, Sequence

from mcplint._lazyre import lazy_compile
from mcplint.model import Pointer, Span

_NEWLINE = lazy_compile("\n")
_BREAK = lazy_compile("\r\n?|\n")
"""A line break when the text has a lone CR."""


def has_lone_cr(text: str) -> bool:
    """Whether a ``\\r`` in ``text`` ends a line on its own (not as part of ``\\r\\n``)."""
    return "\r" in text and text.count("\r") != text.count("\r\n")


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` as positions count them (a CRLF line keeps its ``\\r``)."""
    return _BREAK.split(text) if has_lone_cr(text) else text.split("\n")


def line_column(text: str, offset: int) -> tuple[int, int]:
    """The 1-based (line, column) of ``offset`` in ``text``, for a single position (an error)."""
    return Positions(text, lazy=True).at(offset)


class Positions:
    """Line and column of offsets in ``text``.

    The first few questions are answered by counting line breaks before the offset (C string
    methods, a few instructions a character); once those counts have covered the text a few
    times, an index of line starts is built and searched instead. A file with a finding or two
    never pays for the index (building it costs ~15 counts of the whole text).
    """

    __slots__ = ("text", "_starts", "_budget")

    def __init__(self, text: str, lazy: bool = False) -> None:
        self.text = text
        lone_cr = has_lone_cr(text)
        self._starts: list[int] | None = None if lazy and not lone_cr else self._line_starts(text, lone_cr)
        self._budget = _COUNTED_TEXTS * len(text) + _COUNTED_MIN
        """Characters direct counts may still scan before the index is built."""

    @staticmethod
    def _line_starts(text: str, lone_cr: bool = False) -> list[int]:
        """Offsets after each line break (``\\n``; also a lone ``\\r`` when the text has one)."""
        starts = [0]
        starts += [match.end() for match in (_BREAK if lone_cr else _NEWLINE).finditer(text)]
        return starts

    @property
    def starts(self) -> list[int]:
        """Offset at which each line starts."""
        if self._starts is None:
            self._starts = self._line_starts(self.text)
        return self._starts

    def _counted(self, offset: int) -> bool:
        """Whether to answer for ``offset`` by counting (and charge the budget for it)."""
        if self._starts is not None or not 0 <= offset <= self._budget:
            return False
        self._budget -= offset + _COUNT_CALL
        return True

    def at(self, offset: int) -> tuple[int, int]:
        if self._counted(offset):
            text = self.text
            line_start = text.rfind("\n", 0, offset) + 1
            return text.count("\n", 0, line_start) + 1, offset - line_start + 1
        starts = self.starts
        index = bisect_right(starts, offset) - 1
        return index + 1, offset - starts[index] + 1

    def at_each(self, offsets: Iterable[int]) -> Iterator[tuple[int, int]]:
        """``at`` of each of ``offsets``, given in ascending order: line breaks are counted from
        one offset to the next, once over the text, without building the index (comments)."""
        if self._starts is not None:  # built: always so for a text with a lone CR
            yield from map(self.at, offsets)
            return
        text, line, previous, line_start = self.text, 1, 0, 0
        for offset in offsets:
            line += text.count("\n", previous, offset)
            # look back only to the previous offset: many offsets on one long line stay linear
            line_start = text.rfind("\n", previous, offset) + 1 or line_start
            previous = offset
            yield line, offset - line_start + 1

    def span(self, start: int, end: int) -> Span:
        if start <= end and self._counted(end):
            text = self.text
            first_start = text.rfind("\n", 0, start) + 1
            last_start = text.rfind("\n", start, end) + 1 or first_start
            first = text.count("\n", 0, first_start) + 1
            last = first + text.count("\n", first_start, last_start)
            return Span(first, start - first_start + 1, last, end - last_start + 1)
        starts = self.starts
        first = bisect_right(starts, start) - 1
        last = bisect_right(starts, end, first) - 1
        return Span(first + 1, start - starts[first] + 1, last + 1, end - starts[last] + 1)


_COUNTED_TEXTS, _COUNTED_MIN, _COUNT_CALL = 8, 8192, 600
"""Direct counts may scan this many times the text (plus a little) before the line index is
built, each answer charged as ``_COUNT_CALL`` more characters for its calls: counting costs a
few instructions a character, the index ~100 a line (so a small text gets ~15 direct answers)."""


class OffsetSpans(Mapping[Pointer, Span]):
    """Pointer -> Span over a dict of pointer -> (start, end) offsets, converted when read.

    Acts as the dict of Spans it stands for (``get``, ``in``, iteration, ``len``, equality); a
    loader fills the offsets and no span nobody asks for is converted. ``offsets`` may be given
    as a function, called on first use: a loader that finds positions in a pass of its own
    (TOML) then runs that pass only for a file whose positions are read.
    """

    __slots__ = ("_offsets", "positions")

    def __init__(self, offsets: dict[Pointer, Sequence[int]] | Callable[[], dict[Pointer, Sequence[int]]],
                 positions: Positions) -> None:
        self._offsets = offsets
        self.positions = positions

    @property
    def offsets(self) -> dict[Pointer, Sequence[int]]:
        offsets = self._offsets
        if not isinstance(offsets, dict):
            offsets = self._offsets = offsets()
        return offsets

    def __getitem__(self, pointer: Pointer) -> Span:
        start, end = self.offsets[pointer]
        return self.positions.span(start, end)

    def get(self, pointer: Pointer, default: Any = None) -> Any:  # type: ignore[override]
        found = self.offsets.get(pointer)
        return default if found is None else self.positions.span(found[0], found[1])

    def __contains__(self, pointer: object) -> bool:
        return pointer in self.offsets

    def __iter__(self) -> Iterator[Pointer]:
        return iter(self.offsets)

    def __len__(self) -> int:
        return len(self.offsets)

    def __repr__(self) -> str:
        return repr(dict(self.items()))

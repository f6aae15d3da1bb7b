"""Unified diffs of fixed files (``scan --diff``), in time that grows with the file, not its square.

difflib's matcher takes the first of the longest matching blocks and goes on with what is left
on each side. A fix that changes one line in each of thousands of servers leaves blocks of equal
length all over the file: the first is always taken, the rest is matched again, and the time
grows with the square of the file (4,000 servers: half a minute). So the lines that occur once
in each text and are equal, in the longest order both texts agree on (patience diff's anchors),
cut the texts into small gaps first, and difflib matches inside each gap.
"""

from __future__ import annotations

import difflib
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator, Sequence

CONTEXT = 3
"""Unchanged lines shown around each change, as ``diff -u`` and git show them."""


def unified_diff(before: Sequence[str], after: Sequence[str], from_name: str, to_name: str) -> Iterator[str]:
    """The lines (with their line ends) of the unified diff of two lists of lines, as
    ``difflib.unified_diff`` writes it; nothing when they are equal."""
    groups = _Matcher(None, before, after).get_grouped_opcodes(CONTEXT)
    for index, group in enumerate(groups):
        if index == 0:
            yield f"--- {from_name}\n"
            yield f"+++ {to_name}\n"
        first, last = group[0], group[-1]
        yield f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@\n"
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                yield from (" " + line for line in before[i1:i2])
                continue
            yield from ("-" + line for line in before[i1:i2])
            yield from ("+" + line for line in after[j1:j2])


def _range(start: int, stop: int) -> str:
    """A hunk's range as unified diffs write it (``3`` for one line, ``3,0`` for none after line 3)."""
    length = stop - start
    if length == 1:
        return str(start + 1)
    return f"{start + 1 if length else start},{length}"


def anchors(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int]]:
    """(i, j) of the lines found once in ``a`` and once in ``b`` and equal, the longest series
    whose positions increase in both (patience sorting: a binary search per line)."""
    count_a, count_b = Counter(a), Counter(b)
    in_b = {line: j for j, line in enumerate(b) if count_b[line] == 1}
    pairs = [(i, in_b[line]) for i, line in enumerate(a) if count_a[line] == 1 and line in in_b]
    tails: list[int] = []
    """tails[k]: the smallest ``j`` that ends an increasing series of k + 1 pairs so far."""
    ends: list[int] = []
    """ends[k]: the index in ``pairs`` of that pair."""
    previous = [-1] * len(pairs)
    for index, (_, j) in enumerate(pairs):
        k = bisect_left(tails, j)
        if k == len(tails):
            tails.append(j)
            ends.append(index)
        else:
            tails[k], ends[k] = j, index
        previous[index] = ends[k - 1] if k else -1
    series: list[tuple[int, int]] = []
    index = ends[-1] if ends else -1
    while index >= 0:
        series.append(pairs[index])
        index = previous[index]
    return series[::-1]


class _Matcher(difflib.SequenceMatcher):  # type: ignore[type-arg]
    """difflib's matcher, its matching blocks found between anchors (see the module's docstring)."""

    def get_matching_blocks(self) -> list[difflib.Match]:
        if self.matching_blocks is not None:
            return self.matching_blocks  # type: ignore[no-any-return]
        a, b = self.a, self.b
        blocks: list[tuple[int, int, int]] = []
        i0 = j0 = 0
        for i, j in [*anchors(a, b), (len(a), len(b))]:
            if i > i0 and j > j0:
                gap = difflib.SequenceMatcher(None, a[i0:i], b[j0:j])
                blocks += [(i0 + x, j0 + y, n) for x, y, n in gap.get_matching_blocks() if n]
            if i < len(a):
                blocks.append((i, j, 1))
            i0, j0 = i + 1, j + 1
        merged: list[tuple[int, int, int]] = []
        for i, j, n in blocks:
            if merged and merged[-1][0] + merged[-1][2] == i and merged[-1][1] + merged[-1][2] == j:
                merged[-1] = (merged[-1][0], merged[-1][1], merged[-1][2] + n)
            else:
                merged.append((i, j, n))
        merged.append((len(a), len(b), 0))
        self.matching_blocks = [difflib.Match(*block) for block in merged]
        return self.matching_blocks  # type: ignore[no-any-return]

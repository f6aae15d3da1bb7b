"""Source lines as the text report shows them: secrets masked by detection, control characters
escaped, cut around the finding's columns, with those columns known in the result.

Masking does not trust the findings: a line is shown masked whatever rules were selected,
suppressed or baselined, because its strings, bare values and words go through the secrets
detector (``mcplint.secrets``). A secret split over lines by a trailing ``\\`` (YAML
double-quoted continuation, TOML ``\"\"\"…\\``) is joined before detection, so neither half
shows. Words in comments shaped like credentials (long, letters and digits, high entropy) are
masked even when no detector knows their format.

Work is bounded by what is shown: a file's lines are split once, a line's strings are found
once, and only the strings and words near a shown column go through the detector, so a
minified line of 100,000 servers costs each finding a window, not the whole line.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter


from mcplint._lazyre import lazy_compile
from mcplint.escape import char_cells, printable
from mcplint.load.positions import split_lines
from mcplint.record import Frozen

_STRING = lazy_compile(r'"((?:[^"\\\n]|\\.)*)"|\'([^\'\n]*)\'')
# The key a value follows ("token": "..., token = ...): ["']?([\w.@/-]+)["']?\s*[:=]\s*$ searched
# in what precedes the value, here matched backwards from the value in the reversed line.
_KEY_BEFORE_REVERSED = lazy_compile(r'\s*[:=]\s*["\']?([\w.@/-]+)')
_BARE_VALUE = lazy_compile(r"^(\s*-?\s*[\w.-]+\s*[:=]\s*)([^\s\"'#{\[][^#]*?)\s*$")
_WORD = lazy_compile(r"[^\s\"'`,;(){}\[\]<>]{8,}")
_WORD_CHAR = lazy_compile(r"[^\s\"'`,;(){}\[\]<>]")
_COMMENT_START = lazy_compile(r"(?:^|(?<=[\s,]))(?:#|//|/\*)")
_COMMENT_WORD = lazy_compile(r"[A-Za-z0-9+/=_\-.~]{16,}")
_NAMED_IN_COMMENT = lazy_compile(r"([A-Za-z_][\w.-]*)[\"']?\s*[:=]\s*[\"']?([^\s\"',;]+)")
_SEPARATORS = lazy_compile(r"[-_.@/+=~:]+")
_PLACEMENTS = ("env", "header", "arg", "url")
_UNNAMED_PLACEMENTS = ("env", "arg")
"""Without a name, ``url`` judges a value as ``env`` does, and so does ``header`` unless the
value is a ``Name: value`` header line."""
_PLAIN = lazy_compile(r"[\x20-\x7e]+")
_STRUCTURAL = frozenset({"command", "type", "transport", "name", "cwd", "args", "disabled", "enabled", "timeout"})
"""Keys whose short values are never passwords: the detector need not see ``"command": "npx"``."""
_SHORT_LINE = 4096
"""Lines up to this long are masked whole, once; longer ones only around the shown columns."""
_BLOCK_LINES = 50
_BLOCK_CHARS = 65536
_TAB = "    "
ELLIPSIS = "…"


def key_before(backwards: str, end: int) -> str | None:
    """The key before ``line[end:]`` (None: none), given the line reversed.

    Searching every prefix of a long line costs time in its length squared; the match can
    only be the word just before ``end``, so the reversed line is matched there instead.
    """
    found = _KEY_BEFORE_REVERSED.match(backwards, len(backwards) - end)
    return found.group(1)[::-1] if found else None


def in_place(secret: str) -> str:
    """The masked form shown where the secret stood: ``ghp_…iO``, the same redaction the
    messages use without its length (the message says it)."""
    from mcplint.secrets import redact

    full = redact(secret)
    short = re.sub(r"\s*\(\d+ chars?\)$", "", full)
    return short if any(c.isalnum() for c in short) else full


def _detected(value: str, key: str | None) -> list[tuple[int, int]]:
    """What the detector finds in ``value`` in any placement it could have in a config (the
    ``url`` placement is ``env`` without a name, so it adds something only under a key)."""
    from mcplint.secrets import scan_value

    if len(value) < 8 and (key is None or key in _STRUCTURAL):
        return []  # no format the detector knows is this short, and no name makes it a password
    placements = _PLACEMENTS if key is not None or ":" in value else _UNNAMED_PLACEMENTS
    return [(hit.start, hit.end) for placement in placements
            for hit in scan_value(value, placement=placement, name=key if placement != "url" else None)]


def credential_shaped(word: str) -> bool:
    """A comment word that looks like a token nobody meant to publish: a run of 12+ characters
    mixing letters and digits with high entropy (``abc123…`` keys, hex digests, base64).
    Names and versions (``server-filesystem``, ``pkg@1.1.0``, dates) mix them only across
    separators, so they stay readable."""
    if "://" in word:
        return False
    for part in _SEPARATORS.split(word):
        if len(part) < 12:
            continue
        digits = sum(c.isdigit() for c in part)
        letters = sum(c.isalpha() for c in part)
        if digits >= 2 and letters >= 2 and _entropy(part) >= 3.2:
            return True
    return False


def _entropy(text: str) -> float:
    n = len(text)
    return -sum(k / n * math.log2(k / n) for k in Counter(text).values())


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching spans joined, in order."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


class LineMasks:
    """Where the secrets of one line stand, found on demand for the part of the line shown."""

    def __init__(self, text: str, known: list[tuple[int, int]] = ()) -> None:
        self.text = text
        self._backwards: str | None = None
        self._strings = [(m.start(), m.end()) for m in _STRING.finditer(text)]
        self._string_starts = [start for start, _ in self._strings]
        self._done: dict[tuple[str, int], list[tuple[int, int]]] = {}
        self._known = list(known)
        self.comment = self._comment_start()
        self._bare: list[tuple[int, int]] | None = None

    def _comment_start(self) -> int | None:
        for match in _COMMENT_START.finditer(self.text):
            at = match.start()
            i = bisect_right(self._string_starts, at) - 1
            if i < 0 or self._strings[i][1] <= at:
                return at
        return None

    def _key(self, end: int) -> str | None:
        if self._backwards is None:
            self._backwards = self.text[::-1]
        return key_before(self._backwards, end)

    def _string(self, index: int) -> list[tuple[int, int]]:
        found = self._done.get(("s", index))
        if found is None:
            start, end = self._strings[index]
            if self.comment is not None and start >= self.comment:
                found = []  # a quote in a comment: the comment's own rules apply
            else:
                value_start, value = start + 1, self.text[start + 1:end - 1]
                found = [(value_start + s, value_start + e) for s, e in _detected(value, self._key(start))]
            self._done[("s", index)] = found
        return found

    def _word(self, start: int, word: str) -> list[tuple[int, int]]:
        found = self._done.get(("w", start))
        if found is None:
            found = [(start + s, start + e) for s, e in _detected(word, None)]
            key, sep, value = word.partition("=")
            if sep and value:
                offset = start + len(key) + 1
                found += [(offset + s, offset + e) for s, e in _detected(value, key)]
            if self.comment is not None and start >= self.comment:
                found += [(start + m.start(), start + m.end()) for m in _COMMENT_WORD.finditer(word)
                          if credential_shaped(m.group())]
            self._done[("w", start)] = found
        return found

    def _comment_names(self, a: int, b: int) -> list[tuple[int, int]]:
        """``token: abc…`` in a comment: the value judged under its name."""
        found = []
        for match in _NAMED_IN_COMMENT.finditer(self.text, max(a, self.comment or 0), b):
            key = ("n", match.start())
            spans = self._done.get(key)
            if spans is None:
                offset = match.start(2)
                spans = self._done[key] = [(offset + s, offset + e) for s, e in _detected(match.group(2), match.group(1))]
            found += spans
        return found

    def _bare_value(self) -> list[tuple[int, int]]:
        if self._bare is None:
            self._bare = []
            bare = _BARE_VALUE.match(self.text) if len(self.text) <= _SHORT_LINE else None
            if bare:
                key = bare.group(1).strip(" -:=\t")
                self._bare = [(bare.start(2) + s, bare.start(2) + e) for s, e in _detected(bare.group(2), key)]
        return self._bare

    def _is_string_value(self, start: int, end: int) -> bool:
        i = bisect_right(self._string_starts, start - 1) - 1
        return i >= 0 and self._strings[i] == (start - 1, end + 1)

    def spans(self, a: int, b: int) -> list[tuple[int, int]]:
        """The merged secret spans that touch ``text[a:b]`` (they may reach outside it)."""
        text = self.text
        found: list[tuple[int, int]] = list(self._bare_value())
        i = max(bisect_right(self._string_starts, a) - 1, 0)
        while i < len(self._strings) and self._strings[i][0] < b:
            if self._strings[i][1] > a:
                found += self._string(i)
            i += 1
        # widen to whole words at the edges, so a word cut by the window is judged whole
        while a > 0 and _WORD_CHAR.match(text, a - 1):
            a -= 1
        while b < len(text) and _WORD_CHAR.match(text, b):
            b += 1
        for match in _WORD.finditer(text, a, b):
            if self._is_string_value(match.start(), match.end()):
                continue  # already judged whole, under its key
            found += self._word(match.start(), match.group())
        if self.comment is not None and self.comment < b:
            found += self._comment_names(a, b)
        for ks, ke in self._known:  # a reported secret the detection here missed: hidden whole
            if not any(s < ke and e > ks for s, e in found):
                found.append((ks, ke))
        return [(s, e) for s, e in _merge(found) if e > a and s < b] or []


class _Fixed:
    """The masks of a line that belongs to a joined block: computed on the block, kept."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self._spans = spans

    def _is_string_value(self, start: int, end: int) -> bool:
        i = bisect_right(self._string_starts, start - 1) - 1
        return i >= 0 and self._strings[i] == (start - 1, end + 1)

    def spans(self, a: int, b: int) -> list[tuple[int, int]]:
        return [(s, e) for s, e in self._spans if e > a and s < b]


class Excerpt(Frozen):
    """A source line as shown, and the marker's place on it (terminal columns, end exclusive)."""

    text: str
    start: int
    end: int


class SourceView:
    """One file's text, split once, with each line's masks made once and reused."""

    def __init__(self, text: str, known: dict[int, list[tuple[int, int]]] | None = None) -> None:
        self.lines = split_lines(text)  # lines as positions count them (\n, \r\n or a lone \r)
        self._known = known or {}
        self._masks: dict[int, LineMasks | _Fixed] = {}

    def masks(self, line: int) -> LineMasks | _Fixed:
        found = self._masks.get(line)
        if found is None:
            found = self._masks[line] = self._make_masks(line)
        return found

    def _known_spans(self, line: int) -> list[tuple[int, int]]:
        text = self.lines[line - 1]
        spans = []
        for column, end_column in self._known.get(line, ()):
            s, e = max(column - 1, 0), min(end_column - 1, len(text))
            if e - s >= 2 and text[s] in "\"'" and text[e - 1] == text[s]:
                s, e = s + 1, e - 1  # the value, not its quotes
            spans.append((s, e))
        return spans

    def _block(self, line: int) -> tuple[int, int]:
        """First and last line of the ``\\``-continued block holding ``line``."""
        first = last = line
        while first > 1 and line - first < _BLOCK_LINES and self.lines[first - 2].rstrip().endswith("\\"):
            first -= 1
        while last < len(self.lines) and last - line < _BLOCK_LINES and self.lines[last - 1].rstrip().endswith("\\"):
            last += 1
        return first, last

    def _make_masks(self, line: int) -> LineMasks | _Fixed:
        first, last = self._block(line)
        if first == last:
            return LineMasks(self.lines[line - 1], self._known_spans(line))
        # join the block as the parsers do: the backslash and the next line's indentation go
        pieces: list[tuple[int, int, int, int]] = []  # (line, from, to, offset in joined)
        joined: list[str] = []
        size = 0
        for number in range(first, last + 1):
            text = self.lines[number - 1]
            start = 0 if number == first else len(text) - len(text.lstrip())
            end = len(text.rstrip())
            if number != last and end and text[end - 1] == "\\":
                end -= 1
            pieces.append((number, start, end, size))
            joined.append(text[start:end])
            size += max(end - start, 0)
        own = next(p for p in pieces if p[0] == line)
        if size > _BLOCK_CHARS:
            return _Fixed([(own[1], own[2])])  # too long to judge: hide it all
        whole = LineMasks("".join(joined))
        spans = whole.spans(0, size)
        mapped = [(max(s, own[3]) - own[3] + own[1], min(e, own[3] + own[2] - own[1]) - own[3] + own[1])
                  for s, e in spans if e > own[3] and s < own[3] + own[2] - own[1]]
        known = [(ks, ke) for ks, ke in self._known_spans(line) if not any(s < ke and e > ks for s, e in mapped)]
        return _Fixed(_merge(mapped + known))

    def excerpt(self, line: int, column: int, end_column: int, room: int) -> Excerpt | None:
        """Line ``line`` as shown in ``room`` terminal columns, the marker under ``column`` to
        ``end_column`` (1-based, end exclusive; 0: to the end of the line)."""
        if not 0 < line <= len(self.lines):
            return None
        text = self.lines[line - 1]
        content = len(text.rstrip())
        if content == 0:
            return None
        s = min(max(column - 1, 0), content)
        e = content if end_column <= 0 else min(max(end_column - 1, s), content)
        # enough text to fill the room on either side of the marker, whatever is cut later
        if content <= 2 * room:  # a line of ordinary length is fitted whole, below
            a, b = 0, content
        else:
            a, b = max(0, s - room // 2), min(content, max(e, s + 1) + room, s + 2 * room)
        masks = self.masks(line).spans(a, b)
        for ms, me in masks:
            a, b = min(a, ms), min(max(b, me), content)
        shown, starts, ends = _render(text, a, b, masks)
        offsets = _cell_offsets(shown)
        total = offsets[-1]
        cs = offsets[starts[s - a]] if s < b else total
        last = min(e, b)
        ce = offsets[ends[last - 1 - a]] if last > s else cs
        ce = max(ce, cs + 1)
        left_cut, right_cut = a > 0, b < content
        lo, hi = 0, total
        if total + left_cut + right_cut > room:
            # the indentation goes first, and it is not worth an ellipsis
            indent = min(len(shown) - len(shown.lstrip(" ")) if a == 0 else 0, cs)
            lo = indent
            if total - lo + right_cut > room:
                space = max(room - 2, 1)
                lo = max(indent, cs - space // 3)
                hi = min(total, lo + space)
                if hi == total:
                    lo = max(indent, hi - space)
            left_cut, right_cut = left_cut or lo > indent, right_cut or hi < total
        i = _index_at(offsets, lo, up=True)
        j = _index_at(offsets, hi, up=False)
        body = shown[i:j]
        shift = offsets[i] - (1 if left_cut else 0)
        shown_text = (ELLIPSIS if left_cut else "") + body + (ELLIPSIS if right_cut else "")
        end = min(ce, offsets[j]) - shift
        start = min(cs - shift, max(end - 1, 0))
        return Excerpt(shown_text, start, max(end, start + 1))


def _render(text: str, a: int, b: int, masks: list[tuple[int, int]]) -> tuple[str, list[int], list[int]]:
    """``text[a:b]`` masked and escaped; for each original character, where its shown form
    starts and ends (character offsets into the result)."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    size = 0
    k = 0
    i = a
    while i < b:
        while k < len(masks) and masks[k][1] <= i:
            k += 1
        if k < len(masks) and masks[k][0] <= i:
            ms, me = masks[k]
            piece = in_place(text[ms:me])
            for _ in range(i, min(me, b)):
                starts.append(size)
                ends.append(size + len(piece))
            out.append(piece)
            size += len(piece)
            i = min(me, b)
            continue
        stop = min(masks[k][0], b) if k < len(masks) else b
        plain = _PLAIN.match(text, i, stop)
        if plain and plain.end() > i:  # ordinary text: one character, one column, in bulk
            j = plain.end()
            starts.extend(range(size, size + j - i))
            ends.extend(range(size + 1, size + j - i + 1))
            out.append(text[i:j])
            size += j - i
            i = j
            continue
        char = text[i]
        piece = _TAB if char == "\t" else printable(char)
        starts.append(size)
        ends.append(size + len(piece))
        out.append(piece)
        size += len(piece)
        i += 1
    return "".join(out), starts, ends


def _cell_offsets(text: str) -> list[int]:
    """Terminal column at which each character of ``text`` starts, plus the total at the end."""
    if text.isascii():
        return list(range(len(text) + 1))
    offsets = [0]
    total = 0
    for char in text:
        total += char_cells(char)
        offsets.append(total)
    return offsets


def _index_at(offsets: list[int], cell: int, up: bool) -> int:
    """The character index whose start is at ``cell`` (a wide character half in: the next one
    when going ``up``, the previous one otherwise)."""
    i = bisect_right(offsets, cell) - 1
    if up and offsets[i] < cell:
        i += 1
    return min(i, len(offsets) - 1)

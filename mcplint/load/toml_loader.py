"""TOML with the position of every key and value, and its comments.

Values come from stdlib ``tomllib``, which also validates the text; it gives no positions, so
a light scanner then walks the (now known valid) text once, in linear time, and records where
each key and value stands: table headers ``[a."b.c"]``, arrays of tables ``[[a]]`` (their
index counted per array), dotted keys, inline tables, multi-line arrays, every string form.
Because the scanner only ever sees valid TOML it can stay small: it never reports errors.

Spans: a value written inline (scalar, array, inline table) spans exactly its text; a table
made by headers or dotted keys spans from its first mention (``[header]`` or dotted key) to the
end of the last value inside it; the root spans all content. ``tomllib`` refuses duplicate
keys, so ``duplicate_keys`` is always empty. Dates and times become ISO strings.
"""

from __future__ import annotations

import datetime
import tomllib
from typing import Any

from mcplint._lazyre import lazy_compile
from mcplint.load.positions import OffsetSpans, Positions, has_lone_cr, line_column
from mcplint.model import Comment, Document, LoadError, Pointer

MAX_DEPTH = 512
"""Deeper key paths or nesting are refused (the same limit as JSONC and YAML)."""
MAX_KEY_PARTS = MAX_DEPTH
"""A dotted key (``a.b.c = 1``, ``[a.b.c]``) with more parts is refused before tomllib sees it:
tomllib extends a tuple per part, so 100,000 parts (200 KB) take it 15 s."""

_WS = lazy_compile(r"[ \t]*")
_WS_NL = lazy_compile(r"[ \t\r\n]*")
_BASIC = lazy_compile(r'"(?:[^"\\\n]++|\\.)*+"')
_LITERAL = lazy_compile(r"'[^'\n]*+'")
# A multi-line string ends at the first run of 3 quotes, and takes up to 2 more of the run.
_ML_BASIC = lazy_compile(r'"""(?:[^"\\]++|\\[\s\S]|"(?!""))*+"""(?:"{1,2})?')
_ML_LITERAL = lazy_compile(r"'''(?:[^']++|'(?!''))*+'''(?:'{1,2})?")
_KEY_PART = lazy_compile(
    r"[ \t]*(?:(?P<bare>[A-Za-z0-9_-]+)|(?P<basic>" + _BASIC.pattern + r")|(?P<literal>" + _LITERAL.pattern
    + r"))[ \t]*"
)
"""One part of a dotted key with the blanks around it: one match instead of four."""
_COMMENT = lazy_compile(
    r"(?:[^\"'#]++|" + "|".join(p.pattern for p in (_ML_BASIC, _ML_LITERAL, _BASIC, _LITERAL))
    + r")*+(?:(?P<comment>#[^\n]*)|\Z)"
)
"""Up to and including the next comment: strings (multi-line first) are stepped over whole."""
_BARE_VALUE = lazy_compile(r"[^ \t\r\n,\]\}#]+")  # numbers, booleans, dates, times
_DATE = lazy_compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_SPACE_TIME = lazy_compile(r" [0-9]{2}:")  # "1979-05-27 07:32:00": a space may replace the T
_AT = lazy_compile(r"\(at line (\d+), column (\d+)\)$")
_DOTTED_UNIT = (
    r"(?:[A-Za-z0-9_-]++|" + _BASIC.pattern + "|" + _LITERAL.pattern + r")[ \t]*+\.[ \t]*+"
)
_DOTTED_RUN = lazy_compile(r"(?<![A-Za-z0-9_\-\"'])(?:" + _DOTTED_UNIT + ")++")
"""A run of dotted key parts (``a.b."c".``). Runs are found whole and never rescanned; the
look-behind keeps a failed attempt from restarting inside a word: linear in the text."""
_DOTTED_PART = lazy_compile(_DOTTED_UNIT)
_DATE_OR_TIME = lazy_compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{2}:[0-9]{2}")
"""Every TOML date, date-time and time holds one of these (``1979-05-27``, ``07:32``)."""


def load_toml(text: str) -> Document:
    """Parse TOML text into a Document; raise LoadError with line and column."""
    text = text.removeprefix("\ufeff")
    if text.count(".") >= MAX_KEY_PARTS:
        _refuse_long_keys(text)
    data = _parse(text)
    if _DATE_OR_TIME.search(text):  # else tomllib made no date or time object
        data = _plain(data)
    positions = Positions(text, lazy=True)
    indexer = _Indexer(text, positions)
    if 2 * (text.count(".") + text.count("[") + text.count("{")) + 2 > MAX_DEPTH:
        indexer.index()  # a key path this deep may be refused (a LoadError): find out now
    return Document(
        data=data, spans=OffsetSpans(indexer.spans_offsets, positions),
        key_spans=OffsetSpans(indexer.key_spans_offsets, positions), comments=_comments(text, positions), text=text,
    )


def _comments(text: str, positions: Positions) -> list[Comment]:
    """Every ``#`` outside strings starts a comment (the text is valid TOML: tomllib read it)."""
    if "#" not in text:
        return []
    found = []
    for match in _COMMENT.finditer(text):
        if match.start("comment") < 0:
            break  # the end of the text
        found.append(match.span("comment"))
    comments = []
    for (start, end), (line, column) in zip(found, positions.at_each(start for start, _ in found)):
        own_line = not text[start - column + 1 : start].strip()
        comments.append(Comment(line, column, text[start + 1 : end].strip(), own_line))
    return comments


def _refuse_long_keys(text: str) -> None:
    """Refuse a key of more than MAX_KEY_PARTS dotted parts, with its place, before parsing.

    Text inside a string that looks like such a key is refused too: no configuration holds a
    run of 512 dotted words, and a wrong refusal is an MCP001, never a pass.
    """
    for found in _DOTTED_RUN.finditer(text):
        run = found.group()
        if run.count(".") >= MAX_KEY_PARTS and len(_DOTTED_PART.findall(run)) >= MAX_KEY_PARTS:
            offset = found.start()
            line = text.count("\n", 0, offset) + 1
            column = offset - (text.rfind("\n", 0, offset) + 1) + 1
            raise LoadError(f"invalid TOML: dotted key deeper than {MAX_KEY_PARTS} levels: not parsed", line, column)


def _parse(text: str) -> dict[str, Any]:
    """``tomllib.loads`` with every failure turned into a LoadError."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _decode_error(exc, text) from None
    except RecursionError:
        line, column = line_column(text, _deepest(text))
        raise LoadError("invalid TOML: nesting is too deep", line, column) from None
    except ValueError as exc:  # e.g. an integer past Python's 4300-digit conversion limit
        raise LoadError(f"invalid TOML: {exc}") from None


def _decode_error(exc: tomllib.TOMLDecodeError, text: str) -> LoadError:
    """tomllib puts the place in the message ("... (at line 3, column 5)") before 3.14."""
    line = getattr(exc, "lineno", None)
    column = getattr(exc, "colno", None)
    message = getattr(exc, "msg", None) or str(exc)
    found = _AT.search(message)
    if found:
        line, column = int(found.group(1)), int(found.group(2))
        message = message[: found.start()].rstrip()
    elif message.endswith("(at end of document)"):
        message = message.removesuffix("(at end of document)").rstrip()
        line, column = line_column(text, len(text))
    if line and column and has_lone_cr(text):
        # tomllib counts lines by "\n" only: back to an offset, then lines as positions count them
        starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]
        offset = starts[min(line, len(starts)) - 1] + column - 1
        line, column = line_column(text, min(offset, len(text)))
    from mcplint.load import quiet_message

    return LoadError(f"invalid TOML: {quiet_message(message)}", line or 1, column or 1)


def _deepest(text: str) -> int:
    """Where bracket nesting is deepest: a rough place to point at for "too deep"."""
    depth = deepest = offset = 0
    for index, char in enumerate(text):
        if char in "[{":
            depth += 1
            if depth > deepest:
                deepest, offset = depth, index
        elif char in "]}":
            depth -= 1
    return offset


def _plain(value: Any) -> Any:
    """Dates and times -> ISO strings, in place, so the data stays JSON-like."""
    if isinstance(value, dict):
        for key, item in value.items():
            value[key] = _plain(item)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            value[index] = _plain(item)
    elif isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return value


def _unquote_key(raw: str) -> str:
    """A quoted key's name; escapes are rare in keys, so tomllib decodes those."""
    if raw.startswith("'") or "\\" not in raw:
        return raw[1:-1]
    return next(iter(tomllib.loads(f"{raw} = 0")))


class _Indexer:
    """One pass over valid TOML text: offsets of values and keys, and the comments."""

    def __init__(self, text: str, positions: Positions) -> None:
        self.text = text
        self.positions = positions
        self.pos = 0
        self.spans: dict[Pointer, list[int]] = {}
        self.key_spans: dict[Pointer, tuple[int, int]] = {}
        self.tables_in_array: dict[Pointer, int] = {}
        """Array-of-tables pointer -> how many ``[[...]]`` headers have named it so far."""
        self.indexed = False

    def index(self) -> None:
        """Run the scan once (on the first span asked for, or at load time for deep text)."""
        if self.indexed:
            return
        self.indexed = True
        try:
            self.run()
        except (IndexError, AttributeError, KeyError, TypeError, RecursionError):
            # Not reachable for TOML that tomllib accepts (the tests check the corpus and random
            # documents); if it ever is, keep the values and the positions found so far.
            self.cover_chain((), 0, 0)

    def spans_offsets(self) -> dict[Pointer, list[int]]:
        self.index()
        return self.spans

    def key_spans_offsets(self) -> dict[Pointer, tuple[int, int]]:
        self.index()
        return self.key_spans

    def run(self) -> None:
        """Scan statement by statement; a table section's extent is applied when it ends."""
        text = self.text
        table: Pointer = ()
        section: list[int] | None = None  # [start, end] of the current section's text
        while True:
            self.skip()
            if self.pos >= len(text):
                break
            start = self.pos
            if text[start] == "[":
                if section is not None:
                    self.cover_chain(table, *section)
                table = self.header()
                section = [start, self.pos]
            else:
                end = self.key_value(table)
                if section is None:
                    section = [start, end]
                section[1] = end
        if section is not None:
            self.cover_chain(table, *section)
        if () not in self.spans:
            self.spans[()] = [0, 0]

    def skip(self) -> None:
        """Skip blanks, line breaks and comments (``_comments`` lists the comments).

        Valid TOML has no line break where this scanner does not expect one (tomllib checked),
        so one skip serves between statements, array items and inline-table members alike.
        """
        text = self.text
        while True:
            self.pos = _WS_NL.match(text, self.pos).end()
            if not text.startswith("#", self.pos):
                return
            end = text.find("\n", self.pos)
            self.pos = len(text) if end < 0 else end

    def error_if_deep(self, pointer: Pointer, offset: int) -> None:
        if len(pointer) > MAX_DEPTH:
            line, column = self.positions.at(offset)
            raise LoadError(f"TOML nesting deeper than {MAX_DEPTH} levels", line, column)

    def cover(self, pointer: Pointer, start: int, end: int) -> bool:
        """Widen a table's span to hold [start, end); False if it already did."""
        span = self.spans.get(pointer)
        if span is None:
            self.spans[pointer] = [start, end]
        elif span[0] <= start and end <= span[1]:
            return False
        else:
            span[0] = min(span[0], start)
            span[1] = max(span[1], end)
        return True

    def cover_chain(self, pointer: Pointer, start: int, end: int) -> None:
        """Cover a table and its ancestors; stop at one that holds it (its parents do too)."""
        for length in range(len(pointer), -1, -1):
            if not self.cover(pointer[:length], start, end):
                return

    def key(self) -> list[tuple[str, int, int]]:
        """A dotted key at pos: (name, start, end) of each part; pos ends past its blanks."""
        text, parts, match = self.text, [], _KEY_PART.match
        while True:
            found = match(text, self.pos)  # blanks, one part, blanks
            kind = found.lastgroup
            start, end = found.span(kind)
            if kind == "bare":
                name = text[start:end]
            elif kind == "literal":
                name = text[start + 1 : end - 1]
            else:
                name = _unquote_key(text[start:end])
            parts.append((name, start, end))
            self.pos = found.end()
            if not text.startswith(".", self.pos):
                return parts
            self.pos += 1

    def name(self, base: Pointer, parts: list[tuple[str, int, int]]) -> Pointer:
        """Extend ``base`` by the key parts, giving each new member its first key span."""
        pointer = base
        for name, start, end in parts:
            pointer += (name,)
            self.key_spans.setdefault(pointer, (start, end))
        return pointer

    def header(self) -> Pointer:
        """``[a.b]`` or ``[[a.b]]``: the pointer of the table it opens."""
        text, start = self.text, self.pos
        array = text.startswith("[[", start)
        self.pos += 2 if array else 1
        parts = self.key()
        self.pos += 2 if array else 1
        pointer: Pointer = ()
        for number, (name, key_start, key_end) in enumerate(parts):
            pointer += (name,)
            self.key_spans.setdefault(pointer, (key_start, key_end))
            count = self.tables_in_array.get(pointer)
            if array and number == len(parts) - 1:
                self.tables_in_array[pointer] = (count or 0) + 1
                pointer += (count or 0,)
            elif count is not None and number < len(parts) - 1:
                pointer += (count - 1,)  # [a.b] after [[a]] names the last table of a
            self.error_if_deep(pointer, start)
        self.cover_chain(pointer, start, self.pos)
        return pointer

    def key_value(self, table: Pointer) -> int:
        """``a.b = value`` inside ``table``; returns where it ends.

        Tables that dotted keys make (``a`` in ``a.b = 1``) span from the key to the value;
        ``table`` and its parents are widened by the caller, once per section.
        """
        start = self.pos
        pointer = self.name(table, self.key())
        self.pos = _WS.match(self.text, self.pos + 1).end()  # past '='
        end = self.value(pointer)
        for length in range(len(table) + 1, len(pointer)):
            self.cover(pointer[:length], start, end)
        return end

    def value(self, pointer: Pointer) -> int:
        """Scan the value at pos, record its span (and its children's); return its end.

        Arrays and inline tables are scanned here rather than in helpers so each nesting
        level costs one Python frame, fewer than tomllib itself needs for the same text.
        """
        text, start = self.text, self.pos
        self.error_if_deep(pointer, start)
        char = text[start]
        if char == "[":
            self.pos += 1
            index = 0
            while True:
                self.skip()
                if text[self.pos] == "]":
                    break
                self.value(pointer + (index,))
                index += 1
                self.skip()
                if text[self.pos] == ",":
                    self.pos += 1
            self.pos += 1
        elif char == "{":
            self.pos += 1
            while True:
                self.skip()
                if text[self.pos] == "}":
                    break
                key_start = self.pos
                member = self.name(pointer, self.key())
                self.pos = _WS.match(text, self.pos + 1).end()  # past '='
                end = self.value(member)
                for length in range(len(pointer) + 1, len(member)):  # dotted: implicit tables
                    self.cover(member[:length], key_start, end)
                self.skip()
                if text[self.pos] == ",":
                    self.pos += 1
            self.pos += 1
        else:
            self.pos = self.scalar_end(start)
        self.spans[pointer] = [start, self.pos]
        return self.pos

    def scalar_end(self, start: int) -> int:
        """Where a string, number, boolean or date-time starting at ``start`` ends."""
        text = self.text
        if text.startswith('"""', start):
            return _ML_BASIC.match(text, start).end()
        if text.startswith("'''", start):
            return _ML_LITERAL.match(text, start).end()
        if text[start] == '"':
            return _BASIC.match(text, start).end()
        if text[start] == "'":
            return _LITERAL.match(text, start).end()
        end = _BARE_VALUE.match(text, start).end()
        if _DATE.fullmatch(text, start, end) and _SPACE_TIME.match(text, end):
            end = _BARE_VALUE.match(text, end + 1).end()
        return end

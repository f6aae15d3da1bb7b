"""JSON and JSONC (comments, trailing commas) with the position of every key and value.

Two paths, one result:

- The fast path (almost every file): stdlib ``json`` (C) reads the values — after comments and
  trailing commas are blanked out with spaces, so offsets do not move — and positions are found
  lazily: ``doc.spans`` / ``doc.key_spans`` index a container's children (with the C scanner)
  the first time a pointer inside it is asked for. A clean file never pays for positions, and a
  50 MB file parses at C speed with no pointer built per value.
- The hand-written parser: values, every span, duplicate keys and precise errors in one pass
  (iterative, an explicit stack, so deep nesting cannot raise RecursionError). It runs when the
  fast path cannot decide alone — syntax errors, duplicate keys, nesting deeper than
  ``MAX_DEPTH`` — on texts up to ``HAND_PARSE_MAX`` characters; above that, errors come from
  the fast path (``json``'s message, same line and column rules).

Strings go through ``json.decoder.scanstring`` (C) on both paths, so escapes behave alike; the
property tests (tests/test_fuzz_jsonc.py) check that both paths agree on every value and span.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator, Mapping
from json.decoder import JSONDecodeError, scanstring
from typing import Any

from mcplint._lazyre import lazy_compile
from mcplint.load.positions import Positions
from mcplint.model import Comment, Document, LoadError, Pointer, Span

MAX_DEPTH = 512
"""Deeper nesting is refused: no MCP config needs it, and pointers would grow quadratically."""
HAND_PARSE_MAX = 1 << 20
"""Texts up to this many characters fall back to the hand parser (precise errors, duplicate keys);
larger ones get the fast path's verdict, so a broken 60 MB file costs C time, not minutes."""

_WS = lazy_compile(r"[ \t\r\n]*")
_NUMBER = lazy_compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_LITERAL = lazy_compile(r"true|false|null|NaN|-?Infinity")
_WORD_END = lazy_compile(r"[A-Za-z0-9_$.+-]")
"""The hand parser's patterns (compiled on first use: a clean file never needs them)."""
_LITERALS: dict[str, Any] = {
    "true": True,
    "false": False,
    "null": None,
    "NaN": float("nan"),
    "Infinity": float("inf"),
    "-Infinity": float("-inf"),
}

# parser states
_VALUE, _KEY_OR_END, _VALUE_OR_END, _AFTER_VALUE = range(4)


def load_jsonc(text: str) -> Document:
    """Parse JSON or JSONC text into a Document; raise LoadError with line and column."""
    text = text.removeprefix("\ufeff")
    doc = _fast(text, len(text) > HAND_PARSE_MAX)
    return doc if doc is not None else _Parser(text).parse()


# ---------------------------------------------------------------- fast path: json + lazy spans

_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*(?:(?P<close>")|\Z)'
"""A string, or (unterminated) the rest of the text: never rescanned, so never quadratic."""
_BEFORE_CLOSER = r"(?>[ \t\r\n]+|//[^\r\n]*|/\*(?:[^*]|\*(?!/))*\*/)*[}\]]"
"""Blanks and comments up to a closing bracket: a comma before it is a trailing comma."""
_JSONC_TOKEN = (
    _STRING
    + r"|//[^\r\n]*"  # a line comment ends at any line break, a lone CR too
    + r"|/\*(?:[^*]|\*(?!/))*(?:\*/|\Z)"
    + r"|,(?=" + _BEFORE_CLOSER + ")"
)
"""What JSONC adds to JSON (comments, trailing commas), with strings matched to skip them."""
_PASSED = r'(?:"[^"\\]*(?:\\.[^"\\]*)*"|"(?![^"\\]*(?:\\.[^"\\]*)*\Z)|/(?![/*])|,(?!' + _BEFORE_CLOSER + "))"
"""What a token-by-token scan passes over at a ``"``, ``/`` or ``,``: a closed string, or the one
character where no token starts (a quote opening no string, a lone slash, a comma in a list)."""
_JSONC = lazy_compile(r'[^"/,]*+(?:' + _PASSED + r'[^"/,]*+)*+(?:(?P<token>' + _JSONC_TOKEN + r")|\Z)")
"""Up to and including the next ``_JSONC_TOKEN`` that is not a closed string.

One match per comment or trailing comma, not one per string: what comes before it is exactly
what a ``_JSONC_TOKEN``-by-token scan passes over, so both find the same tokens (the property
test in tests/test_fuzz_jsonc.py checks it); the repeats are possessive, so never quadratic."""
_BRACKETS = lazy_compile(_STRING + r"|[\[{]|[\]}]")
_SKIP_WS = lazy_compile(r"[ \t\r\n]*")
_LINE_END = lazy_compile(r"[\r\n]")
"""Where a line comment ends."""
_ENTRY = lazy_compile(r'[ \t\r\n,]*"([^"\\]*(?:\\.[^"\\]*)*)"[ \t\r\n]*:[ \t\r\n]*')
"""From after ``{`` or a member's value: the separator, the next key, its colon and the blanks
up to its value (in text the fast path has parsed: no match means the closing brace)."""
_SEPARATOR = lazy_compile(r"[ \t\r\n,]*")
"""From after ``[`` or an item: to the next item, or to the closing bracket."""


def _int_or_float(token: str) -> int | float:
    try:
        return int(token)
    except ValueError:  # beyond int's digit limit: keep its magnitude, as the hand parser does
        return float(token)


_found = threading.local()
"""Objects with repeated keys seen by the decoder's hook during the current parse (per thread)."""


def _pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        _found.duplicates.append((result, [key for key, _ in pairs]))
    return result


_DECODER = json.JSONDecoder(strict=False, object_pairs_hook=_pairs_hook)
_BIG_INT_DECODER = json.JSONDecoder(strict=False, object_pairs_hook=_pairs_hook, parse_int=_int_or_float)
_SKIPPER = json.JSONDecoder(strict=False, parse_int=float)
"""Steps over a value (the lazy index); ``float`` takes any number of digits."""


def _decode(clean: str, duplicates: list[tuple[dict[str, Any], list[str]]]) -> Any:
    """Values by ``json`` (C); built once, the decoders cost nothing per file."""
    _found.duplicates = duplicates
    try:
        return _DECODER.decode(clean)
    except JSONDecodeError:
        raise
    except ValueError:  # an integer with more digits than int() accepts
        duplicates.clear()
        return _BIG_INT_DECODER.decode(clean)
    finally:
        _found.duplicates = None


def _clean_jsonc(text: str, comments: list[Comment], positions: Positions) -> str | None:
    """``text`` with comments and trailing commas blanked (same offsets); None if not JSONC."""
    pieces: list[str] = []
    commas: list[int] = []
    bodies: list[tuple[int, str]] = []  # (offset, text) of each comment
    last = 0
    for match in _JSONC.finditer(text):
        token = match.group("token")
        if token is None:
            break  # the end of the text
        start, end = match.span("token")
        if token[0] == '"':
            return None  # an unterminated string (closed ones are passed over): the hand parser (or json) reports it
        pieces.append(text[last:start])
        last = end
        if token == ",":
            commas.append(start)
            pieces.append(" ")
            continue
        if token[1] == "/":
            body = token[2:]
            pieces.append(" " * len(token))
        else:
            if len(token) < 4 or not token.endswith("*/"):
                return None  # unterminated /* comment
            body = token[2:-2]
            pieces.append(re.sub(r"[^\r\n]", " ", token))
        bodies.append((start, body))
    if not pieces:
        return None
    for (start, body), (line, column) in zip(bodies, positions.at_each(start for start, _ in bodies)):
        comments.append(Comment(line, column, body.strip(), _own_line(text, start)))
    pieces.append(text[last:])
    clean = "".join(pieces)
    for offset in commas:  # a trailing comma must follow a value: "[,]" and "{,}" stay errors
        before = offset - 1
        while before >= 0 and clean[before] in " \t\r\n":
            before -= 1
        if before < 0 or clean[before] in "[{,:":
            return None
    return clean


def _own_line(text: str, start: int) -> bool:
    """Only blanks between the line's start and ``start``: stepped back over, not sliced, so
    200,000 comments on one line cost linear time, not the line's length each (issue 14)."""
    before = start - 1
    while before >= 0 and text[before] in " \t\r":
        before -= 1
    return before < 0 or text[before] == "\n"


def _max_depth_exceeded(data: Any) -> bool:
    """Level by level, one comprehension each (exact types: json makes no subclasses)."""
    level, depth = [data], 1
    while level:
        if depth > MAX_DEPTH:
            return True
        level = [c for n in level for c in (n.values() if type(n) is dict else n) if type(c) is dict or type(c) is list]
        depth += 1
    return False


def _depth_error_offset(clean: str) -> int:
    depth = 0
    for match in _BRACKETS.finditer(clean):
        char = match.group()[0]
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return match.start()
        elif char in "]}":
            depth -= 1
    return 0


def _duplicate_pointers(data: Any, found: list[tuple[dict[str, Any], list[str]]]) -> list[Pointer]:
    """Pointers of repeated keys in the objects still reachable from ``data`` (document order)."""
    repeated = {id(obj): keys for obj, keys in found}
    result: list[Pointer] = []
    stack: list[tuple[Any, Pointer]] = [(data, ())]
    while stack:
        node, pointer = stack.pop()
        keys = repeated.get(id(node)) if isinstance(node, dict) else None
        if keys is not None:
            seen: set[str] = set()
            for key in keys:
                if key in seen:
                    result.append(pointer + (key,))
                seen.add(key)
        items = node.items() if isinstance(node, dict) else enumerate(node)
        children = [(v, pointer + (k,)) for k, v in items if isinstance(v, (dict, list))]
        stack.extend(reversed(children))
    return result


def _fast(text: str, final: bool) -> Document | None:
    """The Document via ``json``; None to let the hand parser decide; LoadError when ``final``."""
    positions = Positions(text, lazy=True)
    comments: list[Comment] = []
    duplicates: list[tuple[dict[str, Any], list[str]]] = []
    clean = text
    try:
        try:
            data = _decode(text, duplicates)
        except JSONDecodeError as strict_error:
            cleaned = _clean_jsonc(text, comments, positions) if ("/" in text or "," in text) else None
            if cleaned is None:
                raise strict_error from None
            clean, duplicates = cleaned, []
            data = _decode(clean, duplicates)
    except JSONDecodeError as exc:
        if not final:
            return None
        if not text.strip():
            raise LoadError("empty file: no JSON value") from None
        line, column = positions.at(exc.pos)
        raise LoadError(f"invalid JSON: {exc.msg}", line, column) from None
    except RecursionError:  # json's C scanner recurses; the hand parser names the spot
        if not final:
            return None
        line, column = positions.at(_depth_error_offset(clean))
        raise LoadError(f"nesting deeper than {MAX_DEPTH} levels", line, column) from None
    if (len(clean) > MAX_DEPTH and isinstance(data, (dict, list))
            and clean.count("{") + clean.count("[") > MAX_DEPTH and _max_depth_exceeded(data)):
        if not final:
            return None
        line, column = positions.at(_depth_error_offset(clean))
        raise LoadError(f"nesting deeper than {MAX_DEPTH} levels", line, column)
    if duplicates and not final:
        return None  # the hand parser records every repeated key with its exact place
    index = _LazyIndex(clean, positions)
    return Document(
        data=data, spans=_LazySpans(index, False), key_spans=_LazySpans(index, True), comments=comments,
        duplicate_keys=_duplicate_pointers(data, duplicates) if duplicates else [], text=text,
    )


class _LazyIndex:
    """Offsets of values and keys, found container by container on first use.

    ``clean`` is valid JSON (the fast path parsed it), so the C scanner can step over each child
    value; a container's children are indexed once. Nothing is set up before the first question:
    most documents are never asked one. The work is bounded: past a few passes' worth of
    scanning (an adversarial shape: a finding deep inside a long chain of big containers), a
    small text switches to one hand-parser pass with every span, and a big one stops locating
    deeper values — their findings point at the nearest located container.
    """

    PASSES = 4
    __slots__ = ("clean", "positions", "values", "keys", "children", "scanned", "budget", "full")

    def __init__(self, clean: str, positions: Positions) -> None:
        self.clean = clean
        self.positions = positions
        self.values: dict[Pointer, tuple[int, int]] | None = None
        """None until the first question (then ``_start`` sets everything up)."""
        self.full: Document | None = None
        """Every span, from one hand-parser pass, once the budget is spent (small texts only)."""

    def _start(self) -> dict[Pointer, tuple[int, int]]:
        clean = self.clean
        self.keys: dict[Pointer, tuple[int, int]] = {}
        self.children: dict[Pointer, list[Pointer]] = {}
        """Indexed containers -> their children's pointers, in document order."""
        self.scanned = 0
        self.budget = self.PASSES * len(clean) + (1 << 16)
        values: dict[Pointer, tuple[int, int]] = {}
        start = _SKIP_WS.match(clean, 0).end()
        end = len(clean.rstrip(" \t\r\n"))  # json accepted it: one value, then whitespace
        if start < end:
            values[()] = (start, end)
        self.values = values
        return values

    def span(self, pointer: Pointer, key: bool) -> Span | None:
        if self.full is None:
            offsets = self._key(pointer) if key else self._find(pointer)
            if self.full is None:
                return None if offsets is None else self.positions.span(*offsets)
        return (self.full.key_spans if key else self.full.spans).get(pointer)

    def _find(self, pointer: Pointer) -> tuple[int, int] | None:
        values = self.values if self.values is not None else self._start()
        found = values.get(pointer)
        if found is not None or not pointer:
            return found
        for i in range(len(pointer)):
            child = pointer[: i + 1]
            if child not in values:
                parent = pointer[:i]
                if parent in self.children or parent not in values:
                    return None
                self._index(parent)
                if child not in values:
                    return None
        return values.get(pointer)

    def _key(self, pointer: Pointer) -> tuple[int, int] | None:
        if pointer and self._find(pointer) is not None:
            return self.keys.get(pointer)
        return None

    def _over_budget(self) -> bool:
        if self.scanned <= self.budget:
            return False
        if len(self.clean) <= HAND_PARSE_MAX and self.full is None:
            try:
                self.full = _Parser(self.positions.text).parse()
            except LoadError:  # cannot happen for text the fast path accepted
                pass
        return True

    def _index(self, pointer: Pointer) -> None:
        """Offsets of a container's children: one pattern per key (with the separator before
        it) or item, the C scanner per value."""
        children: list[Pointer] = []
        self.children[pointer] = children
        if self.scanned > self.budget and self._over_budget():
            return
        clean, values = self.clean, self.values
        start, stop = values[pointer]
        self.scanned += stop - start
        opener = clean[start]
        scan_once = _SKIPPER.scan_once
        try:
            if opener == "{":
                keys, key_match = self.keys, _ENTRY.compiled.match
                pos = start + 1
                while (found := key_match(clean, pos)) is not None:
                    name = found.group(1)
                    quote = found.start(1) - 1
                    if "\\" in name:
                        name = scanstring(clean, quote + 1, False)[0]
                    child = pointer + (name,)
                    keys[child] = (quote, found.end(1) + 1)
                    pos = found.end()
                    end = scan_once(clean, pos)[1]
                    if child not in values:
                        children.append(child)
                    values[child] = (pos, end)  # a repeated key: the last one wins, as in the data
                    pos = end
            elif opener == "[":
                skip = _SEPARATOR.compiled.match
                pos, index = skip(clean, start + 1).end(), 0
                while clean[pos] != "]":
                    child = pointer + (index,)
                    index += 1
                    end = scan_once(clean, pos)[1]
                    children.append(child)
                    values[child] = (pos, end)
                    pos = skip(clean, end).end()
        except (StopIteration, ValueError, IndexError, RecursionError, AttributeError):
            return  # cannot happen for text json accepted; positions stay unknown, never a crash

    def pointers(self, key: bool) -> list[Pointer]:
        """Every pointer of the document that has a span (or a key span)."""
        if self.values is None:
            self._start()
        if len(self.clean) <= HAND_PARSE_MAX:  # one hand-parser pass costs less than indexing all
            self.scanned = self.budget + 1
            self._over_budget()
        if self.full is not None:
            return list(self.full.key_spans if key else self.full.spans)
        found: list[Pointer] = []
        stack: list[Pointer] = [()] if () in self.values else []
        while stack:
            pointer = stack.pop()
            if not key or pointer in self.keys:
                found.append(pointer)
            if pointer not in self.children:
                self._index(pointer)
            stack.extend(reversed(self.children[pointer]))
        return found


class _LazySpans(Mapping[Pointer, Span]):
    """``doc.spans`` / ``doc.key_spans`` of a fast-path document: spans computed on demand."""

    __slots__ = ("index", "of_keys")

    def __init__(self, index: _LazyIndex, keys: bool) -> None:
        self.index = index
        self.of_keys = keys

    def get(self, pointer: Pointer, default: Any = None) -> Any:  # type: ignore[override]
        try:
            span = self.index.span(pointer, self.of_keys)
        except TypeError:  # an unhashable part in a foreign pointer
            span = None
        return default if span is None else span

    def __getitem__(self, pointer: Pointer) -> Span:
        span = self.get(pointer)
        if span is None:
            raise KeyError(pointer)
        return span

    def __contains__(self, pointer: object) -> bool:
        return isinstance(pointer, tuple) and self.get(pointer) is not None

    def __iter__(self) -> Iterator[Pointer]:
        return iter(self.index.pointers(self.of_keys))

    def __len__(self) -> int:
        return len(self.index.pointers(self.of_keys))


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.positions = Positions(text)
        self.doc = Document(data=None, text=text)

    def error(self, message: str, offset: int | None = None) -> LoadError:
        line, column = self.positions.at(self.pos if offset is None else offset)
        return LoadError(message, line, column)

    def skip(self) -> None:
        """Skip whitespace and comments, recording the comments."""
        text = self.text
        while True:
            self.pos = _WS.match(text, self.pos).end()
            if not text.startswith("/", self.pos):
                return
            start = self.pos
            if text.startswith("//", start):
                end = _LINE_END.search(text, start)
                end = len(text) if end is None else end.start()
                body = text[start + 2 : end]
            elif text.startswith("/*", start):
                end = text.find("*/", start + 2)
                if end < 0:
                    raise self.error("unterminated /* comment", start)
                body = text[start + 2 : end]
                end += 2
            else:
                raise self.error("unexpected '/'", start)
            line, column = self.positions.at(start)
            line_start = self.positions.starts[line - 1]
            own_line = not text[line_start:start].strip()
            self.doc.comments.append(Comment(line, column, body.strip(), own_line))
            self.pos = end

    def string(self) -> str:
        start = self.pos
        try:
            value, self.pos = scanstring(self.text, start + 1, False)
        except JSONDecodeError as exc:
            raise self.error(f"invalid string: {exc.msg}", exc.pos) from None
        return value

    def scalar(self) -> Any:
        """Read a number or literal at pos."""
        text, start = self.text, self.pos
        match = _NUMBER.match(text, start)
        if match and match.end() > start:
            end = match.end()
            if _WORD_END.match(text, end):
                raise self.error("invalid number", start)
            token = match.group()
            self.pos = end
            if "." in token or "e" in token or "E" in token:
                return float(token)
            try:
                return int(token)
            except ValueError:  # beyond int's digit limit: keep its magnitude
                return float(token)
        match = _LITERAL.match(text, start)
        if match and not _WORD_END.match(text, match.end()):
            self.pos = match.end()
            return _LITERALS[match.group()]
        if text.startswith("'", start):
            raise self.error("strings must use double quotes", start)
        # name only the first character: the rest of an unquoted token may be a secret
        raise self.error(f"unexpected character {text[start]!r}: expected a value", start)

    def parse(self) -> Document:
        text, doc = self.text, self.doc
        stack: list[tuple[Any, Pointer, int]] = []  # (container, pointer, start offset)
        state = _VALUE
        pointer: Pointer = ()
        self.skip()
        if self.pos >= len(text):
            raise self.error("empty file: no JSON value")
        while True:
            if self.pos >= len(text):
                if not stack and state == _AFTER_VALUE:
                    return doc
                what = "'}'" if stack and isinstance(stack[-1][0], dict) else "']'"
                raise self.error(f"unexpected end of file: expected {what}")
            char = text[self.pos]
            if state == _VALUE or (state == _VALUE_OR_END and char != "]"):
                if state == _VALUE_OR_END:
                    pointer = stack[-1][1] + (len(stack[-1][0]),)
                start = self.pos
                if char in "{[":
                    if len(stack) >= MAX_DEPTH:
                        raise self.error(f"nesting deeper than {MAX_DEPTH} levels")
                    stack.append(({} if char == "{" else [], pointer, start))
                    self.pos += 1
                    state = _KEY_OR_END if char == "{" else _VALUE_OR_END
                    self.skip()
                    continue
                value = self.string() if char == '"' else self.scalar()
                self.doc.spans[pointer] = self.positions.span(start, self.pos)
                self.store(stack, pointer, value)
                state = _AFTER_VALUE
            elif state == _KEY_OR_END:
                if char == "}":
                    self.close(stack)
                    state = _AFTER_VALUE
                elif char == '"':
                    start = self.pos
                    key = self.string()
                    pointer = stack[-1][1] + (key,)
                    doc.key_spans[pointer] = self.positions.span(start, self.pos)
                    self.skip()
                    if not text.startswith(":", self.pos):
                        raise self.error("expected ':' after the key")  # never the key's text: it may hold a secret
                    self.pos += 1
                    state = _VALUE
                else:
                    raise self.error("expected a property name in double quotes or '}'")
            elif state == _VALUE_OR_END:  # char == "]"
                self.close(stack)
                state = _AFTER_VALUE
            else:  # _AFTER_VALUE
                if not stack:
                    raise self.error("extra data after the JSON value")
                container = stack[-1][0]
                if char == ",":
                    self.pos += 1
                    state = _KEY_OR_END if isinstance(container, dict) else _VALUE_OR_END
                elif char == "}" and isinstance(container, dict):
                    self.close(stack)
                elif char == "]" and isinstance(container, list):
                    self.close(stack)
                else:
                    closer = "'}'" if isinstance(container, dict) else "']'"
                    raise self.error(f"expected ',' or {closer}")
            self.skip()

    def close(self, stack: list[tuple[Any, Pointer, int]]) -> None:
        """Pop the innermost container and attach it to its parent."""
        container, pointer, start = stack.pop()
        self.pos += 1
        self.doc.spans[pointer] = self.positions.span(start, self.pos)
        self.store(stack, pointer, container)

    def store(self, stack: list[tuple[Any, Pointer, int]], pointer: Pointer, value: Any) -> None:
        if not stack:
            self.doc.data = value
            return
        parent = stack[-1][0]
        if isinstance(parent, dict):
            name = pointer[-1]
            if name in parent:
                self.doc.duplicate_keys.append(pointer)
                self.doc.duplicate_spans.append(self.doc.key_spans.get(pointer))  # this repeat's key
            parent[name] = value
        else:
            parent.append(value)

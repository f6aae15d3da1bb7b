"""JSON and JSONC (comments, trailing commas) with the position of every key and value.

A hand-written scanner, because stdlib ``json`` gives no positions and keeps duplicate keys
silently; measured at about 1 ms for a 5 KB config (see linter-conventions.md section 12).
The parser is iterative (an explicit stack), so deep nesting cannot raise RecursionError.
Strings go through ``json.decoder.scanstring`` (C), so escapes behave exactly as in ``json``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from json.decoder import JSONDecodeError, scanstring
from typing import Any

from mcplint.model import Comment, Document, LoadError, Pointer, Span

MAX_DEPTH = 512
"""Deeper nesting is refused: no MCP config needs it, and pointers would grow quadratically."""

_WS = re.compile(r"[ \t\r\n]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_LITERAL = re.compile(r"true|false|null|NaN|-?Infinity")
_WORD_END = re.compile(r"[A-Za-z0-9_$.+-]")
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


class _Positions:
    """Offset -> (line, column), both 1-based; columns count code points."""

    def __init__(self, text: str) -> None:
        self.starts = [0]
        self.starts.extend(m.end() for m in re.finditer("\n", text))

    def at(self, offset: int) -> tuple[int, int]:
        index = bisect_right(self.starts, offset) - 1
        return index + 1, offset - self.starts[index] + 1

    def span(self, start: int, end: int) -> Span:
        line, column = self.at(start)
        end_line, end_column = self.at(end)
        return Span(line, column, end_line, end_column)


def load_jsonc(text: str) -> Document:
    """Parse JSON or JSONC text into a Document; raise LoadError with line and column."""
    return _Parser(text.removeprefix("\ufeff")).parse()


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.positions = _Positions(text)
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
                end = text.find("\n", start)
                end = len(text) if end < 0 else end
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
                        raise self.error(f"expected ':' after key {key!r}")
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
            parent[name] = value
        else:
            parent.append(value)

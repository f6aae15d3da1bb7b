"""Format-aware edits by span: replace a scalar, remove a list item or a key, add one.

Each helper reads the document's spans (every value and key, see ``model.Document``) and the
text around them, and returns :class:`~mcplint.fix.edits.Edit` records. JSON/JSONC, YAML flow
collections and TOML arrays/inline tables share the comma grammar; YAML block collections and
TOML ``[table]`` bodies are edited line by line, in the indentation the file already uses.
The applier re-parses the result, so a case these helpers get wrong is dropped, never written.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from mcplint._lazyre import lazy_compile
from mcplint.fix.edits import Edit, Offsets
from mcplint.model import Document, Pointer

_YAML_PLAIN = lazy_compile(r"[A-Za-z0-9_./@+=~-][A-Za-z0-9_./@+=~ -]*\Z")
_TOML_BARE = lazy_compile(r"[A-Za-z0-9_-]+\Z")


class FixUnavailable(Exception):
    """This file's layout is one the helpers do not edit safely; the fix is skipped with a note."""


@dataclass
class Source:
    """The text being fixed, its parsed document and format."""

    text: str
    doc: Document
    fmt: str

    def __post_init__(self) -> None:
        self.offsets = Offsets(self.text)

    def value_range(self, pointer: Pointer) -> tuple[int, int]:
        span = self.doc.spans.get(pointer)
        if span is None:
            raise FixUnavailable("no position for the value")
        return self.offsets.span(span)

    def key_start(self, pointer: Pointer) -> int:
        span = self.doc.key_spans.get(pointer)
        if span is None:
            raise FixUnavailable("no position for the key")
        return self.offsets.at(span.line, span.column)

    def key_end(self, pointer: Pointer) -> int:
        span = self.doc.key_spans.get(pointer)
        if span is None:
            raise FixUnavailable("no position for the key")
        return self.offsets.at(span.end_line, span.end_column)

    def value(self, pointer: Pointer) -> Any:
        node = self.doc.data
        for part in pointer:
            node = node[part]
        return node

    def flow(self, pointer: Pointer) -> bool:
        """The collection at ``pointer`` is written with brackets (JSON, YAML flow, TOML array or
        inline table), not as indented lines or a TOML ``[table]`` body."""
        start, _ = self.value_range(pointer)
        head = self.text[start:start + 1]
        if self.fmt in ("json", "jsonc"):
            return True
        if self.fmt == "toml":
            return head == "{" or (head == "[" and isinstance(self.value(pointer), list))
        return head in "[{" and head != ""


# -- rendering ------------------------------------------------------------------------------

def render_string(src: Source, value: str, like: str = '"') -> str:
    """``value`` as a string literal of the file's format, in the quoting style of ``like``."""
    if src.fmt == "yaml":
        if like.startswith("'") and "\n" not in value:
            return "'" + value.replace("'", "''") + "'"
        if not like.startswith(("'", '"')) and _YAML_PLAIN.match(value) and ": " not in value and " #" not in value:
            return value
    if src.fmt == "toml" and like.startswith("'") and "'" not in value and "\n" not in value:
        return "'" + value + "'"
    return json.dumps(value, ensure_ascii=False)


def render_value(src: Source, value: Any) -> str:
    """A one-line literal: strings, numbers, booleans, lists and objects of them."""
    if isinstance(value, str):
        return render_string(src, value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(render_value(src, v) for v in value) + "]"
    if isinstance(value, dict):
        if src.fmt == "toml":
            return "{ " + ", ".join(f"{render_key(src, k)} = {render_value(src, v)}" for k, v in value.items()) + " }"
        return "{" + ", ".join(f"{json.dumps(k)}: {render_value(src, v)}" for k, v in value.items()) + "}"
    return json.dumps(value)


def render_key(src: Source, key: str) -> str:
    if src.fmt == "toml" and _TOML_BARE.match(key):
        return key
    if src.fmt == "yaml" and _YAML_PLAIN.match(key) and " " not in key:
        return key
    return json.dumps(key, ensure_ascii=False)


def _entry(src: Source, key: str, value: Any) -> str:
    sep = " = " if src.fmt == "toml" else ": "
    return render_key(src, key) + sep + render_value(src, value)


# -- scalars --------------------------------------------------------------------------------

def replace_string(src: Source, pointer: Pointer, value: str) -> Edit:
    """The string at ``pointer`` replaced by ``value``, quoted as the original was."""
    start, end = src.value_range(pointer)
    raw = src.text[start:end]
    if "\n" in raw and src.fmt != "json":
        raise FixUnavailable("a multi-line string")
    return Edit(start, end, render_string(src, value, raw[:1]))


# -- removal --------------------------------------------------------------------------------

def _skip_space(text: str, i: int, newlines: bool = True) -> int:
    chars = " \t\r\n" if newlines else " \t"
    while i < len(text) and text[i] in chars:
        i += 1
    return i


def _back_space(text: str, i: int) -> int:
    while i > 0 and text[i - 1] in " \t\r\n":
        i -= 1
    return i


def _blank(text: str) -> bool:
    return not text.strip()


def flow_remove(src: Source, start: int, end: int) -> list[Edit]:
    """Remove ``[start, end)`` from a comma-separated collection with one neighbouring comma."""
    text, off = src.text, src.offsets
    after = _skip_space(text, end)
    if after < len(text) and text[after] == ",":
        stop = _skip_space(text, after + 1, newlines=False)
        line0 = off.line_start(start)
        if _blank(text[line0:start]) and text[stop:stop + 1] in ("\n", "\r"):
            return [Edit(line0, off.line_end(stop), "")]  # the item had its own line
        nxt = _skip_space(text, after + 1)
        if text[nxt:nxt + 1] in ("]", "}"):  # a trailing comma follows: keep it off the result
            return [Edit(_back_space(text, start), after + 1, "")]
        return [Edit(start, stop, "")]
    before = _back_space(text, start)
    if before > 0 and text[before - 1] == ",":
        return [Edit(before - 1, end, "")]
    line0, line1 = off.line_start(start), off.line_end(end)
    if _blank(text[line0:start]) and _blank(text[end:line1]):
        comma = _comma_before_comment(text, line0)
        return ([Edit(comma, comma + 1, "")] if comma is not None else []) + [Edit(line0, line1, "")]
    return [Edit(start, end, "")]


def _comma_before_comment(text: str, line0: int) -> int | None:
    """The comma ending the previous line before its ``// comment`` (the new last item's)."""
    if line0 == 0:
        return None
    prev0 = text.rfind("\n", 0, line0 - 1) + 1
    line = text[prev0:line0]
    match = re.match(r'((?:[^"/]|"(?:[^"\\]|\\.)*")*?),[ \t]*//[^\n]*\r?\n\Z', line)
    return prev0 + len(match.group(1)) if match else None


def _block_empty(src: Source, container: Pointer, empty: str) -> Edit:
    """A YAML block collection losing its only entry becomes ``[]`` / ``{}``, not null."""
    colon = src.text.find(":", src.key_end(container))
    _, end = src.value_range(container)
    if colon < 0:
        raise FixUnavailable("no key for the collection")
    end_line = src.offsets.line_end(end)
    newline = src.text[end_line - 2:end_line] if src.text[end_line - 2:end_line] == "\r\n" else src.text[end_line - 1:end_line]
    return Edit(colon + 1, end_line, " " + empty + (newline if newline in ("\n", "\r\n") else ""))


def remove_item(src: Source, container: Pointer, index: int) -> list[Edit]:
    """Remove item ``index`` of the list at ``container``."""
    start, end = src.value_range(container + (index,))
    if src.flow(container):
        return flow_remove(src, start, end)
    if src.fmt != "yaml":
        raise FixUnavailable("an array layout not edited")
    if len(src.value(container)) == 1:
        return [_block_empty(src, container, "[]")]
    line0 = src.offsets.line_start(start)
    if not re.fullmatch(r"[ \t]*-[ \t]*", src.text[line0:start]):
        raise FixUnavailable("a list item not on its own line")
    return [Edit(line0, src.offsets.line_end(end), "")]


def remove_key(src: Source, container: Pointer, key: str) -> list[Edit]:
    """Remove ``key`` (and its value) from the mapping at ``container``."""
    pointer = container + (key,)
    kstart = src.key_start(pointer)
    _, vend = src.value_range(pointer)
    if src.fmt == "toml":
        cstart, _ = src.value_range(container) if container in src.doc.spans else (0, 0)
        if src.text[cstart:cstart + 1] == "{":
            return flow_remove(src, kstart, vend)
        if src.text[kstart - 1:kstart] in ('"', "'"):
            kstart -= 1
        return [Edit(src.offsets.line_start(kstart), src.offsets.line_end(vend), "")]
    if src.fmt in ("json", "jsonc") or src.flow(container):
        if src.text[kstart:kstart + 1] not in ('"', "'") and src.text[kstart - 1:kstart] in ('"', "'"):
            kstart -= 1
        return flow_remove(src, kstart, vend)
    if len(src.value(container)) == 1:
        return [_block_empty(src, container, "{}")]
    line0 = src.offsets.line_start(kstart)
    if not _blank(src.text[line0:kstart]):
        raise FixUnavailable("a key not at the start of its line")
    return [Edit(line0, src.offsets.line_end(vend), "")]


# -- insertion ------------------------------------------------------------------------------

def _indent_of(src: Source, offset: int) -> str:
    line0 = src.offsets.line_start(offset)
    return re.match(r"[ \t]*", src.text[line0:]).group(0)


def flow_append(src: Source, container: Pointer, ends: list[int], item: str) -> Edit:
    """Add ``item`` (rendered) after the last of the bracketed collection at ``container``'s items
    (``ends``: where each item ends; none: the collection is empty)."""
    start, end = src.value_range(container)
    closer = end - 1
    if src.text[closer:closer + 1] not in ("]", "}"):
        raise FixUnavailable("a collection without its closing bracket")
    if not ends:
        return Edit(start + 1, start + 1, item)
    last = max(ends)
    off = src.offsets
    if off.line_start(last) != off.line_start(closer):  # one item per line: a new line, same indent
        return Edit(last, last, "," + off.newline() + _indent_of(src, last) + item)
    return Edit(last, last, ", " + item)


def append_item(src: Source, container: Pointer, value: Any) -> Edit:
    """Add ``value`` at the end of the list at ``container``."""
    items = src.value(container)
    ends = [src.value_range(container + (i,))[1] for i in range(len(items))]
    if src.flow(container):
        return flow_append(src, container, ends, render_value(src, value))
    if src.fmt != "yaml" or not items:
        raise FixUnavailable("an array layout not edited")
    first, _ = src.value_range(container + (0,))
    line0 = src.offsets.line_start(first)
    prefix = src.text[line0:first]
    at = src.offsets.line_end(max(ends))
    nl = "" if src.text[at - 1:at] == "\n" else src.offsets.newline()
    return Edit(at, at, nl + prefix + render_value(src, value) + src.offsets.newline())


def add_key(src: Source, container: Pointer, key: str, value: Any) -> Edit:
    """Add ``key: value`` at the end of the mapping at ``container`` (which must lack ``key``)."""
    mapping = src.value(container)
    ends = [src.value_range(container + (k,))[1] for k in mapping if container + (k,) in src.doc.spans]
    if src.fmt == "toml":
        return _toml_add(src, container, key, value, ends)
    if src.flow(container):
        return flow_append(src, container, ends, _entry(src, key, value))
    if not mapping:
        raise FixUnavailable("an empty block mapping")
    first = min(src.key_start(container + (k,)) for k in mapping)
    at = src.offsets.line_end(max(ends))
    nl = "" if src.text[at - 1:at] == "\n" else src.offsets.newline()
    return Edit(at, at, nl + _indent_of(src, first) + _entry(src, key, value) + src.offsets.newline())


def _toml_add(src: Source, container: Pointer, key: str, value: Any, ends: list[int]) -> Edit:
    start, _ = src.value_range(container)
    if src.text[start:start + 1] == "{":
        return flow_append(src, container, ends, _entry(src, key, value))
    if src.text[start:start + 1] != "[":
        raise FixUnavailable("a TOML table without its own [header]")
    header_end = src.offsets.line_end(start)
    mapping = src.value(container)
    own = []
    for k in mapping:
        child = container + (k,)
        if child not in src.doc.key_spans or child not in src.doc.spans:
            continue
        line0 = src.offsets.line_start(src.key_start(child))
        if src.text[line0:].lstrip().startswith("["):
            continue  # a sub-table with its own [header]
        own.append(src.value_range(child)[1])
    at = src.offsets.line_end(max(own)) if own else header_end
    nl = "" if src.text[at - 1:at] == "\n" or at == 0 else src.offsets.newline()
    return Edit(at, at, nl + _entry(src, key, value) + src.offsets.newline())

"""YAML with the position of every key and value, its comments and its duplicate keys.

Built from PyYAML's *event* stream (libyaml's C parser when available) rather than from
``yaml.compose``: events give an alias its own position and the document-start marks needed to
refuse multi-document streams, and they let nesting depth and alias expansion be bounded while
parsing, before anything large is built (the composer recurses, and ``safe_load`` would happily
expand a billion-laughs document). Only the YAML 1.1 core tags are interpreted; any other tag
(``!!python/object``, ``!Ref``...) is ignored and its value stays plain data, so nothing is ever
constructed or executed.

Positions are code-point offsets from the parser's marks, turned into 1-based line and column
with lines split at ``\\n`` only (as the JSONC and TOML loaders do), so YAML's extra line breaks
(``\\x85``, ``\\u2028``) cannot shift a line number between loaders.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any, Callable

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from mcplint._lazyre import lazy_compile
from mcplint.load.positions import OffsetSpans, Positions
from mcplint.model import Comment, Document, LoadError, Pointer

MAX_DEPTH = 512
"""Deeper nesting is refused (the same limit as JSONC): no MCP config needs it."""

MAX_ALIAS_NODES = 10_000
"""Nodes that aliases may add in total; a billion-laughs document stops here, at the alias."""

_TAG = "tag:yaml.org,2002:"
_MERGE_TAG = _TAG + "merge"
_STR_TAG = _TAG + "str"

# The characters YAML forbids (PyYAML's Reader.NON_PRINTABLE); lone surrogates are among them.
_NON_PRINTABLE = lazy_compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
_BLOCK_HEADER_COMMENT = lazy_compile(r"(?:[!&][^ \t\n]*[ \t]+)*[|>][0-9+-]*[ \t]+(#)")
_BEFORE_COMMENT = frozenset(" \t\r\n\x85\u2028\u2029\ufeff\"'[]{},")
"""What may stand just before a comment's ``#``: a blank or YAML line break (libyaml skips a
BOM that starts a line), a closing quote, a flow indicator."""

_LINE_BREAK = lazy_compile("[\n\r\x85\u2028\u2029]")
"""YAML ends a comment at any of its line breaks."""

_SCALAR, _SEQ, _MAP, _ALIAS = range(4)

_PLAIN: dict[str, tuple[str, Any]] = {}
"""Plain scalar text -> (resolved tag, value): keys and values repeat within and across files."""
_PLAIN_KEPT, _PLAIN_TEXT_MAX = 4096, 64
"""Bounds on ``_PLAIN``: hostile files must not grow memory."""
_PRINTABLE_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n\r"
"""The ASCII characters YAML allows (``_NON_PRINTABLE``'s complement below 0x80)."""


def load_yaml(text: str) -> Document:
    """Parse one YAML document into a Document; raise LoadError with line and column."""
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return load_yaml_with(text, fast)
        except LoadError as error:
            if _LIBYAML_DEPTH not in error.message:
                raise
            # newer libyaml (as in PyYAML 6.0.4's wheels) has a nesting limit of its own (1,000,
            # yaml/libyaml#287), which its look-ahead (up to 1,024 characters of a possible key)
            # can reach before the composer reaches MAX_DEPTH: the pure-Python scanner has no
            # such limit, so the composer refuses the text at its own limit, with its place
    return load_yaml_with(text, yaml.SafeLoader)


_LIBYAML_DEPTH = "exceeded maximum nesting depth"


def load_yaml_data(text: str) -> Any:
    """The plain data of a YAML text that mcplint reads for itself (rule files), with the same
    bounds as a scanned config: no billion-laughs expansion, no runaway nesting, no tags
    constructed. Raises LoadError with the line and column."""
    return load_yaml(text).data


def load_yaml_with(text: str, loader_class: type) -> Document:
    """``load_yaml`` with a chosen PyYAML loader class (tests compare C and pure Python)."""
    text = text.removeprefix("\ufeff")
    if text.startswith("\ufeff") and loader_class is not yaml.SafeLoader:
        # a second BOM: libyaml skips it too but leaves it out of its marks (every position one
        # column off on line 1); PyYAML's marks count it
        loader_class = yaml.SafeLoader
    positions = Positions(text, lazy=True)
    bad = None if _printable_ascii(text) else _NON_PRINTABLE.search(text)
    if bad:
        line, column = positions.at(bad.start())
        raise LoadError(
            f"character U+{ord(bad.group()):04X} is not allowed in YAML", line, column
        )
    try:
        composer = _Composer(text, loader_class(text), positions)
        root = composer.compose()
        doc = _Materializer(text, positions).document(root)
        doc.comments = _comments(text, composer, positions)
    except yaml.MarkedYAMLError as exc:
        raise _marked_error(exc, positions, len(text)) from None
    except yaml.YAMLError as exc:  # a ReaderError: the checks above should prevent it
        from mcplint.load import quiet_message

        raise LoadError(f"invalid YAML: {quiet_message(str(exc))}") from None
    except RecursionError:
        raise LoadError(f"YAML nesting is too deep (limit {MAX_DEPTH} levels)") from None
    return doc


def _printable_ascii(text: str) -> bool:
    """ASCII text with no control character but tab and line breaks: the common case, checked
    with one byte-table pass (the full pattern costs several times more per character)."""
    return text.isascii() and not text.encode("ascii").translate(None, _PRINTABLE_ASCII)


def _marked_error(exc: yaml.MarkedYAMLError, positions: Positions, size: int) -> LoadError:
    """Turn PyYAML's error into a LoadError at the problem (else the context) mark."""
    problem, context = exc.problem, exc.context
    if problem and context:
        message = f"{problem} ({context})"
    else:
        message = problem or context or "invalid YAML"
    from mcplint.load import quiet_message

    message = quiet_message(message)
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return LoadError(f"invalid YAML: {message}")
    line, column = positions.at(min(max(mark.index, 0), size))
    return LoadError(f"invalid YAML: {message}", line, column)


class _Node:
    """A parsed node: offsets of its text, and its value.

    ``value`` is the constructed scalar, a list of child nodes (sequence), a list of
    (key node, value node) pairs (mapping), or the anchored node (alias).
    ``height`` and ``size`` count levels and nodes once aliases are expanded, so an alias can
    be refused before it is expanded. (A plain class: a dataclass costs ~1 ms at import.)
    """

    __slots__ = ("kind", "start", "end", "value", "raw", "merge", "height", "size")

    def __init__(self, kind: int, start: int, end: int, value: Any, raw: str = "", merge: bool = False,
                 height: int = 1, size: int = 1) -> None:
        self.kind = kind
        self.start = start
        self.end = end
        self.value = value
        self.raw = raw
        self.merge = merge
        self.height = height
        self.size = size


class _Frame:
    """A sequence or mapping whose end event has not come yet."""

    __slots__ = ("kind", "start", "flow", "anchor", "items", "key", "end", "height", "size")

    def __init__(self, kind: int, start: int, flow: bool, anchor: str | None, end: int = 0) -> None:
        self.kind = kind
        self.start = start
        self.flow = flow
        self.anchor = anchor
        self.items: list[Any] = []
        self.key: _Node | None = None
        self.end = end
        self.height = 1
        self.size = 1


def _timestamp(constructor: SafeConstructor, node: ScalarNode) -> str:
    """Dates become ISO strings so the data stays JSON-like."""
    return constructor.construct_yaml_timestamp(node).isoformat()


_CONSTRUCTORS: dict[str, Callable[[SafeConstructor, ScalarNode], Any]] = {
    _TAG + "null": lambda _constructor, _node: None,
    _TAG + "bool": SafeConstructor.construct_yaml_bool,
    _TAG + "int": SafeConstructor.construct_yaml_int,
    _TAG + "float": SafeConstructor.construct_yaml_float,
    _TAG + "timestamp": _timestamp,
}
"""Tags whose scalars are not kept as strings; every other tag gives the plain string."""


class _Composer:
    """Events -> one tree of _Node, with depth, alias and document limits enforced."""

    def __init__(self, text: str, loader: Any, positions: Positions) -> None:
        self.text = text
        self.loader = loader
        self.positions = positions
        self.resolver = Resolver()
        self.constructor = SafeConstructor()
        self.stack: list[_Frame] = []
        self.anchors: dict[str, _Node] = {}
        self.alias_nodes = 0
        self.root: _Node | None = None
        self.chosen: _Node | None = None
        self.document_offset = 0
        self.scalar_starts: list[int] = []
        self.scalar_ends: list[int] = []
        """Where every scalar and alias stands, in order: a ``#`` inside one is no comment."""
        self.block_starts: list[int] = []
        """Where block scalars (``|``, ``>``) start: their header line may end in a comment."""

    def error(self, message: str, offset: int) -> LoadError:
        line, column = self.positions.at(offset)
        return LoadError(message, line, column)

    def compose(self) -> _Node | None:
        """The document's root node; None for a stream with no document at all."""
        handlers: dict[type, Callable[[Any], None]] = {
            yaml.ScalarEvent: self.scalar,
            yaml.MappingStartEvent: self.open,
            yaml.SequenceStartEvent: self.open,
            yaml.MappingEndEvent: self.close,
            yaml.SequenceEndEvent: self.close,
            yaml.AliasEvent: self.alias,
            yaml.DocumentStartEvent: self.document_start,
            yaml.DocumentEndEvent: self.document_end,
        }
        check, get = self.loader.check_event, self.loader.get_event
        try:
            while check():
                event = get()
                handler = handlers.get(type(event))
                if handler is not None:
                    handler(event)
        finally:
            self.loader.dispose()
        return self.chosen

    def document_start(self, event: yaml.DocumentStartEvent) -> None:
        self.document_offset = event.start_mark.index
        self.anchors = {}  # anchors are scoped to their document

    def document_end(self, _event: yaml.DocumentEndEvent) -> None:
        """Keep the one non-empty document; a second one is an error."""
        root, self.root = self.root, None
        chosen = self.chosen
        if root is None or (chosen is not None and _is_empty(root)):
            return
        if chosen is not None and not _is_empty(chosen):
            raise self.error(
                "multiple YAML documents in one file: MCP clients read one",
                self.document_offset,
            )
        self.chosen = root

    def scalar(self, event: yaml.ScalarEvent) -> None:
        start, end = event.start_mark.index, event.end_mark.index
        # a tag or anchor is part of the event, not of the value: a comment may stand between
        self.scalar_starts.append(_after_properties(self.text, start, end) if event.tag or event.anchor else start)
        self.scalar_ends.append(end)
        if event.style in ("|", ">"):  # the marks include the trailing blank lines
            self.block_starts.append(start)
            end = start + len(self.text[start:end].rstrip(" \t\r\n"))
        raw, tag = event.value, event.tag
        if tag is None or tag == "!":
            if not event.implicit[0]:  # quoted: a string, whatever it says
                self.finish(_Node(_SCALAR, start, end, raw, raw), event.anchor)
                return
            tag, value = self.plain(raw, event.implicit, start)
        else:
            value = raw if tag == _STR_TAG else self.construct(tag, raw, False, start)
        self.finish(_Node(_SCALAR, start, end, value, raw, tag == _MERGE_TAG), event.anchor)

    def plain(self, raw: str, implicit: tuple[bool, bool], start: int) -> tuple[str, Any]:
        """Tag and value of an untagged plain scalar: a function of its text, so remembered."""
        known = _PLAIN.get(raw)
        if known is not None:
            return known
        tag = self.resolver.resolve(ScalarNode, raw, implicit)
        found = (tag, raw if tag == _STR_TAG else self.construct(tag, raw, True, start))
        if len(raw) <= _PLAIN_TEXT_MAX and len(_PLAIN) < _PLAIN_KEPT:
            _PLAIN[raw] = found  # values are immutable scalars (PyYAML itself shares its NaN)
        return found

    def construct(self, tag: str, value: str, implicit: bool, start: int) -> Any:
        """The scalar's value; a plain string for unknown tags and unparsable implicit ones."""
        make = _CONSTRUCTORS.get(tag)
        if make is None:
            return value
        try:
            return make(self.constructor, ScalarNode(tag, value))
        except (ValueError, KeyError, IndexError, TypeError, OverflowError):
            if implicit:  # e.g. 2001-13-45 or 0b_ look typed but are not: keep the text
                return value
            raise self.error(f"invalid value for tag {tag}", start) from None

    def open(self, event: yaml.CollectionStartEvent) -> None:
        start = event.start_mark.index
        if len(self.stack) >= MAX_DEPTH:
            raise self.error(f"YAML nesting deeper than {MAX_DEPTH} levels", start)
        kind = _MAP if isinstance(event, yaml.MappingStartEvent) else _SEQ
        frame = _Frame(kind, start, bool(event.flow_style), event.anchor, end=start)
        self.stack.append(frame)

    def close(self, event: yaml.CollectionEndEvent) -> None:
        frame = self.stack.pop()
        # A block collection's end event stands at the next token, past trailing comments and
        # blank lines; its own text ends with its last child.
        end = event.end_mark.index if frame.flow else frame.end
        node = _Node(frame.kind, frame.start, end, frame.items)
        node.height, node.size = frame.height, frame.size
        self.finish(node, frame.anchor)

    def alias(self, event: yaml.AliasEvent) -> None:
        start, name = event.start_mark.index, event.anchor
        target = self.anchors.get(name)
        if target is None:
            if any(frame.anchor == name for frame in self.stack):
                raise self.error("recursive alias: it names an anchor that is not complete yet", start)
            raise self.error("alias names no anchor before it", start)
        self.alias_nodes += target.size
        if self.alias_nodes > MAX_ALIAS_NODES:
            raise self.error(
                f"aliases expand to more than {MAX_ALIAS_NODES} nodes (billion laughs?)", start
            )
        if len(self.stack) + target.height > MAX_DEPTH:
            raise self.error(f"alias nests deeper than {MAX_DEPTH} levels", start)
        end = event.end_mark.index
        self.scalar_starts.append(start)
        self.scalar_ends.append(end)
        node = _Node(_ALIAS, start, end, target, height=target.height, size=target.size)
        self.finish(node, None)

    def finish(self, node: _Node, anchor: str | None) -> None:
        """Register a complete node under its anchor and hand it to its parent."""
        if anchor is not None:
            self.anchors[anchor] = node
        if not self.stack:
            self.root = node
            return
        frame = self.stack[-1]
        if node.end > frame.end:
            frame.end = node.end
        if node.height >= frame.height:
            frame.height = node.height + 1
        frame.size += node.size
        if frame.kind == _SEQ:
            frame.items.append(node)
        elif frame.key is None:
            frame.key = node
        else:
            frame.items.append((frame.key, node))
            frame.key = None


def _is_empty(node: _Node) -> bool:
    """An empty document (nothing, or only comments) yields a zero-width null scalar."""
    return node.kind == _SCALAR and node.start == node.end and node.value is None


class _Materializer:
    """_Node tree -> plain data, spans, key spans and duplicate keys.

    An alias is expanded afresh wherever it is used (so no two places share one object); the
    alias itself gets its own span, the values inside it the spans of the anchored text.
    """

    def __init__(self, text: str, positions: Positions) -> None:
        self.text = text
        self.positions = positions
        self.spans: dict[Pointer, tuple[int, int]] = {}
        self.key_spans: dict[Pointer, tuple[int, int]] = {}
        """Offsets, made Spans only when read (``OffsetSpans``)."""
        self.duplicate_keys: list[Pointer] = []
        self.duplicate_spans: list[Any] = []

    def document(self, root: _Node | None) -> Document:
        data = None
        if root is None:
            self.spans[()] = (0, 0)  # line 1, column 1
        else:
            data = self.value(root, ())
        return Document(
            data=data, spans=OffsetSpans(self.spans, self.positions),
            key_spans=OffsetSpans(self.key_spans, self.positions), duplicate_keys=self.duplicate_keys, text=self.text,
            duplicate_spans=self.duplicate_spans,
        )

    def value(self, node: _Node, pointer: Pointer) -> Any:
        self.spans[pointer] = (node.start, node.end)
        if node.kind == _ALIAS:
            node = node.value
        if node.kind == _SCALAR:
            return node.value
        if node.kind == _SEQ:
            items = []
            for index, child in enumerate(node.value):  # no comprehension: one frame a level
                items.append(self.value(child, pointer + (index,)))
            return items
        result = {}
        for key, (key_node, value_node) in self.members(node, pointer).items():
            child = pointer + (key,)
            self.key_spans[child] = (key_node.start, key_node.end)
            result[key] = self.value(value_node, child)
        return result

    def members(self, node: _Node, pointer: Pointer | None) -> dict[str, tuple[_Node, _Node]]:
        """The mapping's effective members, merge keys applied, PyYAML's precedence.

        Explicit keys win over merged ones; a repeated explicit key keeps the last value (and
        is reported when ``pointer`` is given); in ``<<: [*a, *b]`` *a wins; of two ``<<``
        keys the later wins.
        """
        explicit: dict[str, tuple[_Node, _Node]] = {}
        merged: dict[str, tuple[_Node, _Node]] = {}
        for key_node, value_node in node.value:
            if key_node.kind == _SCALAR and key_node.merge:
                block: dict[str, tuple[_Node, _Node]] = {}
                for source in reversed(self.merge_sources(value_node)):
                    block.update(self.members(source, None))
                merged.update(block)
                continue
            key = self.key_text(key_node)
            if key in explicit and pointer is not None:
                self.duplicate_keys.append(pointer + (key,))
                self.duplicate_spans.append(self.positions.span(key_node.start, key_node.end))
            explicit[key] = (key_node, value_node)
        for key, pair in merged.items():
            explicit.setdefault(key, pair)
        return explicit

    def merge_sources(self, node: _Node) -> list[_Node]:
        """The mappings a ``<<`` value names, first (highest precedence) first."""
        target = node.value if node.kind == _ALIAS else node
        if target.kind == _MAP:
            return [target]
        if target.kind == _SEQ:
            sources = [item.value if item.kind == _ALIAS else item for item in target.value]
            if all(source.kind == _MAP for source in sources):
                return sources
        line, column = self.positions.at(node.start)
        raise LoadError(
            "invalid YAML: merge key << needs a mapping or a list of mappings", line, column
        )

    def key_text(self, node: _Node) -> str:
        """Keys become strings: a scalar key as written (``1``, ``true``), else its source."""
        if node.kind == _ALIAS:
            node = node.value
        if node.kind == _SCALAR:
            return node.raw
        return self.text[node.start : node.end]


def _after_properties(text: str, start: int, end: int) -> int:
    """Where a scalar's value starts, past its ``!tag`` / ``&anchor`` and any blanks, line
    breaks and comments after them (``! #note`` then the value on the next line)."""
    i = start
    while i < end and text[i] in "!&":
        while i < end and text[i] not in " \t\r\n":
            i += 1
        while i < end and (text[i] in " \t\r\n" or text[i] == "#"):
            if text[i] == "#":
                i = _line_end(text, i)
            else:
                i += 1
    return min(i, end)


def _comments(text: str, composer: _Composer, positions: Positions) -> list[Comment]:
    """Every comment: a ``#`` outside all scalars, after a blank or a flow indicator.

    PyYAML drops comments, but the composer noted where every scalar stands, quoted, plain
    or block, so a ``#`` inside one (``"a # b"``, ``a#b``, a ``|`` block's lines) is skipped.
    A ``#`` right after other text (a tag ``!a#b``, a ``%TAG`` prefix) starts no comment.
    The one comment a scalar's marks cover, after a block scalar's header, is looked up
    where each block scalar starts.
    """
    if "#" not in text:
        return []
    starts, ends = composer.scalar_starts, composer.scalar_ends
    found: list[tuple[int, int]] = []  # (offset of '#', end of the comment)
    for start in composer.block_starts:
        header = _BLOCK_HEADER_COMMENT.match(text, start)
        if header:
            found.append((header.start(1), _line_end(text, header.start(1))))
    pos = text.find("#")
    while pos >= 0:
        index = bisect_right(starts, pos) - 1
        if index >= 0 and pos < ends[index]:
            pos = text.find("#", ends[index])
        elif pos and text[pos - 1] not in _BEFORE_COMMENT:
            pos = text.find("#", pos + 1)
        else:
            end = _line_end(text, pos)
            found.append((pos, end))
            pos = text.find("#", end) if end < len(text) else -1
    found.sort()
    comments = []
    for (start, end), (line, column) in zip(found, positions.at_each(start for start, _ in found)):
        own_line = not text[start - column + 1 : start].strip()
        comments.append(Comment(line, column, text[start + 1 : end].strip(), own_line))
    return comments


def _line_end(text: str, start: int) -> int:
    """Where the comment starting at ``start`` ends: at any YAML line break."""
    end = _LINE_BREAK.search(text, start)
    return len(text) if end is None else end.start()

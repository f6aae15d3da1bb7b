"""Property tests for the JSON/JSONC loader.

- Random documents, written with random layout (whitespace, CRLF, comments, trailing commas,
  escapes, duplicate keys), load to the right values with the right span for every value and key.
- The fast path (``json`` + lazy spans) and the hand parser agree on everything: values, spans,
  comments, duplicate keys, and for broken text the same error at the same place.
- The big-file mode (no hand-parser fallback) agrees on values and never raises anything but
  LoadError.
- Random bytes through decode + parse never raise anything but LoadError.
Crashes found here are kept in fixtures/hostile/ (see tests/test_hostile.py).
"""

from __future__ import annotations

import json
import math
import pickle
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from helpers import span_text, walk
from mcplint.load import decode, parse
from mcplint.load.jsonc import _JSONC, _JSONC_TOKEN, MAX_DEPTH, _fast, _Parser, load_jsonc
from mcplint.model import Document, LoadError, Span

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ------------------------------------------------------------------------------ documents

KEYS = st.one_of(st.sampled_from(["a", "b", "command", "args", "", "a/b", "~", "é", '"', "\\", "//", "/*"]), st.text(max_size=6))
SCALARS = st.one_of(
    st.none(), st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["http://x//y", "/* not a comment */", "// nor this", "a,]", "\u2028", "\ud800", "ghp_x"]),
)


def _pairs(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.lists(st.tuples(KEYS, children), max_size=5).map(Obj)


class Obj(list):  # type: ignore[type-arg]
    """An object as written: (key, value) pairs, duplicates allowed."""


VALUES = st.recursive(SCALARS, lambda children: st.one_of(st.lists(children, max_size=5), _pairs(children)), max_leaves=25)

WS = st.sampled_from(["", "", " ", "\n", "\t", "\r\n", "  \n    ", " \r\n\t"])
COMMENT = st.one_of(
    st.just(""), st.just(""),
    st.text(alphabet=st.characters(blacklist_characters="\n\r"), max_size=10).map(lambda t: "//" + t + "\n"),
    st.text(max_size=10).filter(lambda t: "*/" not in t and not t.endswith("*")).map(lambda t: "/*" + t + "*/"),
    st.sampled_from(['// "quoted" { [ ,\n', "/**/", "/* // */", "/* a\r\n * b */", "/*/ */", "// */\n"]),
)


def render(value: Any, data: st.DataObject, jsonc: bool) -> str:
    def gap() -> str:
        text = data.draw(WS)
        if jsonc:
            text += data.draw(COMMENT) + data.draw(WS)
        return text

    def scalar(v: Any) -> str:
        if isinstance(v, float):
            if math.isnan(v):
                return "NaN"
            if math.isinf(v):
                return "Infinity" if v > 0 else "-Infinity"
        if isinstance(v, str):
            return json.dumps(v, ensure_ascii=data.draw(st.booleans()))
        return json.dumps(v)

    def go(v: Any) -> str:
        if isinstance(v, Obj):
            items = [gap() + scalar(k) + gap() + ":" + gap() + go(item) + gap() for k, item in v]
            trailing = "," + gap() if items and jsonc and data.draw(st.booleans()) else ""
            return "{" + ",".join(items) + trailing + gap() + "}"
        if isinstance(v, list):
            items = [gap() + go(item) + gap() for item in v]
            trailing = "," + gap() if items and jsonc and data.draw(st.booleans()) else ""
            return "[" + ",".join(items) + trailing + gap() + "]"
        return scalar(v)

    return gap() + go(value) + gap()


def plain(value: Any) -> Any:
    """What a client reads: the last value of a repeated key."""
    if isinstance(value, Obj):
        result: dict[str, Any] = {}
        for key, item in value:
            result[key] = plain(item)
        return result
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def same(a: Any, b: Any) -> bool:
    """Equality with NaN equal to itself and -0.0 apart from 0.0."""
    return repr(a) == repr(b)


def outcome(load: Any, text: str) -> tuple[Any, ...]:
    try:
        doc = load(text)
    except LoadError as error:
        return ("error", error.message, error.line, error.column)
    return ("doc", repr(doc.data), dict(doc.spans), dict(doc.key_spans), doc.comments, doc.duplicate_keys)


def hand(text: str) -> Document:
    return _Parser(text.removeprefix("\ufeff")).parse()


# ------------------------------------------------------------------------------ properties

@SETTINGS
@given(value=VALUES, data=st.data(), jsonc=st.booleans())
def test_random_documents_load_with_a_span_for_every_value_and_key_on_both_paths(value: Any, data: st.DataObject, jsonc: bool) -> None:
    text = render(value, data, jsonc)
    doc = load_jsonc(text)
    assert same(doc.data, plain(value))
    for pointer, item in walk(doc.data):
        piece = span_text(text, doc.spans[pointer])
        if isinstance(item, (dict, list)):
            assert piece[0] + piece[-1] in ("{}", "[]"), (pointer, piece)
            assert same(load_jsonc(piece).data, item)
        else:
            assert same(json.loads(piece), item), (pointer, piece)
        if pointer and isinstance(pointer[-1], str):
            assert json.loads(span_text(text, doc.key_spans[pointer])) == pointer[-1]
    assert outcome(load_jsonc, text) == outcome(hand, text)  # both paths agree on everything


@SETTINGS
@given(value=VALUES, data=st.data(), cut=st.integers(min_value=0), insert=st.sampled_from(["", ",", "/", "*", '"', "]", "}", "{", "x", "\\", "//", "/*"]))
@example(value=[], data=None, cut=0, insert="")  # type: ignore[arg-type]
def test_broken_documents_fail_alike_on_both_paths(value: Any, data: Any, cut: int, insert: str) -> None:
    text = render(value, data, True) if data is not None else "[,]"
    cut %= len(text) + 1
    broken = text[:cut] + insert + text[cut + 1 :]
    result = outcome(load_jsonc, broken)
    assert result == outcome(hand, broken)
    try:  # the big-file mode: its own messages, but a LoadError or the same values
        doc = _fast(broken.removeprefix("\ufeff"), True)
    except LoadError:
        assert result[0] == "error"
    else:
        assert doc is not None
        if result[0] == "doc":
            assert repr(doc.data) == result[1]
            for pointer, _ in walk(doc.data):
                assert doc.spans[pointer] == result[2][pointer]
        else:  # only nesting the hand parser refuses and json takes may differ
            assert "nesting" in result[1]


@SETTINGS
@given(raw=st.binary(max_size=300))
@example(raw=b"\xef\xbb\xbf{}")
@example(raw=b"\xff\xfe{\x00}\x00")
@example(raw=b'"\\')
@example(raw=b"[" * 1000)
def test_random_bytes_raise_only_load_error(raw: bytes) -> None:
    try:
        parse(decode(raw), "json")
    except LoadError as error:
        assert error.line >= 1 and error.column >= 1 and error.message
    try:
        _fast(raw.decode("utf-8", "replace"), True)
    except LoadError:
        pass


BOMS = [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"]


@SETTINGS
@given(bom=st.sampled_from(BOMS), raw=st.binary(max_size=200), fmt=st.sampled_from(["json", "yaml", "toml"]))
def test_every_format_through_the_load_stage_raises_only_load_error(bom: bytes, raw: bytes, fmt: str) -> None:
    """decode (BOMs of every width, broken code units) then the format's loader (YAML and TOML
    have their own property tests in tests/load/; this is the shared entry point)."""
    try:
        doc = parse(decode(bom + raw), fmt)
    except LoadError as error:
        assert error.line >= 1 and error.column >= 1 and error.message
    else:
        assert isinstance(doc, Document)


@SETTINGS
@given(text=st.text(alphabet='{}[],:"\\/*\n \tab1-.eE+truefalsnNI', max_size=60))
def test_token_soup_fails_alike_on_both_paths(text: str) -> None:
    assert outcome(load_jsonc, text) == outcome(hand, text)


# ------------------------------------------------------------------------------ examples

def test_depth_limit_is_the_same_on_both_paths() -> None:
    ok = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert load_jsonc(ok).spans[(0,) * (MAX_DEPTH - 1)] == Span(1, MAX_DEPTH, 1, MAX_DEPTH + 2)
    too_deep = "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)
    for load in (load_jsonc, hand, lambda t: _fast(t, True)):
        with pytest.raises(LoadError, match="nesting deeper") as info:
            load(too_deep)
        assert (info.value.line, info.value.column) == (1, MAX_DEPTH + 1)


def test_big_mode_reports_duplicates_of_the_values_in_use() -> None:
    doc = _fast('{"a": {"x": 1, "x": 2}, "b": [{"y": 1, "y": 2, "y": 3}]}', True)
    assert doc is not None and doc.data == {"a": {"x": 2}, "b": [{"y": 3}]}
    assert doc.duplicate_keys == [("a", "x"), ("b", 0, "y"), ("b", 0, "y")]
    assert doc.key_spans[("a", "x")].column == 16  # the last one, whose value is used


def test_big_mode_error_messages_name_the_place() -> None:
    with pytest.raises(LoadError, match="invalid JSON") as info:
        _fast('{\n  "a": 1,\n  "b" 2\n}', True)
    assert (info.value.line, info.value.column) == (3, 7)
    with pytest.raises(LoadError, match="empty file"):
        _fast("  \n", True)


def test_huge_integers_keep_their_magnitude_on_the_fast_path() -> None:
    doc = load_jsonc('{"n": ' + "9" * 5000 + ', "m": [1, 2]}')
    assert doc.data["n"] == float("inf") and doc.spans[("m", 1)].column == 5018


def test_fast_path_documents_pickle_with_their_spans() -> None:
    doc = load_jsonc('// c\n{"a": [1, {"b": 2},]}')
    copy = pickle.loads(pickle.dumps(doc))
    assert copy.spans[("a", 1, "b")] == doc.spans[("a", 1, "b")] == Span(2, 17, 2, 18)
    assert dict(copy.key_spans) == dict(doc.key_spans) and copy.comments == doc.comments


def test_lazy_spans_answer_foreign_pointers_with_none() -> None:
    doc = load_jsonc('{"a": [1, 2], "b": "x"}')
    assert doc.spans.get(("a", "0")) is None and doc.spans.get(("b", 0)) is None
    assert doc.spans.get(("zz",)) is None and ("a", 5) not in doc.spans
    assert doc.span(("a", 9, "q")) == doc.spans[("a",)]  # the nearest located ancestor
    assert doc.key_spans.get(()) is None and doc.spans.get(([],)) is None  # type: ignore[arg-type]


# ------------------------------------------------------------------------------ fast-path internals

def _tokens_one_by_one(text: str) -> list[tuple[int, int]]:
    """The JSONC tokens a scan of ``_JSONC_TOKEN`` matches finds, closed strings left out (the
    reference ``_JSONC`` must agree with: it steps over strings inside its matches)."""
    found = []
    for match in re.finditer(_JSONC_TOKEN, text):
        if match.group()[0] == '"' and match.group("close") is not None:
            continue
        found.append(match.span())
    return found


def _tokens(text: str) -> list[tuple[int, int]]:
    found = []
    for match in _JSONC.finditer(text):
        if match.group("token") is None:
            break
        found.append(match.span("token"))
    return found


@SETTINGS
@given(text=st.text(alphabet='"\\/*,{}[] \n\ta:1', max_size=40))
@example(text='"a\\\n" // x\n,]')  # a backslash before a line break ends no string: the quote is passed over
@example(text='[1, // c\n ]')
@example(text='"open // x')
def test_jsonc_tokens_are_those_of_a_token_by_token_scan(text: str) -> None:
    assert _tokens(text) == _tokens_one_by_one(text)


@SETTINGS
@given(value=VALUES, data=st.data(), jsonc=st.booleans())
def test_lazy_spans_are_the_hand_parsers(value: Any, data: st.DataObject, jsonc: bool) -> None:
    """Each pointer asked of a fresh fast-path document (so its containers are indexed one by one,
    its lines counted or indexed) gets the hand parser's span."""
    text = render(value, data, jsonc)
    expected = hand(text)
    if expected.duplicate_keys:
        return  # the fast path hands such a text to the hand parser
    pointers = [pointer for pointer, _ in walk(expected.data)]
    for pointer in pointers:
        doc = _fast(text, False)
        assert doc is not None
        assert doc.spans.get(pointer) == expected.spans[pointer], pointer
        assert doc.key_spans.get(pointer) == expected.key_spans.get(pointer), pointer
    doc = _fast(text, False)
    assert doc is not None
    for pointer in pointers:  # all on one document: past the direct counts, the line index
        assert doc.spans[pointer] == expected.spans[pointer], pointer


def test_lazy_spans_of_keys_with_escapes() -> None:
    text = '{"a\\"b": {"\\u0063": [1, {"\\\\": true}]}, "plain": 2}'
    doc = load_jsonc(text)
    assert doc.data == {'a"b': {"c": [1, {"\\": True}]}, "plain": 2}
    assert doc.key_spans[('a"b', "c")] == Span(1, 11, 1, 19)
    assert doc.spans[('a"b', "c", 1, "\\")] == Span(1, 32, 1, 36)
    assert doc.key_spans[("plain",)] == Span(1, 41, 1, 48)

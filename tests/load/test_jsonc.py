"""The JSON/JSONC loader: values, positions of every key and value, comments, errors."""

from __future__ import annotations

import json

import pytest
from helpers import span_text

from mcplint.load import decode, parse
from mcplint.load.jsonc import MAX_DEPTH, load_jsonc
from mcplint.model import LoadError, Span


def test_values_and_positions_of_every_key_and_value() -> None:
    text = '{\n  "mcpServers": {\n    "gh": {"command": "npx", "args": ["-y", "pkg@1.0.0"], "n": 1.5}\n  }\n}\n'
    doc = load_jsonc(text)
    assert doc.data == json.loads(text)
    assert doc.spans[("mcpServers", "gh", "command")] == Span(3, 23, 3, 28)
    assert doc.key_spans[("mcpServers", "gh", "command")] == Span(3, 12, 3, 21)
    assert span_text(text, doc.spans[("mcpServers", "gh", "args", 1)]) == '"pkg@1.0.0"'
    assert span_text(text, doc.spans[("mcpServers", "gh", "n")]) == "1.5"
    assert span_text(text, doc.spans[("mcpServers",)]).startswith("{") and span_text(text, doc.spans[("mcpServers",)]).endswith("}")


def test_jsonc_comments_trailing_commas_bom_and_crlf() -> None:
    raw = '\ufeff// leading\r\n{\r\n  "a": [1, 2,], /* inline */\r\n  "b": {"c": "d",},\r\n}\r\n'.encode("utf-8")
    text = decode(raw)
    doc = parse(text, "json")
    assert doc.data == {"a": [1, 2], "b": {"c": "d"}}
    assert doc.spans[("b", "c")].line == 4
    assert [(c.line, c.text, c.own_line) for c in doc.comments] == [(1, "leading", True), (3, "inline", False)]


def test_utf16_with_bom_is_decoded() -> None:
    raw = '{"mcpServers": {}}'.encode("utf-16")
    assert parse(decode(raw), "json").data == {"mcpServers": {}}


def test_duplicate_keys_are_recorded_and_the_last_value_wins() -> None:
    doc = load_jsonc('{"a": 1, "a": 2}')
    assert doc.data == {"a": 2}
    assert doc.duplicate_keys == [("a",)]
    assert doc.spans[("a",)].column == 15


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ('{"a": 1,\n "b" 2}', 2, 6, "expected ':'"),
        ('{"a": [1, 2}', 1, 12, "expected ','"),
        ('{"a": 1} {"b": 2}', 1, 10, "extra data"),
        ("", 1, 1, "empty file"),
        ('{"a": tru}', 1, 7, "unexpected character 't'"),
        ("{'a': 1}", 1, 2, "property name in double quotes"),
        ('{"a": "x\\q"}', 1, 9, "invalid string"),
        ('{"a": 1 /* open', 1, 9, "unterminated"),
        ('[1, 2', 1, 6, "unexpected end of file"),
    ],
)
def test_errors_carry_line_and_column(text: str, line: int, column: int, words: str) -> None:
    with pytest.raises(LoadError) as info:
        load_jsonc(text)
    assert (info.value.line, info.value.column) == (line, column)
    assert words in info.value.message


def test_error_message_never_echoes_an_unquoted_token() -> None:
    token = "ghp_" + "A1b2C3d4" * 4 + "Zz9y"
    with pytest.raises(LoadError) as info:
        load_jsonc('{"env": {"TOKEN": ' + token + "}}")
    assert token[:6] not in info.value.message


def test_deep_nesting_is_an_error_not_a_recursion_error() -> None:
    with pytest.raises(LoadError, match="nesting deeper"):
        load_jsonc("[" * 100_000 + "]" * 100_000)
    depth_ok = "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)
    assert load_jsonc(depth_ok).data is not None


def test_nan_infinity_and_huge_numbers_load() -> None:
    doc = load_jsonc('{"a": NaN, "b": -Infinity, "c": ' + "9" * 5000 + ', "d": 1e400}')
    assert doc.data["b"] == float("-inf")
    assert doc.data["c"] == float("inf") and doc.data["d"] == float("inf")


def test_invalid_utf8_is_reported_with_its_position() -> None:
    with pytest.raises(LoadError) as info:
        decode(b'{"a":\n "\xff"}')
    assert (info.value.line, info.value.column) == (2, 3)
    assert "invalid UTF-8" in info.value.message


def test_binary_is_reported() -> None:
    with pytest.raises(LoadError, match="binary"):
        decode(b"\x00\x01\x02\xff\xfe\x00")

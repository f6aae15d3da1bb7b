"""The JSON report's own indenting writer prints exactly what ``json.dumps(indent=2)`` would."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from mcplint.report.json_report import indented

SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
KEYS = st.text() | st.integers() | st.booleans() | st.none() | st.floats(allow_nan=False)
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
                      max_leaves=30)


def _same(value: Any) -> None:
    assert "".join(indented(value)) == json.dumps(value, indent=2, ensure_ascii=False)


@settings(max_examples=300, deadline=None)
@given(VALUES)
def test_any_json_value_is_written_as_json_dumps_writes_it(value: Any) -> None:
    _same(value)


def test_edge_values() -> None:
    for value in ({}, [], [[[]]], {"a": {}, "b": []}, "\u2028\"\\\x00é", -0.0, float("inf"), 10**40, (1, "x"),
                  {1: 2, None: 3, False: 4, 2.5: 5}):
        _same(value)


def test_subclasses_and_containers_of_flat_containers() -> None:
    from collections import OrderedDict
    from enum import IntEnum
    from typing import NamedTuple

    class Point(NamedTuple):
        x: int
        y: str

    class Level(IntEnum):
        HIGH = 3

    class Text(str):
        pass

    finding = {"rule": "MCP201", "line": 3, "server": None, "fix": True, "score": 0.5, "message": "a\nb\u2028"}
    for value in ({"findings": [finding, dict(finding, line=4)]}, [[1, 2], {"a": [3]}, [finding], []],
                  OrderedDict(), OrderedDict(a=1, b=[OrderedDict(c=2)]), [Point(1, "y")], {"p": Point(2, "z")},
                  [Level.HIGH, Text("t"), 1.0e300], {"k": {Level.HIGH: 1, 2.5: [], None: {}}}, [OrderedDict(), {}]):
        _same(value)


def test_a_value_json_cannot_write_is_refused() -> None:
    for value in (object(), {"a": {1, 2}}, {(1, 2): "tuple key"}, [{"a": object()}], [[1, {(1,): 2}]]):
        try:
            "".join(indented(value))
        except TypeError:
            continue
        raise AssertionError(f"{value!r} was written")

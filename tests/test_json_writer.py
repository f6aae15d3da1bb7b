"""The JSON report's own indenting writer prints exactly what ``json.dumps(indent=2)`` would."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from mcplint.report.json_report import _indented

SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
KEYS = st.text() | st.integers() | st.booleans() | st.none() | st.floats(allow_nan=False)
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
                      max_leaves=30)


def _same(value: Any) -> None:
    assert "".join(_indented(value, "\n")) == json.dumps(value, indent=2, ensure_ascii=False)


@settings(max_examples=300, deadline=None)
@given(VALUES)
def test_any_json_value_is_written_as_json_dumps_writes_it(value: Any) -> None:
    _same(value)


def test_edge_values() -> None:
    for value in ({}, [], [[[]]], {"a": {}, "b": []}, "\u2028\"\\\x00é", -0.0, float("inf"), 10**40, (1, "x"),
                  {1: 2, None: 3, False: 4, 2.5: 5}):
        _same(value)


def test_a_value_json_cannot_write_is_refused() -> None:
    for value in (object(), {"a": {1, 2}}, {(1, 2): "tuple key"}):
        try:
            "".join(_indented(value, "\n"))
        except TypeError:
            continue
        raise AssertionError(f"{value!r} was written")

"""Positions: counted answers (a file with few findings) and the line index agree everywhere;
OffsetSpans acts as the dict of Spans it stands for."""

from __future__ import annotations

import pickle

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mcplint.load.positions import OffsetSpans, Positions
from mcplint.model import Span

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TEXT = st.text(alphabet="ab\n\r\té😀", max_size=60)


def reference(text: str, offset: int) -> tuple[int, int]:
    """Lines end at \\n, \\r\\n or a lone \\r (issue 15: a CR-only file is not one line)."""
    line, start, i = 1, 0, 0
    while i < offset:
        char = text[i]
        if char == "\n" or (char == "\r" and text[i + 1 : i + 2] != "\n"):
            line, start = line + 1, i + 1
        i += 1
    return line, offset - start + 1


def test_every_line_ending_counts_once() -> None:
    for nl in ("\n", "\r\n", "\r"):
        text = nl.join(["ab", "cd", "ef"])
        positions = Positions(text, lazy=True)
        assert positions.at(text.index("e")) == (3, 1) and positions.at(text.index("d")) == (2, 2)
    mixed = "a\rb\r\nc\nd"
    assert [Positions(mixed).at(mixed.index(c)) for c in "abcd"] == [(1, 1), (2, 1), (3, 1), (4, 1)]


@SETTINGS
@given(text=TEXT, data=st.data())
def test_counted_and_indexed_answers_agree(text: str, data: st.DataObject) -> None:
    offsets = data.draw(st.lists(st.integers(min_value=0, max_value=len(text)), max_size=40))
    counted, indexed = Positions(text, lazy=True), Positions(text)
    for offset in offsets:  # past its budget the lazy one builds the index: both ways are checked
        assert counted.at(offset) == indexed.at(offset) == reference(text, offset)
    pairs = [tuple(sorted(data.draw(st.tuples(*[st.integers(0, len(text))] * 2)))) for _ in range(3)]
    for start, end in pairs:
        expected = Span(*reference(text, start), *reference(text, end))
        assert Positions(text, lazy=True).span(start, end) == indexed.span(start, end) == expected
    ascending = sorted(offsets)
    assert list(Positions(text, lazy=True).at_each(ascending)) == [reference(text, o) for o in ascending]


def test_a_big_text_with_many_questions_answers_each_in_any_order() -> None:
    """Past the counting budget the lazy positions build the index: answers stay the same."""
    text = "x\n" * 50_000
    positions = Positions(text, lazy=True)
    offsets = list(range(0, len(text), 997))
    for offset in offsets + offsets[::-1]:
        assert positions.at(offset) == reference(text, offset)


def test_offset_spans_act_as_a_dict_of_spans() -> None:
    text = "ab\ncd"
    positions = Positions(text, lazy=True)
    spans = OffsetSpans({(): (0, 5), ("a",): (3, 4)}, positions)
    expected = {(): Span(1, 1, 2, 3), ("a",): Span(2, 1, 2, 2)}
    assert dict(spans) == expected and spans == expected and len(spans) == 2
    assert ("a",) in spans and ("b",) not in spans and spans.get(("b",)) is None
    assert pickle.loads(pickle.dumps(spans)) == expected


def test_offset_spans_build_their_offsets_on_first_use() -> None:
    calls = []

    def build() -> dict:
        calls.append(1)
        return {(): (0, 1)}

    spans = OffsetSpans(build, Positions("x", lazy=True))
    assert not calls
    assert spans[()] == Span(1, 1, 1, 2) and list(spans) == [()] and calls == [1]

"""The dotenv loader (env files a config names): values, positions, quotes and comments."""

from __future__ import annotations

from mcplint.load.dotenv import load_dotenv


def test_dotenv_loader_positions_quotes_and_comments() -> None:
    doc = load_dotenv("# c\nexport A=1\nB = 'two # not a comment'\nC=three # comment\n  D=\"x\\ny\"\nnot a line\nA=4\n")
    assert doc.data == {"A": "4", "B": "two # not a comment", "C": "three", "D": "x\ny"}
    assert doc.span(("B",))[:2] == (3, 6) and doc.key_span(("C",))[:2] == (4, 1)
    assert doc.duplicate_keys == [("A",)]

"""The HTML report escapes the characters the terminal reports escape (``mcplint.escape``, one
definition), in its own form ``\\uXXXX``; tab and line break stay, as in a source excerpt."""

from __future__ import annotations

import io

from mcplint.escape import printable
from mcplint.model import Finding, Report
from mcplint.report import ReportOptions, render

CHARACTERS = [chr(c) for c in range(0xA1)] + ["\u061c", "\u200b", "\u200e", "\u200f", "\u2028", "\u2029", "\u202a",
                                              "\u202e", "\u2066", "\u2069", "\ufeff", "\ufff9", "\ufffb", "\ud800",
                                              "\udfff", "é", "日", "\U0001f600"]


def test_each_character_is_shown_as_the_terminal_reports_judge_it() -> None:
    message = "".join(f"[{char}]" for char in CHARACTERS)
    out = io.StringIO()
    render(Report("1", 1, [Finding("MCP201", "n", "high", "f.json", 1, 1, message)], {}), "html", out, ReportOptions())
    page = out.getvalue()
    page.encode("utf-8")  # no lone surrogate reaches the page
    for char in CHARACTERS:
        if printable(char) == char or char in "\t\n":
            shown = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"}.get(char, char)
        else:
            shown = f"\\u{ord(char):04x}"
        assert f"[{shown}]" in page, repr(char)

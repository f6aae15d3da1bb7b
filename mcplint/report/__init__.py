"""Report stage: reporters receive the finished Report and only format it."""

from __future__ import annotations

from typing import Callable, TextIO

from mcplint.model import Report

FORMATS = ("text", "concise", "json", "sarif", "github")


def render(report: Report, fmt: str, out: TextIO, color: bool = False) -> None:
    """Write the report in ``fmt``; each reporter module is imported only when used."""
    writer: Callable[..., None]
    if fmt == "json":
        from mcplint.report.json_report import write as writer
    elif fmt == "sarif":
        from mcplint.report.sarif import write as writer
    elif fmt == "github":
        from mcplint.report.github import write as writer
    elif fmt == "concise":
        from mcplint.report.text import write_concise as writer
    else:
        from mcplint.report.text import write as writer
        writer(report, out, color=color)
        return
    writer(report, out)

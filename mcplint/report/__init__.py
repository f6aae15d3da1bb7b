"""Report stage: reporters receive the finished Report and only format it.

One registry: a format's name maps to the module that writes it. Each module has
``write(report, out, options)``; it is imported only when that format is used. The CLI and the
config validation read the format names from here.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any, TextIO

from mcplint.model import Report
from mcplint.record import Frozen

REPORTERS: dict[str, str] = {
    "text": "mcplint.report.text",
    "concise": "mcplint.report.concise",
    "json": "mcplint.report.json_report",
    "sarif": "mcplint.report.sarif",
    "github": "mcplint.report.github",
    "gitlab": "mcplint.report.gitlab",
    "junit": "mcplint.report.junit",
    "ndjson": "mcplint.report.ndjson",
    "html": "mcplint.report.html",
}
"""Format name → module with ``write(report, out, options)``."""

FORMATS: tuple[str, ...] = tuple(REPORTERS)


class ReportOptions(Frozen):
    """How the user asked for the report; each reporter reads the fields it understands."""

    color: bool = False
    width: int | None = None
    """Terminal width for the text report; ``None``: ``COLUMNS``, else 100."""
    group_by: str = "file"
    quiet: bool = False
    statistics: bool = False
    automation_id: str | None = None
    report_suppressed: bool = False
    fail_on: str = "low"
    """The severity at or above which a finding fails the run (the summary's exit line)."""
    exit_zero: bool = False
    """``--exit-zero``: findings never fail the run."""
    extra: dict[str, Any] = {}
    """Options of one format that no other reads (never changed in place: one dict is shared)."""


def render(report: Report, fmt: str, out: TextIO, options: ReportOptions | None = None) -> None:
    """Write the report in ``fmt``."""
    import_module(REPORTERS[fmt]).write(report, out, options or ReportOptions())


def summary_line(report: Report, options: ReportOptions | None = None) -> str:
    """The one-line summary every human-readable output ends with (text, concise, and the
    stderr line of ``-o FILE``): one wording everywhere."""
    from mcplint.report.summary import summary_line as line

    return line(report, options or ReportOptions())

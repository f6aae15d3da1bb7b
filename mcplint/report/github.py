"""``--format github``: GitHub Actions workflow commands, one annotation per finding."""

from __future__ import annotations

from typing import TextIO

from mcplint.report import ReportOptions
from mcplint.model import Report

LEVELS = {"critical": "error", "high": "error", "medium": "warning", "low": "notice", "info": "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def write(report: Report, out: TextIO, options: ReportOptions | None = None) -> None:
    for f in report.findings:
        title = _escape_property(f"mcplint {f.rule} {f.name}")
        out.write(
            f"::{LEVELS[f.severity]} file={_escape_property(f.file)},line={f.line},col={f.column},"
            f"endLine={f.end_line or f.line},endColumn={f.end_column or f.column},title={title}::"
            f"{_escape_data(f'[{f.severity}] {f.message}')}\n"
        )

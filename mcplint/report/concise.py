"""The concise format: one greppable line per finding, ``file:line:col: RULE [severity] message``."""

from __future__ import annotations

from typing import TextIO

from mcplint.model import Report
from mcplint.report import ReportOptions


def write(report: Report, out: TextIO, options: ReportOptions) -> None:
    for f in report.findings:
        server = f" [{f.server}]" if f.server else ""
        out.write(f"{f.file}:{f.line}:{f.column}: {f.rule} [{f.severity}] {f.message}{server}\n")
    if report.findings:  # the same summary as the text report and the stderr line after -o
        from mcplint.report.summary import summary_line

        out.write(summary_line(report) + "\n")

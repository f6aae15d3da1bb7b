"""The concise format: one greppable line per finding, ``file:line:col: RULE [severity] message``,
then the summary line every human-readable format ends with.

Names and messages are escaped like the text report's (no control character reaches the
terminal, no line can be read as a GitHub workflow command).
"""

from __future__ import annotations

from typing import TextIO

from mcplint.model import Report
from mcplint.report import ReportOptions
from mcplint.escape import printable, safe_line


def write(report: Report, out: TextIO, options: ReportOptions) -> None:
    from mcplint.report.summary import statistics_lines, summary_line

    if options.statistics:
        lines = statistics_lines(report)
    else:
        lines = [f"{printable(f.file)}:{f.line}:{f.column}: {printable(f.rule)} [{f.severity}] {printable(f.message)}"
                 + (f" [{printable(f.server)}]" if f.server else "") for f in report.findings]
    lines += [f"note: {printable(note)}" for note in report.notes]  # refused suppressions: shown even with --quiet
    if not options.quiet:
        lines.append(summary_line(report, options))
    out.write("".join(safe_line(line) + "\n" for line in lines))

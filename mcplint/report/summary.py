"""The words that end a human-readable report: one summary line, counts, the exit code's meaning,
and ``--statistics`` (findings counted per rule instead of listed).

Text, concise and the ``-o FILE`` stderr line all take their summary from here, so the wording
is the same whichever format was chosen.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import TextIO

from mcplint.model import SEVERITIES, Report, severity_rank
from mcplint.report import ReportOptions
from mcplint.escape import printable


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_line(report: Report, options: ReportOptions | None = None) -> str:
    """``Found 13 findings (1 critical, 4 high) in 3 of 5 files.``, ``No findings in 5 files.``
    or, with nothing read, ``No MCP configuration files found (nothing to scan).``"""
    findings = report.findings
    suppressed = f"; {len(report.suppressed)} suppressed" if report.suppressed else ""
    if findings:
        counts = Counter(f.severity for f in findings)
        parts = ", ".join(f"{counts[s]} {s}" for s in reversed(SEVERITIES) if counts[s])
        files = len({f.file for f in findings})
        return (f"Found {plural(len(findings), 'finding')} ({parts}) in {files} of "
                f"{plural(report.files_scanned, 'file')}{suppressed}.")
    if report.files_scanned == 0:
        return "No MCP configuration files found (nothing to scan)."
    return f"No findings in {plural(report.files_scanned, 'file')}{suppressed}."


def failing_count(report: Report, options: ReportOptions) -> int:
    """Findings at or above the fail-on severity."""
    threshold = severity_rank(options.fail_on)
    return sum(1 for f in report.findings if severity_rank(f.severity) >= threshold)


def exit_line(report: Report, options: ReportOptions) -> str:
    """``exit 1: 4 findings at or above low``: what the exit code means, in one line."""
    failing = failing_count(report, options)
    at = f"at or above {options.fail_on}"
    if options.exit_zero:
        return f"exit 0: --exit-zero ({plural(failing, 'finding')} {at})"
    if failing:
        return f"exit 1: {plural(failing, 'finding')} {at}"
    return f"exit 0: no finding {at}"


def top_rules(report: Report, limit: int = 5) -> tuple[list[str], int]:
    """``3 MCP501 unpinned-package`` for the most frequent rules, and how many rules are left out."""
    names = {f.rule: f.name for f in report.findings}
    counts = Counter(f.rule for f in report.findings).most_common()
    counts.sort(key=lambda item: (-item[1], item[0]))
    shown = [f"{count} {printable(rule)} {printable(names[rule])}" for rule, count in counts[:limit]]
    return shown, max(0, len(counts) - limit)


def files_line(report: Report) -> str:
    skipped = f", {report.files_skipped} skipped (excluded)" if report.files_skipped else ", none skipped"
    return f"files: {report.files_scanned} scanned{skipped}"


def statistics_lines(report: Report) -> list[str]:
    """``--statistics``: one line per rule, most frequent first: count, id, name, worst severity."""
    counts = Counter(f.rule for f in report.findings)
    worst: dict[str, str] = {}
    names: dict[str, str] = {}
    for f in report.findings:
        names[f.rule] = f.name
        if f.rule not in worst or severity_rank(f.severity) > severity_rank(worst[f.rule]):
            worst[f.rule] = f.severity
    width = len(str(max(counts.values(), default=0)))
    return [f"{count:>{width}}  {printable(rule)}  {printable(names[rule])}  [{worst[rule]}]"
            for rule, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def write_statistics(report: Report, out: TextIO, fmt: str = "text") -> None:
    """``--statistics``: the lines above, or with ``fmt == "json"`` a JSON list (ruff's keys)."""
    if fmt == "json":
        counts = Counter((f.rule, f.name) for f in report.findings)
        rows = sorted(counts.items(), key=lambda item: (-item[1], item[0][0]))
        out.write(json.dumps([{"code": rule, "name": name, "count": n} for (rule, name), n in rows], indent=2) + "\n")
        return
    out.write("".join(line + "\n" for line in statistics_lines(report)))

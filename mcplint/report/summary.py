"""Findings counted rather than listed: the one-line summary and ``--statistics``.

Not an output format (those are in ``REPORTERS``): these are what ``mcplint scan`` prints
on stderr after writing a report to a file, and instead of the findings with --statistics.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import TextIO

from mcplint.model import SEVERITIES, Report


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_line(report: Report) -> str:
    """``Found 2 findings (1 high, 1 low) in 1 of 3 files.``, or what was (not) scanned."""
    if report.findings:
        counts = Counter(f.severity for f in report.findings)
        parts = ", ".join(f"{counts[s]} {s}" for s in reversed(SEVERITIES) if counts[s])
        files = len({f.file for f in report.findings})
        return (f"Found {_plural(len(report.findings), 'finding')} ({parts}) in {files} of "
                f"{_plural(report.files_scanned, 'file')}.")
    if report.files_scanned == 0:
        return "No MCP configuration files found (nothing to scan)."
    return f"No findings in {_plural(report.files_scanned, 'file')}."


def statistics(report: Report) -> list[tuple[int, str, str]]:
    """``(count, rule id, rule name)`` per rule that fired, most frequent first (ruff's order)."""
    counts = Counter((f.rule, f.name) for f in report.findings)
    return sorted(((n, rule, name) for (rule, name), n in counts.items()), key=lambda row: (-row[0], row[1]))


def write_statistics(report: Report, out: TextIO, fmt: str = "text") -> None:
    """``COUNT  RULE  name`` lines, aligned; with ``fmt == "json"`` a JSON list (ruff's keys)."""
    rows = statistics(report)
    if fmt == "json":
        out.write(json.dumps([{"code": rule, "name": name, "count": n} for n, rule, name in rows], indent=2) + "\n")
        return
    count_width = max((len(str(n)) for n, _, _ in rows), default=1)
    rule_width = max((len(rule) for _, rule, _ in rows), default=1)
    for n, rule, name in rows:
        out.write(f"{n:>{count_width}}  {rule:<{rule_width}}  {name}\n")

"""``--format junit``: JUnit XML, the format every CI dashboard reads.

One test suite per scanned file; each finding is a failing test case, and a file with no
finding gets one passing case, so the dashboard counts clean configs too. Suppressed findings
are left out, as in every other format.
"""

from __future__ import annotations

from itertools import groupby
from typing import TextIO
from xml.sax.saxutils import escape, quoteattr

from mcplint.model import Finding, Report
from mcplint.report import ReportOptions

_CONTROL = dict.fromkeys([c for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)] + [0x7F, 0xFFFE, 0xFFFF], "\ufffd")
"""Characters XML 1.0 cannot hold (a config name may carry them): replaced, so the file parses."""


def _text(value: str) -> str:
    return escape(value.translate(_CONTROL))


def _attr(value: str) -> str:
    return quoteattr(value.translate(_CONTROL))


def _case(f: Finding) -> str:
    where = f"{f.line}:{f.column}"
    name = f"{f.rule} {f.name} at {where}" + (f" [{f.server}]" if f.server else "")
    body = f"{f.file}:{where}: {f.rule} [{f.severity}] {f.message}"
    return (f'    <testcase classname={_attr(f.file)} name={_attr(name)} file={_attr(f.file)} line="{f.line}">\n'
            f'      <failure type={_attr(f.rule)} message={_attr(f"[{f.severity}] {f.message}")}>{_text(body)}</failure>\n'
            f'    </testcase>\n')


def write(report: Report, out: TextIO, options: ReportOptions | None = None) -> None:
    by_file = {file: list(group) for file, group in groupby(sorted(report.findings, key=lambda f: f.file), key=lambda f: f.file)}
    files = list(dict.fromkeys([*report.files, *by_file]))
    failures = len(report.findings)
    tests = failures + sum(1 for file in files if file not in by_file)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(f'<testsuites name="mcplint" tests="{tests}" failures="{failures}" errors="0">\n')
    for file in files:
        findings = by_file.get(file, [])
        out.write(f'  <testsuite name={_attr(file)} tests="{max(len(findings), 1)}" failures="{len(findings)}" errors="0">\n')
        if findings:
            out.write("".join(_case(f) for f in findings))
        else:
            out.write(f'    <testcase classname={_attr(file)} name="no findings" file={_attr(file)}/>\n')
        out.write("  </testsuite>\n")
    out.write("</testsuites>\n")

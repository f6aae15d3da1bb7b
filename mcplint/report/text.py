"""``--format text`` (grouped by file, the offending line shown) and ``--format concise``.

Colour comes from rich, imported only when colour is on (a TTY without NO_COLOR); otherwise
the same layout is written as plain text. Source lines are shown with secrets masked.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import groupby
from operator import attrgetter, itemgetter
from typing import Any, TextIO

from mcplint.report import ReportOptions
from mcplint.model import SEVERITIES, Report

STYLES = {"critical": "bold white on red", "high": "bold red", "medium": "yellow", "low": "cyan", "info": "dim"}
_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"|\'([^\'\n]*)\'')
# The key a value follows ("token": "..., token = ...): ["']?([\w.@/-]+)["']?\s*[:=]\s*$ searched
# in what precedes the value, here matched backwards from the value in the reversed line.
_KEY_BEFORE_REVERSED = re.compile(r'\s*[:=]\s*["\']?([\w.@/-]+)')
_BARE_VALUE = re.compile(r"^(\s*-?\s*[\w.-]+\s*[:=]\s*)([^\s\"'#{\[][^#]*?)\s*$")
_WORD = re.compile(r"[^\s\"'`,;(){}\[\]<>]{8,}")
MAX_LINE = 160
_FILE = attrgetter("file")
_TEXT = itemgetter(0)


def mask_line(line: str, spans: list[tuple[int, int]] = ()) -> str:
    """The line with every detected secret (and the given column spans) replaced by its redacted form."""
    from mcplint.secrets import redact, scan_value

    chars = list(line)
    for start, end in spans:  # 1-based columns, end exclusive: the value of a secret finding
        s, e = max(start - 1, 0), min(end - 1, len(chars))
        if e > s:
            chars[s:e] = ["\0"] * (e - s)
    masked = "".join(chars)
    masked = re.sub("\0+", "«redacted»", masked)
    values: list[tuple[int, str, str | None]] = []
    backwards = masked[::-1]
    for match in _STRING.finditer(masked):
        key = _key_before(backwards, match.start())
        group = 1 if match.group(1) is not None else 2
        values.append((match.start(group), match.group(group), key))
    bare = _BARE_VALUE.match(masked)
    if bare:
        key = bare.group(1).strip(" -:=\t")
        values.append((bare.start(2), bare.group(2), key))
    # and every word of the line, comments included: a token in `// old key: ghp_...` is masked too
    for word in _WORD.finditer(masked):
        key, sep, value = word.group().partition("=")
        values.append((word.start(), word.group(), None))
        if sep and value:
            values.append((word.start() + len(key) + 1, value, key))
    spans_found: list[tuple[int, int]] = []
    for offset, value, key in values:
        for placement in ("env", "header", "url", "arg"):
            for hit in scan_value(value, placement=placement, name=key):
                spans_found.append((offset + hit.start, offset + hit.end))
    for start, end in reversed(_merge(spans_found)):
        masked = masked[:start] + redact(masked[start:end]) + masked[end:]
    return masked


def _key_before(backwards: str, end: int) -> str | None:
    """The key before ``line[end:]`` (None: none), given the line reversed.

    Searching every prefix of a long line costs time in its length squared; the match can
    only be the word just before ``end``, so the reversed line is matched there instead.
    """
    found = _KEY_BEFORE_REVERSED.match(backwards, len(backwards) - end)
    return found.group(1)[::-1] if found else None


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching spans joined, in order."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _lines(report: Report, fixable: Any = frozenset()) -> list[list[tuple[str, str]]]:
    """The report as lines of (text, style) segments; ``fixable``: fingerprints of findings
    ``--fix`` can fix, marked ``[*]`` as ruff does."""
    out: list[list[tuple[str, str]]] = []
    # (source line, secret spans) -> the line as shown: the same line recurs across files
    shown_lines: dict[tuple[str, tuple[tuple[int, int], ...]], str] = {}
    # segments that recur from finding to finding, made once
    gutter = (f"{'':10}│ ", "dim")
    severities = {s: (f"{s:<9}", STYLES[s]) for s in STYLES}
    rules: dict[tuple[str, str], tuple[tuple[str, str], tuple[str, str]]] = {}
    for file, group in groupby(report.findings, key=_FILE):
        findings = list(group)
        out.append([(file, "bold underline")])
        source = report.sources.get(file, "").split("\n")  # lines as positions count them
        secret_spans: dict[int, list[tuple[int, int]]] = {}
        for f in findings:
            if f.rule.startswith("MCP1") and f.end_line == f.line:
                secret_spans.setdefault(f.line, []).append((f.column, f.end_column))
        for f in findings:
            where = f"  {f.line}:{f.column}"
            server = f" [{f.server}]" if f.server else ""
            rule = rules.get((f.rule, f.name))
            if rule is None:
                rule = rules[(f.rule, f.name)] = ((f"{f.rule} ", "bold"), (f"{f.name}: ", "dim"))
            out.append([
                (f"{where:<10}", "dim"), severities[f.severity], *rule,
                *((("[*] ", "green"),) if f.fingerprint in fixable else ()), (f.message, ""), (server, "cyan"),
            ])
            if 0 < f.line <= len(source):
                spans = secret_spans.get(f.line)
                key = (source[f.line - 1], tuple(spans) if spans else ())
                shown = shown_lines.get(key)
                if shown is None:  # several findings often share a line
                    shown = shown_lines[key] = mask_line(key[0], list(key[1])).strip()[:MAX_LINE]
                if shown:
                    out.append([gutter, (shown, "dim")])
        out.append([])
    counts = Counter(f.severity for f in report.findings)
    files = len({f.file for f in report.findings})
    if report.findings:
        parts = ", ".join(f"{counts[s]} {s}" for s in reversed(SEVERITIES) if counts[s])
        summary = f"Found {len(report.findings)} finding{'s' if len(report.findings) != 1 else ''} ({parts}) in {files} of {report.files_scanned} file{'s' if report.files_scanned != 1 else ''}."
        out.append([(summary, "bold")])
    elif report.files_scanned == 0:
        out.append([("No MCP configuration files found (nothing to scan).", "bold")])
    else:
        out.append([(f"No findings in {report.files_scanned} file{'s' if report.files_scanned != 1 else ''}.", "bold green")])
    if report.suppressed:
        out.append([(f"{len(report.suppressed)} finding(s) suppressed (inline ignores, config or baseline).", "dim")])
    return out


def write(report: Report, out: TextIO, options: ReportOptions) -> None:
    lines = _lines(report, options.extra.get("fixable", frozenset()))
    if not options.color:
        out.write("".join(["".join(map(_TEXT, segments)) + "\n" for segments in lines]))
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(file=out, force_terminal=True, highlight=False, soft_wrap=True)
    for segments in lines:
        console.print(Text.assemble(*[(text, style) for text, style in segments]) if segments else "")

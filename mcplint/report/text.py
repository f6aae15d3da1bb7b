"""``--format text``: the report as a person reads it, in a terminal or a CI log.

Each finding is a header (position, severity, rule, message wrapped with a hanging indent),
the source line with secrets masked in place and a ``^^^`` marker under exactly the finding's
columns ending in the rule id, and once per rule a ``help:`` line. The report ends with a
summary: counts by severity and rule, files scanned and skipped, what the exit code means.
No line is wider than the width (``COLUMNS``, else the terminal's, else 100).

Every config-controlled string (file and server names, messages, rule texts, source lines)
is escaped (``mcplint.escape``). Colour comes from rich, imported only when colour is
on; the content is the same without it. Styles use the eight standard colours, which
terminal themes tune for their own background, and never a white or black foreground (one
of them vanishes on one background) except on a coloured block.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, TextIO

from mcplint.model import Finding, Report, severity_rank
from mcplint.report import ReportOptions
from mcplint._lazyre import lazy_compile
from mcplint.escape import cells, printable, safe_line
from mcplint.report.summary import exit_line, files_line, plural, statistics_lines, summary_line, top_rules

if TYPE_CHECKING:
    from mcplint.report.source import SourceView

STYLES = {"critical": "bold white on red", "high": "bold red", "medium": "bold magenta", "low": "cyan", "info": "blue"}
DEFAULT_WIDTH = 100
MIN_WIDTH = 40
GROUPS = ("file", "rule", "severity")

Segment = tuple[str, str]
Line = list[Segment]


def terminal_width(options: ReportOptions, out: TextIO) -> int:
    """The width asked for, else ``COLUMNS``, else the terminal's, else 100 (a CI log)."""
    width = options.width
    if width is None:
        try:
            width = int(os.environ.get("COLUMNS", ""))
        except ValueError:
            width = None
    if width is None or width <= 0:
        try:
            width = os.get_terminal_size(out.fileno()).columns if out.isatty() else DEFAULT_WIDTH
        except (AttributeError, OSError, ValueError):
            width = DEFAULT_WIDTH
    return max(width, MIN_WIDTH)


def wrap(text: str, first: int, rest: int) -> list[str]:
    """``text`` in lines of at most ``first`` terminal columns, then ``rest``; broken between
    words, and inside a word only when the word alone is too long."""
    lines: list[str] = []
    current = ""
    limit = max(first, 1)
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if cells(candidate) <= limit:
            current = candidate
            continue
        if current:
            lines.append(current)
            limit = max(rest, 1)
        while cells(word) > limit:
            cut = _fit(word, limit)
            lines.append(word[:cut])
            word = word[cut:]
            limit = max(rest, 1)
        current = word
    lines.append(current)
    return lines


def _fit(text: str, limit: int) -> int:
    """How many leading characters of ``text`` fit in ``limit`` columns (at least one)."""
    used = 0
    for i, char in enumerate(text):
        used += cells(char)
        if used > limit:
            return max(i, 1)
    return len(text)


_SENTENCE_END = lazy_compile(r"(?<!\be\.g)(?<!\bi\.e)\.(?=\s+[A-Z(]|$)|:(?=\s+[`\"'(])")


def _first_sentence(fix: str) -> str:
    """A rule's fix in one sentence: up to the first full stop, or the colon that opens its
    examples, ending with a full stop."""
    text = " ".join(fix.split())
    sentence = text
    for match in _SENTENCE_END.finditer(text):
        before = text[: match.start()]
        # not inside `code` or (a parenthesis): `{"a": 1}` and (e.g.: …) end nothing
        if before.count("`") % 2 == 0 and before.count("(") <= before.count(")"):
            sentence = before
            break
    return sentence.rstrip(".:; ") + "." if sentence else ""


class _Layout:
    """Builds the report's lines at one width."""

    def __init__(self, report: Report, options: ReportOptions, width: int) -> None:
        self.report = report
        self.options = options
        self.width = width
        self.out: list[Line] = []
        self.helped: set[str] = set()
        self.views: dict[str, SourceView] = {}
        self.known: dict[str, dict[int, list[tuple[int, int]]]] = {}
        # secret findings mask their own span too, reported or not (suppressed, baselined)
        for f in [*report.findings, *report.suppressed]:
            if f.rule.startswith("MCP1") and f.line > 0:
                single = f.end_line in (0, f.line)
                span = (f.column, f.end_column if single else 1 << 30)
                self.known.setdefault(f.file, {}).setdefault(f.line, []).append(span)
                for line in range(f.line + 1, (f.end_line or f.line) + 1):
                    self.known[f.file].setdefault(line, []).append((1, 1 << 30))

    def view(self, file: str) -> SourceView | None:
        found = self.views.get(file)
        if found is None:
            text = self.report.sources.get(file)
            if text is None:
                return None
            from mcplint.report.source import SourceView  # (only a report with findings shows source)

            found = self.views[file] = SourceView(text, self.known.get(file))
        return found

    def add(self, *segments: Segment) -> None:
        self.out.append(list(segments))

    # --- findings ------------------------------------------------------------------------

    def findings(self) -> None:
        group_by = self.options.group_by if self.options.group_by in GROUPS else "file"
        findings = self.report.findings
        if group_by == "file":
            groups: dict[str, list[Finding]] = {}
            for f in findings:
                groups.setdefault(f.file, []).append(f)
            for file, members in groups.items():
                self._heading(printable(file), "bold underline")
                self._group(members, with_file=False)
        elif group_by == "rule":
            by_rule: dict[str, list[Finding]] = {}
            for f in findings:
                by_rule.setdefault(f.rule, []).append(f)
            for rule in sorted(by_rule):
                members = by_rule[rule]
                self._heading(f"{printable(rule)} {printable(members[0].name)} ({plural(len(members), 'finding')})", "bold")
                self._group(members, with_file=True)
        else:
            by_severity: dict[str, list[Finding]] = {}
            for f in findings:
                by_severity.setdefault(f.severity, []).append(f)
            for severity in sorted(by_severity, key=severity_rank, reverse=True):
                members = by_severity[severity]
                self._heading(f"{severity} ({plural(len(members), 'finding')})", STYLES[severity])
                self._group(members, with_file=True)

    def _heading(self, text: str, style: str) -> None:
        for part in wrap(text, self.width, self.width):
            self.add((part, style))

    def _group(self, members: list[Finding], with_file: bool) -> None:
        locs = [f"{printable(f.file)}:{f.line}:{f.column}" if with_file else f"{f.line}:{f.column}" for f in members]
        loc_width = max(map(cells, locs))
        rule_width = max(len(printable(f.rule)) for f in members)
        number_width = max(len(str(max(f.line, 1))) for f in members)
        for f, loc in zip(members, locs):
            self._finding(f, loc, loc_width, rule_width, number_width)
        self.add()

    def _finding(self, f: Finding, loc: str, loc_width: int, rule_width: int, number_width: int) -> None:
        rule = printable(f.rule)
        message = printable(f.message) + (f" [{printable(f.server)}]" if f.server else "")
        if f.fingerprint in self.options.extra.get("fixable", ()):  # ruff's mark: `scan --fix` fixes it
            message = "[*] " + message
        pad = " " * (loc_width - cells(loc))
        prefix: Line = [("  ", ""), (loc + pad, ""), ("  ", ""), (f"{f.severity:<8}", STYLES[f.severity]),
                        ("  ", ""), (f"{rule:<{rule_width}}", "bold"), ("  ", "")]
        indent = sum(cells(text) for text, _ in prefix)
        if indent > self.width // 2:  # a long path: the message goes below, not in a sliver
            for part in wrap(loc, self.width - 2, self.width - 4):
                self.add(("  ", ""), (part, ""))
            prefix = [("    ", ""), (f"{f.severity:<8}", STYLES[f.severity]), ("  ", ""), (rule, "bold"), ("  ", "")]
            indent = sum(cells(text) for text, _ in prefix)
            if indent > self.width // 2:
                self.add(*prefix[:4])
                prefix, indent = [("      ", "")], 6
        if self.width - indent < 40:  # a narrow terminal: the message below, not in a sliver
            self.add(*prefix[:-1])
            prefix, indent = [("      ", "")], 6
        lines = wrap(message, self.width - indent, self.width - indent)
        self.add(*prefix, (lines[0], ""))
        for part in lines[1:]:
            self.add((" " * indent, ""), (part, ""))
        self._source(f, rule, number_width)
        self._help(f, number_width)

    def _source(self, f: Finding, rule: str, number_width: int) -> None:
        view = self.view(f.file)
        if view is None or f.line <= 0:
            return
        gutter = f"  {f.line:>{number_width}} │ "
        room = self.width - cells(gutter)
        more = (f.end_line - f.line) if f.end_line > f.line else 0
        excerpt = view.excerpt(f.line, f.column, 0 if more else f.end_column, room)
        if excerpt is None:
            return
        self.add((gutter, "blue"), (excerpt.text, ""))
        label = rule + (f" (and {plural(more, 'more line')})" if more else "")
        carets = "^" * (excerpt.end - excerpt.start)
        blank = " " * (cells(gutter) - 2) + "│ "
        style = STYLES[f.severity].replace(" on red", "").replace("white", "red")
        cut_at_end = excerpt.text.endswith("…") and excerpt.end >= cells(excerpt.text) - 1
        if cut_at_end and excerpt.end + 1 + cells(label) > room and room - cells(label) - 1 - excerpt.start >= 3:
            carets = carets[: room - cells(label) - 1 - excerpt.start]  # the value runs on out of view anyway
        if excerpt.start + len(carets) + 1 + cells(label) <= room:
            self.add((blank, "blue"), (" " * excerpt.start, ""), (carets, style), (" " + label, style))
        elif excerpt.start >= cells(label) + 1:
            self.add((blank, "blue"), (" " * (excerpt.start - cells(label) - 1), ""), (label + " ", style), (carets, style))
        else:
            self.add((blank, "blue"), (" " * excerpt.start, ""), (carets, style))
            self.add((blank, "blue"), (" " * max(0, min(excerpt.start, room - cells(label))), ""), (label, style))

    def _help(self, f: Finding, number_width: int) -> None:
        if f.rule in self.helped:
            return
        self.helped.add(f.rule)
        rule = self.report.rules.get(f.rule)
        sentence = _first_sentence(getattr(rule, "fix", "") or "")
        # the command is held together (\0 until wrapped): it is what the reader copies
        pointer = f"Details: mcplint\0rule\0{printable(f.rule)}\0({printable(f.name)})"
        text = f"{printable(sentence)} {pointer}" if sentence else pointer
        lead = " " * (number_width + 3) + "= help: "
        parts = wrap(text, self.width - cells(lead), self.width - cells(lead))
        self.add((lead, "bold"), (parts[0].replace("\0", " "), ""))
        for part in parts[1:]:
            self.add((" " * cells(lead), ""), (part.replace("\0", " "), ""))

    # --- statistics and summary ----------------------------------------------------------

    def statistics(self) -> None:
        lines = statistics_lines(self.report)
        for line in lines:
            for part in wrap(line, self.width, self.width - 4):
                self.add((part, ""))
        if lines:
            self.add()

    def notes(self) -> None:
        """What the reader must know beyond the findings (report.notes), wrapped to the width."""
        for note in self.report.notes:
            for i, part in enumerate(wrap("note: " + printable(note), self.width, self.width - 6)):
                self.add(("" if i == 0 else " " * 6, ""), (part, "bold yellow"))
        if self.report.notes:
            self.add()

    def summary(self) -> None:
        headline = summary_line(self.report, self.options)
        style = "bold" if self.report.findings else "bold green"
        self._heading(headline, style)
        if not self.report.findings:
            return  # a clean run is one line
        shown, left = top_rules(self.report)
        # an item is not broken across lines: its spaces are held together until wrapped
        items = [item.replace(" ", "\0") for item in shown] + ([f"+{left}\0more"] if left else [])
        rules = "rules: " + ", ".join(items)
        for i, part in enumerate(wrap(rules, self.width - 2, self.width - 9)):
            self.add(("  " if i == 0 else " " * 9, ""), (part.replace("\0", " "), ""))
        self.add(("  " + files_line(self.report), ""))
        fixable = self.options.extra.get("fixable")
        if fixable:
            self.add((f"  [*] {plural(len(fixable), 'finding')} fixable with --fix", ""))
        self._heading(exit_line(self.report, self.options), "bold")


def layout(report: Report, options: ReportOptions, width: int) -> list[Line]:
    """The report as lines of (text, style) segments, none wider than ``width``."""
    builder = _Layout(report, options, width)
    if options.statistics:
        builder.statistics()
    else:
        builder.findings()
    builder.notes()  # refused suppressions and the like: shown even with --quiet
    if not options.quiet:
        builder.summary()
    elif builder.out and not builder.out[-1]:
        builder.out.pop()  # no blank line after the last finding
    return builder.out


def write(report: Report, out: TextIO, options: ReportOptions) -> None:
    lines = layout(report, options, terminal_width(options, out))
    if not options.color:
        out.write("".join(safe_line("".join(text for text, _ in segments)) + "\n" for segments in lines))
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(file=out, force_terminal=True, highlight=False, soft_wrap=True, emoji=False, markup=False)
    for segments in lines:
        plain = "".join(text for text, _ in segments)
        if plain.lstrip().startswith("::"):
            segments = [(safe_line(plain), "")]
        console.print(Text.assemble(*segments) if segments else "")

"""Inline ignores: ``// mcplint: ignore[MCP201] reason`` (JSONC), ``# mcplint: ignore[MCP101]`` (YAML, TOML).

A directive is a comment whose text starts with ``mcplint: ignore``:

* ``mcplint: ignore[MCP201, MCP3] reason`` ignores the listed rules (ids, family prefixes or
  names); ``mcplint: ignore reason`` ignores every rule.
* A comment alone on its line applies to the next line holding something other than comments;
  a comment after a value applies to its own line.
* It covers the findings reported on that line and every finding inside a value (object, list,
  string) that starts on that line: a directive above ``"my-server": {`` covers the whole
  server, one above the top-level ``{`` the whole file; in TOML one above
  ``[mcp_servers.docs]`` covers that table.
* A directive that suppresses nothing, names an unknown rule or cannot be parsed is reported by
  the filter stage as MCP009 unused-ignore (ruff's RUF100). Codes of rules that did not run
  (not selected) are never reported as unused.

Strict-JSON files cannot hold comments: ignore there with ``per-file-ignores`` /
``per-server-ignores`` in the config, or a baseline.
"""

from __future__ import annotations

from bisect import bisect_right

import re
from typing import Iterable

from mcplint._lazyre import lazy_compile
from mcplint.model import Document, Finding, Item, Suppression, pointer_str
from mcplint.record import Record, field

_DIRECTIVE = lazy_compile(r"mcplint\s*:\s*ignore(?![\w-])", re.IGNORECASE)
_MENTION = lazy_compile(r"mcplint", re.IGNORECASE)
"""Found in every comment ``_DIRECTIVE`` matches (the same flags: the same letters match)."""
_CODES_SPLIT = lazy_compile(r"[\s,]+")
_CODE = lazy_compile(r"^[A-Za-z][A-Za-z0-9-]*$")
_REASON_LEAD = " \t-:–—"
SYNTAX = "mcplint: ignore[MCP101, MCP201] reason"


class Directive(Record):
    """One ``mcplint: ignore`` comment."""

    line: int
    column: int
    codes: tuple[str, ...] | None
    """Selectors in the brackets; None for a bare ``mcplint: ignore`` (every rule)."""
    reason: str = ""
    target: int | None = None
    """The line it applies to (None: nothing follows the comment)."""
    error: str | None = None
    """Why the comment could not be parsed (then it suppresses nothing)."""
    used: set[str] = field(default_factory=set)
    """Codes that suppressed something (``*`` for a bare directive)."""

    @property
    def text(self) -> str:
        return "mcplint: ignore" + (f"[{', '.join(self.codes)}]" if self.codes is not None else "")

    def covers_rule(self, finding: Finding) -> list[str]:
        """The selectors of this directive that match the finding's rule (``*`` for bare)."""
        if self.error is not None:
            return []
        if self.codes is None:
            return ["*"]
        return [code for code in self.codes if rule_matches(finding.rule, finding.name, code)]


class Unused(Item):
    """An item for MCP009: where the comment is and what is wrong with it."""

    line: int
    column: int
    message: str
    directive: str


def rule_matches(rule_id: str, rule_name: str, selector: str) -> bool:
    """A selector as in ``--select``: ``ALL``, an id or family prefix, or a rule name."""
    selector = selector.strip()
    return selector.upper() == "ALL" or rule_id.startswith(selector.upper()) or rule_name == selector


def parse_comment(text: str) -> tuple[tuple[str, ...] | None, str, str | None] | None:
    """``(codes, reason, error)`` for a directive comment; None when the comment is not one."""
    body = text.strip().lstrip("#/*").strip()
    match = _DIRECTIVE.match(body)
    if match is None:
        return None
    rest = body[match.end():]
    if rest.endswith("*/"):
        rest = rest[:-2]
    stripped = rest.lstrip()
    if stripped.startswith("["):
        close = stripped.find("]")
        if close < 0:
            return None, "", f"no closing ']' (expected '{SYNTAX}')"
        codes = tuple(c for c in _CODES_SPLIT.split(stripped[1:close]) if c)
        if not codes:
            return None, "", f"empty rule list (expected '{SYNTAX}')"
        bad = [c for c in codes if not _CODE.match(c)]
        if bad:
            return None, "", f"{bad[0]!r} is not a rule id, prefix or name (expected '{SYNTAX}')"
        return codes, _reason(stripped[close + 1:]), None
    if rest and not rest[0].isspace() and rest[0] not in "-:–—":
        return None, "", f"expected '{SYNTAX}'"
    return None, _reason(stripped), None


def _reason(text: str) -> str:
    return " ".join(text.strip(_REASON_LEAD).split())


def _line_offsets(text: str) -> list[int]:
    """Where each line starts, and the end of the text (line breaks as positions count them)."""
    from mcplint.load.positions import Positions

    offsets = list(Positions(text).starts)
    if offsets[-1] != len(text):
        offsets.append(len(text))
    return offsets


def _comment_lines(doc: Document) -> tuple[set[int], dict[tuple[int, int], tuple[int, bool]]]:
    """Lines holding nothing but comments; for each comment (by position) its last line and
    whether something other than whitespace follows it there (``/* x */ "key": 1``)."""
    text = doc.text
    offsets = _line_offsets(text)
    only: set[int] = set()
    info: dict[tuple[int, int], tuple[int, bool]] = {}
    for comment in doc.comments:
        end_line, followed = comment.line, False
        if 0 < comment.line < len(offsets):
            start = offsets[comment.line - 1] + comment.column - 1
            if text.startswith("/*", start):
                close = text.find("*/", start + 2)
                close = len(text) if close < 0 else close + 2
                end_line = bisect_right(offsets, close - 1)  # the line holding the comment's last character
                line_end = offsets[end_line] if end_line < len(offsets) else len(text)
                followed = bool(text[close:line_end].strip())
        only.update(range(comment.line + 1, end_line))
        if end_line > comment.line and not followed:
            only.add(end_line)
        if comment.own_line and not (followed and end_line == comment.line):
            only.add(comment.line)
        info[(comment.line, comment.column)] = (end_line, followed)
    return only, info


def directives(doc: Document) -> list[Directive]:
    """Every ``mcplint: ignore`` comment of a document, with the line it applies to."""
    if not doc.comments:
        return []
    mentions = _MENTION.search  # a cheap test first: most comments are no directive
    parsed = [(comment, result) for comment in doc.comments
              if mentions(comment.text) and (result := parse_comment(comment.text)) is not None]
    if not parsed:
        return []
    from mcplint.load.positions import split_lines

    lines = split_lines(doc.text)
    comment_only, info = _comment_lines(doc)
    found: list[Directive] = []
    for comment, (codes, reason, error) in parsed:
        directive = Directive(comment.line, comment.column, codes, reason, error=error)
        end_line, followed = info.get((comment.line, comment.column), (comment.line, False))
        if not comment.own_line:
            directive.target = comment.line  # after a value: its own line
        elif followed:
            directive.target = end_line  # /* mcplint: ignore */ "key": value
        else:
            number = end_line + 1
            while number <= len(lines) and (number in comment_only or not lines[number - 1].strip()):
                number += 1
            directive.target = number if number <= len(lines) else None
        found.append(directive)
    return found


def _starts(doc: Document, fmt: str = "json") -> dict[int, list[str]]:
    """Line -> pointers of the values that start on it: on the line of their key, or of their
    first token for the document and list items (which have no key).

    In YAML and TOML a collection has no opening token of its own (its value "starts" at its
    first item), so the document never counts there. TOML also names a table's parents
    implicitly (``[mcp_servers.docs]`` opens ``mcp_servers`` too): there only the deepest
    pointers of a line count, so a directive above a table covers that table, not its siblings.
    """
    found: dict[int, set[tuple]] = {}
    for pointer, span in doc.spans.items():
        key_span = doc.key_spans.get(pointer)
        line = key_span.line if key_span is not None else span.line
        if pointer or fmt not in ("yaml", "toml"):
            found.setdefault(line, set()).add(tuple(pointer))
    starts: dict[int, list[str]] = {}
    for line, pointers in found.items():
        if fmt == "toml":
            pointers = {p for p in pointers if not any(len(q) > len(p) and q[:len(p)] == p for q in pointers)}
        starts[line] = [pointer_str(p) for p in pointers]
    return starts


def _within(pointer: str, prefixes: Iterable[str]) -> bool:
    return any(pointer == p or pointer.startswith(p + "/") for p in prefixes)


def apply(doc: Document, findings: list[Finding], fmt: str = "json") -> tuple[list[Finding], list[Finding], list[Directive]]:
    """Split one file's findings into (kept, suppressed) by its inline directives.

    Suppressed findings get ``suppression = Suppression("inSource", reason)``. Returns the
    directives too, each with the codes that were used, for :func:`unused`.
    """
    found = directives(doc)
    if not found:
        return findings, [], []
    starts = _starts(doc, fmt)
    kept: list[Finding] = []
    suppressed: list[Finding] = []
    for finding in findings:
        matched: Directive | None = None
        for directive in found:
            if directive.target is None or directive.error is not None:
                continue
            codes = directive.covers_rule(finding)
            if not codes:
                continue
            on_line = finding.line == directive.target
            if not on_line and not (finding.pointer and _within(finding.pointer, starts.get(directive.target, ()))):
                continue
            directive.used.update(codes)
            matched = matched or directive
        if matched is None:
            kept.append(finding)
        else:
            finding.suppression = Suppression("inSource", matched.reason)
            suppressed.append(finding)
    return kept, suppressed, found


def unused(found: list[Directive], ran: Iterable[tuple[str, str]], known: Iterable[tuple[str, str]]) -> list[Unused]:
    """Directives (or codes in them) that suppressed nothing, as MCP009 items.

    ``ran``: (id, name) of the rules that ran; a code matching none of them is not reported
    (its rule was not selected). ``known``: (id, name) of every rule, to report unknown codes.
    """
    ran, known = list(ran), list(known)
    items: list[Unused] = []
    for d in found:
        if d.error is not None:
            items.append(Unused(d.line, d.column, f"malformed 'mcplint: ignore' comment: {d.error}", "mcplint: ignore"))
            continue
        if d.codes is None:
            if not d.used:
                items.append(Unused(d.line, d.column, "unused 'mcplint: ignore': no finding to suppress here", d.text))
            continue
        unknown = [c for c in d.codes if not any(rule_matches(i, n, c) for i, n in known)]
        idle = [c for c in d.codes if c not in d.used and c not in unknown and any(rule_matches(i, n, c) for i, n in ran)]
        if unknown:
            items.append(Unused(d.line, d.column, f"'{d.text}': unknown rule {', '.join(unknown)}", d.text))
        if idle:
            if len(idle) == len(d.codes):
                message = f"unused '{d.text}': no {', '.join(idle)} finding to suppress here"
            else:
                message = f"'{d.text}': {', '.join(idle)} suppresses nothing here"
            items.append(Unused(d.line, d.column, message, d.text))
    return items

"""The records that flow between stages: documents, servers, findings.

Every stage takes these plain records from the stage before and hands new ones to the next
(discover -> load -> normalize -> facts -> rules -> filter -> report); no stage reaches back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar, Union

from mcplint.record import Frozen, Record, field
from mcplint.errors import McplintError

SEVERITIES = ("info", "low", "medium", "high", "critical")
"""Severities from least to most severe; the index is the rank."""


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity)


Pointer = tuple[Union[str, int], ...]
"""A path into a document: object keys and list indexes, like a JSON pointer."""


def pointer_str(pointer: Pointer) -> str:
    """Render a pointer as an RFC 6901 JSON pointer string; a key the secrets detector calls a
    credential is shown redacted (mcplint/shown.py), as it is everywhere else."""
    from mcplint.shown import shown_name

    return "".join("/" + shown_name(str(p)).replace("~", "~0").replace("/", "~1") for p in pointer)


class Item(Frozen):
    """Base of the records facts hand to rules as items (``for_each``): where a finding on one stands.

    A subclass declares as fields, in its own order, the places it knows: ``pointer`` (where in
    the document), ``span`` (the exact text), ``at_key`` (the finding marks the key, not the
    value), ``line``/``column`` (a place with no pointer). These defaults stand in for the rest.
    """

    pointer: ClassVar[Pointer | None] = None
    span: ClassVar[Span | None] = None
    at_key: ClassVar[bool] = False
    line: ClassVar[int] = 1
    column: ClassVar[int] = 1


NOWHERE = Item()
"""The place of an item that is not an ``Item`` (a string a custom rule iterates over): the server's own."""


class Span(Frozen):
    """A region of text: 1-based line and column; ``end_column`` is one past the last char."""

    line: int
    column: int
    end_line: int
    end_column: int


class Comment(Frozen):
    """A comment in the source (JSONC, YAML, TOML); used by inline ignores."""

    line: int
    column: int
    text: str
    own_line: bool  # nothing but whitespace precedes it on its line


class Document(Record):
    """A loaded file: plain Python values plus where each value and key stands in the text."""

    data: Any
    spans: dict[Pointer, Span] = field(default_factory=dict)
    key_spans: dict[Pointer, Span] = field(default_factory=dict)
    comments: list[Comment] = field(default_factory=list)
    duplicate_keys: list[Pointer] = field(default_factory=list)
    """Pointers of keys that appear more than once in their object (the value kept is the last)."""
    duplicate_spans: list[Any] = field(default_factory=list)
    """The key Span of each repeat in ``duplicate_keys`` (same order; None where unknown): each
    repeat is reported where it stands, not all at the pointer's one key span."""
    text: str = ""

    def span(self, pointer: Pointer) -> Span | None:
        """The span of the value at ``pointer``, else of its nearest located ancestor."""
        for i in range(len(pointer), -1, -1):
            found = self.spans.get(pointer[:i])
            if found is not None:
                return found
        return None

    def key_span(self, pointer: Pointer) -> Span | None:
        """The span of the key naming ``pointer``, else the value's span."""
        return self.key_spans.get(pointer) or self.span(pointer)

    def line_text(self, line: int) -> str:
        from mcplint.load.positions import split_lines  # (positions imports this module)

        lines = split_lines(self.text)
        return lines[line - 1] if 0 < line <= len(lines) else ""


class LoadError(McplintError):
    """A file that cannot be read, decoded or parsed; becomes one MCP001 finding."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = max(1, line)
        self.column = max(1, column)


class SourceFile(Frozen):
    """A candidate config file found by discovery."""

    path: Path
    display: str
    """The path as reports show it: relative to the working directory when inside it."""
    client: str | None = None
    """Client id from the catalog (``cursor``, ``vscode``...), or None to infer from content."""
    scope: str = "project"
    """``project``, ``user`` or ``system``."""
    format: str | None = None
    """``json``, ``jsonc``, ``yaml``, ``toml``; None to infer from the file name."""
    explicit: bool = False
    """Named on the command line: always read, whatever its name."""
    sniffed: bool = False
    """Found by content, not by name: skipped quietly unless it really holds MCP servers."""


class Server(Record):
    """One MCP server entry, in one shape whatever the client's format."""

    name: str
    client: str
    file: str
    pointer: Pointer
    """Where the entry stands in its document."""
    transport: str = "stdio"
    command: str | None = None
    args: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    url: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    cwd: str | None = None
    disabled: bool = False
    auto_approve: list[str] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)
    paths: dict[str, Pointer] = field(default_factory=dict)
    """Pointer of each normalized field (``command``, ``args``, ``env``, ``url``...)."""
    item_paths: dict[tuple[str, Union[int, str]], Pointer] = field(default_factory=dict)
    """Pointers of items that do not sit at ``paths[field] + (index,)`` (opencode's argv array), or
    ``paths[field] + (key,)`` (a registry server.json's env and headers, built from lists)."""
    scope: str = "project"
    project: str | None = None
    """For per-project entries (Claude Code ``~/.claude.json``): the project path."""

    def at(self, name: str, *sub: str | int) -> Pointer:
        """Pointer of a field, or of an item inside it; the entry itself when unknown."""
        if len(sub) == 1 and (name, sub[0]) in self.item_paths:
            return self.item_paths[(name, sub[0])]
        base = self.paths.get(name)
        return self.pointer if base is None else base + tuple(sub)


class Suppression(Frozen):
    """Why a finding is not reported: an inline comment, the config, or the baseline."""

    kind: str  # "inSource" | "external"
    justification: str = ""


class Finding(Record):
    rule: str
    name: str
    severity: str
    file: str
    line: int
    column: int
    message: str
    end_line: int = 0
    end_column: int = 0
    server: str | None = None
    client: str | None = None
    pointer: str = ""
    fingerprint: str = ""
    suppression: Suppression | None = None

    def sort_key(self) -> tuple:
        return (self.file, self.line, self.column, self.rule, self.message)

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "name": self.name,
            "severity": self.severity,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "server": self.server,
            "client": self.client,
            "pointer": self.pointer,
            "message": self.message,
            "fingerprint": self.fingerprint,
        }


class Report(Record):
    """Everything a reporter needs; reporters only format it."""

    version: str
    files_scanned: int
    findings: list[Finding]
    rules: dict[str, Any]
    """Rule id -> Rule, for metadata (SARIF driver rules, docs)."""
    files: list[str] = field(default_factory=list)
    suppressed: list[Finding] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    """Display path -> file text, for showing the offending line."""
    files_skipped: int = 0
    """Files found but not read: excluded by the config's ``exclude``."""
    notes: list[str] = field(default_factory=list)
    """What the reader must know beyond the findings (suppressions that were refused...)."""
    paths: dict[str, str] = field(default_factory=dict)
    """Display path -> absolute path, for a display path that is not relative to the working
    directory (``~/.cursor/mcp.json`` in a machine scan): SARIF needs a real URI."""


def merge_reports(reports: list[Report]) -> Report:
    """One report from several (paths judged under different configs), findings in file order."""
    if len(reports) == 1:
        return reports[0]
    merged = Report(version=reports[0].version, files_scanned=0, findings=[], rules={})
    for report in reports:
        merged.files_scanned += report.files_scanned
        merged.files_skipped += report.files_skipped
        merged.findings.extend(report.findings)
        merged.rules.update(report.rules)
        merged.files.extend(report.files)
        merged.suppressed.extend(report.suppressed)
        merged.sources.update(report.sources)
        merged.notes.extend(n for n in report.notes if n not in merged.notes)
        merged.paths.update(report.paths)
    merged.findings.sort(key=lambda f: (f.file, f.line, f.column, -severity_rank(f.severity), f.rule, f.message))
    return merged

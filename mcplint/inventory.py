"""Inventory: every MCP server found, one row each — what runs where, without the secrets.

``mcplint inventory [--machine] [PATH...]`` loads and normalizes the same files a scan would and
prints one row per server: client, scope, file, name, transport, command or URL and package
(``npm:@scope/name@1.2.3``). Rows are plain records (:class:`Row`) so later stages can fill in
what they know: ``fingerprint`` (identity.py) and ``approval`` (policy.py) for the policy workflow.

Nothing secret is printed: credentials in arguments and URLs are replaced by their redacted form
(``ghp_…9f (40 chars)``), and environment variables and headers are listed by name only.
"""

from __future__ import annotations

import json
import re
from typing import Any, TextIO

from mcplint._lazyre import lazy_compile
from mcplint.model import LoadError, Server, SourceFile
from mcplint.record import Record, field, fields


class Row(Record):
    """One server in the inventory."""

    name: str
    client: str
    scope: str
    """``user``, ``project``, ``system``; ``local`` for a per-project entry of ``~/.claude.json``."""
    file: str
    line: int
    transport: str
    command: str | None = None
    args: list[str] = field(default_factory=list)
    url: str | None = None
    package: str | None = None
    """``npm:@scope/name@1.2.3``, ``pypi:name==1.0``, ``docker:image:tag``; None for local programs."""
    project: str | None = None
    """For Claude Code per-project entries: the project path they apply to."""
    cwd: str | None = None
    disabled: bool = False
    env: list[str] = field(default_factory=list)
    """Environment variable names (values are never listed)."""
    headers: list[str] = field(default_factory=list)
    """HTTP header names (values are never listed)."""
    fingerprint: str | None = None
    """``sha256:…``: the server's configuration identity, what ``[[policy.approved]] fingerprint`` takes."""
    approval: str | None = None
    """``approved`` / ``blocked`` / ``pending`` under the policy in force."""
    client_policy: dict[str, Any] | None = None
    """The client's own managed policy's decision: ``{decision: allowed|denied|unmanaged, source}``
    (client_policy.py); None for a client whose managed policy mcplint does not know."""

    @property
    def target(self) -> str:
        """The command line or the URL: what the table's COMMAND / URL column shows."""
        if self.command:
            return " ".join([self.command, *self.args])
        return self.url or ""

    def to_json(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in fields(self)}


class Inventory(Record):
    rows: list[Row]
    errors: list[dict[str, Any]] = field(default_factory=list)
    """Files that could not be read or parsed: ``{file, line, column, message}``."""
    files: list[str] = field(default_factory=list)
    """Every config file read (display paths)."""


# ---------------------------------------------------------------------------------------------
# Redaction
# ---------------------------------------------------------------------------------------------

_SECRET_FLAG = lazy_compile(r"(?i)^--?[\w-]*(?:token|secret|password|passwd|api[-_]?key|apikey|auth|credential|pat)[\w-]*$")
_SECRET_ASSIGN = lazy_compile(r"(?i)^(--?[\w-]*(?:token|secret|password|passwd|api[-_]?key|apikey|auth|credential|pat)[\w-]*=)(.+)$")
_URL_USERINFO = lazy_compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*://)(?P<user>[^/@\s:]*):(?P<pw>[^/@\s]+)@")
_URL_QUERY_SECRET = lazy_compile(r"(?i)(?P<name>[?&;](?:[\w.-]*(?:token|key|secret|password|sig|signature|auth|code)[\w.-]*)=)(?P<value>[^&#\s]+)")


def _fallback_redact(value: str) -> str:
    """Used only when the secret detector cannot be imported: mask the usual credential spots."""
    value = _URL_USERINFO.sub(lambda m: f"{m['scheme']}{m['user']}:…@", value)
    return _URL_QUERY_SECRET.sub(lambda m: m["name"] + "…", value)


def _replace_hits(value: str, hits: list[Any]) -> str:
    for hit in sorted(hits, key=lambda h: h.start, reverse=True):
        if 0 <= hit.start < hit.end <= len(value):
            value = value[: hit.start] + hit.redacted + value[hit.end :]
    return value


def redact_value(value: str, placement: str = "arg", name: str | None = None) -> str:
    """``value`` with every credential in it replaced by its redacted form."""
    try:
        from mcplint.secrets import scan_value
    except ImportError:  # detector unavailable: a conservative mask
        return _fallback_redact(value)
    try:
        hits = list(scan_value(value, placement=placement, name=name))
    except Exception:  # noqa: BLE001 - never let the detector break an inventory
        return _fallback_redact(value)
    return _fallback_redact(_replace_hits(value, hits))


def redact_args(args: list[str]) -> list[str]:
    """Arguments with what the secret detector calls a credential redacted, nothing else: a
    ``--db-path /Users/alice/data.db`` stays readable (``--token XYZ`` is the detector's call too).
    The flag-name rules below stand in only when the detector cannot run."""
    try:
        from mcplint.secrets import scan_args

        hits = list(scan_args(args))
    except Exception:  # noqa: BLE001 - ImportError or a detector bug: fail closed on flag names
        return _fallback_args(args)
    out = [redact_value(a) for a in args]
    for index, hit in hits:
        if 0 <= index < len(args):
            out[index] = _fallback_redact(_replace_hits(args[index], [hit]))
    return out


def _fallback_args(args: list[str]) -> list[str]:
    """Without the detector: mask the value of every credential-named flag (over-redacts paths)."""
    out = [_fallback_redact(a) for a in args]
    for i, arg in enumerate(args):
        match = _SECRET_ASSIGN.match(arg)
        if match and not _is_reference(match.group(2)):
            out[i] = match.group(1) + _mask(match.group(2))
        elif _SECRET_FLAG.match(arg) and i + 1 < len(args) and not args[i + 1].startswith("-") \
                and not _is_reference(args[i + 1]):
            out[i + 1] = _mask(args[i + 1])
    return out


def _mask(value: str) -> str:
    try:
        from mcplint.secrets import redact
    except ImportError:
        return f"… ({len(value)} chars)"
    return redact(value)


_BUNDLE_REFERENCE = lazy_compile(r"^\$\{(?:user_config|__dirname)[\w.-]*\}$")
"""An MCPB manifest's ``${user_config.KEY}`` / ``${__dirname}``: what the user enters, not a secret."""


def _is_reference(value: str) -> bool:
    """A placeholder (``${TOKEN}``, ``{env:X}``...) names a secret; it is not one."""
    from mcplint import clients

    return bool(clients.find_placeholders(value)) or value.startswith("<") or _BUNDLE_REFERENCE.match(value) is not None


# ---------------------------------------------------------------------------------------------
# Collecting
# ---------------------------------------------------------------------------------------------


def _package(server: Server) -> str | None:
    if not server.command:
        return None
    try:
        from mcplint.facts.package import analyze
    except ImportError:
        return None
    try:
        package = analyze(server, None)
    except Exception:  # noqa: BLE001 - a package we cannot read is shown without one
        return None
    if package is None or package.ecosystem == "local":
        return None
    return redact_value(package.id)


def row_for(server: Server, source: SourceFile, line: int) -> Row:
    """The inventory row of one server (secrets redacted)."""
    scope = "local" if server.project is not None and source.scope == "user" else server.scope
    return Row(
        name=server.name,
        client=server.client,
        scope=scope,
        file=source.display,
        line=line,
        transport=server.transport,
        command=redact_value(server.command) if server.command else None,
        args=redact_args(server.args),
        url=redact_value(server.url, "url") if server.url else None,
        package=_package(server),
        project=server.project,
        cwd=server.cwd,
        disabled=server.disabled,
        env=sorted(server.env),
        headers=sorted(server.headers),
    )


def collect(sources: list[SourceFile], missing: list[SourceFile] = (), policy: dict[str, Any] | None = None) -> Inventory:
    """Load and normalize every source; one row per server, in file then document order."""
    from mcplint.identity import fingerprint
    from mcplint.policy import approval
    from mcplint.scan import load_source

    inventory = Inventory(rows=[])
    loaded_files: list[Any] = []
    placed: list[tuple[Row, Server]] = []
    for source in missing:
        inventory.errors.append({"file": source.display, "line": 1, "column": 1, "message": "no such file or directory"})
    for source in sources:
        loaded = load_source(source)
        if loaded is None:
            continue
        inventory.files.append(source.display)
        loaded_files.append(loaded)
        if loaded.error is not None:
            error: LoadError = loaded.error
            inventory.errors.append({"file": source.display, "line": error.line, "column": error.column,
                                     "message": error.message})
            continue
        for server in loaded.servers:
            span = loaded.doc.key_span(server.pointer) if loaded.doc is not None else None
            row = row_for(server, loaded.source, span.line if span else 1)
            row.fingerprint = fingerprint(server)
            row.approval = approval(server, policy or {})[0]
            inventory.rows.append(row)
            placed.append((row, server))
    from mcplint.client_policy import annotate

    annotate(placed, loaded_files, (policy or {}).get("mode", "denylist"))
    return inventory


# ---------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------


def write_json(inventory: Inventory, out: TextIO) -> None:
    from mcplint import __version__

    data = {
        "version": __version__,
        "servers": [row.to_json() for row in inventory.rows],
        "files": inventory.files,
        "errors": inventory.errors,
    }
    out.write(_JSON_UNSAFE.sub(_json_escape, json.dumps(data, indent=2, ensure_ascii=False)))
    out.write("\n")


_JSON_UNSAFE = lazy_compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")
"""What json.dumps leaves raw that a terminal acts on (it escapes C0 itself): DEL, C1, bidi
controls, separators; lone surrogates. Only strings hold them, where ``\\uXXXX`` is valid JSON."""


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def _cut(text: str, width: int, left: bool = False) -> str:
    if len(text) <= width:
        return text
    return ("…" + text[-(width - 1):]) if left else (text[: width - 1] + "…")


COLUMNS = (("CLIENT", 14), ("SCOPE", 7), ("FILE", 64), ("NAME", 24), ("TRANSPORT", 9), ("COMMAND / URL", 60),
           ("PACKAGE", 44), ("APPROVAL", 8), ("CLIENT POLICY", 13), ("FINGERPRINT", 71))


def _client_policy_cell(shown: dict[str, Any] | None) -> str:
    """``allowed``, ``denied``, ``unmanaged``; ``!`` after it where mcplint's policy disagrees."""
    if not shown:
        return "-"
    return shown["decision"] + ("!" if shown.get("disagrees") else "")


def write_table(inventory: Inventory, out: TextIO) -> None:
    """A plain-text table, one server a line (long cells are cut with an ellipsis).

    Every cell is config-controlled text: control and bidi characters are shown as escapes
    (``\\x1b``) before cutting, so no cell can move the cursor or reorder the line."""
    from mcplint.escape import printable

    with_project = any(row.project for row in inventory.rows)
    header = [name for name, _ in COLUMNS] + (["PROJECT"] if with_project else [])
    cells: list[list[str]] = []
    for row in inventory.rows:
        name = row.name + (" (disabled)" if row.disabled else "")
        values = [row.client, row.scope, row.file, name, row.transport, row.target, row.package or "-",
                  row.approval or "-", _client_policy_cell(row.client_policy), row.fingerprint or "-"]
        limits = [w for _, w in COLUMNS]
        line = [_cut(printable(v), w, left=(i == 2)) for i, (v, w) in enumerate(zip(values, limits))]
        if with_project:
            line.append(printable(row.project or ""))
        cells.append(line)
    widths = [max([len(h)] + [len(c[i]) for c in cells]) for i, h in enumerate(header)]
    out.write("  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip() + "\n")
    for line in cells:
        out.write("  ".join(c.ljust(w) for c, w in zip(line, widths)).rstrip() + "\n")
    files = len(inventory.files)
    out.write(f"\n{len(inventory.rows)} server{'s' if len(inventory.rows) != 1 else ''} in "
              f"{files} file{'s' if files != 1 else ''}.\n")

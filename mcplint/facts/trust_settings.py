"""Client settings that widen what runs without the user's say, read from ``data/trust.json``.

One table, one reader: each row names the clients and files a setting lives in, its key path,
what value counts, the severity by scope (a repository's file is worse than the user's own),
and the client's own words for what the setting does. Two file facts share it:

* ``approval_settings`` (rule MCP603): tools or servers that run without asking
  (``enableAllProjectMcpServers``, ``permissions.allow mcp__*``, ``chat.tools.global.autoApprove``,
  Cursor ``mcpAllowlist``, Codex ``approval_mode = "approve"``, Goose ``always_allow``...);
* ``trust_escalations`` (rule MCP604): settings that skip the trust dialog, send the API
  traffic elsewhere, or run a command (``skipDangerousModePermissionPrompt``,
  ``env.ANTHROPIC_BASE_URL`` in a repository, ``apiKeyHelper``, ``headersHelper``, Crush ``$(...)``).

Items never carry a value that could be a secret: a command is shown by its program only.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from typing import Any

from mcplint._lazyre import lazy_compile
from mcplint.model import Item, Pointer
from mcplint.record import Frozen

_SEVERITIES = ("info", "low", "medium", "high", "critical")


class Setting(Frozen):
    """One row of data/trust.json, compiled."""

    id: str
    rule: str
    clients: frozenset[str]
    files: tuple[str, ...]
    path: tuple[str, ...]
    match: dict[str, Any]
    severity: dict[str, str]
    setting: str
    says: str
    why: str
    source: str
    require: dict[str, Any] | None = None
    read_tool_severity: str | None = None
    key_match: Any = None
    tool_from_key: int | None = None
    regex: Any = None


class TrustSetting(Item):
    """A setting found in a file: what it is, the client's words, and where."""

    setting: str
    why: str
    says: str
    client: str
    pointer: Pointer
    severity: str
    id: str
    at_key: bool = True


@functools.cache
def table() -> tuple[Setting, ...]:
    """The rows of data/trust.json (read once; a malformed row raises: the data ships with mcplint)."""
    from mcplint import data

    text = data.read_text("trust.json")
    rows = []
    for row in json.loads(text)["settings"]:
        severity = row["severity"]
        by_scope = {s: severity for s in ("project", "user", "system")} if isinstance(severity, str) else dict(severity)
        for value in list(by_scope.values()) + [row.get("read_tool_severity") or "info"]:
            if value not in _SEVERITIES:
                raise ValueError(f"trust.json {row['id']}: unknown severity {value!r}")
        match = row["match"]
        pattern = match.get("items") or match.get("strings")
        for root in row.get("roots", [[]]):  # (VS Code settings also sit in workspace / devcontainer files)
            rows.append(Setting(
                row["id"], row["rule"], frozenset(row["clients"]), tuple(row.get("files", ())),
                tuple(root) + tuple(row["path"]), match, by_scope, row["setting"], row["says"], row["why"],
                row.get("source", ""), row.get("require"), row.get("read_tool_severity"),
                lazy_compile(row["key_match"]) if row.get("key_match") else None,
                row.get("tool_from_key"), lazy_compile(pattern) if pattern else None,
            ))
    return tuple(rows)


@functools.cache
def _client_name(client_id: str) -> str:
    from mcplint import clients

    try:
        return clients.get(client_id).name
    except KeyError:
        return client_id


def _walk(node: Any, path: tuple[str, ...], pointer: Pointer = (), bound: tuple[str, ...] = ()
          ) -> Iterator[tuple[Any, Pointer, tuple[str, ...]]]:
    """(value, pointer, keys the ``*`` segments matched) for each place ``path`` reaches.

    A run of plain segments is also looked up as one dotted key (VS Code and Amp write
    ``"chat.tools.autoApprove": true`` as often as nested objects); the longest run first.
    """
    if not path:
        yield node, pointer, bound
        return
    if not isinstance(node, dict):
        return
    if path[0] == "*":
        for key, value in node.items():
            yield from _walk(value, path[1:], pointer + (key,), bound + (str(key),))
        return
    plain = 0
    while plain < len(path) and path[plain] != "*":
        plain += 1
    for n in range(plain, 0, -1):
        key = ".".join(path[:n])
        if key in node:
            yield from _walk(node[key], path[n:], pointer + (key,), bound)


def _strings(node: Any, pointer: Pointer) -> Iterator[tuple[str, Pointer]]:
    """Every string below ``node``, in document order (a stack, not recursion: a hostile file
    may nest thousands of levels deep)."""
    stack: list[tuple[Any, Pointer]] = [(node, pointer)]
    while stack:
        value, at = stack.pop()
        if isinstance(value, str):
            yield value, at
        elif isinstance(value, dict):
            stack.extend((v, at + (k,)) for k, v in reversed(list(value.items())))
        elif isinstance(value, list):
            stack.extend((v, at + (i,)) for i, v in reversed(list(enumerate(value))))


def _printable(text: str, limit: int = 60) -> str:
    """Text safe for a terminal: control characters dropped, long text cut."""
    text = "".join(ch for ch in text if ch.isprintable())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def program(command: str) -> str:
    """The program a shell command runs, never its arguments (they may hold a credential)."""
    inner = re.search(r"\$\(([^()]*)\)", command)
    words = (inner.group(1) if inner else command).strip().split()
    while words and re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", words[0]):  # VAR=value prefixes
        words = words[1:]
    if not words:
        return "a command"
    return f"`{_printable(words[0])}`"


def _what(server: str | None, tool: str | None) -> str:
    on = "of every server" if server in (None, "", "*") else f"of server {server}"
    if tool in (None, "", "*"):
        return f"every tool {on}"
    return f"tool {tool} {on}"


def _is_read_only(tool: str | None) -> bool:
    from mcplint.facts.approval import risky_tool

    core = (tool or "").rstrip("*")
    return bool(core) and "*" not in core and not risky_tool(core)


def _fill(template: str, **fields: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: fields.get(m.group(1), m.group(0)), template)


@functools.cache
def _rows_of(rule: str, client: str | None) -> tuple[Setting, ...]:
    """The rows of ``rule`` for one client, in table order."""
    return tuple(row for row in table() if row.rule == rule and client in row.clients)


def _applies(row: Setting, file: Any, path: str) -> bool:
    if file.scope not in row.severity:
        return False
    return not row.files or any(path == tail or path.endswith("/" + tail) for tail in row.files)


def _required(row: Setting, data: Any, bound: tuple[str, ...]) -> bool:
    if not row.require:
        return True
    path = tuple(bound[int(p[1:]) - 1] if p.startswith("$") else p for p in row.require["path"])
    return any(value == row.require["equals"] for value, _, _ in _walk(data, path))


def _found(row: Setting, data: Any, file: Any) -> Iterator[TrustSetting]:
    severity = row.severity[file.scope]
    client = _client_name(file.client)
    match = row.match
    for value, pointer, bound in _walk(data, row.path):
        if row.key_match is not None and not row.key_match.match(bound[-1] if bound else ""):
            continue
        if not _required(row, data, bound):
            continue
        keys = {f"key{i + 1}": _printable(k) for i, k in enumerate(bound)}
        if "equals" in match or "in" in match:
            if ("equals" in match and value == match["equals"] and type(value) is type(match["equals"])) or \
               ("in" in match and isinstance(value, str) and value in match["in"]):
                tool = bound[row.tool_from_key - 1] if row.tool_from_key else None
                sev = row.read_tool_severity if tool and row.read_tool_severity and _is_read_only(tool) else severity
                fields = dict(keys, value=_printable(str(value)), what=_what(bound[0] if bound else None, tool))
                yield TrustSetting(_fill(row.setting, **fields), _fill(row.why, **fields), row.says, client,
                                   pointer, sev, row.id)
        elif match.get("present"):
            if value in (None, False, "", [], {}):
                continue
            fields = dict(keys, program=program(value) if isinstance(value, str) else "a command")
            yield TrustSetting(_fill(row.setting, **fields), _fill(row.why, **fields), row.says, client,
                               pointer, severity, row.id)
        elif "items" in match:
            if not isinstance(value, list):
                continue
            for i, item in enumerate(value):
                m = row.regex.match(item) if isinstance(item, str) else None
                if m is None:
                    continue
                groups = m.groupdict()
                server, tool = groups.get("server"), groups.get("tool")
                sev = row.read_tool_severity if row.read_tool_severity and _is_read_only(tool) else severity
                fields = dict(keys, value=_printable(item), server=_printable(server or ""),
                              what=_what(server, tool))
                yield TrustSetting(_fill(row.setting, **fields), _fill(row.why, **fields), row.says, client,
                                   pointer + (i,), sev, row.id, at_key=False)
        elif "strings" in match:
            for text, at in _strings(value, pointer):
                if row.regex.search(text):
                    fields = dict(keys, program=program(text))
                    yield TrustSetting(_fill(row.setting, **fields), _fill(row.why, **fields), row.says, client,
                                       at, severity, row.id, at_key=False)


def settings_in(file: Any, rule: str) -> tuple[TrustSetting, ...]:
    """The settings of one rule's rows found in a loaded file (file facts: path, client, scope, data)."""
    data = file.data
    if not isinstance(data, dict):
        return ()
    path = str(file.path).replace("\\", "/")
    by_path = file.path_client
    if by_path == file.client:
        rows = _rows_of(rule, file.client)
    else:  # the loader re-inferred the client from the content: the rows of either apply
        rows = tuple(row for row in table() if row.rule == rule and not row.clients.isdisjoint((file.client, by_path)))
    found: list[TrustSetting] = []
    for row in rows:
        if _applies(row, file, path):
            found.extend(_found(row, data, file))
    return tuple(found)


def escalations(file: Any) -> tuple[TrustSetting, ...]:
    """File fact ``trust_escalations`` (rule MCP604)."""
    return settings_in(file, "MCP604")

"""File fact ``client_policy_issues``: weaknesses of a client's own managed MCP policy file.

Rules MCP703-MCP707 read it. The files are the ones client_policy.py reads back (Claude Code
and Copilot ``managed-settings.json`` / ``managed-settings.d``, Codex ``requirements.toml``,
Gemini CLI settings): a control that looks like one and is not is worse than none, because the
administrator stops looking. Each item says which rule it is for, how severe, and where.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mcplint.model import Item, Pointer
from mcplint.policy_files import kind_of

if TYPE_CHECKING:
    from mcplint.client_policy import Layer

PROBES = (("https://mcplint-probe.invalid/", "https://other.probe-mcplint.test:8443/x"),
          ("http://mcplint-probe.invalid/", "http://other.probe-mcplint.test:8080/x"))
"""URLs no policy means to allow, per scheme: a pattern matching a scheme's pair admits every host."""


class PolicyIssue(Item):
    rule: str
    severity: str
    setting: str
    why: str
    pointer: Pointer
    at_key: bool = False


def _name_only(kind: str, layer: Layer) -> list[PolicyIssue]:
    out = []
    for key, entries, severity in (("allowedMcpServers", layer.allowed, "medium"),
                                   ("deniedMcpServers", layer.denied, "low")):
        for entry in entries or ():
            if entry.kind == "serverName":
                out.append(PolicyIssue("MCP703", severity, f"{key} serverName {entry.value}",
                                       "matches the name a user gives a server: renaming it (or any server "
                                       "to this name) bypasses the entry; match serverCommand or serverUrl",
                                       entry.pointer + ("serverName",)))
    return out


def _broad_urls(layer: Layer) -> list[PolicyIssue]:
    from mcplint.client_policy import url_matches

    out = []
    for entry in layer.allowed or ():
        if entry.kind == "serverUrl" and any(all(url_matches(entry.value, u) for u in pair) for pair in PROBES):
            out.append(PolicyIssue("MCP704", "high", f"allowedMcpServers serverUrl {entry.value}",
                                   "matches every host: any remote server is allowed",
                                   entry.pointer + ("serverUrl",)))
    return out


def analyze_file(file: Any) -> tuple[PolicyIssue, ...]:
    data = file.data
    kind = kind_of(file.path, file.client)
    if kind is None or not isinstance(data, dict):
        return ()
    from mcplint.client_policy import layer_of  # (only for a policy file: most files hold none)

    layer = layer_of(kind, file.path, file.scope, data)
    found: list[PolicyIssue] = []
    for pointer, message in layer.problems:
        found.append(PolicyIssue("MCP707", "medium", "/".join(str(p) for p in pointer) or "(file)",
                                 f"{message}: the client ignores it", pointer))
    if kind in ("claude-managed", "copilot-managed", "claude-settings"):
        found += _name_only(kind, layer)
        found += _broad_urls(layer)
        for key in ("allowedMcpServers", "deniedMcpServers"):
            value = data.get(key)
            if isinstance(value, dict) and "overridable" in value:
                found.append(PolicyIssue("MCP705", "medium", f"{key}.overridable",
                                         "a team-level setting may replace this list (Copilot team override)",
                                         (key, "overridable"), True))
        if layer.allowed == () and isinstance(data.get("allowedMcpServers"), list) and not data["allowedMcpServers"]:
            found.append(PolicyIssue("MCP706", "info", "an empty allowedMcpServers list",
                                     "allows no MCP server at all (built-in servers only)", ("allowedMcpServers",), True))
        if kind == "claude-managed" and layer.allowed is not None and data.get("allowManagedMcpServersOnly") is not True:
            found.append(PolicyIssue("MCP705", "medium", "allowedMcpServers without allowManagedMcpServersOnly",
                                     "a user's or a repository's settings.json may add allowedMcpServers entries "
                                     "(lists merge); set allowManagedMcpServersOnly: true",
                                     ("allowedMcpServers",), True))
    elif kind == "gemini-settings":
        mcp = data.get("mcp")
        for key, severity in (("allowed", "low"), ("excluded", "low")):
            names = getattr(layer, f"names_{key}")
            for index, name in enumerate(names or ()):
                found.append(PolicyIssue("MCP703", severity, f"mcp.{key} {name}",
                                         "Gemini CLI matches server names only: renaming a server bypasses it",
                                         ("mcp", key, index)))
        if layer.names_allowed == () and isinstance(mcp, dict):
            found.append(PolicyIssue("MCP706", "medium", "an empty mcp.allowed list",
                                     "blocks nothing in Gemini CLI: every server runs",
                                     ("mcp", "allowed"), True))
        if layer.names_excluded:
            found.append(PolicyIssue("MCP705", "low", "mcp.excluded",
                                     "the --allowed-mcp-server-names command-line flag replaces the allowlist and "
                                     "discards mcp.excluded", ("mcp", "excluded"), True))
    elif kind == "codex-requirements":
        for name, identity in (layer.identities or {}).items():
            command = identity.get("command") if isinstance(identity, dict) else None
            if isinstance(command, str):
                found.append(PolicyIssue("MCP703", "medium", f"mcp_servers.{name}.identity.command = {command!r}",
                                         "compares the program only, not its arguments: any server run by "
                                         f"{command} under the name {name} passes; use the matcher table with args",
                                         ("mcp_servers", name, "identity", "command")))
    return tuple(found)

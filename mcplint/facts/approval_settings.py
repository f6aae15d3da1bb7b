"""File fact ``approval_settings``: client settings that approve MCP servers or tools wholesale.

Rule MCP603 reads it (file scope: these settings sit beside, not inside, server entries).

* Claude Code ``enableAllProjectMcpServers: true`` (``.claude/settings.json``,
  ``~/.claude/settings.json``): every server a repository's ``.mcp.json`` declares starts
  without the user approving it — cloning a repository is enough to run its servers.
* Claude Code ``permissions.allow`` entries for MCP tools (``mcp__server`` approves every tool
  of that server, ``mcp__server__tool`` one tool) and ``permissions.defaultMode:
  "bypassPermissions"``.
* VS Code ``chat.tools.autoApprove: true`` (and ``chat.tools.global.autoApprove``): every tool,
  MCP and terminal, runs without confirmation.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from mcplint.facts.approval import risky_tool
from mcplint.model import Pointer


class ApprovalSetting(NamedTuple):
    setting: str
    why: str
    pointer: Pointer
    severity: str
    at_key: bool = True


def _get(data: Any, *keys: str) -> tuple[Any, Pointer] | None:
    """A value by nested keys, or by one dotted key (VS Code writes both forms)."""
    if not isinstance(data, dict):
        return None
    dotted = ".".join(keys)
    if dotted in data:
        return data[dotted], (dotted,)
    node: Any = data
    for key in keys:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node, tuple(keys)


def analyze_file(file: Any) -> tuple[ApprovalSetting, ...]:
    data = file.data
    if not isinstance(data, dict):
        return ()
    found: list[ApprovalSetting] = []
    value = data.get("enableAllProjectMcpServers")
    if value is True:
        found.append(ApprovalSetting(
            "enableAllProjectMcpServers: true",
            "every server in a project's .mcp.json starts without being approved", ("enableAllProjectMcpServers",), "medium"))
    permissions = data.get("permissions")
    if isinstance(permissions, dict):
        if permissions.get("defaultMode") == "bypassPermissions":
            found.append(ApprovalSetting(
                'permissions.defaultMode: "bypassPermissions"', "every tool, MCP tools included, runs without asking",
                ("permissions", "defaultMode"), "high"))
        allow = permissions.get("allow")
        if isinstance(allow, list):
            for i, rule in enumerate(allow):
                if not isinstance(rule, str) or not rule.startswith("mcp__"):
                    continue
                parts = rule.split("__", 2)
                server = parts[1] if len(parts) > 1 else ""
                tool = parts[2] if len(parts) > 2 else "*"
                if tool in ("*", ""):
                    found.append(ApprovalSetting(f"permissions.allow {rule}", f"every tool of server {server} runs without asking",
                                                 ("permissions", "allow", i), "medium", at_key=False))
                elif risky_tool(tool):
                    found.append(ApprovalSetting(f"permissions.allow {rule}", f"tool {tool} of server {server} changes things and runs without asking",
                                                 ("permissions", "allow", i), "high", at_key=False))
                else:
                    found.append(ApprovalSetting(f"permissions.allow {rule}", f"tool {tool} of server {server} runs without asking",
                                                 ("permissions", "allow", i), "info", at_key=False))
    for keys in (("chat", "tools", "autoApprove"), ("chat", "tools", "global", "autoApprove")):
        got = _get(data, *keys)
        if got and got[0] is True:
            found.append(ApprovalSetting(f"{'.'.join(keys)}: true", "every tool, MCP and terminal, runs without confirmation",
                                         got[1], "high"))
    return tuple(found)

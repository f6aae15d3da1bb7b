"""Tools that run without asking the user (fact ``approval``).

``autoApprove`` / ``alwaysAllow`` lists (Cline, Roo, Kilo, Kiro, Amazon Q, Claude Desktop
extensions) and Gemini CLI's ``trust: true`` (every tool, no confirmation). A tool whose name
says it writes, executes, deletes, sends or drives a browser makes the approval high severity;
approving every tool of a server is high when the server can do such things (its catalog kind)
or when mcplint does not know the server (never below one named destructive tool); read-only
tools are info.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from mcplint._lazyre import lazy_compile
from mcplint.model import Item, Pointer, Server

RISKY_WORDS = (
    "write", "edit", "create", "update", "upsert", "insert", "delete", "remove", "rm", "drop", "truncate", "move",
    "rename", "copy", "patch", "put", "post", "set", "add", "append", "change", "modify", "toggle", "enable",
    "disable", "exec", "execute", "run", "shell", "command", "cmd", "cli", "bash", "terminal", "sudo", "ssh",
    "kubectl", "eval", "evaluate", "spawn", "start", "kill", "terminate", "stop", "restart", "install",
    "uninstall", "deploy", "apply", "migrate", "merge", "push", "commit", "publish", "release", "upload", "send",
    "reply", "comment", "invite", "transfer", "pay", "charge", "refund", "click", "fill", "type", "press",
    "select", "navigate", "drag", "hover", "submit", "sql", "mutate", "mutation", "script", "interact", "force",
    "reset", "revert", "close", "archive", "assign", "approve", "save", "store",
)
_BEFORE = r"(?:^|[_\-.\s/:]|(?-i:(?<=[a-z])(?=[A-Z])))"
_AFTER = r"(?:$|[_\-.\s/:]|(?-i:(?<=[a-z])(?=[A-Z0-9])))"
RISKY = lazy_compile(_BEFORE + "(?:" + "|".join(RISKY_WORDS) + ")" + _AFTER, re.I)
"""Tool-name words for actions with effects (``write_file``, ``execute_sql``, ``browser_click``...)."""
READ_HINT = lazy_compile(r"^(get|list|read|search|find|fetch|describe|show|view|query_docs|resolve|lookup|inspect|count|check|explain|info|status|search_\w+|read_\w+)", re.I)
DANGEROUS_KINDS = frozenset({"filesystem", "shell", "database", "browser", "infra", "saas"})


class Approval(Item):
    tools: tuple[str, ...]
    """The auto-approved tools (``*`` for all)."""
    risky: tuple[str, ...]
    """Those whose names say they change something or run code."""
    all_tools: bool
    source: str
    """``autoApprove``, ``alwaysAllow`` or ``trust: true``."""
    pointer: Pointer
    severity: str

    @property
    def summary(self) -> str:
        if self.all_tools:
            return "every tool"
        shown = self.risky or self.tools
        more = len(shown) - 4
        names = ", ".join(shown[:4]) + (f" and {more} more" if more > 0 else "")
        if not self.risky:
            return f"{len(self.tools)} tool{'s' if len(self.tools) != 1 else ''} ({names})"
        return f"{len(self.risky)} tool{'s that change' if len(self.risky) != 1 else ' that changes'} things ({names})"


@lru_cache(maxsize=4096)
def risky_tool(name: str) -> bool:
    """The tool's name says it changes something or runs code (memoized: tool names recur)."""
    return bool(RISKY.search(name)) and not READ_HINT.match(name)


def analyze(server: Server, facts: Any) -> tuple[Approval, ...]:
    if not server.auto_approve:  # (most servers)
        return ()
    tools = tuple(t for t in server.auto_approve if t.strip())
    if not tools:
        return ()
    pointer = server.paths.get("auto_approve", server.pointer)
    source = str(pointer[-1]) if pointer and pointer != server.pointer else "autoApprove"
    if source == "trust":
        source = "trust: true"
    all_tools = "*" in tools or source == "trust: true"
    risky = tuple(t for t in tools if t != "*" and risky_tool(t))
    known = facts["known"]
    own_store = known is not None and known.entry.get("writes_own_store")
    if all_tools:
        # every tool of a server mcplint does not know may include destructive ones: as severe as
        # approving one named destructive tool (high), never less
        if known is None:
            severity = "high"
        elif known.kind in DANGEROUS_KINDS and not own_store:
            severity = "high"
        else:
            severity = "medium" if own_store or known.kind not in ("docs",) else "low"
    elif risky:
        severity = "medium" if own_store else "high"
    else:
        severity = "info"
    return (Approval(tools, risky, all_tools, source, pointer, severity),)

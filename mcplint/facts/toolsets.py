"""SaaS and infrastructure servers that can be limited to read-only tools or a tool subset, but
are not (fact ``toolsets``): github-mcp-server ``--read-only`` / ``GITHUB_TOOLSETS``, the
remote GitHub server's ``/readonly`` URLs and ``X-MCP-Readonly`` header, GitLab's
``GITLAB_READ_ONLY_MODE``, Atlassian's ``READ_ONLY_MODE``, Kubernetes ``--read-only``...
The catalog's ``toolsets`` setting of each server says what it supports.
"""

from __future__ import annotations

from typing import Any

from mcplint.facts.common import configured_elsewhere, match_setting, options_text, server_pointer
from mcplint.model import Pointer, Server
from mcplint.record import Frozen


class Toolsets(Frozen):
    unlimited: bool
    """The server supports a read-only or tool-subset limit and none is set."""
    server_name: str | None = None
    options: str = ""
    pointer: Pointer = ()
    limited_by: str = ""


NOT_APPLICABLE = Toolsets(False)


def analyze(server: Server, facts: Any) -> Toolsets:
    known = facts["known"]
    if known is None or not known.toolsets:
        return NOT_APPLICABLE
    spec = known.toolsets
    if spec.get("default"):
        return Toolsets(False, known.name, limited_by="limited by default")
    ctx = facts["_context"]
    found = match_setting(spec, ctx) or configured_elsewhere(spec, ctx)
    if found:
        return Toolsets(False, known.name, limited_by=found[0])
    return Toolsets(True, known.name, options_text(spec, remote=known.matched_by == "host"), server_pointer(server, facts))

"""File fact ``approval_settings``: client settings that approve MCP servers or tools wholesale.

Rule MCP603 reads it (file scope: these settings sit beside, not inside, server entries). The
settings themselves are data (``data/trust.json``, rows of rule MCP603), read by
:mod:`mcplint.facts.trust_settings`: Claude Code ``enableAllProjectMcpServers`` /
``enabledMcpjsonServers`` / ``permissions.allow mcp__...`` / ``defaultMode: "bypassPermissions"``,
VS Code ``chat.tools.global.autoApprove`` / ``chat.permissions.default`` / sandboxed servers,
Cursor ``mcpAllowlist``, Codex ``approval_mode = "approve"``, Goose ``GOOSE_MODE: auto`` and
``always_allow``, Zed ``tool_permissions.default: "allow"``, Amp ``dangerouslyAllowAll``,
Amazon Q ``allowedTools: ["@server"]``.
"""

from __future__ import annotations

from typing import Any

from mcplint.facts.trust_settings import TrustSetting, settings_in

ApprovalSetting = TrustSetting
"""(The record's former name.)"""


def analyze_file(file: Any) -> tuple[TrustSetting, ...]:
    return settings_in(file, "MCP603")

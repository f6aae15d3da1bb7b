"""The ``approval`` fact (MCP6xx): auto-approved tools, and how risky they are."""

from __future__ import annotations

import pytest
from helpers import facts_of

from mcplint.facts.approval import risky_tool


@pytest.mark.parametrize(("tool", "risky"), [
    ("write_file", True), ("browser_click", True), ("executeSql", True), ("run_code", True), ("aws_cli", True),
    ("read_file", False), ("get_issue", False), ("list_directory", False), ("firestore_get_rules", False),
    ("trace_full_execution_chain", False), ("query-docs", False), ("settings_view", False),
])
def test_risky_tools(tool: str, risky: bool) -> None:
    assert risky_tool(tool) is risky


def test_approval_severity_by_tools_and_server_kind() -> None:
    def severity(entry: dict) -> str:
        return facts_of(entry)["approval"][0].severity
    assert severity({"command": "uvx", "args": ["mcp-server-time"], "autoApprove": ["get_current_time"]}) == "info"
    assert severity({"command": "npx", "args": ["@playwright/mcp"], "trust": True}) == "high"
    # every tool of an unknown server: never below one named destructive tool (issue 17)
    assert severity({"command": "node", "args": ["x.js"], "trust": True}) == "high"
    assert severity({"command": "npx", "args": ["@modelcontextprotocol/server-memory"], "alwaysAllow": ["delete_entities"]}) == "medium"
    assert facts_of({"command": "x", "autoApprove": []})["approval"] == ()

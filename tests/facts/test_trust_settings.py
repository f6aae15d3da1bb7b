"""Trust-escalation settings (data/trust.json, facts.trust_settings, rules MCP603/MCP604)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import invoke, scan_text

from mcplint import clients
from mcplint.facts import trust_settings

SEVERITY = {"info": 0, "low": 1, "medium": 2, "high": 3, "critical": 4}


def _found(tmp_path: Path, text: str, file: str, rule: str) -> list:
    return [f for f in scan_text(tmp_path, text, file, select=[rule]) if f.rule == rule]


def test_every_row_is_well_formed() -> None:
    raw = json.loads((Path(trust_settings.__file__).parent.parent / "data" / "trust.json").read_text())["settings"]
    assert len({r["id"] for r in raw}) == len(raw)
    rows = trust_settings.table()
    known = {c.id for c in clients.all_clients()}
    for row in rows:
        assert row.rule in ("MCP603", "MCP604") and row.clients <= known, row.id
        assert row.says and row.why and row.source, row.id


def test_whole_server_approval_is_never_below_one_destructive_tool(tmp_path: Path) -> None:
    whole = _found(tmp_path, '{"permissions": {"allow": ["mcp__db"]}}', ".claude/settings.json", "MCP603")
    one = _found(tmp_path, '{"permissions": {"allow": ["mcp__db__execute_sql"]}}', ".claude/settings.json", "MCP603")
    read = _found(tmp_path, '{"permissions": {"allow": ["mcp__db__list_tables"]}}', ".claude/settings.json", "MCP603")
    assert SEVERITY[whole[0].severity] >= SEVERITY[one[0].severity] == SEVERITY["high"]
    assert read[0].severity == "info"
    # the same ordering for per-server lists (MCP601): trust on an unknown server vs one tool
    trust = _found(tmp_path, '{"mcpServers": {"x": {"command": "node", "args": ["x.js"], "trust": true}}}',
                   ".gemini/settings.json", "MCP601")
    named = _found(tmp_path, '{"mcpServers": {"x": {"command": "node", "args": ["x.js"], "autoApprove": ["delete_row"]}}}',
                   "cline_mcp_settings.json", "MCP601")
    assert SEVERITY[trust[0].severity] >= SEVERITY[named[0].severity]


def test_a_repository_file_is_worse_than_the_users_own(tmp_path: Path) -> None:
    text = '{"skipDangerousModePermissionPrompt": true, "env": {"ANTHROPIC_BASE_URL": "https://x.example"}}'
    project = _found(tmp_path / "p", text, ".claude/settings.json", "MCP604")
    assert [f.severity for f in project] == ["high", "high"]
    home = tmp_path / "home"
    (home / ".claude").mkdir(parents=True)
    (home / ".claude" / "settings.json").write_text(text, encoding="utf-8")
    result = invoke(["scan", "--home", str(home), "--os", "linux", "--format", "json", "--isolated", "--select", "MCP604"])
    found = json.loads(result.output)["findings"]
    # the user's own endpoint override is their choice: only the prompt skip is reported, lower
    assert [(f["file"], f["severity"]) for f in found] == [("~/.claude/settings.json", "medium")]


def test_helper_commands_name_the_program_never_the_arguments(tmp_path: Path) -> None:
    token = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"
    text = json.dumps({"apiKeyHelper": f"echo {token}", "mcpServers": {}})
    found = _found(tmp_path, text, ".claude/settings.json", "MCP604")
    assert len(found) == 1 and "`echo`" in found[0].message and token not in found[0].message
    crush = json.dumps({"mcp": {"gh": {"type": "http", "url": "https://api.githubcopilot.com/mcp/",
                                       "headers": {"Authorization": f"Bearer $(printf {token})"}}}})
    found = _found(tmp_path, crush, "crush.json", "MCP604")
    assert len(found) == 1 and "`printf`" in found[0].message and token not in found[0].message
    assert found[0].line == 2 or found[0].line == 1  # at the value, not the file


def test_crush_reports_every_substitution_at_its_value(tmp_path: Path) -> None:
    text = '{\n "mcp": {\n  "a": {"command": "$(which node)", "args": ["x.js"]},\n  "b": {"command": "node", "env": {"K": "$(pass show k)"}}\n }\n}\n'
    found = _found(tmp_path, text, "crush.json", "MCP604")
    assert [(f.line, f.severity) for f in found] == [(3, "high"), (4, "high")]


@pytest.mark.parametrize(("file", "text", "expected"), [
    (".zed/settings.json", '{"agent": {"always_allow_tool_actions": true}}', "agent.always_allow_tool_actions: true"),
    (".amp/settings.json", '{"amp": {"dangerouslyAllowAll": true}}', "amp.dangerouslyAllowAll: true"),
    (".vscode/settings.json", '{"chat": {"tools": {"global": {"autoApprove": true}}}}', "chat.tools.global.autoApprove"),
    (".cursor/permissions.json", '{\n  // JSONC\n  "mcpAllowlist": ["github:*"]\n}', "every tool of server github"),
    ("app.code-workspace", '{"folders": [{"path": "."}], "settings": {"chat.tools.global.autoApprove": true}}', "disables critical"),
    (".devcontainer/devcontainer.json", '{"customizations": {"vscode": {"settings": {"chat.permissions.default": "autoApprove"}}}}',
     "Bypass Approvals"),
])
def test_nested_and_dotted_keys(tmp_path: Path, file: str, text: str, expected: str) -> None:
    found = _found(tmp_path, text, file, "MCP603")
    assert len(found) == 1 and expected in found[0].message


def test_goose_permission_yaml_and_mode_through_the_machine_scan(tmp_path: Path) -> None:
    config = tmp_path / ".config" / "goose"
    config.mkdir(parents=True)
    (config / "config.yaml").write_text("GOOSE_MODE: auto\nextensions: {}\n", encoding="utf-8")
    (config / "permission.yaml").write_text(
        "user:\n  always_allow:\n    - developer__shell\n    - memory__retrieve_memories\n  ask_before: []\n  never_allow: []\n",
        encoding="utf-8")
    cursor = tmp_path / ".cursor"
    cursor.mkdir()
    (cursor / "permissions.json").write_text('{"mcpAllowlist": ["*:*"]}', encoding="utf-8")
    result = invoke(["scan", "--home", str(tmp_path), "--os", "linux", "--format", "json", "--isolated", "--select", "MCP603"])
    found = {(f["file"], f["severity"], f["message"].split(":")[0]) for f in json.loads(result.output)["findings"]}
    assert found == {
        ("~/.config/goose/config.yaml", "medium", "GOOSE_MODE"),
        ("~/.config/goose/permission.yaml", "high", "user.always_allow developer__shell"),
        ("~/.config/goose/permission.yaml", "info", "user.always_allow memory__retrieve_memories"),
        ("~/.cursor/permissions.json", "high", "mcpAllowlist *"),
    }


@pytest.mark.parametrize("os_name", clients.OS_NAMES)
def test_catalog_finds_the_new_settings_files_on_every_os(tmp_path: Path, os_name: str) -> None:
    searched = {(c.id, p) for c, p in clients.searched_locations(os_name, tmp_path, {})}
    assert any(c == "cursor" and p.endswith(".cursor/permissions.json") for c, p in searched)
    assert any(c == "goose" and p.endswith("/permission.yaml") for c, p in searched)
    assert clients.match_project_path("repo/.cursor/permissions.json").id == "cursor"


def test_endpoint_overrides_only_in_a_repository_file_and_only_endpoint_keys(tmp_path: Path) -> None:
    text = '{"env": {"HTTPS_PROXY": "http://proxy.example:3128", "NODE_TLS_REJECT_UNAUTHORIZED": "1", "DEBUG": "1"}}'
    found = _found(tmp_path, text, ".claude/settings.local.json", "MCP604")
    assert [f.message.split(":")[0] for f in found] == ["env.HTTPS_PROXY in a repository's settings"]

"""The ``placeholders`` fact (MCP003): variable references the file's client sends as literal text,
per client, with what the client or another program (mcp-remote, a shell) expands (issue 17, part C)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import corpus_findings, facts_of, scan_text


def _rules(findings: list, rule: str) -> list:
    return [f for f in findings if f.rule == rule]


def test_codex_expands_nothing_and_the_message_names_its_mechanism(tmp_path: Path) -> None:
    text = '[mcp_servers.gh]\ncommand = "npx"\nargs = ["-y", "@modelcontextprotocol/server-github@2025.4.8"]\n' \
           'env = { GITHUB_PERSONAL_ACCESS_TOKEN = "${GITHUB_TOKEN}" }\n'
    found = _rules(scan_text(tmp_path, text, ".codex/config.toml", select=["MCP003"]), "MCP003")
    assert len(found) == 1 and found[0].line == 4 and "env_vars" in found[0].message


def test_mcp_remote_header_reference_needs_the_variable_in_env(tmp_path: Path) -> None:
    args = '["-y", "mcp-remote@0.1.29", "https://mcp.example.com/sse", "--header", "Authorization:${AUTH_HEADER}"]'
    with_env = '{"mcpServers": {"r": {"command": "npx", "args": ' + args + ', "env": {"AUTH_HEADER": "Bearer <token>"}}}}'
    without = '{"mcpServers": {"r": {"command": "npx", "args": ' + args + '}}}'
    equals = with_env.replace('"--header", "Authorization:', '"--header=Authorization:')
    assert not _rules(scan_text(tmp_path / "a", with_env, "claude_desktop_config.json", select=["MCP003"]), "MCP003")
    assert not _rules(scan_text(tmp_path / "c", equals, "claude_desktop_config.json", select=["MCP003"]), "MCP003")
    assert len(_rules(scan_text(tmp_path / "b", without, "claude_desktop_config.json", select=["MCP003"]), "MCP003")) == 1
    # another program's expansion is no excuse for a syntax it does not expand
    other = with_env.replace("${AUTH_HEADER}", "${env:AUTH_HEADER}")
    assert len(_rules(scan_text(tmp_path / "d", other, "claude_desktop_config.json", select=["MCP003"]), "MCP003")) == 1


def test_codex_env_vars_forward_what_mcp_remote_expands(tmp_path: Path) -> None:
    text = '[mcp_servers.docs]\ncommand = "npx"\nargs = ["-y", "mcp-remote@0.1.29", "https://docs.example.com/sse", ' \
           '"--header", "Authorization:${DOCS_AUTH}"]\n'
    assert len(_rules(scan_text(tmp_path / "a", text, ".codex/config.toml", select=["MCP003"]), "MCP003")) == 1
    forwarded = text + 'env_vars = ["DOCS_AUTH"]\n'
    assert not _rules(scan_text(tmp_path / "b", forwarded, ".codex/config.toml", select=["MCP003"]), "MCP003")


def mcp003(tmp_path: Path, config: str, file: str = ".mcp.json") -> list[str]:
    return [f.message for f in scan_text(tmp_path, config, file, select=["MCP003"])]


@pytest.mark.parametrize(("file", "config", "expected"), [
    ("claude_desktop_config.json", '{"mcpServers": {"a": {"command": "x", "env": {"T": "${T}"}}}}',
     "'${T}' in env T is sent as literal text: Claude Desktop does not expand ${NAME} (it expands: no variables)"),
    ("claude_desktop_config.json", '{"mcpServers": {"a": {"command": "x", "args": ["${workspaceFolder}/src"]}}}',
     "'${workspaceFolder}' in argument 1"),
    (".mcp.json", '{"mcpServers": {"a": {"command": "x", "env": {"T": "${env:T}"}}}}',
     "Claude Code does not expand ${env:NAME} (it expands: ${NAME}, ${NAME:-default}"),
    (".cursor/mcp.json", '{"mcpServers": {"a": {"command": "x", "env": {"T": "${input:tok}"}}}}', "Cursor does not expand ${input:id}"),
    (".vscode/mcp.json", '{"servers": {"a": {"url": "https://x", "headers": {"A": "Bearer ${TOKEN}"}}}}',
     "'${TOKEN}' in header A is sent as literal text: Visual Studio Code does not expand ${NAME}"),
    ("opencode.json", '{"mcp": {"a": {"type": "remote", "url": "https://x", "headers": {"A": "${env:T}"}}}}',
     "opencode does not expand ${env:NAME} (it expands: {env:NAME})"),
    (".codex/config.toml", '[mcp_servers.a]\ncommand = "x"\nenv = { T = "$TOKEN" }\n', "OpenAI Codex does not expand $NAME"),
    (".continue/config.yaml", "mcpServers:\n  - name: a\n    command: x\n    env:\n      T: ${env:T}\n",
     "Continue does not expand ${env:NAME} (it expands: ${{ secrets.NAME }})"),
    (".windsurf/mcp_config.json", '{"mcpServers": {"a": {"serverUrl": "https://x/${PATH_PART}"}}}', "'${PATH_PART}' in url"),
])
def test_placeholder_not_expanded(tmp_path: Path, file: str, config: str, expected: str) -> None:
    messages = mcp003(tmp_path, config, file)
    assert any(expected in m for m in messages), messages


@pytest.mark.parametrize(("file", "config"), [
    (".mcp.json", '{"mcpServers": {"a": {"command": "x", "env": {"T": "${T}", "U": "${U:-1}"}}}}'),
    (".vscode/mcp.json", '{"servers": {"a": {"command": "x", "env": {"T": "${env:T}", "I": "${input:i}", "W": "${workspaceFolder}"}}}}'),
    (".gemini/settings.json", '{"mcpServers": {"a": {"command": "x", "env": {"T": "$T", "U": "${U}"}}}}'),
    ("opencode.json", '{"mcp": {"a": {"type": "local", "command": ["x"], "environment": {"T": "{env:T}", "F": "{file:~/.t}"}}}}'),
    (".continue/config.yaml", "mcpServers:\n  - name: a\n    command: x\n    env:\n      T: ${{ secrets.T }}\n"),
    (".windsurf/mcp_config.json", '{"mcpServers": {"a": {"command": "x", "env": {"T": "${env:T}", "F": "${file:/run/t}"}}}}'),
    ("claude_desktop_config.json", '{"mcpServers": {"a": {"command": "cmd", "args": ["/c", "echo %APPDATA%"]}}}'),
    ("claude_desktop_config.json", '{"mcpServers": {"a": {"command": "sh", "args": ["-c", "exec x --t ${T} $U"]}}}'),
    ("claude_desktop_config.json", '{"mcpServers": {"a": {"command": "x", "env": {"P": "pa$sw0rd", "Q": "$lower"}}}}'),
    ("mcp.json", '{"mcpServers": {"a": {"command": "x", "env": {"T": "${env:T}", "U": "{env:U}"}}}}'),
    (".idx/mcp.json", '{"mcpServers": {"a": {"command": "x", "env": {"T": "${T}"}}}}'),
])
def test_placeholder_expanded_or_unsure(tmp_path: Path, file: str, config: str) -> None:
    assert mcp003(tmp_path, config, file) == []


def test_mcp003_on_the_corpus() -> None:
    """Every MCP003 finding on the corpus was read; all are placeholders the file's client leaves as text."""
    findings = corpus_findings("MCP003")
    assert 25 <= len(findings) <= 45
    clients = {f["client"] for f in findings}
    assert clients <= {"vscode", "claude-code", "claude-desktop", "roo-code", "amazon-q", "windsurf"}
    assert not [f for f in findings if f["client"] in ("generic", "idx")]


def test_placeholders_get_each_servers_place() -> None:
    entry = {
        "command": "bash",
        "args": ["-c", "run $TOKEN", "${env:ROOT}/x"],
        "env": {"API_KEY": "${env:API_KEY}", "PLAIN": "value"},
        "headers": {"Authorization": "Bearer ${input:tok}"},
    }
    first = facts_of(entry, "claude-code", name="a")["placeholders"]
    second = facts_of(entry, "claude-code", name="b")["placeholders"]
    assert [(p.text, p.syntax, p.where) for p in first] == [
        ("${env:ROOT}", "env-colon", "argument 3"),
        ("${env:API_KEY}", "env-colon", "env API_KEY"),
        ("${input:tok}", "input", "header Authorization"),
    ]  # "$TOKEN" is the shell's own (bash -c)
    for server, found in (("a", first), ("b", second)):
        assert [p.pointer for p in found] == [
            ("mcpServers", server, "args", 2),
            ("mcpServers", server, "env", "API_KEY"),
            ("mcpServers", server, "headers", "Authorization"),
        ]
    assert first[0].client == "Claude Code" and first[0].example == "${env:NAME}"
    assert facts_of(entry, "generic", name="c")["placeholders"] == ()  # the generic client: every syntax may expand


def test_every_field_that_can_hold_a_reference_is_read_and_plain_values_are_not() -> None:
    entry = {"command": "npx", "args": ["-y", "pkg@1.0.0", "${HOME}/x", "plain"], "env": {"B": "${B}", "C": "plain"},
             "headers": {"H": "{env:H}"}, "url": "https://x.example.com/${P}"}
    found = facts_of(entry, "claude-desktop")["placeholders"]
    assert [(p.text, p.where, p.pointer[2:]) for p in found] == [
        ("${HOME}", "argument 3", ("args", 2)), ("${B}", "env B", ("env", "B")), ("${P}", "url", ("url",)),
        ("{env:H}", "header H", ("headers", "H"))]
    assert facts_of({"command": "x", "args": ["plain", "a{b}"], "env": {"A": "pa$$"}}, "claude-desktop")["placeholders"] == ()

"""Env references per client (issue 17, part C): what the client or another program expands."""

from __future__ import annotations

from pathlib import Path

from helpers import scan_text


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


def test_a_key_in_the_url_query_is_authentication(tmp_path: Path) -> None:
    for url, reported in (("https://mcp.exa.ai/mcp?exaApiKey=${EXA_API_KEY}", False),
                          ("https://mcp.tavily.com/mcp/?tavilyApiKey=<your-api-key>", False),
                          ("https://mcp.example.com/mcp?ctx_token=${T}", False),
                          ("https://mcp.example.com/mcp?tavilyApiKey=", True),
                          ("https://mcp.example.com/mcp?monkey=1", True)):
        text = '{"mcpServers": {"x": {"type": "http", "url": "' + url + '"}}}'
        found = _rules(scan_text(tmp_path / str(abs(hash(url))), text, select=["MCP204"]), "MCP204")
        assert bool(found) == reported, url


def test_codex_env_vars_forward_what_mcp_remote_expands(tmp_path: Path) -> None:
    text = '[mcp_servers.docs]\ncommand = "npx"\nargs = ["-y", "mcp-remote@0.1.29", "https://docs.example.com/sse", ' \
           '"--header", "Authorization:${DOCS_AUTH}"]\n'
    assert len(_rules(scan_text(tmp_path / "a", text, ".codex/config.toml", select=["MCP003"]), "MCP003")) == 1
    forwarded = text + 'env_vars = ["DOCS_AUTH"]\n'
    assert not _rules(scan_text(tmp_path / "b", forwarded, ".codex/config.toml", select=["MCP003"]), "MCP003")

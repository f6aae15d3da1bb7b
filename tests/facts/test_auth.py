"""The ``auth`` fact (MCP204): where a remote server's credentials come from, or that none do."""

from __future__ import annotations

from pathlib import Path

from helpers import facts_of, scan_text


def test_auth_sources() -> None:
    assert facts_of({"url": "https://x.example.org/mcp"})["auth"].missing
    assert not facts_of({"url": "https://x.example.org/mcp", "headers": {"X-API-Key": "${KEY}"}})["auth"].missing
    assert not facts_of({"url": "https://x.example.org/mcp?api_key=abc"})["auth"].missing
    assert not facts_of({"url": "https://x.example.org/mcp", "oauth": {"clientId": "a"}})["auth"].missing
    assert facts_of({"url": "https://x.example.org/mcp", "oauth": False})["auth"].missing
    assert not facts_of({"url": "https://mcp.linear.app/sse"})["auth"].missing
    assert not facts_of({"url": "http://127.0.0.1:8000/mcp"})["auth"].missing
    assert facts_of({"url": "http://10.1.2.3/mcp"})["auth"].severity == "low"
    assert not facts_of({"command": "npx", "args": ["mcp-remote", "https://x.example.org/sse"]})["auth"].missing
    assert not facts_of({"command": "npx", "args": ["mcp-remote", "https://x.example.org/sse", "--header", "Authorization:${AUTH}"]})["auth"].missing
    assert not facts_of({"command": "node", "args": ["server.js", "--api", "https://x.example.org"]})["auth"].remote


def test_a_key_in_the_url_query_is_authentication(tmp_path: Path) -> None:
    for url, reported in (("https://mcp.exa.ai/mcp?exaApiKey=${EXA_API_KEY}", False),
                          ("https://mcp.tavily.com/mcp/?tavilyApiKey=<your-api-key>", False),
                          ("https://mcp.example.com/mcp?ctx_token=${T}", False),
                          ("https://mcp.example.com/mcp?tavilyApiKey=", True),
                          ("https://mcp.example.com/mcp?monkey=1", True)):
        text = '{"mcpServers": {"x": {"type": "http", "url": "' + url + '"}}}'
        found = [f for f in scan_text(tmp_path / str(abs(hash(url))), text, select=["MCP204"]) if f.rule == "MCP204"]
        assert bool(found) == reported, url

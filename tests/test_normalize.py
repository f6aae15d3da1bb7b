"""Normalize: every container shape and field alias becomes the same Server record."""

from __future__ import annotations

import pytest

from mcplint.load.jsonc import load_jsonc
from mcplint.normalize import infer_client, servers_of


def servers(text: str, client: str = "generic"):
    return servers_of(load_jsonc(text), client, "f.json")


def test_mcp_servers_map_with_every_field() -> None:
    [s] = servers('{"mcpServers": {"gh": {"command": "npx", "args": ["-y", "x"], "env": {"A": "1", "N": 2},'
                  ' "cwd": "/w", "disabled": true, "autoApprove": ["read"]}}}')
    assert (s.name, s.transport, s.command, s.args, s.env, s.cwd, s.disabled, s.auto_approve) == (
        "gh", "stdio", "npx", ["-y", "x"], {"A": "1", "N": "2"}, "/w", True, ["read"])
    assert s.at("env", "A") == ("mcpServers", "gh", "env", "A")
    assert s.at("args", 1) == ("mcpServers", "gh", "args", 1)


@pytest.mark.parametrize(("entry", "transport", "url"), [
    ('{"url": "https://x/sse"}', "http", "https://x/sse"),
    ('{"type": "sse", "url": "https://x/sse"}', "sse", "https://x/sse"),
    ('{"serverUrl": "https://x/mcp"}', "http", "https://x/mcp"),
    ('{"httpUrl": "https://x/mcp"}', "http", "https://x/mcp"),
    ('{"transportType": "streamableHttp", "url": "https://x"}', "http", "https://x"),
    ('{"type": "streamable-http", "url": "https://x"}', "http", "https://x"),
    ('{"type": "remote", "url": "https://x"}', "http", "https://x"),
    ('{"type": "local", "command": ["npx", "-y", "pkg"]}', "stdio", None),
])
def test_transport_and_url_aliases(entry: str, transport: str, url: str | None) -> None:
    [s] = servers('{"mcpServers": {"s": ' + entry + "}}")
    assert (s.transport, s.url) == (transport, url)


def test_vscode_servers_and_inputs() -> None:
    [s] = servers('{"inputs": [], "servers": {"api": {"type": "http", "url": "https://x", "headers": {"A": "b"}}}}', "vscode")
    assert (s.name, s.headers, s.at("headers", "A")) == ("api", {"A": "b"}, ("servers", "api", "headers", "A"))


def test_opencode_argv_command_and_environment() -> None:
    [s] = servers('{"mcp": {"x": {"type": "local", "command": ["npx", "-y", "pkg@1"], "environment": {"K": "v"}}}}')
    assert (s.command, s.args, s.env) == ("npx", ["-y", "pkg@1"], {"K": "v"})
    assert s.at("args", 1) == ("mcp", "x", "command", 2)


def test_opencode_v2_servers_are_not_counted_twice() -> None:
    found = servers('{"mcp": {"servers": {"x": {"type": "local", "command": ["a"]}}}}')
    assert [s.name for s in found] == ["x"]


def test_zed_legacy_command_object() -> None:
    [s] = servers('{"context_servers": {"z": {"source": "custom", "command": {"path": "mcp-z", "args": ["--stdio"], "env": {"K": "v"}}}}}')
    assert (s.command, s.args, s.env) == ("mcp-z", ["--stdio"], {"K": "v"})


def test_cline_nested_transport() -> None:
    [s] = servers('{"mcpServers": {"svc": {"transport": {"type": "streamableHttp", "url": "https://x/mcp"}, "autoApprove": ["list"]}}}', "cline")
    assert (s.transport, s.url, s.auto_approve) == ("http", "https://x/mcp", ["list"])
    assert s.at("url") == ("mcpServers", "svc", "transport", "url")


def test_claude_code_projects_carry_the_project_path() -> None:
    found = servers('{"mcpServers": {"a": {"command": "a"}}, "projects": {"/home/me/repo": {"mcpServers": {"b": {"url": "http://localhost:9/sse"}}}}}', "claude-code")
    assert [(s.name, s.project) for s in found] == [("a", None), ("b", "/home/me/repo")]


def test_flat_plugin_map_and_list_container() -> None:
    assert [s.name for s in servers('{"x": {"command": "a"}, "y": {"url": "https://y"}}')] == ["x", "y"]
    found = servers('{"experimental": {"modelContextProtocolServers": [{"name": "n", "command": "c"}]}}')
    assert [(s.name, s.pointer) for s in found] == [("n", ("experimental", "modelContextProtocolServers", 0))]


def test_gemini_trust_counts_as_auto_approval() -> None:
    [s] = servers('{"mcpServers": {"g": {"command": "g", "trust": true}}}')
    assert s.auto_approve == ["*"]


def test_args_given_as_a_string_do_not_crash() -> None:
    [s] = servers('{"mcpServers": {"g": {"command": "g", "args": "--flag value"}}}')
    assert s.args == ["--flag value"]


def test_infer_client_from_content() -> None:
    assert infer_client({"servers": {}}) == "vscode"
    assert infer_client({"context_servers": {}}) == "zed"
    assert infer_client({"mcpServers": {}}) == "generic"

"""Normalize: every container shape and field alias becomes the same Server record."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mcplint import clients
from mcplint.load.jsonc import load_jsonc
from mcplint.normalize import FIELD_ALIASES, infer_client, server_from_entry, servers_of

TRANSPORTS = clients.transports()
URL_ONLY_TRANSPORT = {client.id: client.url_transports for client in clients.all_clients()}


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


# --------------------------------------------------------------------------- one read per field

def _first(entry: dict, field: str) -> tuple[str, Any] | None:
    for alias in FIELD_ALIASES[field]:
        if alias in entry:
            return alias, entry[alias]
    return None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else str(value)


def reference_server(name: str, entry: dict, pointer: tuple, client: str) -> dict[str, Any]:
    """The fields as a field-by-field reading gives them (what ``server_from_entry`` must keep)."""
    out: dict[str, Any] = {"command": None, "args": [], "env": {}, "headers": {}, "url": None, "cwd": None,
                           "auto_approve": [], "paths": {}, "item_paths": {}}
    paths, fields = out["paths"], dict(entry)
    nested = entry.get("transport")
    if isinstance(nested, dict):
        fields = {**{k: v for k, v in entry.items() if k != "transport"}, **nested}

    def where(alias: str) -> tuple:
        return pointer + (("transport", alias) if isinstance(nested, dict) and alias in nested else (alias,))

    found = _first(fields, "command")
    if found:
        alias, value = found
        if isinstance(value, list):
            if value:
                out["command"], paths["command"] = _text(value[0]), where(alias) + (0,)
            out["args"] = [_text(v) for v in value[1:]]
            for i in range(len(out["args"])):
                out["item_paths"][("args", i)] = where(alias) + (i + 1,)
            paths["args"] = where(alias)
        elif isinstance(value, dict):
            out["command"], paths["command"] = _text(value.get("path")) or None, where(alias) + ("path",)
            if isinstance(value.get("args"), list):
                out["args"], paths["args"] = [_text(v) for v in value["args"]], where(alias) + ("args",)
            if isinstance(value.get("env"), dict):
                out["env"] = {str(k): _text(v) for k, v in value["env"].items()}
                paths["env"] = where(alias) + ("env",)
        elif value is not None:
            out["command"], paths["command"] = _text(value), where(alias)
    found = _first(fields, "args")
    if found:
        out["args"] = [_text(v) for v in found[1]] if isinstance(found[1], list) else [_text(found[1])]
        paths["args"] = where(found[0])
    for field in ("env", "headers"):
        found = _first(fields, field)
        if found and isinstance(found[1], dict):
            out[field], paths[field] = {str(k): _text(v) for k, v in found[1].items()}, where(found[0])
    options = fields.get("requestOptions")
    if not out["headers"] and isinstance(options, dict) and isinstance(options.get("headers"), dict):
        out["headers"] = {str(k): _text(v) for k, v in options["headers"].items()}
        paths["headers"] = pointer + ("requestOptions", "headers")
    for field in ("url", "cwd"):
        found = _first(fields, field)
        if found and isinstance(found[1], str):
            out[field], paths[field] = found[1], where(found[0])
    found = _first(fields, "type")
    declared = found[1].strip().lower() if found and isinstance(found[1], str) else None
    if found and declared:
        paths["type"] = where(found[0])
    if declared in TRANSPORTS:
        out["transport"] = TRANSPORTS[declared]
    elif declared:
        out["transport"] = declared
    elif out["url"] and not out["command"]:
        out["transport"] = URL_ONLY_TRANSPORT.get(client, {}).get(paths["url"][-1], "http")
    else:
        out["transport"] = "stdio"
    found = _first(fields, "auto_approve")
    if found and isinstance(found[1], list):
        out["auto_approve"], paths["auto_approve"] = [_text(v) for v in found[1]], pointer + (found[0],)
    if fields.get("trust") is True:
        out["auto_approve"], paths["auto_approve"] = ["*"], pointer + ("trust",)
    out["disabled"] = fields.get("disabled") is True or fields.get("enabled") is False
    return out


_ALIASES = sorted({a for names in FIELD_ALIASES.values() for a in names} | {"requestOptions", "trust", "enabled",
                                                                            "disabled", "path", "name"})
_LEAVES = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.sampled_from(["", "x", " SSE ", "stdio", "local"]))
_VALUES = st.recursive(_LEAVES, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(_ALIASES), inner, max_size=4)), max_leaves=10)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entry=st.dictionaries(st.sampled_from(_ALIASES), _VALUES, max_size=7),
       client=st.sampled_from(["generic", "cline", "gemini-cli", "opencode"]))
def test_every_field_is_read_as_a_field_by_field_reading_does(entry: dict, client: str) -> None:
    server = server_from_entry("s", entry, ("mcpServers", "s"), client, "f.json")
    expected = reference_server("s", entry, ("mcpServers", "s"), client)
    got = {field: getattr(server, field) for field in expected}
    assert got == expected
    assert list(server.paths.items()) == list(expected["paths"].items())  # same order too
    assert server.raw is entry and (server.name, server.client, server.pointer) == ("s", client, ("mcpServers", "s"))

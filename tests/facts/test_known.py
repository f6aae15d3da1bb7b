"""The server catalog (data/servers.json): its shape, and how servers are matched to it."""

from __future__ import annotations

import json

import pytest
from helpers import server_record

from mcplint.facts import known as known_module
from mcplint.facts.known import catalog, catalog_path, lookup, lookup_host, lookup_package
from mcplint.facts.package import analyze as package_of
from mcplint.facts.transport import analyze as transport_of
from mcplint.model import Server

KINDS = {"filesystem", "database", "shell", "browser", "saas", "infra", "docs", "web", "remote-proxy", "other"}
ECOSYSTEMS = {"npm", "pypi", "docker", "go"}
SETTING_KEYS = {"default", "flags", "flag_values", "env", "headers", "url_query", "url_path", "config", "escape", "note", "suggest"}
ENTRY_KEYS = {"id", "name", "packages", "commands", "hosts", "remote_auth", "kind", "database", "roots", "read_only",
              "writes_when", "limits", "toolsets", "oauth_proxy", "match_env", "docs", "writes_own_store"}


def _raw() -> dict:
    return json.loads(catalog_path().read_text("utf-8"))


def test_every_entry_has_a_known_shape() -> None:
    data = _raw()
    ids = set()
    for entry in data["servers"]:
        assert set(entry) <= ENTRY_KEYS, (entry["id"], set(entry) - ENTRY_KEYS)
        assert entry["id"] not in ids
        ids.add(entry["id"])
        assert entry["kind"] in KINDS, entry["id"]
        for package in entry.get("packages", ()):
            ecosystem, _, name = package.partition(":")
            assert ecosystem in ECOSYSTEMS and name, package
        for host in entry.get("hosts", ()):
            assert host == host.lower() and "/" not in host, host
        if entry.get("hosts"):
            assert entry.get("remote_auth") in {"oauth", "enforced", "url-key", "public"}, entry["id"]
        if entry["kind"] == "database":
            assert entry.get("database") and "read_only" in entry, entry["id"]
        for key in ("read_only", "writes_when", "limits", "toolsets"):
            assert set(entry.get(key, {})) <= SETTING_KEYS, (entry["id"], key)
        assert set(entry.get("roots", {})) <= {"args", "flags", "env", "when_none", "note", "value_flags"}
    for bad in data["malicious"]:
        assert bad["references"] and bad["what"] and ":" in bad["package"]


def test_no_package_is_claimed_twice() -> None:
    seen: dict[str, str] = {}
    for entry in _raw()["servers"]:
        for package in entry.get("packages", ()):
            key = known_module.package_key(*package.split(":", 1))
            assert key not in seen, f"{package} in {seen.get(key)} and {entry['id']}"
            seen[key] = entry["id"]


def test_catalog_size() -> None:
    assert len(_raw()["servers"]) >= 60


def _known(server: Server):
    return lookup(server, package_of(server, None), transport_of(server, None))


@pytest.mark.parametrize(("command", "args", "expected"), [
    ("uvx", ["mcp_server_fetch==2025.4.7"], "fetch"),
    ("uvx", ["MCP-Server-Fetch"], "fetch"),
    ("uvx", ["awslabs.postgres-mcp-server@latest"], "awslabs-postgres"),
    ("docker", ["run", "-i", "docker.io/mcp/filesystem", "/projects"], "mcp-filesystem"),
    ("/usr/local/bin/github-mcp-server", ["stdio"], "github"),
    ("cmd", ["/c", "npx", "-y", "mongodb-mcp-server@1.0.0"], "mongodb-mcp-server"),
])
def test_packages_and_commands_are_matched(command: str, args: list[str], expected: str) -> None:
    assert _known(server_record(command, *args)).id == expected


def test_hosted_servers_are_matched_by_host_and_parent_domain() -> None:
    assert lookup_host("mcp.supabase.com").id == "supabase"
    assert lookup_host("bindings.mcp.cloudflare.com").id == "cloudflare"
    assert lookup_host("docs.mcp.cloudflare.com").id == "public-docs"
    assert lookup_host("stitch.googleapis.com").remote_auth == "enforced"
    assert lookup_host("mcp.example.com") is None


def test_a_proxy_to_a_known_host_is_that_host() -> None:
    server = server_record("npx", "-y", "mcp-remote@0.1.29", "https://mcp.supabase.com/mcp?project_ref=x")
    assert _known(server).id == "supabase"
    assert _known(server_record("npx", "-y", "mcp-remote@0.1.29", "https://mcp.acme.io/sse")).id == "mcp-remote"
    assert _known(server_record(url="https://mcp.neon.tech/mcp")).id == "neon"


def test_env_configured_filesystem_servers() -> None:
    assert _known(server_record("node", "fs.js", env={"ALLOWED_PATHS": "/srv"})).id == "generic-filesystem-env"
    assert lookup_package(None) is None


def test_malicious_list_is_loaded() -> None:
    assert "npm:postmark-mcp" in catalog().malicious


def test_catalog_entries_say_how_they_were_matched() -> None:
    assert lookup_host("mcp.supabase.com").matched_by == "host"
    assert lookup_package(package_of(server_record("npx", "-y", "mongodb-mcp-server@1.0.0"), None)).matched_by == "package"
    assert lookup_package(package_of(server_record("/usr/local/bin/github-mcp-server", "stdio"), None)).matched_by == "command"
    env_server = server_record("node", "fs.js", env={"ALLOWED_PATHS": "/srv"})
    found = lookup(env_server, package_of(env_server, None), transport_of(env_server, None))
    assert (found.id, found.matched_by) == ("generic-filesystem-env", "env")
    assert "entry=" not in repr(found)  # the raw catalog entry stays out of the repr, as before


def test_catalog_indexes_are_consistent() -> None:
    cat = catalog()
    assert all(known.matched_by == "package" for known in cat.by_package.values())
    assert all(known.matched_by == "host" for known in cat.by_host.values())
    assert len(cat.env_keys) == len(cat.env_matchers)

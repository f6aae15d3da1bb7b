"""Fact records are light ``NamedTuple``s, and the memoized fact code stays correct per server.

The fact modules run for every server of every file: their records are NamedTuples (a frozen
dataclass costs ~1.5 ms to define and pulls in ``dataclasses`` and ``inspect`` at start-up),
pure string work is memoized, and cheap substring tests run before regexes. These tests guard
what those shortcuts rely on.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from typing import Any

import pytest

from mcplint.facts import FactContext, Facts
from mcplint.facts.known import catalog, lookup, lookup_host, lookup_package
from mcplint.facts.package import analyze as package_of
from mcplint.facts.transport import analyze as transport_of
from mcplint.model import Server, SourceFile
from mcplint.normalize import server_from_entry

MODULES = ("approval", "approval_settings", "auth", "common", "connections", "container", "database", "exposure",
           "filesystem", "known", "launch", "loader_env", "package", "policy", "reputation", "shell", "tls",
           "tls_verify", "toolsets", "transport")


def facts(entry: dict[str, Any], name: str = "s") -> Facts:
    server: Server = server_from_entry(name, entry, ("mcpServers", name), "generic", "f.json")
    return Facts(server, FactContext(None, SourceFile(path=None, display="f.json"), "generic"))  # type: ignore[arg-type]


def test_fact_modules_do_not_import_dataclasses() -> None:
    code = ("import sys\n"
            f"for m in {MODULES!r}: __import__('mcplint.facts.' + m)\n"
            "print('dataclasses' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


@pytest.mark.parametrize("module", MODULES)
def test_records_are_named_tuples(module: str) -> None:
    mod = importlib.import_module(f"mcplint.facts.{module}")
    records = [v for v in vars(mod).values()
               if isinstance(v, type) and v.__module__ == mod.__name__ and hasattr(v, "__annotations__")]
    for record in records:
        assert issubclass(record, tuple) and hasattr(record, "_fields"), record


def test_a_memoized_package_gets_each_servers_own_pointer() -> None:
    entry = {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-github@2025.4.8"]}
    first, second = facts(entry, "a")["package"], facts(entry, "b")["package"]
    assert first.pointer == ("mcpServers", "a", "args", 1)
    assert second.pointer == ("mcpServers", "b", "args", 1)
    assert first._replace(pointer=()) == second._replace(pointer=())
    local = facts({"command": "github-mcp-server"}, "c")["package"]
    assert (local.index, local.pointer) == (-1, ("mcpServers", "c", "command"))


def _server(command: str | None = None, *args: str, url: str | None = None, env: dict | None = None) -> Server:
    return Server("s", "generic", "f", ("mcpServers", "s"), command=command, args=list(args), url=url,
                  env=env or {}, transport="http" if url and not command else "stdio")


def test_catalog_entries_say_how_they_were_matched() -> None:
    assert lookup_host("mcp.supabase.com").matched_by == "host"
    assert lookup_package(package_of(_server("npx", "-y", "mongodb-mcp-server@1.0.0"), None)).matched_by == "package"
    assert lookup_package(package_of(_server("/usr/local/bin/github-mcp-server", "stdio"), None)).matched_by == "command"
    env_server = _server("node", "fs.js", env={"ALLOWED_PATHS": "/srv"})
    found = lookup(env_server, package_of(env_server, None), transport_of(env_server, None))
    assert (found.id, found.matched_by) == ("generic-filesystem-env", "env")
    assert "entry=" not in repr(found)  # the raw catalog entry stays out of the repr, as before


def test_catalog_indexes_are_consistent() -> None:
    cat = catalog()
    assert all(known.matched_by == "package" for known in cat.by_package.values())
    assert all(known.matched_by == "host" for known in cat.by_host.values())
    assert len(cat.env_keys) == len(cat.env_matchers)


def test_prefilters_hold_for_the_flag_tables() -> None:
    """Loops skip arguments without a leading dash before looking flags up: every flag has one."""
    from mcplint.facts.launch import DIRECTORY_FLAGS
    from mcplint.facts.tls_verify import FLAGS, VALUE_FLAGS

    assert all(flag.startswith("-") for flag in DIRECTORY_FLAGS)
    assert all(flag.startswith("--") for flag in (*FLAGS, *VALUE_FLAGS))


def test_policy_what_is_worked_out_on_demand() -> None:
    policy = facts({"command": "npx", "args": ["-y", "@modelcontextprotocol/server-github@2025.4.8"]})["policy"]
    assert policy.pending and not policy.allowlist
    assert policy.what == "npm:@modelcontextprotocol/server-github@2025.4.8"

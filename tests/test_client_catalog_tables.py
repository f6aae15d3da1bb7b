"""What the later stages know of each client is catalog data (mcplint/data/clients.json), checked
when it loads, and it is what they act on: container paths and content keys (normalize), transport
names (normalize, discovery, publisher files), entry schemas, ``layered`` and ``servers_as_list``
(the schema fact, MCP002), ``secret_ref`` (the fixers)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from helpers import scan_text

from mcplint import clients
from mcplint.clients import all_clients, parse_catalog
from mcplint.discover import has_mcp_evidence
from mcplint.facts import FactContext, Facts
from mcplint.facts.schema import index, schema_for, schema_names
from mcplint.fix import secret_refs
from mcplint.load import parse
from mcplint.model import SourceFile
from mcplint.normalize import infer_client, server_from_entry, servers_of

RAW = json.loads((Path(clients.__file__).parent / "data" / "clients.json").read_text(encoding="utf-8"))


def _client(raw: dict, client_id: str) -> dict:
    return next(c for c in raw["clients"] if c["id"] == client_id)


# --- checked when it loads ----------------------------------------------------------------------

def test_the_shipped_catalog_parses_to_what_the_scan_uses() -> None:
    catalog = parse_catalog(RAW)
    assert catalog.clients == all_clients()
    assert catalog.containers == clients.containers() and catalog.content_keys == clients.content_keys()
    assert dict(catalog.transports) == dict(clients.transports())


def _broken(change) -> dict:
    raw = copy.deepcopy(RAW)
    change(raw)
    return raw


@pytest.mark.parametrize("change, problem", [
    (lambda raw: _client(raw, "cline").update(url_transports={"url": "carrier-pigeon"}), "url_transports"),
    (lambda raw: _client(raw, "vscode").update(entry_schemas={"*": 5}), "entry_schemas"),
    (lambda raw: _client(raw, "codex").update(layered="yes"), "layered"),
    (lambda raw: _client(raw, "continue").update(servers_as_list=1), "servers_as_list"),
    (lambda raw: _client(raw, "vscode").update(secret_ref={"template": "${input:{name}}"}), "secret_ref"),
    (lambda raw: raw["transports"]["names"].update(pipe="named-pipe"), "transports.names"),
    (lambda raw: raw["content_keys"]["keys"].append(["servers", "no-such-client"]), "content_keys"),
    (lambda raw: raw["containers"].update(paths=[]), "containers.paths"),
    (lambda raw: raw.pop("transports"), "transports.names"),
])
def test_a_malformed_table_is_refused_with_its_name(change, problem: str) -> None:
    with pytest.raises(ValueError, match=problem.replace(".", r"\.")):
        parse_catalog(_broken(change))


def test_every_entry_schema_is_bundled_and_every_schema_table_names_a_client() -> None:
    bundled = set(schema_names())
    for client in all_clients():
        assert set(client.entry_schemas.values()) <= bundled, client.id
    ids = {client.id for client in all_clients()}
    for table in ("reads", "no_endpoint"):
        assert set(index()[table]) - {"about"} <= ids, table
    assert index()["default"] in bundled


# --- and acted on -------------------------------------------------------------------------------

def test_every_container_path_holds_servers_of_a_file_whose_client_is_unknown() -> None:
    for path in clients.containers():
        concrete = tuple("p" if part == "*" else part for part in path)
        data: dict = {"a": {"command": "x"}}
        for part in reversed(concrete):
            data = {part: data}
        [server] = servers_of(parse(json.dumps(data), "json"), "generic", "f.json")
        assert server.pointer == (*concrete, "a"), path


def test_every_content_key_gives_its_client_away() -> None:
    for key, client_id in clients.content_keys():
        assert infer_client({key: {}}) == client_id, key
    assert infer_client({"unrelated": {}}) == "generic"


def test_every_transport_name_means_its_transport_in_a_config_and_as_evidence() -> None:
    for name, transport in clients.transports().items():
        entry = {"type": name.upper(), "url": "https://x.example/mcp"}
        server = server_from_entry("a", entry, ("mcpServers", "a"), "generic", "f.json")
        assert server.transport == transport, name
        assert has_mcp_evidence({"tools": {"a": entry}}, [server]), name  # a file outside the catalog's paths
    unknown = server_from_entry("a", {"type": "carrier-pigeon", "url": "https://x"}, ("s", "a"), "generic", "f.json")
    assert unknown.transport == "carrier-pigeon"


def test_a_bare_url_takes_the_clients_own_transport() -> None:
    for client in all_clients():
        for key in ("url", "httpUrl", "serverUrl"):
            server = server_from_entry("a", {key: "https://x/mcp"}, ("mcpServers", "a"), client.id, "f.json")
            assert server.transport == client.url_transports.get(key, "http"), (client.id, key)
    assert {c.id for c in all_clients() if c.url_transports.get("url") == "sse"} >= {"cline", "gemini-cli", "qwen-code"}


def test_a_list_of_entries_under_a_servers_key_is_a_violation_unless_the_client_takes_lists(tmp_path: Path) -> None:
    from mcplint.scan import ScanOptions, scan
    from mcplint.ruleset import load_rules

    assert {c.id for c in all_clients() if c.servers_as_list} == {"continue", "augment"}
    rules = {"MCP002": load_rules()["MCP002"]}
    checked = 0
    for client in all_clients():
        key = client.servers_keys[0]
        if len(key) != 1 or client.format == "toml" or client.id == "generic":
            continue
        path = tmp_path / client.id / "config.json"
        path.parent.mkdir()
        path.write_text(json.dumps({key[0]: [{"name": "a", "command": "x"}]}), encoding="utf-8")
        fmt = "yaml" if client.format == "yaml" else client.format
        report, _ = scan([SourceFile(path, f"{client.id}/config.json", client.id, "project", fmt)],
                         ScanOptions(rules=dict(rules)))
        refused = any("must be an object mapping server names to entries" in f.message for f in report.findings)
        assert refused is not client.servers_as_list, client.id
        checked += 1
    assert checked > 20


def test_a_layered_clients_entry_may_only_override_a_setting(tmp_path: Path) -> None:
    assert [c.id for c in all_clients() if c.layered] == ["codex"]
    assert scan_text(tmp_path, "[mcp_servers.a]\nstartup_timeout_sec = 30\n", ".codex/config.toml", ["MCP002"]) == []
    [finding] = scan_text(tmp_path, '{"mcpServers": {"a": {"timeout": 30}}}', ".mcp.json", ["MCP002"])
    assert "has neither 'command' nor 'url'" in finding.message


def test_the_entry_schema_is_the_catalogs_choice() -> None:
    for client in all_clients():
        for head in ("mcpServers", "mcp_servers", "mcp", "servers"):
            expected = client.entry_schemas.get(head) or client.entry_schemas.get("*") or index()["default"]
            assert schema_for(client.id, (head,), False) == expected, (client.id, head)
    assert schema_for("continue", ("mcpServers",), True) == "continue"
    assert schema_for("not-a-client", ("servers",), False) == index()["default"]


def test_the_fixers_secret_reference_is_the_catalogs() -> None:
    refs = secret_refs()
    for obj in RAW["clients"]:
        assert dict(refs[obj["id"]]) == (obj.get("secret_ref") or {"style": "none"}), obj["id"]


# --- system patterns and analyzers -----------------------------------------------------------------

@pytest.mark.parametrize("pattern, expected", [
    ("/etc/claude-code/managed-mcp.json", "R/etc/claude-code/managed-mcp.json"),
    ("/", "R"),
    ("C:/Program Files/ClaudeCode/managed-settings.d/*.json", "R/Program Files/ClaudeCode/managed-settings.d/*.json"),
    ("%ProgramData%/gemini-cli/settings.json", "R/ProgramData/gemini-cli/settings.json"),
    ("%ProgramFiles%/X/y.json", "R/Program Files/X/y.json"),
])
def test_a_system_pattern_maps_below_the_root(tmp_path: Path, pattern: str, expected: str) -> None:
    assert clients.system_path(pattern, tmp_path) == expected.replace("R", tmp_path.as_posix(), 1)


def test_an_analyzer_receives_the_servers_lazy_facts() -> None:
    """What ``facts.Analyzer`` says: ``analyze(server, facts)`` gets the Facts mapping, which
    computes the other facts on demand and carries the context."""
    seen = []

    def sbom(server, facts):
        seen.append((type(facts), facts["package"].name, facts.ctx.client))
        return "ok"

    server = server_from_entry("a", {"command": "npx", "args": ["-y", "left-pad@1.0.0"]}, ("mcpServers", "a"),
                               "cursor", ".cursor/mcp.json")
    source = SourceFile(Path(".cursor/mcp.json"), ".cursor/mcp.json", "cursor", "project", "json")
    facts = Facts(server, FactContext(None, source, "cursor", {"sbom": sbom}))
    assert facts["sbom"] == "ok" and seen == [(Facts, "left-pad", "cursor")]

"""Clients' own managed MCP policies: the matchers against the clients' documented examples,
export → read back round trips per client, hostile policy files, and the CLI end to end."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from helpers import invoke
from mcplint import client_policy as cp
from mcplint.model import Server
from mcplint.policy import as_policy
from mcplint.policy_export import export, validate

TOKEN = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O50Zb5Hm"  # a valid checksum: the detector knows it for a token


def stdio(name: str, *line: str, client: str = "claude-code", file: str = ".mcp.json") -> Server:
    return Server(name=name, client=client, file=file, pointer=("mcpServers", name), command=line[0], args=list(line[1:]))


def remote(name: str, url: str, client: str = "claude-code", file: str = ".mcp.json") -> Server:
    return Server(name=name, client=client, file=file, pointer=("mcpServers", name), transport="http", url=url)


def claude(data: dict, kind: str = "claude-managed") -> list[cp.Layer]:
    return [cp.layer_of(kind, "/etc/claude-code/managed-settings.json", "system", data)]


def decision(client: str, layers: list[cp.Layer], server: Server) -> str:
    found = cp.decide(client, layers, server)
    assert found is not None
    return found.decision


# --- matchers: the clients' documented examples (reference trust-and-policy.md A1, A2) --------


def test_server_command_is_exact_and_in_order() -> None:
    layers = claude({"allowedMcpServers": [{"serverCommand": ["npx", "-y", "server"]}]})
    assert decision("claude-code", layers, stdio("a", "npx", "-y", "server")) == "allowed"
    assert decision("claude-code", layers, stdio("a", "npx", "server")) == "denied"
    assert decision("claude-code", layers, stdio("a", "npx", "-y", "server", "--flag")) == "denied"
    assert decision("claude-code", layers, stdio("a", "npx", "server", "-y")) == "denied"


@pytest.mark.parametrize(("pattern", "url", "hit"), [
    ("https://api.githubcopilot.com/*", "https://api.githubcopilot.com/mcp/", True),
    ("https://api.githubcopilot.com/*", "https://API.GitHubCopilot.com./mcp/", True),  # host case, trailing dot
    ("https://api.githubcopilot.com/*", "https://api.githubcopilot.com:443/mcp", True),  # default port
    ("https://api.githubcopilot.com/*", "https://api.githubcopilot.com.evil.net/mcp", False),
    ("https://api.githubcopilot.com", "https://api.githubcopilot.com/any/path", True),  # no path: any path
    ("https://mcp.example.com/MCP", "https://mcp.example.com/mcp", False),  # paths are case-sensitive
    ("https://*.untrusted.example.com/*", "https://a.b.untrusted.example.com/x", True),
    ("https://*.example.com/*", "https://evil.net/.example.com/x", False),  # * in the host never crosses /
    ("*://mcp.example.com/*", "http://mcp.example.com/x", True),  # * in the scheme
    ("https://mcp.example.com/*", "http://mcp.example.com/x", False),
    ("https://mcp.example.com:8443/*", "https://mcp.example.com/x", False),
])
def test_server_url_patterns(pattern: str, url: str, hit: bool) -> None:
    assert cp.url_matches(pattern, url) is hit


def test_deny_first_unset_and_empty_allowlists() -> None:
    github = stdio("github", "npx", "-y", "@modelcontextprotocol/server-github@2025.4.8")
    assert decision("claude-code", claude({}), github) == "allowed"  # unset allows every server
    assert decision("claude-code", claude({"allowedMcpServers": []}), github) == "denied"  # [] allows none
    assert decision("claude-code", claude({"deniedMcpServers": []}), github) == "allowed"  # [] blocks nothing
    both = claude({"allowedMcpServers": [{"serverName": "github"}], "deniedMcpServers": [{"serverName": "github"}]})
    assert decision("claude-code", both, github) == "denied"  # the denylist wins
    assert decision("claude-code", [], github) == "unmanaged"


def test_a_url_entry_makes_remote_servers_match_by_url() -> None:
    layers = claude({"allowedMcpServers": [{"serverName": "corp"}, {"serverUrl": "https://mcp.corp.example.com/*"}]})
    assert decision("claude-code", layers, remote("corp", "https://evil.example.net/mcp")) == "denied"
    assert decision("claude-code", layers, remote("x", "https://mcp.corp.example.com/v1")) == "allowed"
    assert decision("claude-code", layers, stdio("corp", "corp-mcp")) == "allowed"  # no serverCommand entry yet
    with_command = claude({"allowedMcpServers": [{"serverName": "corp"}, {"serverCommand": ["corp-mcp", "--safe"]}]})
    assert decision("claude-code", with_command, stdio("corp", "corp-mcp")) == "denied"


def test_managed_mcp_json_admits_only_its_servers() -> None:
    mcp = cp.Layer("claude-managed-mcp", "/etc/claude-code/managed-mcp.json", "system", servers=frozenset({"company"}))
    own = stdio("company", "/usr/local/bin/company-mcp-server", file="/etc/claude-code/managed-mcp.json")
    assert decision("claude-code", [mcp], own) == "allowed"
    assert decision("claude-code", [mcp], stdio("mine", "npx", "x")) == "denied"


def test_copilot_layers_intersect_and_unresolved_variables_block() -> None:
    one = cp.layer_of("copilot-managed", "a.json", "system",
                      {"allowedMcpServers": [{"serverUrl": "https://api.githubcopilot.com/*"},
                                             {"serverCommand": ["npx", "@playwright/mcp@latest"]}]})
    two = cp.layer_of("copilot-managed", "b.json", "system", {"allowedMcpServers": [{"serverUrl": "https://api.githubcopilot.com/*"}],
                                                             "deniedMcpServers": [{"serverCommand": ["npx", "-y", "@modelcontextprotocol/server-filesystem", "/"]}]})
    playwright = stdio("pw", "npx", "@playwright/mcp@latest", client="vscode")
    assert decision("vscode", [one], playwright) == "allowed"
    assert decision("vscode", [one, two], playwright) == "denied"  # must match every layer's allowlist
    assert decision("vscode", [one, two], remote("gh", "https://api.githubcopilot.com/mcp/", client="vscode")) == "allowed"
    assert decision("vscode", [cp.layer_of("copilot-managed", "c", "system", {})],
                    remote("r", "https://${HOST}/mcp", client="vscode")) == "denied"
    assert decision("vscode", [cp.layer_of("copilot-managed", "c", "system", {"allowedMcpServers": {"overridable": []}})],
                    playwright) == "denied"


def test_codex_name_and_identity_must_both_match() -> None:
    data = tomllib.loads('[mcp_servers.docs.identity]\ncommand = "codex-mcp"\n'
                         '[mcp_servers.github.identity]\nurl = "https://api.githubcopilot.com/mcp/"\n'
                         '[mcp_servers.fs.identity]\ncommand = { command = "npx", args = [{ match = "exact", value = "-y" },'
                         ' { match = "prefix", value = "@modelcontextprotocol/server-filesystem@" }, { match = "regex", value = "/srv/[a-z]+" }] }\n')
    layers = [cp.layer_of("codex-requirements", "/etc/codex/requirements.toml", "system", data)]
    assert decision("codex", layers, stdio("docs", "codex-mcp", "--any", client="codex")) == "allowed"  # program only
    assert decision("codex", layers, stdio("other", "codex-mcp", client="codex")) == "denied"  # name must match
    assert decision("codex", layers, remote("github", "https://api.githubcopilot.com/mcp/", client="codex")) == "allowed"
    assert decision("codex", layers, remote("github", "https://api.githubcopilot.com/mcp", client="codex")) == "denied"
    fs = ("npx", "-y", "@modelcontextprotocol/server-filesystem@2025.7.1", "/srv/data")
    assert decision("codex", layers, stdio("fs", *fs, client="codex")) == "allowed"
    assert decision("codex", layers, stdio("fs", *fs[:-1], "/", client="codex")) == "denied"
    assert decision("codex", layers, stdio("fs", *fs, "--extra", client="codex")) == "denied"  # same length
    empty = [cp.layer_of("codex-requirements", "r", "system", {"mcp_servers": {}})]
    assert decision("codex", empty, stdio("docs", "codex-mcp", client="codex")) == "denied"


def test_gemini_allowed_empty_blocks_nothing_and_lists_combine() -> None:
    def layer(scope: str, **mcp: list[str]) -> cp.Layer:
        return cp.layer_of("gemini-settings", f"{scope}.json", scope, {"mcp": mcp})

    server = stdio("github", "npx", "x", client="gemini-cli")
    assert decision("gemini-cli", [layer("system", allowed=[])], server) == "allowed"
    assert decision("gemini-cli", [layer("system", allowed=["github"]), layer("user", allowed=["other"])], server) == "denied"
    assert decision("gemini-cli", [layer("system", allowed=["github"]), layer("user", excluded=["github"])], server) == "denied"
    assert decision("gemini-cli", [layer("system", allowed=["github", "x"])], server) == "allowed"


# --- export → read back, per client -----------------------------------------------------------

POLICY = """\
[policy]
mode = "allowlist"

[[policy.approved]]
package = "npm:@modelcontextprotocol/server-github@^2025.4"

[[policy.approved]]
url = "https://mcp.corp.example.com/*"

[[policy.blocked]]
package = "npm:notes-mcp"
reason = "exfiltrates notes"

[[policy.blocked]]
url = "https://*.untrusted.example.com/*"
"""

SERVERS = {
    "github": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-github@2025.4.8"]},
    "corp": {"type": "http", "url": "https://mcp.corp.example.com/v1/mcp"},
    "evil": {"type": "http", "url": "https://a.untrusted.example.com/mcp"},
    "notes": {"command": "npx", "args": ["-y", "notes-mcp@1.0.0"]},
    "fetch": {"command": "uvx", "args": ["mcp-server-fetch"]},
}
EXPECTED = {"github": "allowed", "corp": "allowed", "evil": "denied", "notes": "denied", "fetch": "denied"}

# where each client reads its exported file, and where its servers live (a disk laid out under tmp)
LAYOUT = {
    "claude-code": ("root/etc/claude-code/managed-settings.json", "home/.claude.json", "mcpServers", "json"),
    "copilot": ("root/etc/github-copilot/managed-settings.json", "home/.copilot/mcp-config.json", "mcpServers", "json"),
    "codex": ("root/etc/codex/requirements.toml", "home/.codex/config.toml", "mcp_servers", "toml"),
    "gemini": ("root/etc/gemini-cli/settings.json", "home/.gemini/settings.json", "mcpServers", "json"),
}


def _servers_file(kind: str, key: str) -> str:
    if kind == "json":
        return json.dumps({key: SERVERS}, indent=2)
    lines = []
    for name, server in SERVERS.items():
        lines.append(f"[mcp_servers.{name}]")
        lines += [f"{k} = {json.dumps(v)}" for k, v in server.items() if k != "type"]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("target", sorted(LAYOUT))
def test_round_trip_export_then_inventory(tmp_path: Path, target: str) -> None:
    policy_file, config_file, key, kind = LAYOUT[target]
    (tmp_path / "proj").mkdir()
    (tmp_path / "proj" / ".mcplint.toml").write_text(POLICY)
    (tmp_path / "proj" / ".mcp.json").write_text(json.dumps({"mcpServers": SERVERS}))
    exported = invoke(["policy", "export", "--to", target, "."], cwd=tmp_path / "proj", env={"MCPLINT_POLICY": None})
    assert exported.exit_code == 0, exported.stderr
    if target == "claude-code":
        assert json.loads(exported.stdout)["allowManagedMcpServersOnly"] is True
    for path, text in ((policy_file, exported.stdout), (config_file, _servers_file(kind, key))):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    result = invoke(["inventory", "--home", str(tmp_path / "home"), "--os", "linux", "--root", str(tmp_path / "root"),
                     "-f", "json", "--config", str(tmp_path / "proj" / ".mcplint.toml")], cwd=tmp_path / "proj",
                    env={"MCPLINT_POLICY": None})
    assert result.exit_code == 0, result.stderr
    rows = [r for r in json.loads(result.stdout)["servers"] if r["scope"] == "user"]
    got = {r["name"]: r["client_policy"]["decision"] for r in rows}
    assert got == EXPECTED, (exported.stdout, rows)
    assert all(r["client_policy"]["source"].endswith(Path(policy_file).name) for r in rows)
    assert all(r["client_policy"]["disagrees"] is None for r in rows)  # mcplint's policy says the same
    assert all((r["approval"] == "approved") == (r["client_policy"]["decision"] == "allowed") for r in rows)


def test_the_table_shows_the_client_decision_and_disagreements(tmp_path: Path) -> None:
    (tmp_path / "root/etc/claude-code").mkdir(parents=True)
    (tmp_path / "root/etc/claude-code/managed-settings.json").write_text(
        json.dumps({"allowManagedMcpServersOnly": True, "allowedMcpServers": [{"serverUrl": "https://*.untrusted.example.com/*"}]}))
    (tmp_path / "home").mkdir()
    (tmp_path / "home/.claude.json").write_text(json.dumps({"mcpServers": {"evil": SERVERS["evil"], "github": SERVERS["github"]}}))
    (tmp_path / ".mcplint.toml").write_text(POLICY)
    machine = ["--home", str(tmp_path / "home"), "--os", "linux", "--root", str(tmp_path / "root"),
               "--config", str(tmp_path / ".mcplint.toml")]  # a machine scan reads no folder's config
    result = invoke(["inventory", *machine, "--columns", "name,approval,client_policy"], cwd=tmp_path, env={"MCPLINT_POLICY": None})
    assert result.exit_code == 0, result.stderr
    lines = [line.split() for line in result.stdout.splitlines()]
    assert lines[0] == ["NAME", "APPROVAL", "CLIENT", "POLICY"]
    assert ["evil", "blocked", "allowed!"] in lines  # mcplint blocks it, the client's policy allows it
    assert ["github", "approved", "denied!"] in lines
    default = invoke(["inventory", *machine], cwd=tmp_path, env={"MCPLINT_POLICY": None, "COLUMNS": "300"})
    assert "CLIENT POLICY" in default.stdout  # shown by default once a managed policy is in play
    csv_text = invoke(["inventory", *machine, "-f", "csv", "--columns", "name,client_policy"], cwd=tmp_path).stdout
    assert csv_text.splitlines()[1:] == ["evil,allowed", "github,denied"]
    data = json.loads(invoke(["inventory", *machine, "-f", "json"], cwd=tmp_path, env={"MCPLINT_POLICY": None}).stdout)
    evil = next(r for r in data["servers"] if r["name"] == "evil")
    assert evil["client_policy"]["disagrees"].startswith("mcplint's policy does not allow it (blocked)")


def test_drop_ins_and_managed_mcp_are_read_from_the_root(tmp_path: Path) -> None:
    base = tmp_path / "root/etc/claude-code"
    (base / "managed-settings.d").mkdir(parents=True)
    (base / "managed-settings.d/20-deny.json").write_text(json.dumps({"deniedMcpServers": [{"serverCommand": ["uvx", "mcp-server-fetch"]}]}))
    (base / "managed-settings.d/.hidden.json").write_text(json.dumps({"deniedMcpServers": [{"serverName": "github"}]}))
    (base / "managed-mcp.json").write_text(json.dumps({"mcpServers": {"company": {"command": "/usr/local/bin/company-mcp"}}}))
    (tmp_path / "home").mkdir()
    (tmp_path / "home/.claude.json").write_text(json.dumps({"mcpServers": {"fetch": SERVERS["fetch"], "github": SERVERS["github"]}}))
    data = json.loads(invoke(["inventory", "--home", str(tmp_path / "home"), "--os", "linux", "--root", str(tmp_path / "root"),
                              "-f", "json", "--isolated"], cwd=tmp_path).stdout)
    got = {r["name"]: (r["client_policy"]["decision"], Path(r["client_policy"]["source"]).name) for r in data["servers"]}
    assert got == {"fetch": ("denied", "20-deny.json"), "github": ("denied", "managed-mcp.json"),
                   "company": ("allowed", "managed-mcp.json")}


# --- export details ---------------------------------------------------------------------------


def test_export_never_writes_a_credential_and_says_what_it_left_out(tmp_path: Path) -> None:
    (tmp_path / ".mcplint.toml").write_text(POLICY)
    servers = {"github": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-github@2025.4.8", f"--token={TOKEN}"]},
               "corp": {"type": "http", "url": f"https://mcp.corp.example.com/v1?api_key={TOKEN}"}}
    (tmp_path / ".mcp.json").write_text(json.dumps({"mcpServers": servers}))
    for target in ("claude-code", "copilot", "codex", "gemini", "cline"):
        result = invoke(["policy", "export", "--to", target], cwd=tmp_path, env={"MCPLINT_POLICY": None})
        assert TOKEN not in result.stdout + result.stderr, target
        assert result.exit_code == 0, (target, result.stderr)
    claude_export = invoke(["policy", "export", "--to", "claude-code"], cwd=tmp_path, env={"MCPLINT_POLICY": None})
    assert "holds a credential" in claude_export.stderr
    assert json.loads(claude_export.stdout)["allowedMcpServers"] == [{"serverUrl": "https://mcp.corp.example.com/*"}]


def test_name_only_clients_warn_and_gemini_never_writes_an_empty_allowlist(tmp_path: Path) -> None:
    (tmp_path / ".mcplint.toml").write_text('[policy]\nmode = "allowlist"\n')
    (tmp_path / ".mcp.json").write_text(json.dumps({"mcpServers": {"fetch": SERVERS["fetch"]}}))
    gemini = invoke(["policy", "export", "--to", "gemini"], cwd=tmp_path, env={"MCPLINT_POLICY": None})
    assert "renaming a server bypasses it" in gemini.stderr
    assert json.loads(gemini.stdout)["mcp"]["allowed"] == ["mcplint-no-server-approved"]
    cline = invoke(["policy", "export", "--to", "cline"], cwd=tmp_path, env={"MCPLINT_POLICY": None})
    assert "renaming bypasses" in cline.stderr and json.loads(cline.stdout) == {"allowedMCPServers": []}
    codex = invoke(["policy", "export", "--to", "codex"], cwd=tmp_path, env={"MCPLINT_POLICY": None})
    assert tomllib.loads(codex.stdout) == {"mcp_servers": {}}  # set and empty: every server disabled
    assert codex.stdout.startswith("# Generated by mcplint policy export from ")


def test_export_is_deterministic_and_denylist_mode_leaves_the_allowlist_unset(tmp_path: Path) -> None:
    (tmp_path / ".mcplint.toml").write_text('[policy]\n[[policy.blocked]]\npackage = "npm:notes-mcp"\n')
    (tmp_path / ".mcp.json").write_text(json.dumps({"mcpServers": dict(reversed(list(SERVERS.items())))}))
    first = invoke(["policy", "export", "--to", "claude-code"], cwd=tmp_path, env={"MCPLINT_POLICY": None})
    (tmp_path / ".mcp.json").write_text(json.dumps({"mcpServers": SERVERS}))
    second = invoke(["policy", "export", "--to", "claude-code"], cwd=tmp_path, env={"MCPLINT_POLICY": None})
    assert first.stdout == second.stdout
    assert json.loads(first.stdout) == {"deniedMcpServers": [{"serverCommand": ["npx", "-y", "notes-mcp@1.0.0"]}]}
    assert "allowedMcpServers is left unset" in first.stderr and "not packages" in first.stderr


def test_validation_reports_a_file_that_lets_the_client_run_what_mcplint_refuses() -> None:
    policy = as_policy({"mode": "allowlist", "approved": [{"url": "https://mcp.corp.example.com/*"}]})
    servers = [remote("corp", "https://mcp.corp.example.com/x"), remote("evil", "https://evil.example.net/")]
    warnings: list[str] = []
    errors = validate("claude-code", json.dumps({"allowedMcpServers": [{"serverUrl": "https://*"}]}), policy, servers, warnings)
    assert len(errors) == 1 and errors[0].startswith("server evil (.mcp.json): the exported policy lets the client run it")
    assert export("claude-code", policy, servers, []).errors == []


def test_export_refuses_unreadable_configs(tmp_path: Path) -> None:
    (tmp_path / ".mcp.json").write_text('{"mcpServers": {')
    result = invoke(["policy", "export", "--to", "claude-code"], cwd=tmp_path, env={"MCPLINT_POLICY": None})
    assert result.exit_code == 2 and "cannot read .mcp.json:1:" in result.stderr and "Traceback" not in result.stderr


def test_policy_show_says_where_each_entry_came_from(tmp_path: Path) -> None:
    (tmp_path / ".mcplint.toml").write_text(POLICY)
    central = tmp_path / "central.toml"
    central.write_text('[policy]\n[[policy.blocked]]\nurl = "https://*.bad.example/*"\n')
    data = json.loads(invoke(["policy", "show", "-f", "json"], cwd=tmp_path, env={"MCPLINT_POLICY": str(central)}).stdout)
    origins = {(e.get("url") or e.get("package")): e["from"] for e in data["approved"] + data["blocked"]}
    assert origins["https://*.bad.example/*"] == str(central.resolve())
    assert origins["npm:notes-mcp"] == str(tmp_path / ".mcplint.toml")


# --- hostile policy files ---------------------------------------------------------------------


@pytest.mark.parametrize("content", [
    json.dumps({"allowedMcpServers": [{"serverName": f"s{i}"} for i in range(20_000)]}),
    '{"deniedMcpServers": ' + "[" * 5000 + "]" * 5000 + "}",
    json.dumps({"allowedMcpServers": "everything", "deniedMcpServers": [42, None, {"serverCommand": [1, 2]},
                                                                        {"serverUrl": ["x"]}, {"serverCommand": []}]}),
    json.dumps(["not", "an", "object"]),
    json.dumps({"allowedMcpServers": [{"serverUrl": "https://" + "*" * 5000 + "/x"}]}),
])
def test_hostile_policy_files_give_clean_results(tmp_path: Path, content: str) -> None:
    (tmp_path / "root/etc/claude-code").mkdir(parents=True)
    (tmp_path / "root/etc/claude-code/managed-settings.json").write_text(content)
    (tmp_path / "home").mkdir()
    (tmp_path / "home/.claude.json").write_text(json.dumps({"mcpServers": {"github": SERVERS["github"]}}))
    for command in ("inventory", "scan"):
        result = invoke([command, "--home", str(tmp_path / "home"), "--os", "linux", "--root", str(tmp_path / "root"),
                         "--isolated"], cwd=tmp_path)
        assert result.exit_code in (0, 1, 2), result.stderr
        assert "Traceback" not in result.stderr and result.exception is None
    data = json.loads(invoke(["inventory", "--home", str(tmp_path / "home"), "--os", "linux", "--root",
                              str(tmp_path / "root"), "--isolated", "-f", "json"], cwd=tmp_path).stdout)
    assert data["servers"][0]["client_policy"]["decision"] in ("allowed", "denied", "unknown")  # never "unmanaged"


def test_wrong_types_are_reported_where_they_are(tmp_path: Path) -> None:
    path = tmp_path / "etc/claude-code/managed-settings.json"
    path.parent.mkdir(parents=True)
    path.write_text('{\n  "deniedMcpServers": [\n    {"serverCommand": "npx -y evil-mcp"}\n  ]\n}\n')
    result = invoke(["scan", str(path), "--isolated", "-f", "json"], cwd=tmp_path)
    found = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "MCP707"]
    assert [(f["line"], f["severity"]) for f in found] == [(3, "medium")]
    assert "serverCommand must be a non-empty array of strings" in found[0]["message"]


def test_a_hostile_url_pattern_matches_in_bounded_time() -> None:
    import time

    started = time.perf_counter()
    assert not cp.url_matches("https://x/" + "*a" * 2000 + "b", "https://x/" + "a" * 4000)
    assert not cp.url_matches("https://" + "*a" * 500 + ".com/x", "https://" + "a" * 250 + ".org/x")
    assert cp.url_matches("https://x/a?b[c]", "https://x/a?b[c]") and not cp.url_matches("https://x/a?", "https://x/ab")
    assert time.perf_counter() - started < 2


@pytest.mark.parametrize(("target", "path", "expected"), [
    ("claude-code", "etc/claude-code/managed-settings.json", set()),
    ("copilot", "etc/claude-code/managed-settings.d/copilot.json", {"MCP705"}),  # read as Claude's: no allowManaged...Only
    ("codex", "etc/codex/requirements.toml", set()),
    ("gemini", "etc/gemini-cli/settings.json", {"MCP703", "MCP705"}),  # names only, and the CLI flag
])
def test_an_exported_file_passes_the_policy_lint_but_for_what_the_client_cannot_say(
        tmp_path: Path, target: str, path: str, expected: set[str]) -> None:
    (tmp_path / ".mcplint.toml").write_text(POLICY)
    (tmp_path / ".mcp.json").write_text(json.dumps({"mcpServers": SERVERS}))
    exported = invoke(["policy", "export", "--to", target], cwd=tmp_path, env={"MCPLINT_POLICY": None})
    (tmp_path / "out" / path).parent.mkdir(parents=True)
    (tmp_path / "out" / path).write_text(exported.stdout)
    result = invoke(["scan", str(tmp_path / "out" / path), "--isolated", "-f", "json"], cwd=tmp_path)
    assert {f["rule"] for f in json.loads(result.stdout)["findings"]} == expected


def test_claude_drops_an_allowed_server_name_with_other_characters() -> None:
    layer = claude({"allowedMcpServers": [{"serverName": "claude.ai Slack"}, {"serverName": "ok-name_1"}],
                    "deniedMcpServers": [{"serverName": "claude.ai Slack"}]})[0]
    assert [e.value for e in layer.allowed or ()] == ["ok-name_1"]
    assert [e.value for e in layer.denied or ()] == ["claude.ai Slack"]  # any non-empty string in a deny list
    assert layer.problems == ((("allowedMcpServers", 0, "serverName"),
                               "an allowed serverName may hold only letters, digits, - and _"),)

"""``mcplint init``: a starter .mcplint.toml with the servers found approved, explained by
comments, that loads without error and makes the next scan clean under an allowlist."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import run_cli

from mcplint.config import load_config
from mcplint.discover import source_for_file
from mcplint.init import collect, entry_for, render
from mcplint.policy import approval
from mcplint.scan import load_source

TOKEN = "ghp_" + "aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC12qUI4f"
STRIPE = "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc"


def cli(*args: str, cwd: Path):
    return run_cli(*args, cwd=cwd, env={"MCPLINT_POLICY": ""})


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / ".cursor").mkdir()
    (tmp_path / ".cursor" / "mcp.json").write_text(json.dumps({"mcpServers": {
        "github": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-github@2025.4.8"],
                   "env": {"GITHUB_PERSONAL_ACCESS_TOKEN": TOKEN}},
        "fetch": {"command": "uvx", "args": ["mcp-server-fetch==2025.1.17"]},
        "memory": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory"]},
        "corp": {"type": "http", "url": "https://mcp.corp.example.com/v1/mcp"},
        "keyed": {"type": "sse", "url": f"https://api.example.com/sse?api_key={STRIPE}"},
        'odd "name" # 1': {"command": "node", "args": ["/srv/tools/server.js", f"--api-key={STRIPE}"]},
        "image": {"command": "docker", "args": ["run", "-i", "--rm", "ghcr.io/github/github-mcp-server:v0.9.1"]},
    }}, indent=2))
    (tmp_path / ".vscode").mkdir()
    (tmp_path / ".vscode" / "mcp.json").write_text(json.dumps({"servers": {
        "gh": {"type": "stdio", "command": "npx", "args": ["-y", "@modelcontextprotocol/server-github@2025.4.8"]}}}))
    (tmp_path / ".codex").mkdir()
    (tmp_path / ".codex" / "config.toml").write_text('[mcp_servers.weird]\ncommand = "npx"\nargs = ["-y", "weird[x]-mcp@1.0.0"]\n')
    return tmp_path


def test_init_writes_a_config_that_loads_and_approves_everything(project: Path) -> None:
    result = cli("init", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("wrote .mcplint.toml: mode allowlist")
    assert "approved package npm:@modelcontextprotocol/server-github@2025.4.8  (github, gh)" in result.stdout
    written = project / ".mcplint.toml"
    config = load_config(None, project, env={})
    assert config.path == written and config.policy["mode"] == "allowlist"
    entries = config.policy["approved"]
    assert {"package": "npm:@modelcontextprotocol/server-github@2025.4.8"} in entries
    assert {"package": "pypi:mcp-server-fetch==2025.1.17"} in entries
    assert {"package": "npm:@modelcontextprotocol/server-memory"} in entries  # unpinned: by name
    assert {"url": "https://mcp.corp.example.com/v1/mcp"} in entries
    assert sum("fingerprint" in e for e in entries) == 2  # the keyed URL and the node script
    assert len(entries) == 8  # the server found twice is approved once
    text = written.read_text()
    assert TOKEN not in text and STRIPE not in text
    # the allowlist now passes, and a new server is reported
    clean = cli("scan", "--select", "MCP7", cwd=project)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    (project / ".mcp.json").write_text('{"mcpServers": {"new": {"command": "npx", "args": ["-y", "new-mcp@1.0.0"]}}}')
    dirty = cli("scan", "--select", "MCP7", cwd=project)
    assert dirty.returncode == 1 and "MCP701" in dirty.stdout and "new (npm:new-mcp@1.0.0)" in dirty.stdout


def test_comments_explain_each_key(project: Path) -> None:
    text = render(collect(["."], project))
    for words in ("select =", "ignore =", "fail-on =", "exclude =", "per-file-ignores", "\"allowlist\": every server",
                  "\"denylist\" (the default)", "MCPLINT_POLICY", "package     =", "url         =",
                  "fingerprint =", "[[policy.blocked]]", "reason =", "[rules]", "paths ="):
        assert words in text, words
    assert "# no version pinned: any version is approved" in text


def test_refuses_to_overwrite_without_force(project: Path) -> None:
    (project / ".mcplint.toml").write_text("# mine\n")
    result = cli("init", cwd=project)
    assert result.returncode == 2 and "already exists" in result.stderr and "--force" in result.stderr
    assert (project / ".mcplint.toml").read_text() == "# mine\n"
    forced = cli("init", "--force", "--mode", "denylist", cwd=project)
    assert forced.returncode == 0, forced.stderr
    assert load_config(None, project, env={}).policy["mode"] == "denylist"


def test_stdout_paths_and_output(project: Path) -> None:
    printed = cli("init", ".vscode", "-o", "-", cwd=project)
    assert printed.returncode == 0 and not (project / ".mcplint.toml").exists()
    assert printed.stdout.startswith("# mcplint configuration")
    assert 'package = "npm:@modelcontextprotocol/server-github@2025.4.8"' in printed.stdout
    assert 'url = "https://mcp.corp.example.com/v1/mcp"' not in printed.stdout
    other = cli("init", "-o", "policy/central.toml", cwd=project)
    assert other.returncode == 0 and (project / "policy" / "central.toml").is_file()
    load_config(str(project / "policy" / "central.toml"), project, env={})


def test_no_servers_still_gives_a_valid_file(tmp_path: Path) -> None:
    result = cli("init", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "0 approved entries for 0 servers" in result.stdout
    assert load_config(None, tmp_path, env={}).policy == {"mode": "allowlist"}


def test_every_entry_approves_its_own_server(project: Path) -> None:
    for path in (".cursor/mcp.json", ".vscode/mcp.json", ".codex/config.toml"):
        loaded = load_source(source_for_file(project / path, project, explicit=True))
        for server in loaded.servers:
            key, value, _note = entry_for(server)
            assert approval(server, {"mode": "allowlist", "approved": [{key: value}]})[0] == "approved", (server.name, value)


def test_a_glob_character_in_a_url_is_escaped(tmp_path: Path) -> None:
    (tmp_path / ".mcp.json").write_text('{"mcpServers": {"r": {"type": "http", "url": "https://mcp.example.com/[v1]/*"}}}')
    found = collect(["."], tmp_path)
    assert [(e.key, e.value) for e in found.entries] == [("url", "https://mcp.example.com/[[]v1]/[*]")]
    loaded = load_source(source_for_file(tmp_path / ".mcp.json", tmp_path, explicit=True))
    policy = {"approved": [{"url": found.entries[0].value}]}
    assert approval(loaded.servers[0], policy)[0] == "approved"
    other = loaded.servers[0]
    other.url = "https://mcp.example.com/[v1]/anything"
    assert approval(other, policy)[0] == "pending"


# ------------------------------------------------------- never approve what a scan condemns (issue 15)

def _condemned(tmp_path: Path) -> Path:
    (tmp_path / ".cursor").mkdir(parents=True)
    (tmp_path / ".cursor" / "mcp.json").write_text(json.dumps({"mcpServers": {
        "postmark": {"command": "npx", "args": ["-y", "postmark-mcp@1.0.15"]},
        "evil": {"command": "npx", "args": ["-y", "evil-mcp@1.0.0"]},
        "fetch": {"command": "uvx", "args": ["mcp-server-fetch==2025.1.17"]},
    }}))
    (tmp_path / "central.toml").write_text('[policy]\n[[policy.blocked]]\npackage = "npm:evil-mcp"\nreason = "exfiltrates"\n')
    return tmp_path


def test_init_never_approves_malicious_or_blocked_servers(tmp_path: Path) -> None:
    root = _condemned(tmp_path)
    env = {"MCPLINT_POLICY": str(root / "central.toml")}
    result = run_cli("init", ".cursor", cwd=root, env=env)
    assert result.returncode == 0, result.stderr
    assert "1 approved entry" in result.stdout and "NOT approved package npm:postmark-mcp@1.0.15" in result.stdout
    text = (root / ".mcplint.toml").read_text()
    assert '\n# package = "npm:postmark-mcp@1.0.15"' in text and '\n# package = "npm:evil-mcp@1.0.0"' in text
    assert "# NOT APPROVED: MCP502" in text and "# NOT APPROVED: MCP702" in text and "exfiltrates" in text
    assert '\npackage = "pypi:mcp-server-fetch==2025.1.17"' in text
    # the scan after init still reports both, and nothing else of the policy's
    scan = json.loads(run_cli("scan", "-f", "json", "--select", "MCP5,MCP7", cwd=root, env=env).stdout)
    assert {(f["rule"], f["server"]) for f in scan["findings"]} >= {("MCP502", "postmark"), ("MCP702", "evil")}
    assert ("MCP701", "fetch") not in {(f["rule"], f["server"]) for f in scan["findings"]}


def test_init_denylist_writes_no_approvals(tmp_path: Path) -> None:
    root = _condemned(tmp_path)
    result = cli("init", "--mode", "denylist", ".cursor", cwd=root)
    assert result.returncode == 0, result.stderr
    text = (root / ".mcplint.toml").read_text()
    assert "\n[[policy.approved]]" not in text and 'mode = "denylist"' in text
    assert "0 approved entries" in result.stdout
    assert load_config(str(root / ".mcplint.toml"), root, env={}).policy.get("approved", []) == []

"""The approval policy: allowlist and denylist modes, approval by package, version range, URL
glob and fingerprint, blocks with reasons, the central MCPLINT_POLICY file, and the
configuration file end to end (discovery, validation errors naming file and line, exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import run_cli, scan_text

from mcplint.config import ConfigError, load_config
from mcplint.identity import fingerprint
from mcplint.model import Server
from mcplint.policy import approval, decide, parse_package, parse_range, parse_version, url_matches



def cli(*args: str, cwd: Path, env: dict[str, str] | None = None):
    """The real command line, without a central policy from this environment."""
    return run_cli(*args, cwd=cwd, env={"MCPLINT_POLICY": "", **(env or {})})


def stdio(*args: str, command: str = "npx", name: str = "s", env: dict[str, str] | None = None) -> Server:
    return Server(name=name, client="cursor", file=".cursor/mcp.json", pointer=("mcpServers", name),
                  command=command, args=list(args), env=env or {})


def remote(url: str, name: str = "r", transport: str = "http") -> Server:
    return Server(name=name, client="cursor", file=".cursor/mcp.json", pointer=("mcpServers", name),
                  transport=transport, url=url)


GITHUB = stdio("-y", "@modelcontextprotocol/server-github@2025.4.8", name="github")
POSTMARK = stdio("-y", "postmark-mcp@1.0.16", name="postmark")


# --- versions ------------------------------------------------------------------------------

@pytest.mark.parametrize(("spec", "version", "inside"), [
    ("1.2.3", "1.2.3", True), ("1.2.3", "1.2.4", False), ("=1.2.3", "1.2.3", True),
    ("^1.2", "1.2.0", True), ("^1.2", "1.9.9", True), ("^1.2", "2.0.0", False), ("^1.2", "1.1.9", False),
    ("^0.2.3", "0.2.9", True), ("^0.2.3", "0.3.0", False), ("^0.0.3", "0.0.4", False),
    ("~1.2.3", "1.2.9", True), ("~1.2.3", "1.3.0", False), ("~1", "1.9.0", True),
    ("1.2.x", "1.2.7", True), ("1.2.x", "1.3.0", False), ("1.2", "1.2.7", True),
    (">=1,<2", "1.5", True), (">=1,<2", "2.0", False), (">=1.0.0 <2.0.0", "1.0.0", True),
    (">= 1.2, < 2", "1.3", True), ("<0.1.16", "0.1.15", True), ("<0.1.16", "0.1.16", False),
    ("^1 || ^3", "3.1.0", True), ("^1 || ^3", "2.1.0", False), ("1.2 - 1.4", "1.4.9", True), ("1.2 - 1.4", "1.5.0", False),
    ("==1.2", "1.2.0", True), ("==1.2", "1.2.1", False), ("==1.2.*", "1.2.9", True), ("!=1.3", "1.3.0", False),
    ("~=1.4.2", "1.4.9", True), ("~=1.4.2", "1.5.0", False), ("~=1.4", "1.9", True), ("~=1.4", "2.0", False),
    ("^1.2", "1.5.0-beta.1", False), (">=1.5.0-beta.1 <2", "1.5.0-beta.2", True), ("<2", "2.0.0-rc.1", False),
    (">=1.0", "1.0.post1", True), ("^2025.4", "2025.7.1", True), ("v1.2.3", "1.2.3", True), ("*", "9.9.9", True),
])
def test_version_ranges(spec: str, version: str, inside: bool) -> None:
    parsed = parse_version(version)
    assert parsed is not None
    assert parse_range(spec).contains(parsed) is inside


@pytest.mark.parametrize("text", ["postmark-mcp", "npm:", "npm:x@>=", "npm:x@!!", "npm:x@>=1.x", "pypi:foo bar",
                                  "cargo:x", "docker:img@sha256:abc"])
def test_bad_package_specs_are_errors(text: str) -> None:
    with pytest.raises(ValueError):
        parse_package(text)


# --- approval ------------------------------------------------------------------------------

def test_approval_by_package_any_version() -> None:
    policy = {"mode": "allowlist", "approved": [{"package": "npm:@modelcontextprotocol/server-github"}]}
    assert approval(GITHUB, policy) == ("approved", "approved by package npm:@modelcontextprotocol/server-github")
    assert approval(stdio("-y", "@modelcontextprotocol/server-github"), policy)[0] == "approved"
    assert approval(POSTMARK, policy) == ("pending", None)


def test_approval_by_version_and_range() -> None:
    assert approval(GITHUB, {"approved": [{"package": "npm:@modelcontextprotocol/server-github@2025.4.8"}]})[0] == "approved"
    assert approval(GITHUB, {"approved": [{"package": "npm:@modelcontextprotocol/server-github@^2025.4"}]})[0] == "approved"
    status, reason = approval(GITHUB, {"approved": [{"package": "npm:@modelcontextprotocol/server-github@^2026"}]})
    assert status == "pending" and "approved only at ^2026" in reason and "2025.4.8" in reason
    # a versioned approval never covers an unpinned server: it could run anything
    status, reason = approval(stdio("-y", "@modelcontextprotocol/server-github"),
                              {"approved": [{"package": "npm:@modelcontextprotocol/server-github@^2025"}]})
    assert status == "pending" and "this server runs an unpinned version" in reason
    assert approval(stdio("-y", "@modelcontextprotocol/server-github@^2025.1"),
                    {"approved": [{"package": "npm:@modelcontextprotocol/server-github@^2025"}]})[0] == "pending"


def test_approval_of_pypi_docker_and_globbed_names() -> None:
    fetch = stdio("mcp-server-fetch==2025.1.17", command="uvx")
    assert approval(fetch, {"approved": [{"package": "pypi:mcp_server.fetch>=2025,<2026"}]})[0] == "approved"
    assert approval(fetch, {"approved": [{"package": "pypi:mcp-server-fetch==2024.1"}]})[0] == "pending"
    assert approval(stdio("mcp-server-fetch>=2025", command="uvx"),
                    {"approved": [{"package": "pypi:mcp-server-fetch>=2025"}]})[0] == "pending"
    image = stdio("run", "-i", "--rm", "ghcr.io/github/github-mcp-server:v0.9.1", command="docker")
    assert approval(image, {"approved": [{"package": "docker:ghcr.io/github/github-mcp-server@^0.9"}]})[0] == "approved"
    assert approval(image, {"approved": [{"package": "docker:ghcr.io/github/github-mcp-server:v0.9.1"}]})[0] == "approved"
    assert approval(image, {"approved": [{"package": "docker:ghcr.io/github/*"}]})[0] == "approved"
    assert approval(GITHUB, {"approved": [{"package": "npm:@modelcontextprotocol/*"}]})[0] == "approved"
    assert approval(GITHUB, {"approved": [{"package": "pypi:server-github"}]})[0] == "pending"


def test_approval_by_url_glob() -> None:
    policy = {"approved": [{"url": "https://mcp.corp.example.com/*"}]}
    assert approval(remote("https://mcp.corp.example.com/v1/mcp"), policy)[0] == "approved"
    assert approval(remote("https://MCP.corp.example.com"), policy)[0] == "approved"
    assert approval(remote("https://mcp.corp.example.com.attacker.net/mcp"), policy)[0] == "pending"
    assert approval(remote("http://mcp.corp.example.com/v1/mcp"), policy)[0] == "pending"
    assert approval(remote("https://evil.example.net/x/https://mcp.corp.example.com/"), policy)[0] == "pending"
    wildcard = {"approved": [{"url": "https://*.corp.example.com/*"}]}
    assert approval(remote("https://a.b.corp.example.com/sse"), wildcard)[0] == "approved"
    # a * in the host never reaches into the path
    assert not url_matches("https://*.corp.example.com/*", "https://evil.net/a.corp.example.com/x")
    assert approval(stdio("x@1.0.0"), policy)[0] == "pending"


def test_approval_by_fingerprint_command_and_name() -> None:
    local = stdio("/srv/mcp/server.js", command="node", name="internal")
    policy = {"mode": "allowlist", "approved": [{"fingerprint": fingerprint(local)}]}
    assert approval(local, policy)[0] == "approved"
    assert approval(stdio("/srv/mcp/other.js", command="node"), policy)[0] == "pending"
    assert approval(stdio(command="/opt/corp/bin/mcp-crm"), {"approved": [{"command": "/opt/corp/bin/*"}]})[0] == "approved"
    assert approval(stdio(command="/usr/local/bin/mcp-crm"), {"approved": [{"command": "mcp-*"}]})[0] == "approved"
    # every key of an entry must match
    both = {"approved": [{"name": "internal", "command": "node"}]}
    assert approval(local, both)[0] == "approved"
    assert approval(stdio("x.js", command="node", name="other"), both)[0] == "pending"


def test_block_wins_and_carries_its_reason() -> None:
    policy = {"mode": "allowlist", "approved": [{"package": "npm:postmark-mcp"}],
              "blocked": [{"package": "npm:postmark-mcp", "reason": "compromised release"}]}
    assert approval(POSTMARK, policy) == ("blocked", "compromised release")
    no_reason = decide(POSTMARK, {"blocked": [{"package": "npm:postmark-mcp@>=1.0.16"}]})
    assert (no_reason.status, no_reason.reason) == ("blocked", "blocked by package npm:postmark-mcp@>=1.0.16")
    assert approval(stdio("-y", "postmark-mcp@1.0.15"), {"blocked": [{"package": "npm:postmark-mcp@>=1.0.16"}]})[0] == "pending"


def test_empty_policy() -> None:
    assert approval(GITHUB, {}) == ("pending", None)
    assert approval(GITHUB, None) == ("pending", None)


# --- rules MCP701 / MCP702 ------------------------------------------------------------------

CONFIG = json.dumps({"mcpServers": {
    "github": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-github@2025.4.8"],
               "env": {"GITHUB_PERSONAL_ACCESS_TOKEN": "ghp_" + "aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC12qUI4f"}},
    "postmark": {"command": "npx", "args": ["-y", "postmark-mcp@1.0.16"]},
    "notes": {"command": "npx", "args": ["-y", "notes-mcp@0.3.1", "--api-key=sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc"]},
}}, indent=2)
POLICY = {"approved": [{"package": "npm:@modelcontextprotocol/server-github@^2025"}],
          "blocked": [{"package": "npm:postmark-mcp", "reason": "compromised release"}]}


def test_allowlist_mode(tmp_path: Path) -> None:
    findings = scan_text(tmp_path, CONFIG, select=["MCP7"], policy={**POLICY, "mode": "allowlist"})
    got = sorted((f.rule, f.server) for f in findings)
    assert got == [("MCP701", "notes"), ("MCP702", "postmark")]
    by_rule = {f.rule: f for f in findings}
    assert by_rule["MCP702"].message == ("Server postmark (npm:postmark-mcp@1.0.16) is blocked by the policy: "
                                         "compromised release (package npm:postmark-mcp)")
    assert by_rule["MCP701"].message.startswith("Server notes (npm:notes-mcp@0.3.1) is not approved by the policy")
    assert "sha256:" in by_rule["MCP701"].message
    notes_line = next(i for i, text in enumerate(CONFIG.splitlines(), 1) if '"notes"' in text)
    assert by_rule["MCP701"].line == notes_line  # at the server's key
    for finding in findings:
        assert "sk_live_" not in finding.message and "ghp_" not in finding.message


def test_denylist_mode_reports_only_blocks(tmp_path: Path) -> None:
    for policy in (POLICY, {**POLICY, "mode": "denylist"}):
        findings = scan_text(tmp_path, CONFIG, select=["MCP7"], policy=policy)
        assert [(f.rule, f.server) for f in findings] == [("MCP702", "postmark")]


def test_no_policy_no_findings(tmp_path: Path) -> None:
    assert scan_text(tmp_path, CONFIG, select=["MCP7"]) == []


# --- configuration end to end ------------------------------------------------------------------

TOML_POLICY = """\
[policy]
mode = "allowlist"

[[policy.approved]]
package = "npm:@modelcontextprotocol/server-github@^2025"

[[policy.blocked]]
package = "npm:postmark-mcp"
reason = "compromised release"
"""


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / "app" / ".cursor").mkdir(parents=True)
    (tmp_path / "app" / ".cursor" / "mcp.json").write_text(CONFIG)
    return tmp_path


def test_config_found_upward_and_applied(project: Path) -> None:
    (project / ".mcplint.toml").write_text(TOML_POLICY)
    result = cli("scan", "app", "--select", "MCP7", "--format", "json", cwd=project)
    assert result.returncode == 1, result.stderr
    found = sorted((f["rule"], f["server"]) for f in json.loads(result.stdout)["findings"])
    assert found == [("MCP701", "notes"), ("MCP702", "postmark")]
    assert "compromised release" in result.stdout and "sk_live_" not in result.stdout


def test_pyproject_table_and_closest_wins(project: Path) -> None:
    (project / ".mcplint.toml").write_text(TOML_POLICY)
    (project / "app" / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.mcplint.policy]\nmode = "denylist"\n')
    result = cli("scan", "app", "--select", "MCP7", "--format", "json", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr  # the closest file: no blocks, denylist
    assert json.loads(result.stdout)["findings"] == []
    explicit = cli("scan", "app", "--select", "MCP7", "--format", "json", "--config", ".mcplint.toml", cwd=project)
    assert explicit.returncode == 1
    isolated = cli("scan", "app", "--select", "MCP7", "--isolated", cwd=project)
    assert isolated.returncode == 0


@pytest.mark.parametrize(("text", "line", "words"), [
    ('fail-on = "high"\nfial-on = "low"\n', 2, "unknown key 'fial-on'"),
    ('[policy]\nmode = "allow"\n', 2, "mode"),
    ('select = "MCP1"\n', 1, "select"),
    ('[policy]\nmode = "allowlist"\n\n[[policy.approved]]\nurl = "https://x/*"\n\n[[policy.blocked]]\n'
     'package = "postmark-mcp"\n', 8, "must start with an ecosystem"),
    ('[[policy.approved]]\npackage = "npm:x@^^1"\n', 2, "bad version"),
    ('[[policy.approved]]\nreason = "no matcher"\n', 1, "needs one of"),
    ('[policy]\nmode = "allowlist"\nnope = 1\n', 3, "unknown key 'nope'"),
])
def test_config_errors_name_file_and_line(project: Path, text: str, line: int, words: str) -> None:
    (project / ".mcplint.toml").write_text(text)
    with pytest.raises(ConfigError) as info:
        load_config(None, project / "app", env={})
    assert (Path(info.value.path).name, info.value.line) == (".mcplint.toml", line), info.value
    assert words in info.value.message
    result = cli("scan", "app", cwd=project)
    assert result.returncode == 2
    assert f".mcplint.toml:{line}:" in result.stderr and words in result.stderr


def test_central_policy_from_environment(project: Path) -> None:
    central = project / "central.toml"
    central.write_text('[policy]\nmode = "allowlist"\n\n[[policy.blocked]]\npackage = "npm:notes-mcp"\nreason = "leaks notes"\n')
    (project / ".mcplint.toml").write_text('[policy]\nmode = "denylist"\n\n[[policy.approved]]\npackage = "npm:postmark-mcp"\n')
    result = cli("scan", "app", "--select", "MCP7", "--format", "json", cwd=project, env={"MCPLINT_POLICY": str(central)})
    assert result.returncode == 1, result.stderr
    found = {(f["rule"], f["server"]) for f in json.loads(result.stdout)["findings"]}
    # the central mode wins (allowlist: github is pending), its block applies, the project's approval adds;
    # under a central policy the known-malicious rule runs whatever the selection (issue 15)
    assert found == {("MCP702", "notes"), ("MCP701", "github"), ("MCP502", "postmark")}
    assert "leaks notes" in result.stdout
    missing = cli("scan", "app", cwd=project, env={"MCPLINT_POLICY": str(project / "nope.toml")})
    assert missing.returncode == 2 and "MCPLINT_POLICY" in missing.stderr
    assert cli("scan", "app", "--isolated", "--select", "MCP7", cwd=project,
               env={"MCPLINT_POLICY": str(central)}).returncode == 0

"""Fact modules behind rules MCP2xx-MCP6xx, tested on server entries directly."""

from __future__ import annotations

from typing import Any

import pytest

from mcplint.facts import FactContext, Facts
from mcplint.facts.approval import risky_tool
from mcplint.facts.connections import production_word
from mcplint.facts.filesystem import broad_reason, sensitive_reason
from mcplint.facts.launch import place_of
from mcplint.facts.reputation import one_edit
from mcplint.model import Server, SourceFile
from mcplint.normalize import server_from_entry


def facts(entry: dict[str, Any], client: str = "generic") -> Facts:
    server: Server = server_from_entry("s", entry, ("mcpServers", "s"), client, "f.json")
    return Facts(server, FactContext(None, SourceFile(path=None, display="f.json"), client))  # type: ignore[arg-type]


# --- filesystem

@pytest.mark.parametrize(("path", "reason"), [
    ("~/.ssh", "SSH keys"), ("${userHome}/.aws", "AWS credentials"), ("C:\\Users\\bob\\.kube\\config", "Kubernetes credentials"),
    ("/etc/nginx", "system configuration (/etc)"), ("/srv/app/.env", "a .env file"), ("/srv/app/.env.production", "a .env file"),
    ("/home/dev/keys/id_ed25519", "an SSH private key"), ("/var/run/docker.sock", "the Docker socket (root on the host)"),
])
def test_sensitive_paths(path: str, reason: str) -> None:
    assert sensitive_reason(path) == reason


@pytest.mark.parametrize("path", ["/srv/app", "~/projects/site", "/srv/app/.env.example", "${workspaceFolder}", "C:\\work\\repo"])
def test_ordinary_paths_are_not_sensitive(path: str) -> None:
    assert sensitive_reason(path) is None


def test_container_paths_of_a_docker_filesystem_server_are_not_host_roots() -> None:
    found = facts({"command": "docker", "args": ["run", "-i", "--rm", "-v", "/srv/app:/home/user", "mcp/filesystem:1.0", "/home/user"]})["filesystem"]
    assert found.roots == ()
    assert [m.path for m in found.mounts] == ["/srv/app"]
    assert broad_reason("/home/user") == "a home directory"


def test_read_only_mounts() -> None:
    fs = facts({"command": "docker", "args": ["run", "-v", "~/.aws:/root/.aws:ro", "--mount", "type=bind,src=/etc,dst=/e,readonly", "x/y:1"]})["filesystem"]
    assert [(m.path, m.read_only, m.severity) for m in fs.mounts] == [("~/.aws", True, "low"), ("/etc", True, "low")]


def test_desktop_commander_is_unscoped_and_the_reference_server_is_not() -> None:
    assert facts({"command": "npx", "args": ["-y", "@wonderwhy-er/desktop-commander"]})["filesystem"].unscoped
    assert facts({"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem"]})["filesystem"].unscoped is None


# --- transport

def test_auth_sources() -> None:
    assert facts({"url": "https://x.example.org/mcp"})["auth"].missing
    assert not facts({"url": "https://x.example.org/mcp", "headers": {"X-API-Key": "${KEY}"}})["auth"].missing
    assert not facts({"url": "https://x.example.org/mcp?api_key=abc"})["auth"].missing
    assert not facts({"url": "https://x.example.org/mcp", "oauth": {"clientId": "a"}})["auth"].missing
    assert facts({"url": "https://x.example.org/mcp", "oauth": False})["auth"].missing
    assert not facts({"url": "https://mcp.linear.app/sse"})["auth"].missing
    assert not facts({"url": "http://127.0.0.1:8000/mcp"})["auth"].missing
    assert facts({"url": "http://10.1.2.3/mcp"})["auth"].severity == "low"
    assert not facts({"command": "npx", "args": ["mcp-remote", "https://x.example.org/sse"]})["auth"].missing
    assert not facts({"command": "npx", "args": ["mcp-remote", "https://x.example.org/sse", "--header", "Authorization:${AUTH}"]})["auth"].missing
    assert not facts({"command": "node", "args": ["server.js", "--api", "https://x.example.org"]})["auth"].remote


def test_exposure() -> None:
    assert [e.setting for e in facts({"command": "x", "args": ["--bind=0.0.0.0:8080"]})["exposure"]] == ["--bind 0.0.0.0:8080"]
    assert facts({"command": "x", "env": {"FASTMCP_HOST": "0.0.0.0"}})["exposure"]
    assert not facts({"command": "x", "env": {"MYSQL_HOST": "0.0.0.0", "MDB_MCP_HTTP_HOST": "127.0.0.1"}})["exposure"]
    assert facts({"command": "x", "env": {"MDB_MCP_HTTP_HOST": "0.0.0.0"}})["exposure"]
    assert not facts({"command": "docker", "args": ["run", "-p", "127.0.0.1:80:80", "a/b:1"]})["exposure"]


def test_insecure_tls() -> None:
    def settings(entry: dict) -> list[str]:
        return [i.setting for i in facts(entry)["insecure_tls"]]
    assert settings({"command": "x", "env": {"PYTHONHTTPSVERIFY": "0", "SSL_VERIFY": "false", "SKIP_TLS_VERIFY": "1"}}) == [
        "PYTHONHTTPSVERIFY=0", "SSL_VERIFY=false", "SKIP_TLS_VERIFY=1"]
    assert settings({"command": "curl", "args": ["-k", "https://x"]}) == ["curl -k"]
    assert settings({"command": "tool", "args": ["-k", "5"]}) == []
    assert settings({"command": "x", "env": {"EMAIL_VERIFICATION": "false", "CLICKHOUSE_VERIFY": "true"}}) == []
    local = facts({"command": "x", "env": {"OBSIDIAN_VERIFY_SSL": "false", "OBSIDIAN_BASE_URL": "https://127.0.0.1:27124"}})["insecure_tls"]
    assert [(i.severity, i.loopback) for i in local] == [("low", True)]


def test_weak_tls_from_arguments_and_openssl_method_names() -> None:
    found = facts({"command": "x", "args": ["--min-tls-version=1.1"], "tls": {"secureProtocol": "TLSv1_2_method"}})["tls"]
    assert sorted((t.version, t.severity) for t in found) == [("1.1", "high"), ("1.2", "low")]


# --- supply chain

@pytest.mark.parametrize(("entry", "shell"), [
    ({"command": "bash", "args": ["-lc", "exec node x.js"]}, "bash -c"),
    ({"command": "/bin/sh", "args": ["-c", "node x.js"]}, "sh -c"),
    ({"command": "cmd.exe", "args": ["/c", "npm run start && echo done"]}, "cmd /c"),
    ({"command": "pwsh", "args": ["-EncodedCommand", "SQBFAFgA"]}, "pwsh -EncodedCommand"),
    ({"command": "cd /srv/app && node server.js"}, "command line"),
])
def test_shell_strings(entry: dict, shell: str) -> None:
    assert [s.shell for s in facts(entry)["shell"]] == [shell]


@pytest.mark.parametrize("entry", [
    {"command": "cmd", "args": ["/c", "npx", "-y", "pkg@1.0.0"]},
    {"command": "cmd", "args": ["/c", "npx", "-y", "pkg@1.0.0", "--ref=<project-ref>"]},
    {"command": "bash", "args": ["scripts/start.sh"]},
    {"command": "C:\\Program Files\\nodejs\\node.exe", "args": ["server.js"]},
    {"command": "npx -y pkg@1.0.0"},
])
def test_not_shell_strings(entry: dict) -> None:
    assert facts(entry)["shell"] == ()


def test_secrets_in_shell_strings_are_masked() -> None:
    [found] = facts({"command": "bash", "args": ["-c", "API_TOKEN=abcd1234abcd1234abcd1234 node x.js"]})["shell"]
    assert "abcd1234abcd" not in found.script


def test_container_risks() -> None:
    risks = facts({"command": "docker", "args": ["run", "--privileged", "--pid=host", "--security-opt", "seccomp=unconfined",
                                                 "--cap-add", "SYS_ADMIN", "-v", "/var/run/docker.sock:/sock", "a/b:1"]})["container"]
    assert [r.option for r in risks] == ["--privileged", "--pid host", "--security-opt seccomp=unconfined",
                                         "--cap-add SYS_ADMIN", "-v /var/run/docker.sock"]
    assert facts({"command": "node", "args": ["--privileged"]})["container"] == ()


@pytest.mark.parametrize(("path", "place"), [
    ("/tmp/x/server.js", "a temporary folder"), ("/private/var/folders/ab/T/x", "the macOS temporary folder"),
    ("%TEMP%\\mcp\\x.exe", "a temporary folder"), ("C:\\Users\\bob\\AppData\\Local\\Temp\\x.exe", "the Windows temporary folder"),
    ("~/Downloads/mcp/index.js", "the Downloads folder"), ("/srv/tmp-tools/x.js", None), ("/home/a/downloads-site/x.js", None),
])
def test_launch_places(path: str, place: str | None) -> None:
    assert place_of(path) == place


def test_loader_env_severity() -> None:
    def levels(env: dict, **entry) -> list[tuple[str, str]]:
        return [(i.key, i.severity) for i in facts({"command": "python", "args": entry.get("args", ["x.py"]), "env": env, **{
            k: v for k, v in entry.items() if k != "args"}})["loader_env"]]
    assert levels({"LD_PRELOAD": "/x.so", "DYLD_INSERT_LIBRARIES": "/y.dylib"}) == [("LD_PRELOAD", "high"), ("DYLD_INSERT_LIBRARIES", "high")]
    assert levels({"NODE_OPTIONS": "--max-old-space-size=4096"}) == []
    assert levels({"NODE_OPTIONS": "-r dotenv/config"}) == [("NODE_OPTIONS", "high")]
    assert levels({"PYTHONPATH": "src:../core"}) == [("PYTHONPATH", "info")]
    assert levels({"PYTHONPATH": "/opt/app"}, args=["/opt/app/src/server.py"]) == [("PYTHONPATH", "info")]
    assert levels({"PYTHONPATH": "/opt/shared"}) == [("PYTHONPATH", "low")]
    assert levels({"PATH": "${PATH}:/usr/local/bin"}) == [("PATH", "info")]
    assert levels({"TEMP": "C:\\t"}) == [("TEMP", "info")]


def test_one_edit() -> None:
    assert one_edit("mcp-server-fetch", "mcp-server-fecth")
    assert one_edit("mcp-server-fetch", "mcp-server-fetc")
    assert one_edit("mcp-server-fetch", "mcp-server-fetchh")
    assert not one_edit("mcp-server-git", "mcp-server-gitlab")
    assert not one_edit("abc", "abc")


def test_lookalikes() -> None:
    assert facts({"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesytem"]})["reputation"][0].verdict == "lookalike"
    assert facts({"command": "npx", "args": ["-y", "server-filesystem"]})["reputation"][0].why.endswith("without its scope")
    assert facts({"command": "npx", "args": ["-y", "@modelcontextprotocol/server-gitlab"]})["reputation"] == ()
    assert facts({"command": "npx", "args": ["-y", "postmark-mcp@1.0.16"]})["reputation"][0].severity == "critical"


# --- database

@pytest.mark.parametrize(("names", "word"), [
    (("db-prod.acme.io", "orders"), "prod"), (("10.0.0.5", "shop_production"), "production"),
    (("prod-replica.acme.io", "orders"), None), (("staging-db", "app_prod"), None), (("localhost", "products"), None),
])
def test_production_words(names: tuple[str, str], word: str | None) -> None:
    assert production_word(*names) == word


def test_connections_never_keep_credentials() -> None:
    [target] = facts({"command": "node", "args": ["x.js", "postgresql://admin:s3cret@db-prod.acme.io:5432/app"]})["connections"]
    assert (target.host, target.database, target.production) == ("db-prod.acme.io", "app", "prod")
    assert "s3cret" not in repr(target)


def test_configured_elsewhere_keeps_database_rules_quiet() -> None:
    db = facts({"command": "npx", "args": ["-y", "@bytebase/dbhub@0.11.5", "--config", "dbhub.toml"]})["database"]
    assert db.read_only and db.limited


# --- permissions

@pytest.mark.parametrize(("tool", "risky"), [
    ("write_file", True), ("browser_click", True), ("executeSql", True), ("run_code", True), ("aws_cli", True),
    ("read_file", False), ("get_issue", False), ("list_directory", False), ("firestore_get_rules", False),
    ("trace_full_execution_chain", False), ("query-docs", False), ("settings_view", False),
])
def test_risky_tools(tool: str, risky: bool) -> None:
    assert risky_tool(tool) is risky


def test_approval_severity_by_tools_and_server_kind() -> None:
    def severity(entry: dict) -> str:
        return facts(entry)["approval"][0].severity
    assert severity({"command": "uvx", "args": ["mcp-server-time"], "autoApprove": ["get_current_time"]}) == "info"
    assert severity({"command": "npx", "args": ["@playwright/mcp"], "trust": True}) == "high"
    # every tool of an unknown server: never below one named destructive tool (issue 17)
    assert severity({"command": "node", "args": ["x.js"], "trust": True}) == "high"
    assert severity({"command": "npx", "args": ["@modelcontextprotocol/server-memory"], "alwaysAllow": ["delete_entities"]}) == "medium"
    assert facts({"command": "x", "autoApprove": []})["approval"] == ()


def test_toolsets() -> None:
    assert facts({"url": "https://api.githubcopilot.com/mcp/"})["toolsets"].unlimited
    assert not facts({"url": "https://api.githubcopilot.com/mcp/x/issues/readonly"})["toolsets"].unlimited
    assert not facts({"command": "docker", "args": ["run", "-e", "GITHUB_TOOLSETS", "ghcr.io/github/github-mcp-server"],
                      "env": {"GITHUB_TOOLSETS": "repos"}})["toolsets"].unlimited
    assert facts({"command": "docker", "args": ["run", "-e", "GITHUB_TOOLSETS", "ghcr.io/github/github-mcp-server"],
                  "env": {"GITHUB_TOOLSETS": ""}})["toolsets"].unlimited

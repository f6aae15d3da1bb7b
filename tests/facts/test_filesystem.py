"""The ``filesystem`` fact (MCP3xx): roots and mounts a server is given, broad or sensitive, also
when written indirectly (``..``) or when the server is started by its script path."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import facts_of, scan_text

from mcplint.facts.filesystem import broad_reason, sensitive_reason


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
    found = facts_of({"command": "docker", "args": ["run", "-i", "--rm", "-v", "/srv/app:/home/user", "mcp/filesystem:1.0", "/home/user"]})["filesystem"]
    assert found.roots == ()
    assert [m.path for m in found.mounts] == ["/srv/app"]
    assert broad_reason("/home/user") == "a home directory"


def test_read_only_mounts() -> None:
    fs = facts_of({"command": "docker", "args": ["run", "-v", "~/.aws:/root/.aws:ro", "--mount", "type=bind,src=/etc,dst=/e,readonly", "x/y:1"]})["filesystem"]
    assert [(m.path, m.read_only, m.severity) for m in fs.mounts] == [("~/.aws", True, "low"), ("/etc", True, "low")]


def test_desktop_commander_is_unscoped_and_the_reference_server_is_not() -> None:
    assert facts_of({"command": "npx", "args": ["-y", "@wonderwhy-er/desktop-commander"]})["filesystem"].unscoped
    assert facts_of({"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem"]})["filesystem"].unscoped is None


@pytest.mark.parametrize("script", [
    "/opt/mcp/node_modules/@modelcontextprotocol/server-filesystem/dist/index.js",
    "C:\\\\Users\\\\me\\\\servers\\\\src\\\\filesystem\\\\dist\\\\index.js",
    "/home/me/mcp/server-filesystem/dist/index.js",
])
def test_filesystem_server_started_by_path(tmp_path: Path, script: str) -> None:
    found = scan_text(tmp_path, '{"mcpServers": {"fs": {"command": "node", "args": ["' + script + '", "C:\\\\"]}}}',
                      select=["MCP3", "MCP501"])
    assert [(f.rule, f.severity) for f in found] == [("MCP301", "high")]  # a local path: nothing to pin


@pytest.mark.parametrize(("path", "reason"), [
    ("/Users/alice/projects/../..", "every user's home directory"),
    ("/Users/alice/projects/..", "a home directory"),
    ("/.", "the filesystem root"),
    ("/srv/../", "the filesystem root"),
    ("/../..", "the filesystem root"),
    ("C:\\\\work\\\\..", "a drive root"),
    ("/srv/app/./data", None),
    ("~/..", None),  # above a variable start: left as written
    ("./..", None),
])
def test_roots_written_indirectly(path: str, reason: str | None) -> None:
    assert broad_reason(path.replace("\\\\\\\\", "\\\\")) == reason


def test_sensitive_paths_written_indirectly() -> None:
    assert sensitive_reason("/home/me/projects/../.ssh") == "SSH keys"
    assert sensitive_reason("/srv/app/../../etc/passwd") == "system configuration (/etc)"

"""Launchers that hide what runs: nested launchers, ``--with`` packages, git sources, servers
started by script path, filesystem roots written indirectly (issue 17, part B)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import scan_text

from mcplint.facts.filesystem import broad_reason, sensitive_reason
from mcplint.facts.package import analyze, command_line
from mcplint.model import Server


def server(command: str, *args: str) -> Server:
    return Server("s", "generic", "f", ("mcpServers", "s"), command=command, args=list(args),
                  paths={"args": ("mcpServers", "s", "args")})


@pytest.mark.parametrize(("command", "args", "ident", "index"), [
    ("docker", ["exec", "-i", "devbox", "npx", "-y", "@acme/mcp"], "npm:@acme/mcp", 5),
    ("docker", ["exec", "-i", "-e", "TOKEN", "-w", "/app", "devbox", "uvx", "mcp-server-fetch==1.0"], "pypi:mcp-server-fetch@1.0", 8),
    ("podman", ["container", "exec", "-it", "box", "npx", "pkg@1.0.0"], "npm:pkg@1.0.0", 5),
    ("env", ["NODE_ENV=production", "-u", "DEBUG", "npx", "-y", "pkg@2.0.0"], "npm:pkg@2.0.0", 5),
    ("wsl", ["-d", "Ubuntu", "-e", "npx", "pkg@1.0.0"], "npm:pkg@1.0.0", 4),
    ("dotenvx", ["run", "-f", ".env", "--", "uvx", "mcp-server-git"], "pypi:mcp-server-git", 5),
    ("op", ["run", "--env-file", ".env", "--", "docker", "run", "-i", "mcp/github"], "docker:mcp/github", 7),
    ("cmd", ["/c", "env", "A=1", "npx", "pkg@1.0.0"], "npm:pkg@1.0.0", 4),
])
def test_a_launchers_inner_command_is_the_package(command: str, args: list[str], ident: str, index: int) -> None:
    found = analyze(server(command, *args), None)
    assert (found.id, found.index, found.pointer[-1]) == (ident, index, index)


def test_launchers_leave_the_server_identity_alone() -> None:
    # approvals (policy) and fingerprints use the command line as written
    assert command_line(server("env", "A=1", "npx", "pkg"))[0] == "env"


def test_a_launcher_without_an_inner_command_is_local() -> None:
    assert analyze(server("docker", "exec", "-i", "devbox"), None).ecosystem == "local"
    assert analyze(server("docker", "ps"), None).ecosystem == "local"


def test_with_packages_and_their_pointers() -> None:
    found = analyze(server("uvx", "--python", "3.12", "--with", "pandas,numpy==2.1.0", "-w=httpx", "mcp-x==1.0"), None)
    assert [(p.name, p.pinned, p.pointer[-1]) for p in found.with_packages] == [
        ("pandas", False, 3), ("numpy", True, 3), ("httpx", False, 4)]
    assert [p.name for p in found.fetched] == ["mcp-x", "pandas", "numpy", "httpx"]
    run = analyze(server("uv", "run", "--with", "mcp[cli]", "mcp", "run", "server.py"), None)
    assert (run.ecosystem, [p.name for p in run.fetched]) == ("local", ["mcp[cli]"])


def test_git_source_is_recognised_by_the_program_it_runs(tmp_path: Path) -> None:
    found = scan_text(tmp_path, '{"mcpServers": {"redis": {"command": "uvx", "args": ["--from", '
                      '"git+https://github.com/redis/mcp-redis.git", "redis-mcp-server", "--url", "redis://localhost:6379/0"]}}}',
                      select=["MCP401", "MCP501"])
    assert sorted(f.rule for f in found) == ["MCP401", "MCP501"]
    assert "Redis" in next(f.message for f in found if f.rule == "MCP401")


@pytest.mark.parametrize("script", [
    "/opt/mcp/node_modules/@modelcontextprotocol/server-filesystem/dist/index.js",
    "C:\\\\Users\\\\me\\\\servers\\\\src\\\\filesystem\\\\dist\\\\index.js",
    "/home/me/mcp/server-filesystem/dist/index.js",
])
def test_filesystem_server_started_by_path(tmp_path: Path, script: str) -> None:
    found = scan_text(tmp_path, '{"mcpServers": {"fs": {"command": "node", "args": ["' + script + '", "C:\\\\"]}}}',
                      select=["MCP3", "MCP501"])
    assert [(f.rule, f.severity) for f in found] == [("MCP301", "high")]  # a local path: nothing to pin


def test_an_unknown_script_stays_local() -> None:
    assert analyze(server("node", "/srv/my-mcp/build/index.js"), None).ecosystem == "local"


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

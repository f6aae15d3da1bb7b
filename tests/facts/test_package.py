"""The ``package`` fact: which package a server runs, from its command line, also behind launchers
(nested launchers, ``--with`` packages, git sources; issue 17, part B)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import facts_of, scan_text, server_record

from mcplint.facts.package import analyze, command_line


def package(command: str, *args: str):
    return analyze(server_record(command, *args), None)


@pytest.mark.parametrize(("command", "args", "ident", "pinned"), [
    ("npx", ["-y", "@modelcontextprotocol/server-github"], "npm:@modelcontextprotocol/server-github", False),
    ("npx", ["-y", "@scope/pkg@1.2.3", "--flag"], "npm:@scope/pkg@1.2.3", True),
    ("npx", ["pkg@latest"], "npm:pkg@latest", False),
    ("npx", ["-p", "pkg@2.0.0", "pkg-bin"], "npm:pkg@2.0.0", True),
    ("pnpm", ["dlx", "pkg@^1.0.0"], "npm:pkg@^1.0.0", False),
    ("bunx", ["pkg@1.0.0"], "npm:pkg@1.0.0", True),
    ("uvx", ["mcp-server-fetch"], "pypi:mcp-server-fetch", False),
    ("uvx", ["--from", "git+https://github.com/x/y", "y"], "pypi:git+https://github.com/x/y", False),
    ("uvx", ["postgres-mcp==0.3.0", "--access-mode=restricted"], "pypi:postgres-mcp@0.3.0", True),
    ("pipx", ["run", "pkg>=1"], "pypi:pkg@1", False),
    ("docker", ["run", "-i", "--rm", "-e", "TOKEN", "ghcr.io/github/github-mcp-server"], "docker:ghcr.io/github/github-mcp-server", False),
    ("docker", ["run", "-i", "mcp/fetch:latest"], "docker:mcp/fetch@latest", False),
    ("docker", ["run", "-i", "mcp/fetch:1.2"], "docker:mcp/fetch@1.2", True),
    ("C:\\Program Files\\nodejs\\npx.cmd", ["-y", "pkg@1.0.0"], "npm:pkg@1.0.0", True),
    ("cmd", ["/c", "npx", "-y", "pkg@1.0.0"], "npm:pkg@1.0.0", True),
])
def test_package_of_command_line(command: str, args: list[str], ident: str, pinned: bool) -> None:
    found = package(command, *args)
    assert found is not None
    assert (found.id, found.pinned) == (ident, pinned)


def test_docker_runner_options_are_kept_with_their_arg_index() -> None:
    found = package("docker", "run", "-i", "-v", "/:/host", "--network=host", "img:1")
    assert ("-v", "/:/host", 3) in found.runner_options
    assert ("--network", "host", 4) in found.runner_options
    assert found.index == 5


def test_cmd_wrapper_keeps_pointer_to_the_real_argument() -> None:
    found = package("cmd", "/c", "npx", "-y", "pkg@1.0.0")
    assert found.pointer == ("mcpServers", "s", "args", 3)


def test_local_binary() -> None:
    found = package("/usr/local/bin/github-mcp-server", "stdio")
    assert (found.ecosystem, found.name) == ("local", "github-mcp-server")


def test_a_memoized_package_gets_each_servers_own_pointer() -> None:
    entry = {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-github@2025.4.8"]}
    first, second = facts_of(entry, name="a")["package"], facts_of(entry, name="b")["package"]
    assert first.pointer == ("mcpServers", "a", "args", 1)
    assert second.pointer == ("mcpServers", "b", "args", 1)
    assert first._replace(pointer=()) == second._replace(pointer=())
    local = facts_of({"command": "github-mcp-server"}, name="c")["package"]
    assert (local.index, local.pointer) == (-1, ("mcpServers", "c", "command"))


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
    found = analyze(server_record(command, *args), None)
    assert (found.id, found.index, found.pointer[-1]) == (ident, index, index)


def test_launchers_leave_the_server_identity_alone() -> None:
    # approvals (policy) and fingerprints use the command line as written
    assert command_line(server_record("env", "A=1", "npx", "pkg"))[0] == "env"


def test_a_launcher_without_an_inner_command_is_local() -> None:
    assert analyze(server_record("docker", "exec", "-i", "devbox"), None).ecosystem == "local"
    assert analyze(server_record("docker", "ps"), None).ecosystem == "local"


def test_with_packages_and_their_pointers() -> None:
    found = analyze(server_record("uvx", "--python", "3.12", "--with", "pandas,numpy==2.1.0", "-w=httpx", "mcp-x==1.0"), None)
    assert [(p.name, p.pinned, p.pointer[-1]) for p in found.with_packages] == [
        ("pandas", False, 3), ("numpy", True, 3), ("httpx", False, 4)]
    assert [p.name for p in found.fetched] == ["mcp-x", "pandas", "numpy", "httpx"]
    run = analyze(server_record("uv", "run", "--with", "mcp[cli]", "mcp", "run", "server.py"), None)
    assert (run.ecosystem, [p.name for p in run.fetched]) == ("local", ["mcp[cli]"])


def test_git_source_is_recognised_by_the_program_it_runs(tmp_path: Path) -> None:
    found = scan_text(tmp_path, '{"mcpServers": {"redis": {"command": "uvx", "args": ["--from", '
                      '"git+https://github.com/redis/mcp-redis.git", "redis-mcp-server", "--url", "redis://localhost:6379/0"]}}}',
                      select=["MCP401", "MCP501"])
    assert sorted(f.rule for f in found) == ["MCP401", "MCP501"]
    assert "Redis" in next(f.message for f in found if f.rule == "MCP401")


def test_an_unknown_script_stays_local() -> None:
    assert analyze(server_record("node", "/srv/my-mcp/build/index.js"), None).ecosystem == "local"

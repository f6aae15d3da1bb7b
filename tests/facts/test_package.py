"""Which package a server runs, from its command line."""

from __future__ import annotations

import pytest

from mcplint.facts.package import analyze
from mcplint.model import Server


def package(command: str, *args: str):
    server = Server("s", "generic", "f", ("mcpServers", "s"), command=command, args=list(args),
                    paths={"args": ("mcpServers", "s", "args")})
    return analyze(server, None)


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

"""The ``toolsets`` fact: servers that expose every toolset unless told otherwise."""

from __future__ import annotations

from helpers import facts_of


def test_toolsets() -> None:
    assert facts_of({"url": "https://api.githubcopilot.com/mcp/"})["toolsets"].unlimited
    assert not facts_of({"url": "https://api.githubcopilot.com/mcp/x/issues/readonly"})["toolsets"].unlimited
    assert not facts_of({"command": "docker", "args": ["run", "-e", "GITHUB_TOOLSETS", "ghcr.io/github/github-mcp-server"],
                         "env": {"GITHUB_TOOLSETS": "repos"}})["toolsets"].unlimited
    assert facts_of({"command": "docker", "args": ["run", "-e", "GITHUB_TOOLSETS", "ghcr.io/github/github-mcp-server"],
                     "env": {"GITHUB_TOOLSETS": ""}})["toolsets"].unlimited

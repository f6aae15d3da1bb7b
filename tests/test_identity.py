"""Server fingerprints: stable across machines, clients, formatting and secret values; sensitive
to what actually runs (package version, arguments, URL, transport, env and header names)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from mcplint.discover import source_for_file
from mcplint.identity import canonical, describe, fingerprint
from mcplint.model import Server
from mcplint.scan import load_source

GITHUB_TOKEN_A = "ghp_" + "aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC12qUI4f"
GITHUB_TOKEN_B = "ghp_" + "Zx8Wv6Ut4Sr2Qp0On8Ml6Kj4Ih2Gf03NvAl9"
STRIPE_A = "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc"
STRIPE_B = "sk_live_" + "9fG82KrMzxQEbsuvU6aeq3Lm"


def servers(tmp_path: Path, text: str, file: str = ".mcp.json") -> dict[str, Server]:
    """Load ``text`` as ``file`` through the real discover/load/normalize stages."""
    path = tmp_path / file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    loaded = load_source(source_for_file(path, tmp_path, explicit=True))
    assert loaded is not None and loaded.error is None, loaded and loaded.error
    return {s.name: s for s in loaded.servers}


def one(tmp_path: Path, text: str, file: str = ".mcp.json") -> str:
    found = servers(tmp_path, text, file)
    assert len(found) == 1, found
    return fingerprint(next(iter(found.values())))


GITHUB = {
    "command": "npx",
    "args": ["-y", "@modelcontextprotocol/server-github@2025.4.8"],
    "env": {"GITHUB_PERSONAL_ACCESS_TOKEN": "${GITHUB_TOKEN}", "GITHUB_HOST": "github.example.com"},
}


def claude(entry: dict, name: str = "github") -> str:
    return json.dumps({"mcpServers": {name: entry}})


def test_format(tmp_path: Path) -> None:
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", one(tmp_path, claude(GITHUB)))


def test_stable_across_formatting_and_key_order(tmp_path: Path) -> None:
    base = one(tmp_path, claude(GITHUB))
    pretty = json.dumps({"mcpServers": {"github": GITHUB}}, indent=4)
    reordered = json.dumps({"mcpServers": {"github": {
        "env": dict(reversed(list(GITHUB["env"].items()))), "args": GITHUB["args"], "command": "npx"}}})
    jsonc = '// team servers\n{\n  "mcpServers": {\n    "github": {\n      "command": "npx", // the runner\n' \
            '      "args": ["-y", "@modelcontextprotocol/server-github@2025.4.8",],\n' \
            '      "env": {"GITHUB_HOST": "github.example.com", "GITHUB_PERSONAL_ACCESS_TOKEN": "${GITHUB_TOKEN}"},\n    },\n  },\n}\n'
    assert one(tmp_path, pretty, "a/.mcp.json") == base
    assert one(tmp_path, reordered, "b/.mcp.json") == base
    assert one(tmp_path, jsonc, ".vscode/../.cursor/mcp.json") == base


def test_stable_across_clients_names_and_locations(tmp_path: Path) -> None:
    base = one(tmp_path, claude(GITHUB))
    vscode = json.dumps({"servers": {"gh": {"type": "stdio", **GITHUB}}})
    codex = ('[mcp_servers.github-server]\ncommand = "npx"\nargs = ["-y", "@modelcontextprotocol/server-github@2025.4.8"]\n'
             '[mcp_servers.github-server.env]\nGITHUB_PERSONAL_ACCESS_TOKEN = "ghp_whatever"\nGITHUB_HOST = "x"\n')
    zed = json.dumps({"context_servers": {"github": {"command": {
        "path": "npx", "args": GITHUB["args"], "env": GITHUB["env"]}}}})
    windows = claude({**GITHUB, "command": "cmd", "args": ["/c", "npx", *GITHUB["args"]]})
    npx_path = claude({**GITHUB, "command": "C:\\Program Files\\nodejs\\npx.cmd"})
    assert one(tmp_path, vscode, ".vscode/mcp.json") == base
    assert one(tmp_path, codex, ".codex/config.toml") == base
    assert one(tmp_path, zed, ".zed/settings.json") == base
    assert one(tmp_path, windows, "win/claude_desktop_config.json") == base
    assert one(tmp_path, npx_path, "deep/er/.cursor/mcp.json") == base
    # the server's name is not part of it
    assert one(tmp_path, claude(GITHUB, "renamed"), "c/.mcp.json") == base


def test_stable_when_secret_values_differ(tmp_path: Path) -> None:
    def entry(token: str, key: str) -> dict:
        return {"command": "npx", "args": ["-y", "payments-mcp@1.0.0", f"--api-key={key}", "--token", token],
                "env": {"GITHUB_TOKEN": token}}

    a = one(tmp_path, claude(entry(GITHUB_TOKEN_A, STRIPE_A)), "a/.mcp.json")
    b = one(tmp_path, claude(entry(GITHUB_TOKEN_B, STRIPE_B)), "b/.mcp.json")
    assert a == b

    def remote(token: str, key: str) -> dict:
        return {"type": "http", "url": f"https://mcp.example.com/mcp?api_key={key}",
                "headers": {"Authorization": f"Bearer {token}"}}

    assert one(tmp_path, claude(remote(GITHUB_TOKEN_A, STRIPE_A)), "c/.mcp.json") == \
        one(tmp_path, claude(remote(GITHUB_TOKEN_B, STRIPE_B)), "d/.mcp.json")


def test_no_secret_enters_the_canonical_record(tmp_path: Path) -> None:
    found = servers(tmp_path, claude({"command": "npx", "args": ["-y", "x@1.0.0", f"--api-key={STRIPE_A}"],
                                      "env": {"TOKEN": GITHUB_TOKEN_A}}))
    text = json.dumps(canonical(found["github"]))
    assert STRIPE_A not in text and GITHUB_TOKEN_A not in text
    assert "--api-key=<secret>" in text and '"TOKEN"' in text
    remote = servers(tmp_path, claude({"url": f"https://user:{STRIPE_A}@mcp.example.com/x"}), "r/.mcp.json")
    assert STRIPE_A not in json.dumps(canonical(remote["github"]))
    assert STRIPE_A not in describe(remote["github"])


@pytest.mark.parametrize("change", [
    pytest.param({"args": ["-y", "@modelcontextprotocol/server-github@2025.4.9"]}, id="version"),
    pytest.param({"args": ["-y", "@modelcontextprotocol/server-github@2025.4.8", "--read-only"]}, id="extra-arg"),
    pytest.param({"args": ["@modelcontextprotocol/server-github@2025.4.8"]}, id="fewer-args"),
    pytest.param({"args": ["-y", "@modelcontextprotocol/server-gitlab@2025.4.8"]}, id="package"),
    pytest.param({"command": "bunx"}, id="runner"),
    pytest.param({"env": {"GITHUB_PERSONAL_ACCESS_TOKEN": "${GITHUB_TOKEN}"}}, id="env-names"),
])
def test_sensitive_to_what_runs(tmp_path: Path, change: dict) -> None:
    assert one(tmp_path, claude(GITHUB), "a/.mcp.json") != one(tmp_path, claude({**GITHUB, **change}), "b/.mcp.json")


def test_remote_servers(tmp_path: Path) -> None:
    base = {"type": "http", "url": "https://mcp.example.com/mcp", "headers": {"Authorization": "Bearer ${T}"}}
    fp = one(tmp_path, claude(base), "a/.mcp.json")
    assert one(tmp_path, claude({**base, "url": "https://MCP.Example.com/mcp"}), "b/.mcp.json") == fp
    assert one(tmp_path, claude({**base, "headers": {"authorization": "Bearer xyz"}}), "c/.mcp.json") == fp
    assert one(tmp_path, claude({**base, "url": "https://mcp.example.com/v2/mcp"}), "d/.mcp.json") != fp
    assert one(tmp_path, claude({**base, "type": "sse"}), "e/.mcp.json") != fp
    assert one(tmp_path, claude({**base, "headers": {"X-Api-Key": "${K}"}}), "f/.mcp.json") != fp


def test_disabled_and_auto_approve_do_not_count(tmp_path: Path) -> None:
    fp = one(tmp_path, claude(GITHUB), "a/.mcp.json")
    assert one(tmp_path, claude({**GITHUB, "disabled": True, "autoApprove": ["search"]}), "b/.mcp.json") == fp


def test_describe_is_safe_and_short(tmp_path: Path) -> None:
    found = servers(tmp_path, json.dumps({"mcpServers": {
        "gh": GITHUB, "r": {"url": "https://mcp.example.com/x?token=abc"}, "l": {"command": "/opt/bin/my-server"}}}))
    assert describe(found["gh"]) == "npm:@modelcontextprotocol/server-github@2025.4.8"
    assert describe(found["r"]) == "https://mcp.example.com/x"
    assert describe(found["l"]) == "my-server"

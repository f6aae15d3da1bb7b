"""No secret leaves through any door (issue 14 §3).

Distinct canary tokens are planted in every field of every config format — env values and
keys, header values, server names, URL userinfo, query, path segment, arguments, a package
URL — and in the spots where parsers stop (a key running into its value, an anchor name, a
twice-declared TOML table, a wrongly typed value). Then every command runs in every format:
scan (text, concise, json, sarif, github, with --debug), inventory (table and JSON), init's
generated file, a written baseline, a policy that reports every server (MCP701). No output,
on stdout, stderr or in a written file, holds a canary or any 8 characters of one.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from helpers import codex_toml, run_cli
from secret_formats import checksummed

_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"


def canary(label: str) -> str:
    """A GitHub token unique to ``label``, in the real format: 30 random characters and their
    checksum (a token without it cannot be real, and is not a secret)."""
    digest = hashlib.sha256(label.encode()).digest()
    return checksummed("ghp_", "".join(_ALPHABET[b % len(_ALPHABET)] for b in digest[:30]))


PLANTED: dict[str, str] = {}


def plant(label: str) -> str:
    PLANTED[label] = canary(label)
    return PLANTED[label]


def _servers(prefix: str) -> dict[str, dict]:
    return {
        plant(f"{prefix}-server-name"): {"command": "npx", "args": ["-y", "pkg@1.0.0"]},
        "envs": {"command": "npx", "args": ["-y", "pkg@1.0.0"],
                 "env": {"GITHUB_TOKEN": plant(f"{prefix}-env-value"), plant(f"{prefix}-env-key"): "x"}},
        "args": {"command": "node", "args": ["server.js", "--api-key=" + plant(f"{prefix}-arg-assign"),
                                               "--token", plant(f"{prefix}-arg-flag")]},
        "remote": {"type": "http", "url": f"https://mcp.example.com/v1/{plant(prefix + '-url-path')}/mcp",
                   "headers": {"Authorization": "Bearer " + plant(f"{prefix}-header")}},
        "query": {"type": "http", "url": f"https://mcp.example.com/mcp?token={plant(prefix + '-url-query')}"},
        "userinfo": {"type": "sse", "url": f"https://user:{plant(prefix + '-url-userinfo')}@mcp.example.com/sse"},
        "package": {"command": "npx", "args": ["-y", f"https://x:{plant(prefix + '-package-url')}@git.example.com/p.tgz"]},
        "badtype": {"command": "npx", "type": plant(f"{prefix}-type-value"), "timeout": plant(f"{prefix}-number")},
    }


def _toml_string(text: str) -> str:
    return json.dumps(text)


def _yaml(servers: dict[str, dict]) -> str:
    items = [{"name": name, **entry} for name, entry in servers.items()]
    return "name: x\nversion: 0.0.1\nschema: v1\nmcpServers:\n" + "".join(
        f"  - {json.dumps(item)}\n" for item in items)


def build(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / ".mcp.json").write_text(json.dumps({"mcpServers": _servers("json")}, indent=2))
    (root / ".codex").mkdir()
    (root / ".codex/config.toml").write_text(codex_toml(_servers("toml")))
    (root / ".continue/mcpServers").mkdir(parents=True)
    (root / ".continue/mcpServers/a.yaml").write_text(_yaml(_servers("yaml")))
    # where parsers stop: each of these files is one MCP001
    (root / ".cursor").mkdir()
    (root / ".cursor/mcp.json").write_text(
        '{"mcpServers": {"x": {"command": "npx", "env": {"ACME_API_KEY=' + plant("parse-json-key") + '" "v"}}}}')
    (root / ".continue/mcpServers/b.yaml").write_text(
        "mcpServers:\n  - name: x\n    env: *" + plant("parse-yaml-alias") + "\n")
    (root / ".continue/mcpServers/c.yaml").write_text(
        "mcpServers:\n  - name: x\n    command: !!int " + plant("parse-yaml-tag") + "\n")
    (root / ".gemini").mkdir()
    (root / ".gemini/settings.json").write_text(
        '{"mcpServers": {"x": {"command": "npx", "transport": {"type": "' + plant("schema-transport")
        + '", "headers": {"Authorization": "' + plant("schema-nested") + '"}}}}}')
    (root / "codex-twice").mkdir()
    twice = _toml_string(plant("parse-toml-twice"))
    (root / "codex-twice/.codex").mkdir()
    (root / "codex-twice/.codex/config.toml").write_text(
        f"[mcp_servers.{twice}]\ncommand = \"npx\"\n[mcp_servers.{twice}]\ncommand = \"npx\"\n")


def assert_no_canary(where: str, text: str) -> None:
    for label, secret in PLANTED.items():
        body = secret[4:]  # "ghp_" is a public prefix
        for start in range(len(body) - 7):
            piece = body[start:start + 8]
            assert piece not in text, f"{where}: 8 characters of the {label} canary: …{text[max(0, text.find(piece) - 80):text.find(piece) + 40]!r}"


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("leaky") / "repo"
    build(root)
    return root


@pytest.mark.parametrize("fmt", ["text", "concise", "json", "sarif", "github"])
def test_scan_outputs_hold_no_canary(repo: Path, fmt: str) -> None:
    for extra in ([], ["--debug"]):
        result = run_cli("scan", ".", "--format", fmt, *extra, cwd=repo)
        assert result.returncode == 1, result.stderr[-3000:]
        assert "MCP001" in result.stdout or fmt == "sarif"
        assert_no_canary(f"scan {fmt} stdout", result.stdout)
        assert_no_canary(f"scan {fmt} stderr", result.stderr)


def test_inventory_outputs_hold_no_canary(repo: Path) -> None:
    for fmt in ("text", "json"):
        result = run_cli("inventory", ".", "--format", fmt, "--debug", cwd=repo)
        assert result.returncode == 0, result.stderr[-3000:]
        assert "mcp.example.com" in result.stdout
        assert "ghp_" in result.stdout  # the canaries were there, and shown redacted
        assert_no_canary(f"inventory {fmt} stdout", result.stdout)
        assert_no_canary(f"inventory {fmt} stderr", result.stderr)


def test_init_baseline_and_policy_hold_no_canary(repo: Path, tmp_path: Path) -> None:
    generated = tmp_path / "generated.toml"
    result = run_cli("init", ".", "--output", str(generated), cwd=repo)
    assert result.returncode == 0, result.stderr[-3000:]
    text = generated.read_text()
    assert "fingerprint" in text
    assert_no_canary("init stdout/stderr", result.stdout + result.stderr)
    assert_no_canary("init's file", text)

    baseline = tmp_path / "baseline.json"
    result = run_cli("scan", ".", "--write-baseline", str(baseline), cwd=repo)
    assert result.returncode == 0, result.stderr[-3000:]
    assert_no_canary("baseline", baseline.read_text())

    # an allowlist with nothing approved: MCP701 names every server and what it runs
    policy = tmp_path / "policy.toml"
    policy.write_text("[policy]\nmode = \"allowlist\"\n[[policy.approved]]\nname = \"nothing-is-called-this\"\n")
    for fmt in ("text", "json"):
        result = run_cli("scan", ".", "--format", fmt, "--select", "MCP7", cwd=repo, env={"MCPLINT_POLICY": str(policy)})
        assert "MCP701" in result.stdout, result.stderr[-3000:]
        assert_no_canary(f"MCP701 {fmt}", result.stdout + result.stderr)
    # and init's file, used as the policy, approves every server without naming a token
    for fmt in ("text", "json"):
        result = run_cli("scan", ".", "--format", fmt, "--config", str(generated), cwd=repo)
        assert_no_canary(f"scan with init's policy {fmt}", result.stdout + result.stderr)


def test_error_paths_hold_no_canary(repo: Path, tmp_path: Path) -> None:
    """Config errors quote neither a key nor a value of the configuration."""
    cases = {
        "unknown-key.toml": f"{_toml_string(plant('config-unknown-key'))} = 1\n",
        "wrong-type.toml": f"select = {_toml_string(plant('config-wrong-type'))}\n",
        "bad-enum.toml": f"format = {_toml_string(plant('config-bad-enum'))}\n",
        "bad-fingerprint.toml": f"[[policy.approved]]\nfingerprint = {_toml_string(plant('config-fingerprint'))}\n",
        "bad-package.toml": f"[[policy.approved]]\npackage = {_toml_string(plant('config-package') + ':x')}\n",
        "server-ignores.toml": f"[per-server-ignores]\n{_toml_string(plant('config-server-key'))} = 5\n",
        "broken.toml": f"select = [\"MCP1\"\n{_toml_string(plant('config-broken'))} = 1\n",
    }
    for name, text in cases.items():
        path = tmp_path / name
        path.write_text(text)
        result = run_cli("scan", ".", "--config", str(path), cwd=repo)
        assert result.returncode == 2, (name, result.stderr)
        assert_no_canary(f"config error {name}", result.stdout + result.stderr)
    baseline = tmp_path / "bad-baseline.json"
    baseline.write_text(json.dumps({"version": plant("baseline-version"), "findings": []}))
    result = run_cli("scan", ".", "--baseline", str(baseline), cwd=repo)
    assert result.returncode == 2
    assert_no_canary("baseline error", result.stderr)


# --- per stage -----------------------------------------------------------------------------------


@pytest.mark.parametrize("raw, shown", [
    ("plain name", "plain name"),
    ("a\x1b[2Jb", "a\\x1b[2Jb"),
    ("cr\rlf\n", "cr\\rlf\\n"),
    ("del\x7f c1\x9b", "del\\x7f c1\\x9b"),
    ("rtl\u202egnp.exe", "rtl\\u202egnp.exe"),
    ("iso\u2066x\u2069", "iso\\u2066x\\u2069"),
    ("lone\ud800", "lone\\ud800"),
    ("ünïcödé ✓", "ünïcödé ✓"),
])
def test_printable(raw: str, shown: str) -> None:
    from mcplint.escape import printable

    assert printable(raw) == shown


def test_shown_name_redacts_only_credentials() -> None:
    from mcplint.secrets import redact
    from mcplint.shown import shown_keys, shown_name

    token = canary("unit-name")
    assert shown_name("github") == "github"
    assert shown_name("my-long-server-name") == "my-long-server-name"
    assert shown_name(token) == redact(token)
    assert shown_name(f"prefix {token}").startswith("prefix ghp_…")
    assigned = shown_name("ACME_API_KEY=Zq8KxW3vLm9PTr4YbN2c")
    assert assigned.startswith("ACME_API_KEY=") and "Zq8KxW3vLm9PTr4YbN2c" not in assigned
    plain = {"GITHUB_TOKEN": "x"}
    assert shown_keys(plain) is plain
    assert list(shown_keys({token: "x"})) == [shown_name(token)]


def test_quiet_message_keeps_single_characters_and_token_names() -> None:
    from mcplint.load import quiet_message

    assert quiet_message("expected ',' or ']', but got '<scalar>'") == "expected ',' or ']', but got '<scalar>'"
    assert quiet_message("found '\\x1b' here") == "found '\\x1b' here"
    assert quiet_message("Cannot declare ('mcp_servers', 'ghp_secret_text') twice") == "Cannot declare ('…', '…') twice"
    assert quiet_message('key "ACME_API_KEY=abc" bad') == 'key "…" bad'


def test_urls_with_a_token_are_redacted_and_approved_by_fingerprint() -> None:
    from mcplint.identity import safe_url
    from mcplint.init import entry_for
    from mcplint.secrets import redact
    from mcplint.model import Server

    token = canary("unit-url")
    url = f"https://mcp.example.com/v1/{token}/mcp?x=1#frag"
    assert safe_url(url) == f"https://mcp.example.com/v1/{redact(token)}/mcp"
    server = Server(name="r", client="claude-code", file=".mcp.json", pointer=("mcpServers", "r"), transport="http",
                    url=f"https://mcp.example.com/v1/{token}/mcp")
    key, value, _note = entry_for(server)
    assert key == "fingerprint" and value.startswith("sha256:")
    plain = Server(name="r", client="claude-code", file=".mcp.json", pointer=("mcpServers", "r"), transport="http",
                   url="https://mcp.example.com/v1/mcp")
    assert entry_for(plain)[:2] == ("url", "https://mcp.example.com/v1/mcp")

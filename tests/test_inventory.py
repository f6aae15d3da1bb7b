"""``mcplint inventory``: the JSON contract, the table, redaction, per-project servers."""

from __future__ import annotations

import json
import re
import shutil
from io import StringIO
from pathlib import Path

from helpers import FIXTURES, invoke

from mcplint.discover import discover
from mcplint.inventory import Row, collect, redact_args, redact_value, write_table

FIELDS = {"name", "client", "scope", "file", "line", "transport", "command", "args", "url", "package", "project",
          "cwd", "disabled", "env", "headers", "fingerprint", "approval", "client_policy"}
TOKEN = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O50Zb5Hm"


def _inventory(*args: str, cwd: Path | None = None) -> dict:
    result = invoke(["inventory", "--format", "json", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_json_contract(tmp_path: Path) -> None:
    config = tmp_path / ".cursor" / "mcp.json"
    config.parent.mkdir()
    config.write_text(json.dumps({"mcpServers": {
        "github": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-github@2025.4.8"],
                   "env": {"GITHUB_PERSONAL_ACCESS_TOKEN": TOKEN, "LOG": "1"}},
        "remote": {"type": "sse", "url": "https://mcp.example.com/sse", "headers": {"Authorization": f"Bearer {TOKEN}"}},
    }}, indent=2), encoding="utf-8")
    data = _inventory(str(config))
    assert set(data) >= {"servers", "files", "errors"}
    github, remote = data["servers"]
    assert set(github) == FIELDS
    assert github == {
        "name": "github", "client": "cursor", "scope": "project", "file": config.as_posix(), "line": 3,
        "transport": "stdio", "command": "npx", "args": ["-y", "@modelcontextprotocol/server-github@2025.4.8"],
        "url": None, "package": "npm:@modelcontextprotocol/server-github@2025.4.8", "project": None, "cwd": None,
        "disabled": False, "env": ["GITHUB_PERSONAL_ACCESS_TOKEN", "LOG"], "headers": [],
        "fingerprint": github["fingerprint"], "approval": "pending", "client_policy": None,
    }
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", github["fingerprint"])
    assert remote["fingerprint"] != github["fingerprint"]
    assert (remote["transport"], remote["url"], remote["headers"], remote["command"]) == (
        "sse", "https://mcp.example.com/sse", ["Authorization"], None)
    assert TOKEN not in json.dumps(data)


def test_secrets_in_args_and_urls_are_redacted(tmp_path: Path) -> None:
    config = tmp_path / ".mcp.json"
    config.write_text(json.dumps({"mcpServers": {
        "smithery": {"command": "npx", "args": ["-y", "@smithery/cli@1.2.3", "run", "x", "--key", "0f3c9a7e-55aa-4e1b-9d2c-8b7e6f5a4d3c"]},
        "tok": {"command": "server", "args": [f"--token={TOKEN}"]},
        "db": {"command": "uvx", "args": ["pg-mcp==1.0", "postgresql://admin:S3cr3tPassw0rd!@db.internal:5432/prod"]},
        "remote": {"url": "https://mcp.example.com/mcp?api_key=sk_live_51HxYzAbCdEfGhIjKlMnOpQr"},
    }}), encoding="utf-8")
    text = json.dumps(_inventory(str(config)))
    for secret in ("0f3c9a7e-55aa-4e1b-9d2c-8b7e6f5a4d3c", TOKEN, "S3cr3tPassw0rd!", "sk_live_51HxYzAbCdEfGhIjKlMnOpQr"):
        assert secret not in text
    assert "db.internal:5432/prod" in text  # only the credential goes


def test_redaction_helpers_keep_placeholders() -> None:
    assert redact_args(["--token", "${GITHUB_TOKEN}"]) == ["--token", "${GITHUB_TOKEN}"]
    assert redact_args(["--api-key", "abcdefghijklmnop1234"])[1] != "abcdefghijklmnop1234"
    assert redact_value("https://user:pw123456@host/x", "url").startswith("https://user:")
    assert "pw123456" not in redact_value("https://user:pw123456@host/x", "url")


def test_claude_code_projects_are_listed_with_their_project(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(FIXTURES / "clients" / "claude-code" / "home" / ".claude.json", home / ".claude.json")
    data = _inventory("--home", str(home), "--os", "linux")
    rows = {(r["name"], r["scope"], r["project"], r["file"]) for r in data["servers"]}
    assert rows == {("global", "user", None, "~/.claude.json"),
                    ("local-db", "local", "/home/me/repo", "~/.claude.json")}


def test_table_shows_every_column(tmp_path: Path) -> None:
    sources, missing = discover([str(FIXTURES / "clients" / "codex")], FIXTURES / "clients")
    inventory = collect(sources, missing)
    out = StringIO()
    write_table(inventory, out)
    text = out.getvalue()
    header = text.splitlines()[0]
    for column in ("CLIENT", "SCOPE", "FILE", "NAME", "TRANSPORT", "COMMAND / URL", "PACKAGE"):
        assert column in header
    assert "codex" in text and "npm:example-docs-mcp@0.3.0" in text and "https://mcp.example.com/mcp" in text
    assert "remote (disabled)" in text
    assert text.rstrip().endswith("2 servers in 1 file.")


def test_text_output_and_project_column(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(FIXTURES / "clients" / "claude-code" / "home" / ".claude.json", home / ".claude.json")
    result = invoke(["inventory", "--home", str(home), "--os", "darwin"])
    assert result.exit_code == 0
    header = result.stdout.splitlines()[0]
    assert header.split()[-1] == "PROJECT"
    assert "/home/me/repo" in result.stdout


def test_unreadable_file_is_reported_not_fatal(tmp_path: Path) -> None:
    bad = tmp_path / ".mcp.json"
    bad.write_text('{"mcpServers": {', encoding="utf-8")
    good = tmp_path / ".cursor" / "mcp.json"
    good.parent.mkdir()
    good.write_text('{"mcpServers": {"a": {"command": "node"}}}', encoding="utf-8")
    result = invoke(["inventory", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [r["name"] for r in data["servers"]] == ["a"]
    assert data["errors"] and data["errors"][0]["file"].endswith(".mcp.json")


def test_every_fixture_client_appears(tmp_path: Path) -> None:
    sources, missing = discover([str(FIXTURES / "clients")], FIXTURES / "clients")
    inventory = collect(sources, missing)
    assert not inventory.errors
    assert len({r.client for r in inventory.rows}) >= 25
    assert all(isinstance(r, Row) and r.fingerprint.startswith("sha256:") and r.approval == "pending"
               for r in inventory.rows)
    rows = {(r.client, r.name): r for r in inventory.rows}
    assert rows["opencode", "local"].package == "npm:example-mcp@1.0.0"  # opencode's argv command
    assert rows["cursor", "github"].env == ["GITHUB_PERSONAL_ACCESS_TOKEN"]


def test_inventory_shows_approval_under_the_policy_in_force(tmp_path: Path) -> None:
    (tmp_path / ".mcp.json").write_text(json.dumps({"mcpServers": {
        "gh": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-github@2025.4.8"]},
        "pm": {"command": "npx", "args": ["-y", "postmark-mcp@1.0.16"]},
        "other": {"command": "uvx", "args": ["mcp-server-fetch==2025.1.1"]},
    }}), encoding="utf-8")
    (tmp_path / ".mcplint.toml").write_text(
        '[policy]\nmode = "allowlist"\n'
        '[[policy.approved]]\npackage = "npm:@modelcontextprotocol/server-github"\n'
        '[[policy.blocked]]\npackage = "npm:postmark-mcp"\nreason = "compromised"\n', encoding="utf-8")
    result = invoke(["inventory", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    approvals = {r["name"]: r["approval"] for r in json.loads(result.stdout)["servers"]}
    assert approvals == {"gh": "approved", "pm": "blocked", "other": "pending"}
    table = invoke(["inventory", str(tmp_path)], env={"COLUMNS": "250"}).stdout
    assert "APPROVAL" in table and "FINGERPRINT" in table and "blocked" in table

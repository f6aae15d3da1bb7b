"""The rough edges a new user hits in the first hour (issue 23), checked through the CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import invoke

DIRTY = '{"mcpServers": {"remote": {"type": "sse", "url": "http://mcp.example.com/sse"}}}\n'


def _home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    (home / ".cursor").mkdir(parents=True)
    (home / ".cursor" / "mcp.json").write_text('{"mcpServers": {"a": {"command": "npx", "args": ["-y", "pkg@1.0.0"]}}}')
    return home


@pytest.mark.parametrize("command", ["scan", "inventory"])
def test_verbose_marks_each_place_found_or_absent(tmp_path: Path, command: str) -> None:
    result = invoke([command, "--home", str(_home(tmp_path)), "--os", "linux", "--verbose"], cwd=tmp_path)
    assert result.exit_code in (0, 1), result.output
    places = [line.split() for line in result.stderr.splitlines() if line.startswith("  ")]
    assert len(places) > 20 and {p[0] for p in places} == {"found", "absent"}
    assert [p[1:] for p in places if p[0] == "found"] == [["cursor", "user", "~/.cursor/mcp.json"]]
    assert "found 1:" in result.stderr


def test_verbose_on_an_empty_home_marks_every_place_absent(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = invoke(["scan", "--home", str(tmp_path / "empty"), "--os", "darwin", "--verbose"], cwd=tmp_path)
    places = [line.split()[0] for line in result.stderr.splitlines() if line.startswith("  ")]
    assert result.exit_code == 0 and places and set(places) == {"absent"}


@pytest.mark.parametrize("command", ["scan", "inventory"])
def test_root_without_machine_is_a_usage_error(tmp_path: Path, command: str) -> None:
    (tmp_path / ".mcp.json").write_text(DIRTY)
    result = invoke([command, "--root", str(tmp_path)], cwd=tmp_path)
    assert result.exit_code == 2
    assert "--root DIR needs --machine or --home" in result.stderr and "Traceback" not in result.output
    assert invoke([command, "--machine", "--home", str(_home(tmp_path)), "--root", str(tmp_path)],
                  cwd=tmp_path).exit_code in (0, 1)


def test_an_excluded_file_named_on_the_command_line_says_why(tmp_path: Path) -> None:
    (tmp_path / ".mcplint.toml").write_text('exclude = ["vendor/**"]\n')
    (tmp_path / "vendor" / ".cursor").mkdir(parents=True)
    (tmp_path / "vendor" / ".cursor" / "mcp.json").write_text(DIRTY)
    (tmp_path / ".mcp.json").write_text(DIRTY)
    for fmt in ("text", "json"):
        result = invoke(["scan", "vendor/.cursor/mcp.json", "-f", fmt], cwd=tmp_path)
        assert result.exit_code == 0, result.output
        assert "vendor/.cursor/mcp.json: excluded by .mcplint.toml exclude pattern 'vendor/**'" in result.stderr
    both = invoke(["scan", "vendor/.cursor/mcp.json", ".mcp.json", "-f", "json"], cwd=tmp_path)
    assert both.exit_code == 1 and both.stderr.count("excluded by") == 1
    assert {f["file"] for f in json.loads(both.stdout)["findings"]} == {".mcp.json"}
    assert "excluded" not in invoke(["scan", ".mcp.json"], cwd=tmp_path).stderr


def test_unknown_selector_in_the_configuration_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / ".mcp.json").write_text(DIRTY)
    (tmp_path / ".mcplint.toml").write_text('fail-on = "low"\nignore = [\n  "MCP201",\n  "hardcoded-secrets",\n]\n')
    result = invoke(["scan"], cwd=tmp_path)
    assert result.exit_code == 2
    assert ".mcplint.toml:4: ignore: unknown rule selector 'hardcoded-secrets' (did you mean 'hardcoded-secret'?)" \
        in result.stderr
    (tmp_path / ".mcplint.toml").write_text('[tool.mcplint]\nselect = ["MCP1", "MCP99"]\n')
    (tmp_path / ".mcplint.toml").rename(tmp_path / "pyproject.toml")
    result = invoke(["scan"], cwd=tmp_path)
    assert result.exit_code == 2 and "pyproject.toml:2: select: unknown rule selector 'MCP99'" in result.stderr


def test_init_writes_the_documented_default_selection(tmp_path: Path) -> None:
    assert invoke(["init"], cwd=tmp_path).exit_code == 0
    text = (tmp_path / ".mcplint.toml").read_text()
    assert '# select = ["ALL"]' in text and '"MCP"]' not in text


# --- inventory: redact what the detector calls a secret, nothing else ---------------------------

TOKEN = "8f3k2j5h6g7d8s9a0q7w6e5r"


def _inventory(tmp_path: Path, args: list[str]) -> dict:
    (tmp_path / ".mcp.json").write_text(json.dumps({"mcpServers": {"db": {"command": "uvx", "args": args}}}))
    result = invoke(["inventory", "-f", "json"], cwd=tmp_path)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["servers"][0]


def test_inventory_shows_ordinary_paths_and_redacts_only_secrets(tmp_path: Path) -> None:
    row = _inventory(tmp_path, ["mcp-server-sqlite==0.6.2", "--db-path", "/Users/alice/data.db", "--token", TOKEN])
    assert row["args"][:3] == ["mcp-server-sqlite==0.6.2", "--db-path", "/Users/alice/data.db"]
    assert row["args"][3] == "--token" and TOKEN not in json.dumps(row) and "chars)" in row["args"][4]
    text = invoke(["inventory", "--columns", "name,target", "-f", "csv"], cwd=tmp_path)
    assert "/Users/alice/data.db" in text.stdout and TOKEN not in text.output


def test_fingerprints_keep_ordinary_values_and_never_a_secret(tmp_path: Path) -> None:
    from mcplint.identity import canonical
    from mcplint.model import Server

    base = ["mcp-server-sqlite==0.6.2", "--db-path", "/Users/alice/data.db", "--token"]
    first = _inventory(tmp_path, [*base, TOKEN])["fingerprint"]
    assert _inventory(tmp_path, [*base, TOKEN])["fingerprint"] == first  # stable
    assert _inventory(tmp_path, [*base, TOKEN[::-1]])["fingerprint"] == first  # a rotated token: same server
    other = ["mcp-server-sqlite==0.6.2", "--db-path", "/Users/bob/other.db", "--token", TOKEN]
    assert _inventory(tmp_path, other)["fingerprint"] != first  # another database: another server
    record = json.dumps(canonical(Server(name="db", client="claude-code", file=".mcp.json", pointer=(), command="uvx", args=[*base, TOKEN])))
    assert "/Users/alice/data.db" in record and TOKEN not in record


# --- built-in extensions and unnamed list entries ---------------------------------------------

def test_goose_builtin_extensions_are_not_servers_to_approve(tmp_path: Path) -> None:
    from helpers import FIXTURES

    (tmp_path / ".mcplint.toml").write_text('[policy]\nmode = "allowlist"\n')
    home = str(FIXTURES / "clients" / "goose" / "home")
    result = invoke(["scan", "--home", home, "--os", "linux", "-f", "json", "--config", ".mcplint.toml"], cwd=tmp_path)
    assert result.exit_code == 1, result.output
    flagged = {f["server"] for f in json.loads(result.stdout)["findings"] if f["rule"] == "MCP701"}
    assert flagged == {"github", "remote"}  # developer is type: builtin
    assert "(no command or url)" not in result.stdout
    rows = json.loads(invoke(["inventory", "--home", home, "--os", "linux", "-f", "json"], cwd=tmp_path).stdout)
    assert {r["name"]: r["approval"] for r in rows["servers"]}["developer"] == "builtin"


def test_continue_legacy_servers_are_named_by_name_else_command(tmp_path: Path) -> None:
    (tmp_path / ".continue").mkdir()
    (tmp_path / ".continue" / "config.json").write_text(json.dumps({"experimental": {"modelContextProtocolServers": [
        {"transport": {"type": "stdio", "command": "uvx", "args": ["mcp-server-sqlite", "--db-path", "x.db"]}},
        {"name": "docs", "transport": {"type": "stdio", "command": "npx", "args": ["-y", "docs-mcp@1.0.0"]}},
    ]}}))
    rows = json.loads(invoke(["inventory", "-f", "json"], cwd=tmp_path).stdout)["servers"]
    assert [r["name"] for r in rows] == ["uvx mcp-server-sqlite", "docs"]
    findings = json.loads(invoke(["scan", "-f", "json"], cwd=tmp_path).stdout)["findings"]
    assert findings and {f["server"] for f in findings} <= {"uvx mcp-server-sqlite", "docs"}


def test_a_lone_surrogate_server_name_survives_baseline_and_init(tmp_path: Path) -> None:
    """Found by running the docs' baseline and init examples over the fixtures: both crashed."""
    from helpers import FIXTURES

    shutil.copytree(FIXTURES / "hostile" / "lone-surrogate", tmp_path / "p")
    written = invoke(["scan", "--write-baseline", "b.json"], cwd=tmp_path / "p")
    assert written.exit_code == 0, written.output
    again = invoke(["scan", "--baseline", "b.json"], cwd=tmp_path / "p")
    assert again.exit_code == 0 and "No findings" in again.stdout, again.output
    init = invoke(["init"], cwd=tmp_path / "p")
    assert init.exit_code == 0, init.output
    assert invoke(["scan"], cwd=tmp_path / "p").exit_code in (0, 1)

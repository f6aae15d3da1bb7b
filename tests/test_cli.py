"""End to end through the real command line: install entry points, exit codes, every format."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import FIXTURES, SARIF_SCHEMA, run_cli

from mcplint import __version__

DIRTY = '{"mcpServers": {"remote": {"type": "sse", "url": "http://mcp.example.com/sse", "headers": {"Authorization": "Bearer ${env:MCP_TOKEN}"}}}}'
CLEAN = '{"mcpServers": {"remote": {"type": "http", "url": "https://mcp.example.com/mcp", "headers": {"Authorization": "Bearer ${MCP_TOKEN}"}}}}'


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / ".cursor").mkdir()
    (tmp_path / ".cursor" / "mcp.json").write_text(DIRTY)
    (tmp_path / ".mcp.json").write_text(CLEAN)
    return tmp_path


def test_version_help_and_module_entry_point() -> None:
    assert run_cli("--version").stdout.strip().endswith(__version__)
    help_text = run_cli("--help").stdout
    assert "scan" in help_text and "rules" in help_text and "inventory" in help_text
    assert "Examples:" in help_text and "mcplint scan --machine" in help_text
    scan_help = run_cli("scan", "--help").stdout
    for option in ("--format", "--output", "--fail-on", "--exit-zero", "--select", "--ignore", "Examples"):
        assert option in scan_help


def test_exit_1_on_findings_and_0_when_clean(project: Path) -> None:
    dirty = run_cli("scan", ".cursor/mcp.json", cwd=project)
    assert dirty.returncode == 1, dirty.stderr
    assert "MCP201" in dirty.stdout and ".cursor/mcp.json" in dirty.stdout
    assert "Found 1 finding" in dirty.stdout
    clean = run_cli("scan", ".mcp.json", cwd=project)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "No findings in 1 file" in clean.stdout


def test_directory_scan_defaults_to_current_directory(project: Path) -> None:
    result = run_cli("scan", "-f", "json", cwd=project)
    data = json.loads(result.stdout)
    assert data["files_scanned"] == 2
    assert {f["file"] for f in data["findings"]} == {".cursor/mcp.json"}


def test_fail_on_and_exit_zero(project: Path) -> None:
    assert run_cli("scan", "--fail-on", "critical", cwd=project).returncode == 0
    assert run_cli("scan", "--exit-zero", cwd=project).returncode == 0
    assert run_cli("scan", "--fail-on", "high", cwd=project).returncode == 1


def test_usage_errors_exit_2_without_traceback(project: Path) -> None:
    for args in (["scan", "--format", "xml"], ["scan", "--select", "NOPE9"], ["rule", "MCP998"]):
        result = run_cli(*args, cwd=project)
        assert result.returncode == 2, args
        assert "Traceback" not in result.stderr


def test_broken_file_is_one_finding_and_the_rest_is_still_scanned(project: Path) -> None:
    (project / ".vscode").mkdir()
    (project / ".vscode" / "mcp.json").write_text('{"servers": {\n  "a": {"command": "x",}\n  "b": {}\n}}')
    result = run_cli("scan", "-f", "json", cwd=project)
    assert result.returncode == 1
    findings = json.loads(result.stdout)["findings"]
    [broken] = [f for f in findings if f["rule"] == "MCP001"]
    assert (broken["file"], broken["line"], broken["column"]) == (".vscode/mcp.json", 3, 3)
    assert any(f["rule"] == "MCP201" for f in findings)
    assert "Traceback" not in result.stderr


def test_missing_path_is_reported_not_a_crash(project: Path) -> None:
    result = run_cli("scan", "-f", "concise", "nope.json", ".mcp.json", cwd=project)
    assert result.returncode == 1
    assert "nope.json:1:1: MCP001" in result.stdout


def test_json_contract(project: Path) -> None:
    data = json.loads(run_cli("scan", "--format", "json", cwd=project).stdout)
    assert data["version"] == __version__
    [finding] = data["findings"]
    for key in ("rule", "name", "severity", "file", "line", "column", "server", "client", "message", "fingerprint"):
        assert key in finding
    assert (finding["rule"], finding["name"], finding["server"], finding["client"]) == (
        "MCP201", "plaintext-remote-transport", "remote", "cursor")
    assert (finding["line"], finding["column"]) == (1, 50)


def test_fingerprint_ignores_unrelated_line_moves(project: Path) -> None:
    before = json.loads(run_cli("scan", "-f", "json", cwd=project).stdout)["findings"][0]["fingerprint"]
    (project / ".cursor" / "mcp.json").write_text("\n\n" + DIRTY.replace("{", "{\n  ", 1))
    after = json.loads(run_cli("scan", "-f", "json", cwd=project).stdout)["findings"][0]
    assert after["line"] != 1
    assert after["fingerprint"] == before


def test_sarif_is_valid_against_the_official_schema(project: Path, tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    if not SARIF_SCHEMA.is_file():
        pytest.skip("shared/reference/sarif-schema-2.1.0.json not present")
    out = project / "out.sarif"
    result = run_cli("scan", "--format", "sarif", "-o", str(out), cwd=project)
    assert result.returncode == 1 and result.stdout == ""
    log = json.loads(out.read_text())
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text())).validate(log)
    run = log["runs"][0]
    [res] = run["results"]
    rule = run["tool"]["driver"]["rules"][res["ruleIndex"]]
    assert rule["id"] == res["ruleId"] == "MCP201"
    assert rule["properties"]["security-severity"] == "8.0"
    assert res["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": ".cursor/mcp.json", "uriBaseId": "%SRCROOT%"}
    assert res["partialFingerprints"]["mcplint/v1"]


def test_text_format_plain_when_not_a_tty_and_shows_the_line(project: Path) -> None:
    result = run_cli("scan", cwd=project)
    assert "\x1b[" not in result.stdout
    assert '"url": "http://mcp.example.com/sse"' in result.stdout
    colored = run_cli("scan", "--color", cwd=project)
    assert "\x1b[" in colored.stdout


def test_output_file_and_format_env(project: Path) -> None:
    result = run_cli("scan", cwd=project, env={"MCPLINT_FORMAT": "concise"})
    assert result.stdout.startswith(".cursor/mcp.json:1:50: MCP201 [high]")


def test_demo_fixtures_fire_and_clean_fixtures_are_quiet(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "demo", tmp_path / "demo")
    shutil.copytree(FIXTURES / "clean", tmp_path / "clean")
    demo = json.loads(run_cli("scan", "demo", "-f", "json", cwd=tmp_path).stdout)
    rules = {f["rule"] for f in demo["findings"]}
    assert {"MCP101", "MCP102", "MCP201", "MCP202", "MCP301", "MCP401"} <= rules
    clean = run_cli("scan", "clean", cwd=tmp_path)
    assert clean.returncode == 0, clean.stdout


def test_rules_and_rule_commands() -> None:
    table = run_cli("rules").stdout
    assert "MCP101" in table and "hardcoded-secret" in table
    listed = json.loads(run_cli("rules", "--format", "json").stdout)
    assert {"MCP001", "MCP101", "MCP201", "MCP301", "MCP401"} <= {r["id"] for r in listed}
    explained = run_cli("rule", "MCP301").stdout
    for part in ("unrestricted-filesystem", "Why it matters", "Bad", "Good", "How to fix", "References"):
        assert part in explained
    assert run_cli("rule", "hardcoded-secret").stdout.startswith("MCP101")


def test_a_folder_without_mcp_configs_says_so(tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text('{"name": "app", "dependencies": {}}')
    result = run_cli("scan", cwd=tmp_path)
    assert result.returncode == 0
    assert "No MCP configuration files found" in result.stdout


def test_each_file_is_judged_by_its_closest_config(tmp_path: Path) -> None:
    """pre-commit passes files from every project of a monorepo in one call."""
    for project, ignored in (("web", "MCP201"), ("api", "MCP204")):
        (tmp_path / project / ".cursor").mkdir(parents=True)
        (tmp_path / project / ".cursor" / "mcp.json").write_text(
            '{"mcpServers": {"remote": {"type": "sse", "url": "http://mcp.example.com/sse"}}}')
        (tmp_path / project / ".mcplint.toml").write_text(f'ignore = ["{ignored}"]\n')
    result = run_cli("scan", "-f", "json", "web/.cursor/mcp.json", "api/.cursor/mcp.json", cwd=tmp_path)
    data = json.loads(result.stdout)
    rules = sorted((f["file"], f["rule"]) for f in data["findings"])
    assert rules == [("api/.cursor/mcp.json", "MCP201"), ("web/.cursor/mcp.json", "MCP204")]
    assert data["files_scanned"] == 2

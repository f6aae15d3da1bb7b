"""One-way flow between the stages (docs/architecture.md): the filter stage gets the rules from
the scan (it loads none), MCP009 is judged by the engine between the filter's steps and still
passes through the later ones, exclusion is a discovery step, each name rule has one home, and
no module reaches into another's private names."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from helpers import FIXTURES, run_cli

import mcplint
from mcplint import filter as filter_stage
from mcplint.config import Config
from mcplint.discover import discover, not_excluded
from mcplint.engine import Evaluator, LoadedFile
from mcplint.load import load_file
from mcplint.model import Finding, Report, SourceFile
from mcplint.policy_files import holds_no_servers, holds_policy, kind_of
from mcplint.ruleset import Rule, load_rule_file, load_rules
from mcplint.scan import ScanOptions, scan, scan_paths
from mcplint.select import forced_rules, with_forced_rules

RULES = load_rules()
UNUSED = '{\n  "servers": {\n    // mcplint: ignore[%s]\n    "web": {"type": "http", "url": "https://web.example.com/mcp"}\n  }\n}\n'
"""A VS Code file whose ignore comment suppresses nothing (the server is https)."""


def _vscode_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / ".vscode" / "mcp.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _custom_rule(tmp_path: Path) -> Rule:
    path = tmp_path / "rules" / "ACME101.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text("id: ACME101\nname: acme-no-npx\nseverity: low\nsummary: no npx\nrationale: r\nfix: f\n"
                    "when: server.command == 'npx'\nmessage: 'npx'\n", encoding="utf-8")
    return load_rule_file(path)


# --- the filter stage receives the rules ----------------------------------------------------------

def test_an_ignore_naming_a_rule_is_judged_against_the_rules_the_scan_hands_in(tmp_path: Path) -> None:
    """MCP009 says "unknown rule" for a code none of the configuration's rules has: the rules
    are the scan's (``ScanOptions.known_rules``), not reloaded from disk by the filter stage."""
    _vscode_file(tmp_path, UNUSED % "ACME101")
    selected = {rid: RULES[rid] for rid in ("MCP009", "MCP201")}
    without = scan_paths(["."], ScanOptions(rules=dict(selected), known_rules=dict(RULES)), cwd=tmp_path)
    assert [f.message for f in without.findings] == ["'mcplint: ignore[ACME101]': unknown rule ACME101"]
    known = {**RULES, "ACME101": _custom_rule(tmp_path)}
    with_it = scan_paths(["."], ScanOptions(rules=dict(selected), known_rules=known), cwd=tmp_path)
    assert with_it.findings == []  # a known rule that did not run: its ignore is never reported


def test_forced_rules_come_from_the_rules_handed_in() -> None:
    parse_error = RULES["MCP001"]
    assert with_forced_rules({}, None, {"MCP001": parse_error}) == ({"MCP001": parse_error}, [])
    chosen = {"MCP201": RULES["MCP201"]}
    assert with_forced_rules(chosen, None, RULES) == ({**chosen, "MCP001": parse_error}, [])
    central = Config(policy_path=Path("/etc/mcplint/policy.toml"))
    rules, deselected = with_forced_rules(chosen, central, RULES)
    assert set(rules) == {"MCP001", "MCP201", "MCP502", "MCP702"} and deselected == ["MCP502", "MCP702"]
    assert forced_rules(central) == {"MCP001", "MCP502", "MCP702"}
    assert with_forced_rules({}, None, {}) == ({}, [])  # nothing to take them from: nothing added


def test_a_scan_without_known_rules_loads_them_once(tmp_path: Path) -> None:
    (tmp_path / ".mcp.json").write_text("{", encoding="utf-8")
    options = ScanOptions(rules={"MCP201": RULES["MCP201"]})
    report = scan_paths(["."], options, cwd=tmp_path)
    assert [f.rule for f in report.findings] == ["MCP001"]  # forced back in
    assert options.known_rules is not None and set(RULES) <= set(options.known_rules)


# --- MCP009 between the filter's steps ------------------------------------------------------------

def test_unused_ignore_findings_pass_through_the_configurations_ignores(tmp_path: Path) -> None:
    _vscode_file(tmp_path, UNUSED % "MCP201")
    config = Config(path=tmp_path / ".mcplint.toml", per_file_ignores={".vscode/*.json": ["MCP009"]})
    report = scan_paths(["."], ScanOptions(rules={r: RULES[r] for r in ("MCP009", "MCP201")}, config=config),
                        cwd=tmp_path)
    assert report.findings == []
    [suppressed] = report.suppressed
    assert suppressed.rule == "MCP009" and suppressed.suppression.kind == "external"
    assert "per-file-ignores '.vscode/*.json'" in suppressed.suppression.justification


def test_unused_ignore_findings_are_written_to_and_hidden_by_a_baseline(tmp_path: Path) -> None:
    from mcplint.baseline import load

    _vscode_file(tmp_path, UNUSED % "MCP201")
    rules = {r: RULES[r] for r in ("MCP009", "MCP201")}
    options = ScanOptions(rules=dict(rules), write_baseline=tmp_path / "baseline.json")
    scan_paths(["."], options, cwd=tmp_path)
    assert options.baseline_written == 1
    assert [f["rule"] for f in json.loads((tmp_path / "baseline.json").read_text())["findings"]] == ["MCP009"]
    report = scan_paths(["."], ScanOptions(rules=dict(rules), baseline=load(str(tmp_path / "baseline.json"))),
                        cwd=tmp_path)
    assert report.findings == [] and [f.rule for f in report.suppressed] == ["MCP009"]


def test_the_inline_step_hands_back_the_ignores_that_suppressed_nothing(tmp_path: Path) -> None:
    path = _vscode_file(tmp_path, UNUSED.replace('"https://', '"http://') % "MCP201, MCP301")
    source = SourceFile(path, ".vscode/mcp.json", "vscode", "project", "jsonc")
    loaded = LoadedFile(source, "vscode", "jsonc", load_file(path, "jsonc"), None, [])
    finding = Finding("MCP201", "plaintext-http", "high", ".vscode/mcp.json", 4, 5, "plain http")
    options = ScanOptions(rules={r: RULES[r] for r in ("MCP009", "MCP201", "MCP301")})
    report = Report("1", 1, [finding], options.rules)
    inline = filter_stage.inline_ignores(report, [loaded], options, RULES)
    assert report.findings == [] and report.suppressed == [finding]  # moved, with its reason
    assert finding.suppression.kind == "inSource"
    [(judged, items)] = inline.unused
    assert judged is loaded and [i.message for i in items] == ["'mcplint: ignore[MCP201, MCP301]': MCP301 suppresses nothing here"]
    # the rules stage turns them into findings: the MCP009 rule file over the handed-in items
    [unused] = Evaluator([RULES["MCP009"]]).run(loaded, {"unused_ignores": items})
    assert (unused.rule, unused.line, unused.severity) == ("MCP009", 3, "info")


def test_without_mcp009_no_unused_ignores_are_worked_out(tmp_path: Path) -> None:
    path = _vscode_file(tmp_path, UNUSED % "MCP201")
    source = SourceFile(path, ".vscode/mcp.json", "vscode", "project", "jsonc")
    loaded = LoadedFile(source, "vscode", "jsonc", load_file(path, "jsonc"), None, [])
    options = ScanOptions(rules={"MCP201": RULES["MCP201"]})
    assert filter_stage.inline_ignores(Report("1", 1, [], options.rules), [loaded], options, RULES).unused == []


# --- exclusion is a discovery step ------------------------------------------------------------------

def test_excluded_files_are_dropped_after_discovery_in_order(tmp_path: Path) -> None:
    for name in ("a/.mcp.json", "vendor/x/.mcp.json", "b/.mcp.json", "c/skip.json"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text('{"mcpServers": {}}', encoding="utf-8")
    found, _ = discover(["."], tmp_path)
    config = Config(path=tmp_path / ".mcplint.toml", exclude=["vendor", "skip.json"])
    kept = not_excluded(found, config)
    assert [s.display for s in kept] == [s.display for s in found if "vendor" not in s.display and "skip" not in s.display]
    assert not_excluded(found, None) == found and not_excluded(found, Config()) == found
    assert scan_paths(["."], ScanOptions(rules={}, config=config), cwd=tmp_path).files_skipped == len(found) - len(kept)


# --- one home for the policy-file name rules --------------------------------------------------------

@pytest.mark.parametrize("path, client, kind", [
    ("/etc/claude-code/managed-mcp.json", None, "claude-managed-mcp"),
    ("/etc/claude-code/managed-settings.json", "claude-code", "claude-managed"),
    ("/etc/claude-code/managed-settings.d/10-team.json", None, "claude-managed"),
    ("/etc/claude-code/managed-settings.d/.hidden.json", None, None),
    ("~/.copilot/managed-settings.json", "copilot-cli", "copilot-managed"),
    ("proj/.claude/settings.local.json", "claude-code", "claude-settings"),
    ("proj/.claude/settings.json", "cursor", None),
    ("/etc/codex/requirements.toml", "codex", "codex-requirements"),
    ("C:\\ProgramData\\gemini-cli\\system-defaults.json", None, "gemini-settings"),
    ("proj/.gemini/settings.json", "gemini-cli", "gemini-settings"),
    ("proj/.cursor/mcp.json", "cursor", None),
])
def test_policy_files_are_known_by_name_and_client(path: str, client: str | None, kind: str | None) -> None:
    assert kind_of(path, client) == kind
    assert holds_policy(path, client) is (kind is not None)
    assert holds_no_servers(path, client) is (kind == "codex-requirements")


def test_codex_requirements_tables_are_no_servers(tmp_path: Path) -> None:
    """The load stage, the schema fact (MCP002) and the policy lint (MCP70x) read the same name
    rule: no server, no schema violation, but the policy's own weakness."""
    path = tmp_path / ".codex" / "requirements.toml"
    path.parent.mkdir()
    path.write_text('[mcp_servers.docs.identity]\ncommand = "docs-server"\n', encoding="utf-8")
    source = SourceFile(path, ".codex/requirements.toml", "codex", "project", "toml")
    report, [loaded] = scan([source], ScanOptions(rules=dict(RULES)))
    assert loaded.servers == []
    assert [f.rule for f in report.findings] == ["MCP703"]  # an identity by command name only


def test_a_file_that_holds_no_policy_is_scanned_without_the_policy_module(tmp_path: Path) -> None:
    (tmp_path / ".mcp.json").write_text((FIXTURES / "clean" / ".mcp.json").read_text(encoding="utf-8"),
                                        encoding="utf-8")
    result = run_cli("-X", "importtime", "scan", ".mcp.json", cwd=tmp_path, python_flags=True)
    assert result.returncode == 0, result.stdout + result.stderr
    imported = {line.rsplit("|", 1)[1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}
    assert "mcplint.policy_files" in imported and "mcplint.client_policy" not in imported


# --- no reaching into another module's private names ------------------------------------------------

def test_no_module_imports_another_modules_private_name() -> None:
    package = Path(mcplint.__file__).parent
    found = []
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("mcplint"):
                found += [f"{path.relative_to(package)}:{node.lineno} {node.module}.{a.name}" for a in node.names
                          if a.name.startswith("_") and not a.name.startswith("__")]
    assert found == []

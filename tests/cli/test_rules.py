"""``mcplint rules`` and ``mcplint rule CODE`` end to end: every word comes from the rule files."""

from __future__ import annotations

import json

import pytest
import yaml
from helpers import REPO, run_cli

from mcplint.docs import explain

RULE_FILES = sorted((REPO / "rules").glob("MCP*.yaml"))
RULE_DATA = {data["id"]: data for data in (yaml.safe_load(p.read_text()) for p in RULE_FILES)}


def test_rules_table_lists_every_rule_file_in_order() -> None:
    result = run_cli("rules")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ID", "NAME", "SEVERITY", "FIX", "SUMMARY"]
    rows = [line.split(None, 4) for line in lines[1:]]
    assert [row[0] for row in rows] == sorted(RULE_DATA)
    for rule_id, name, severity, fix, summary in rows:
        data = RULE_DATA[rule_id]
        assert (name, severity, summary) == (data["name"], data["severity"], data["summary"].strip())
        assert fix == data.get("fixable", "-")


def test_rules_json() -> None:
    result = run_cli("rules", "--format", "json")
    assert result.returncode == 0
    rules = json.loads(result.stdout)
    assert [r["id"] for r in rules] == sorted(RULE_DATA)
    for rule in rules:
        data = RULE_DATA[rule["id"]]
        assert rule["name"] == data["name"] and rule["severity"] == data["severity"]
        assert rule["references"] == list(data.get("references") or [])
        assert len(rule["examples"]["bad"]) == len(data["examples"]["bad"]) >= 1
        assert rule["examples"]["good"][0]["config"] == (
            data["examples"]["good"][0] if isinstance(data["examples"]["good"][0], str) else data["examples"]["good"][0]["config"]
        )
        assert rule["help_uri"].endswith(f"/rules/{rule['id']}.yaml")


SECTIONS = ("What it finds", "Why it matters", "Bad (", "Good (", "How to fix", "Suppressing it", "References")


def test_rule_explains_with_every_section_in_order() -> None:
    result = run_cli("rule", "MCP201")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith("MCP201 plaintext-remote-transport\nSeverity: high")
    positions = [text.index(section) for section in SECTIONS]
    assert positions == sorted(positions)
    data = RULE_DATA["MCP201"]
    assert data["summary"].strip() in text
    assert data["references"][0] in text
    assert "http://mcp.example.com/sse" in text.split("Good (")[0]  # the bad example, before the good one
    assert "https://mcp.example.com/mcp" in text.split("Good (")[1]
    assert "CWE-319" in text
    assert "// mcplint: ignore[MCP201]" in text


def test_rule_by_name_or_lowercase_id_and_json() -> None:
    by_id = run_cli("rule", "MCP201").stdout
    assert run_cli("rule", "plaintext-remote-transport").stdout == by_id
    assert run_cli("rule", "mcp201").stdout == by_id
    data = json.loads(run_cli("rule", "MCP009", "--format", "json").stdout)
    assert data["id"] == "MCP009" and data["name"] == "unused-ignore" and data["severity"] == "info"
    assert data["examples"]["bad"][0]["file"] == ".vscode/mcp.json"


def test_unknown_rule_exits_2() -> None:
    result = run_cli("rule", "MCP998")
    assert result.returncode == 2
    assert "unknown rule 'MCP998'" in result.stderr and "mcplint rules" in result.stderr


@pytest.mark.parametrize("rule_id", sorted(RULE_DATA))
def test_every_rule_has_complete_docs(rule_id: str) -> None:
    data = RULE_DATA[rule_id]
    text = explain(rule_id)
    assert text is not None
    for section in SECTIONS:
        assert section in text, f"{rule_id}: no {section!r}"
    assert data["rationale"].split()[0] in text and data["fix"].split()[0] in text
    for reference in data.get("references") or []:
        assert reference in text

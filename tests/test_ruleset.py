"""Rule files: validation errors name the file and line; the built-in pack is consistent."""

from __future__ import annotations

import re

import pytest

from mcplint.ruleset import RuleError, builtin_dir, load_rule_text, load_rules

GOOD = """id: MCP999
name: custom-check
severity: low
summary: A custom rule.
when: server.transport == 'stdio'
message: "{server.name} runs locally"
examples:
  bad: ['{"mcpServers": {"a": {"command": "x"}}}']
  good: ['{"mcpServers": {"a": {"url": "https://x"}}}']
"""


def test_a_valid_rule_loads() -> None:
    rule = load_rule_text(GOOD, "r.yaml")
    assert (rule.id, rule.name, rule.scope, len(rule.bad)) == ("MCP999", "custom-check", "server", 1)


@pytest.mark.parametrize(("change", "line", "words"), [
    (("severity: low", "severity: severe"), 3, "severity must be one of"),
    (("when: server.transport == 'stdio'", "when: server.__class__"), 5, "not allowed"),
    (("when: server.transport == 'stdio'", "when: server.transport ==="), 5, "unexpected character '='"),
    (("name: custom-check", "name: CustomCheck"), 2, "kebab-case"),
    (("summary: A custom rule.", "summary: A custom rule.\nwen: x"), 5, "unknown key 'wen'"),
])
def test_errors_name_file_and_line(change: tuple[str, str], line: int, words: str) -> None:
    with pytest.raises(RuleError) as info:
        load_rule_text(GOOD.replace(*change), "org-rules/custom.yaml")
    assert info.value.path == "org-rules/custom.yaml"
    assert info.value.line == line
    assert words in info.value.message


def test_builtin_pack_ids_and_names_are_unique_and_well_formed() -> None:
    rules = load_rules()
    assert len(rules) >= 8
    names = [r.name for r in rules.values()]
    assert len(set(names)) == len(names)
    for rule in rules.values():
        assert re.fullmatch(r"MCP\d{3}", rule.id)
        assert rule.rationale and rule.fix and rule.references, rule.id
        assert (builtin_dir() / f"{rule.id}.yaml").is_file()

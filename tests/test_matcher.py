"""The engine's compiled matcher (engine.Matcher) finds exactly what rule-by-rule evaluation
finds, and a condition that fails is still reported with its rule, key and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import CORPUS, FIXTURES

from mcplint.discover import discover
from mcplint.engine import Evaluator, Matcher
from mcplint.filter import STAGE_RULES
from mcplint.ruleset import RuleError, load_rule_text, load_rules
from mcplint.scan import load_source


class RuleByRule(Evaluator):
    """The reference: every rule evaluated on its own (the matcher's fallback path)."""

    def _run_rules(self, rules, scope, loaded, server):  # type: ignore[no-untyped-def]
        return [f for rule in rules for f in self._evaluate(rule, scope, loaded, server)]


def _loaded(root: Path) -> list:
    sources, _ = discover([str(root)], root)
    return [lf for lf in map(load_source, sources) if lf is not None]


def _rule(when: str | None = None, for_each: str | None = None, rule_id: str = "MCP950", message: str = "hit") -> object:
    lines = [f"id: {rule_id}", "name: test-rule", "severity: low", "summary: A test rule.", f'message: "{message}"']
    if for_each is not None:
        lines.append(f"for_each: {for_each!r}")
    if when is not None:
        lines.append(f"when: {when!r}")
    return load_rule_text("\n".join(lines) + "\n", f"{rule_id}.yaml")


@pytest.mark.parametrize("root", [FIXTURES, CORPUS], ids=["fixtures", "corpus"])
def test_matcher_finds_what_rule_by_rule_evaluation_finds(root: Path) -> None:
    if not root.is_dir():
        pytest.skip("the real corpus is not beside the repository")
    rules = [r for r in load_rules().values() if r.id not in STAGE_RULES]
    fast, slow = Evaluator(rules), RuleByRule(rules)
    total = 0
    for loaded in _loaded(root):
        found = fast.run(loaded)
        assert found == slow.run(loaded), loaded.source.display
        total += len(found)
    assert total > 50


def test_matches_come_in_rule_order_then_item_order() -> None:
    rules = [_rule(for_each="[3, 1, 2]", when="item != 1"), _rule(when="True"), _rule(for_each="['a', 'b']")]
    assert Matcher(rules).matches(_scope()) == [(0, 3), (0, 2), (1, None), (2, "a"), (2, "b")]


def _scope() -> dict:
    from mcplint.expr import Scope

    return Scope({})


def test_item_does_not_leak_from_one_rule_into_the_next() -> None:
    """A rule without ``for_each`` that reads ``item`` gets no matcher (the rule-by-rule path
    reports it); in a compiled function it would read the previous rule's loop variable."""
    rules = [_rule(for_each="[1]"), _rule(when="item == 1")]
    matcher = Matcher(rules)
    assert matcher.code is None
    with pytest.raises(LookupError):
        matcher.matches(_scope())


def test_a_failing_condition_is_reported_with_its_rule_and_key(tmp_path: Path) -> None:
    (tmp_path / ".mcp.json").write_text('{"mcpServers": {"a": {"command": "x"}}}', encoding="utf-8")
    good = _rule(when="server.name == 'a'", rule_id="MCP951")
    bad = _rule(when="server.name > 3", rule_id="MCP952")
    evaluator = Evaluator([good, bad])
    (loaded,) = _loaded(tmp_path)
    with pytest.raises(RuleError) as info:
        evaluator.run(loaded)
    assert info.value.message.startswith("MCP952 when: TypeError")
    # the same rule set without the culprit runs through the matcher and finds the good rule
    assert [f.rule for f in Evaluator([good]).run(loaded)] == ["MCP951"]


def test_an_unknown_name_is_reported_as_before(tmp_path: Path) -> None:
    (tmp_path / ".mcp.json").write_text('{"mcpServers": {"a": {"command": "x"}}}', encoding="utf-8")
    (loaded,) = _loaded(tmp_path)
    with pytest.raises(RuleError) as info:
        Evaluator([_rule(for_each="no_such_fact")]).run(loaded)
    assert "MCP950 for_each: unknown name 'no_such_fact'" in info.value.message

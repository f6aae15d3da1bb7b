"""Custom rules: ``[rules] paths`` loads rule files in the built-in format; a bad rule is an error
naming its file and line (exit 2); third-party facts plug in through the ``mcplint.analyzers``
entry-point group."""

from __future__ import annotations

import json
import re
import os
import shutil
import textwrap
from pathlib import Path
from types import SimpleNamespace

import pytest
from helpers import CUSTOM_RULE, PACKAGE_ROOT, REPO, run_cli

from mcplint.plugins import GROUP, analyzers_for
from mcplint.ruleset import RuleError, load_rules
from mcplint.scan import ScanOptions, scan_paths

ORG_RULES = REPO / "examples" / "org-rules"

SERVERS = json.dumps({"mcpServers": {
    "crm": {"command": "npx", "args": ["-y", "@acme/crm-mcp@1.4.0"]},
    "vendor": {"type": "http", "url": "https://mcp.vendor.io/mcp"},
    "corp": {"type": "http", "url": "https://wiki.mcp.corp.example.com/mcp"},
}}, indent=2)



def cli(*args: str, cwd: Path, extra_path: str = ""):
    path = os.pathsep.join(p for p in (extra_path, str(PACKAGE_ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return run_cli(*args, cwd=cwd, env={"PYTHONPATH": path, "MCPLINT_POLICY": ""})


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    shutil.copytree(ORG_RULES, tmp_path / "org-rules")
    (tmp_path / ".mcplint.toml").write_text('[rules]\npaths = ["org-rules"]\n')
    (tmp_path / ".mcp.json").write_text(SERVERS)
    return tmp_path


def test_rules_paths_load_the_example_pack(project: Path) -> None:
    result = cli("scan", "--select", "MCP9", "--format", "json", cwd=project)
    assert result.returncode == 1, result.stderr
    found = sorted((f["rule"], f["server"]) for f in json.loads(result.stdout)["findings"])
    assert found == [("MCP901", "vendor"), ("MCP902", "crm")]
    text = cli("scan", cwd=project).stdout
    assert re.search(r"MCP901 +vendor connects to mcp\.vendor\.io \(url\)", text), text
    assert "mcplint rule MCP901 (remote-server-outside-corp)" in text


def test_rule_paths_from_pyproject_and_single_files(project: Path) -> None:
    (project / ".mcplint.toml").unlink()
    (project / "pyproject.toml").write_text('[tool.mcplint.rules]\npaths = ["org-rules/MCP902.yaml"]\n')
    result = cli("scan", "--select", "MCP9", "--format", "json", cwd=project)
    assert [f["rule"] for f in json.loads(result.stdout)["findings"]] == ["MCP902"]


@pytest.mark.parametrize("path", sorted(ORG_RULES.glob("*.yaml")), ids=lambda p: p.name)
def test_example_pack_examples(tmp_path: Path, path: Path) -> None:
    """The same check the built-in pack gets (test_rule_examples.py), for the example pack."""
    rules = load_rules((path,))
    rule = next(r for r in rules.values() if not r.builtin)
    for kind, examples in (("bad", rule.bad), ("good", rule.good)):
        for i, example in enumerate(examples):
            target = tmp_path / kind / str(i) / (example.file or ".mcp.json")
            target.parent.mkdir(parents=True)
            target.write_text(example.config)
            findings = [f for f in scan_paths([str(target)], ScanOptions(rules={rule.id: rule}), cwd=tmp_path).findings]
            if kind == "good":
                assert not findings, (i, [f.message for f in findings])
            else:
                assert findings, (i, example.config)
                if example.count is not None:
                    assert len(findings) == example.count
                if example.message:
                    assert example.message in findings[0].message
                assert example.line is not None or example.pointer is not None, "say where the finding lands"
                if example.line is not None:
                    assert findings[0].line == example.line
                if example.pointer is not None:
                    assert findings[0].pointer == example.pointer


# --- errors name the file and line ------------------------------------------------------------

@pytest.mark.parametrize(("change", "line", "words"), [
    (("  and matches(server.name, 'beta')", "  and matches(server.name, 'beta'"), 10, "expected ')', found end of expression"),
    (("  and matches(server.name, 'beta')", "  and server.__class__"), 10, "'__class__' is not allowed"),
    (("  and matches(server.name, 'beta')", "  and open('x')"), 10, "unknown function 'open'"),
    (("  server.transport == 'stdio'\n", "  pakage.ecosystem == 'npm'\n"), 9, "unknown name 'pakage'"),
    (('message: "{server.name} is a beta server"', 'message: "{sever.name} is a beta server"'), 11, "unknown name 'sever'"),
    (("severity: low", "severity: severe"), 3, "severity must be one of"),
    (("summary: A server whose name says beta.", "summary: A server whose name says beta.\nwen: x"), 5, "unknown key 'wen'"),
    (("id: MCP950", "id: MCP101"), 1, "clashes with"),
    (("name: no-beta-servers", "name: hardcoded secret"), 2, "kebab-case"),
    (("  good: ['{\"mcpServers\"", "  good:\n    - config: '{}'\n    - confg: ['{\"mcpServers\""), 16, "good example needs 'config'"),
    (("references: [https://wiki.corp.example.com/mcp]", "references: [https://wiki.corp.example.com/mcp"), 8, "invalid YAML"),
])
def test_bad_custom_rule_names_file_and_line(project: Path, change: tuple[str, str], line: int, words: str) -> None:
    assert CUSTOM_RULE.count(change[0]) == 1
    (project / "org-rules" / "MCP950.yaml").write_text(CUSTOM_RULE.replace(*change))
    result = cli("scan", cwd=project)
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"MCP950.yaml:{line}:" in result.stderr, result.stderr
    assert words in result.stderr
    assert "Traceback" not in result.stderr


def test_a_condition_failing_at_run_time_names_file_and_line(project: Path) -> None:
    (project / "org-rules" / "MCP950.yaml").write_text(CUSTOM_RULE.replace("  and matches(server.name, 'beta')",
                                                                      "  and server.name > 3"))
    result = cli("scan", cwd=project)
    assert result.returncode == 2
    # the line and column of the comparison inside the folded condition
    assert "MCP950.yaml:10:19: MCP950 when: cannot compare str > int" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_missing_rule_path(project: Path) -> None:
    (project / ".mcplint.toml").write_text('[rules]\npaths = ["no-such-folder"]\n')
    result = cli("scan", cwd=project)
    assert result.returncode == 2 and "no-such-folder:1: rule path does not exist" in result.stderr


def test_wrong_type_for_rule_paths_is_a_config_error(project: Path) -> None:
    (project / ".mcplint.toml").write_text('\n[rules]\npaths = "org-rules"\n')
    result = cli("scan", cwd=project)
    assert result.returncode == 2 and ".mcplint.toml:3:" in result.stderr, result.stderr


# --- third-party facts -------------------------------------------------------------------------

PLUGIN = """\
from typing import NamedTuple

class Owner(NamedTuple):  # a fact declares its fields: conditions read only those
    owner: str | None

def analyze(server, facts):
    package = facts["package"]
    return Owner("acme" if package is not None and package.name.startswith("@acme/") else None)
"""
OWNER_RULE = CUSTOM_RULE.replace("id: MCP950", "id: MCP951").replace("name: no-beta-servers", "name: acme-owned").replace(
    "  server.transport == 'stdio'\n  and matches(server.name, 'beta')", "  owner.owner == 'acme'").replace(
    '"{server.name} is a beta server"', '"{server.name} is owned by {owner.owner}"')


def make_plugin(root: Path) -> Path:
    site = root / "site"
    (site / "mcplint_owner-1.0.dist-info").mkdir(parents=True)
    (site / "mcplint_owner-1.0.dist-info" / "METADATA").write_text("Metadata-Version: 2.1\nName: mcplint-owner\nVersion: 1.0\n")
    (site / "mcplint_owner-1.0.dist-info" / "entry_points.txt").write_text(
        f"[{GROUP}]\nowner = mcplint_owner:analyze\nbroken = mcplint_owner_missing:analyze\n")
    (site / "mcplint_owner.py").write_text(PLUGIN)
    return site


def test_entry_point_analyzer_feeds_a_custom_rule(project: Path) -> None:
    site = make_plugin(project)
    (project / "org-rules" / "MCP951.yaml").write_text(OWNER_RULE)
    result = cli("scan", "--select", "MCP951", "--format", "json", cwd=project, extra_path=str(site))
    assert result.returncode == 1, result.stderr
    findings = json.loads(result.stdout)["findings"]
    assert [(f["rule"], f["server"], f["message"]) for f in findings] == [("MCP951", "crm", "crm is owned by acme")]
    # without the plugin installed, the rule's unknown name is an error naming the file and line
    missing = cli("scan", "--select", "MCP951", cwd=project)
    assert missing.returncode == 2 and "MCP951.yaml:9:" in missing.stderr and "'owner'" in missing.stderr


def test_a_broken_entry_point_is_a_clear_error(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(make_plugin(project)))
    (project / "org-rules" / "MCP951.yaml").write_text(OWNER_RULE.replace("owner.owner == 'acme'", "broken.x"))
    rules = load_rules((project / "org-rules",))
    with pytest.raises(RuleError) as info:
        analyzers_for(rules)
    assert info.value.path.endswith("MCP951.yaml") and info.value.line == 9
    assert "failed to load" in info.value.message and "ModuleNotFoundError" in info.value.message


def test_entry_points_are_not_read_when_no_rule_needs_them(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.metadata

    def boom(**_kwargs: object) -> None:
        raise AssertionError("entry points were scanned")

    monkeypatch.setattr(importlib.metadata, "entry_points", boom)
    assert analyzers_for(load_rules()) == {}


def test_plugin_module_with_analyze_function() -> None:
    from mcplint.ruleset import load_rule_text

    rules = load_rules()
    custom = load_rule_text(OWNER_RULE, "org-rules/MCP951.yaml")
    module = SimpleNamespace(analyze=lambda server, facts: SimpleNamespace(owner="x"))
    ep = SimpleNamespace(name="owner", value="pkg", load=lambda: module)
    # a module-like object is not a module: the entry point must name a function or a module
    with pytest.raises(RuleError):
        analyzers_for([custom], {"owner": ep})
    ep_function = SimpleNamespace(name="owner", value="pkg:analyze", load=lambda: module.analyze)
    assert analyzers_for([*rules.values(), custom], {"owner": ep_function}) == {"owner": module.analyze}


def test_docs_worked_example_is_a_valid_rule(tmp_path: Path) -> None:
    """The rule file shown in docs/custom-rules.md loads and its examples behave."""
    text = (REPO / "docs" / "custom-rules.md").read_text(encoding="utf-8")
    start = text.index("```yaml\n# org-rules/MCP910.yaml") + len("```yaml\n")
    body = textwrap.dedent(text[start:text.index("```", start)])
    (tmp_path / "MCP910.yaml").write_text(body)
    rules = load_rules((tmp_path / "MCP910.yaml",))
    rule = rules["MCP910"]
    assert rule.bad and rule.good
    for kind, examples in (("bad", rule.bad), ("good", rule.good)):
        for i, example in enumerate(examples):
            target = tmp_path / kind / str(i) / ".mcp.json"
            target.parent.mkdir(parents=True)
            target.write_text(example.config)
            findings = scan_paths([str(target)], ScanOptions(rules={"MCP910": rule}), cwd=tmp_path).findings
            assert bool(findings) is (kind == "bad"), (kind, i, [f.message for f in findings])


# --- an organisation's own namespace, suggestions, explanations -------------------------------

def test_an_organisations_own_id_prefix_is_selected_like_a_built_in_prefix(project: Path) -> None:
    (project / "org-rules" / "MCP902.yaml").rename(project / "org-rules" / "ACME101.yaml")
    rule = project / "org-rules" / "ACME101.yaml"
    rule.write_text(rule.read_text().replace("id: MCP902", "id: ACME101"))
    result = cli("scan", "--select", "ACME", "--format", "json", cwd=project)
    assert result.returncode == 1, result.stderr
    assert [f["rule"] for f in json.loads(result.stdout)["findings"]] == ["ACME101"]
    ignored = cli("scan", "--ignore", "ACME1", "--format", "json", cwd=project)
    assert "ACME101" not in {f["rule"] for f in json.loads(ignored.stdout)["findings"]}
    explained = cli("rule", "acme101", cwd=project)
    assert explained.returncode == 0 and explained.stdout.startswith("ACME101 private-scope-from-public-registry")
    assert "ACME101.yaml (custom rule file)" in explained.stdout
    elsewhere = cli("rule", "ACME101", "--config", str(project / ".mcplint.toml"), cwd=project.parent)
    assert elsewhere.returncode == 0 and elsewhere.stdout.startswith("ACME101 ")
    isolated = cli("rule", "ACME101", "--isolated", cwd=project)
    assert isolated.returncode == 2 and "unknown rule 'ACME101'" in isolated.stderr


@pytest.mark.parametrize(("rule_id", "ok"), [("ACME101", True), ("ORG900", True), ("X1", True), ("MCP950", True),
                                              ("acme101", False), ("ACME", False), ("101", False), ("AC-ME1", False),
                                              ("MCP101", False)])
def test_custom_ids_are_letters_then_digits_and_never_a_built_in_id(project: Path, rule_id: str, ok: bool) -> None:
    (project / "org-rules" / "MCP950.yaml").write_text(CUSTOM_RULE.replace("id: MCP950", f"id: {rule_id}"))
    result = cli("scan", "--select", "MCP901", cwd=project)
    assert (result.returncode != 2) == ok, result.stderr
    if not ok:
        assert "MCP950.yaml:1:" in result.stderr and ("must look like" in result.stderr or "built-in rule" in result.stderr)


@pytest.mark.parametrize(("args", "words"), [
    (("scan", "--select", "hardcoded-secrets"), "unknown rule selector 'hardcoded-secrets' (did you mean 'hardcoded-secret'?)"),
    (("scan", "--ignore", "MCP2O1"), "did you mean 'MCP201'?"),
    (("scan", "--select", "remote-server-outside-crop"), "did you mean 'remote-server-outside-corp'?"),
    (("rule", "hardcoded-secrets"), "unknown rule 'hardcoded-secrets' (did you mean 'hardcoded-secret'?)"),
    (("scan", "--select", "zzzz"), "unknown rule selector 'zzzz' (try 'mcplint rules')"),
])
def test_unknown_selectors_get_a_suggestion(project: Path, args: tuple[str, ...], words: str) -> None:
    result = cli(*args, cwd=project)
    assert result.returncode == 2 and words in result.stderr, result.stderr


def test_unknown_selectors_in_the_config_get_a_suggestion(project: Path) -> None:
    (project / ".mcplint.toml").write_text('ignore = ["hardcoded-secrets"]\n[rules]\npaths = ["org-rules"]\n')
    result = cli("scan", cwd=project)
    assert result.returncode == 2 and "did you mean 'hardcoded-secret'?" in result.stderr, result.stderr

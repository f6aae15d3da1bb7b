"""Calibration: realistic configs must produce exactly the findings their case expects.

Each directory under ``fixtures/calibration/`` is one case: a config at its client's path
(``.cursor/mcp.json``, ``claude_desktop_config.json``, ``.codex/config.toml``...) and
``expected.json`` listing ``{"rule", "line", "server", "severity"}`` for every finding of the
rule families in ``FAMILIES``. A finding more (a false positive) or less (a miss) fails the
case. To widen the families, add them to ``FAMILIES`` and regenerate the expected files after
reviewing every new finding.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from helpers import CORPUS as CORPUS_DIR
from helpers import FIXTURES

from mcplint.ruleset import load_rules
from mcplint.scan import ScanOptions, scan_paths

FAMILIES = ("MCP101", "MCP102", "MCP2", "MCP3", "MCP4", "MCP5", "MCP6")
"""Rule id prefixes the expected files cover (the fixtures hold placeholders, never secrets)."""
SECURITY_FAMILIES = ("MCP2", "MCP3", "MCP4", "MCP5", "MCP6")
CALIBRATION = FIXTURES / "calibration"
CASES = sorted(p for p in CALIBRATION.iterdir() if p.is_dir()) if CALIBRATION.is_dir() else []


def _config_files(case: Path) -> list[Path]:
    return sorted(p for p in case.rglob("*") if p.is_file() and p.name != "expected.json")


def _key(finding: dict, with_severity: bool) -> tuple:
    key = (finding["rule"], finding["line"], finding["server"])
    return key + (finding["severity"],) if with_severity else key


def test_there_are_enough_realistic_cases() -> None:
    assert len(CASES) >= 60
    clients = {p.relative_to(case).as_posix() for case in CASES for p in _config_files(case)}
    assert len(clients) >= 12, clients


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_findings_are_exactly_the_expected_ones(case: Path) -> None:
    rules = {rid: rule for rid, rule in load_rules().items() if rid.startswith(FAMILIES)}
    files = _config_files(case)
    assert files, f"{case.name} has no config file"
    report = scan_paths([str(p) for p in files], ScanOptions(rules=rules), cwd=case)
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    got = [{"rule": f.rule, "line": f.line, "server": f.server, "severity": f.severity, "message": f.message}
           for f in report.findings]
    with_severity = all("severity" in e for e in expected)
    want = Counter(_key(e, with_severity) for e in expected)
    have = Counter(_key(g, with_severity) for g in got)
    missing = want - have
    extra = have - want
    detail = "\n".join(f"  {g['rule']} {g['severity']} line {g['line']} [{g['server']}] {g['message']}" for g in got)
    assert not missing and not extra, (
        f"{case.name}: missing {sorted(missing, key=str)}, unexpected {sorted(extra, key=str)}\nfindings:\n{detail}")


@pytest.mark.skipif(not CORPUS_DIR.is_dir(), reason="../shared/corpus/real not present")
def test_real_corpus_stays_free_of_known_false_positives() -> None:
    """Guards the false positives found on the real corpus (see the calibration README)."""
    from mcplint.facts.known import lookup_host

    rules = {rid: rule for rid, rule in load_rules().items() if rid.startswith(SECURITY_FAMILIES)}
    report = scan_paths([str(CORPUS_DIR)], ScanOptions(rules=rules), cwd=CORPUS_DIR)
    assert report.files_scanned >= 200
    for finding in report.findings:
        text = f"{finding.file}:{finding.line} {finding.rule} {finding.message}"
        if finding.rule == "MCP204":  # hosted OAuth / public docs servers are not 'no auth'
            host = finding.message.split("Remote server ", 1)[1].split(" ", 1)[0]
            assert lookup_host(host) is None, text
        assert not (finding.rule == "MCP503" and finding.message.startswith("Started through a shell command string (cmd /c \"npx")), text
        assert not (finding.rule == "MCP601" and "get_" in finding.message and finding.severity == "high"
                    and "that change" not in finding.message), text
    by_rule = Counter(f.rule for f in report.findings)
    assert by_rule["MCP301"] == 3  # three real home-directory filesystem servers
    assert "MCP502" not in by_rule  # no look-alike among the corpus's packages

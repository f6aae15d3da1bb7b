"""CI output end to end: GitHub annotations, SARIF ready for code scanning, the composite
action's scan step, and the GitHub / GitLab examples."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from helpers import REPO, SARIF_SCHEMA, run_cli

from mcplint.model import Finding, Report
from mcplint.report.github import write as write_github

PLAIN = '{"type": "sse", "url": "http://web.example.com/sse"}'
TLS12 = '{"type": "http", "url": "https://api.example.com/mcp", "tls": {"minVersion": "TLSv1.2"}}'
SELECT = ("--select", "MCP009,MCP201,MCP202")
ANNOTATION = re.compile(
    r"^::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+),endLine=(\d+),endColumn=(\d+),title=([^:]+)::(.+)$"
)


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / ".vscode").mkdir()
    (tmp_path / ".vscode" / "mcp.json").write_text(
        '{"servers": {\n'
        f'  "web": {PLAIN},\n'
        f'  "api": {TLS12},\n'
        f'  "lab": {PLAIN.replace("web", "lab")} // mcplint: ignore[MCP201] lab network\n'
        "}}\n"
    )
    return tmp_path


# --- --format github --------------------------------------------------------------------------

def test_github_annotations(project: Path) -> None:
    result = run_cli("scan", "--isolated", *SELECT, "--format", "github", cwd=project)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    parsed = [ANNOTATION.match(line) for line in lines]
    assert all(parsed), lines
    by_rule = {m.group(7): m for m in parsed}
    web = by_rule["mcplint MCP201 plaintext-remote-transport"]
    assert web.group(1) == "error" and web.group(2) == ".vscode/mcp.json"
    assert (web.group(3), web.group(4)) == ("2", "33") and int(web.group(6)) > 33
    assert web.group(8).startswith("[high] Plain-text http:// connection to web.example.com")
    levels = {"critical": "error", "high": "error", "medium": "warning", "low": "notice", "info": "notice"}
    for match in parsed:  # the level follows the finding's severity, shown first in the message
        assert match.group(1) == levels[match.group(8)[1:].split("]")[0]]
    assert "mcplint MCP202 weak-tls" in by_rule
    assert len(lines) == 2  # the ignored "lab" server is not annotated


def test_github_format_from_environment(project: Path) -> None:
    result = run_cli("scan", "--isolated", *SELECT, cwd=project, env={"MCPLINT_FORMAT": "github"})
    assert result.stdout.startswith("::error file=.vscode/mcp.json,line=2,")


def test_github_clean_run_prints_nothing(tmp_path: Path) -> None:
    (tmp_path / ".mcp.json").write_text('{"mcpServers": {"a": {"command": "node", "args": ["server.js"]}}}')
    result = run_cli("scan", "--isolated", *SELECT, "--format", "github", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "")


def test_github_escaping() -> None:
    finding = Finding("MCP201", "plaintext-remote-transport", "low", "we,ird:dir/mcp.json", 3, 4,
                      "100% plain\nsecond line", end_line=3, end_column=9)
    out = io.StringIO()
    write_github(Report("0", 1, [finding], {}), out)
    assert out.getvalue() == (
        "::notice file=we%2Cird%3Adir/mcp.json,line=3,col=4,endLine=3,endColumn=9,"
        "title=mcplint MCP201 plaintext-remote-transport::[low] 100%25 plain%0Asecond line\n"
    )


# --- SARIF for GitHub code scanning -----------------------------------------------------------

def _sarif(project: Path, *args: str) -> dict:
    result = run_cli("scan", "--isolated", *SELECT, "--format", "sarif", *args, cwd=project)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def test_sarif_is_valid_and_ready_for_code_scanning(project: Path) -> None:
    from jsonschema import Draft4Validator

    log = _sarif(project, "--report-suppressed", "--sarif-category", "mcp-configs")
    Draft4Validator(json.loads(SARIF_SCHEMA.read_text())).validate(log)
    assert log["$schema"] and log["version"] == "2.1.0" and len(log["runs"]) == 1
    run = log["runs"][0]
    assert run["automationDetails"] == {"id": "mcp-configs/"}
    rules = run["tool"]["driver"]["rules"]
    # MCP001 always runs; MCP202 reports at low here, below its own severity: a descriptor of its own
    assert {r["id"] for r in rules} == {"MCP001", "MCP009", "MCP201", "MCP202", "MCP202/low"}
    for rule in rules:
        severity = float(rule["properties"]["security-severity"])
        assert 0.1 <= severity <= 10.0
        assert "security" in rule["properties"]["tags"] and len(rule["properties"]["tags"]) <= 20
        assert rule["help"]["text"] and rule["help"]["markdown"].startswith(f"**{rule['id'].split('/')[0]} ")
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
    assert float(next(r for r in rules if r["id"] == "MCP201")["properties"]["security-severity"]) >= 7.0
    results = run["results"]
    assert len(results) == 3
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert re.fullmatch(r"[0-9a-f]{32}", result["partialFingerprints"]["mcplint/v1"])
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"] == {"uri": ".vscode/mcp.json", "uriBaseId": "%SRCROOT%"}
        assert location["region"]["startLine"] >= 1 and location["region"]["startColumn"] >= 1
    suppressed = [r for r in results if "suppressions" in r]
    assert [s["suppressions"] for s in suppressed] == [[{"kind": "inSource", "status": "accepted", "justification": "lab network"}]]


def test_sarif_defaults_leave_out_suppressed_and_automation_details(project: Path) -> None:
    run = _sarif(project)["runs"][0]
    assert "automationDetails" not in run
    assert all("suppressions" not in r for r in run["results"]) and len(run["results"]) == 2
    assert _sarif(project, "--sarif-category", "a/b/")["runs"][0]["automationDetails"] == {"id": "a/b/"}


# --- the composite action ---------------------------------------------------------------------

ACTION = yaml.safe_load((REPO / "action.yml").read_text())


def test_action_is_composite_and_inputs_reach_scripts_only_through_env() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert {"paths", "args", "fail-on", "sarif-file", "sarif-category", "version"} <= set(ACTION["inputs"])
    assert {"sarif-file", "exit-code"} <= set(ACTION["outputs"])
    for step in ACTION["runs"]["steps"]:
        if "run" in step:
            assert step["shell"] == "bash"
            assert "${{" not in step["run"], f"expression in a script (injection risk): {step.get('name')}"


def _scan_step() -> str:
    return next(s["run"] for s in ACTION["runs"]["steps"] if s.get("id") == "scan")


def _run_scan_step(project: Path, tmp_path: Path, **inputs: str) -> tuple[int, str, dict[str, str]]:
    wrapper = tmp_path / "bin" / "mcplint"
    wrapper.parent.mkdir(exist_ok=True)
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m mcplint "$@"\n')
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IEXEC)
    output = tmp_path / "github_output"
    output.write_text("")
    env = {**os.environ, "MCPLINT": str(wrapper), "GITHUB_OUTPUT": str(output), "NO_COLOR": "1"}
    defaults = {name: str(spec.get("default", "")) for name, spec in ACTION["inputs"].items()}
    for name, value in {**defaults, **inputs}.items():
        env["INPUT_" + name.upper().replace("-", "_")] = value
    result = subprocess.run(["bash", "-c", _scan_step()], cwd=project, env=env, capture_output=True, text=True, timeout=120)
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines())
    return result.returncode, result.stdout + result.stderr, outputs


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is needed to run the action's script")
def test_action_scan_step(project: Path, tmp_path: Path) -> None:
    code, out, outputs = _run_scan_step(project, tmp_path, args="--isolated --select MCP009,MCP201,MCP202")
    assert code == 1 and outputs == {"sarif-file": "mcplint.sarif", "exit-code": "1"}
    assert "::error file=.vscode/mcp.json,line=2," in out
    sarif = json.loads((project / "mcplint.sarif").read_text())
    assert sarif["runs"][0]["automationDetails"] == {"id": "mcplint/"}
    # fail-on high: the medium weak-tls finding alone does not fail the step
    code, out, outputs = _run_scan_step(project, tmp_path, args="--isolated --select MCP202", **{"fail-on": "high"})
    assert code == 0 and outputs["exit-code"] == "0" and "title=mcplint MCP202 weak-tls::" in out
    # never: report only; no SARIF; plain lines instead of annotations
    code, out, outputs = _run_scan_step(project, tmp_path, args="--isolated --select MCP201", annotations="false",
                                        **{"fail-on": "never", "sarif-file": ""})
    assert code == 0 and outputs["sarif-file"] == "" and ".vscode/mcp.json:2:33: MCP201 [high]" in out
    # a usage error stops the step with exit 2
    code, out, outputs = _run_scan_step(project, tmp_path, args="--select NOPE")
    assert code == 2 and outputs["exit-code"] == "2"


def test_workflow_example_uploads_sarif_even_when_the_scan_fails() -> None:
    workflow = yaml.safe_load((REPO / "examples" / "github-workflow.yml").read_text())
    job = workflow["jobs"]["mcplint"]
    assert job["permissions"]["security-events"] == "write"
    steps = job["steps"]
    scan = next(s for s in steps if s.get("id") == "mcplint")
    assert scan["uses"].startswith("mcplint/mcplint@")
    upload = next(s for s in steps if "upload-sarif" in s.get("uses", ""))
    assert "!cancelled()" in upload["if"]
    assert upload["with"]["sarif_file"] == "${{ steps.mcplint.outputs.sarif-file }}"


# --- GitLab -----------------------------------------------------------------------------------

def test_gitlab_example_writes_a_valid_code_quality_report(project: Path) -> None:
    job = yaml.safe_load((REPO / "examples" / "gitlab-ci.yml").read_text())["mcplint"]
    assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    converter = next(line for line in job["script"] if line.startswith("python3 - <<'EOF'"))
    code = converter.split("\n", 1)[1].rsplit("EOF", 1)[0]
    result = run_cli("scan", "--isolated", *SELECT, "--format", "json", "--output", "mcplint.json", "--exit-zero", cwd=project)
    assert result.returncode == 0
    subprocess.run([sys.executable, "-c", code], cwd=project, check=True, capture_output=True)
    issues = json.loads((project / "gl-code-quality-report.json").read_text())
    assert len(issues) == 2
    for issue in issues:
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert issue["check_name"] in {"MCP201", "MCP202"} and issue["description"]
        assert re.fullmatch(r"[0-9a-f]{32}", issue["fingerprint"])
        assert issue["location"]["path"] == ".vscode/mcp.json" and issue["location"]["lines"]["begin"] >= 1
    assert len({i["fingerprint"] for i in issues}) == 2

"""A scan opens no socket and starts no process: both are blocked, and every fixture is scanned.

Blocked (each call is recorded, then refused): socket creation, binding, connection and name
lookup; ``subprocess.Popen`` and the fork/exec primitive under it; ``os.system``, ``os.popen``,
``os.posix_spawn*``, ``os.fork*``, ``os.exec*``, ``os.spawn*`` (tests/sandbox_driver.py). The
scans run in a fresh interpreter — what a scan imports lazily is imported inside the sandbox,
as in a real run — over every file in fixtures/ (each named on the command line, so each is
read whatever its name), the fixtures folder itself and the real corpus when present, in every
output format. An attempt that the scanned code catches and ignores is still recorded.

The process pool (mcplint.parallel) is the one place that forks, and only to run mcplint's own
code on more cores. Three cases: serial (nothing at all may be attempted); fork refused (the
pool's attempt is the only one, and the scan completes with the same report); fork allowed
(workers inherit the blocks and record any attempt to the same log).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers import PACKAGE_ROOT, CORPUS, FIXTURES, REPO
from sandbox_driver import attempts, install

from mcplint.report import FORMATS

DRIVER = Path(__file__).with_name("sandbox_driver.py")


def _fixture_files() -> list[str]:
    return sorted(str(p) for p in FIXTURES.rglob("*") if p.is_file())


def _drive(tmp_path: Path, scans: list[list[str]], **options: Any) -> dict[str, Any]:
    config = {"log": str(tmp_path / "attempts.log"), "out": str(tmp_path / "out.json"), "scans": scans, **options}
    (tmp_path / "config.json").write_text(json.dumps(config), encoding="utf-8")
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": os.pathsep.join([str(PACKAGE_ROOT), os.environ.get("PYTHONPATH", "")])}
    run = subprocess.run([sys.executable, str(DRIVER), str(tmp_path / "config.json")], env=env, cwd=tmp_path,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    outcome = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    for args, result in zip(scans, outcome["results"]):
        assert result["exit"] in (0, 1) and result["exception"] is None, (args[:2], result)
        assert "Traceback" not in result["output"] and "internal error" not in result["output"]
    return outcome


def test_a_scan_of_every_fixture_opens_no_socket_and_starts_no_process(tmp_path: Path) -> None:
    scans = [_fixture_files(), [str(FIXTURES)]]
    if CORPUS.is_dir():
        scans.append([str(CORPUS)])
    scans += [[str(FIXTURES / "clients"), "--format", fmt] for fmt in FORMATS]
    outcome = _drive(tmp_path, scans, jobs="1")
    assert outcome["attempts"] == []


def test_with_fork_refused_the_pool_steps_aside_and_the_report_is_the_same(tmp_path: Path) -> None:
    outcome = _drive(tmp_path, [[str(FIXTURES), "--format", "json"]], jobs="2", threshold=2, serial_first=True)
    assert json.loads(outcome["results"][0]["output"]) == json.loads(outcome["serial"][0]["output"])
    assert set(outcome["attempts"]) == {"os.fork"}  # the pool tried, was refused, and stepped aside


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the pool forks; elsewhere scans are serial")
def test_forked_workers_inherit_the_sandbox_and_attempt_nothing(tmp_path: Path) -> None:
    target = str(CORPUS) if CORPUS.is_dir() else str(FIXTURES)
    workers = tmp_path / "workers.log"
    outcome = _drive(tmp_path, [[target, "--format", "json"]], jobs="2", threshold=2, allow_fork=True,
                     serial_first=True, workers_log=str(workers))
    assert json.loads(outcome["results"][0]["output"]) == json.loads(outcome["serial"][0]["output"])
    assert outcome["attempts"] == []
    pids = set(workers.read_text().split())
    assert pids - {str(outcome["pid"])}  # files were read in the workers, not only here


def test_the_sandbox_really_blocks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = tmp_path / "attempts.log"
    install(log, setattr=monkeypatch.setattr)
    with pytest.raises(PermissionError):
        socket.create_connection(("127.0.0.1", 9))
    with pytest.raises(PermissionError):
        subprocess.run(["true"])
    with pytest.raises(PermissionError):
        os.system("true")
    with pytest.raises(PermissionError):
        socket.socket(socket.AF_INET6)
    assert attempts(log) == ["socket.create_connection", "subprocess.Popen", "os.system", "socket.socket"]


def test_loading_and_running_custom_rules_opens_no_socket_and_starts_no_process(tmp_path: Path) -> None:
    """Rule files named by a project's config (``[rules] paths``) are read, parsed, their
    patterns compiled (RE2) and evaluated inside the sandbox: nothing is attempted."""
    project = tmp_path / "project"
    rules = project / "org-rules"
    rules.mkdir(parents=True)
    for example in (REPO / "examples" / "org-rules").glob("*.yaml"):
        (rules / example.name).write_text(example.read_text(encoding="utf-8"), encoding="utf-8")
    (rules / "ACME101.yaml").write_text(
        "id: ACME101\nname: beta-server\nseverity: low\nsummary: A beta server.\n"
        "when: matches(server.name, '(?i)beta') and any(matches(a, '^-{1,2}beta') or glob(a, '*@beta') for a in server.args)\n"
        "message: '{server.name} runs a beta: {join(server.args, \" \")}'\n", encoding="utf-8")
    (project / ".mcplint.toml").write_text('[rules]\npaths = ["org-rules"]\n', encoding="utf-8")
    (project / ".mcp.json").write_text(
        '{"mcpServers": {"crm-beta": {"command": "npx", "args": ["-y", "@acme/crm@beta"]},'
        ' "x": {"type": "http", "url": "https://mcp.crm-vendor.io/mcp"}}}', encoding="utf-8")
    config = str(project / ".mcplint.toml")
    scans = [[str(project), "--config", config, "--format", "json"],
             [str(project / ".mcp.json"), "--config", config, "--select", "ACME,MCP9"]]
    outcome = _drive(tmp_path, scans, jobs="1")
    assert outcome["attempts"] == []
    found = {f["rule"] for f in json.loads(outcome["results"][0]["output"])["findings"]}
    assert {"ACME101", "MCP901", "MCP902"} <= found
    assert outcome["results"][1]["exit"] == 1

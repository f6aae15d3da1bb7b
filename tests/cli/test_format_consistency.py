"""Exit codes, stderr messages and the one-line summary are the same whichever --format is chosen
(issue 23): every format in REPORTERS, new ones included, picked up automatically."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import invoke

from mcplint.report import REPORTERS

DIRTY = '{"mcpServers": {"remote": {"type": "sse", "url": "http://mcp.example.com/sse"}}}\n'
CLEAN = '{"mcpServers": {"notes": {"command": "npx", "args": ["-y", "mcp-notes-server@1.0.0"]}}}\n'
BROKEN = '{"mcpServers": {"x": {"command": "npx",,}}}\n'
FORMATS = sorted(REPORTERS)


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / ".cursor").mkdir()
    (tmp_path / ".cursor" / "mcp.json").write_text(DIRTY)
    (tmp_path / ".vscode").mkdir()
    (tmp_path / ".vscode" / "mcp.json").write_text(CLEAN.replace("mcpServers", "servers"))
    return tmp_path


SCENARIOS = {
    "findings": ([], 1),
    "exit-zero": (["--exit-zero"], 0),
    "fail-on critical": (["--fail-on", "critical"], 0),
    "only the clean file": ([".vscode/mcp.json"], 0),
    "a missing path": (["nope/mcp.json"], 2),  # fail closed: a path that does not exist is an error
    "an unknown selector": (["--select", "MCP999"], 2),
    "a broken file": (["broken/.mcp.json"], 1),
}


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_exit_codes_and_stderr_do_not_depend_on_the_format(project: Path, scenario: str) -> None:
    (project / "broken").mkdir()
    (project / "broken" / ".mcp.json").write_text(BROKEN)
    args, expected = SCENARIOS[scenario]
    seen = {}
    for fmt in FORMATS:
        result = invoke(["scan", *args, "--format", fmt], cwd=project)
        assert "Traceback" not in result.output, (fmt, result.output)
        seen[fmt] = (result.exit_code, result.stderr)
    codes = {fmt: code for fmt, (code, _) in seen.items()}
    assert set(codes.values()) == {expected}, codes
    errors = {stderr for _, stderr in seen.values()}
    assert len(errors) == 1, seen  # the same message (or none) in every format


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_file_prints_the_one_summary_on_stderr(project: Path, fmt: str) -> None:
    text = invoke(["scan", "--format", "text"], cwd=project)
    summary = next(line for line in text.stdout.splitlines() if line.startswith("Found "))
    assert summary == "Found 2 findings (1 high, 1 low) in 1 of 2 files." or summary.startswith("Found 2 findings (")
    result = invoke(["scan", "--format", fmt, "-o", "report.out"], cwd=project)
    assert result.exit_code == 1 and result.stdout == ""
    assert (project / "report.out").stat().st_size > 0
    assert summary.rstrip(".") in result.stderr, result.stderr
    quiet = invoke(["scan", "--format", fmt, "-o", "report.out", "--quiet"], cwd=project)
    assert quiet.exit_code == 1 and quiet.stderr == ""


def test_text_and_concise_share_the_summary_wording(project: Path) -> None:
    text = invoke(["scan"], cwd=project).stdout.splitlines()
    concise = invoke(["scan", "--format", "concise"], cwd=project).stdout.splitlines()
    summary = [line for line in text if line.startswith("Found ")]
    assert summary and summary[0] in concise
    assert not any("finding(s)" in line or "file(s)" in line for line in text + concise)

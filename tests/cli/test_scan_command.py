"""``mcplint scan``'s ruff-class options: standard input, --statistics, --quiet, -o's summary,
--group-by, "did you mean", and the progress line (a terminal only)."""

from __future__ import annotations

import io
import json
import re
import shutil
import time
from pathlib import Path

import pytest
from helpers import DIRTY, FIXTURES, invoke, run_cli, two_configs

from mcplint.cli.progress import progress, wanted

VSCODE_DIRTY = '{"servers": {"remote": {"type": "sse", "url": "http://mcp.example.com/sse"}}}'


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return two_configs(tmp_path)


# ------------------------------------------------------------------------------ standard input


def test_stdin_is_judged_as_the_named_file(tmp_path: Path) -> None:
    """The buffer, not the file on disk; the client from the path (VS Code's `servers`)."""
    (tmp_path / ".vscode").mkdir()
    (tmp_path / ".vscode" / "mcp.json").write_text('{"servers": {}}')  # the saved file is clean
    result = run_cli("scan", "-", "--stdin-filename", ".vscode/mcp.json", "-f", "json", cwd=tmp_path,
                     input=VSCODE_DIRTY)
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)
    assert data["files_scanned"] == 1
    [finding] = [f for f in data["findings"] if f["rule"] == "MCP201"]
    assert (finding["file"], finding["client"], finding["line"], finding["column"]) == (".vscode/mcp.json", "vscode", 1, 47)


def test_stdin_file_need_not_exist_and_its_folders_config_applies(tmp_path: Path) -> None:
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / ".mcplint.toml").write_text('ignore = ["MCP201"]\n')
    ignored = run_cli("scan", "-", "--stdin-filename", "web/.cursor/mcp.json", "-f", "json", cwd=tmp_path, input=DIRTY)
    assert not (tmp_path / "web" / ".cursor").exists()
    rules = {f["rule"] for f in json.loads(ignored.stdout)["findings"]}
    assert "MCP201" not in rules and ignored.returncode == 0, ignored.stdout + ignored.stderr
    elsewhere = run_cli("scan", "-", "--stdin-filename", ".cursor/mcp.json", "-f", "json", cwd=tmp_path, input=DIRTY)
    assert "MCP201" in {f["rule"] for f in json.loads(elsewhere.stdout)["findings"]}


def test_stdin_without_a_name_and_a_broken_buffer(tmp_path: Path) -> None:
    plain = invoke_stdin(["scan", "-", "-f", "concise"], DIRTY, tmp_path)
    assert plain.returncode == 1 and plain.stdout.startswith("-:1:50: MCP201 [high]")
    broken = invoke_stdin(["scan", "-", "--stdin-filename", ".cursor/mcp.json", "-f", "concise"], '{"mcpServers": {', tmp_path)
    assert broken.returncode == 1  # fail closed: an unreadable buffer is a finding, never a pass
    assert broken.stdout.startswith(".cursor/mcp.json:1:") and " MCP001 " in broken.stdout
    empty = invoke_stdin(["scan", "-", "--stdin-filename", ".cursor/mcp.json", "-f", "concise"], "", tmp_path)
    assert empty.returncode == 1 and " MCP001 " in empty.stdout


def test_stdin_over_the_size_limit_is_refused_unparsed(tmp_path: Path) -> None:
    from mcplint.load import MAX_FILE_BYTES

    huge = '{"mcpServers": {}, "pad": "' + "x" * MAX_FILE_BYTES + '"}'
    result = invoke_stdin(["scan", "-", "--stdin-filename", ".cursor/mcp.json", "-f", "concise"], huge, tmp_path)
    assert result.returncode == 1 and "MCP001" in result.stdout and "limit" in result.stdout


def invoke_stdin(args: list[str], text: str, cwd: Path):  # noqa: ANN201 - a CompletedProcess
    return run_cli(*args, cwd=cwd, input=text)


# ------------------------------------------------------------------------------ statistics, quiet, -o


def test_statistics_count_findings_per_rule(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "demo", tmp_path / "demo")
    listed = json.loads(run_cli("scan", "demo", "-f", "json", cwd=tmp_path).stdout)["findings"]
    expected: dict[str, int] = {}
    for finding in listed:
        expected[finding["rule"]] = expected.get(finding["rule"], 0) + 1
    result = run_cli("scan", "demo", "--statistics", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == len(expected)
    counted = {}
    for line in lines:
        match = re.fullmatch(r" *(\d+)  (MCP\d{3})  ([a-z0-9-]+)  \[(critical|high|medium|low|info)\]", line)
        assert match, line
        counted[match[2]] = int(match[1])
    assert counted == expected
    assert [int(line.split()[0]) for line in lines] == sorted(counted.values(), reverse=True)  # most frequent first
    as_json = json.loads(run_cli("scan", "demo", "--statistics", "-f", "json", cwd=tmp_path).stdout)
    assert {row["code"]: row["count"] for row in as_json} == expected
    assert all(set(row) == {"code", "name", "count"} for row in as_json)


def test_statistics_of_a_clean_scan_is_empty_and_exit_0(project: Path) -> None:
    result = invoke(["scan", ".mcp.json", "--statistics"], cwd=project)
    assert (result.exit_code, result.stdout) == (0, "")


def test_output_file_prints_its_summary_on_stderr_unless_quiet(project: Path) -> None:
    result = invoke(["scan", "-o", "report.json", "-f", "json"], cwd=project)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == "Found 1 finding (1 high) in 1 of 2 files.\n"
    assert json.loads((project / "report.json").read_text())["findings"][0]["rule"] == "MCP201"
    quiet = invoke(["scan", "-o", "report.json", "-f", "json", "--quiet"], cwd=project)
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (1, "", "")
    clean = invoke(["scan", ".mcp.json", "-o", "clean.txt"], cwd=project)
    assert clean.exit_code == 0 and clean.stderr == "No findings in 1 file.\n"
    dash = invoke(["scan", ".mcp.json", "-o", "-"], cwd=project)  # '-': standard output, as with init
    assert (dash.exit_code, dash.stdout, dash.stderr) == (0, "No findings in 1 file.\n", "")
    assert not (project / "-").exists()


def test_quiet_and_group_by_reach_the_reporter(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The text reporter reads these from ReportOptions (its own tests say what it does with them)."""
    import mcplint.report

    seen = []
    real = mcplint.report.render
    monkeypatch.setattr(mcplint.report, "render", lambda report, fmt, out, options: (seen.append(options),
                                                                                    real(report, fmt, out, options)))
    result = invoke(["scan", "--quiet", "--group-by", "rule"], cwd=project)
    assert result.exit_code == 1 and "MCP201" in result.stdout
    [options] = seen
    assert (options.quiet, options.group_by, options.color) == (True, "rule", False)


def test_text_reporter_with_quiet_is_only_the_findings(project: Path) -> None:
    result = invoke(["scan", "--quiet"], cwd=project)
    assert result.exit_code == 1 and "MCP201" in result.stdout
    assert "Found 1 finding" not in result.stdout and "exit 1" not in result.stdout
    assert "Found 1 finding" in invoke(["scan"], cwd=project).stdout


# ------------------------------------------------------------------------------ did you mean


@pytest.mark.parametrize(("option", "typo", "meant"), [
    ("--select", "hardcoded-secrets", "hardcoded-secret"),
    ("--ignore", "MCP-201", "MCP201"),
    ("--extend-select", "MCP1O1", "MCP101"),
    ("--ignore", "plaintext_remote_transport", "plaintext-remote-transport"),
])
def test_an_unknown_selector_suggests_the_close_one(project: Path, option: str, typo: str, meant: str) -> None:
    result = invoke(["scan", option, typo], cwd=project)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == f"mcplint: error: unknown rule selector {typo!r} (did you mean {meant!r}?)\n"


def test_an_unknown_selector_far_from_any_rule_gets_no_guess(project: Path) -> None:
    for selector in ("NOPE9", "MCP998", "zebra"):
        result = invoke(["scan", "--select", selector], cwd=project)
        assert result.stderr == f"mcplint: error: unknown rule selector {selector!r} (try 'mcplint rules')\n"


def test_a_config_selector_typo_is_suggested_too(project: Path) -> None:
    (project / ".mcplint.toml").write_text('ignore = ["hardcoded-secrets"]\n')
    result = invoke(["scan"], cwd=project)
    assert result.exit_code == 2 and "did you mean 'hardcoded-secret'?" in result.stderr


# ------------------------------------------------------------------------------ progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_line_appears_after_the_delay_and_is_erased() -> None:
    stream = _Terminal()
    with progress("scanning", stream, delay=0.05):
        time.sleep(0.5)
    text = stream.getvalue()
    assert text.startswith("\r") and "mcplint: scanning… 0s" in text
    assert text.endswith("\r\x1b[K")


def test_no_progress_line_for_a_short_run_or_when_disabled() -> None:
    stream = _Terminal()
    with progress("scanning", stream, delay=0.5):
        pass
    with progress("scanning", stream, enabled=False, delay=0):
        time.sleep(0.05)
    assert stream.getvalue() == ""


def test_progress_only_for_a_person_at_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert wanted(_Terminal()) and not wanted(io.StringIO()) and not wanted(_Terminal(), quiet=True)
    monkeypatch.setenv("CI", "true")
    assert not wanted(_Terminal())
    monkeypatch.delenv("CI")
    monkeypatch.setenv("TERM", "dumb")
    assert not wanted(_Terminal())


def test_a_piped_scan_writes_nothing_but_the_report(project: Path) -> None:
    result = run_cli("scan", cwd=project)
    assert result.returncode == 1 and result.stderr == ""

"""Baselines end to end: --write-baseline records, --baseline hides; identity never uses lines."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import run_cli

from mcplint.baseline import Baseline, BaselineError, filter_findings, load
from mcplint.model import Finding

TOKEN = "ghp_" + "Zq8RtY2uWx4Vb6Nm1Lk3Jh5Gf7Ds9A49zj2y"  # a made-up GitHub token shape
SELECT = ("--select", "MCP101,MCP201,MCP301")


def _config(*servers: tuple[str, str]) -> str:
    return '{"mcpServers": {\n' + ",\n".join(f'  "{name}": {body}' for name, body in servers) + "\n}}\n"


WEB = ("web", '{"type": "sse", "url": "http://web.example.com/sse"}')
GH = ("github", '{"command": "docker", "args": ["run", "-i", "--rm", "ghcr.io/github/github-mcp-server:v0.5.0"], '
                '"env": {"GITHUB_PERSONAL_ACCESS_TOKEN": "%s"}}' % TOKEN)
FS = ("fs", '{"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem@2025.7.1", "/"]}')


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / ".cursor").mkdir()
    (tmp_path / ".cursor" / "mcp.json").write_text(_config(WEB, GH, FS))
    return tmp_path


def _scan(root: Path, *args: str, cwd: Path | None = None) -> tuple[int, list[tuple[str, str | None]], dict]:
    result = run_cli("scan", "--isolated", "--format", "json", *SELECT, *args, cwd=cwd or root)
    assert result.returncode in (0, 1), result.stderr
    data = json.loads(result.stdout)
    return result.returncode, sorted((f["rule"], f["server"]) for f in data["findings"]), data


def _write(root: Path, target: str = "mcplint-baseline.json", cwd: Path | None = None, *args: str) -> Path:
    result = run_cli("scan", "--isolated", *SELECT, *args, "--write-baseline", target, cwd=cwd or root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""  # no report: only the note on stderr
    assert "wrote 3 findings" in result.stderr
    return (cwd or root) / target


def test_write_baseline_format_holds_no_secret(project: Path) -> None:
    code, found, _ = _scan(project)
    assert code == 1 and len(found) == 3
    path = _write(project)
    text = path.read_text()
    data = json.loads(text)
    assert data["version"] == 1 and data["generated_by"].startswith("mcplint ")
    assert [set(entry) for entry in data["findings"]] == [{"rule", "file", "server", "fingerprint"}] * 3
    assert [(e["rule"], e["file"], e["server"]) for e in data["findings"]] == [
        ("MCP101", ".cursor/mcp.json", "github"), ("MCP201", ".cursor/mcp.json", "web"), ("MCP301", ".cursor/mcp.json", "fs"),
    ]
    assert TOKEN not in text and TOKEN[:8] not in text and TOKEN[-6:] not in text
    assert "example.com" not in text  # no message text either
    assert text.endswith("\n") and text == json.dumps(data, indent=2) + "\n"


def test_baseline_hides_known_findings_and_reports_new_ones(project: Path) -> None:
    _write(project)
    code, found, data = _scan(project, "--baseline", "mcplint-baseline.json")
    assert (code, found) == (0, []) and data["summary"]["suppressed"] == 3
    new = ("new", '{"type": "http", "url": "http://new.example.com/mcp"}')
    (project / ".cursor" / "mcp.json").write_text(_config(WEB, GH, FS, new))
    code, found, _ = _scan(project, "--baseline", "mcplint-baseline.json")
    assert (code, found) == (1, [("MCP201", "new")])


def test_moving_lines_reformatting_and_reordering_resurrect_nothing(project: Path) -> None:
    _write(project)
    path = project / ".cursor" / "mcp.json"
    reordered = json.loads(path.read_text())
    reordered["mcpServers"] = dict(reversed(list(reordered["mcpServers"].items())))
    path.write_text("\n\n" + json.dumps(reordered, indent=4) + "\n")
    code, found, data = _scan(project, "--baseline", "mcplint-baseline.json")
    assert (code, found) == (0, []) and data["summary"]["suppressed"] == 3


def test_changing_the_flagged_value_brings_it_back(project: Path) -> None:
    _write(project)
    other = ("web", '{"type": "sse", "url": "http://other.example.com/sse"}')
    (project / ".cursor" / "mcp.json").write_text(_config(other, GH, FS))
    assert _scan(project, "--baseline", "mcplint-baseline.json")[1] == [("MCP201", "web")]
    # the same value under another server name is another finding too
    renamed = ("web2", WEB[1])
    (project / ".cursor" / "mcp.json").write_text(_config(renamed, GH, FS))
    assert _scan(project, "--baseline", "mcplint-baseline.json")[1] == [("MCP201", "web2")]


def test_paths_are_relative_to_the_baseline_folder(project: Path) -> None:
    (project / "ci").mkdir()
    _write(project, "ci/baseline.json")
    entries = json.loads((project / "ci" / "baseline.json").read_text())["findings"]
    assert {e["file"] for e in entries} == {"../.cursor/mcp.json"}
    # run from another directory, with other display paths: the same findings match
    code, found, _ = _scan(project, "--baseline", "baseline.json", "..", cwd=project / "ci")
    assert (code, found) == (0, [])
    code, found, _ = _scan(project, "--baseline", str(project / "ci" / "baseline.json"), str(project), cwd=project.parent)
    assert (code, found) == (0, [])
    # and a moved checkout (another absolute root) still matches
    moved = project.parent / "moved"
    shutil.copytree(project, moved)
    assert _scan(moved, "--baseline", "ci/baseline.json")[1] == []


def test_baseline_from_config_is_relative_to_the_config(project: Path) -> None:
    (project / "sub").mkdir()
    _write(project, ".mcplint-baseline.json")
    (project / ".mcplint.toml").write_text('baseline = ".mcplint-baseline.json"\n')
    result = run_cli("scan", "--format", "json", *SELECT, "..", cwd=project / "sub")
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout)["summary"]["suppressed"] == 3
    # --write-baseline refreshes it: the configured baseline is not applied while writing
    result = run_cli("scan", *SELECT, "--write-baseline", ".mcplint-baseline.json", cwd=project)
    assert result.returncode == 0 and len(json.loads((project / ".mcplint-baseline.json").read_text())["findings"]) == 3


def test_inline_suppressed_findings_are_not_recorded(tmp_path: Path) -> None:
    (tmp_path / ".vscode").mkdir()
    (tmp_path / ".vscode" / "mcp.json").write_text(
        '{"servers": {\n  // mcplint: ignore[MCP201] lab\n  "a": {"type": "sse", "url": "http://a.example.com/sse"},\n'
        '  "b": {"type": "sse", "url": "http://b.example.com/sse"}\n}}\n')
    result = run_cli("scan", "--isolated", "--select", "MCP201", "--write-baseline", "b.json", cwd=tmp_path)
    assert result.returncode == 0
    assert [e["server"] for e in json.loads((tmp_path / "b.json").read_text())["findings"]] == ["b"]


def test_baseline_suppressions_in_sarif(project: Path) -> None:
    _write(project)
    base = ["scan", "--isolated", *SELECT, "--format", "sarif", "--baseline", "mcplint-baseline.json"]
    assert json.loads(run_cli(*base, cwd=project).stdout)["runs"][0]["results"] == []
    results = json.loads(run_cli(*base, "--report-suppressed", cwd=project).stdout)["runs"][0]["results"]
    assert len(results) == 3
    assert {r["suppressions"][0]["kind"] for r in results} == {"external"}
    assert all("baseline" in r["suppressions"][0]["justification"] for r in results)


@pytest.mark.parametrize(("content", "message"), [
    (None, "baseline file not found"),
    ("{not json", "invalid JSON"),
    ('{"version": 2, "findings": []}', "version 2 is not supported"),
    ('{"findings": []}', "not an mcplint baseline"),
    ('{"version": 1, "findings": [{"rule": "MCP201"}]}', "findings[0] has no 'fingerprint'"),
])
def test_unusable_baselines_exit_2(project: Path, content: str | None, message: str) -> None:
    if content is not None:
        (project / "b.json").write_text(content)
    result = run_cli("scan", "--baseline", "b.json", cwd=project)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr
    with pytest.raises(BaselineError, match=message.replace("[", r"\[")):
        load(project / "b.json")


def test_identical_findings_are_counted() -> None:
    def finding() -> Finding:
        return Finding("MCP101", "hardcoded-secret", "high", "a.json", 1, 1, "m", server="s", pointer="/x")

    from mcplint.baseline import identity

    key = identity(finding(), Path("/p/a.json"), Path("/p"), {"x": "v"})[1]
    baseline = Baseline(Path("/p/b.json"))
    baseline.counts[key] = 1
    new, known = filter_findings(baseline, [finding(), finding()], lambda f: (Path("/p/a.json"), {"x": "v"}))
    assert len(new) == 1 and len(known) == 1 and known[0].suppression is not None

"""Selection and config-level ignores end to end: select / extend-select / ignore / fail-on /
exit-zero on the command line and in .mcplint.toml or [tool.mcplint], per-file-ignores,
per-server-ignores and exclude."""

from __future__ import annotations

import json
import random
from pathlib import Path
from types import SimpleNamespace

import pytest
from helpers import run_cli

from mcplint.secrets import redact
from mcplint.config import Config
from mcplint.model import Finding, Report
from mcplint.filter import apply
from mcplint.discover import excluded_by
from mcplint.globs import glob_matches, name_matches, pattern_matches

HTTP = '{"type": "http", "url": "http://%s.example.com/mcp"}'
FS_ROOT = '{"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem@2025.7.1", "/"]}'
DB_WRITE = '{"command": "uvx", "args": ["postgres-mcp==0.3.0", "--access-mode=unrestricted"]}'


def _servers(**servers: str) -> str:
    return '{"mcpServers": {\n' + ",\n".join(f'  "{k}": {v}' for k, v in servers.items()) + "\n}}\n"


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """Three files: a high (MCP201), high (MCP301) and medium (MCP401) finding at the top; MCP201 in sub/."""
    (tmp_path / ".cursor").mkdir()
    (tmp_path / ".cursor" / "mcp.json").write_text(_servers(web=HTTP % "web", fs=FS_ROOT, db=DB_WRITE))
    (tmp_path / "sub" / ".cursor").mkdir(parents=True)
    (tmp_path / "sub" / ".cursor" / "mcp.json").write_text(_servers(web=HTTP % "sub", local=HTTP % "local"))
    return tmp_path


def _scan(root: Path, *args: str, config: str | None = None, name: str = ".mcplint.toml") -> tuple[int, list[tuple[str, str, str]], dict]:
    if config is not None:
        (root / name).write_text(config)
    result = run_cli("scan", "--format", "json", *args, cwd=root)
    assert result.returncode in (0, 1), result.stderr
    data = json.loads(result.stdout)
    return result.returncode, sorted((f["rule"], f["file"], f["server"]) for f in data["findings"]), data


def _rules(found: list[tuple[str, str, str]]) -> set[str]:
    """The rules found among MCP201, MCP301, MCP401 (other rules may join the pack any time)."""
    return {rule for rule, _file, _server in found} & TRACKED


TRACKED = {"MCP201", "MCP301", "MCP401"}
ONLY = "MCP201,MCP301,MCP401"


# --- selection on the command line ------------------------------------------------------------

def test_select_by_prefix_id_and_name(project: Path) -> None:
    found = _scan(project, "--select", "MCP3")[1]
    assert _rules(found) == {"MCP301"} and all(rule.startswith("MCP3") for rule, _, _ in found)
    found = _scan(project, "--select", "MCP30,MCP401")[1]
    assert _rules(found) == {"MCP301", "MCP401"} and all(r.startswith(("MCP30", "MCP401")) for r, _, _ in found)
    found = _scan(project, "--select", "plaintext-remote-transport")[1]
    assert {rule for rule, _, _ in found} == {"MCP201"}


def test_extend_select_and_ignore(project: Path) -> None:
    found = _scan(project, "--select", "MCP301", "--extend-select", "MCP401")[1]
    assert {rule for rule, _, _ in found} == {"MCP301", "MCP401"}
    found = _scan(project, "--ignore", "MCP2,MCP4")[1]
    assert _rules(found) == {"MCP301"} and not [r for r, _, _ in found if r.startswith(("MCP2", "MCP4"))]
    # ignore wins over select, as in ruff
    found = _scan(project, "--select", "MCP201,MCP301", "--ignore", "MCP20")[1]
    assert {rule for rule, _, _ in found} == {"MCP301"}


def test_fail_on_and_exit_zero(project: Path) -> None:
    assert _scan(project, "--select", "MCP401")[0] == 1  # medium >= default low
    assert _scan(project, "--select", "MCP401", "--fail-on", "high")[0] == 0
    assert _scan(project, "--select", "MCP201,MCP401", "--fail-on", "high")[0] == 1
    assert _scan(project, "--select", "MCP201", "--fail-on", "critical")[0] == 0
    assert _scan(project, "--exit-zero")[0] == 0


def test_unknown_selector_is_a_usage_error(project: Path) -> None:
    result = run_cli("scan", "--select", "MCP9999", cwd=project)
    assert result.returncode == 2 and "MCP9999" in result.stderr and "Traceback" not in result.stderr


# --- the same keys in the configuration --------------------------------------------------------

def test_config_select_ignore_and_fail_on(project: Path) -> None:
    config = 'select = ["MCP201", "MCP401"]\nignore = ["MCP201"]\nfail-on = "high"\n'
    code, found, _ = _scan(project, config=config)
    assert {rule for rule, _, _ in found} == {"MCP401"}
    assert code == 0  # medium < fail-on high
    # the command line replaces the config's select (ruff's precedence) and keeps its ignore
    assert {rule for rule, _, _ in _scan(project, "--select", "MCP201,MCP301")[1]} == {"MCP301"}
    assert _scan(project, "--select", "MCP401", "--fail-on", "medium")[0] == 1


def test_config_exit_zero_and_format(project: Path) -> None:
    (project / ".mcplint.toml").write_text('select = ["MCP201"]\nexit-zero = true\nformat = "concise"\n')
    result = run_cli("scan", cwd=project)
    assert result.returncode == 0
    assert result.stdout.startswith(".cursor/mcp.json:2:")  # concise, from the config
    assert json.loads(run_cli("scan", "--format", "json", cwd=project).stdout)["findings"]  # the command line wins
    assert run_cli("scan", "--isolated", "--select", "MCP201", cwd=project).returncode == 1
    (project / ".mcplint.toml").write_text('exit-zero = "yes"\n')
    bad = run_cli("scan", cwd=project)
    assert bad.returncode == 2 and ".mcplint.toml:1" in bad.stderr


def test_config_in_pyproject_and_isolated(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.mcplint]\nselect = ["MCP201", "MCP301", "MCP401"]\nignore = ["MCP3", "MCP4"]\n')
    assert {rule for rule, _, _ in _scan(project)[1]} == {"MCP201"}
    assert _rules(_scan(project, "--isolated")[1]) == TRACKED


# --- per-file-ignores -----------------------------------------------------------------------

def test_per_file_ignores_are_relative_to_the_config_folder(project: Path) -> None:
    config = '[per-file-ignores]\n"sub/**" = ["MCP2"]\n'
    found = _scan(project, "--select", ONLY, config=config)[1]
    assert ("MCP201", ".cursor/mcp.json", "web") in found
    assert not [f for f in found if f[1].startswith("sub/")]
    # run from a sub folder with the config named explicitly: the same files are ignored
    result = run_cli("scan", "--format", "json", "--select", ONLY, "--config", "../.mcplint.toml", ".", "..", cwd=project / "sub")
    data = json.loads(result.stdout)
    assert {f["file"] for f in data["findings"]} == {(project / ".cursor" / "mcp.json").as_posix()}
    assert data["summary"]["suppressed"] == 2


def test_per_file_ignores_negation_and_file_name_patterns(project: Path) -> None:
    # "!sub/**": every file that is NOT under sub/ ignores MCP3 and MCP4
    found = _scan(project, "--select", ONLY, config='[per-file-ignores]\n"!sub/**" = ["MCP3", "database-write-access"]\n')[1]
    assert {rule for rule, _, _ in found} == {"MCP201"}
    # a pattern without a folder matches the file name anywhere (ruff's basename match)
    found = _scan(project, "--select", ONLY, config='[per-file-ignores]\n"mcp.json" = ["MCP201"]\n')[1]
    assert {rule for rule, _, _ in found} == {"MCP301", "MCP401"}


def test_per_file_ignores_unknown_rule_is_a_config_error(project: Path) -> None:
    (project / ".mcplint.toml").write_text('[per-file-ignores]\n"sub/**" = ["MCP2"]\n"x" = ["MCP77"]\n')
    result = run_cli("scan", cwd=project)
    assert result.returncode == 2
    assert ".mcplint.toml:3" in result.stderr and "MCP77" in result.stderr


# --- per-server-ignores ---------------------------------------------------------------------

def test_per_server_ignores_match_server_names(project: Path) -> None:
    code, found, data = _scan(project, "--select", "MCP201", config='[per-server-ignores]\n"local*" = ["MCP201"]\n')
    assert ("MCP201", "sub/.cursor/mcp.json", "web") in found
    assert not [f for f in found if f[2] == "local"]
    assert data["summary"]["suppressed"] == 1
    # negated: ignore MCP201 on every server except "web"
    found = _scan(project, "--select", "MCP201", config='[per-server-ignores]\n"!web" = ["MCP2"]\n')[1]
    assert {f[2] for f in found} == {"web"} and len(found) == 2


def test_config_suppressions_reach_sarif_as_external(project: Path) -> None:
    (project / ".mcplint.toml").write_text('[per-server-ignores]\n"fs" = ["MCP301"]\n')
    result = run_cli("scan", "--format", "sarif", "--report-suppressed", "--select", "MCP301", cwd=project)
    results = json.loads(result.stdout)["runs"][0]["results"]
    assert [r["suppressions"][0]["kind"] for r in results] == ["external"]
    assert "per-server-ignores 'fs'" in results[0]["suppressions"][0]["justification"]
    assert result.returncode == 0


# --- exclude ----------------------------------------------------------------------------------

def test_exclude_globs_skip_discovery_and_named_files(project: Path) -> None:
    _code, _found, data = _scan(project, config='exclude = ["sub"]\n')
    assert data["files_scanned"] == 1
    # a file named on the command line is excluded too (pre-commit passes files by name)
    result = run_cli("scan", "--format", "json", "sub/.cursor/mcp.json", ".cursor/mcp.json", "--select", "MCP201", cwd=project)
    assert json.loads(result.stdout)["files_scanned"] == 1


# --- glob semantics (unit) ------------------------------------------------------------------

@pytest.mark.parametrize(("pattern", "path", "expected"), [
    ("sub/**", "sub/.cursor/mcp.json", True),
    ("sub/*", "sub/.cursor/mcp.json", True),  # ruff: * crosses folders
    ("sub/*.json", "other/sub/x.json", False),  # anchored at the config folder
    ("**/mcp.json", "mcp.json", True),
    ("**/mcp.json", "a/b/mcp.json", True),
    ("mcp.json", "deep/er/mcp.json", True),  # file-name match
    ("*.{json,jsonc}", "a/settings.jsonc", True),
    (".vscode/[ms]*.json", ".vscode/settings.json", True),
    (".vscode/[!ms]*.json", ".vscode/settings.json", False),
    ("./fixtures/", "fixtures/x/mcp.json", False),  # a folder matches files below only via `exclude`
])
def test_glob_semantics(tmp_path: Path, pattern: str, path: str, expected: bool) -> None:
    assert glob_matches(pattern, tmp_path / path, tmp_path) is expected


def test_exclude_matches_parent_folders_and_negation(tmp_path: Path) -> None:
    config = Config(path=tmp_path / ".mcplint.toml", exclude=["fixtures/", "vendor"])
    assert excluded_by(tmp_path / "fixtures" / "x" / "mcp.json", config) == "fixtures/"
    assert excluded_by(tmp_path / "a" / "vendor" / "mcp.json", config) == "vendor"  # a folder name anywhere
    assert excluded_by(tmp_path / "src" / "mcp.json", config) is None
    assert excluded_by(tmp_path / "src" / "mcp.json", None) is None
    assert pattern_matches("!sub/**", tmp_path / "x.json", tmp_path)
    assert not pattern_matches("!sub/**", tmp_path / "sub" / "x.json", tmp_path)
    assert name_matches("local-*", "local-db") and not name_matches("local-*", "prod")
    assert name_matches("!prod", "local") and not name_matches("!prod", "prod")


def test_the_documented_example_configuration_is_valid(project: Path) -> None:
    text = (Path(__file__).resolve().parent.parent / "docs" / "configuration.md").read_text()
    example = text.split("```toml\n", 1)[1].split("```", 1)[0]
    (project / "mcplint-rules").mkdir()
    assert run_cli("scan", "--isolated", "--write-baseline", ".mcplint-baseline.json", cwd=project).returncode == 0
    (project / ".mcplint.toml").write_text(example)
    result = run_cli("scan", "--format", "json", cwd=project)
    assert result.returncode == 0, result.stderr  # every finding is in the baseline
    assert json.loads(result.stdout)["summary"]["suppressed"] >= 3


# --------------------------------------------------------------------- fail closed (issue 15)

TOKEN = "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"
BROKEN = ('{"mcpServers": {"github": {"command": "npx" "args": ["-y", "@modelcontextprotocol/server-github@2025.4.8"],\n'
          f'  "env": {{"GITHUB_PERSONAL_ACCESS_TOKEN": "{TOKEN}"}}}}}}}}\n')


def _broken(tmp_path: Path, text: str = BROKEN, name: str = ".cursor/mcp.json") -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode())
    return tmp_path


@pytest.mark.parametrize("args", [[], ["--select", "MCP1,MCP2"], ["--fail-on", "high"], ["--select", "MCP1,MCP2", "--fail-on", "high"]])
def test_a_file_that_does_not_parse_still_has_its_secrets_found(tmp_path: Path, args: list[str]) -> None:
    root = _broken(tmp_path)
    result = run_cli("scan", "-f", "json", *args, cwd=root)
    assert result.returncode == 1, result.stderr
    found = {(f["rule"], f["severity"], f["line"], f["column"]) for f in json.loads(result.stdout)["findings"]}
    assert ("MCP101", "critical", 2, 44) in found
    assert ("MCP001", "high", 1, 45) in found
    text = run_cli("scan", *args, cwd=root).stdout
    assert TOKEN not in text and TOKEN not in result.stdout
    words = " ".join(text.split())  # the text report wraps messages to the width
    assert redact(TOKEN) in words and "does not parse" in words


def test_raw_text_secrets_in_yaml_and_toml_and_placeholders_stay_silent(tmp_path: Path) -> None:
    _broken(tmp_path, f"mcpServers:\n  - name: gh\n    env:\n      GITHUB_TOKEN: {TOKEN}\n    args: [unclosed\n",
            ".continue/mcpServers/gh.yaml")
    _broken(tmp_path, f'[mcp_servers.gh]\r\nenv = {{ GITHUB_TOKEN = "{TOKEN}" \r\n', ".codex/config.toml")
    _broken(tmp_path, '{"mcpServers": {"a": {"env": {"TOKEN": "${env:GITHUB_TOKEN}", "B": "${input:pat}"}}\n', ".mcp.json")
    data = json.loads(run_cli("scan", "-f", "json", cwd=tmp_path).stdout)
    secrets = sorted((f["file"], f["line"], f["column"]) for f in data["findings"] if f["rule"] == "MCP101")
    assert secrets == [(".codex/config.toml", 2, 25), (".continue/mcpServers/gh.yaml", 4, 21)]
    assert {f["file"] for f in data["findings"] if f["rule"] == "MCP001"} == {
        ".codex/config.toml", ".continue/mcpServers/gh.yaml", ".mcp.json"}


def test_mcp001_survives_select_ignore_inline_and_baseline_but_not_per_file_ignores(tmp_path: Path) -> None:
    root = _broken(tmp_path, '{"mcpServers": {"a": {"command": "node"} // mcplint: ignore\n')
    for args in (["--ignore", "MCP001"], ["--select", "MCP2"], ["--ignore", "ALL", "--extend-select", "MCP2"]):
        result = run_cli("scan", "-f", "concise", "--fail-on", "high", *args, cwd=root)
        assert result.returncode == 1 and "MCP001 [high]" in result.stdout, (args, result.stdout, result.stderr)
    (root / ".mcplint.toml").write_text('ignore = ["MCP001"]\n')
    assert run_cli("scan", "--fail-on", "high", cwd=root).returncode == 1
    assert run_cli("scan", "--write-baseline", "b.json", cwd=root).returncode == 0
    assert "MCP001" in run_cli("scan", "-f", "concise", "--baseline", "b.json", cwd=root).stdout
    (root / ".mcplint.toml").write_text('[per-server-ignores]\n"*" = ["MCP001"]\n')
    assert run_cli("scan", cwd=root).returncode == 1
    (root / ".mcplint.toml").write_text('[per-file-ignores]\n".cursor/*" = ["MCP001"]\n')
    assert run_cli("scan", cwd=root).returncode == 0
    (root / ".mcplint.toml").write_text('exclude = [".cursor"]\n')
    assert run_cli("scan", cwd=root).returncode == 0


CENTRAL = '[policy]\n[[policy.blocked]]\npackage = "npm:evil-mcp"\nreason = "exfiltrates tokens"\n'
GOVERNED = ('{"mcpServers": {\n'
            '  "evil": {"command": "npx", "args": ["-y", "evil-mcp@1.0.0"]}, // mcplint: ignore[MCP702]\n'
            '  "postmark": {"command": "npx", "args": ["-y", "postmark-mcp@1.0.16"]} // mcplint: ignore\n'
            '}}\n')


@pytest.mark.parametrize("config", [
    'ignore = ["MCP702", "MCP502"]\n', 'ignore = ["MCP7", "MCP5"]\n', 'select = ["MCP1"]\n',
    '[per-server-ignores]\n"*" = ["MCP7", "MCP5"]\n', '[per-file-ignores]\n"**" = ["ALL"]\n', "",
])
def test_a_central_policy_cannot_be_undone_by_the_project(tmp_path: Path, config: str) -> None:
    (tmp_path / "central.toml").write_text(CENTRAL)
    project = tmp_path / "app"
    # VS Code reads JSONC: its inline ignores are honoured, except for these two
    _broken(project, GOVERNED.replace('"mcpServers"', '"servers"'), ".vscode/mcp.json")
    (project / ".mcplint.toml").write_text(config)
    env = {"MCPLINT_POLICY": str(tmp_path / "central.toml")}
    result = run_cli("scan", "-f", "json", "--fail-on", "high", cwd=project, env=env)
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)
    assert {f["rule"] for f in data["findings"]} >= {"MCP702", "MCP502"}
    assert len(data["notes"]) == 1 and "refused" in data["notes"][0]
    assert "refused" in run_cli("scan", cwd=project, env=env).stdout  # the text report says so too


def test_a_baseline_cannot_hide_a_central_block(tmp_path: Path) -> None:
    project = _broken(tmp_path, GOVERNED.replace(" // mcplint: ignore[MCP702]", "").replace(" // mcplint: ignore", ""))
    # recorded while the block was the project's own (no central policy): the baseline holds it
    (project / ".mcplint.toml").write_text(CENTRAL)
    assert run_cli("scan", "--write-baseline", "b.json", cwd=project).returncode == 0
    assert "MCP702" in (project / "b.json").read_text() and "MCP502" not in (project / "b.json").read_text()
    assert run_cli("scan", "--baseline", "b.json", "--select", "MCP7", cwd=project).returncode == 0
    (project / ".mcplint.toml").unlink()
    (tmp_path / "central.toml").write_text(CENTRAL)
    env = {"MCPLINT_POLICY": str(tmp_path / "central.toml")}
    result = run_cli("scan", "-f", "json", "--baseline", "b.json", cwd=project, env=env)
    data = json.loads(result.stdout)
    assert result.returncode == 1 and {"MCP702", "MCP502"} <= {f["rule"] for f in data["findings"]}
    assert "1 attempt to deselect or suppress MCP702 was refused" in data["notes"][0]
    # written under the central policy, a baseline holds neither
    assert run_cli("scan", "--write-baseline", "c.json", cwd=project, env=env).returncode == 0
    assert "MCP7" not in (project / "c.json").read_text() and "MCP5" not in (project / "c.json").read_text()


def test_jsonc_in_a_strict_json_clients_file_is_reported_and_its_inline_ignores_are_not_honoured(tmp_path: Path) -> None:
    text = ('{"mcpServers": {\n  // the web server\n  "web": {"url": "http://mcp.example.com/sse"}, // mcplint: ignore\n'
            '  "b": {"command": "node", "args": ["x.js",]},\n}}\n')
    for name in (".cursor/mcp.json", ".mcp.json", "claude_desktop_config.json"):
        root = _broken(tmp_path / name.replace("/", "_"), text, name)
        result = run_cli("scan", "-f", "json", cwd=root)
        found = [(f["rule"], f["line"], f["column"]) for f in json.loads(result.stdout)["findings"]]
        assert [f for f in found if f[0] == "MCP004"] == [("MCP004", 2, 3), ("MCP004", 3, 49), ("MCP004", 4, 43),
                                                           ("MCP004", 4, 46)], name
        assert ("MCP201", 3, 18) in found  # the ignore on its line is not honoured
        assert "will fail to load it" in run_cli("scan", cwd=root).stdout
    # VS Code reads JSONC: no MCP004, and the ignore is honoured
    root = _broken(tmp_path / "vscode", text.replace('"mcpServers"', '"servers"'), ".vscode/mcp.json")
    rules = {f["rule"] for f in json.loads(run_cli("scan", "-f", "json", cwd=root).stdout)["findings"]}
    assert "MCP004" not in rules and "MCP201" not in rules


def test_filter_sorts_whatever_order_the_findings_come_in() -> None:
    findings = [Finding(f"MCP{100 + i % 7}", "n", ("low", "high", "critical")[i % 3], f"f{i % 5}.json", i % 4 + 1,
                        i % 3 + 1, f"m{i % 2}") for i in range(60)]
    options = SimpleNamespace(config=None, rules={})
    shuffled = findings[:]
    random.Random(3).shuffle(shuffled)
    ordered = apply(Report("1", 5, shuffled, {}), [], options).findings
    assert ordered == apply(Report("1", 5, sorted(findings, key=lambda f: f.message), {}), [], options).findings
    assert [(f.file, f.line, f.column) for f in ordered] == sorted((f.file, f.line, f.column) for f in findings)

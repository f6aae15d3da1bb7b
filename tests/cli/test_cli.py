"""End to end through the real command line: install entry points, exit codes, every format."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from mcplint.report import REPORTERS
from helpers import DIRTY, FIXTURES, SARIF_SCHEMA, invoke, run_cli, two_configs

from mcplint import __version__
from mcplint.cli import cli



@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return two_configs(tmp_path)


def test_version_help_and_module_entry_point() -> None:
    assert run_cli("--version").stdout.strip().endswith(__version__)
    help_text = run_cli("--help").stdout
    assert "scan" in help_text and "rules" in help_text and "inventory" in help_text
    assert "Examples:" in help_text and "mcplint scan --machine" in help_text
    scan_help = run_cli("scan", "--help").stdout
    for option in ("--format", "--output", "--fail-on", "--exit-zero", "--select", "--ignore", "Examples"):
        assert option in scan_help


def test_exit_1_on_findings_and_0_when_clean(project: Path) -> None:
    dirty = run_cli("scan", ".cursor/mcp.json", cwd=project)
    assert dirty.returncode == 1, dirty.stderr
    assert "MCP201" in dirty.stdout and ".cursor/mcp.json" in dirty.stdout
    assert "Found 1 finding" in dirty.stdout
    clean = run_cli("scan", ".mcp.json", cwd=project)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "No findings in 1 file" in clean.stdout


def test_directory_scan_defaults_to_current_directory(project: Path) -> None:
    result = run_cli("scan", "-f", "json", cwd=project)
    data = json.loads(result.stdout)
    assert data["files_scanned"] == 2
    assert {f["file"] for f in data["findings"]} == {".cursor/mcp.json"}


def test_fail_on_and_exit_zero(project: Path) -> None:
    assert run_cli("scan", "--fail-on", "critical", cwd=project).returncode == 0
    assert run_cli("scan", "--exit-zero", cwd=project).returncode == 0
    assert run_cli("scan", "--fail-on", "high", cwd=project).returncode == 1


def test_usage_errors_exit_2_without_traceback(project: Path) -> None:
    for args in (["scan", "--format", "xml"], ["scan", "--select", "NOPE9"], ["rule", "MCP998"]):
        result = run_cli(*args, cwd=project)
        assert result.returncode == 2, args
        assert "Traceback" not in result.stderr


def test_broken_file_is_one_finding_and_the_rest_is_still_scanned(project: Path) -> None:
    (project / ".vscode").mkdir()
    (project / ".vscode" / "mcp.json").write_text('{"servers": {\n  "a": {"command": "x",}\n  "b": {}\n}}')
    result = run_cli("scan", "-f", "json", cwd=project)
    assert result.returncode == 1
    findings = json.loads(result.stdout)["findings"]
    [broken] = [f for f in findings if f["rule"] == "MCP001"]
    assert (broken["file"], broken["line"], broken["column"]) == (".vscode/mcp.json", 3, 3)
    assert any(f["rule"] == "MCP201" for f in findings)
    assert "Traceback" not in result.stderr


def test_missing_path_is_a_usage_error_not_a_finding(project: Path) -> None:
    """Fail closed: a finding could be passed by --fail-on high; a usage error cannot."""
    for args in (["nope.json", ".mcp.json"], ["no/such/dir", "--fail-on", "critical"], ["--select", "MCP2", "gone"]):
        result = run_cli("scan", "-f", "concise", *args, cwd=project)
        assert result.returncode == 2, args
        assert result.stdout == ""
        [line] = result.stderr.splitlines()
        assert line.startswith("mcplint: error: ") and "no such file or directory" in line, line
    assert "nope.json" in run_cli("scan", "nope.json", cwd=project).stderr


def test_output_into_a_missing_folder_is_a_usage_error(project: Path) -> None:
    # (init creates its output's folder: `mcplint init -o policy/central.toml`)
    for command in (["scan", "-f", "sarif"], ["inventory"], ["scan", "--write-baseline"]):
        target = project / "no" / "such" / "out.txt"
        if command[-1] == "--write-baseline":
            result = run_cli(*command, str(target), cwd=project)
        else:
            result = run_cli(*command, "-o", str(target), cwd=project)
        assert result.returncode == 2, command
        assert "does not exist" in result.stderr and "internal error" not in result.stderr
        assert "Traceback" not in result.stderr
        assert not target.parent.exists()


def test_json_contract(project: Path) -> None:
    data = json.loads(run_cli("scan", "--format", "json", cwd=project).stdout)
    assert data["version"] == __version__
    [finding] = data["findings"]
    for key in ("rule", "name", "severity", "file", "line", "column", "server", "client", "message", "fingerprint"):
        assert key in finding
    assert (finding["rule"], finding["name"], finding["server"], finding["client"]) == (
        "MCP201", "plaintext-remote-transport", "remote", "cursor")
    assert (finding["line"], finding["column"]) == (1, 50)


def test_fingerprint_ignores_unrelated_line_moves(project: Path) -> None:
    before = json.loads(run_cli("scan", "-f", "json", cwd=project).stdout)["findings"][0]["fingerprint"]
    (project / ".cursor" / "mcp.json").write_text("\n\n" + DIRTY.replace("{", "{\n  ", 1))
    after = json.loads(run_cli("scan", "-f", "json", cwd=project).stdout)["findings"][0]
    assert after["line"] != 1
    assert after["fingerprint"] == before


def test_sarif_is_valid_against_the_official_schema(project: Path, tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    out = project / "out.sarif"
    result = run_cli("scan", "--format", "sarif", "-o", str(out), cwd=project)
    assert result.returncode == 1 and result.stdout == ""
    log = json.loads(out.read_text())
    jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text())).validate(log)
    run = log["runs"][0]
    [res] = run["results"]
    rule = run["tool"]["driver"]["rules"][res["ruleIndex"]]
    assert rule["id"] == res["ruleId"] == "MCP201"
    assert rule["properties"]["security-severity"] == "8.0"
    assert res["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": ".cursor/mcp.json", "uriBaseId": "%SRCROOT%"}
    assert res["partialFingerprints"]["mcplint/v1"]


def test_text_format_plain_when_not_a_tty_and_shows_the_line(project: Path) -> None:
    result = run_cli("scan", cwd=project)
    assert "\x1b[" not in result.stdout
    assert '"url": "http://mcp.example.com/sse"' in result.stdout
    colored = run_cli("scan", "--color", cwd=project)
    assert "\x1b[" in colored.stdout


def test_output_file_and_format_env(project: Path) -> None:
    result = run_cli("scan", cwd=project, env={"MCPLINT_FORMAT": "concise"})
    assert result.stdout.startswith(".cursor/mcp.json:1:50: MCP201 [high]")


def test_demo_fixtures_fire_and_clean_fixtures_are_quiet(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "demo", tmp_path / "demo")
    shutil.copytree(FIXTURES / "clean", tmp_path / "clean")
    demo = json.loads(run_cli("scan", "demo", "-f", "json", cwd=tmp_path).stdout)
    rules = {f["rule"] for f in demo["findings"]}
    assert {"MCP101", "MCP102", "MCP201", "MCP202", "MCP301", "MCP401"} <= rules
    clean = run_cli("scan", "clean", cwd=tmp_path)
    assert clean.returncode == 0, clean.stdout


def test_rules_and_rule_commands() -> None:
    table = run_cli("rules").stdout
    assert "MCP101" in table and "hardcoded-secret" in table
    listed = json.loads(run_cli("rules", "--format", "json").stdout)
    assert {"MCP001", "MCP101", "MCP201", "MCP301", "MCP401"} <= {r["id"] for r in listed}
    explained = run_cli("rule", "MCP301").stdout
    for part in ("unrestricted-filesystem", "Why it matters", "Bad", "Good", "How to fix", "References"):
        assert part in explained
    assert run_cli("rule", "hardcoded-secret").stdout.startswith("MCP101")


def test_a_folder_without_mcp_configs_says_so(tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text('{"name": "app", "dependencies": {}}')
    result = run_cli("scan", cwd=tmp_path)
    assert result.returncode == 0
    assert "No MCP configuration files found" in result.stdout


def test_each_file_is_judged_by_its_closest_config(tmp_path: Path) -> None:
    """pre-commit passes files from every project of a monorepo in one call."""
    for project, ignored in (("web", "MCP201"), ("api", "MCP204")):
        (tmp_path / project / ".cursor").mkdir(parents=True)
        (tmp_path / project / ".cursor" / "mcp.json").write_text(
            '{"mcpServers": {"remote": {"type": "sse", "url": "http://mcp.example.com/sse"}}}')
        (tmp_path / project / ".mcplint.toml").write_text(f'ignore = ["{ignored}"]\n')
    result = run_cli("scan", "-f", "json", "web/.cursor/mcp.json", "api/.cursor/mcp.json", cwd=tmp_path)
    data = json.loads(result.stdout)
    rules = sorted((f["file"], f["rule"]) for f in data["findings"])
    assert rules == [("api/.cursor/mcp.json", "MCP201"), ("web/.cursor/mcp.json", "MCP204")]
    assert data["files_scanned"] == 2


# ------------------------------------------------------------------ the click command line


def test_version_is_one_line_on_stdout() -> None:
    for flag in ("--version", "-V"):
        result = invoke([flag])
        assert (result.exit_code, result.stdout, result.stderr) == (0, f"mcplint, version {__version__}\n", "")


def test_no_command_prints_the_help_on_stderr_and_exits_2() -> None:
    result = invoke([])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("Usage: mcplint [OPTIONS] COMMAND [ARGS]...")
    for command in ("scan", "inventory", "rules", "rule", "init"):
        assert f"\n  {command} " in result.stderr
    assert "Examples:" in result.stderr


def test_help_of_every_command_with_its_examples_kept_as_written() -> None:
    for args in (["scan", "--help"], ["scan", "-h"]):
        result = invoke(args, env={"COLUMNS": "200"})
        assert result.exit_code == 0 and result.stderr == ""
        assert result.stdout.startswith("Usage: mcplint scan [OPTIONS] [PATHS]...")
        assert "\nExamples:\n  mcplint scan                          # the current directory\n" in result.stdout
        assert "  mcplint scan --baseline .mcplint-baseline.json         # then report only new ones\n" in result.stdout
        assert "-f, --format [" + "|".join(REPORTERS) + "]" in result.stdout
        assert "--color / --no-color" in result.stdout and "%ProgramData%" in result.stdout
        assert max(map(len, result.stdout.splitlines())) <= 100  # COLUMNS=200: at most 100 wide
    narrow = invoke(["scan", "--help"], env={"COLUMNS": "80"}).stdout
    assert all(len(line) <= 80 for line in narrow.splitlines() if not line.startswith("  mcplint "))
    for command, example in (("init", "mcplint init -o - > policy.toml"), ("inventory", "mcplint inventory --machine"),
                             ("rules", "--isolated"), ("rule", "CODE")):
        result = invoke([command, "--help"])
        assert result.exit_code == 0 and example in result.stdout, command
    assert "[default: allowlist]" in invoke(["init", "--help"]).stdout


def test_unknown_option_is_a_usage_error() -> None:
    for args, usage in ((["scan", "--bogus"], "Usage: mcplint scan "), (["--bogus"], "Usage: mcplint "),
                        (["rules", "--form", "json"], "Usage: mcplint rules "), (["bogus"], "Usage: mcplint ")):
        result = invoke(args)
        assert result.exit_code == 2 and result.stdout == "", args
        assert result.stderr.startswith(usage) and "Error: " in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr
    assert "No such option '--bogus'" in invoke(["scan", "--bogus"]).stderr
    assert "No such command 'bogus'" in invoke(["bogus"]).stderr
    abbreviated = invoke(["scan", "--form", "json"])  # no prefix matching: --form is not --format
    assert abbreviated.exit_code == 2 and "No such option '--form'" in abbreviated.stderr
    assert "Did you mean" in abbreviated.stderr and "--format" in abbreviated.stderr


def test_bad_choice_and_missing_argument_are_usage_errors() -> None:
    bad = invoke(["scan", "--format", "xml"])
    assert bad.exit_code == 2 and bad.stderr.startswith("Usage: mcplint scan ")
    assert "Error: Invalid value for '-f' / '--format': 'xml' is not one of 'text', 'concise'" in bad.stderr
    for args in (["scan", "--fail-on", "severe"], ["scan", "--os", "beos"], ["rules", "-f", "sarif"],
                 ["init", "--mode", "open"], ["scan", "--format"]):
        assert invoke(args).exit_code == 2, args
    missing = invoke(["rule"])
    assert missing.exit_code == 2 and "Missing argument 'CODE'" in missing.stderr


def test_our_errors_say_mcplint_error_and_exit_2(tmp_path: Path) -> None:
    unknown = invoke(["rule", "MCP998"])
    assert unknown.exit_code == 2 and unknown.stdout == ""
    assert unknown.stderr == "mcplint: error: unknown rule 'MCP998' (try 'mcplint rules')\n"
    selector = invoke(["scan", "--select", "NOPE9", str(tmp_path)])
    assert selector.exit_code == 2 and selector.stderr.startswith("mcplint: error: ") and "NOPE9" in selector.stderr
    (tmp_path / "file").write_text("x")
    root = invoke(["inventory", "--machine", "--root", str(tmp_path / "file")])
    assert root.exit_code == 2 and root.stderr == f"mcplint: error: --root {tmp_path / 'file'}: not a directory\n"


def test_output_or_config_naming_a_directory_is_a_usage_error(project: Path) -> None:
    for args in (["scan", "-o", str(project)], ["scan", "--output", "."], ["inventory", "-o", str(project)],
                 ["scan", "--config", "."], ["scan", "--baseline", "."], ["scan", "--write-baseline", "."]):
        result = invoke(args, cwd=project)
        assert result.exit_code == 2 and result.stdout == "", args
        assert result.stderr.startswith("Usage: ") and "is a directory" in result.stderr, (args, result.stderr)
    written = invoke(["scan", "-o", "report.txt", "-f", "concise"], cwd=project)
    assert written.exit_code == 1 and written.stdout == ""
    assert (project / "report.txt").read_text().startswith(".cursor/mcp.json:1:50: MCP201")


def test_format_from_the_environment(project: Path) -> None:
    concise = invoke(["scan"], cwd=project, env={"MCPLINT_FORMAT": "concise"})
    assert concise.exit_code == 1 and concise.stdout.startswith(".cursor/mcp.json:1:50: MCP201 [high]")
    option_wins = invoke(["scan", "-f", "json"], cwd=project, env={"MCPLINT_FORMAT": "concise"})
    assert json.loads(option_wins.stdout)["findings"][0]["rule"] == "MCP201"
    empty = invoke(["scan"], cwd=project, env={"MCPLINT_FORMAT": ""})  # empty: as if unset
    assert empty.exit_code == 1 and "Found 1 finding" in empty.stdout
    bad = invoke(["scan"], cwd=project, env={"MCPLINT_FORMAT": "xml"})
    assert bad.exit_code == 2 and bad.stderr.startswith("Usage: mcplint scan ")
    assert "'xml' (from env MCPLINT_FORMAT) is not one of 'text'" in bad.stderr


def test_color_is_tri_state(project: Path) -> None:
    scan = cli.get_command(None, "scan")
    for args, color in (([], None), (["--color"], True), (["--no-color"], False), (["--color", "--no-color"], False)):
        assert scan.make_context("scan", args).params["color"] is color, args  # the last one wins
    env = {"NO_COLOR": None}
    assert "\x1b[" not in invoke(["scan"], cwd=project, env=env).stdout  # not a terminal
    assert "\x1b[" in invoke(["scan", "--color"], cwd=project, env={"NO_COLOR": "1"}).stdout
    assert "\x1b[" not in invoke(["scan", "--no-color"], cwd=project, env=env).stdout


def test_repeated_and_comma_separated_selectors_and_options_after_paths(project: Path) -> None:
    (project / "other").mkdir()
    (project / "other" / ".mcp.json").write_text(
        '{"mcpServers": {"fs": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/"]}}}')
    params = cli.get_command(None, "scan").make_context(
        "scan", ["a", "--select", "MCP1,MCP2", "b", "--select", "MCP3", "--ignore", "MCP301"]).params
    assert (params["paths"], params["select"], params["ignore"], params["extend_select"]) == (
        ("a", "b"), ("MCP1,MCP2", "MCP3"), ("MCP301",), ())
    result = invoke(["scan", ".cursor", "-f", "json", "other", "--select", "MCP2", "--extend-select", "MCP3,MCP5"],
                    cwd=project)
    data = json.loads(result.stdout)
    assert data["files_scanned"] == 2  # both paths, with the options between them
    rules = {f["rule"] for f in data["findings"]}
    assert "MCP201" in rules and all(r.startswith(("MCP2", "MCP3", "MCP5")) for r in rules), rules
    assert any(r.startswith(("MCP3", "MCP5")) for r in rules), rules
    ignored = invoke(["scan", "-f", "json", "--ignore", "MCP201", "--ignore", "MCP3,MCP5"], cwd=project)
    assert not {f["rule"] for f in json.loads(ignored.stdout)["findings"]} & {"MCP201", "MCP301", "MCP501"}


def test_init_to_standard_output(project: Path) -> None:
    result = invoke(["init", "-o", "-", "."], cwd=project)
    assert result.exit_code == 0 and result.stdout.startswith("# mcplint configuration")
    assert not (project / ".mcplint.toml").exists()


def test_an_internal_error_needs_debug_for_its_traceback(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import mcplint.scan

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(mcplint.scan, "scan_paths", explode)
    quiet = invoke(["scan"], cwd=project)
    assert quiet.exit_code == 2 and quiet.exception is None
    assert quiet.stderr == "mcplint: internal error: RuntimeError (run with --debug for details)\n"
    loud = invoke(["scan", "--debug"], cwd=project)
    assert isinstance(loud.exception, RuntimeError)


def test_the_entry_point_ends_without_losing_output(tmp_path: Path) -> None:
    """The entry point ends the process without the interpreter's shutdown: everything written
    before — a long report on a pipe, the same report to a file, the summary on stderr — is all
    there, byte for byte as main() writes it."""
    servers = {f"s{i}": {"type": "http", "url": f"http://mcp{i}.example.com/mcp"} for i in range(400)}
    (tmp_path / ".mcp.json").write_text(json.dumps({"mcpServers": servers}))
    piped = run_cli("scan", ".mcp.json", "-f", "json", cwd=tmp_path)
    assert piped.returncode == 1 and len(json.loads(piped.stdout)["findings"]) >= 400, piped.stderr
    assert piped.stdout == invoke(["scan", ".mcp.json", "-f", "json"], cwd=tmp_path).stdout
    to_file = run_cli("scan", ".mcp.json", "-f", "json", "-o", "report.json", cwd=tmp_path)
    assert to_file.returncode == 1 and to_file.stdout == ""
    assert (tmp_path / "report.json").read_text() == piped.stdout
    assert "finding" in to_file.stderr  # the summary line, flushed before the process ended


def test_the_module_and_main_agree(project: Path) -> None:
    """``python -m mcplint`` (the entry point, mcplint.__main__:run) exits with main's code."""
    for args, code in ((["scan", ".cursor/mcp.json"], 1), (["scan", ".mcp.json"], 0), (["scan", "-f", "xml"], 2), ([], 2)):
        process = run_cli(*args, cwd=project)
        assert process.returncode == code == invoke(args, cwd=project).exit_code, args

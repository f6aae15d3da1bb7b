"""One error handler: every McplintError is one line and exit 2, --debug shows the traceback,
anything unexpected is an internal error; click's usage errors keep click's form."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from helpers import CLEAN, PACKAGE_ROOT, invoke, run_cli

from mcplint.baseline import BaselineError
from mcplint.config import ConfigError
from mcplint.errors import McplintError
from mcplint.expr import ExprError
from mcplint.filter import FilterError
from mcplint.init import InitError
from mcplint.model import LoadError
from mcplint.policy import PolicyError
from mcplint.ruleset import RuleError
from mcplint.select import SelectorError



def test_every_project_error_shares_one_base() -> None:
    for kind in (BaselineError, ConfigError, ExprError, FilterError, InitError, LoadError, PolicyError, RuleError,
                 SelectorError):
        assert issubclass(kind, McplintError), kind
    assert issubclass(SelectorError, ValueError) and issubclass(PolicyError, ValueError)  # callers catching ValueError


def test_an_error_names_its_file_line_and_column_when_it_has_them() -> None:
    config = ConfigError(".mcplint.toml", 3, "unknown key 'colour'")
    assert (config.file, config.path, config.line, config.message) == (".mcplint.toml", ".mcplint.toml", 3, "unknown key 'colour'")
    assert config.describe() == ".mcplint.toml:3: unknown key 'colour'"
    assert McplintError("bad", file="a.yaml", line=2, column=7).describe() == "a.yaml:2:7: bad"
    assert McplintError("bad", file="a.yaml").describe() == "a.yaml: bad"
    assert McplintError("no file involved").describe() == "error: no file involved"
    assert LoadError("broken", 4, 2).describe() == "error: broken"  # no file: it becomes an MCP001 finding


def _one_line(result: object) -> str:
    stderr = result.stderr  # type: ignore[attr-defined]
    assert stderr.count("\n") == 1 and "Traceback" not in stderr, stderr
    return stderr.rstrip("\n")


def test_errors_of_each_stage_are_one_line_exit_2(tmp_path: Path) -> None:
    (tmp_path / ".mcp.json").write_text(CLEAN)
    bad_config = tmp_path / "bad.toml"
    bad_config.write_text('select = ["MCP1"]\n\ncolour = "red"\n')
    result = invoke(["scan", "--config", str(bad_config)], cwd=tmp_path)
    assert result.exit_code == 2 and result.stdout == ""
    assert _one_line(result).startswith(f"mcplint: {bad_config}:3: unknown key 'colour'")

    rules_config = tmp_path / "rules.toml"
    rules_config.write_text('[rules]\npaths = ["no-such-rules"]\n')
    result = invoke(["scan", "--config", str(rules_config)], cwd=tmp_path)
    assert result.exit_code == 2
    assert _one_line(result) == f"mcplint: {tmp_path / 'no-such-rules'}:1: rule path does not exist"

    result = invoke(["scan", "--baseline", "missing.json"], cwd=tmp_path)
    assert result.exit_code == 2 and _one_line(result).startswith("mcplint: error: missing.json: baseline file not found")

    per_file = tmp_path / "ignores.toml"
    per_file.write_text('[per-file-ignores]\n"*.json" = ["MCP999"]\n')
    result = invoke(["scan", "--config", str(per_file)], cwd=tmp_path)
    assert result.exit_code == 2
    assert _one_line(result) == f"mcplint: {per_file}:2: per-file-ignores '*.json': unknown rule selector 'MCP999' (try 'mcplint rules')"
    per_file.write_text('[per-server-ignores]\n"github" = ["hardcoded-secrets"]\n')
    result = invoke(["scan", "--config", str(per_file)], cwd=tmp_path)
    assert result.exit_code == 2 and _one_line(result).endswith("(did you mean 'hardcoded-secret'?)")

    policy = tmp_path / "policy.toml"
    policy.write_text('[policy]\napproved = [{package = "npm:left-pad@>>1"}]\n')
    result = invoke(["scan", "--config", str(policy)], cwd=tmp_path)
    assert result.exit_code == 2 and _one_line(result).startswith(f"mcplint: {policy}:")

    (tmp_path / ".mcplint.toml").write_text("# mine\n")
    result = invoke(["init"], cwd=tmp_path)
    assert result.exit_code == 2
    assert _one_line(result) == "mcplint: error: .mcplint.toml already exists (use --force to replace it)"


def test_debug_shows_the_traceback_of_our_errors(tmp_path: Path) -> None:
    result = run_cli("scan", "--baseline", "missing.json", "--debug", cwd=tmp_path)
    assert result.returncode != 0
    assert "Traceback (most recent call last)" in result.stderr and "BaselineError" in result.stderr
    quiet = run_cli("scan", "--baseline", "missing.json", cwd=tmp_path)
    assert quiet.returncode == 2 and "Traceback" not in quiet.stderr


def test_usage_errors_are_clicks_with_the_commands_usage(tmp_path: Path) -> None:
    for args, says in ((["scan", "--fail-on", "severe"], "'severe' is not one of 'info'"),
                       (["scan", "--group-by", "colour"], "'colour' is not one of 'file', 'rule', 'severity'"),
                       (["inventory", "-f", "sarif"], "'sarif' is not one of 'text', 'table', 'json'"),
                       (["scan", "-o", "no/such/folder/report.txt"], "folder 'no/such/folder' does not exist"),
                       (["scan", "--write-baseline", "nowhere/b.json"], "folder 'nowhere' does not exist"),
                       (["scan", "--stdin-filename", "a.json", "b.json"], "--stdin-filename needs PATHS '-'"),
                       (["scan", "-", "b.json"], "cannot be combined with other PATHS"),
                       (["scan", "-", "--machine"], "cannot be combined with --machine")):
        result = invoke(args, cwd=tmp_path)
        assert result.exit_code == 2 and result.stdout == "", args
        assert result.stderr.startswith(f"Usage: mcplint {args[0]} ") and says in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "no").exists()  # refused before anything was written


def test_an_output_that_cannot_be_opened_is_one_line(tmp_path: Path) -> None:
    (tmp_path / ".mcp.json").write_text(CLEAN)
    name = "r" * 300 + ".txt"  # over any file system's name limit, for root too
    result = invoke(["scan", "-o", name], cwd=tmp_path)
    assert result.exit_code == 2 and result.stdout == ""
    assert _one_line(result) == f"mcplint: error: cannot write {name}: File name too long"


def test_ctrl_c_from_a_real_process_is_exit_130(tmp_path: Path) -> None:
    """A SIGINT while reading standard input: 'mcplint: interrupted', exit 130, no traceback."""
    import os
    import signal
    import sys
    import time

    from helpers import PACKAGE_ROOT

    env = {**os.environ, "PYTHONPATH": str(PACKAGE_ROOT), "NO_COLOR": "1"}
    process = subprocess.Popen([sys.executable, "-m", "mcplint", "scan", "-"], cwd=tmp_path, env=env,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(1.5)  # started and waiting for its input
        process.send_signal(signal.SIGINT)
        _out, err = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 130, err
    assert err.strip() == "mcplint: interrupted"


@pytest.mark.parametrize("command", ["scan", "inventory", "rules", "init"])
def test_an_internal_error_is_one_line_without_debug(command: str, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import mcplint.cli.shared

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(mcplint.cli.shared, "load_config", explode)
    for module in ("scan", "inventory"):
        monkeypatch.setattr(f"mcplint.cli.{module}.load_config", explode)
    result = invoke([command, "-o", "-"] if command == "init" else [command], cwd=tmp_path)
    if command == "init":  # init reads no configuration: it must simply work
        assert result.exit_code == 0
        return
    assert result.exit_code == 2 and result.exception is None
    assert result.stderr == "mcplint: internal error: RuntimeError (run with --debug for details)\n"
    loud = invoke([command, "--debug"], cwd=tmp_path)
    assert isinstance(loud.exception, RuntimeError)


def test_config_accepts_exactly_the_registered_formats(tmp_path: Path) -> None:
    """One registry of reporters: the config's `format` and -f read their names from it."""
    from mcplint.report import REPORTERS

    (tmp_path / ".mcp.json").write_text(CLEAN)
    for name in REPORTERS:
        (tmp_path / ".mcplint.toml").write_text(f'format = "{name}"\n')
        assert invoke(["scan"], cwd=tmp_path).exit_code == 0, name
    (tmp_path / ".mcplint.toml").write_text('format = "xml"\n')
    result = invoke(["scan"], cwd=tmp_path)
    line = _one_line(result)
    assert result.exit_code == 2 and line.startswith(f"mcplint: {tmp_path / '.mcplint.toml'}:1: format: must be one of: ")
    assert line.split("must be one of: ")[1].split(", ") == list(REPORTERS)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="closes a descriptor in the child before exec")
def test_a_closed_standard_stream_is_an_error_or_ignored_never_a_crash(tmp_path: Path) -> None:
    """Started with stdout closed, a command that writes its output there fails (exit 2, one
    line, no traceback) unless -o gives a file; with stderr closed, the report and the exit code
    are as usual. (Python starts with ``sys.stdout`` or ``sys.stderr`` None in these cases.)"""
    import sys

    (tmp_path / ".mcp.json").write_text('{"mcpServers": {"x": {"type": "sse", "url": "http://mcp.example.com/sse"}}}')
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": os.pathsep.join(filter(None, (str(PACKAGE_ROOT), os.environ.get("PYTHONPATH"))))}

    def run(args: list[str], closed: int) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "mcplint", *args], cwd=tmp_path, env=env, text=True, timeout=120,
                              stdout=None if closed == 1 else subprocess.PIPE, stderr=None if closed == 2 else subprocess.PIPE,
                              preexec_fn=lambda: os.close(closed))

    no_stdout = run(["scan", ".mcp.json"], 1)
    assert no_stdout.returncode == 2 and "standard output is closed" in no_stdout.stderr, no_stdout.stderr
    assert "Traceback" not in no_stdout.stderr and "internal error" not in no_stdout.stderr
    to_file = run(["scan", ".mcp.json", "-o", "report.txt"], 1)
    assert to_file.returncode == 1 and "MCP201" in (tmp_path / "report.txt").read_text(), to_file.stderr
    init = run(["init", "-o", "-"], 1)
    assert init.returncode == 2 and "standard output is closed" in init.stderr
    no_stderr = run(["scan", ".mcp.json"], 2)
    assert no_stderr.returncode == 1 and "MCP201" in no_stderr.stdout and "Traceback" not in no_stderr.stdout

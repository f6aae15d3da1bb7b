"""Every command's help, shell completion through click, and ``mcplint rule CODE --config``."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import CUSTOM_RULE, REPO, invoke, run_cli

from mcplint.cli import COMMANDS, cli

OPTIONS = {
    "scan": ("--format", "--output", "--fail-on", "--exit-zero", "--select", "--extend-select", "--ignore", "--config",
             "--isolated", "--statistics", "--quiet", "--group-by", "--stdin-filename", "--debug", "--machine",
             "--baseline", "--write-baseline", "--color / --no-color", "--fix", "--diff", "--unsafe-fixes", "--pin",
             "Examples:"),
    "inventory": ("--format", "--output", "--config", "--machine", "--home", "--os", "--root", "--verbose", "--columns",
                  "--pending", "--blocked", "--client", "cyclonedx", "Examples:"),
    "rule": ("CODE", "--format", "--config", "--isolated"),
    "rules": ("--format", "--config", "--isolated"),
    "init": ("--output", "--mode", "--force", "[default: allowlist]", "Examples:"),
    "policy": ("show", "export"),
    "schema": ("NAME", "json", "inventory"),
}


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_has_a_help_with_its_options(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"], prog_name="mcplint", terminal_width=100)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Usage: mcplint {name} [OPTIONS]")
    for option in OPTIONS[name]:
        assert option in result.output, (name, option)
    assert CliRunner().invoke(cli, [name, "-h"], prog_name="mcplint").output == \
        CliRunner().invoke(cli, [name, "--help"], prog_name="mcplint").output


def test_the_group_lists_each_command_with_a_summary_in_order() -> None:
    result = CliRunner().invoke(cli, ["--help"], prog_name="mcplint")
    assert result.exit_code == 0
    listed = [line.split()[0] for line in result.output.split("Commands:\n")[1].split("\n\n")[0].splitlines()]
    assert listed == list(COMMANDS)
    assert "_MCPLINT_COMPLETE=bash_source" in result.output


def test_help_through_the_real_entry_point() -> None:
    for args in (["--help"], ["scan", "--help"], ["rule", "--help"]):
        result = run_cli(*args)
        assert result.returncode == 0 and result.stderr == "" and result.stdout.startswith("Usage: mcplint"), args


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_shell_completion_scripts(shell: str) -> None:
    result = run_cli(env={"_MCPLINT_COMPLETE": f"{shell}_source"})
    assert result.returncode == 0, result.stderr
    assert "_mcplint_completion" in result.stdout and "_MCPLINT_COMPLETE" in result.stdout
    if shell == "bash":
        assert "complete -o nosort -F _mcplint_completion mcplint" in result.stdout


def test_completion_of_commands_options_and_choices() -> None:
    def complete(words: str, index: int) -> list[str]:
        result = run_cli(env={"_MCPLINT_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": str(index)})
        assert result.returncode == 0, result.stderr
        return [line.split(",", 1)[1] for line in result.stdout.splitlines()]

    assert complete("mcplint sc", 1) == ["scan", "schema"]
    assert "--format" in complete("mcplint scan --fo", 2)
    assert complete("mcplint scan --format ", 3)[:2] == ["text", "concise"]
    assert complete("mcplint rule MCP10", 2)[:2] == ["MCP101", "MCP102"]
    assert "hardcoded-secret" in complete("mcplint scan --ignore hardc", 3)


def test_completion_works_for_the_installed_script_name(tmp_path: Path) -> None:
    """The script pip installs is named mcplint; its completion variable is _MCPLINT_COMPLETE."""
    script = shutil.which("mcplint", path=os.path.dirname(sys.executable))
    if script is None:
        pytest.skip("no installed mcplint script beside this interpreter")
    from helpers import PACKAGE_ROOT
    import subprocess

    env = {**os.environ, "_MCPLINT_COMPLETE": "bash_source", "PYTHONPATH": str(PACKAGE_ROOT)}
    result = subprocess.run([script], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "_mcplint_completion" in result.stdout


def test_rule_explains_a_custom_rule_with_config(tmp_path: Path) -> None:
    (tmp_path / "org-rules").mkdir()
    (tmp_path / "org-rules" / "MCP950.yaml").write_text(CUSTOM_RULE)
    (tmp_path / "team.toml").write_text('[rules]\npaths = ["org-rules"]\n')
    explained = invoke(["rule", "MCP950", "--config", "team.toml"], cwd=tmp_path)
    assert explained.exit_code == 0, explained.stderr
    assert explained.stdout.startswith("MCP950 no-beta-servers") and "Use the released server." in explained.stdout
    by_name = invoke(["rule", "no-beta-servers", "--config", "team.toml", "-f", "json"], cwd=tmp_path)
    assert by_name.exit_code == 0 and '"id": "MCP950"' in by_name.stdout
    (tmp_path / ".mcplint.toml").write_text('[rules]\npaths = ["org-rules"]\n')
    assert invoke(["rule", "MCP950"], cwd=tmp_path).exit_code == 0  # the closest config, as `rules` lists it
    isolated = invoke(["rule", "MCP950", "--isolated"], cwd=tmp_path)
    assert isolated.exit_code == 2 and isolated.stderr == "mcplint: error: unknown rule 'MCP950' (try 'mcplint rules')\n"


def test_rule_suggests_a_close_id_or_name() -> None:
    for typo, meant in (("MCP1O1", "MCP101"), ("hardcoded-secrets", "hardcoded-secret")):
        result = invoke(["rule", typo])
        assert result.exit_code == 2 and result.stderr == f"mcplint: error: unknown rule {typo!r} (did you mean {meant!r}?)\n"


def test_the_readme_documents_completion_and_the_new_options() -> None:
    readme = (REPO / "README.md").read_text()
    for text in ("_MCPLINT_COMPLETE=bash_source", "zsh_source", "fish_source", "--stdin-filename", "--statistics",
                 "--quiet", "--group-by"):
        assert text in readme, text


POLICY = """\
[policy]
mode = "allowlist"

[[policy.approved]]
package = "npm:@modelcontextprotocol/server-github"

[[policy.approved]]
url = "https://deploy:Zq8vLm2pXr7sKt4w@mcp.corp.example.com/*"
reason = "corp gateway"
"""

CENTRAL = """\
[policy]
mode = "denylist"

[[policy.blocked]]
package = "npm:postmark-mcp"
reason = "compromised release"
"""


def test_policy_show_gives_the_merged_policy_and_its_sources(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / ".mcplint.toml").write_text(POLICY)
    (tmp_path / "central.toml").write_text(CENTRAL)
    central = str(tmp_path / "central.toml")
    text = invoke(["policy", "show", "app"], cwd=tmp_path, env={"MCPLINT_POLICY": central})
    assert text.exit_code == 0, text.stderr
    lines = text.stdout.splitlines()
    assert lines[:3] == [f"config:  {tmp_path / 'app' / '.mcplint.toml'}", f"central: {central}", "mode:    denylist"]
    assert '  package = "npm:postmark-mcp"  # compromised release' in lines  # the central file's block
    assert '  package = "npm:@modelcontextprotocol/server-github"' in lines  # the project's approval
    assert "Zq8vLm2pXr7sKt4w" not in text.stdout and "mcp.corp.example.com" in text.stdout  # never a secret
    data = json.loads(invoke(["policy", "show", "app", "-f", "json"], cwd=tmp_path, env={"MCPLINT_POLICY": central}).stdout)
    assert (data["mode"], len(data["approved"]), len(data["blocked"])) == ("denylist", 2, 1)
    assert "Zq8vLm2pXr7sKt4w" not in json.dumps(data)
    alone = json.loads(invoke(["policy", "show", "app", "-f", "json"], cwd=tmp_path, env={"MCPLINT_POLICY": None}).stdout)
    assert (alone["central"], alone["mode"], alone["blocked"]) == (None, "allowlist", [])
    isolated = json.loads(invoke(["policy", "show", "app", "--isolated", "-f", "json"], cwd=tmp_path,
                                 env={"MCPLINT_POLICY": central}).stdout)
    assert isolated == {"config": None, "central": None, "mode": "denylist", "approved": [], "blocked": []}


def test_policy_show_reports_a_broken_policy_in_one_line(tmp_path: Path) -> None:
    (tmp_path / ".mcplint.toml").write_text('[policy]\nmode = "open"\n')
    result = invoke(["policy", "show"], cwd=tmp_path, env={"MCPLINT_POLICY": None})
    assert result.exit_code == 2 and result.stderr.startswith(f"mcplint: {tmp_path / '.mcplint.toml'}:2: ")
    assert result.stderr.count("\n") == 1

"""Command line: ``mcplint scan | inventory | rules | rule | init``, on click.

One module per command (``mcplint.cli.scan``…), shared options in ``mcplint.cli.options``,
and one error handler, here in ``main``. Exit codes (ruff's): 0 no finding at or above
--fail-on, 1 findings, 2 usage, configuration or internal error, 130 interrupted.

A command's module is imported only when that command runs (or for ``--help``), and heavy
modules (rich, jsonschema, detect-secrets) only when a run needs them, so a pre-commit run on
a clean file costs little more than starting Python.
"""

from __future__ import annotations

import os
import sys
from importlib import import_module
from typing import Any

import click

from mcplint import __version__
from mcplint.cli.options import CONTEXT_SETTINGS, EpilogAsWritten
from mcplint.errors import McplintError

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 130
"""Ctrl-C, as shells report a command stopped by SIGINT (128 + 2)."""

COMMANDS: dict[str, str] = {
    "scan": "mcplint.cli.scan",
    "inventory": "mcplint.cli.inventory",
    "rule": "mcplint.cli.rule",
    "rules": "mcplint.cli.rules",
    "init": "mcplint.cli.init",
    "policy": "mcplint.cli.policy",
    "schema": "mcplint.cli.schema",
}
"""Command name → the module holding it as ``command``; in help order."""

MAIN_HELP = """\
mcplint: a static security auditor for MCP client configurations.

Finds hardcoded secrets, plain-text transports, filesystem servers open to the whole disk,
writable database servers, unpinned packages and auto-approved tools in the config files of
Claude, Cursor, VS Code, Windsurf, Gemini CLI, Codex, Zed, Continue, Cline, Goose and more.
It reads files only: it never starts a configured server and never opens a connection.
"""

MAIN_EXAMPLES = """\
Examples:
  mcplint scan                                # every MCP config under the current directory
  mcplint scan .cursor/mcp.json               # one file (what the pre-commit hook runs)
  mcplint scan . -f sarif -o mcplint.sarif    # SARIF for GitHub code scanning
  cat mcp.json | mcplint scan - --stdin-filename .cursor/mcp.json   # an editor's buffer
  mcplint scan --machine                      # every client's config on this computer
  mcplint inventory --machine                 # which servers are configured where
  mcplint rule MCP101                         # what a rule finds and how to fix it
  mcplint init                                # a starter .mcplint.toml approving today's servers

Shell completion: eval "$(_MCPLINT_COMPLETE=bash_source mcplint)" (zsh_source, fish_source).
"""


class Group(EpilogAsWritten, click.Group):
    """The ``mcplint`` group: commands listed in a fixed order, each imported when needed."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMANDS.get(cmd_name)
        return None if module is None else import_module(module).command


@click.group("mcplint", cls=Group, help=MAIN_HELP, epilog=MAIN_EXAMPLES, context_settings=CONTEXT_SETTINGS,
             no_args_is_help=True)
@click.version_option(__version__, "-V", "--version", prog_name="mcplint", message="%(prog)s, version %(version)s")
def cli() -> None:
    """The group itself does nothing: each command is its own module."""


def _say(message: str) -> None:
    from mcplint.cli.shared import say

    say(message)


def main(argv: list[str] | None = None) -> int:
    """Run the command line (``argv``: default ``sys.argv[1:]``) and return its exit code.

    The one place errors become messages: click's usage errors (its usage line and
    ``Error: …``), ``McplintError`` (``mcplint: FILE:LINE: message``), Ctrl-C, a closed pipe,
    and anything unexpected (``mcplint: internal error``). With --debug an error goes through
    with its traceback, as Python prints it.
    """
    argv = sys.argv[1:] if argv is None else list(argv)
    state: dict[str, Any] = {"debug": False}
    try:
        code = cli.main(argv, prog_name="mcplint", standalone_mode=False, obj=state)
    except click.exceptions.Exit as done:  # --help, --version
        return done.exit_code
    except click.ClickException as usage:  # a usage error: click's usage line and message
        usage.show()
        return usage.exit_code
    except (click.Abort, KeyboardInterrupt) as interrupt:  # click turns Ctrl-C into Abort
        if state["debug"]:
            raise (interrupt.__cause__ or interrupt) if isinstance(interrupt, click.Abort) else interrupt
        _say("mcplint: interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `mcplint scan | head`: the reader left; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FINDINGS
    except McplintError as error:
        if state["debug"]:  # --debug: the traceback, as Python prints it
            raise
        _say(f"mcplint: {error.describe()}")
        return EXIT_ERROR
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback for users
        if state["debug"]:
            raise
        _say(f"mcplint: internal error: {type(exc).__name__} (run with --debug for details)")
        return EXIT_ERROR
    return EXIT_CLEAN if code is None else int(code)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

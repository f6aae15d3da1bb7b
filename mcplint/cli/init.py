"""``mcplint init``: a starter configuration approving the servers found."""

from __future__ import annotations

from pathlib import Path

import click

from mcplint.cli import options as opt

HELP = """\
Write a starter .mcplint.toml: every server found in PATHS (default: .) approved.

Each key is explained in comments. Servers are approved as narrowly as their config allows:
a pinned package at its version, a remote server by URL, anything else by fingerprint.
"""

EXAMPLES = """\
Examples:
  mcplint init                       # approve the servers found under . in a new .mcplint.toml
  mcplint init .cursor .vscode       # only these folders
  mcplint init --mode denylist       # start with blocks only, nothing reported for new servers
  mcplint init -o - > policy.toml    # print it, e.g. to start a central MCPLINT_POLICY file
"""


@click.command("init", cls=opt.Command, help=HELP, epilog=EXAMPLES, short_help="Write a starter .mcplint.toml.",
               context_settings=opt.CONTEXT_SETTINGS)
@opt.paths_argument
@click.option("-o", "--output", default=".mcplint.toml", show_default=True, metavar="FILE",
              type=click.Path(dir_okay=False),
              help="Where to write the configuration ('-' for standard output; missing folders are created).")
@click.option("--mode", type=click.Choice(("allowlist", "denylist")), default="allowlist", show_default=True,
              help="The policy mode to write.")
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@opt.debug_option
def command(paths: tuple[str, ...], output: str, mode: str, force: bool) -> int:
    from mcplint.cli.shared import say, standard_output
    from mcplint.init import render_only, run, shadow_warning, summary

    chosen = list(paths) or ["."]
    if output == "-":
        out = standard_output()
        found, text = render_only(chosen, Path.cwd(), mode)
        out.write(text)
        out.flush()
    else:
        found, _text = run(chosen, Path.cwd(), Path(output), mode, force)
    for error in found.errors:
        say(f"mcplint: skipped {error}")
    if output != "-":
        text = "\n".join(summary(found, output, mode))  # a lone surrogate in a name prints escaped
        click.echo(text.encode("utf-8", "backslashreplace").decode("utf-8"))
        warning = shadow_warning(Path(output))
        if warning:
            say(f"mcplint: {warning}")
    return 0

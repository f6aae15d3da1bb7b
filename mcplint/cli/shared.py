"""Steps several commands share: the configuration and rules in force, the machine to read,
where the output goes. Errors are raised as McplintError; ``mcplint.cli.main`` reports them."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, TextIO

from mcplint.errors import McplintError


def say(message: str) -> None:
    """A line on stderr (notes and summaries: stdout holds only the report). File names and
    messages carry config-controlled text: each line is shown with its control characters escaped."""
    from mcplint.escape import printable

    if sys.stderr is None:  # started with stderr closed: no one reads it (print would pick stdout)
        return
    print("\n".join(map(printable, message.split("\n"))), file=sys.stderr, flush=True)


def use_color(option: bool | None, stream: Any) -> bool:
    """--color/--no-color, else colour for a terminal unless NO_COLOR is set."""
    if option is not None:
        return option
    if os.environ.get("NO_COLOR"):
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


def load_config(config_path: str | None, isolated: bool, paths: tuple[str, ...], machine: bool = False) -> Any:
    """The configuration in force: --config, else the closest file to the first path (with
    --machine: the user-level config, never the current folder's, so a machine's verdict does
    not depend on where the scan is started)."""
    from mcplint.config import load_config as load, load_machine_config

    if machine:
        return load_machine_config(config_path, isolated)
    start = Path(paths[0]) if paths else Path.cwd()
    while not start.exists() and start != start.parent:  # --stdin-filename may name a file not on disk
        start = start.parent
    return load(config_path, start if start.exists() else Path.cwd(), isolated)


def load_rules(config: Any, select: tuple[str, ...] = (), extend_select: tuple[str, ...] = (),
               ignore: tuple[str, ...] = ()) -> dict[str, Any]:
    """Built-in and custom rules, selected ruff-style: the command line wins over the config."""
    from mcplint.ruleset import load_rules as load
    from mcplint.select import select_rules, split_csv, validate_config

    rules = load(tuple(config.rule_paths))
    validate_config(config, rules)
    chosen = split_csv(select) or config.select
    return select_rules(rules, chosen or None, [*config.extend_select, *split_csv(extend_select)],
                        [*config.ignore, *split_csv(ignore)])


def machine_target(machine: bool, home: str | None, os_name: str | None, root: str | None) -> Any:
    """The machine to read (None without any machine option)."""
    if not (machine or home or os_name or root):
        return None
    if root is not None and not (machine or home):
        # --root only says where a machine's system files are; it never replaces scanning "."
        import click

        raise click.UsageError("--root DIR needs --machine or --home: it says where the audited "
                               "machine's system-wide files are")
    from mcplint.machine import target

    if home is not None and not Path(home).is_dir():
        raise McplintError(f"--home {home}: not a directory")
    if root is not None and not Path(root).is_dir():
        raise McplintError(f"--root {root}: not a directory")
    return target(os_name, home, root)


def machine_notes(tgt: Any, found: Any, verbose: bool) -> None:
    """On stderr: the friendly note when nothing was found, the places looked at with --verbose
    (each marked found or absent); ``found``: the config files read."""
    from mcplint.machine import nothing_found_message, searched_lines

    if not found:
        say(nothing_found_message(tgt, verbose))
    elif verbose:
        lines = searched_lines(tgt, found)
        say(f"looked in {len(lines)} places, found {sum(line.lstrip().startswith('found') for line in lines)}:")
        say("\n".join(lines))


def standard_output() -> TextIO:
    """``sys.stdout``, or McplintError when the process was started with it closed (Python
    then has none): what the command writes would be lost, so it fails rather than passes."""
    stream = sys.stdout
    if stream is None:
        raise McplintError("standard output is closed: nowhere to write the output (give -o FILE)")
    return stream


@contextmanager
def output_stream(output: str | None) -> Iterator[TextIO]:
    """FILE (-o) opened for writing, else stdout; a lone surrogate (a "\\ud800" JSON key)
    prints as ``\\ud800`` rather than failing the run."""
    if output and output != "-":
        try:
            handle = open(output, "w", encoding="utf-8", newline="\n", errors="backslashreplace")
        except OSError as exc:
            raise McplintError(f"cannot write {output}: {exc.strerror or exc}") from None
        with handle:
            yield handle
        return
    stream = standard_output()
    if hasattr(stream, "reconfigure"):
        stream.reconfigure(errors="backslashreplace")
    yield stream
    stream.flush()

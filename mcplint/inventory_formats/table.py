"""The inventory's table (for people) and JSON (the stable contract).

The table fits the terminal: rich lays the columns out to the width, and a long cell wraps
inside its column instead of being cut, so a version or a fingerprint is always shown whole.
Command lines are shell-quoted (what you would paste into a shell), and every config-controlled
string is shown with its control characters escaped.
"""

from __future__ import annotations

import shlex
from typing import Any, Callable, TextIO

COLUMNS: dict[str, tuple[str, Callable[[Any], str]]] = {
    "client": ("CLIENT", lambda r: r.client),
    "scope": ("SCOPE", lambda r: r.scope),
    "file": ("FILE", lambda r: f"{r.file}:{r.line}"),
    "name": ("NAME", lambda r: r.name + (" (disabled)" if r.disabled else "")),
    "transport": ("TRANSPORT", lambda r: r.transport),
    "target": ("COMMAND / URL", lambda r: shlex.join([r.command, *r.args]) if r.command else (r.url or "")),
    "package": ("PACKAGE", lambda r: r.package or "-"),
    "approval": ("APPROVAL", lambda r: r.approval or "-"),
    "fingerprint": ("FINGERPRINT", lambda r: r.fingerprint or "-"),
    "project": ("PROJECT", lambda r: r.project or ""),
    "env": ("ENV", lambda r: ", ".join(r.env)),
    "headers": ("HEADERS", lambda r: ", ".join(r.headers)),
}
"""Column key (as ``--columns`` takes it) → header and cell."""
DEFAULT = ("client", "file", "name", "transport", "target", "package", "approval", "fingerprint")


def columns(options: Any, rows: list[Any]) -> tuple[str, ...]:
    chosen = tuple(getattr(options, "columns", ()) or ())
    if chosen:
        return chosen
    return DEFAULT + (("project",) if any(r.project for r in rows) else ())


def write(inventory: Any, out: TextIO, options: Any) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from mcplint.escape import printable

    rows = list(inventory.rows)
    keys = columns(options, rows)
    width = getattr(options, "width", None)
    console = Console(file=out, width=width or None, force_terminal=bool(getattr(options, "color", False)),
                      no_color=not getattr(options, "color", False), highlight=False, emoji=False, markup=False)
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold", expand=False)
    for key in keys:
        table.add_column(COLUMNS[key][0], overflow="fold")
    for row in rows:
        table.add_row(*(Text(printable(COLUMNS[key][1](row))) for key in keys))
    if rows:
        console.print(table)
    files = len(inventory.files)
    console.print(f"{'' if not rows else chr(10)}{len(rows)} server{'s' if len(rows) != 1 else ''} in "
                  f"{files} file{'s' if files != 1 else ''}.", soft_wrap=True)


def write_json(inventory: Any, out: TextIO, options: Any) -> None:
    from mcplint.inventory import write_json as dump

    dump(inventory, out)

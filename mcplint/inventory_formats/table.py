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
    "client_policy": ("CLIENT POLICY", lambda r: _client_policy(getattr(r, "client_policy", None))),
    "fingerprint": ("FINGERPRINT", lambda r: r.fingerprint or "-"),
    "project": ("PROJECT", lambda r: r.project or ""),
    "env": ("ENV", lambda r: ", ".join(r.env)),
    "headers": ("HEADERS", lambda r: ", ".join(r.headers)),
}
"""Column key (as ``--columns`` takes it) → header and cell."""
DEFAULT = ("client", "file", "name", "transport", "target", "package", "approval", "fingerprint")
WHOLE = frozenset({"package", "approval", "client_policy", "client", "transport", "scope"})
"""Columns never folded: a version or a decision is read whole or not at all."""
DROP_ORDER = ("fingerprint", "scope", "transport", "file", "client", "project")
"""Default columns given up, in this order, when the terminal is too narrow for all of them
(``--columns`` keeps exactly what was asked)."""
_FOLDED_MIN = {"target": 30, "file": 20, "name": 16, "fingerprint": 20, "project": 16, "env": 12, "headers": 12}


def _need(key: str, rows: list[Any]) -> int:
    """The narrowest a column can be: its longest cell if whole, else a few characters."""
    header, cell = COLUMNS[key]
    longest = max([len(header), *(len(cell(r)) for r in rows)])
    return longest if key in WHOLE else min(longest, _FOLDED_MIN.get(key, 12))


def _fits(keys: list[str], rows: list[Any], width: int) -> bool:
    return sum(_need(k, rows) + 2 for k in keys) <= width


def columns(options: Any, rows: list[Any], width: int | None = None) -> tuple[str, ...] | None:
    """The table's columns; None when even the essential ones do not fit (cards instead)."""
    chosen = tuple(getattr(options, "columns", ()) or ())
    if chosen:
        return chosen
    shown = DEFAULT
    if any((getattr(r, "client_policy", None) or {}).get("decision", "unmanaged") != "unmanaged" for r in rows):
        # a client's managed policy is in play: show its decisions
        shown = shown[:shown.index("approval") + 1] + ("client_policy",) + shown[shown.index("approval") + 1:]
    keys = list(shown + (("project",) if any(r.project for r in rows) else ()))
    if width:
        for key in DROP_ORDER:
            if _fits(keys, rows, width):
                break
            if key in keys:
                keys.remove(key)
        if not _fits(keys, rows, width):
            return None
    return tuple(keys)


def _client_policy(shown: Any) -> str:
    """The client's own decision; ``!`` after it where mcplint's policy disagrees."""
    if not shown:
        return "-"
    return shown["decision"] + ("!" if shown.get("disagrees") else "")


def _cards(rows: list[Any], width: int) -> list[str]:
    """One block per server, for terminals too narrow for the table: every field on its own line,
    wrapped under its label, nothing cut."""
    import textwrap

    from mcplint.escape import printable

    lines: list[str] = []
    for row in rows:
        head = " · ".join(printable(v) for v in (COLUMNS["name"][1](row), row.client, row.transport, row.approval or "-"))
        lines += textwrap.wrap(head, width, subsequent_indent="    ", break_on_hyphens=False) or [""]
        for key, label in (("target", "run"), ("package", "package"), ("client_policy", "client"), ("file", "file"),
                           ("fingerprint", "identity")):
            value = printable(COLUMNS[key][1](row))
            if value in ("", "-"):
                continue
            lines += textwrap.wrap(value, width, initial_indent=f"  {label:<9}", subsequent_indent=" " * 11,
                                   break_on_hyphens=False)
        lines.append("")
    return lines


def write(inventory: Any, out: TextIO, options: Any) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from mcplint.escape import printable

    rows = list(inventory.rows)
    width = getattr(options, "width", None) or _env_width()
    keys = columns(options, rows, width)
    if keys is None:
        files = len(inventory.files)
        out.write("\n".join(_cards(rows, width)) + "\n")
        out.write(f"{len(rows)} server{'s' if len(rows) != 1 else ''} in {files} file{'s' if files != 1 else ''}.\n")
        return
    console = Console(file=out, width=width, force_terminal=bool(getattr(options, "color", False)),
                      no_color=not getattr(options, "color", False), highlight=False, emoji=False, markup=False)
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold", expand=False)
    for key in keys:
        whole = key in WHOLE
        table.add_column(COLUMNS[key][0], overflow="fold", no_wrap=whole, min_width=_need(key, rows) if whole else None)
    for row in rows:
        table.add_row(*(Text(printable(COLUMNS[key][1](row))) for key in keys))
    if rows:
        console.print(table)
    files = len(inventory.files)
    console.print(f"{'' if not rows else chr(10)}{len(rows)} server{'s' if len(rows) != 1 else ''} in "
                  f"{files} file{'s' if files != 1 else ''}.", soft_wrap=True)


def _env_width() -> int:
    """``COLUMNS``, else the terminal's width, else 100 (a CI log)."""
    import os
    import shutil

    try:
        return max(40, int(os.environ["COLUMNS"]))
    except (KeyError, ValueError):
        return shutil.get_terminal_size((100, 24)).columns


def write_json(inventory: Any, out: TextIO, options: Any) -> None:
    from mcplint.inventory import write_json as dump

    dump(inventory, out)

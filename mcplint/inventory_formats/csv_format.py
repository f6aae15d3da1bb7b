"""``inventory --format csv``: the table for spreadsheets (RFC 4180, every cell whole).

A cell a spreadsheet would read as a formula (starting ``=``, ``+``, ``-``, ``@``, tab or CR) is
prefixed with ``'`` — a config written by anyone must not run a formula on the reader's machine.
"""

from __future__ import annotations

import csv
from typing import Any, TextIO

COLUMNS: dict[str, str] = {
    "client": "client", "scope": "scope", "file": "file", "line": "line", "name": "name",
    "transport": "transport", "target": "command / url", "package": "package", "approval": "approval",
    "fingerprint": "fingerprint", "env": "env", "headers": "headers", "project": "project", "disabled": "disabled",
    "client_policy": "client policy",
}
"""Column key → header. ``target`` is the command line or the URL."""
DEFAULT = ("client", "scope", "file", "line", "name", "transport", "target", "package", "approval", "fingerprint")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):  # client_policy: the client's decision
        value = value.get("decision")
    if isinstance(value, list):
        value = " ".join(map(str, value))
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def write(inventory: Any, out: TextIO, options: Any) -> None:
    columns = tuple(options.columns) or DEFAULT
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([COLUMNS[c] for c in columns])
    for row in inventory.rows:
        writer.writerow([_cell(getattr(row, c)) for c in columns])

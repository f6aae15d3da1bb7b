"""The inventory's table (for people) and JSON (the stable contract), from ``mcplint.inventory``."""

from __future__ import annotations

from typing import Any, TextIO


def write(inventory: Any, out: TextIO, options: Any) -> None:
    from mcplint.inventory import write_table

    write_table(inventory, out)


def write_json(inventory: Any, out: TextIO, options: Any) -> None:
    from mcplint.inventory import write_json as dump

    dump(inventory, out)

"""Inventory output formats: one registry, like the scan reporters (``mcplint.report``).

A format's name maps to ``"module:function"``; the function is ``write(inventory, out, options)``
and its module is imported only when the format is used (CycloneDX pulls in a large library).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from typing import Any, TextIO

INVENTORY_FORMATS: dict[str, str] = {
    "table": "mcplint.inventory_formats.table:write",
    "json": "mcplint.inventory_formats.table:write_json",
    "csv": "mcplint.inventory_formats.csv_format:write",
    "ndjson": "mcplint.inventory_formats.ndjson:write",
    "cyclonedx": "mcplint.inventory_formats.cyclonedx:write",
    "html": "mcplint.inventory_formats.html:write",
}
"""Format name → ``module:function`` writing it."""


@dataclass(frozen=True)
class InventoryOptions:
    """How the user asked for the inventory; each writer reads the fields it understands."""

    columns: tuple[str, ...] = ()
    """Table and CSV columns to show, by name (empty: the defaults)."""
    width: int | None = None
    color: bool = False
    counts: dict[tuple[str, str], dict[str, int]] = field(default_factory=dict)
    """(file, server name) → findings by severity, for formats that carry them (NDJSON)."""
    extra: dict[str, Any] = field(default_factory=dict)


def render(inventory: Any, fmt: str, out: TextIO, options: InventoryOptions | None = None) -> None:
    module, _, function = INVENTORY_FORMATS[fmt].partition(":")
    getattr(import_module(module), function)(inventory, out, options or InventoryOptions())



def select_rows(inventory: Any, approval: set[str] | None = None, clients: set[str] | None = None) -> Any:
    """The inventory with only the rows asked for (``--pending``, ``--blocked``, ``--client``)."""
    rows = [r for r in inventory.rows
            if (not approval or r.approval in approval) and (not clients or r.client in clients)]
    return type(inventory)(rows=rows, errors=list(inventory.errors), files=list(inventory.files))

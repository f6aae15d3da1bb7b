"""The JSON Schemas of mcplint's own JSON output, shipped in the package (``mcplint schema``).

Each output's schema is versioned with it: the report's ``schema_version`` names the file.
Consumers validate against these; the test suite validates every JSON mcplint writes.
"""

from __future__ import annotations

import json
from typing import Any

from mcplint import data

FOLDER = data.FOLDER / "json-schema"

SCHEMAS: dict[str, str] = {
    "json": "report-v1.json",
    "inventory": "inventory-v1.json",
}
"""Output name (as ``mcplint schema NAME`` takes it) → schema file in ``mcplint/data/json-schema``."""


def text(name: str) -> str:
    return (FOLDER / SCHEMAS[name]).read_text(encoding="utf-8")


def load(name: str) -> dict[str, Any]:
    return json.loads(text(name))

"""The standards rules map to — OWASP MCP Top 10, OWASP Top 10 for LLM Applications, CWE — as
data (``data/taxonomies.json``); each rule's YAML names its ids (``owasp:``, ``cwe:``).

Reporters ask here for a rule's references with their names (``mcplint rule``, JSON, GitLab,
HTML) and for the SARIF ``taxonomies`` block.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any
from mcplint.record import Frozen


class Reference(Frozen):
    taxonomy: str
    """``owasp-mcp``, ``owasp-llm`` or ``cwe``."""
    id: str
    """``MCP01:2025``, ``LLM06:2025``, ``CWE-798``."""
    name: str


@cache
def catalog() -> dict[str, Any]:
    from mcplint import data

    return json.loads(data.read_text("taxonomies.json"))["taxonomies"]


def taxonomy_of(identifier: str) -> str | None:
    """The taxonomy an id belongs to (None: none we know)."""
    for key, taxonomy in catalog().items():
        if re.match(taxonomy["pattern"], identifier):
            return key
    return None


def references(rule: Any) -> list[Reference]:
    """The rule's standards, OWASP first, with each entry's name ('' where the catalog lacks it)."""
    out: list[Reference] = []
    for identifier in [*getattr(rule, "owasp", ()), *(f"CWE-{c}" for c in getattr(rule, "cwe", ()))]:
        key = taxonomy_of(identifier)
        if key is not None:
            out.append(Reference(key, identifier, catalog()[key]["entries"].get(identifier, "")))
    return out


def as_json(rule: Any) -> dict[str, list[str]]:
    """``{"owasp_mcp": [...], "owasp_llm": [...], "cwe": [...]}`` for a finding's rule."""
    grouped: dict[str, list[str]] = {"owasp_mcp": [], "owasp_llm": [], "cwe": []}
    for ref in references(rule):
        grouped[ref.taxonomy.replace("-", "_")].append(ref.id)
    return grouped

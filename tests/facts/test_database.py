"""The ``database`` fact: whether a database server is read-only, and why not."""

from __future__ import annotations

from helpers import facts_of


def test_configured_elsewhere_keeps_database_rules_quiet() -> None:
    db = facts_of({"command": "npx", "args": ["-y", "@bytebase/dbhub@0.11.5", "--config", "dbhub.toml"]})["database"]
    assert db.read_only and db.limited

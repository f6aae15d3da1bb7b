"""The ``policy`` fact: the approval policy's verdict on a server, worked out on demand."""

from __future__ import annotations

from helpers import facts_of


def test_policy_what_is_worked_out_on_demand() -> None:
    policy = facts_of({"command": "npx", "args": ["-y", "@modelcontextprotocol/server-github@2025.4.8"]})["policy"]
    assert policy.pending and not policy.allowlist
    assert policy.what == "npm:@modelcontextprotocol/server-github@2025.4.8"

"""The organisation policy's decision for a server (rules MCP701, MCP702).

Reads ``[policy]`` from the configuration in force (``FactContext.config``; the central file
named by ``MCPLINT_POLICY`` is already merged in by config.py). Without a configuration the
policy is empty: mode ``denylist``, nothing blocked, so neither rule fires.
"""

from __future__ import annotations

from typing import Any

from mcplint.model import Pointer, Server
from mcplint.record import Frozen


class PolicyFact(Frozen):
    status: str
    """``approved``, ``blocked`` or ``pending``."""
    mode: str
    """``allowlist`` or ``denylist``."""
    reason: str | None
    """Blocked: the entry's reason (or what blocked it); approved: the entry; pending: a near miss."""
    matched: str | None
    """The deciding entry as ``package npm:x`` / ``url https://...`` (None when pending)."""
    server_name: str
    pointer: Pointer
    server: Server

    @property
    def what(self) -> str:
        """What the server runs, safe to print: ``npm:@scope/name@1.2.3``, a URL without credentials.

        Worked out when a message needs it: it parses the command line again (identity.describe),
        and with no policy no rule reads it."""
        from mcplint.identity import describe

        return describe(self.server)

    @property
    def approved(self) -> bool:
        return self.status == "approved"

    @property
    def blocked(self) -> bool:
        return self.status == "blocked"

    @property
    def pending(self) -> bool:
        return self.status == "pending"

    @property
    def allowlist(self) -> bool:
        return self.mode == "allowlist"

    @property
    def fingerprint(self) -> str:
        from mcplint.identity import fingerprint

        return fingerprint(self.server)

    @property
    def why(self) -> str:
        """The reason part of a message, for MCP701 and MCP702."""
        if self.blocked:
            if self.reason and self.matched and self.reason != f"blocked by {self.matched}":
                return f"{self.reason} ({self.matched})"
            return self.reason or "blocked"
        if self.pending:
            if self.reason:
                return self.reason
            return f"no [[policy.approved]] entry matches it (its fingerprint: {self.fingerprint})"
        return self.reason or "approved"


_NO_DECISION = ("pending", "denylist", None, None)
"""Builds a PolicyFact from its fields without ``__new__``'s Python frame (one per server)."""


def analyze(server: Server, facts: Any) -> PolicyFact:
    try:
        policy = facts.ctx.config.policy or {}
    except AttributeError:  # (no configuration: a bare mapping of facts, or config None)
        policy = {}
    if not policy or (not policy.get("approved") and not policy.get("blocked")
                      and policy.get("mode", "denylist") == "denylist"):
        # no policy (the common case): nothing to decide, and nothing more to import
        return PolicyFact(*_NO_DECISION, server.name, server.pointer, server)
    from mcplint.policy import decide

    decision = decide(server, policy)
    return PolicyFact(decision.status, decision.mode, decision.reason, decision.matched, server.name,
                      server.pointer, server)

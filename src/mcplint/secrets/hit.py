"""The record a detection produces."""

from __future__ import annotations

from dataclasses import dataclass, field

from mcplint.secrets.redact import redact

KINDS = ("provider", "keyword", "url-credentials", "private-key", "jwt")
SEVERITIES = ("medium", "high", "critical")


@dataclass(frozen=True)
class SecretHit:
    """One credential found in one scanned string.

    ``value[start:end] == secret`` for the string that was scanned. The secret itself is kept
    out of ``repr`` and comparisons so that logging or diffing hits never prints it; show
    ``redacted`` instead.
    """

    provider: str
    kind: str
    severity: str
    reason: str
    start: int
    end: int
    secret: str = field(repr=False, compare=False)

    @property
    def redacted(self) -> str:
        return redact(self.secret)

    def shifted(self, offset: int) -> SecretHit:
        """The same hit with offsets moved by ``offset`` (for a value cut out of a larger one)."""
        if not offset:
            return self
        return SecretHit(
            self.provider, self.kind, self.severity, self.reason, self.start + offset, self.end + offset, self.secret
        )

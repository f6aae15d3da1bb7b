"""The record a detection produces."""

from __future__ import annotations

from typing import Any

from mcplint.secrets.redact import redact

KINDS = ("provider", "keyword", "url-credentials", "private-key", "jwt")
SEVERITIES = ("medium", "high", "critical")

_FIELDS = ("provider", "kind", "severity", "reason", "start", "end", "secret")


class SecretHit:
    """One credential found in one scanned string.

    ``value[start:end] == secret`` for the string that was scanned. The secret itself is kept
    out of ``repr`` and comparisons so that logging or diffing hits never prints it; show
    ``redacted`` instead.

    Behaves as the frozen dataclass it used to be (constructor, immutability, equality, hash,
    pickling) without importing ``dataclasses``, which pulls ``inspect`` into every start-up.
    """

    __slots__ = _FIELDS
    __match_args__ = _FIELDS

    provider: str
    kind: str
    severity: str
    reason: str
    start: int
    end: int
    secret: str

    def __init__(self, provider: str, kind: str, severity: str, reason: str, start: int, end: int, secret: str) -> None:
        setter = object.__setattr__
        setter(self, "provider", provider)
        setter(self, "kind", kind)
        setter(self, "severity", severity)
        setter(self, "reason", reason)
        setter(self, "start", start)
        setter(self, "end", end)
        setter(self, "secret", secret)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")

    def _key(self) -> tuple[str, str, str, str, int, int]:
        """Every field but the secret: what equality and hashing look at."""
        return (self.provider, self.kind, self.severity, self.reason, self.start, self.end)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._key() == other._key()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (
            f"{self.__class__.__qualname__}(provider={self.provider!r}, kind={self.kind!r}, "
            f"severity={self.severity!r}, reason={self.reason!r}, start={self.start!r}, end={self.end!r})"
        )

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Slots plus a refusing __setattr__: rebuild through the constructor (worker processes
        # send hits back pickled).
        return (self.__class__, tuple(getattr(self, name) for name in _FIELDS))

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

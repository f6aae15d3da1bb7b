"""Hardcoded-credential detection for MCP configuration values (rules MCP101, MCP102).

Public interface::

    scan_value(value, placement=..., name=...) -> list[SecretHit]
    scan_args(args) -> list[tuple[int, SecretHit]]
    is_placeholder(value) -> bool
    redact(secret) -> str
    fingerprint_secret(secret) -> str

Importing this package is cheap; detect-secrets is imported on the first value that carries a
token-like literal one of its plugins could match (see ``plugins`` and ``plugin_screens``).
"""

from __future__ import annotations

from mcplint.secrets.detect import scan_args, scan_value
from mcplint.secrets.hit import SecretHit
from mcplint.secrets.placeholders import is_placeholder
from mcplint.secrets.redact import fingerprint_secret, redact

__all__ = ["SecretHit", "fingerprint_secret", "is_placeholder", "redact", "scan_args", "scan_value"]

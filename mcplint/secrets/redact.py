"""Showing a secret without giving it away.

Output formats, baselines and messages use these two functions and never the raw value: the
masked form lets a user recognise *which* key leaked, the fingerprint lets a baseline recognise
the same value again, and neither can be turned back into the secret.
"""

from __future__ import annotations

_FINGERPRINT_DOMAIN = b"mcplint-secret-v1\x00"
"""Fixed prefix hashed before the value: fingerprints stay stable across runs (baselines need
that) but do not match plain sha256 tables of known tokens."""


def _printable(text: str) -> str:
    return "".join(c if c.isprintable() else "?" for c in text)


def redact(secret: str) -> str:
    """``ghp_…9f (40 chars)``: a short prefix, the last two characters and the length.

    The prefix is at most 4 characters and never more than a quarter of the value, so short
    secrets show less; below 8 characters only the length is shown.
    """
    n = len(secret)
    if n < 8:
        return f"… ({n} chars)"
    head = min(4, n // 4)
    return f"{_printable(secret[:head])}…{_printable(secret[-2:])} ({n} chars)"


def fingerprint_secret(secret: str) -> str:
    """A sha256 hex digest of the value (domain-separated); one-way, stable across runs."""
    import hashlib  # only baselines and fingerprints need it

    return hashlib.sha256(_FINGERPRINT_DOMAIN + secret.encode("utf-8", "surrogatepass")).hexdigest()

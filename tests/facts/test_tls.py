"""The ``tls`` fact: TLS versions a server is told to accept."""

from __future__ import annotations

from helpers import facts_of


def test_weak_tls_from_arguments_and_openssl_method_names() -> None:
    found = facts_of({"command": "x", "args": ["--min-tls-version=1.1"], "tls": {"secureProtocol": "TLSv1_2_method"}})["tls"]
    assert sorted((t.version, t.severity) for t in found) == [("1.1", "high"), ("1.2", "low")]

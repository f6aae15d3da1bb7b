"""The ``tls`` fact: TLS versions a server is told to accept."""

from __future__ import annotations

from helpers import facts_of


def test_weak_tls_from_arguments_and_openssl_method_names() -> None:
    found = facts_of({"command": "x", "args": ["--min-tls-version=1.1"], "tls": {"secureProtocol": "TLSv1_2_method"}})["tls"]
    assert sorted((t.version, t.severity) for t in found) == [("1.1", "high"), ("1.2", "low")]


def test_versions_from_flags_variables_and_nested_settings() -> None:
    def found(entry: dict) -> list[tuple[str, str, str, tuple]]:
        return [(t.where, t.version, t.bound, t.pointer[2:]) for t in facts_of(entry)["tls"]]

    assert found({"command": "node", "args": ["--tls-min-v1.0", "--min-tls-version", "1.1", "--tls-version=TLSv1.2",
                                              "--max-tls-version", "1.0"],
                  "env": {"NODE_OPTIONS": "--tls-max-v1.1", "TLS_MIN_VERSION": "1.0", "SSL_MAX_VERSION": "TLSv1.1",
                          "X": "1.0"}}) == [
        ("env NODE_OPTIONS --tls-max-v1.1", "1.1", "max", ("env", "NODE_OPTIONS")),
        ("argument 1 --tls-min-v1.0", "1.0", "min", ("args", 0)),
        ("argument 2 --min-tls-version 1.1", "1.1", "min", ("args", 1)),
        ("argument 4 --tls-version TLSv1.2", "1.2", "min", ("args", 3)),
        ("argument 5 --max-tls-version 1.0", "1.0", "max", ("args", 4)),
        ("env TLS_MIN_VERSION=1.0", "1.0", "min", ("env", "TLS_MIN_VERSION")),
        ("env SSL_MAX_VERSION=TLSv1.1", "1.1", "max", ("env", "SSL_MAX_VERSION")),
    ]
    assert found({"command": "x", "tls": {"minVersion": "TLSv1", "nested": {"maxVersion": "TLSv1.3"}},
                  "ssl": {"secureProtocol": "TLSv1_1_method"}}) == [
        ("minVersion = TLSv1", "1.0", "min", ("tls", "minVersion")),
        ("maxVersion = TLSv1.3", "1.3", "max", ("tls", "nested", "maxVersion")),
        ("secureProtocol = TLSv1_1_method", "1.1", "min", ("ssl", "secureProtocol")),
    ]
    assert found({"command": "x", "args": ["--port", "1.0", "--min-tls-version"], "env": {"VERSION": "1.0"}}) == []

"""The ``insecure_tls`` fact (facts/tls_verify.py): certificate checks switched off."""

from __future__ import annotations

from helpers import facts_of

from mcplint.facts.tls_verify import FLAGS, VALUE_FLAGS


def test_insecure_tls() -> None:
    def settings(entry: dict) -> list[str]:
        return [i.setting for i in facts_of(entry)["insecure_tls"]]
    assert settings({"command": "x", "env": {"PYTHONHTTPSVERIFY": "0", "SSL_VERIFY": "false", "SKIP_TLS_VERIFY": "1"}}) == [
        "PYTHONHTTPSVERIFY=0", "SSL_VERIFY=false", "SKIP_TLS_VERIFY=1"]
    assert settings({"command": "curl", "args": ["-k", "https://x"]}) == ["curl -k"]
    assert settings({"command": "tool", "args": ["-k", "5"]}) == []
    assert settings({"command": "x", "env": {"EMAIL_VERIFICATION": "false", "CLICKHOUSE_VERIFY": "true"}}) == []
    local = facts_of({"command": "x", "env": {"OBSIDIAN_VERIFY_SSL": "false", "OBSIDIAN_BASE_URL": "https://127.0.0.1:27124"}})["insecure_tls"]
    assert [(i.severity, i.loopback) for i in local] == [("low", True)]


def test_every_flag_starts_with_two_dashes() -> None:
    """The argument loop skips an argument without a leading dash before looking flags up."""
    assert all(flag.startswith("--") for flag in (*FLAGS, *VALUE_FLAGS))

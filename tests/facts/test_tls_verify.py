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


def test_each_kind_of_setting_is_found_where_it_stands() -> None:
    def found(entry: dict) -> list[tuple[str, str, tuple, str]]:
        return [(i.where, i.setting, i.pointer[2:], i.severity) for i in facts_of(entry)["insecure_tls"]]

    # variables: an exact value, an empty CA bundle, a VERIFY name set false, an INSECURE name set true
    assert found({"command": "node", "env": {"NODE_TLS_REJECT_UNAUTHORIZED": "0", "CURL_CA_BUNDLE": "", "VERIFY_SSL": "false",
                                             "MY_INSECURE": "true", "PYTHONHTTPSVERIFY": "1"}}) == [
        ("env NODE_TLS_REJECT_UNAUTHORIZED", "NODE_TLS_REJECT_UNAUTHORIZED=0", ("env", "NODE_TLS_REJECT_UNAUTHORIZED"), "high"),
        ("env CURL_CA_BUNDLE", 'CURL_CA_BUNDLE=""', ("env", "CURL_CA_BUNDLE"), "high"),
        ("env VERIFY_SSL", "VERIFY_SSL=false", ("env", "VERIFY_SSL"), "high"),
        ("env MY_INSECURE", "MY_INSECURE=true", ("env", "MY_INSECURE"), "high"),
    ]
    # flags: bare, with a false value after it or after "=", never when the value says true
    assert found({"command": "x", "args": ["--insecure", "--insecure=false", "--verify-ssl", "false", "--tls-verify=false",
                                           "--verify-ssl=true"]}) == [
        ("argument 1", "--insecure", ("args", 0), "high"),
        ("argument 3", "--verify-ssl false", ("args", 2), "high"),
        ("argument 5", "--tls-verify=false", ("args", 4), "high"),
    ]
    # a docker -e variable, and keys of the entry itself at any depth (not env's, read as variables)
    assert found({"command": "docker", "args": ["run", "-e", "NODE_TLS_REJECT_UNAUTHORIZED=0", "img"]}) == [
        ("docker -e NODE_TLS_REJECT_UNAUTHORIZED", "NODE_TLS_REJECT_UNAUTHORIZED=0", ("args", 2), "high")]
    assert found({"command": "x", "rejectUnauthorized": False, "tls": {"insecure": True, "verify": True},
                  "env": {"rejectUnauthorized": "false"}}) == [
        ("rejectUnauthorized", "rejectUnauthorized: false", ("rejectUnauthorized",), "high"),
        ("insecure", "insecure: true", ("tls", "insecure"), "high"),
    ]
    # a server on the same machine: low
    assert found({"url": "https://127.0.0.1:8443/mcp", "verify_ssl": False}) == [
        ("verify_ssl", "verify_ssl: false", ("verify_ssl",), "low")]


def test_an_entry_without_tls_settings_has_none() -> None:
    assert facts_of({"command": "npx", "args": ["-y", "pkg@1.0.0", "--port", "0"], "env": {"API_URL": "https://x"},
                     "timeout": 0, "disabled": False})["insecure_tls"] == ()

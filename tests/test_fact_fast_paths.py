"""Shortcuts in the schema, secrets, TLS-verify and placeholders facts give the full answer.

Each fact skips work for the common entry (no TLS variable, no ``$`` or ``{``, every key a known
one...). These properties compare each fact with the straightforward computation it replaced,
on generated entries that mix the settings the shortcuts look for with ordinary ones.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mcplint.facts import FactContext, Facts
from mcplint.facts import placeholders as placeholders_fact
from mcplint.facts import schema as schema_fact
from mcplint.facts import secrets as secrets_fact
from mcplint.facts import tls_verify
from mcplint.facts.common import effective_env
from mcplint.model import Server, SourceFile
from mcplint.normalize import server_from_entry
from mcplint.secrets import scan_args, scan_value
from mcplint.secrets.detect import scan_args_hits, scan_hits

CLIENTS = ["generic", "claude-desktop", "claude-code", "vscode", "cursor", "opencode", "windsurf", "goose", "zed",
           "codex", "continue"]
WORDS = ["npx", "-y", "docker", "run", "-e", "--env", "curl", "-k", "--insecure", "--insecure=false", "--verify-ssl",
         "--verify-ssl=false", "--tls-verify", "false", "true", "0", "1", "", "${TOKEN}", "$HOME", "{env:KEY}",
         "${{ secrets.X }}", "%APPDATA%", "NODE_TLS_REJECT_UNAUTHORIZED=0", "A_VERIFY_SSL=false", "image:1",
         "https://127.0.0.1:8443/mcp", "https://api.example.com/v1", "ghp_" + "a1B2" * 9, "bash", "-c", "echo $X"]
ENV_KEYS = ["NODE_TLS_REJECT_UNAUTHORIZED", "PYTHONHTTPSVERIFY", "CURL_CA_BUNDLE", "VERIFY_SSL", "SKIP_TLS_VERIFY",
            "API_KEY", "GITHUB_TOKEN", "BASE_URL", "insecure", "MODE"]
RAW_KEYS = ["rejectUnauthorized", "verify_ssl", "insecure", "tls", "disabled", "autoApprove", "timeout", "type",
            "comand", "serverUrl", "environment", "_comment", "transport", "enabled", "name", "auth", "token"]

_scalars = st.sampled_from([None, True, False, 0, 1, "0", "false", "true", "yes", "", "x", "stdio", "local"])
_texts = st.sampled_from(WORDS)
_nested = st.recursive(
    _scalars | _texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(RAW_KEYS), inner, max_size=3),
    max_leaves=8,
)


@st.composite
def entries(draw: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {}
    if draw(st.booleans()):
        entry["command"] = draw(st.sampled_from(["npx", "docker", "curl", "bash", "/bin/sh", "uvx", "node ${X}"]))
    if draw(st.booleans()):
        entry["args"] = draw(st.lists(_texts, max_size=6))
    if draw(st.booleans()):
        entry["env"] = draw(st.dictionaries(st.sampled_from(ENV_KEYS), _texts | _scalars, max_size=4))
    if draw(st.booleans()):
        entry["url"] = draw(st.sampled_from(["https://127.0.0.1:8443/mcp", "https://x.example.com/${PATH}", "u"]))
    if draw(st.booleans()):
        entry["headers"] = draw(st.dictionaries(st.sampled_from(["Authorization", "X-Key"]), _texts, max_size=2))
    entry.update(draw(st.dictionaries(st.sampled_from(RAW_KEYS), _nested, max_size=4)))
    return entry


def _facts(entry: dict[str, Any], client: str) -> tuple[Server, Facts]:
    server = server_from_entry("s", entry, ("mcpServers", "s"), client, "f.json")
    return server, Facts(server, FactContext(None, SourceFile(path=None, display="f.json"), client))  # type: ignore[arg-type]


# --- the straightforward computations ---------------------------------------------------------------


def _insecure_tls_reference(server: Server, facts: Any) -> tuple[tls_verify.InsecureTls, ...]:
    t = tls_verify
    found: list[tuple[str, str, Any, str]] = []
    package = facts["package"]
    for key, env in effective_env(server, package).items():
        upper, value = key.upper(), env.value.strip()
        if upper in t.EXACT_ENV and value == t.EXACT_ENV[upper]:
            found.append((env.where, f"{key}={value}", env.pointer, "high"))
        elif upper in t.EMPTY_DISABLES and value == "" and env.where.startswith("env"):
            found.append((env.where, f'{key}=""', env.pointer, "high"))
        elif upper not in t.EXACT_ENV and t._verify_key(upper) and t._is_false(value):
            found.append((env.where, f"{key}={value}", env.pointer, "high"))
        elif t._insecure_key(upper) and t._is_true(value):
            found.append((env.where, f"{key}={value}", env.pointer, "high"))
    command = (package.runner if package is not None and package.ecosystem == "local" else "") or ""
    args = server.args
    for i, arg in enumerate(args):
        if not arg.startswith("-"):
            continue
        flag, eq, value = arg.partition("=")
        lower = flag.lower()
        if lower in t.FLAGS and (not eq or t._is_true(value)):
            found.append((f"argument {i + 1}", arg, server.at("args", i), t.FLAGS[lower]))
        elif lower in t.VALUE_FLAGS:
            value = value if eq else (args[i + 1] if i + 1 < len(args) else "")
            if t._is_false(value):
                found.append((f"argument {i + 1}", f"{flag} {value}" if not eq else arg, server.at("args", i), "high"))
        elif arg == "-k" and command in t.CURL_LIKE:
            found.append((f"argument {i + 1}", "curl -k", server.at("args", i), "high"))
    for key, value in server.raw.items():
        if key not in t._SKIPPED:
            t._raw_settings(key, value, server.pointer, found)
    if not found:
        return ()
    loopback = t._targets_loopback(server, facts)
    return tuple(t.InsecureTls(where, setting, pointer, "low" if loopback and sev == "high" else sev, loopback)
                 for where, setting, pointer, sev in found)


def _placeholders_reference(server: Server, facts: Any) -> tuple[placeholders_fact.Placeholder, ...]:
    p = placeholders_fact
    view = p._client_view(server.client)
    if view is None:
        return ()
    expanded, name, expands = view
    program = p._program_expanded(server, facts)  # (mcp-remote's own --header expansion)
    found = []
    for value, field, sub, in_shell in p._values(server):
        if "$" not in value and "{" not in value:
            continue
        for syntax, text in p._placeholders.__wrapped__(value):
            own = program.get(sub) if field == "args" else None
            ref = p._REF_NAME.match(text)
            if own and syntax in own and ref and (ref.group(1) in server.env or ref.group(1) in p._forwarded(server)):
                continue
            if p._reported(syntax, text, in_shell, expanded):
                where, pointer = p._place(server, field, sub)
                found.append(p.Placeholder(text, syntax, where, pointer, name, expands, p.HINTS.get(server.client, "")))
    return tuple(found)


def _secrets_reference(server: Server) -> tuple[secrets_fact.SecretFact, ...]:
    found = []

    def add(hit: Any, where: str, pointer: Any) -> None:
        found.append(secrets_fact.SecretFact(hit.provider, hit.kind, hit.severity, hit.reason, hit.redacted, where,
                                             pointer))

    for key, value in server.env.items():
        for hit in scan_value(value, placement="env", name=key):
            add(hit, f"env {key}", server.at("env", key))
    for key, value in server.headers.items():
        for hit in scan_value(value, placement="header", name=key):
            add(hit, f"header {key}", server.at("headers", key))
    if server.url:
        for hit in scan_value(server.url, placement="url"):
            add(hit, "url", server.at("url"))
    for index, hit in scan_args(server.args):
        add(hit, f"argument {index + 1}", server.at("args", index))
    if server.command and " " in server.command:
        for hit in scan_value(server.command, placement="arg"):
            add(hit, "command", server.at("command"))
    for key in secrets_fact.SECRET_FIELDS:
        if key in server.raw:
            for name, value, pointer in secrets_fact._fields(server.raw[key], server.pointer + (key,), key):
                for hit in scan_value(value, placement="field", name=name):
                    add(hit, f"{key} {name}" if name != key else key, pointer)
    return tuple(found)


# --- properties ---------------------------------------------------------------------------------------

_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))


@_SETTINGS
@given(entries(), st.sampled_from(CLIENTS))
def test_server_facts_equal_the_straightforward_computation(entry: dict[str, Any], client: str) -> None:
    server, facts = _facts(entry, client)
    assert tls_verify.analyze(server, facts) == _insecure_tls_reference(server, facts)
    assert placeholders_fact.analyze(server, facts) == _placeholders_reference(server, facts)
    assert secrets_fact.analyze(server, facts) == _secrets_reference(server)


@_SETTINGS
@given(st.lists(_texts, max_size=6), st.sampled_from(["env", "arg", "header", "url", "field"]),
       st.sampled_from([None, "API_KEY", "--token", "Authorization"]))
def test_shared_scan_results_equal_the_lists(values: list[str], placement: str, name: str | None) -> None:
    for value in values:
        assert scan_hits(value, placement, name) == tuple(scan_value(value, placement=placement, name=name))
    assert scan_args_hits(values) == tuple(scan_args(values))


@_SETTINGS
@given(entries(), st.sampled_from(CLIENTS))
def test_an_entry_without_key_problems_is_told_so(entry: dict[str, Any], client: str) -> None:
    for schema_name in schema_fact.schema_names():
        table = schema_fact._key_table(client, schema_name)
        if schema_fact._nothing_to_report(entry, table):
            assert list(schema_fact._key_violations(entry, schema_name, "s", ("mcpServers", "s"), client)) == []


def test_the_shortcut_applies_to_the_common_entry() -> None:
    table = schema_fact._key_table("claude-desktop", "mcp-servers")
    assert schema_fact._nothing_to_report({"command": "npx", "args": ["-y", "x"], "env": {"A": "1"}}, table)
    assert not schema_fact._nothing_to_report({"command": "npx", "comand": "x"}, table)
    assert not schema_fact._nothing_to_report({"serverUrl": "https://x"}, table)  # another client's name
    assert schema_fact._key_table("codex", "codex").quiet is None  # Codex entries are always checked in full

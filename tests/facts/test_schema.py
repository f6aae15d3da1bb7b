"""The ``schema`` fact (MCP002 schema-violation): per client, on the corpus, and its subset validator
against jsonschema."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from helpers import REPO, corpus_findings, run_python, scan_text

from mcplint.facts import schema as schema_fact


def mcp002(tmp_path: Path, config: str, file: str = ".mcp.json") -> list[str]:
    return [f.message for f in scan_text(tmp_path, config, file, select=["MCP002"])]


# ------------------------------------------------------------------------------------------- MCP002


@pytest.mark.parametrize(("file", "config", "expected"), [
    (".mcp.json", '{"mcpServers": {"a": {"command": "node", "enviroment": {"A": "1"}}}}',
     "server 'a': unknown key 'enviroment' (did you mean 'env'?)"),
    (".mcp.json", '{"mcpServers": {"a": {"Command": "node"}}}', "unknown key 'Command' (did you mean 'command'?)"),
    (".mcp.json", '{"mcpServers": {"a": {"command": "node", "arg": ["x"]}}}', "unknown key 'arg' (did you mean 'args'?)"),
    (".cursor/mcp.json", '{"mcpServers": {"a": {"url": "https://x", "header": {}}}}', "unknown key 'header' (did you mean 'headers'?)"),
    ("opencode.json", '{"mcp": {"a": {"type": "local", "command": ["x"], "enviroment": {}}}}',
     "unknown key 'enviroment' (did you mean 'environment'?)"),
    (".mcp.json", '{"mcpServers": {"a": {"command": "npx", "args": "-y pkg"}}}',
     "server 'a': 'args' must be a list, not a string (give each argument as a list item)"),
    (".mcp.json", '{"mcpServers": {"a": {"command": "npx", "args": ["--port", 8080]}}}',
     "'args[1]' must be a string, not a number (8080) (quote it)"),
    (".mcp.json", '{"mcpServers": {"a": {"command": ["npx", "x"]}}}', "'command' must be a string, not a list"),
    (".mcp.json", '{"mcpServers": {"a": {"command": "x", "disabled": "true"}}}', "'disabled' must be true or false"),
    (".mcp.json", '{"mcpServers": {"a": {"type": "streamable", "url": "https://x"}}}',
     "server 'a': unknown transport type 'streamable'"),
    (".mcp.json", '{"mcpServers": {"a": {"env": {"A": "1"}}}}', "server 'a' has neither 'command' nor 'url'"),
    (".mcp.json", '{"mcpServers": {"a": {"serverUrl": "https://x/mcp"}}}',
     "server 'a' has neither a command nor a URL that Claude Code reads: it does not read 'serverUrl' (use 'url')"),
    ("claude_desktop_config.json", '{"mcpServers": {"a": {"command": "x", "environment": {"T": "1"}}}}',
     "Claude Desktop does not read 'environment' (it reads 'env')"),
    (".mcp.json", '{"mcpServers": {"a": "npx -y pkg"}}', "server 'a' must be an object, not a string"),
    (".mcp.json", '{"mcpServers": ["a"]}', "'mcpServers' must be an object mapping server names to entries, not a list"),
    (".vscode/mcp.json", '{"servers": {"a": {"type": "streamableHttp", "url": "https://x"}}}',
     "unknown transport type 'streamableHttp' (expected one of: stdio, sse, http)"),
    (".codex/config.toml", '[mcp_servers.a]\ncommand = "x"\ndisabled = true\n',
     "server 'a': unknown key 'disabled': OpenAI Codex does not read it, so the server stays enabled"),
    (".codex/config.toml", '[mcp_servers.a]\ncommand = "x"\nfoo = 1\n', "unknown key 'foo': OpenAI Codex does not read it"),
    (".codex/config.toml", '[mcp_servers.a]\nurl = "https://x"\nbearer_token = "abc"\n', "Codex rejects an inline 'bearer_token'"),
    (".codex/config.toml", '[mcp_servers.a]\ncommand = "x"\nurl = "https://x"\n',
     "'url' is not supported for a command (stdio) server"),
    (".codex/config.toml", '[mcp_servers.a]\ncommand = "x"\n[mcp_servers.a.env]\nPORT = 8080\n',
     "'env.PORT' must be a string, not a number (8080)"),
    (".codex/config.toml", '[mcp_servers.team.one]\ncommand = "x"\n[mcp_servers.team.two]\ncommand = "y"\n',
     "server 'team' is not a server but holds 2 server tables (one, two)"),
    (".continue/config.yaml", "mcpServers:\n  - command: npx\n", "missing 'name'"),
    (".continue/config.yaml", "mcpServers:\n  - name: a\n    command: x\n  - name: a\n    command: y\n",
     "duplicate server name 'a'"),
    (".zed/settings.json", '{"context_servers": {"a": {"command": 5}}}', "'command' must be a string or an object with 'path'"),
    ("opencode.json", '{"mcp": {"a": {"type": "local", "command": "npx -y x"}}}', "'command' must be a list, not a string"),
    ("opencode.json", '{"mcp": {"a": {"type": "stdio", "command": ["x"]}}}', "unknown transport type 'stdio' (expected one of: local, remote)"),
    ("opencode.json", '{"mcp": {"a": {"type": "local", "command": ["x"], "env": {"A": "1"}}}}',
     "opencode does not read 'env' (it reads 'environment')"),
    ("x/.config/goose/config.yaml", "extensions:\n  a:\n    type: stdio\n    command: npx\n", None),
])
def test_violation(tmp_path: Path, file: str, config: str, expected: str | None) -> None:
    messages = mcp002(tmp_path, config, file)
    if expected is None:  # goose config outside a known path: generic client, quiet
        return
    assert any(expected in m for m in messages), messages


def test_goose_user_file(tmp_path: Path) -> None:
    from mcplint.engine import LoadedFile
    from mcplint.facts.schema import analyze_file
    from mcplint.load import parse
    from mcplint.model import SourceFile
    from mcplint.normalize import servers_of

    doc = parse("extensions:\n  a:\n    type: stdio\n    command: npx\n    envs: {PORT: 8080}\n"
                "  b:\n    type: builtin\n  c:\n    type: http\n    uri: https://x\n", "yaml")
    servers = servers_of(doc, "goose", "config.yaml", "user", (("extensions",),), False)
    loaded = LoadedFile(SourceFile(Path("config.yaml"), "config.yaml", "goose", "user", "yaml"), "goose", "yaml",
                        doc, None, servers)
    messages = [v.message for v in analyze_file(loaded.facts())]
    assert any("server 'a' has neither a command nor a URL that Goose reads: it does not read 'command' (use 'cmd')"
               in m for m in messages), messages
    assert any("'envs.PORT' must be a string" in m for m in messages), messages
    assert any("unknown transport type 'http'" in m for m in messages), messages
    assert not any("server 'b'" in m for m in messages), messages  # built-in: no command needed


@pytest.mark.parametrize(("file", "config"), [
    (".mcp.json", '{"mcpServers": {"a": {"command": "x", "_comment": "hi", "description": "d", "capabilities": {}}}}'),
    (".mcp.json", '{"mcpServers": {"a": {"type": "http", "url": "https://x", "headersHelper": "get-headers.sh"}}}'),
    (".vscode/mcp.json", '{"servers": {"a": {"command": "x", "envFile": "${workspaceFolder}/.env", "dev": {"watch": "src/**"}, "gallery": true, "version": "1.0.0"}}}'),
    (".vscode/mcp.json", '{"servers": {"a": {"command": "x", "env": {"PORT": 8080, "UNSET": null}}}}'),
    ("cline_mcp_settings.json", '{"mcpServers": {"a": {"transport": {"type": "stdio", "command": "x"}, "autoApprove": [], "timeout": 60}}}'),
    (".gemini/settings.json", '{"mcpServers": {"a": {"httpUrl": "https://x", "trust": true, "includeTools": ["t"]}}}'),
    (".windsurf/mcp_config.json", '{"mcpServers": {"a": {"serverUrl": "https://x", "disabledTools": ["t"]}}}'),
    (".zed/settings.json", '{"context_servers": {"a": {"source": "extension", "settings": {"k": 1}}}}'),
    (".codex/config.toml", '[mcp_servers.a]\nenabled = false\n'),  # a project override of a user server
    (".codex/config.toml", '[mcp_servers.a]\ntype = "stdio"\ncommand = "x"\nenv_vars = ["A", { name = "B" }]\n'),
    (".idx/mcp.json", '{"mcpServers": {"gateway": {"port": 8080, "proxy": true}}}'),  # shape unknown: quiet
    (".mcp.json", '{"mcpServers": {"a": {"command": "x", "disabled": true}, "b": {"disabled": true}}}'),
    ("mcp.json", '{"servers": [{"host": "a"}]}'),  # not an MCP file's servers list: generic, quiet
])
def test_no_violation(tmp_path: Path, file: str, config: str) -> None:
    assert mcp002(tmp_path, config, file) == []


@pytest.mark.parametrize(("file", "config", "expected"), [
    ("claude_desktop_config.json", '{"mcpServers": {"s": {"command": "npx", "args": ["-y", "x"], "env": {"A": "1"}}}}', []),
    ("claude_desktop_config.json", '{"mcpServers": {"s": {"command": "npx", "comand": "x"}}}',
     ["server 's': unknown key 'comand' (did you mean 'command'?)"]),
    ("claude_desktop_config.json", '{"mcpServers": {"s": {"serverUrl": "https://x"}}}',  # another client's name
     ["server 's' has neither a command nor a URL that Claude Desktop reads: it does not read 'serverUrl' (use 'url')"]),
    (".codex/config.toml", '[mcp_servers.s]\ncommand = "x"\nargs = ["a"]\n', []),
    (".codex/config.toml", '[mcp_servers.s]\nurl = "https://x"\nargs = ["a"]\n',  # each key known, not together
     ["server 's': 'args' is not supported for a URL (streamable HTTP) server: Codex rejects the entry"]),
])
def test_the_common_entry_passes_and_its_near_misses_do_not(tmp_path: Path, file: str, config: str,
                                                            expected: list[str]) -> None:
    assert mcp002(tmp_path, config, file) == expected


def test_violation_points_at_the_key(tmp_path: Path) -> None:
    config = '{\n  "mcpServers": {\n    "a": {\n      "command": "x",\n      "comand": "y"\n    }\n  }\n}\n'
    [finding] = scan_text(tmp_path, config, select=["MCP002"])
    assert (finding.line, finding.column, finding.pointer) == (5, 7, "/mcpServers/a/comand")


def test_quick_validator_agrees_with_jsonschema() -> None:
    from jsonschema import Draft202012Validator

    samples = [
        {"command": "x", "args": ["a"], "env": {"A": "1"}}, {"command": "x", "args": "a"}, {"type": "bogus"},
        {"command": ["x"]}, {"command": {"path": "x", "args": ["a"]}}, {"url": 1}, {"env": {"A": [1]}},
        {"transport": {"type": "sse", "url": "u"}}, {"transport": "stdio"}, {"name": "a"}, {},
        {"command": "x", "unknown": 1}, {"oauth": False}, {"env_vars": ["A", {"name": "B"}]},
        {"timeout": 1.5}, {"startup_timeout_ms": 1.0}, {"enabled": 1},
    ]
    for name in schema_fact.schema_names():
        root = schema_fact.schema(name)
        Draft202012Validator.check_schema(root)
        validator = Draft202012Validator(root)
        for sample in samples:
            assert schema_fact.quick_valid(sample, root, root) == validator.is_valid(sample), (name, sample)


def test_every_bundled_schema_compiles_and_keeps_to_the_subset() -> None:
    """Each schema is validated by the compiled checks (jsonschema only words the errors), and a
    schema with a keyword outside the subset is refused when loaded, not silently half-checked."""
    for name in schema_fact.schema_names():
        assert schema_fact._compiled(name) is not None, name
    assert schema_fact._unknown_keyword({"properties": {"a": {"pattern": "x"}}}) == "pattern"
    assert schema_fact._unknown_keyword({"anyOf": [{"type": "string"}, {"not": {}}]}) == "not"
    assert schema_fact._unknown_keyword({"items": {"type": "string", "x-doc": 1}, "$defs": {"d": {"type": "null"}}}) is None


def test_jsonschema_is_not_imported_for_a_valid_file(tmp_path: Path) -> None:
    config = tmp_path / ".mcp.json"
    config.write_text('{"mcpServers": {"a": {"command": "node", "args": ["a.js"]}}}', encoding="utf-8")
    code = ("import sys, mcplint.cli as c\n"
            "c.main(['scan', sys.argv[1], '--isolated'])\n"
            "print('jsonschema' in sys.modules)")
    proc = run_python("-c", code, str(config), cwd=tmp_path)
    assert proc.stdout.strip().splitlines()[-1] == "False", proc.stdout + proc.stderr


def test_schema_files_are_package_data() -> None:
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert "schemas/*.json" in text


# ------------------------------------------------------------------------------------------- MCP003


# ------------------------------------------------------------------------------------------- corpus


def test_mcp002_on_the_corpus_reports_only_real_problems() -> None:
    """Every MCP002 finding on the 240 real configs was read: only these two are real (and are)."""
    found = {(f["file"], f["message"].split(":")[0]) for f in corpus_findings("MCP002")}
    assert found == {
        ("0111/.codex/config.toml", "server 'awslabs' is not a server but holds 3 server tables (aws-api-mcp-server, "
                                    "cdk-mcp-server, lambda-tool-mcp-server)"),
        ("0202/packages/api-server/.windsurf/mcp_config.json", "'mcpServers' must be an object mapping server names to entries, not a list"),
    }


# ------------------------------------------------------------------------------------------- quick validator

_SCALARS = [None, True, False, 0, 1, 1.5, 2.0, "", "x", "stdio", "http", "local", "sse"]
_KEYS = ["command", "args", "env", "url", "type", "transport", "headers", "enabled", "disabled", "oauth", "path",
         "env_vars", "name", "timeout", "startup_timeout_ms", "cwd", "tools", "extra", "source", "settings"]


def _values() -> Any:
    from hypothesis import strategies as st

    return st.recursive(
        st.sampled_from(_SCALARS),
        lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(_KEYS), inner, max_size=4)),
        max_leaves=12,
    )


def _outcome(check: Any, value: Any) -> Any:
    try:
        return check(value)
    except schema_fact._Unsure:
        return "unsure"


def test_quick_validator_agrees_with_jsonschema_on_generated_entries() -> None:
    from hypothesis import HealthCheck, given, settings
    from jsonschema import Draft202012Validator

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(value=_values())
    def check(value: Any) -> None:
        for name in schema_fact.schema_names():
            root = schema_fact.schema(name)
            quick = _outcome(lambda v: schema_fact.quick_valid(v, root, root), value)
            if quick != "unsure":
                assert quick == Draft202012Validator(root).is_valid(value), (name, value)

    check()


def test_violations_are_named_tuples() -> None:
    import pickle

    violation = schema_fact.Violation("m", ("a",), key="a")
    assert violation == pickle.loads(pickle.dumps(violation)) and violation.at_key and violation.line == 1

"""Every client's format and container shape, end to end: file -> load -> normalize -> Servers.

One fixture per client and format under fixtures/clients/ (JSON, JSONC, YAML, TOML); each test
checks which client the path is attributed to and every server's name, transport, command,
URL and where it stands (line and column from the loader), so a regression in discovery,
loading or normalize shows up here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import FIXTURES

from mcplint import clients
from mcplint.discover import source_for_file
from mcplint.model import SourceFile
from mcplint.scan import load_source

CLIENTS = FIXTURES / "clients"

# fixture -> (client, [(name, transport, command, url, disabled)])
CASES: dict[str, tuple[str, list[tuple[str, str, str | None, str | None, bool]]]] = {
    "claude-desktop/claude_desktop_config.json": ("claude-desktop", [
        ("filesystem", "stdio", "npx", None, False)]),
    "claude-code/.mcp.json": ("claude-code", [
        ("docs", "stdio", "npx", None, False),
        ("remote", "http", None, "https://mcp.example.com/mcp", False)]),
    "claude-code/plugin/.mcp.json": ("claude-code", [
        ("plugin-tool", "stdio", "${CLAUDE_PLUGIN_ROOT}/bin/server", None, False),
        ("plugin-remote", "http", None, "https://plugin.example.com/mcp", False)]),
    "cursor/.cursor/mcp.json": ("cursor", [
        ("github", "stdio", "npx", None, False),
        ("linear", "http", None, "https://mcp.linear.app/mcp", False)]),
    "vscode/.vscode/mcp.json": ("vscode", [
        ("api", "stdio", "uvx", None, False),
        ("remote", "sse", None, "https://mcp.example.com/sse", False)]),
    "vscode/.vscode/settings.json": ("vscode", [("settings-server", "stdio", "node", None, False)]),
    "vscode/project.code-workspace": ("vscode", [("ws-server", "http", None, "https://ws.example.com/mcp", False)]),
    "vscode/.devcontainer/devcontainer.json": ("vscode", [("container-server", "stdio", "python", None, False)]),
    "windsurf/.windsurf/mcp_config.json": ("windsurf", [
        ("remote", "http", None, "https://mcp.example.com/mcp", False),
        ("local", "stdio", "npx", None, True)]),
    "gemini-cli/.gemini/settings.json": ("gemini-cli", [
        ("files", "stdio", "npx", None, False),
        ("stream", "http", None, "https://mcp.example.com/mcp", False),
        ("events", "sse", None, "https://mcp.example.com/sse", False)]),
    "codex/.codex/config.toml": ("codex", [
        ("docs", "stdio", "npx", None, False),
        ("remote", "http", None, "https://mcp.example.com/mcp", True)]),
    "zed/.zed/settings.json": ("zed", [
        ("local", "stdio", "some-mcp", None, False),
        ("legacy", "stdio", "/usr/local/bin/legacy-mcp", None, False),
        ("remote", "http", None, "https://mcp.example.com/mcp", False),
        ("from-extension", "stdio", None, None, True)]),
    "continue/.continue/config.yaml": ("continue", [
        ("browser", "stdio", "npx", None, False),
        ("remote", "http", None, "https://mcp.example.com/mcp", False)]),
    "continue/.continue/mcpServers/sqlite.yaml": ("continue", [("sqlite", "stdio", "uvx", None, False)]),
    "continue/.continue/mcpServers/claude-style.json": ("continue", [("dropped-in", "stdio", "node", None, False)]),
    "continue/.continue/config.json": ("continue", [("0", "stdio", "uvx", None, False)]),
    "cline/cline_mcp_settings.json": ("cline", [
        ("nested", "http", None, "https://mcp.example.com/mcp", False),
        ("legacy", "stdio", "node", None, False),
        ("events", "sse", None, "https://mcp.example.com/sse", False)]),
    "roo-code/.roo/mcp.json": ("roo-code", [
        ("db", "http", None, "https://db.example.com/mcp", False),
        ("git", "stdio", "uvx", None, False)]),
    "opencode/opencode.json": ("opencode", [
        ("local", "stdio", "npx", None, False),
        ("remote", "http", None, "https://mcp.example.com/mcp", False)]),
    "opencode/v2/opencode.jsonc": ("opencode", [("argv", "stdio", "uvx", None, True)]),
    "crush/crush.json": ("crush", [
        ("fs", "stdio", "node", None, False),
        ("api", "http", None, "https://mcp.example.com/mcp", False)]),
    "kilo-cli/kilo.json": ("kilo-cli", [("k", "stdio", "kilo-mcp", None, False)]),
    "kilo-code/.kilocode/mcp.json": ("kilo-code", [("k", "stdio", "node", None, False)]),
    "amazon-q/.amazonq/mcp.json": ("amazon-q", [("aws-docs", "stdio", "uvx", None, False)]),
    "kiro/.kiro/settings/mcp.json": ("kiro", [("fetch", "stdio", "uvx", None, False)]),
    "copilot-cli/.github/mcp.json": ("copilot-cli", [("local", "stdio", "npx", None, False)]),
    "junie/.junie/mcp/mcp.json": ("junie", [("j", "stdio", "java", None, False)]),
    "trae/.trae/mcp.json": ("trae", [("t", "stdio", "npx", None, False)]),
    "idx/.idx/mcp.json": ("idx", [("firebase", "stdio", "npx", None, False)]),
    "qwen-code/.qwen/settings.json": ("qwen-code", [("q", "stdio", "python", None, False)]),
    "librechat/librechat.yaml": ("librechat", [
        ("everything", "sse", None, "http://localhost:3001/sse", False),
        ("files", "stdio", "npx", None, False)]),
    "visual-studio/.vs/mcp.json": ("visual-studio", [("vs", "stdio", "dotnet", None, False)]),
    "jetbrains-air/.air/mcp.json": ("jetbrains-air", [("air", "stdio", "node", None, False)]),
    "factory/.factory/mcp.json": ("factory", [("f", "http", None, "https://f.example.com/mcp", False)]),
    "generic/mcp.json": ("generic", [("g", "stdio", "node", None, False)]),
}

# user-level files (no project pattern): fixture -> client
USER_FILES = {
    "claude-code/home/.claude.json": "claude-code",
    "goose/home/.config/goose/config.yaml": "goose",
    "amp/home/.config/amp/settings.json": "amp",
}


def _load(relative: str, client: str | None = None):
    path = CLIENTS / relative
    if client is None:
        source = source_for_file(path, CLIENTS, explicit=True)
    else:
        source = SourceFile(path, relative, client, "user", clients.format_for(clients.get(client), path))
    loaded = load_source(source)
    assert loaded is not None and loaded.error is None, loaded and loaded.error and loaded.error.message
    return loaded


@pytest.mark.parametrize("relative", sorted(CASES))
def test_fixture_servers(relative: str) -> None:
    client, expected = CASES[relative]
    loaded = _load(relative)
    assert loaded.client == client
    got = [(s.name, s.transport, s.command, s.url, s.disabled) for s in loaded.servers]
    assert got == expected
    for server in loaded.servers:  # every server has a position from its loader
        span = loaded.doc.key_span(server.pointer)
        assert span is not None and span.line >= 1 and span.column >= 1


def test_every_catalogued_client_with_a_file_format_has_a_fixture() -> None:
    covered = {client for client, _ in CASES.values()} | set(USER_FILES.values())
    missing = {c.id for c in clients.all_clients()} - covered - {"antigravity", "lm-studio", "augment", "copilot-jetbrains"}
    assert not missing, f"no fixture for {sorted(missing)}"


def test_every_format_is_covered() -> None:
    formats = {_load(r).format for r in CASES} | {_load(r, c).format for r, c in USER_FILES.items()}
    assert {"json", "jsonc", "yaml", "toml"} <= formats


def test_claude_code_user_file_reports_each_project() -> None:
    loaded = _load("claude-code/home/.claude.json", "claude-code")
    got = [(s.name, s.project, s.transport) for s in loaded.servers]
    assert got == [("global", None, "stdio"), ("local-db", "/home/me/repo", "sse")]
    local = loaded.servers[1]
    assert local.pointer == ("projects", "/home/me/repo", "mcpServers", "local-db")
    assert loaded.doc.key_span(local.pointer).line == 10


def test_goose_extensions() -> None:
    loaded = _load("goose/home/.config/goose/config.yaml", "goose")
    by_name = {s.name: s for s in loaded.servers}
    assert by_name["developer"].transport == "builtin" and by_name["developer"].command is None
    github = by_name["github"]
    assert (github.command, github.args, github.env) == ("npx", ["-y", "example-github-mcp@1.0.0"], {"LOG": "debug"})
    assert loaded.doc.span(github.at("command")).line == 12  # YAML node marks
    assert loaded.doc.span(github.at("args", 1)).column > 1
    remote = by_name["remote"]
    assert (remote.transport, remote.url, remote.disabled, remote.headers) == (
        "http", "https://mcp.example.com/mcp", True, {"X-Team": "core"})


def test_codex_toml_positions() -> None:
    loaded = _load("codex/.codex/config.toml")
    docs, remote = loaded.servers
    assert docs.env == {"LOG": "debug"} and remote.headers == {"X-Team": "core"}
    span = loaded.doc.span(docs.at("args", 1))
    assert (span.line, span.column) == (5, 15)
    key = loaded.doc.key_span(remote.at("url"))
    assert (key.line, key.column) == (12, 1)


def test_continue_yaml_list_and_headers() -> None:
    loaded = _load("continue/.continue/config.yaml")
    browser, remote = loaded.servers
    assert browser.env == {"TOKEN": "${{ secrets.TOKEN }}"}
    assert remote.headers == {"Authorization": "Bearer ${{ secrets.API }}"}
    assert browser.pointer == ("mcpServers", 0)
    assert loaded.doc.span(browser.at("command")).line == 7


def test_opencode_argv_and_environment() -> None:
    loaded = _load("opencode/opencode.json")
    local = loaded.servers[0]
    assert (local.command, local.args, local.env) == ("npx", ["-y", "example-mcp@1.0.0"], {"TOKEN": "{env:TOKEN}"})
    assert local.at("args", 0) == ("mcp", "local", "command", 1)


def test_zed_legacy_command_object() -> None:
    loaded = _load("zed/.zed/settings.json")
    legacy = loaded.servers[1]
    assert (legacy.args, legacy.env) == (["serve"], {"A": "1"})
    assert legacy.at("command") == ("context_servers", "legacy", "command", "path")


def test_cline_nested_transport_pointer() -> None:
    loaded = _load("cline/cline_mcp_settings.json")
    nested = loaded.servers[0]
    assert nested.at("url") == ("mcpServers", "nested", "transport", "url")
    assert nested.auto_approve == ["list"]


def test_amp_literal_dotted_key() -> None:
    loaded = _load("amp/home/.config/amp/settings.json", "amp")
    assert [s.pointer for s in loaded.servers] == [("amp.mcpServers", "playwright")]


def test_corpus_every_file_loads_without_internal_error() -> None:
    from helpers import CORPUS

    if not CORPUS.is_dir():
        pytest.skip("corpus not present")
    from mcplint.discover import discover

    sources, _ = discover([str(CORPUS)], CORPUS)
    assert len(sources) > 200
    servers = 0
    for source in sources:
        loaded = load_source(source)
        if loaded is not None:
            servers += len(loaded.servers)
    assert servers > 500


# ------------------------------------------------------------------ SARIF for code scanning (issue 15)

SARIF_SEVERITY_RANGES = {"critical": (9.0, 10.0), "high": (7.0, 8.9), "medium": (4.0, 6.9), "low": (0.1, 3.9),
                         "info": (0.1, 3.9)}


def _sarif_log(cwd: Path, *args: str) -> dict:
    import json

    from helpers import SARIF_SCHEMA, run_cli
    from jsonschema import Draft4Validator

    result = run_cli("scan", "-f", "sarif", *args, cwd=cwd)
    assert result.returncode in (0, 1), result.stderr
    log = json.loads(result.stdout)
    Draft4Validator(json.loads(SARIF_SCHEMA.read_text())).validate(log)
    return log


def test_the_vendored_sarif_schema_is_the_official_one() -> None:
    import hashlib

    from helpers import SARIF_SCHEMA

    digest = hashlib.sha256(SARIF_SCHEMA.read_bytes()).hexdigest()
    assert digest == "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"
    assert (SARIF_SCHEMA.parent / "sarif-schema-2.1.0.PROVENANCE.md").is_file()


def test_each_result_gets_the_github_severity_of_its_own_severity(tmp_path: Path) -> None:
    (tmp_path / ".cursor").mkdir()
    (tmp_path / ".cursor" / "mcp.json").write_text(
        '{"mcpServers": {"local": {"url": "http://localhost:8080/sse"}, "remote": {"url": "http://mcp.example.com/sse"},\n'
        ' "gh": {"command": "node", "args": ["s.js"], "env": {"GITHUB_TOKEN": "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"}}}}\n')
    run = _sarif_log(tmp_path, "--isolated")["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids))
    seen = set()
    for result in run["results"]:
        descriptor = rules[result["ruleIndex"]]
        assert descriptor["id"] == result["ruleId"]
        severity = result["properties"]["severity"]
        low, high = SARIF_SEVERITY_RANGES[severity]
        assert low <= float(descriptor["properties"]["security-severity"]) <= high, (result["ruleId"], severity)
        assert descriptor["defaultConfiguration"]["level"] == result["level"]
        seen.add((result["ruleId"], severity))
    assert ("MCP201", "high") in seen and ("MCP201/info", "info") in seen and ("MCP101/critical", "critical") in seen
    assert "MCP201/low" not in ids  # only severities actually reported get a descriptor


def test_sarif_uris_are_percent_encoded(tmp_path: Path) -> None:
    folder = tmp_path / "my dir #1" / "100%" / "ünï" / ".cursor"
    folder.mkdir(parents=True)
    (folder / "mcp.json").write_text('{"mcpServers": {"remote": {"url": "http://mcp.example.com/sse"}}}')
    run = _sarif_log(tmp_path, "--isolated")["runs"][0]
    [location] = {json_key(r["locations"][0]["physicalLocation"]["artifactLocation"]) for r in run["results"]}
    assert location == ("my%20dir%20%231/100%25/%C3%BCn%C3%AF/.cursor/mcp.json", "%SRCROOT%")


def json_key(artifact: dict) -> tuple[str, str | None]:
    return artifact["uri"], artifact.get("uriBaseId")


def test_machine_scan_sarif_uses_absolute_file_uris(tmp_path: Path) -> None:
    home = tmp_path / "home of ann"
    (home / ".cursor").mkdir(parents=True)
    (home / ".cursor" / "mcp.json").write_text('{"mcpServers": {"remote": {"url": "http://mcp.example.com/sse"}}}')
    run = _sarif_log(tmp_path, "--home", str(home), "--os", "linux", "--isolated")["runs"][0]
    uris = {json_key(r["locations"][0]["physicalLocation"]["artifactLocation"]) for r in run["results"]}
    assert uris == {((home / ".cursor" / "mcp.json").as_uri(), None)}
    assert "%20" in next(iter(uris))[0] and "~" not in next(iter(uris))[0]

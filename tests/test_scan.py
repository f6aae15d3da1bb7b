"""The pipeline as a whole: client inference and shapes across file names."""

from __future__ import annotations

from pathlib import Path

import pytest

from mcplint.model import SourceFile
from mcplint.scan import load_source


def test_shared_file_name_in_another_clients_shape_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / ".mcp.json"  # Claude Code's name, Visual Studio's `servers` shape
    path.write_text('{"inputs": [], "servers": {"a": {"type": "http", "url": "https://example.com/mcp"}}}')
    loaded = load_source(SourceFile(path, ".mcp.json", "claude-code", "project", "json"))
    assert [s.name for s in loaded.servers] == ["a"]
    assert loaded.client == "vscode"


def test_sniffed_json_without_servers_is_not_an_mcp_file(tmp_path: Path) -> None:
    path = tmp_path / "app.json"
    path.write_text('{"servers": ["db1", "db2"]}')
    assert load_source(SourceFile(path, "app.json", None, "project", None, sniffed=True)) is None
    path.write_text('{"servers": [')
    assert load_source(SourceFile(path, "app.json", None, "project", None, sniffed=True)) is None


def test_claude_settings_files_are_discovered_for_client_level_auto_approval(tmp_path: Path) -> None:
    from mcplint.ruleset import load_rules
    from mcplint.scan import ScanOptions, scan_paths

    (tmp_path / ".claude").mkdir()
    (tmp_path / ".claude" / "settings.json").write_text('{"enableAllProjectMcpServers": true}')
    report = scan_paths([str(tmp_path)], ScanOptions(rules=load_rules()), cwd=tmp_path)
    assert [(f.file, f.rule) for f in report.findings] == [(".claude/settings.json", "MCP603")]


# ------------------------------------------------------------ don't fail what isn't MCP (issue 15)

NOT_MCP = Path(__file__).resolve().parent / "data" / "not-mcp"


def test_the_negative_corpus_is_large_and_varied() -> None:
    files = [p for p in NOT_MCP.rglob("*") if p.is_file()]
    assert len(files) >= 20
    assert {p.suffix for p in files} >= {".json", ".yml", ".yaml", ".toml"}


def test_ordinary_json_yaml_and_toml_files_are_skipped_silently(tmp_path: Path) -> None:
    import json
    import shutil

    from helpers import run_cli

    root = tmp_path / "repo"
    shutil.copytree(NOT_MCP, root)
    result = run_cli("scan", "-f", "json", "--fail-on", "info", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    data = json.loads(result.stdout)
    assert data["findings"] == []
    # only the catalog's own locations count as scanned (.vscode/settings.json: VS Code may keep MCP there)
    assert data["files_scanned"] == 1
    named = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    result = run_cli("scan", "-f", "concise", "--fail-on", "info", *named, cwd=root)
    assert (result.returncode, result.stdout) == (0, "No findings in 1 file.\n"), result.stdout
    assert run_cli("inventory", cwd=root).stdout == "no MCP servers found in 1 file.\n"


def test_positive_evidence_still_makes_an_mcp_config(tmp_path: Path) -> None:
    import json

    from helpers import run_cli

    (tmp_path / "tools").mkdir()
    (tmp_path / "tools" / "agents.json").write_text(
        '{"servers": {"web": {"type": "sse", "url": "http://mcp.example.com/sse"}}}')
    (tmp_path / "tools" / "local.json").write_text('{"servers": {"fs": {"command": "npx", "args": ["-y", "x-mcp"]}}}')
    (tmp_path / "tools" / "team.json").write_text('{"mcpServers": {"web": {"url": "http://mcp.example.com/sse"}}}')
    (tmp_path / "tools" / "broken.json").write_text('{"mcpServers": {"web": {"url": "http://mcp.example.com/sse"}')
    data = json.loads(run_cli("scan", "-f", "json", cwd=tmp_path).stdout)
    by_file = {(f["file"], f["rule"]) for f in data["findings"]}
    assert {("tools/agents.json", "MCP201"), ("tools/team.json", "MCP201"), ("tools/broken.json", "MCP001")} <= by_file
    assert "tools/local.json" in {f["file"] for f in data["findings"]}  # an unpinned package
    assert data["files_scanned"] == 4


def test_a_baseline_file_is_not_a_scanned_config(tmp_path: Path) -> None:
    import json

    from helpers import run_cli

    (tmp_path / ".vscode").mkdir()
    (tmp_path / ".vscode" / "mcp.json").write_text(
        '{"servers": {"mcpServers": {"type": "sse", "url": "http://mcp.example.com/sse"}}}')
    for name in (".mcplint-baseline.json", "baseline.json"):
        assert run_cli("scan", "--write-baseline", name, cwd=tmp_path).returncode == 0
        assert '"mcpServers"' in (tmp_path / name).read_text()  # a server's name: the bytes carry the marker
        data = json.loads(run_cli("scan", "-f", "json", "--baseline", name, cwd=tmp_path).stdout)
        assert data["files_scanned"] == 1 and data["findings"] == [], name


# --------------------------------------------------------------- positions for every line ending (issue 15)

LINE_ENDINGS = {"lf": "\n", "crlf": "\r\n", "cr": "\r"}
JSON_LINES = ['{"mcpServers": {', '  // the remote one', '  "web": {"url": "http://mcp.example.com/sse"},',
              '  "a": {"command": "node", "args": ["a.js"]},', '  "a": {"command": "node", "args": ["b.js"]},',
              '  "a": {"command": "node", "args": ["c.js"]}', '}}', '']
YAML_LINES = ["name: x", "mcpServers:", "  # the remote one", "  - name: web", "    url: http://mcp.example.com/sse",
              "    type: sse", "    type: sse", ""]
TOML_LINES = ["# codex", "[mcp_servers.web]", 'url = "http://mcp.example.com/sse"', ""]


@pytest.mark.parametrize("ending", LINE_ENDINGS)
def test_positions_for_every_line_ending_and_each_duplicate_where_it_stands(tmp_path: Path, ending: str) -> None:
    import json

    from helpers import run_cli

    nl = LINE_ENDINGS[ending]
    files = {".cursor/mcp.json": JSON_LINES, ".continue/mcpServers/web.yaml": YAML_LINES}
    if ending != "cr":  # a lone CR is no line break in TOML (below)
        files[".codex/config.toml"] = TOML_LINES
    for name, lines in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(nl.join(lines).encode())
    data = json.loads(run_cli("scan", "-f", "json", "--select", "MCP002,MCP201", cwd=tmp_path).stdout)
    got = sorted((f["file"], f["rule"], f["line"], f["column"]) for f in data["findings"])
    expected = [(".continue/mcpServers/web.yaml", "MCP002", 7, 5), (".continue/mcpServers/web.yaml", "MCP201", 5, 10),
                (".cursor/mcp.json", "MCP002", 5, 3), (".cursor/mcp.json", "MCP002", 6, 3),
                (".cursor/mcp.json", "MCP201", 3, 18)]
    if ending != "cr":
        expected.insert(0, (".codex/config.toml", "MCP201", 3, 7))
    assert got == expected
    # the text report shows each finding's own line
    text = run_cli("scan", "--select", "MCP201", cwd=tmp_path).stdout
    assert '"web": {"url": "http://mcp.example.com/sse"},' in text and "url: http://mcp.example.com/sse" in text
    # an inline ignore applies to the line it names, whatever the line ending
    lines = list(JSON_LINES)
    lines[1] = "  // mcplint: ignore[MCP201] lab"
    (tmp_path / ".cursor/mcp.json").unlink()
    (tmp_path / ".vscode").mkdir()
    (tmp_path / ".vscode/mcp.json").write_bytes(nl.join(lines).replace('"mcpServers"', '"servers"').encode())
    data = json.loads(run_cli("scan", "-f", "json", "--select", "MCP201", cwd=tmp_path).stdout)
    assert ".vscode/mcp.json" not in {f["file"] for f in data["findings"]}


def test_errors_in_a_cr_only_file_stand_on_their_line(tmp_path: Path) -> None:
    import json

    from helpers import run_cli

    (tmp_path / ".cursor").mkdir()
    (tmp_path / ".cursor/mcp.json").write_bytes(b'{"mcpServers": {\r  "a": {"command": "node"}\r  "b": 1}}\r')
    (tmp_path / ".codex").mkdir()
    (tmp_path / ".codex/config.toml").write_bytes(b'[mcp_servers.a]\rcommand = "node"\r')
    data = json.loads(run_cli("scan", "-f", "json", cwd=tmp_path).stdout)
    errors = sorted((f["file"], f["line"], f["column"]) for f in data["findings"] if f["rule"] == "MCP001")
    assert errors == [(".codex/config.toml", 1, 16), (".cursor/mcp.json", 3, 3)]

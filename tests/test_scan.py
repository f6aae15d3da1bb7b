"""The pipeline as a whole: client inference and shapes across file names."""

from __future__ import annotations

from pathlib import Path

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

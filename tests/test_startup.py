"""The pre-commit path stays lean: a clean file is scanned without the heavy optional imports."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers import FIXTURES, run_cli

from mcplint.ruleset import INDEX_NAME, builtin_dir

HEAVY = {"rich", "jsonschema", "detect_secrets", "requests"}
if (builtin_dir() / INDEX_NAME).is_file():
    HEAVY.add("yaml")  # an installed mcplint reads its pre-parsed rule index, not the YAML files


def _imported(stderr: str) -> set[str]:
    """Top-level module names from ``-X importtime`` output."""
    names = set()
    for line in stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    return names


def test_scanning_a_clean_json_file_imports_no_heavy_module(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "clean", tmp_path / "clean")
    result = run_cli("-X", "importtime", "scan", "clean/.cursor/mcp.json", "clean/.vscode/mcp.json", cwd=tmp_path, python_flags=True)
    assert result.returncode == 0, result.stdout + result.stderr
    imported = _imported(result.stderr)
    assert "mcplint" in imported and "click" in imported  # the measurement itself works
    assert not imported & HEAVY, imported & HEAVY


def test_a_buffer_on_standard_input_imports_no_heavy_module(tmp_path: Path) -> None:
    """Editors run ``mcplint scan - --stdin-filename PATH`` on every keystroke pause."""
    text = '{"mcpServers": {"local-docs": {"type": "http", "url": "http://localhost:8080/mcp"}}}\n'
    result = run_cli("-X", "importtime", "scan", "-", "--stdin-filename", ".cursor/mcp.json", cwd=tmp_path,
                     python_flags=True, input=text)
    assert result.returncode == 0, result.stdout + result.stderr  # an info finding (localhost) does not fail
    assert "in 1 of 1 file" in result.stdout
    imported = _imported(result.stderr)
    assert "mcplint" in imported and not imported & HEAVY, imported & HEAVY


def test_version_and_help_import_no_heavy_module() -> None:
    for args in (["--version"], ["scan", "--help"]):
        result = run_cli("-X", "importtime", *args, python_flags=True)
        assert result.returncode == 0
        assert not _imported(result.stderr) & HEAVY

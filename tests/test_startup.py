"""The pre-commit path (``mcplint scan FILE``) stays lean: no heavy module is imported for a clean
file, a buffer on standard input, ``--version`` or ``--help`` — rich, jsonschema, detect-secrets
(and the requests it brings) and, in an installed mcplint, yaml — and click, the command line's
own library, is imported by ``mcplint.cli`` alone."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers import FIXTURES, run_cli

from mcplint.ruleset import INDEX_NAME, builtin_dir

HEAVY = {"rich", "jsonschema", "detect_secrets", "requests"}
if (builtin_dir() / INDEX_NAME).is_file():
    HEAVY.add("yaml")  # an installed mcplint reads its pre-parsed rule index, not the YAML files


def _imports(stderr: str) -> list[tuple[int, str]]:
    """(depth, module) from ``-X importtime`` output, in its order: a module after those it imported."""
    found = []
    for line in stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1]
            found.append(((len(name) - len(name.lstrip()) - 1) // 2, name.strip()))
    return found


def _imported(stderr: str) -> set[str]:
    """Top-level names of the modules imported."""
    return {name.split(".")[0] for _, name in _imports(stderr)}


def _mcplint_importer(stderr: str, module: str) -> str | None:
    """The mcplint module that first imported ``module``, directly or through other packages."""
    imports = _imports(stderr)
    index = next((i for i, (_, name) in enumerate(imports) if name == module), None)
    if index is None:
        return None
    depth = imports[index][0]
    for later, name in imports[index + 1:]:
        if later < depth:
            if name.split(".")[0] == "mcplint":
                return name
            depth = later
    return None


def test_scanning_a_clean_json_file_imports_no_heavy_module(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "clean", tmp_path / "clean")
    result = run_cli("-X", "importtime", "scan", "clean/.cursor/mcp.json", "clean/.vscode/mcp.json", cwd=tmp_path,
                     python_flags=True)
    assert result.returncode == 0, result.stdout + result.stderr
    imported = _imported(result.stderr)
    assert "mcplint" in imported and "click" in imported  # the measurement itself works
    assert not imported & HEAVY, imported & HEAVY


def test_click_is_imported_by_the_command_line_alone(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "clean", tmp_path / "clean")
    for args in (["scan", "clean/.cursor/mcp.json"], ["--version"]):
        result = run_cli("-X", "importtime", *args, cwd=tmp_path, python_flags=True)
        assert result.returncode == 0, result.stdout + result.stderr
        importer = _mcplint_importer(result.stderr, "click")
        assert importer == "mcplint.cli" or (importer or "").startswith("mcplint.cli."), importer


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

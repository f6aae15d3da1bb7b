"""Env files a config names (envFile): found, loaded as dotenv, scanned at their own lines."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from helpers import invoke

from mcplint.envfiles import resolve

TOKEN = "ghp_" + "Zq8Lw3Rt6Yp1Xn4Vb7Mk2Jh5Gf9Ds0Ac3Ee"


def _workspace(tmp_path: Path, env_file: str = "${workspaceFolder}/.env", env_text: str | None = None) -> Path:
    (tmp_path / ".vscode").mkdir()
    (tmp_path / ".vscode" / "mcp.json").write_text(json.dumps({"servers": {"github": {
        "type": "stdio", "command": "npx", "args": ["-y", "@modelcontextprotocol/server-github@2025.4.8"],
        "envFile": env_file}}}), encoding="utf-8")
    if env_text is not None:
        (tmp_path / ".env").write_text(env_text, encoding="utf-8")
    return tmp_path


def _scan(root: Path, *extra: str) -> tuple[list[dict], str]:
    result = invoke(["scan", ".", "--isolated", "--format", "json", *extra], cwd=root)
    return json.loads(result.output)["findings"], result.output


def test_a_secret_in_the_env_file_is_reported_at_its_own_line(tmp_path: Path) -> None:
    root = _workspace(tmp_path, env_text=f"# GitHub\nexport GITHUB_PERSONAL_ACCESS_TOKEN=\"{TOKEN}\"\n")
    found, output = _scan(root)
    secrets = [f for f in found if f["rule"] == "MCP101"]
    assert [(f["file"], f["line"], f["column"]) for f in secrets] == [(".env", 2, 38)]  # inside the quotes
    assert TOKEN not in output
    assert [f["file"] for f in found if f["rule"] == "MCP103"] == [".env"]


def test_a_committed_env_file_with_a_weak_password_is_reported(tmp_path: Path) -> None:
    root = _workspace(tmp_path, env_text="DB_HOST=localhost\nDB_PASSWORD=admin\nAPI_KEY=<your-api-key>\n")
    found, _ = _scan(root)
    mcp103 = [f for f in found if f["rule"] == "MCP103"]
    assert len(mcp103) == 1 and mcp103[0]["line"] == 2 and "DB_PASSWORD" in mcp103[0]["message"]
    assert "API_KEY" not in mcp103[0]["message"]


def test_an_ignored_env_file_is_not_read(tmp_path: Path) -> None:
    root = _workspace(tmp_path, env_text=f"GITHUB_PERSONAL_ACCESS_TOKEN={TOKEN}\n")
    (root / ".git").mkdir()
    (root / ".gitignore").write_text(".env\n", encoding="utf-8")
    found, _ = _scan(root)
    assert not [f for f in found if f["file"] == ".env"]


@pytest.mark.parametrize("value", ["${userHome}/.env", "~/.env", "../outside.env", "/etc/hostname", "${env:ENV_FILE}"])
def test_only_files_inside_the_workspace_are_followed(tmp_path: Path, value: str) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    (tmp_path / "outside.env").write_text(f"TOKEN={TOKEN}\n", encoding="utf-8")
    _workspace(root, env_file=value)
    found, output = _scan(root)
    assert not [f for f in found if f["rule"] in ("MCP101", "MCP103")] and "outside" not in output


def test_a_symlink_out_of_the_workspace_is_not_followed(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    (tmp_path / "secret.env").write_text(f"TOKEN={TOKEN}\n", encoding="utf-8")
    _workspace(root)
    os.symlink(tmp_path / "secret.env", root / ".env")
    assert resolve("${workspaceFolder}/.env", root / ".vscode" / "mcp.json") is None
    found, _ = _scan(root)
    assert not [f for f in found if f["rule"] in ("MCP101", "MCP103")]


def test_a_fifo_named_as_env_file_does_not_hang(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    root = _workspace(tmp_path)
    os.mkfifo(root / ".env")
    found, _ = _scan(root)
    assert not [f for f in found if f["file"] == ".env"]


def test_an_env_file_named_on_the_command_line_is_read_as_dotenv(tmp_path: Path) -> None:
    (tmp_path / "prod.env").write_text("SERVICE_TOKEN=s3cr3t-value-9\n", encoding="utf-8")
    result = invoke(["scan", "prod.env", "--isolated", "--format", "json", "--select", "MCP001,MCP103"], cwd=tmp_path)
    assert [f["rule"] for f in json.loads(result.output)["findings"]] == ["MCP103"]

"""Discovery: a walk finds each file the client catalog names, attributed to its client and
format, and never descends into what cannot be listed."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from helpers import FIXTURES

from mcplint import clients
from mcplint.discover import discover

SEGMENTS = sorted({seg for client in clients.all_clients() for path in client.project_paths
                   for seg in path.split("/") if "*" not in seg}
                  | {"x", "sub", "a.code-workspace", "extensions", "ext1", "mcp.yaml", "settings"})
"""Folder and file names of the catalog's project paths, and a few others."""


def _walked(root: Path) -> dict[str, tuple[str | None, str]]:
    found, _ = discover([str(root)], root)
    return {source.display: (source.client, source.format) for source in found}


def _assert_attributed_as_the_catalog_says(root: Path) -> int:
    """Every file below ``root`` that a project path names is found with its client and format;
    a file found that none names has no client. Returns how many files a project path names."""
    walked, named = _walked(root), 0
    for path in root.rglob("*"):
        relative = path.relative_to(root).as_posix()
        client = clients.match_project_path(relative)
        if client is not None:
            named += 1
            assert walked[relative] == (client.id, clients.format_for(client, path.name)), relative
        elif relative in walked:
            assert walked[relative][0] is None, relative
    return named


def test_walk_finds_what_the_catalog_names(tmp_path: Path) -> None:
    rng = random.Random(7)
    paths = {"/".join(rng.choice(SEGMENTS) for _ in range(rng.randint(1, 5))) for _ in range(300)}
    for relative in sorted(paths):
        target = tmp_path / relative
        if any(parent.is_file() for parent in target.parents):
            continue
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("{}")
    assert _assert_attributed_as_the_catalog_says(tmp_path) > 50


def test_walk_of_the_fixtures_tree_attributes_each_file_as_the_catalog_does(tmp_path: Path) -> None:
    """The fixtures' own layout (every client's paths), as empty files, plus names at the edges."""
    paths = [p.relative_to(FIXTURES).as_posix() for p in FIXTURES.rglob("*") if p.is_file()]
    paths += [".mcp.json", "a/.vscode/mcp.json", ".continue/mcpServers/x.yaml", "x/.codex/config.toml", "mcp.json",
              ".gemini/settings.json", "settings.json", "y/.cursor/mcp.json/x", "a.code-workspace"]
    for relative in paths:
        target = tmp_path / relative
        if any(parent.is_file() for parent in target.parents) or target.is_dir():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("{}")
    assert _assert_attributed_as_the_catalog_says(tmp_path) > 50


def test_one_path_or_several_give_the_same_files(tmp_path: Path) -> None:
    for relative in (".mcp.json", "a/.vscode/mcp.json", "a/b/.cursor/mcp.json"):
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text("{}")
    alone, _ = discover(["."], tmp_path)
    twice, _ = discover([".", "a"], tmp_path)
    assert [s.display for s in alone] == [s.display for s in twice] == [".mcp.json", "a/.vscode/mcp.json",
                                                                      "a/b/.cursor/mcp.json"]


def test_a_folder_named_like_a_config_that_cannot_be_listed_is_one_candidate(tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a" / ".mcp.json").mkdir(parents=True)
    (tmp_path / "b").mkdir()
    real = os.scandir
    unreadable = {str(tmp_path / "a" / ".mcp.json"), str(tmp_path / "b")}

    def scandir(path):  # as for a folder without read permission (the tests may run as root)
        if str(path) in unreadable:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found, _ = discover(["."], tmp_path)
    assert [(s.display, s.client) for s in found] == [("a/.mcp.json", "claude-code"), ("b", None)]

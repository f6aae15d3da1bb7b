"""Tests for the MCP client catalog (mcplint/data/clients.json) and mcplint.clients."""

from __future__ import annotations

import csv
import json
import os
import re
import sys
from pathlib import Path

import pytest

from helpers import CORPUS, PACKAGE_ROOT, run_python
from mcplint import clients as C
from mcplint.clients import (
    OS_NAMES,
    VARIABLE_SYNTAXES,
    Client,
    Location,
    all_clients,
    current_os,
    find_placeholders,
    format_for,
    get,
    match_project_path,
    searched_locations,
    system_locations,
    user_locations,
)

DATA_FILE = Path(C.__file__).parent / "data" / "clients.json"

REQUIRED_IDS = {
    "claude-desktop", "claude-code", "cursor", "vscode", "visual-studio", "windsurf", "antigravity",
    "gemini-cli", "qwen-code", "codex", "zed", "continue", "cline", "roo-code", "kilo-code", "goose",
    "opencode", "kilo-cli", "amazon-q", "kiro", "copilot-cli", "copilot-jetbrains", "lm-studio",
    "junie", "jetbrains-air", "trae", "augment", "crush", "amp", "factory", "idx", "librechat",
}


def _sample(pattern_segment: str) -> str:
    return pattern_segment.replace("*", "sample").replace("?", "x")


# ------------------------------------------------------------------------------------------------
# Catalog integrity
# ------------------------------------------------------------------------------------------------


def test_catalog_has_required_ids_unique_and_kebab_case():
    ids = [c.id for c in all_clients()]
    assert len(ids) == len(set(ids))
    assert REQUIRED_IDS <= set(ids), REQUIRED_IDS - set(ids)
    for cid in ids:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", cid), cid


def test_client_fields_are_well_typed():
    for c in all_clients():
        assert c.format in {"json", "jsonc", "yaml", "toml"}, c.id
        assert c.name and isinstance(c.name, str)
        assert c.variables <= set(VARIABLE_SYNTAXES), (c.id, c.variables - set(VARIABLE_SYNTAXES))
        assert c.servers_keys and all(k and all(isinstance(s, str) and s for s in k) for k in c.servers_keys), c.id
        assert set(c.user_paths) == set(OS_NAMES) and set(c.system_paths) == set(OS_NAMES), c.id
        assert c.confidence in {"high", "medium", "low"}, c.id
        assert c.source, c.id
        assert isinstance(c.flat, bool)
        # a client must be discoverable somehow
        assert c.project_paths or any(c.user_paths.values()), c.id


def test_raw_json_is_one_object_per_client_with_valid_os_keys():
    raw = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    assert isinstance(raw["clients"], list) and len(raw["clients"]) == len(all_clients())
    for obj in raw["clients"]:
        for key in ("user_paths", "system_paths"):
            assert set(obj.get(key, {})) <= set(OS_NAMES), (obj["id"], key)
            for pats in obj.get(key, {}).values():
                assert all("\\" not in p for p in pats), obj["id"]  # forward slashes only
    for name, per_os in raw["macros"].items():
        assert set(per_os) <= set(OS_NAMES), name
    # small enough to parse in well under a millisecond
    assert DATA_FILE.stat().st_size < 64 * 1024


def test_the_catalog_is_read_from_a_zipped_install(tmp_path):
    """No file path beside the package there: the catalog comes through the resource API."""
    import zipfile

    archive = tmp_path / "mcplint.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in (PACKAGE_ROOT / "mcplint").rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                zipped.write(path, path.relative_to(PACKAGE_ROOT).as_posix())
    code = "import mcplint, mcplint.clients as c; print(mcplint.__file__, len(c.all_clients()), c.all_clients()[0].id)"
    out = run_python("-c", code, cwd=tmp_path, env={"PYTHONPATH": str(archive)}, check=True).stdout.split()
    assert out == [str(archive / "mcplint" / "__init__.py"), str(len(all_clients())), all_clients()[0].id]


def test_every_pattern_is_well_formed():
    assert C.catalog_problems() == []


@pytest.mark.parametrize(
    ("pattern", "scope"),
    [
        ("~/.a/**/**/x.json", "user"),  # two recursive segments
        ("~/.a/b**/x.json", "user"),  # ** inside a segment
        ("~/../x.json", "user"),
        ("~/.a//x.json", "user"),
        ("%NOPE%/x.json", "user"),  # unknown variable
        ("relative/x.json", "user"),  # no base token
        ("~\\x.json", "user"),
        ("/abs/mcp.json", "project"),
        ("a/**/mcp.json", "project"),
        ("~/x.json", "system"),
        ("~/.a/**", "user"),
    ],
)
def test_malformed_patterns_are_rejected(pattern, scope):
    assert C.pattern_problem(pattern, scope) is not None


def test_user_patterns_do_not_collide_between_clients():
    for os_name in OS_NAMES:
        owner: dict[str, str] = {}
        for c in all_clients():
            for pat in c.user_paths[os_name]:
                assert pat not in owner or owner[pat] == c.id, (os_name, pat, owner.get(pat), c.id)
                owner[pat] = c.id


def test_get_and_unknown_id_message():
    assert get("cursor").id == "cursor"
    with pytest.raises(KeyError) as exc:
        get("curser")
    assert "curser" in str(exc.value) and "cursor" in str(exc.value)


def test_clients_are_hashable_and_loaded_once():
    assert all_clients() is all_clients()
    table = {c: c.id for c in all_clients()}
    assert table[get("zed")] == "zed"


@pytest.mark.parametrize(
    ("platform", "expected"),
    [("linux", "linux"), ("darwin", "darwin"), ("win32", "windows"), ("cygwin", "windows"), ("freebsd13", "linux")],
)
def test_current_os(monkeypatch, platform, expected):
    monkeypatch.setattr(sys, "platform", platform)
    assert current_os() == expected


def test_format_for_uses_suffix_then_client_flavour():
    assert format_for(get("codex"), "/h/.codex/config.toml") == "toml"
    assert format_for(get("codex"), "/h/.codex/plugins/p/.mcp.json") == "json"
    assert format_for(get("continue"), "/h/.continue/config.json") == "json"
    assert format_for(get("continue"), ".continue/mcpServers/a.yml") == "yaml"
    assert format_for(get("vscode"), ".vscode/mcp.json") == "jsonc"
    assert format_for(get("opencode"), "opencode.jsonc") == "jsonc"
    assert format_for(get("cursor"), ".cursor/mcp.json") == "json"


# ------------------------------------------------------------------------------------------------
# Variable syntaxes
# ------------------------------------------------------------------------------------------------

SYNTAX_CASES = {
    "dollar-brace": (["${TOKEN}", "Bearer ${GITHUB_PAT}"], ["$TOKEN", "${}", "{TOKEN}"]),
    "dollar-brace-default": (["${A:-b}", "${PORT:-}"], ["${A}", "$A:-b"]),
    "dollar": (["$TOKEN", "x $HOME/y"], ["${TOKEN}", "$5", "price$x", "\\$ESCAPED", "$(cmd)"]),
    "env-colon": (["${env:GITHUB_TOKEN}"], ["{env:X}", "${envX}"]),
    "input": (["${input:api-key}"], ["${inputs.x}", "${input:}"]),
    "file-colon": (["${file:/run/secrets/key}"], ["{file:./k}"]),
    "brace-env": (["{env:TOKEN}", "Bearer {file:~/.secrets/key}"], ["${env:TOKEN}", "{token}"]),
    "continue": (["${{ secrets.API_KEY }}", "${{inputs.x}}"], ["${{ env.X }}", "${secrets.X}"]),
    "shell": (["$(op read op://vault/item)", "$(cat ~/.key)"], ["$HOME", "(x)"]),
    "vscode-paths": (["${workspaceFolder}", "${userHome}/x", "${/}", "${pathSeparator}", "${cwd}",
                      "${workspaceFolderBasename}", "${workspaceFolder:api}"], ["${HOME}", "$workspaceFolder"]),
    "plugin-root": (["${CLAUDE_PLUGIN_ROOT}/bin", "${extensionPath}", "${workspacePath}"], ["${PLUGIN_ROOT}"]),
    "percent": (["%APPDATA%", "%API_KEY%"], ["100%", "%%", "% X %"]),
}


def test_variable_vocabulary_is_exactly_the_documented_one():
    assert set(VARIABLE_SYNTAXES) == set(SYNTAX_CASES)
    assert all(isinstance(rx.compiled, re.Pattern) for rx in VARIABLE_SYNTAXES.values())  # compiled on first use


@pytest.mark.parametrize("syntax_id", sorted(SYNTAX_CASES))
def test_variable_syntax_regexes(syntax_id):
    rx = VARIABLE_SYNTAXES[syntax_id]
    positives, negatives = SYNTAX_CASES[syntax_id]
    for text in positives:
        assert rx.search(text), (syntax_id, text)
    for text in negatives:
        assert not rx.search(text), (syntax_id, text)


def test_find_placeholders_assigns_the_most_specific_syntax():
    text = "${env:A} ${workspaceFolder} ${CLAUDE_PLUGIN_ROOT} ${B:-x} ${C} $D ${{ secrets.E }} {env:F} $(g) %H%"
    got = [(sid, s) for sid, s, _, _ in find_placeholders(text)]
    assert got == [
        ("env-colon", "${env:A}"),
        ("vscode-paths", "${workspaceFolder}"),
        ("plugin-root", "${CLAUDE_PLUGIN_ROOT}"),
        ("dollar-brace-default", "${B:-x}"),
        ("dollar-brace", "${C}"),
        ("dollar", "$D"),
        ("continue", "${{ secrets.E }}"),
        ("brace-env", "{env:F}"),
        ("shell", "$(g)"),
        ("percent", "%H%"),
    ]
    assert find_placeholders("no placeholders here: ghp_abc123") == []


def test_client_variable_sets_reflect_verified_behaviour():
    assert get("claude-desktop").variables == frozenset()
    assert get("codex").variables == frozenset()
    assert get("antigravity").variables == frozenset()  # verified: no expansion
    assert "dollar" not in get("claude-code").variables  # bare $VAR is not expanded
    assert {"dollar-brace", "dollar-brace-default"} <= get("claude-code").variables
    assert {"env-colon", "input", "vscode-paths"} <= get("vscode").variables
    assert get("opencode").variables == frozenset({"brace-env"})
    assert "shell" in get("crush").variables
    assert get("continue").variables == frozenset({"continue"})


# ------------------------------------------------------------------------------------------------
# Project paths
# ------------------------------------------------------------------------------------------------


def _project_cases():
    for c in all_clients():
        for pat in c.project_paths:
            yield pytest.param(c.id, pat, id=f"{c.id}:{pat}")


@pytest.mark.parametrize(("client_id", "pattern"), list(_project_cases()))
def test_every_project_pattern_matches_its_own_client(client_id, pattern):
    rel = "/".join(_sample(seg) for seg in pattern.split("/"))
    assert match_project_path(rel).id == client_id
    assert match_project_path("some/nested dir/" + rel).id == client_id


@pytest.mark.parametrize(
    ("relpath", "expected"),
    [
        (".mcp.json", "claude-code"),
        ("sub/dir/.vscode/mcp.json", "vscode"),
        (".claude/.mcp.json", "claude-code"),
        ("mcp.json", "generic"),
        ("tools/mcp.json", "generic"),
        (".cursor/mcp.json", "cursor"),
        ("pkg/.kiro/settings/mcp.json", "kiro"),
        (".junie/mcp/mcp.json", "junie"),
        (".continue/mcpServers/browser.yaml", "continue"),
        (".amazonq/cli-agents/dev.json", "amazon-q"),
        (".gemini/extensions/foo/gemini-extension.json", "gemini-cli"),
        ("ws.code-workspace", "vscode"),
        (".vscode/settings.json", "vscode"),
        ("./.mcp.json", "claude-code"),
        ("sub\\.vscode\\mcp.json", "vscode"),
        ("x/.codex/config.toml", "codex"),
        ("config/VSCodium/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json", "cline"),
        ("librechat.yaml", "librechat"),
    ],
)
def test_match_project_path_examples(relpath, expected):
    assert match_project_path(relpath).id == expected


@pytest.mark.parametrize(
    "relpath",
    [
        "package.json", "tsconfig.json", ".vscode/launch.json", ".vscode/extensions.json", ".vscode/tasks.json",
        "settings.json", "config.toml", "config.yaml",
        "README.md", "src/mcp.py", "docs/mcp.json.md", "mcp.jsonc.bak", ".cursor/rules", "", ".", "default.json",
        ".MCP.json",
    ],
)
def test_non_mcp_files_do_not_match(relpath):
    assert match_project_path(relpath) is None


def _corpus_files():
    if not CORPUS.is_dir():
        return []
    out = []
    for entry in sorted(CORPUS.iterdir()):
        if not entry.is_dir():
            continue  # MANIFEST.tsv, SECRETS.tsv ...
        for path in sorted(p for p in entry.rglob("*") if p.is_file()):
            out.append((entry.name, path.relative_to(entry).as_posix()))
    return out


# Manifest guesses that name a catalog client (possibly under another id).
_MANIFEST_TO_IDS = {
    "firebase-studio": {"idx"},
    "vscode (settings.json)": {"vscode"},
    "windsurf/antigravity (guess)": {"windsurf", "antigravity"},
    "roo-code/cline (global)": {"roo-code", "cline"},
}


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not present")
def test_every_real_corpus_file_matches_a_client():
    files = _corpus_files()
    assert len(files) >= 200
    unmatched = [rel for _, rel in files if match_project_path(rel) is None]
    assert unmatched == []


@pytest.mark.skipif(not (CORPUS / "MANIFEST.tsv").is_file(), reason="shared corpus not present")
def test_corpus_matches_agree_with_manifest_client_guess():
    with open(CORPUS / "MANIFEST.tsv", encoding="utf-8", newline="") as fh:
        manifest = {row["id"]: row for row in csv.DictReader(fh, delimiter="\t")}
    known = {c.id for c in all_clients()}
    checked = 0
    for file_id, rel in _corpus_files():
        row = manifest.get(file_id)
        if row is None or row["path"] != rel:
            continue
        guess = row["client"]
        expected = _MANIFEST_TO_IDS.get(guess, {guess} if guess in known else None)
        if expected is None:
            continue  # "generic mcp.json": no single client to compare with
        assert match_project_path(rel).id in expected, (file_id, rel, guess)
        checked += 1
    assert checked >= 200


# ------------------------------------------------------------------------------------------------
# User locations
# ------------------------------------------------------------------------------------------------


def _plant_every_user_pattern(os_name: str, home: Path) -> dict[Path, str]:
    planted: dict[Path, str] = {}
    for client, pattern in searched_locations(os_name, home, {}):
        rel = Path(pattern).relative_to(home)
        parts: list[str] = []
        for seg in rel.parts:
            parts.extend(["deep", "er"] if seg == "**" else [_sample(seg)])
        path = home.joinpath(*parts)
        assert path not in planted, f"{pattern} collides with {planted.get(path)}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("{}", encoding="utf-8")
        planted[path] = client.id
    return planted


@pytest.mark.parametrize("os_name", OS_NAMES)
def test_user_locations_find_a_config_for_every_catalogued_pattern(tmp_path, os_name):
    home = tmp_path / "home"
    home.mkdir()
    planted = _plant_every_user_pattern(os_name, home)
    assert len(planted) >= 60
    found = user_locations(os_name, home, {})
    assert all(isinstance(loc, Location) and loc.scope == "user" for loc in found)
    got = {loc.path: loc.client.id for loc in found}
    assert len(got) == len(found)  # no duplicates
    assert got == planted
    for loc in found:
        assert loc.format == format_for(loc.client, loc.path)
    # deterministic
    assert [(loc.client.id, loc.path) for loc in user_locations(os_name, home, {})] == [
        (loc.client.id, loc.path) for loc in found
    ]


@pytest.mark.parametrize(
    ("os_name", "rel", "client_id"),
    [
        ("windows", "AppData/Roaming/Claude/claude_desktop_config.json", "claude-desktop"),
        ("windows", "AppData/Local/Packages/Claude_pzs8sxrjxfjjc/LocalCache/Roaming/Claude/claude_desktop_config.json", "claude-desktop"),
        ("windows", "AppData/Roaming/Code/User/mcp.json", "vscode"),
        ("windows", "AppData/Roaming/Code - Insiders/User/profiles/6a1f/mcp.json", "vscode"),
        ("windows", "AppData/Local/github-copilot/intellij/mcp.json", "copilot-jetbrains"),
        ("windows", "AppData/Roaming/Block/goose/config/config.yaml", "goose"),
        ("windows", ".codeium/windsurf/mcp_config.json", "windsurf"),
        ("windows", ".mcp.json", "visual-studio"),
        ("windows", ".config/opencode/opencode.json", "opencode"),
        ("windows", "AppData/Roaming/Cursor/User/globalStorage/rooveterinaryinc.roo-cline/settings/mcp_settings.json", "roo-code"),
        ("darwin", "Library/Application Support/Claude/claude_desktop_config.json", "claude-desktop"),
        ("darwin", "Library/Application Support/Trae/User/mcp.json", "trae"),
        ("darwin", ".config/zed/settings.json", "zed"),
        ("darwin", ".claude.json", "claude-code"),
        ("linux", ".config/Code/User/mcp.json", "vscode"),
        ("linux", ".config/Windsurf/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json", "cline"),
        ("linux", ".config/goose/config.yaml", "goose"),
        ("linux", ".codex/config.toml", "codex"),
        ("linux", ".copilot/mcp-config.json", "copilot-cli"),
        ("linux", ".claude/plugins/cache/market/plug/1.0.0/.mcp.json", "claude-code"),
        ("linux", ".kiro/agents/reviewer.json", "kiro"),
    ],
)
def test_user_locations_known_layouts(tmp_path, os_name, rel, client_id):
    path = _write(tmp_path.joinpath(*rel.split("/")))
    found = user_locations(os_name, tmp_path, {})
    assert [(loc.client.id, loc.path) for loc in found] == [(client_id, path)]


def _write(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{}")
    return path


def _found(os_name, home, env):
    return {(loc.client.id, loc.path) for loc in user_locations(os_name, home, env)}


def test_env_override_xdg_config_home(tmp_path):
    home, xdg = tmp_path / "home", tmp_path / "xdg"
    default = _write(home / ".config/Code/User/mcp.json")
    moved = _write(xdg / "Code/User/mcp.json")
    assert _found("linux", home, {}) == {("vscode", default)}
    assert _found("linux", home, {"XDG_CONFIG_HOME": str(xdg)}) == {("vscode", moved)}
    # a relative value is ignored, as the XDG spec requires
    assert _found("linux", home, {"XDG_CONFIG_HOME": "rel/xdg"}) == {("vscode", default)}
    # empty value counts as unset
    assert _found("linux", home, {"XDG_CONFIG_HOME": ""}) == {("vscode", default)}


def test_env_override_claude_config_dir(tmp_path):
    home, cfg = tmp_path / "home", tmp_path / "claude"
    default = _write(home / ".claude.json")
    moved = _write(cfg / ".claude.json")
    plugin = _write(cfg / "plugins/cache/m/p/1/.mcp.json")
    _write(home / ".claude/plugins/cache/m/p/1/.mcp.json")
    assert _found("darwin", home, {"CLAUDE_CONFIG_DIR": str(cfg)}) == {("claude-code", moved), ("claude-code", plugin)}
    assert ("claude-code", default) in _found("darwin", home, {})


def test_env_override_codex_home_and_copilot_home(tmp_path):
    home, codex, copilot = tmp_path / "home", tmp_path / "codex", tmp_path / "copilot"
    _write(home / ".codex/config.toml")
    moved = _write(codex / "config.toml")
    cp = _write(copilot / "mcp-config.json")
    env = {"CODEX_HOME": str(codex), "COPILOT_HOME": str(copilot)}
    assert _found("linux", home, env) == {("codex", moved), ("copilot-cli", cp)}


def test_env_override_appdata_on_windows_is_case_insensitive(tmp_path):
    home, roaming, local = tmp_path / "home", tmp_path / "Roaming", tmp_path / "Local"
    _write(home / "AppData/Roaming/Claude/claude_desktop_config.json")
    moved = _write(roaming / "Claude/claude_desktop_config.json")
    msix = _write(local / "Packages/Claude_abc/LocalCache/Roaming/Claude/claude_desktop_config.json")
    env = {"APPDATA": str(roaming), "localappdata": str(local)}
    assert _found("windows", home, env) == {("claude-desktop", moved), ("claude-desktop", msix)}
    # names are case-sensitive on POSIX conventions
    assert ("claude-desktop", moved) not in _found("linux", home, {"appdata": str(roaming)})


def test_env_only_patterns_are_used_only_when_set(tmp_path):
    home, extra = tmp_path / "home", tmp_path / "elsewhere/team-opencode.jsonc"
    _write(extra)
    assert _found("linux", home, {}) == set()
    assert all("OPENCODE_CONFIG" not in s for _, s in searched_locations("linux", home, {}))
    found = user_locations("linux", home, {"OPENCODE_CONFIG": str(extra)})
    assert [(loc.client.id, loc.path, loc.format) for loc in found] == [("opencode", extra, "jsonc")]


def test_searched_locations_stay_under_home_without_env(tmp_path):
    for os_name in OS_NAMES:
        searched = searched_locations(os_name, tmp_path, {})
        assert searched and all(isinstance(c, Client) for c, _ in searched)
        for _, s in searched:
            assert Path(s).is_relative_to(tmp_path), (os_name, s)
        assert any("*" in s for _, s in searched)  # globs are left in
        assert len({s for _, s in searched}) == len(searched)


def test_same_file_reached_twice_is_reported_once(tmp_path):
    real = _write(tmp_path / ".cursor/mcp.json")
    link = tmp_path / ".codeium/windsurf/mcp_config.json"
    link.parent.mkdir(parents=True)
    try:
        link.symlink_to(real)
    except (OSError, NotImplementedError):
        pytest.skip("symlinks unavailable")
    found = user_locations("linux", tmp_path, {})
    assert [(loc.client.id, loc.path) for loc in found] == [("cursor", real)]


def test_recursive_glob_is_depth_bounded_and_skips_dependency_trees(tmp_path):
    cache = tmp_path / ".claude/plugins/cache"
    shallow = _write(cache / "m/p/1.0/.mcp.json")
    _write(cache / "a/b/c/d/e/f/g/h/.mcp.json")  # deeper than MAX_RECURSIVE_DEPTH
    _write(cache / "m/p/1.0/node_modules/dep/.mcp.json")  # never entered
    assert _found("linux", tmp_path, {}) == {("claude-code", shallow)}


def test_recursive_glob_does_not_follow_directory_symlinks(tmp_path):
    outside = _write(tmp_path / "outside/.mcp.json").parent
    cache = tmp_path / "home/.claude/plugins/cache"
    cache.mkdir(parents=True)
    try:
        (cache / "loop").symlink_to(outside, target_is_directory=True)
    except (OSError, NotImplementedError):
        pytest.skip("symlinks unavailable")
    assert _found("linux", tmp_path / "home", {}) == set()


def test_missing_and_unreadable_directories_never_raise(tmp_path, monkeypatch):
    assert user_locations("linux", tmp_path / "does-not-exist", {}) == []
    # a file where a directory is expected
    _write(tmp_path / ".config")
    (tmp_path / ".claude").write_text("not a dir")
    assert user_locations("linux", tmp_path, {}) == []

    real_scandir = os.scandir

    def deny(path="."):
        if "profiles" in str(path) or "cache" in str(path):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    home = tmp_path / "h2"
    _write(home / ".config/Code/User/profiles/p/mcp.json")
    _write(home / ".claude/plugins/cache/m/p/.mcp.json")
    kept = _write(home / ".cursor/mcp.json")
    monkeypatch.setattr(C.os, "scandir", deny)
    assert _found("linux", home, {}) == {("cursor", kept)}


def test_unknown_os_name_is_rejected(tmp_path):
    with pytest.raises(ValueError):
        user_locations("plan9", tmp_path, {})
    with pytest.raises(ValueError):
        system_locations("plan9", tmp_path)


# ------------------------------------------------------------------------------------------------
# System locations
# ------------------------------------------------------------------------------------------------


def _system_target(root: Path, pattern: str) -> Path:
    if pattern.startswith("/"):
        segs = pattern[1:].split("/")
        base = root
    else:
        head, *segs = pattern.split("/")
        base = {"%ProgramData%": root / "ProgramData", "C:": root}[head]
    return base.joinpath(*(_sample(s) for s in segs))


@pytest.mark.parametrize("os_name", OS_NAMES)
def test_system_locations_under_fake_root(tmp_path, os_name):
    planted = {}
    for c in all_clients():
        for pat in c.system_paths[os_name]:
            planted[_write(_system_target(tmp_path, pat))] = c.id
    assert planted, os_name
    found = system_locations(os_name, tmp_path)
    assert all(loc.scope == "system" for loc in found)
    assert {loc.path: loc.client.id for loc in found} == planted
    assert system_locations(os_name, tmp_path / "empty") == []


def test_system_locations_known_layouts(tmp_path):
    linux = _write(tmp_path / "etc/claude-code/managed-mcp.json")
    assert [(loc.client.id, loc.path) for loc in system_locations("linux", tmp_path)] == [("claude-code", linux)]
    win = _write(tmp_path / "Program Files/ClaudeCode/managed-mcp.json")
    pd = _write(tmp_path / "ProgramData/OpenAI/Codex/config.toml")
    got = [(loc.client.id, loc.path, loc.format) for loc in system_locations("windows", tmp_path)]
    assert got == [("claude-code", win, "json"), ("codex", pd, "toml")]
    mac = _write(tmp_path / "Library/Application Support/GeminiCli/settings.json")
    assert ("gemini-cli", mac) in {(loc.client.id, loc.path) for loc in system_locations("darwin", tmp_path)}

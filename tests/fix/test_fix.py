"""``mcplint scan --fix / --diff / --unsafe-fixes``: fix examples of every fixable rule, byte-for-byte
preservation outside the edits, the changed-on-disk guard, secrets never shown, CLI end to end."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from helpers import run_cli

from mcplint.clients import VARIABLE_SYNTAXES, find_placeholders
from mcplint.discover import source_for_file
from mcplint.fix import FixOptions, fix_text, secret_refs, unified_diff
from mcplint.fix import write as writer
from mcplint.fix.fixers import FIXERS
from mcplint.load import parse
from mcplint.ruleset import load_rules
from mcplint.scan import ScanOptions

RULES = load_rules()
FIXABLE = {rid: r for rid, r in RULES.items() if r.fixable}
TOKEN = "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"


def _fix(tmp_path: Path, text: str, file: str, rules: dict | None = None, unsafe: bool = True,
         pins: dict[str, str] | None = None):
    path = tmp_path / file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="")
    source = source_for_file(path, tmp_path, explicit=True)
    return fix_text(source, text, ScanOptions(rules=rules or RULES), FixOptions(unsafe=unsafe, pins=pins or {}))


def _pins(example: dict) -> dict[str, str]:
    spec = example.get("pin")
    if not spec:
        return {}
    name, _, version = spec.rpartition("@")
    return {name: version}


def test_every_fixer_belongs_to_a_fixable_rule_with_examples() -> None:
    assert set(FIXABLE) == set(FIXERS)
    for rule in FIXABLE.values():
        assert rule.fix_examples, f"{rule.id} is fixable but has no fix_examples"


EXAMPLES = [(rid, i, ex) for rid, r in sorted(FIXABLE.items()) for i, ex in enumerate(r.fix_examples)]


@pytest.mark.parametrize(("rule_id", "index", "example"), EXAMPLES, ids=[f"{r}-{i}" for r, i, _ in EXAMPLES])
def test_fix_examples(tmp_path: Path, rule_id: str, index: int, example: dict) -> None:
    """Each rule's before/after, fixing only that rule (unsafe ones with --unsafe-fixes)."""
    rule = RULES[rule_id]
    result = _fix(tmp_path, example["before"], example.get("file", ".mcp.json"), {rule_id: rule},
                  unsafe=rule.fixable == "unsafe", pins=_pins(example))
    assert result.after == example["after"]
    parse(result.after, result.fmt)
    again = _fix(tmp_path, result.after, example.get("file", ".mcp.json"), {rule_id: rule},
                 unsafe=rule.fixable == "unsafe", pins=_pins(example))
    assert again.after == result.after, "a second fix must change nothing"
    if rule.fixable == "unsafe":
        safe_only = _fix(tmp_path, example["before"], example.get("file", ".mcp.json"), {rule_id: rule}, unsafe=False)
        assert safe_only.after == example["before"], "unsafe fixes need --unsafe-fixes"


def test_secret_refs_use_a_syntax_the_client_expands() -> None:
    """The catalog's reference syntax for each client is one mcplint itself recognises for it,
    so a fixed file is never reported again by MCP003."""
    from mcplint import clients

    for client_id, ref in secret_refs().items():
        if ref.get("style") in ("template", "input"):
            rendered = ref["template"].replace("{name}", "SOME_NAME")
            found = find_placeholders(rendered)
            assert found and found[0][1] == rendered, client_id
            assert found[0][0] in clients.get(client_id).variables, client_id
        else:
            assert ref.get("style") in ("none", "env-vars") and (ref["style"] == "env-vars" or ref.get("why")), client_id
    assert set(VARIABLE_SYNTAXES)


def test_claude_desktop_is_not_fixed_and_says_why(tmp_path: Path) -> None:
    result = _fix(tmp_path, '{"mcpServers": {"x": {"command": "node", "env": {"API_TOKEN": "%s"}}}}' % TOKEN,
                  "claude_desktop_config.json")
    assert not result.changed
    (finding, why), = [u for u in result.unfixed if u[0].rule == "MCP101"]
    assert "expands no variables" in why and "mcpb" in why and TOKEN not in why


def test_comments_crlf_and_layout_outside_edits_are_kept(tmp_path: Path) -> None:
    before = (
        '{\r\n'
        '    // keep me\r\n'
        '    "mcpServers": {\r\n'
        '        "gh": {\r\n'
        '            "command": "npx", /* inline */\r\n'
        '            "args": [ "-y",   "@modelcontextprotocol/server-github@2025.4.8", "--insecure" ],\r\n'
        '            "env": { "REGION": \'us\', "GITHUB_TOKEN": "%s" }\r\n'
        '        }\r\n'
        '    }\r\n'
        '}\r\n' % TOKEN
    ).replace("'us'", '"us"')
    result = _fix(tmp_path, before, ".cursor/mcp.json")
    expected = before.replace(', "--insecure"', "").replace(TOKEN, "${env:GITHUB_TOKEN}")
    assert result.after == expected
    assert "\r\n" in result.after and "\n" not in result.after.replace("\r\n", "")


def test_yaml_and_toml_keep_comments(tmp_path: Path) -> None:
    goose_like = (
        "# Continue\nname: t\nversion: 0.0.1\nschema: v1\nmcpServers:\n  - name: gh  # the server\n"
        "    command: npx\n    args:\n      - -y\n      - \"@modelcontextprotocol/server-github@2025.4.8\"\n"
        f"    env:\n      GITHUB_TOKEN: '{TOKEN}'  # pasted\n      REGION: us\n"
    )
    result = _fix(tmp_path, goose_like, ".continue/mcpServers/gh.yaml")
    assert result.after == goose_like.replace(f"'{TOKEN}'", "'${{ secrets.GITHUB_TOKEN }}'")
    toml = (f'# mine\n[mcp_servers.gh] # the server\nurl = "https://api.example.com/mcp"\n'
            f'http_headers = {{ "Authorization" = "Bearer {TOKEN}", X-Region = "eu" }}\n')
    result = _fix(tmp_path, toml, ".codex/config.toml")
    assert TOKEN not in result.after
    assert result.after == ('# mine\n[mcp_servers.gh] # the server\nurl = "https://api.example.com/mcp"\n'
                            'http_headers = { X-Region = "eu" }\nbearer_token_env_var = "GH_TOKEN"\n')


def test_vscode_inputs_merge_into_an_existing_list(tmp_path: Path) -> None:
    before = ('{\n  "inputs": [\n    {"type": "promptString", "id": "other", "password": true}\n  ],\n'
              '  "servers": {\n    "a": {"command": "x", "env": {"API_TOKEN": "%s", "DB_PASSWORD": "hunter2"}}\n  }\n}\n' % TOKEN)
    result = _fix(tmp_path, before, ".vscode/mcp.json")
    data = json.loads(result.after)
    assert [i["id"] for i in data["inputs"]] == ["other", "api-token", "db-password"]
    assert all(i["password"] is True and i["type"] == "promptString" for i in data["inputs"])
    assert data["servers"]["a"]["env"] == {"API_TOKEN": "${input:api-token}", "DB_PASSWORD": "${input:db-password}"}
    assert result.after.startswith('{\n  "inputs": [\n    {"type": "promptString", "id": "other", "password": true},\n    {')


def test_suppressed_findings_are_not_fixed(tmp_path: Path) -> None:
    before = ('{"mcpServers": {"x": {"command": "n", "env": {\n'
              '  // mcplint: ignore[MCP101] a test fixture\n  "API_TOKEN": "%s"}}}}\n' % TOKEN)
    result = _fix(tmp_path, before, ".gemini/settings.json")  # JSONC: the client reads comments
    assert result.after == before


def test_diff_masks_every_secret(tmp_path: Path) -> None:
    before = ('{"mcpServers": {\n "a": {"command": "x", "args": ["--insecure"], "env": {"GITHUB_TOKEN": "%s"}},\n'
              ' "b": {"command": "y", "env": {"DB_PASSWORD": "hunter2-but-longer"}}}}\n' % TOKEN)
    result = _fix(tmp_path, before, "claude_desktop_config.json")  # secrets stay (no fix), TLS flag goes
    assert result.changed
    diff = unified_diff(result)
    assert TOKEN not in diff and "hunter2-but-longer" not in diff and "--insecure" in diff


def test_changed_on_disk_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text("{}\n")
    snapshot = writer.read(path, 1 << 20)
    path.write_text("{ }\n")
    with pytest.raises(writer.ChangedOnDisk):
        writer.write(snapshot, '{"a": 1}\n')
    assert path.read_text() == "{ }\n"
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]  # no temporary file left


def test_write_keeps_mode_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_bytes(b"\xef\xbb\xbf{}\n")
    os.chmod(path, 0o640)
    snapshot = writer.read(path, 1 << 20)
    writer.write(snapshot, '{"a": 1}\n')
    assert path.read_bytes() == b'\xef\xbb\xbf{"a": 1}\n'
    assert path.stat().st_mode & 0o777 == 0o640


# -- CLI end to end --------------------------------------------------------------------------

def _project(tmp_path: Path) -> Path:
    (tmp_path / ".cursor").mkdir()
    (tmp_path / ".cursor" / "mcp.json").write_text(
        '{\n  "mcpServers": {\n    "gh": {\n      "command": "npx",\n'
        '      "args": ["-y", "@modelcontextprotocol/server-github", "--insecure"],\n'
        '      "env": {"GITHUB_TOKEN": "%s"}\n    },\n'
        '    "api": {"url": "http://mcp.example.com/mcp"}\n  }\n}\n' % TOKEN)
    return tmp_path / ".cursor" / "mcp.json"


def test_cli_diff_writes_nothing_and_exits_1(tmp_path: Path) -> None:
    path = _project(tmp_path)
    before = path.read_bytes()
    result = run_cli("scan", "--diff", cwd=tmp_path)
    assert result.returncode == 1
    assert "+++ b/.cursor/mcp.json" in result.stdout and "${env:GITHUB_TOKEN}" in result.stdout
    assert "https://" not in result.stdout  # unsafe: not without --unsafe-fixes
    assert TOKEN not in result.stdout + result.stderr
    assert path.read_bytes() == before


def test_cli_fix_then_nothing_left_to_fix(tmp_path: Path) -> None:
    path = _project(tmp_path)
    result = run_cli("scan", "--fix", cwd=tmp_path)
    assert TOKEN not in result.stdout + result.stderr
    assert "set GITHUB_TOKEN in the environment" in result.stderr
    text = path.read_text()
    assert TOKEN not in text and "--insecure" not in text and "http://mcp.example.com" in text
    assert "MCP201" in result.stdout and "MCP101" not in result.stdout  # what is left is reported
    again = run_cli("scan", "--diff", cwd=tmp_path)
    assert again.returncode == 0 and again.stdout == ""
    unsafe = run_cli("scan", "--fix", "--unsafe-fixes", "--pin", "@modelcontextprotocol/server-github@2025.4.8",
                     cwd=tmp_path)
    text = path.read_text()
    assert "https://mcp.example.com/mcp" in text and "server-github@2025.4.8" in text
    assert "MCP201" not in unsafe.stdout and "MCP501" not in unsafe.stdout


def test_cli_rules_and_rule_say_whether_a_fix_exists() -> None:
    table = run_cli("rules").stdout
    row = next(line for line in table.splitlines() if line.startswith("MCP101"))
    assert row.split()[3] == "safe"
    assert "unsafe: it changes how the server behaves" in run_cli("rule", "MCP201").stdout
    assert json.loads(run_cli("rule", "MCP101", "--format", "json").stdout)["fixable"] == "safe"


def test_cli_text_report_marks_fixable_findings(tmp_path: Path) -> None:
    _project(tmp_path)
    out = run_cli("scan", "--no-color", cwd=tmp_path).stdout
    secret_line = next(line for line in out.splitlines() if "MCP101" in line)
    plain_line = next(line for line in out.splitlines() if "MCP201" in line)
    assert "[*]" in secret_line and "[*]" not in plain_line
    assert re.search(r"\[\*\] \d+ findings? fixable with --fix", out)


def test_cli_stdin_fix_writes_the_buffer_to_stdout(tmp_path: Path) -> None:
    buffer = '{"mcpServers": {"gh": {"command": "x", "env": {"GITHUB_TOKEN": "%s"}}}}\n' % TOKEN
    result = run_cli("scan", "-", "--stdin-filename", ".mcp.json", "--fix", cwd=tmp_path, input=buffer)
    assert result.stdout == buffer.replace(TOKEN, "${GITHUB_TOKEN}")
    assert TOKEN not in result.stderr
    assert not (tmp_path / ".mcp.json").exists()


def test_cli_pin_needs_unsafe_fixes(tmp_path: Path) -> None:
    result = run_cli("scan", "--fix", "--pin", "x@1", cwd=tmp_path)
    assert result.returncode == 2 and "--unsafe-fixes" in result.stderr


def test_pin_from_a_lock_file_and_never_a_guess(tmp_path: Path) -> None:
    config = '{"mcpServers": {"gh": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-github"]},\n' \
             ' "t": {"command": "uvx", "args": ["mcp-server-time"]}}}\n'
    rules = {"MCP501": RULES["MCP501"]}
    assert not _fix(tmp_path, config, ".mcp.json", rules).changed  # no --pin, no lock file: nothing
    (tmp_path / "package-lock.json").write_text(json.dumps({"lockfileVersion": 3, "packages": {
        "": {}, "node_modules/@modelcontextprotocol/server-github": {"version": "2025.4.8"}}}))
    (tmp_path / "uv.lock").write_text('version = 1\n[[package]]\nname = "mcp-server-time"\nversion = "0.6.2"\n'
                                      '[[package]]\nname = "other"\nversion = "1.0"\n')
    path = tmp_path / ".mcp.json"
    source = source_for_file(path, tmp_path, explicit=True)
    result = fix_text(source, config, ScanOptions(rules=rules), FixOptions(unsafe=True, root=tmp_path))
    assert result.after == config.replace("server-github", "server-github@2025.4.8").replace(
        '"mcp-server-time"', '"mcp-server-time@0.6.2"')
    # two versions of one package in the repository's locks: which runs is unknown, so no pin
    (tmp_path / "pnpm-lock.yaml").write_text("lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n"
                                             "      '@modelcontextprotocol/server-github':\n        specifier: ^1\n"
                                             "        version: 2025.1.1\n")
    result = fix_text(source, config, ScanOptions(rules=rules), FixOptions(unsafe=True, root=tmp_path))
    assert "server-github@" not in result.after and "mcp-server-time@0.6.2" in result.after


def test_diff_escapes_control_characters(tmp_path: Path) -> None:
    before = '{"mcpServers": {"x\\u001b[2J": {"command": "n", "args": ["--insecure"]}}}\n'.replace("\\u001b", "\x1b")
    result = _fix(tmp_path, before, ".cursor/mcp.json")
    diff = unified_diff(result)
    assert "\x1b" not in diff and "\\x1b[2J" in diff and "--insecure" in diff


def test_an_edit_that_breaks_parsing_is_dropped_with_a_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mcplint.fix import fixers

    def broken(ctx: fixers.Context) -> fixers.Fix:
        start, end = ctx.src.value_range(("mcpServers", "x", "args", 0))
        return fixers.Fix("breaks", edits=[fixers.Edit(start, end, '"--x", ]]')])

    monkeypatch.setitem(fixers.FIXERS, "MCP203", broken)
    before = '{"mcpServers": {"x": {"command": "n", "args": ["--insecure"]}}}\n'
    result = _fix(tmp_path, before, ".cursor/mcp.json", {"MCP203": RULES["MCP203"]})
    assert result.after == before
    assert [why for _, why in result.unfixed] == ["the edit would break the file's syntax: dropped"]


def test_cli_stdin_diff_and_a_named_file_in_a_client_without_expansion(tmp_path: Path) -> None:
    buffer = '{"mcpServers": {"gh": {"command": "x", "args": ["--insecure"], "env": {"GITHUB_TOKEN": "%s"}}}}\n' % TOKEN
    diff = run_cli("scan", "-", "--stdin-filename", "claude_desktop_config.json", "--diff", cwd=tmp_path, input=buffer)
    assert diff.returncode == 1 and '-"args": ["--insecure"]' not in diff.stdout and "--insecure" in diff.stdout
    assert TOKEN not in diff.stdout + diff.stderr
    (tmp_path / "claude_desktop_config.json").write_text(buffer)
    fixed = run_cli("scan", "--fix", "claude_desktop_config.json", cwd=tmp_path)
    assert "not fixed claude_desktop_config.json" in fixed.stderr and "expands no variables" in fixed.stderr
    assert TOKEN in (tmp_path / "claude_desktop_config.json").read_text()  # left as it was: no syntax to use
    assert "--insecure" not in (tmp_path / "claude_desktop_config.json").read_text()

"""Inline ignores (``mcplint: ignore[...]``) in JSONC, YAML and TOML, and MCP009 unused-ignore."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import run_cli, scan_text

from mcplint.load.jsonc import load_jsonc
from mcplint.model import Comment, Document
from mcplint.suppress import directives, parse_comment

PLAIN = "http://plain.example.com/mcp"


def _write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _scan_json(root: Path, *args: str) -> dict:
    result = run_cli("scan", "--isolated", "--format", "json", *args, cwd=root)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def _rules(findings: list) -> list[tuple[str, int]]:
    return sorted((f.rule, f.line) if hasattr(f, "rule") else (f["rule"], f["line"]) for f in findings)


# --- the comment syntax ----------------------------------------------------------------------

@pytest.mark.parametrize(("text", "codes", "reason"), [
    ("mcplint: ignore[MCP201] staging has no TLS", ("MCP201",), "staging has no TLS"),
    ("mcplint: ignore[MCP101, MCP2] -- test fixture", ("MCP101", "MCP2"), "test fixture"),
    ("mcplint:ignore[plaintext-remote-transport]", ("plaintext-remote-transport",), ""),
    ("mcplint: ignore", None, ""),
    ("mcplint: ignore  local only", None, "local only"),
    ("mcplint: ignore: local only", None, "local only"),
    ("# mcplint: ignore[MCP101]", ("MCP101",), ""),  # a loader that keeps the comment marker
    ("MCPLINT: IGNORE[MCP101]", ("MCP101",), ""),
])
def test_directive_syntax(text: str, codes: tuple[str, ...] | None, reason: str) -> None:
    parsed = parse_comment(text)
    assert parsed is not None
    assert parsed[0] == codes and parsed[1] == reason and parsed[2] is None


@pytest.mark.parametrize("text", ["a comment", "mcplint: ignored", "mcplint: ignore-file", "see mcplint: ignore"])
def test_other_comments_are_not_directives(text: str) -> None:
    assert parse_comment(text) is None


@pytest.mark.parametrize("text", ["mcplint: ignore[MCP201", "mcplint: ignore[]", "mcplint: ignore[MCP 2!]", "mcplint: ignore(MCP201)"])
def test_malformed_directives_are_recognised_as_errors(text: str) -> None:
    parsed = parse_comment(text)
    assert parsed is not None and parsed[2], text


def test_target_lines_skip_blank_lines_and_other_comments() -> None:
    doc = load_jsonc(
        "{\n"                                        # 1
        '  "servers": {\n'                           # 2
        "    // mcplint: ignore[MCP201]\n"           # 3 -> 7
        "    // an ordinary comment\n"               # 4
        "\n"                                         # 5
        "    /* spanning\n       lines */\n"         # 6
        '    "a": {"url": "x"}, // mcplint: ignore\n'  # 8 -> 8 (same line)
        '    /* mcplint: ignore[MCP3] */ "b": {"url": "y"}\n'  # 9 -> 9 (value after the comment)
        "  }\n"
        "  // mcplint: ignore[MCP1]\n"               # 11 -> 12: only "}" follows
        "}\n"
    )
    found = {d.line: d.target for d in directives(doc)}
    # line 6-7 is a block comment: the value after line 3's directive is on line 8
    assert found == {3: 8, 8: 8, 9: 9, 11: 12}


# --- JSONC end to end -------------------------------------------------------------------------

VSCODE = """{
  "servers": {
    // mcplint: ignore[MCP201] staging has no TLS yet (OPS-123)
    "staging": {
      "type": "http",
      "url": "%s"
    },
    "legacy": {"type": "http", "url": "%s"}, // mcplint: ignore[plaintext-remote-transport]
    "other": {"type": "http", "url": "%s"}, // mcplint: ignore[MCP3]
    "bare": {"type": "http", "url": "%s"} // mcplint: ignore
  }
}
""" % (PLAIN, PLAIN, PLAIN, PLAIN)


def test_jsonc_line_before_same_line_bare_and_other_rule(tmp_path: Path) -> None:
    _write(tmp_path, ".vscode/mcp.json", VSCODE)
    data = _scan_json(tmp_path, "--select", "MCP009,MCP201,MCP301")
    reported = _rules(data["findings"])
    # "other" names another rule: its MCP201 stays, and the MCP3 code suppressed nothing
    assert ("MCP201", 9) in reported
    assert ("MCP009", 9) in reported
    # the server two lines below its directive, the same-line one (by name) and the bare one are gone
    assert [r for r in reported if r[0] == "MCP201"] == [("MCP201", 9)]
    assert data["summary"]["suppressed"] == 3
    assert len(reported) == 2


def test_jsonc_ignore_above_server_covers_every_finding_inside(tmp_path: Path) -> None:
    config = """{
  "servers": {
    // mcplint: ignore[MCP2] internal test rig
    "rig": {
      "type": "http",
      "url": "http://rig.example.com/mcp",
      "headers": {"X": "1"}
    },
    "next": {"type": "http", "url": "http://next.example.com/mcp"}
  }
}
"""
    findings = scan_text(tmp_path, config, ".vscode/mcp.json", select=["MCP009", "MCP201"])
    assert _rules(findings) == [("MCP201", 9)]  # only the sibling below is still reported


def test_suppressed_findings_do_not_fail_the_run(tmp_path: Path) -> None:
    _write(tmp_path, ".vscode/mcp.json",
           '{"servers": {\n  // mcplint: ignore[MCP201]\n  "a": {"type": "http", "url": "%s"}\n}}\n' % PLAIN)
    result = run_cli("scan", "--isolated", "--select", "MCP009,MCP201", cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    assert "No findings in 1 file; 1 suppressed." in result.stdout
    without = run_cli("scan", "--isolated", "--select", "MCP201", "--format", "concise", cwd=tmp_path)
    assert without.returncode == 0 and "MCP201" not in without.stdout


# --- YAML and TOML ----------------------------------------------------------------------------

def test_yaml_line_before_and_same_line(tmp_path: Path) -> None:
    _write(tmp_path, ".continue/mcpServers/remote.yaml", f"""name: remote servers
version: 0.0.1
schema: v1
mcpServers:
  # mcplint: ignore[MCP201] vendor endpoint, no TLS offered
  - name: first
    type: streamable-http
    url: {PLAIN}
  - name: second
    type: streamable-http
    url: {PLAIN}  # mcplint: ignore[MCP201]
  - name: third
    type: streamable-http
    url: {PLAIN}
""")
    data = _scan_json(tmp_path, "--select", "MCP009,MCP201")
    assert [(f["rule"], f["server"]) for f in data["findings"]] == [("MCP201", "third")]
    assert data["summary"]["suppressed"] == 2


def test_toml_directive_above_a_table_covers_that_table_only(tmp_path: Path) -> None:
    _write(tmp_path, ".codex/config.toml", f"""# mcplint: ignore[MCP201] staging only
[mcp_servers.staging]
url = "{PLAIN}"

[mcp_servers.prod]
url = "{PLAIN}"

[mcp_servers.beta]
url = "{PLAIN}"  # mcplint: ignore[MCP2]
""")
    data = _scan_json(tmp_path, "--select", "MCP009,MCP201")
    assert [(f["rule"], f["server"]) for f in data["findings"]] == [("MCP201", "prod")]
    assert data["summary"]["suppressed"] == 2


# --- MCP009 unused-ignore ---------------------------------------------------------------------

def test_unused_ignore_is_info_and_does_not_fail_by_default(tmp_path: Path) -> None:
    _write(tmp_path, ".vscode/mcp.json",
           '{"servers": {\n  // mcplint: ignore[MCP201] left over\n  "a": {"type": "http", "url": "https://a.example.com/mcp"}\n}}\n')
    result = run_cli("scan", "--isolated", "--select", "MCP009,MCP201", "--format", "concise", cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    assert ".vscode/mcp.json:2:3: MCP009 [info] unused 'mcplint: ignore[MCP201]'" in result.stdout
    strict = run_cli("scan", "--isolated", "--select", "MCP009,MCP201", "--fail-on", "info", cwd=tmp_path)
    assert strict.returncode == 1


def test_unused_codes_of_rules_that_did_not_run_are_not_reported(tmp_path: Path) -> None:
    _write(tmp_path, ".vscode/mcp.json",
           '{"servers": {\n  // mcplint: ignore[MCP201]\n  "a": {"type": "http", "url": "https://a.example.com/mcp"}\n}}\n')
    assert _scan_json(tmp_path, "--select", "MCP009,MCP301")["findings"] == []
    # and MCP009 itself can be turned off like any rule
    assert _scan_json(tmp_path, "--ignore", "unused-ignore", "--select", "MCP009,MCP201")["findings"] == []


def test_partly_used_unknown_and_malformed_directives(tmp_path: Path) -> None:
    _write(tmp_path, ".vscode/mcp.json", """{"servers": {
  "a": {"type": "http", "url": "%s"}, // mcplint: ignore[MCP201, MCP3]
  "b": {"type": "http", "url": "%s"}, // mcplint: ignore[MCP999]
  "c": {"type": "http", "url": "%s"} // mcplint: ignore[MCP201
}}
""" % (PLAIN, PLAIN, PLAIN))
    data = _scan_json(tmp_path, "--select", "MCP009,MCP201,MCP301")
    messages = {(f["rule"], f["line"]): f["message"] for f in data["findings"]}
    assert "MCP3 suppresses nothing" in messages[("MCP009", 2)]
    assert ("MCP201", 2) not in messages
    assert "unknown rule MCP999" in messages[("MCP009", 3)]
    assert ("MCP201", 3) in messages  # an unknown code suppresses nothing
    assert "malformed" in messages[("MCP009", 4)] and ("MCP201", 4) in messages


def test_unused_ignore_fingerprint_does_not_depend_on_the_line(tmp_path: Path) -> None:
    body = '  "a": {"type": "http", "url": "https://a.example.com/mcp"} // mcplint: ignore\n'
    only = ["MCP009", "MCP201"]
    first = scan_text(tmp_path / "1", '{"servers": {\n' + body + "}}\n", ".vscode/mcp.json", select=only)
    second = scan_text(tmp_path / "2", '{"servers": {\n\n\n' + body + "}}\n", ".vscode/mcp.json", select=only)
    one = [f for f in first if f.rule == "MCP009"]
    two = [f for f in second if f.rule == "MCP009"]
    assert len(one) == len(two) == 1 and one[0].line != two[0].line
    assert one[0].fingerprint == two[0].fingerprint


# --- SARIF ------------------------------------------------------------------------------------

def test_sarif_leaves_suppressed_out_unless_asked(tmp_path: Path) -> None:
    _write(tmp_path, ".vscode/mcp.json", VSCODE)
    base = ["scan", "--isolated", "--select", "MCP009,MCP201,MCP301", "--format", "sarif"]
    plain = json.loads(run_cli(*base, cwd=tmp_path).stdout)["runs"][0]["results"]
    assert all("suppressions" not in r for r in plain)
    assert len(plain) == 2
    full = json.loads(run_cli(*base, "--report-suppressed", cwd=tmp_path).stdout)["runs"][0]["results"]
    suppressed = [r for r in full if "suppressions" in r]
    assert len(full) == 5 and len(suppressed) == 3
    kinds = {(r["suppressions"][0]["kind"], r["suppressions"][0].get("justification")) for r in suppressed}
    assert ("inSource", "staging has no TLS yet (OPS-123)") in kinds


def test_a_comment_without_the_word_is_no_directive_and_any_case_still_is() -> None:
    text = '{\n  // just a note\n  // MCPlint: Ignore[MCP201] reason\n  "a": 1\n}\n'
    doc = Document(text=text, data={"a": 1}, comments=[Comment(2, 3, "// just a note", True),
                                                       Comment(3, 3, "// MCPlint: Ignore[MCP201] reason", True)])
    found = directives(doc)
    assert [(d.line, d.codes, d.target) for d in found] == [(3, ("MCP201",), 4)]

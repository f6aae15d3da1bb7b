"""The text report as a person reads it (issue 22) and as an attacker would feed it (issue 14):
width, the marker under the finding's columns, secrets masked in place by detection, help and
summary lines, grouping, escaping, and a bounded cost on one huge line.

Golden snapshots live in tests/report/snapshots/; after a deliberate layout change, rewrite them with
``MCPLINT_UPDATE_SNAPSHOTS=1 pytest tests/report/test_text.py`` and review the diff.
"""

from __future__ import annotations

import difflib
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import FIXTURES, PACKAGE_ROOT, REPO, run_cli
from mcplint.model import Finding, Report
from mcplint.report import ReportOptions, render, summary_line
from mcplint.escape import printable, safe_line
from mcplint.escape import cells
from mcplint.report.source import SourceView, credential_shaped, in_place
from mcplint.report.text import wrap
from mcplint.ruleset import load_rules
from mcplint.scan import ScanOptions, scan_paths

SNAPSHOTS = Path(__file__).parent / "snapshots"
DEMO_SECRETS = ("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", "xoxb-7391046285-8204615937-Qw3eRt5yUi7oPa9sDf1gHj2k",
                "Sup3rS3cretPw")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _demo_report() -> Report:
    return scan_paths(["fixtures/demo"], ScanOptions(rules=load_rules()), cwd=REPO)


def _text(report: Report, **options: object) -> str:
    out = io.StringIO()
    render(report, "text", out, ReportOptions(**{"width": 100, **options}))  # type: ignore[arg-type]
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(request: pytest.FixtureRequest) -> Report:
    cwd = os.getcwd()
    os.chdir(REPO)  # display paths as a user in the checkout sees them
    try:
        return _demo_report()
    finally:
        os.chdir(cwd)


def _blocks(output: str) -> list[tuple[int, str, int, int, str]]:
    """(line number, shown source, caret start, caret end, label) for each marker, in order."""
    lines = output.split("\n")
    found = []
    for i, line in enumerate(lines[:-1]):
        source = re.match(r"^ +(\d+) │ (.*)$", line)
        marker = re.match(r"^ +│ (.*)$", lines[i + 1])
        if source and marker and "^" in marker.group(1):
            carets = re.search(r"\^+", marker.group(1))
            label = (marker.group(1)[: carets.start()] + marker.group(1)[carets.end():]).strip()
            found.append((int(source.group(1)), source.group(2), carets.start(), carets.end(), label))
    return found


# --- width, marker, masked values -------------------------------------------------------------


@pytest.mark.parametrize("width", [60, 100, 200])
def test_demo_fits_the_width_and_marks_exactly_the_finding(demo: Report, width: int) -> None:
    output = _text(demo, width=width)
    for line in output.splitlines():
        assert cells(line) <= width, line
    for secret in DEMO_SECRETS:
        assert secret not in output and secret[4:16] not in output
    blocks = _blocks(output)
    assert len(blocks) == len(demo.findings)
    for f, (number, shown, start, end, label) in zip(demo.findings, blocks):
        assert number == f.line and label.split()[0] == f.rule
        source = demo.sources[f.file].split("\n")[f.line - 1]
        value = source[f.column - 1: f.end_column - 1]
        for secret in DEMO_SECRETS:  # the same line's secrets are masked under any rule's marker
            value = value.replace(secret, in_place(secret))
        under = shown[start:end]
        if f.rule.startswith("MCP1"):
            assert not any(secret in under for secret in DEMO_SECRETS)
            assert under.startswith('"') and any(in_place(secret) in under for secret in DEMO_SECRETS)
            assert under.endswith('"') or shown.endswith("…")  # the whole value, unless cut
        elif not shown.startswith("…") and not shown.endswith("…"):
            assert under == value, (f.rule, shown)
        else:  # cut: what is under the marker is the value's visible part
            assert under.strip("…") in value, (f.rule, shown, under)
        if width == 200:
            for secret in DEMO_SECRETS:
                shown = shown.replace(in_place(secret), "")
            assert "…" not in shown  # nothing cut at 200 columns


def test_the_secret_is_shown_masked_in_place(demo: Report) -> None:
    output = _text(demo)
    # the redaction is the secrets package's (ghp_…iO today); the report puts it in place
    assert f'"GITHUB_PERSONAL_ACCESS_TOKEN": "{in_place(DEMO_SECRETS[0])}"' in output
    assert f'"SLACK_BOT_TOKEN": "{in_place(DEMO_SECRETS[1])}",' in output
    assert '"postgresql://admin:' in output and "@db.prod.example.com:5432/app" in output  # only the password hidden


def test_long_lines_are_cut_around_the_column_not_at_a_prefix() -> None:
    line = '{"a": "' + "x" * 300 + '", "url": "http://plain.example.com/mcp", "b": "' + "y" * 300 + '"}'
    column = line.index('"http') + 1
    view = SourceView(line)
    shown = view.excerpt(1, column, column + len('"http://plain.example.com/mcp"'), 50)
    assert shown is not None
    assert shown.text.startswith("…") and shown.text.endswith("…") and cells(shown.text) <= 50
    assert shown.text[shown.start: shown.end] == '"http://plain.example.com/mcp"'


def test_a_multi_line_value_marks_its_first_line_and_counts_the_rest() -> None:
    text = "a:\n  b: |\n    one\n    two\n    three\n"
    finding = Finding(rule="MCP503", name="shell-wrapper", severity="medium", file="x.yaml", line=2, column=6,
                      end_line=5, end_column=10, message="m")
    report = Report(version="0", files_scanned=1, findings=[finding], rules={}, sources={"x.yaml": text})
    (number, shown, start, end, label), = _blocks(_text(report))
    assert number == 2 and shown[start:end] == "|" and label == "MCP503 (and 3 more lines)"


# --- masking by detection, whatever the rules --------------------------------------------------

TOKEN = "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"
ONE_LINE = '{"mcpServers": {"x": {"command": "npx", "args": ["-y", "pkg-x"], "env": {"API_TOKEN": "%s"}}}}\n' % TOKEN


@pytest.mark.parametrize("how", [["--select", "MCP501"], ["--ignore", "MCP1"], ["--extend-select", "MCP501"]])
def test_the_source_line_is_masked_whatever_rules_run(tmp_path: Path, how: list[str]) -> None:
    (tmp_path / ".mcp.json").write_text(ONE_LINE)
    result = run_cli("scan", "--isolated", *how, "--format", "text", cwd=tmp_path, env={"COLUMNS": "200"})
    assert "MCP501" in result.stdout and '"pkg-x"' in result.stdout, result.stdout
    assert TOKEN not in result.stdout and TOKEN[4:20] not in result.stdout
    assert '"API_TOKEN": "ghp_…' in result.stdout


def test_a_suppressed_secret_finding_still_masks_its_line(tmp_path: Path) -> None:
    folder = tmp_path / ".vscode"
    folder.mkdir()
    (folder / "mcp.json").write_text('{"servers": {\n  // mcplint: ignore[MCP101] rotated\n'
                                     '  "x": {"command": "npx", "args": ["-y", "pkg-x"], "env": {"API_TOKEN": "%s"}}\n}}\n' % TOKEN)
    result = run_cli("scan", "--isolated", "--format", "text", cwd=tmp_path, env={"COLUMNS": "200"})
    assert "MCP501" in result.stdout and "suppressed" in result.stdout
    assert TOKEN not in result.stdout and TOKEN[4:20] not in result.stdout


@pytest.mark.parametrize("text", [
    # YAML double-quoted string continued with a backslash
    'env:\n  GITHUB_TOKEN: "ghp_R8x2kQ7vN4mZ1pL6\\\n    wT9yB3cF5hJ0sD1n6upw"\n  OTHER: 1\n',
    # TOML multi-line basic string with line-ending backslashes
    'GITHUB_TOKEN = """ghp_R8x2kQ7vN4mZ1pL6\\\n  wT9yB3cF5hJ0sD1n6upw\\\n  """\nOTHER = 1\n',
])
def test_a_secret_split_over_lines_shows_neither_half(text: str) -> None:
    view = SourceView(text)
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip():
            shown = view.excerpt(number, 1, 0, 200)
            assert shown is not None
            assert "R8x2kQ7vN4mZ" not in shown.text and "wT9yB3cF5hJ0" not in shown.text, shown.text


@pytest.mark.parametrize(("line", "hidden"), [
    ("  // token: abc123def456ghi789jkl012mno", "abc123def456ghi789"),
    ("# old key 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 (rotated)", "R8x2kQ7vN4mZ1pL6"),
    ('  "a": 1, // 9f8e7d6c5b4a39281706f5e4d3c2b1a0ffeeddcc', "9f8e7d6c5b4a3928"),
    ("command = 'npx' # Zx81Kq0Pw7Lm2Nv5Bt9Yc3Rd", "Zx81Kq0Pw7Lm2Nv5"),
])
def test_generic_tokens_in_comments_are_masked(line: str, hidden: str) -> None:
    shown = SourceView(line).excerpt(1, 1, 0, 200)
    assert shown is not None and hidden not in shown.text, shown.text


@pytest.mark.parametrize("word", ["@modelcontextprotocol/server-filesystem", "https://example.com/v1/path",
                                  "2025-06-18T12:00:00Z", "mongodb-mcp-server@1.1.0", "configuration-directory"])
def test_ordinary_comment_words_are_not_credential_shaped(word: str) -> None:
    assert not credential_shaped(word)
    shown = SourceView(f"# see {word}").excerpt(1, 1, 0, 200)
    assert shown is not None and word in shown.text


def test_placeholders_on_a_shown_line_stay_readable() -> None:
    line = '"env": {"GITHUB_TOKEN": "${env:GITHUB_TOKEN}", "B": "${input:token}"}'
    shown = SourceView(line).excerpt(1, 1, 0, 200)
    assert shown is not None and shown.text == line


def test_the_in_place_form_is_the_message_redaction_without_its_length() -> None:
    from mcplint.secrets import redact

    assert in_place(TOKEN) == redact(TOKEN).rsplit(" (", 1)[0]
    assert TOKEN[4:10] not in in_place(TOKEN)


# --- escaping -----------------------------------------------------------------------------------

HOSTILE_SERVER = "ok\x1b[2K\x1b[1A\rNo findings\u202egnp.exe\n::error file=a::forged\x9b1A\x7f"


def _hostile_report() -> Report:
    source = '{"mcpServers": {"x\\u001b[2K": {"url": "http://a.example.com"}}}\n\u202e\x1b]0;title\x07 "# \x1b[31m\n'
    finding = Finding(rule="MCP201", name="plaintext\x1b[0m", severity="high", file="\n::error file=x::forged.json",
                      line=1, column=36, end_line=1, end_column=58, message="msg \x1b[2J\u2066x\u2069 [y]",
                      server=HOSTILE_SERVER)
    second = Finding(rule="MCP201", name="n", severity="low", file="\n::error file=x::forged.json",
                     line=2, column=1, end_line=2, end_column=3, message="::warning::x", server="::notice::y")
    return Report(version="0", files_scanned=1, findings=[finding, second], rules={},
                  sources={"\n::error file=x::forged.json": source})


@pytest.mark.parametrize("fmt", ["text", "concise"])
@pytest.mark.parametrize("color", [False, True])
def test_hostile_names_reach_the_terminal_escaped(fmt: str, color: bool) -> None:
    out = io.StringIO()
    render(_hostile_report(), fmt, out, ReportOptions(width=80, color=color))
    output = out.getvalue()
    plain = ANSI.sub("", output)
    assert "\x1b" not in plain and "\r" not in plain and "\x07" not in plain and "\x9b" not in plain
    assert not re.search("[\u202a-\u202e\u2066-\u2069\x7f]", plain)
    for line in plain.split("\n"):
        assert not line.strip().startswith("::"), line
    assert "\\x1b[2K" in plain and "\\u202e" in plain  # shown as what it is
    if not color:
        assert ANSI.sub("", output) == output


def test_hostile_names_through_the_cli(tmp_path: Path) -> None:
    name = "evil\\u001b[2K\\u001b[1A\\nNo findings.\\n::error file=x::forged\\u202e"
    (tmp_path / ".mcp.json").write_text('{"mcpServers": {"%s": {"type": "sse", "url": "http://h.example.com/sse"}}}\n' % name)
    for fmt in ("text", "concise"):
        result = run_cli("scan", "--isolated", "--format", fmt, cwd=tmp_path, env={"COLUMNS": "80"})
        assert result.returncode == 1
        assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
        assert not any(line.strip().startswith("::") for line in result.stdout.splitlines()), result.stdout
        assert "\\x1b[2K" in result.stdout


def test_printable_and_safe_line() -> None:
    assert printable("a\tb\nc\x00\x1b\x7f\x85\u202e\u2069\u2028") == "a\\tb\\nc\\x00\\x1b\\x7f\\x85\\u202e\\u2069\\u2028"
    assert printable("plain ünïcödé 漢字") == "plain ünïcödé 漢字"
    assert safe_line("::error::x") == "\\x3a:error::x"
    assert safe_line("  ::error::x") == "  \\x3a:error::x"
    assert safe_line("a::b") == "a::b"


# --- summary, quiet, grouping, colour, help ------------------------------------------------------


def test_summary_counts_rules_files_and_the_exit_meaning(demo: Report) -> None:
    output = _text(demo, fail_on="high")
    tail = output.split("\n\n")[-1].splitlines()
    assert tail[0] == "Found 13 findings (1 critical, 4 high, 3 medium, 5 low) in 3 of 3 files."
    assert tail[1].startswith("  rules: 3 MCP501 unpinned-package, 2 MCP101 hardcoded-secret")
    assert "  files: 3 scanned, none skipped" in tail
    assert tail[-1] == "exit 1: 5 findings at or above high"
    assert _text(demo, fail_on="critical", exit_zero=True).rstrip().endswith("exit 0: --exit-zero (1 finding at or above critical)")


def test_the_summary_line_is_the_same_in_every_format_and_on_stderr_with_output(tmp_path: Path) -> None:
    demo = str(FIXTURES / "demo")
    text = run_cli("scan", demo, "--format", "text", env={"COLUMNS": "100"})
    concise = run_cli("scan", demo, "--format", "concise")
    written = run_cli("scan", demo, "--format", "json", "-o", str(tmp_path / "out.json"))
    line = "Found 13 findings (1 critical, 4 high, 3 medium, 5 low) in 3 of 3 files."
    assert line in text.stdout.splitlines() and concise.stdout.splitlines()[-1] == line
    assert written.stdout == "" and written.stderr.strip() == line and text.returncode == concise.returncode == written.returncode == 1
    assert json.loads((tmp_path / "out.json").read_text())["findings"]


def test_quiet_prints_only_findings_and_a_clean_run_one_line(demo: Report) -> None:
    quiet = _text(demo, quiet=True)
    assert "Found 13" not in quiet and "exit 1" not in quiet and "MCP101" in quiet and not quiet.endswith("\n\n")
    clean = Report(version="0", files_scanned=4, findings=[], rules={})
    assert _text(clean) == "No findings in 4 files.\n" and _text(clean, quiet=True) == ""
    assert summary_line(clean) == "No findings in 4 files."
    concise = io.StringIO()
    render(clean, "concise", concise, ReportOptions())
    assert concise.getvalue() == "No findings in 4 files.\n"


def test_group_by_rule_and_severity(demo: Report) -> None:
    by_rule = _text(demo, group_by="rule")
    headings = [line for line in by_rule.splitlines() if re.match(r"^MCP\d{3} ", line)]
    assert headings[0] == "MCP101 hardcoded-secret (2 findings)" and len(headings) == len({f.rule for f in demo.findings})
    assert "  fixtures/demo/.cursor/mcp.json:7:41" in by_rule
    by_severity = _text(demo, group_by="severity")
    order = [line.split()[0] for line in by_severity.splitlines() if re.match(r"^(critical|high|medium|low|info) \(", line)]
    assert order == ["critical", "high", "medium", "low"]
    for text in (by_rule, by_severity):
        assert len(_blocks(text)) == len(demo.findings) and text.split("\n\n")[-1] == _text(demo).split("\n\n")[-1]


def test_statistics_count_by_rule(demo: Report) -> None:
    output = _text(demo, statistics=True)
    assert output.splitlines()[0] == "3  MCP501  unpinned-package  [low]" and "^" not in output


def test_colour_changes_style_not_content(demo: Report) -> None:
    coloured = _text(demo, color=True)
    assert "\x1b[" in coloured
    assert ANSI.sub("", coloured) == _text(demo)


def test_rich_is_imported_only_for_colour() -> None:
    script = (
        "import io, sys\n"
        "from mcplint.model import Finding, Report\n"
        "from mcplint.report import ReportOptions, render\n"
        "f = Finding(rule='MCP201', name='n', severity='high', file='a', line=1, column=1, message='m')\n"
        "r = Report(version='0', files_scanned=1, findings=[f], rules={}, sources={'a': 'x'})\n"
        "render(r, 'text', io.StringIO(), ReportOptions())\n"
        "assert 'rich' not in sys.modules, 'rich imported without colour'\n"
        "render(r, 'text', io.StringIO(), ReportOptions(color=True))\n"
        "assert 'rich' in sys.modules\n"
    )
    env = {**os.environ, "PYTHONPATH": str(PACKAGE_ROOT)}
    subprocess.run([sys.executable, "-c", script], check=True, env=env, timeout=120)


def test_every_rule_has_a_one_sentence_help() -> None:
    rules = load_rules()
    findings = [Finding(rule.id, rule.name, "low", "f.json", 1, 1, "m") for rule in rules.values()]
    helps = [line.split("= help: ", 1)[1] for line in _text(Report("1", 1, findings, rules), width=1000).splitlines()
             if "= help: " in line]
    sentences = {details: sentence for sentence, details in (shown.split(" Details: ") for shown in helps)}
    assert len(helps) == len(rules)
    for rule in rules.values():
        sentence = sentences[f"mcplint rule {rule.id} ({rule.name})"]
        assert sentence.endswith(".") and sentence.count("`") % 2 == 0, (rule.id, sentence)
        assert sentence.count("(") == sentence.count(")") and 10 < len(sentence) < 400, (rule.id, sentence)


def test_help_is_shown_once_per_rule_with_the_rule_command(demo: Report) -> None:
    output = _text(demo)
    assert output.count("Details: mcplint rule MCP501 (unpinned-package)") == 1
    assert "= help: Pin an exact version. Details: mcplint rule MCP501 (unpinned-package)" in output


def test_wrap_keeps_words_and_the_width() -> None:
    text = "a " * 10 + "x" * 50 + " tail"
    lines = wrap(text, 20, 16)
    assert all(cells(line) <= (20 if i == 0 else 16) for i, line in enumerate(lines))
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(cells(line) <= 10 for line in wrap("漢字" * 20, 10, 10))


def test_the_cli_reads_the_width_from_columns() -> None:
    for width in (60, 100):
        result = run_cli("scan", str(FIXTURES / "demo"), "--format", "text", env={"COLUMNS": str(width)})
        assert max(cells(line) for line in result.stdout.splitlines()) <= width
    wide = run_cli("scan", str(FIXTURES / "demo"), "--format", "text", env={"COLUMNS": "200"})
    assert max(cells(line) for line in wide.stdout.splitlines()) > 100


# --- golden snapshots -----------------------------------------------------------------------------

SNAPSHOT_CASES = {
    "demo-60.txt": {"width": 60},
    "demo-100.txt": {"width": 100},
    "demo-200.txt": {"width": 200},
    "demo-100-by-rule.txt": {"width": 100, "group_by": "rule"},
    "demo-100-by-severity-quiet.txt": {"width": 100, "group_by": "severity", "quiet": True},
}


@pytest.mark.parametrize("name", sorted(SNAPSHOT_CASES))
def test_the_demo_report_matches_its_snapshot(demo: Report, name: str) -> None:
    output = _text(demo, **SNAPSHOT_CASES[name])
    path = SNAPSHOTS / name
    if os.environ.get("MCPLINT_UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(output, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    if output != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), output.splitlines(True), str(path), "now"))
        pytest.fail(f"the {name} layout changed (MCPLINT_UPDATE_SNAPSHOTS=1 rewrites it after review):\n{diff}")


# --- cost -------------------------------------------------------------------------------------------


def test_one_minified_line_of_100000_servers_renders_in_bounded_time() -> None:
    """Each finding costs a window of its line, not the line: ~15 s of CPU on a loaded 2-core
    machine; the old reporter was killed after 5 minutes. The timeout allows for load."""
    script = Path(__file__).parent / "data" / "render_one_line.py"
    env = {**os.environ, "PYTHONPATH": str(PACKAGE_ROOT)}
    result = subprocess.run([sys.executable, str(script), "100000"], capture_output=True, text=True, env=env,
                            timeout=240)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["seconds"] < 240

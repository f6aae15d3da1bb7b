"""Every example in README.md and docs/*.md runs and does what the text says (issue 23).

Picked up automatically, so a new example is tested the day it is written:

- every line of a ```bash / ```sh block that starts with ``mcplint`` runs (in order, per block)
  in a temporary project: a copy of the repository's fixtures, the demo project at its root,
  the files the README names (``buffer.json``, ``server.json``, ``manifest.json``,
  ``weather.mcpb``) and a fake HOME for ``--machine``. The line's comment states the outcome
  where it has one (``exit 0``, ``no findings``); otherwise the command must exit 0 or 1 (never
  2, the usage/configuration error code) and print no traceback;
- every ```toml block is an mcplint configuration (loaded by the config loader, then a scan
  under it must not fail with exit 2), or a client config carrying an inline ignore (see below);
- every ```jsonc / ```yaml / ```toml client config that carries a ``mcplint: ignore`` comment is
  scanned as its client's file: the documented ignores must leave no finding (and no MCP009);
- the README's prose claims "`mcplint …` exits N" are run too.

Lines that need what a test cannot have are listed in SKIPPED / SUBSTITUTED with the reason.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import FIXTURES, PACKAGE_ROOT, REPO

DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]

SKIPPED = {
    "mcplint rule ACME101 --config team.toml": "ACME101 stands for the reader's own custom rule",
}
"""Exact documented command lines not run, with why."""

SUBSTITUTED = {
    "/mnt/disk/Users/alice": "{home}",  # a copied home directory: the test's fake one
}
"""Documented paths a test cannot have, replaced by what the test built in their place."""

NOT_MCPLINT_CONFIGS = {
    '[project.entry-points."mcplint.analyzers"]': "a plugin package's own pyproject.toml, not an mcplint configuration",
}
"""TOML examples that are neither an mcplint configuration nor a client config, with why."""

FIXTURE_FOLDERS = ("demo", "clean", "publisher", "clients")
"""The fixtures the docs name or scan. Not hostile/, calibration/, lookalike/: hostile inputs have
their own tests (test_hostile.py), and ``mcplint init`` over calibration/ currently takes minutes
(the TOML loader's dotted-key guard on the generated file)."""

CLIENT_FILES = {"jsonc": ".vscode/mcp.json", "json": ".cursor/mcp.json", "yaml": ".continue/mcpServers/example.yaml",
                "yml": ".continue/mcpServers/example.yaml", "toml": ".codex/config.toml"}
"""Where a client-config example is written, by its code block's language."""

_BLOCK = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```", re.S | re.M)


@dataclass(frozen=True)
class Command:
    doc: str
    block: int
    line: str
    comment: str

    def __str__(self) -> str:
        return f"{self.doc}: {self.line}"


def _blocks(languages: tuple[str, ...]) -> list[tuple[str, int, str, str]]:
    """(doc name, block number, language, text) of every fenced block in one of ``languages``."""
    out = []
    for doc in DOCS:
        for number, (lang, text) in enumerate(_BLOCK.findall(doc.read_text(encoding="utf-8"))):
            if lang in languages:
                out.append((doc.relative_to(REPO).as_posix(), number, lang, text))
    return out


def _split_comment(line: str) -> tuple[str, str]:
    """The command and its trailing ``# comment`` (a ``#`` inside quotes is not one)."""
    lexer = shlex.shlex(line, posix=True, punctuation_chars=False)
    lexer.whitespace_split, lexer.commenters = True, ""
    quote = None
    for index, char in enumerate(line):
        if quote:
            quote = None if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "#" and (index == 0 or line[index - 1].isspace()):
            return line[:index].rstrip(), line[index + 1:].strip()
    return line.rstrip(), ""


def documented_commands() -> list[Command]:
    commands = []
    for doc, number, _lang, text in _blocks(("bash", "sh", "shell")):
        joined = re.sub(r"\\\n\s*", " ", text)
        for raw in joined.splitlines():
            line, comment = _split_comment(raw.strip())
            if line.startswith("mcplint ") or line == "mcplint":
                commands.append(Command(doc, number, line, comment))
    return commands


def prose_claims() -> list[tuple[str, str, int]]:
    """``(doc, command, exit code)`` of each "`mcplint …` exits N" sentence."""
    claims = []
    for doc in DOCS:
        text = re.sub(r"\s+", " ", _BLOCK.sub("", doc.read_text(encoding="utf-8")))
        for command, code in re.findall(r"`(mcplint [^`]+)` exits (\d)", text):
            claims.append((doc.name, command, int(code)))
    return claims


# --- the project commands run in --------------------------------------------------------------

def _project(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    work = tmp_path / "work"
    for name in FIXTURE_FOLDERS:
        shutil.copytree(FIXTURES / name, work / "fixtures" / name)
    shutil.copytree(FIXTURES / "demo", work, dirs_exist_ok=True)  # a project with findings at the root
    shutil.copy(FIXTURES / "clean" / ".vscode" / "mcp.json", work / "buffer.json")
    shutil.copy(FIXTURES / "publisher" / "registry-bad" / "server.json", work / "server.json")
    shutil.copy(FIXTURES / "publisher" / "bundle-bad" / "manifest.json", work / "manifest.json")
    with zipfile.ZipFile(work / "weather.mcpb", "w") as bundle:
        bundle.write(FIXTURES / "publisher" / "bundle-good" / "manifest.json", "manifest.json")
    home = tmp_path / "home"
    (home / ".cursor").mkdir(parents=True)
    shutil.copy(FIXTURES / "demo" / ".cursor" / "mcp.json", home / ".cursor" / "mcp.json")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("MCPLINT_", "XDG_")) and k not in ("APPDATA", "LOCALAPPDATA", "CODEX_HOME", "COLUMNS")}
    pythonpath = os.pathsep.join(p for p in (str(PACKAGE_ROOT), os.environ.get("PYTHONPATH", "")) if p)
    env.update(HOME=str(home), USERPROFILE=str(home), NO_COLOR="1", PYTHONPATH=pythonpath)
    return work, env


def _run(line: str, work: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    for documented, replacement in SUBSTITUTED.items():
        line = line.replace(documented, replacement.format(home=env["HOME"]))
    words = shlex.split(line)
    stdin = None
    if "<" in words:
        at = words.index("<")
        stdin = (work / words[at + 1]).read_text(encoding="utf-8")
        words = words[:at] + words[at + 2:]
    unsupported = {"|", "||", "&&", ";", ">", ">>", "&"} & set(words)
    assert not unsupported, f"{line}: shell syntax {unsupported} this test cannot run (list the line in SKIPPED)"
    assert words[0] == "mcplint"
    return subprocess.run([sys.executable, "-m", "mcplint", *words[1:]], cwd=work, env=env, input=stdin,
                          capture_output=True, text=True, timeout=120)


def _expected(comment: str) -> tuple[set[int], bool]:
    """The exit codes a comment allows and whether it promises no findings."""
    stated = re.search(r"\bexit(?:s| code)? (\d)\b", comment)
    no_findings = bool(re.search(r"\bno findings\b", comment, re.I))
    if stated:
        return {int(stated.group(1))}, no_findings
    return ({0} if no_findings else {0, 1}), no_findings


def _check(result: subprocess.CompletedProcess[str], codes: set[int], no_findings: bool, what: str) -> None:
    output = result.stdout + result.stderr
    assert "Traceback" not in output, f"{what}\n{output}"
    assert result.returncode in codes, f"{what}: exit {result.returncode}, documented {sorted(codes)}\n{output[-2000:]}"
    if no_findings:
        assert "No findings" in result.stdout or "No MCP configuration" in result.stdout, f"{what}\n{output}"


# --- the tests ---------------------------------------------------------------------------------

COMMANDS = documented_commands()
BLOCKS = sorted({(c.doc, c.block) for c in COMMANDS})


def test_the_examples_are_found() -> None:
    """The extraction itself works: the README's usage block and the docs' commands are seen."""
    lines = {c.line for c in COMMANDS}
    assert {"mcplint scan", "mcplint rules", "mcplint scan --machine"} <= lines
    assert any(c.doc == "docs/configuration.md" and "--write-baseline" in c.line for c in COMMANDS)
    assert {doc for doc, _ in BLOCKS} >= {"README.md", "docs/ci.md", "docs/configuration.md", "docs/policy.md"}
    assert _expected("record today's findings (exit 0)") == ({0}, False)
    assert _expected("every rule") == ({0, 1}, False)
    assert set(SKIPPED) <= lines and all(any(d in c.line for c in COMMANDS) for d in SUBSTITUTED)
    assert prose_claims()


@pytest.mark.parametrize(("doc", "block"), BLOCKS, ids=[f"{d}#{b}" for d, b in BLOCKS])
def test_documented_commands_do_what_the_docs_say(tmp_path: Path, doc: str, block: int) -> None:
    work, env = _project(tmp_path)
    for command in (c for c in COMMANDS if (c.doc, c.block) == (doc, block)):
        if command.line in SKIPPED:
            continue
        codes, no_findings = _expected(command.comment)
        _check(_run(command.line, work, env), codes, no_findings, str(command))


@pytest.mark.parametrize(("doc", "command", "code"), prose_claims())
def test_documented_exit_codes_in_the_text(tmp_path: Path, doc: str, command: str, code: int) -> None:
    work, env = _project(tmp_path)
    _check(_run(command, work, env), {code}, False, f"{doc}: {command}")


def test_the_readme_clean_fixture_has_no_findings(tmp_path: Path) -> None:
    """README: "`fixtures/demo` has problems, `fixtures/clean` has none"."""
    readme = re.sub(r"\s+", " ", (REPO / "README.md").read_text(encoding="utf-8"))
    assert "`fixtures/clean` has none" in readme
    work, env = _project(tmp_path)
    _check(_run("mcplint scan fixtures/clean", work, env), {0}, True, "README: fixtures/clean")
    assert _run("mcplint scan fixtures/demo", work, env).returncode == 1


TOML_BLOCKS = [(doc, n, text) for doc, n, _lang, text in _blocks(("toml",))]


@pytest.mark.parametrize(("doc", "number", "text"), TOML_BLOCKS, ids=[f"{d}#{n}" for d, n, _ in TOML_BLOCKS])
def test_documented_configurations_load_and_scan(tmp_path: Path, doc: str, number: int, text: str) -> None:
    if any(marker in text for marker in NOT_MCPLINT_CONFIGS):
        return
    if "mcplint: ignore" in text or re.search(r"^\[mcp_servers\.", text, re.M):
        return  # a client config: test_documented_inline_ignores_suppress_what_they_name
    from mcplint.config import from_dict, read_config_file

    work, env = _project(tmp_path)
    name = "pyproject.toml" if re.search(r"^\[tool\.mcplint", text, re.M) else ".mcplint.toml"
    (work / name).write_text(text, encoding="utf-8")
    config = from_dict(read_config_file(work / name), work / name)  # raises ConfigError with file:line
    for folder in config.rule_paths:
        folder.mkdir(parents=True, exist_ok=True)  # the reader's own rules: an empty folder here
    if config.baseline:
        written = _run(f"mcplint scan --write-baseline {config.baseline}", work, env)
        assert written.returncode == 0, written.stderr
    _check(_run("mcplint scan", work, env), {0, 1}, False, f"{doc}: configuration example #{number}")


CLIENT_EXAMPLES = [(doc, n, lang, text) for doc, n, lang, text in _blocks(tuple(CLIENT_FILES))
                   if "mcplint: ignore" in text]


@pytest.mark.parametrize(("doc", "number", "lang", "text"), CLIENT_EXAMPLES,
                         ids=[f"{d}#{n}-{lang}" for d, n, lang, _ in CLIENT_EXAMPLES])
def test_documented_inline_ignores_suppress_what_they_name(tmp_path: Path, doc: str, number: int, lang: str,
                                                          text: str) -> None:
    path = tmp_path / CLIENT_FILES[lang]
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mcplint", "scan", CLIENT_FILES[lang], "--isolated"], cwd=tmp_path,
                            env={**os.environ, "NO_COLOR": "1"}, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and "No findings in 1 file" in result.stdout, f"{doc} #{number}\n{result.stdout}"
    assert "suppressed" in result.stdout  # the ignores did something (an unused one would be MCP009)


def test_client_examples_are_found() -> None:
    assert {lang for _, _, lang, _ in CLIENT_EXAMPLES} >= {"jsonc", "yaml", "toml"}

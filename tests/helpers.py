"""Shared test helpers: scan a config text as a file, run the CLI in-process (``invoke``) or as a
process (``run_cli``)."""

from __future__ import annotations

import functools
import io
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from typing import Any, Iterator, Sequence

from mcplint.facts import FactContext, Facts
from mcplint.model import Document, Finding, Pointer, Server, SourceFile, Span
from mcplint.normalize import server_from_entry
from mcplint.ruleset import load_rules
from mcplint.scan import ScanOptions, scan_paths

REPO = Path(__file__).resolve().parent.parent
PACKAGE_ROOT = Path(__import__("mcplint").__file__).resolve().parent.parent
"""The folder holding the ``mcplint`` package under test (site-packages, or the checkout):
child processes put it on ``PYTHONPATH`` so they import the same mcplint as the tests."""
FIXTURES = REPO / "fixtures"
CORPUS = REPO.parent / "shared" / "corpus" / "real"
SARIF_SCHEMA = REPO / "tests" / "data" / "sarif-schema-2.1.0.json"
"""Vendored with the tests (tests/data/sarif-schema-2.1.0.PROVENANCE.md): no ../shared needed."""

DIRTY = ('{"mcpServers": {"remote": {"type": "sse", "url": "http://mcp.example.com/sse", '
         '"headers": {"Authorization": "Bearer ${env:MCP_TOKEN}"}}}}')
"""A config with findings: an SSE server over plain HTTP."""
CLEAN = ('{"mcpServers": {"remote": {"type": "http", "url": "https://mcp.example.com/mcp", '
         '"headers": {"Authorization": "Bearer ${MCP_TOKEN}"}}}}')
"""A config without findings."""

CUSTOM_RULE = """\
id: MCP950
name: no-beta-servers
severity: low
summary: A server whose name says beta.
rationale: Beta servers are not supported.
fix: Use the released server.
references: [https://wiki.corp.example.com/mcp]
when: >-
  server.transport == 'stdio'
  and matches(server.name, 'beta')
message: "{server.name} is a beta server"
examples:
  bad: ['{"mcpServers": {"crm-beta": {"command": "crm"}}}']
  good: ['{"mcpServers": {"crm": {"command": "crm"}}}']
"""
"""A custom rule file (``[rules] paths``) in the built-in format: MCP950, a server named beta."""


def two_configs(root: Path) -> Path:
    """``root`` holding ``.cursor/mcp.json`` with findings (DIRTY) and a clean ``.mcp.json``."""
    (root / ".cursor").mkdir()
    (root / ".cursor" / "mcp.json").write_text(DIRTY)
    (root / ".mcp.json").write_text(CLEAN)
    return root


def scan_text(tmp_path: Path, config: str, file: str = ".mcp.json", select: list[str] | None = None,
              policy: dict | None = None) -> list[Finding]:
    """Write ``config`` to ``tmp_path/file`` and scan it with every (or the selected) rule.

    ``policy``: a ``[policy]`` table in force (as if read from ``.mcplint.toml``).
    """
    path = tmp_path / file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(config, encoding="utf-8")
    rules = load_rules()
    if select:
        rules = {rid: r for rid, r in rules.items() if any(rid.startswith(s) for s in select)}
    settings = None
    if policy is not None:
        from mcplint.config import Config

        settings = Config(policy=policy)
    return scan_paths([str(path)], ScanOptions(rules=rules, config=settings), cwd=tmp_path).findings


def facts_of(entry: dict[str, Any], client: str = "generic", *, name: str = "s",
             extra: dict[str, Any] | None = None) -> Facts:
    """The facts of one server entry, ``mcpServers.NAME`` of ``f.json`` for ``client``: each fact
    is worked out when first read, as in a scan. ``extra``: third-party analyzers by fact name."""
    server = server_from_entry(name, entry, ("mcpServers", name), client, "f.json")
    return Facts(server, FactContext(None, SourceFile(path=None, display="f.json"), client, extra or {}))  # type: ignore[arg-type]


def server_record(command: str | None = None, *args: str, url: str | None = None,
                  env: dict[str, str] | None = None) -> Server:
    """A ``Server`` built directly, without normalize: ``mcpServers.s`` of file ``f``, HTTP when it
    has a URL and no command."""
    return Server("s", "generic", "f", ("mcpServers", "s"), command=command, args=list(args), url=url,
                  env=env or {}, transport="http" if url and not command else "stdio",
                  paths={"args": ("mcpServers", "s", "args"), "url": ("mcpServers", "s", "url")})


def codex_toml(servers: dict[str, dict[str, Any]]) -> str:
    """A Codex ``config.toml`` holding ``servers`` (name -> entry): one ``[mcp_servers.NAME]``
    table each, a mapping value as an inline table, every string quoted as JSON quotes it."""
    import json

    lines = []
    for name, entry in servers.items():
        lines.append(f"[mcp_servers.{json.dumps(name)}]")
        for key, value in entry.items():
            if isinstance(value, dict):
                inner = ", ".join(f"{json.dumps(k)} = {json.dumps(v)}" for k, v in value.items())
                lines.append(f"{key} = {{ {inner} }}")
            else:
                lines.append(f"{key} = {json.dumps(value)}")
    return "\n".join(lines) + "\n"


def run_python(*args: str, cwd: Path | str | None = None, env: dict[str, str] | None = None,
               input: str | None = None, check: bool = False) -> subprocess.CompletedProcess[str]:
    """Run ``python ARGS`` as a real process that imports the same mcplint as this test process
    (installed, or the checkout: ``PACKAGE_ROOT`` first on ``PYTHONPATH``), with ``NO_COLOR``.
    ``env``: variables to set on top of this process's (a ``PYTHONPATH`` given replaces it)."""
    pythonpath = os.pathsep.join(p for p in (str(PACKAGE_ROOT), os.environ.get("PYTHONPATH", "")) if p)
    full_env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": pythonpath, **(env or {})}
    return subprocess.run([sys.executable, *args], cwd=cwd, env=full_env, capture_output=True, text=True,
                          input=input, timeout=120, check=check)


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
            input: str | None = None, python_flags: bool = False) -> subprocess.CompletedProcess[str]:
    """Run ``python -m mcplint ARGS`` as a real process (the way users and pre-commit do).

    With ``python_flags``, leading ``-X ...`` pairs in ``args`` go to the interpreter.
    """
    interpreter: list[str] = []
    if python_flags:
        while len(args) >= 2 and args[0] == "-X":
            interpreter += list(args[:2])
            args = args[2:]
    return run_python(*interpreter, "-m", "mcplint", *args, cwd=cwd, env=env, input=input)


def scan_with_jobs(args: list[str], monkeypatch: Any, jobs: str, cwd: Path) -> tuple[int, str]:
    """``mcplint scan ARGS`` in-process with ``MCPLINT_JOBS=jobs``: (exit code, output). The pool
    starts from 2 files, 3 a chunk, and the run asserts that it forked workers exactly when
    ``jobs`` is not 1."""
    import mcplint.parallel as parallel

    monkeypatch.setenv("MCPLINT_JOBS", jobs)
    monkeypatch.setattr(parallel, "POOL_THRESHOLD", 2)
    monkeypatch.setattr(parallel, "CHUNK_FILES", 3)
    monkeypatch.chdir(cwd)
    parent, forked, fork = os.getpid(), [], os.fork

    def recording_fork() -> int:
        pid = fork()
        if os.getpid() == parent:
            forked.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", recording_fork)
    result = invoke(["scan", *args])
    assert result.exception is None, result.output
    assert bool(forked) == (jobs != "1")  # the pool did run (or not)
    return result.exit_code, result.output


class _Copying(io.BytesIO):
    """A captured stream that also copies every write to ``mixed`` (stdout and stderr in order)."""

    def __init__(self, mixed: io.BytesIO) -> None:
        super().__init__()
        self.mixed = mixed

    def write(self, data: Any) -> int:
        self.mixed.write(data)
        return super().write(data)


@dataclass
class Invocation:
    """What ``invoke`` saw: the exit code, stdout, stderr, both interleaved as written (``output``)
    and the exception that escaped the command line, if any (not SystemExit)."""

    exit_code: int
    stdout: str
    stderr: str
    output: str
    exception: BaseException | None = None


def _set_environment(values: dict[str, str | None]) -> None:
    """Set each variable (None: unset it)."""
    for name, value in values.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def invoke(args: Sequence[str], cwd: Path | str | None = None, env: dict[str, str | None] | None = None,
           catch_exceptions: bool = True) -> Invocation:
    """Run ``mcplint ARGS`` in-process (``mcplint.cli.main``) with stdout and stderr captured.

    The streams are UTF-8 text over bytes, not terminals, as in a pipe (an unencodable character
    fails as it would there). ``env``: variables to set (None: unset) for the run; ``cwd``: the
    directory to run in. sys.stdin/stdout/stderr, the environment and the directory are restored.
    An exception other than SystemExit gives exit code 1 and ``.exception`` (raised with
    ``catch_exceptions=False``).
    """
    from mcplint.cli import main

    mixed = io.BytesIO()
    out_bytes, err_bytes = _Copying(mixed), _Copying(mixed)
    out = io.TextIOWrapper(out_bytes, encoding="utf-8", write_through=True)
    err = io.TextIOWrapper(err_bytes, encoding="utf-8", write_through=True)
    saved_streams = sys.stdin, sys.stdout, sys.stderr
    saved_env = {name: os.environ.get(name) for name in env or {}}
    saved_cwd = os.getcwd() if cwd is not None else None
    exception: BaseException | None = None
    sys.stdin, sys.stdout, sys.stderr = io.TextIOWrapper(io.BytesIO(b""), encoding="utf-8"), out, err
    try:
        _set_environment(env or {})
        if cwd is not None:
            os.chdir(cwd)
        try:
            code: Any = main(list(args))
        except SystemExit as exit_:
            code = exit_.code
        except Exception as exc:
            if not catch_exceptions:
                raise
            exception, code = exc, 1
        if code is None:
            code = 0
        elif not isinstance(code, int):
            print(code, file=err)
            code = 1
        out.flush()
        err.flush()
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved_streams
        _set_environment(saved_env)
        if saved_cwd is not None:
            os.chdir(saved_cwd)
    return Invocation(code, out_bytes.getvalue().decode("utf-8", "replace"),
                      err_bytes.getvalue().decode("utf-8", "replace"), mixed.getvalue().decode("utf-8", "replace"),
                      exception)


def corpus_files(*suffixes: str) -> list[Path]:
    """The real corpus's files ending in one of ``suffixes``, sorted; none without the corpus."""
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.rglob("*") if p.suffix in suffixes and p.is_file())


def corpus_findings(select: str) -> list[dict]:
    """The findings of rules ``select*`` on the real corpus (``../shared``), as JSON objects, from a
    real process; the calling test is skipped when the corpus is not beside the checkout."""
    import json

    import pytest

    if not CORPUS.is_dir():
        pytest.skip("corpus not present")
    proc = run_cli("scan", ".", "--select", select, "--format", "json", "--isolated", "--exit-zero", cwd=CORPUS)
    assert proc.returncode == 0, proc.stderr
    return [f for f in json.loads(proc.stdout)["findings"] if f["rule"].startswith(select)]  # MCP001 is always reported


@functools.lru_cache(maxsize=4)
def line_starts(text: str) -> list[int]:
    """The offset of each line of ``text``; a line ends at \\n, \\r\\n or a lone \\r, as the
    loaders' positions count lines."""
    return [0] + [match.end() for match in re.finditer("\r\n?|\n", text)]


def span_offsets(text: str, span: Span) -> tuple[int, int]:
    """Where ``span`` (1-based lines and columns, end exclusive) starts and ends in ``text``."""
    starts = line_starts(text)
    return starts[span.line - 1] + span.column - 1, starts[span.end_line - 1] + span.end_column - 1


def span_text(text: str, span: Span) -> str:
    """The text ``span`` covers."""
    start, end = span_offsets(text, span)
    return text[start:end]


def walk(value: Any, pointer: Pointer = ()) -> Iterator[tuple[Pointer, Any]]:
    """Every (pointer, value) of a loaded document's data, the root first."""
    yield pointer, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from walk(item, pointer + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk(item, pointer + (index,))


def at(doc: Document, pointer: Pointer) -> tuple[int, int, int, int]:
    """The span of the value at ``pointer``, as (line, column, end line, end column)."""
    span = doc.spans[pointer]
    return span.line, span.column, span.end_line, span.end_column


def key_at(doc: Document, pointer: Pointer) -> tuple[int, int, int, int]:
    """The span of the key of ``pointer``'s last step, as (line, column, end line, end column)."""
    span = doc.key_spans[pointer]
    return span.line, span.column, span.end_line, span.end_column

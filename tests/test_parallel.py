"""The process pool (mcplint.parallel) gives the same report as a serial scan, in every format,
with inline ignores and with baselines; and its compact result packing loses nothing the
parent reads."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from helpers import CORPUS, FIXTURES, invoke

import mcplint.parallel as parallel
from mcplint.discover import discover
from mcplint.engine import Evaluator
from mcplint.ruleset import load_rules
from mcplint.scan import load_source

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the pool forks; elsewhere scans are serial")

COMMENTED = """{
  // mcplint: ignore[MCP101]
  "mcpServers": {
    "db": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-postgres", "postgresql://admin:hunter2hunter2@prod.example.com/db"]},
    "web": {"url": "http://mcp.example.com/sse"} // mcplint: ignore[MCP999]
  }
}
"""


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    """Enough files of every kind for several chunks: the fixtures, plus commented JSONC."""
    root = tmp_path / "tree"
    shutil.copytree(FIXTURES / "demo", root / "demo")
    shutil.copytree(FIXTURES / "clients", root / "clients")
    for i in range(20):
        folder = root / f"p{i:02d}" / ".vscode"
        folder.mkdir(parents=True)
        (folder / "mcp.json").write_text(COMMENTED.replace("mcpServers", "servers"), encoding="utf-8")
    return root


def _scan(args: list[str], monkeypatch: pytest.MonkeyPatch, jobs: str, cwd: Path) -> tuple[int, str]:
    monkeypatch.setenv("MCPLINT_JOBS", jobs)
    monkeypatch.setattr(parallel, "POOL_THRESHOLD", 2)
    monkeypatch.setattr(parallel, "CHUNK_FILES", 3)
    monkeypatch.chdir(cwd)
    forked: list[int] = []
    fork_workers = parallel._fork_workers

    def recording(*args: object) -> list[object]:
        workers = fork_workers(*args)
        forked.extend(w.pid for w in workers)
        return workers

    monkeypatch.setattr(parallel, "_fork_workers", recording)
    result = invoke(["scan", *args])
    assert result.exception is None, result.output
    assert bool(forked) == (jobs != "1")  # the pool did run (or not)
    return result.exit_code, result.output


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_pool_and_serial_reports_are_identical(tree: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    args = [".", "--isolated", "--format", fmt, "--select", "ALL"]
    serial = _scan(args, monkeypatch, "1", tree)
    pooled = _scan(args, monkeypatch, "2", tree)
    assert pooled == serial
    assert serial[0] == 1 and "MCP009" in serial[1]  # findings, and the unused ignore is reported


def test_pool_writes_and_applies_the_same_baseline(tree: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    written = {}
    for jobs in ("1", "2"):
        baseline = tmp_path / f"baseline-{jobs}.json"
        _scan([".", "--isolated", "--write-baseline", str(baseline)], monkeypatch, jobs, tree)
        written[jobs] = json.loads(baseline.read_text(encoding="utf-8"))
        code, output = _scan([".", "--isolated", "--baseline", str(baseline), "-f", "json"], monkeypatch, jobs, tree)
        report = json.loads(output)
        assert code == 0 and report["findings"] == [] and report["summary"]["suppressed"] > 0
    assert written["1"] == written["2"] and written["1"]["findings"]


def test_packing_keeps_what_the_parent_reads(tree: Path) -> None:
    rules = list(load_rules().values())
    evaluator = Evaluator([r for r in rules if r.id != "MCP009"])
    sources, _ = discover([str(tree)], tree)
    checked = 0
    for source in sources:
        result = parallel._run_one(source, load_source, evaluator)
        if result is None:
            continue
        loaded, found = result
        for keep_data in (False, True):
            back, back_found = parallel._unpack(source, parallel._pack(result, keep_data))
            assert back_found == found
            assert (back.source, back.client, back.format) == (loaded.source, loaded.client, loaded.format)
            assert (back.error is None) == (loaded.error is None)
            if loaded.doc is not None and loaded.doc.comments:  # inline ignores: the whole document
                assert back.doc is loaded.doc and back.servers == loaded.servers
            elif found and loaded.doc is not None:  # source lines, and the data for a baseline
                assert back.doc.text == loaded.doc.text
                assert back.doc.data == (loaded.doc.data if keep_data else None)
            else:
                assert back.doc is None
        checked += 1
    assert checked > 20


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the real corpus is not beside the repository")
def test_pool_matches_serial_on_the_corpus(monkeypatch: pytest.MonkeyPatch) -> None:
    args = [str(CORPUS), "--isolated", "--format", "json"]
    assert _scan(args, monkeypatch, "2", CORPUS) == _scan(args, monkeypatch, "1", CORPUS)


def _no_children_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_chunks_a_worker_loses_or_fails_run_again_in_the_parent(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker that dies holding a chunk, or whose chunk fails, costs time, not findings."""
    args = [".", "--isolated", "--format", "json", "--select", "ALL"]
    serial = _scan(args, monkeypatch, "1", tree)
    worker_chunk = parallel._worker_chunk
    monkeypatch.setattr(parallel, "_worker_chunk", lambda task, work: os._exit(3))  # dies on its first chunk
    assert _scan(args, monkeypatch, "2", tree) == serial
    monkeypatch.setattr(parallel, "_worker_chunk", lambda task, work: None)  # every chunk "fails"
    assert _scan(args, monkeypatch, "3", tree) == serial
    monkeypatch.setattr(parallel, "_worker_chunk", worker_chunk)
    assert _scan(args, monkeypatch, "3", tree) == serial
    assert _no_children_left()


def test_the_task_queue_hands_out_every_chunk_once() -> None:
    chunks = parallel._chunks(10_000)
    assert len(chunks) <= parallel.MAX_TASKS and chunks[0][0] == 0 and chunks[-1][1] == 10_000
    assert all(a[1] == b[0] for a, b in zip(chunks, chunks[1:]))
    assert parallel._chunks(100_000)[0] == (0, 100)  # chunks grow to keep the task count bounded
    read, write = os.pipe()
    os.write(write, b"".join(i.to_bytes(4, "little") for i in range(len(chunks))))
    os.close(write)
    taken = []
    while (index := parallel._next_task(read)) is not None:
        taken.append(index)
    os.close(read)
    assert taken == list(range(len(chunks)))


def test_frames_split_anywhere_are_reassembled() -> None:
    frames = [(7, b"x" * 100), (0, b""), (3, bytes(range(256)) * 300)]
    stream = b"".join(i.to_bytes(4, "little") + len(p).to_bytes(8, "little") + p for i, p in frames)
    for step in (1, 5, 12, 4096, len(stream)):
        worker = parallel._Worker(0, -1)
        got = [f for at in range(0, len(stream), step) for f in worker.frames(stream[at : at + step])]
        assert got == frames and worker.buffer == b""

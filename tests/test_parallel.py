"""The process pool (mcplint.parallel) gives the same report as a serial scan, in every format,
with inline ignores and with baselines; what a worker sends back holds all the parent reads,
however large; every file is run once and in order, and a worker that dies or fails costs time,
not findings."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path
from typing import Callable

import pytest
from helpers import CORPUS, FIXTURES, scan_with_jobs

import mcplint.parallel as parallel
from mcplint.discover import discover
from mcplint.engine import Evaluator, LoadedFile
from mcplint.model import SourceFile
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


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_pool_and_serial_reports_are_identical(tree: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    args = [".", "--isolated", "--format", fmt, "--select", "ALL"]
    serial = scan_with_jobs(args, monkeypatch, "1", tree)
    pooled = scan_with_jobs(args, monkeypatch, "2", tree)
    assert pooled == serial
    assert serial[0] == 1 and "MCP009" in serial[1]  # findings, and the unused ignore is reported


def test_pool_writes_and_applies_the_same_baseline(tree: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    written = {}
    for jobs in ("1", "2"):
        baseline = tmp_path / f"baseline-{jobs}.json"
        scan_with_jobs([".", "--isolated", "--write-baseline", str(baseline)], monkeypatch, jobs, tree)
        written[jobs] = json.loads(baseline.read_text(encoding="utf-8"))
        code, output = scan_with_jobs([".", "--isolated", "--baseline", str(baseline), "-f", "json"], monkeypatch, jobs, tree)
        report = json.loads(output)
        assert code == 0 and report["findings"] == [] and report["summary"]["suppressed"] > 0
    assert written["1"] == written["2"] and written["1"]["findings"]


def _recording(load: Callable[[SourceFile], LoadedFile | None], log: Path) -> Callable[[SourceFile], LoadedFile | None]:
    """``load``, noting which process read each file: ``log`` gets ``PID DISPLAY`` lines."""
    def recorded(source: SourceFile) -> LoadedFile | None:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()} {source.display}\n")
        return load(source)

    return recorded


def _slow_here(load: Callable[[SourceFile], LoadedFile | None]) -> Callable[[SourceFile], LoadedFile | None]:
    """``load``, slowed down in this process only: the workers take most chunks."""
    parent = os.getpid()

    def slowed(source: SourceFile) -> LoadedFile | None:
        if os.getpid() == parent:
            time.sleep(0.02)
        return load(source)

    return slowed


def test_what_a_worker_sends_back_holds_what_the_parent_reads(tree: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Findings, client, format and error always; the whole document where it has comments (inline
    ignores); else its text where it has findings (source lines), and its data only with
    ``keep_data`` (a baseline); else no document."""
    monkeypatch.setattr(parallel, "CHUNK_FILES", 1)
    evaluator = Evaluator([r for r in load_rules().values() if r.id != "MCP009"])
    sources, _ = discover([str(tree)], tree)
    serial = list(parallel.load_and_evaluate(sources, load_source, evaluator, threshold=10 ** 9))
    parent, checked = os.getpid(), 0
    for keep_data in (False, True):
        log = tmp_path / f"read-{keep_data}.log"
        pooled = list(parallel.load_and_evaluate(sources, _recording(_slow_here(load_source), log), evaluator,
                                                 threshold=1, workers=2, keep_data=keep_data))
        in_worker = {display for pid, display in (line.split(" ", 1) for line in log.read_text().splitlines())
                     if int(pid) != parent}
        assert len(in_worker) > len(sources) // 2
        assert [loaded.source for loaded, _ in pooled] == [loaded.source for loaded, _ in serial]
        for (back, back_found), (loaded, found) in zip(pooled, serial):
            assert back_found == found
            assert (back.source, back.client, back.format) == (loaded.source, loaded.client, loaded.format)
            assert (back.error is None) == (loaded.error is None)
            if loaded.source.display not in in_worker:
                continue
            if loaded.doc is not None and loaded.doc.comments:  # inline ignores: the whole document
                assert back.doc.comments == loaded.doc.comments and back.servers == loaded.servers
            elif found and loaded.doc is not None:  # source lines, and the data for a baseline
                assert back.doc.text == loaded.doc.text
                assert back.doc.data == (loaded.doc.data if keep_data else None)
            else:
                assert back.doc is None
            checked += 1
    assert checked > 20


def test_results_larger_than_a_pipe_read_come_back_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A chunk's results (each file's text comes back for its source lines: 1.2 MB a chunk here)
    arrive in several reads of at most 1 MiB."""
    filler = "x" * 400_000
    for i in range(12):
        (tmp_path / f"p{i:02d}").mkdir()
        (tmp_path / f"p{i:02d}" / ".mcp.json").write_text(json.dumps({"mcpServers": {"s": {
            "url": f"http://s{i}.example.com/sse", "description": filler}}}), encoding="utf-8")
    args = [".", "--isolated", "--format", "json"]
    serial = scan_with_jobs(args, monkeypatch, "1", tmp_path)
    assert scan_with_jobs(args, monkeypatch, "2", tmp_path) == serial
    assert serial[0] == 1 and len({f["file"] for f in json.loads(serial[1])["findings"]}) == 12


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the real corpus is not beside the repository")
def test_pool_matches_serial_on_the_corpus(monkeypatch: pytest.MonkeyPatch) -> None:
    args = [str(CORPUS), "--isolated", "--format", "json"]
    assert scan_with_jobs(args, monkeypatch, "2", CORPUS) == scan_with_jobs(args, monkeypatch, "1", CORPUS)


def _no_children_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_chunks_a_worker_loses_or_fails_run_again_in_the_parent(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker that dies holding a chunk, or whose chunk fails, costs time, not findings."""
    monkeypatch.setattr(parallel, "CHUNK_FILES", 3)
    evaluator = Evaluator([r for r in load_rules().values() if r.id != "MCP009"])
    sources, _ = discover([str(tree)], tree)
    serial = list(parallel.load_and_evaluate(sources, load_source, evaluator, threshold=10 ** 9))
    parent = os.getpid()

    def dies_in_a_worker(source: SourceFile) -> LoadedFile | None:
        if os.getpid() != parent:
            os._exit(3)
        return load_source(source)

    def fails_in_a_worker(source: SourceFile) -> LoadedFile | None:
        if os.getpid() != parent:
            raise OSError("a worker's chunk fails")
        return load_source(source)

    for load, workers in ((dies_in_a_worker, 2), (fails_in_a_worker, 3), (load_source, 3)):
        pooled = list(parallel.load_and_evaluate(sources, _slow_here(load), evaluator, threshold=1, workers=workers))
        assert [(loaded.source, found) for loaded, found in pooled] == [(loaded.source, found) for loaded, found in serial]
    assert _no_children_left()


@pytest.mark.parametrize("count", [1, parallel.CHUNK_FILES + 1, parallel.MAX_TASKS * parallel.CHUNK_FILES + 7])
def test_every_file_is_run_once_and_in_order(count: int) -> None:
    """However many files: beyond ``MAX_TASKS`` chunks, chunks grow rather than the task count."""
    sources = [SourceFile(Path(f"f{i}.json"), f"f{i}.json") for i in range(count)]

    def load(source: SourceFile) -> LoadedFile | None:
        return LoadedFile(source, "generic", "json", None, None, []) if int(source.display[1:-5]) % 5 else None

    pooled = [loaded.source for loaded, _ in parallel.load_and_evaluate(sources, load, Evaluator([]), threshold=1,
                                                                         workers=2)]
    assert pooled == [s for i, s in enumerate(sources) if i % 5]

"""Load and evaluate many files on every core, in input order.

A scan of a few files runs in this process: starting workers costs more than it saves. Above
``POOL_THRESHOLD`` files (and with more than one core) the files go to a process pool in
chunks; ``Executor.map`` returns the chunks in input order, so the output does not depend on
which worker finished first.

Workers are forked where the platform allows it: they inherit the loaded rules and modules
(nothing to re-import or pickle) and anything the parent has patched (tests that block sockets
and processes also bind the workers). Where fork is not available, or the pool cannot start or
breaks (no process allowed, a worker killed), or a chunk raises, the remaining work runs here,
serially — the same code, so a rule error surfaces exactly as in a serial run.
"""

from __future__ import annotations

import copyreg
import os
import sys
from typing import Any, Callable, Iterable

from mcplint import _gc
from mcplint.engine import Evaluator, LoadedFile
from mcplint.model import Document, Finding, LoadError, SourceFile

copyreg.pickle(LoadError, lambda e: (LoadError, (e.message, e.line, e.column)))
"""A LoadError crosses from a worker with its line and column (the default keeps only args)."""

POOL_THRESHOLD = 200
"""Files below which a scan stays in one process. Forking two workers and shipping results back
costs ~30 ms plus ~0.3 ms a file, against ~2-4 ms of work a file: the pool pays from a few dozen
files on two free cores, and costs ~15% when another process holds a core. 200 keeps pre-commit
runs (a handful of files) and small repositories serial; bench/run.py shows both sides."""
CHUNK_FILES = 64
"""Most files per task: small enough to balance two cores, large enough to amortise a round trip."""

Loader = Callable[[SourceFile], "LoadedFile | None"]
Result = tuple[LoadedFile, list[Finding]]

_state: dict[str, Any] = {}
"""The forked worker's loader and evaluator (inherited from the parent at fork time)."""


def _cores() -> int:
    """Worker processes to use: ``MCPLINT_JOBS`` when set (1 = no pool), else the usable cores."""
    jobs = os.environ.get("MCPLINT_JOBS", "").strip()
    if jobs.isdigit() and int(jobs) > 0:
        return int(jobs)
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _run_one(source: SourceFile, load: Loader, evaluator: Evaluator) -> Result | None:
    loaded = load(source)
    if loaded is None:
        return None
    return loaded, evaluator.run(loaded)


def _slim(result: Result | None) -> Result | None:
    """What the parent needs back (less to pickle): the filter stage reads a document's comments
    and spans (inline ignores, with the servers for MCP009), and the text and data of a file with
    findings (source lines, baselines); a file with neither leaves its document behind."""
    if result is None:
        return None
    loaded, found = result
    if loaded.doc is not None and not loaded.doc.comments:
        doc = Document(data=loaded.doc.data, text=loaded.doc.text) if found else None
        loaded = LoadedFile(loaded.source, loaded.client, loaded.format, doc, loaded.error, [])
    return loaded, found


def _worker_chunk(sources: list[SourceFile]) -> list[Result | None] | None:
    """Run in a worker: one chunk, or None when anything fails (the parent redoes the chunk)."""
    try:
        load, evaluator = _state["load"], _state["evaluator"]
        return [_slim(_run_one(s, load, evaluator)) for s in sources]
    except Exception:  # noqa: BLE001 - the parent reruns the chunk and reports the real error
        return None


def _init_worker(load: Loader, evaluator: Evaluator) -> None:
    _state["load"], _state["evaluator"] = load, evaluator


def _chunks(sources: list[SourceFile], workers: int) -> list[list[SourceFile]]:
    size = max(8, min(CHUNK_FILES, len(sources) // (workers * 4) or 1))
    return [sources[i : i + size] for i in range(0, len(sources), size)]


def _pool(workers: int, load: Loader, evaluator: Evaluator) -> Any:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if "fork" not in multiprocessing.get_all_start_methods() or sys.platform == "darwin":
        return None  # spawn would re-import everything and pickle the rules: not worth it
    context = multiprocessing.get_context("fork")
    return ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker, initargs=(load, evaluator))


def load_and_evaluate(sources: list[SourceFile], load: Loader, evaluator: Evaluator,
                      threshold: int | None = None, workers: int | None = None) -> Iterable[Result]:
    """``(loaded, findings)`` for each source that loads (``load`` may skip one), in input order."""
    threshold = POOL_THRESHOLD if threshold is None else threshold
    workers = workers or min(_cores(), 8)
    if len(sources) < threshold or workers < 2:
        for source in sources:
            result = _run_one(source, load, evaluator)
            _gc.resume()  # start-up is over (see mcplint._gc)
            if result is not None:
                yield result
        return
    _gc.resume()  # before the workers fork
    chunks = _chunks(sources, workers)
    done = 0
    executor = None
    try:
        executor = _pool(workers, load, evaluator)
        if executor is not None:
            for results in executor.map(_worker_chunk, chunks):
                if results is None:  # the chunk failed in the worker: redo it here, errors and all
                    break
                done += 1
                yield from (r for r in results if r is not None)
    except Exception:  # noqa: BLE001 - no pool (processes blocked, a worker died): go serial
        pass
    finally:
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
    for chunk in chunks[done:]:
        for source in chunk:
            result = _run_one(source, load, evaluator)
            if result is not None:
                yield result

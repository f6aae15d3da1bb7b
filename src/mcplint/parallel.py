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


Packed = tuple[Any, ...]
"""A worker's result for one file, as plain values (cheap to pickle): see ``_pack``."""


def _pack(result: Result | None, keep_data: bool) -> Packed | None:
    """What the parent needs back, as plain values (records and paths cost several times more
    to pickle and unpickle): the filter stage reads a document's comments and spans (inline
    ignores, with the servers for MCP009), the text of a file with findings (source lines) and,
    with a baseline, its data. A file with neither findings nor comments leaves its document
    behind. The parent has the source already."""
    if result is None:
        return None
    loaded, found = result
    doc, whole, text, data = loaded.doc, None, None, None
    if doc is not None and doc.comments:
        whole = doc
    elif doc is not None and found:
        text, data = doc.text, doc.data if keep_data else None
    servers = loaded.servers if whole is not None else []
    return loaded.client, loaded.format, loaded.error, whole, servers, text, data, [f.values() for f in found]


def _unpack(source: SourceFile, packed: Packed) -> Result:
    client, fmt, error, doc, servers, text, data, found = packed
    if text is not None:
        doc = Document(data=data, text=text)
    return LoadedFile(source, client, fmt, doc, error, servers), [Finding.from_values(v) for v in found]


def _worker_chunk(task: tuple[int, int]) -> list[Packed | None] | None:
    """Run in a worker: the sources ``start:stop`` (inherited from the parent at fork), or None
    when anything fails (the parent redoes the chunk)."""
    try:
        sources, load, evaluator, keep_data = _state["sources"], _state["load"], _state["evaluator"], _state["keep_data"]
        start, stop = task
        return [_pack(_run_one(s, load, evaluator), keep_data) for s in sources[start:stop]]
    except Exception:  # noqa: BLE001 - the parent reruns the chunk and reports the real error
        return None


def _init_worker(sources: list[SourceFile], load: Loader, evaluator: Evaluator, keep_data: bool) -> None:
    _state.update(sources=sources, load=load, evaluator=evaluator, keep_data=keep_data)


def _chunks(count: int, workers: int) -> list[tuple[int, int]]:
    """``(start, stop)`` ranges over the sources: workers read the sources they inherited."""
    size = max(8, min(CHUNK_FILES, count // (workers * 4) or 1))
    return [(i, min(i + size, count)) for i in range(0, count, size)]


def _pool(workers: int, initargs: tuple[Any, ...]) -> Any:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if "fork" not in multiprocessing.get_all_start_methods() or sys.platform == "darwin":
        return None  # spawn would re-import everything and pickle the rules: not worth it
    context = multiprocessing.get_context("fork")
    return ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker, initargs=initargs)


def load_and_evaluate(sources: list[SourceFile], load: Loader, evaluator: Evaluator,
                      threshold: int | None = None, workers: int | None = None,
                      keep_data: bool = False) -> Iterable[Result]:
    """``(loaded, findings)`` for each source that loads (``load`` may skip one), in input order.

    From a worker, a file's document comes back only when something downstream reads it (see
    ``_pack``), its data only with ``keep_data`` (a baseline locates findings in it).
    """
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
    chunks = _chunks(len(sources), workers)
    done = 0
    executor = None
    try:
        executor = _pool(workers, (sources, load, evaluator, keep_data))
        if executor is not None:
            for (start, _stop), results in zip(chunks, executor.map(_worker_chunk, chunks)):
                if results is None:  # the chunk failed in the worker: redo it here, errors and all
                    break
                done += 1
                yield from (_unpack(sources[start + i], r) for i, r in enumerate(results) if r is not None)
    except Exception:  # noqa: BLE001 - no pool (processes blocked, a worker died): go serial
        pass
    finally:
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
    for start, stop in chunks[done:]:
        for source in sources[start:stop]:
            result = _run_one(source, load, evaluator)
            if result is not None:
                yield result

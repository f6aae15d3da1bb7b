"""Load and evaluate many files on every core, in input order.

A scan of a few files runs in this process: starting workers costs more than it saves. Above
``POOL_THRESHOLD`` files (and with more than one core) the work is shared, chunk by chunk,
between this process and forked workers, one fewer than the cores; results come back in input
order whichever process ran a chunk.

Why not ``concurrent.futures``: importing it and ``multiprocessing`` costs ~50 ms of a 4,000-file
scan's serial start, and its feeder, manager and result threads compete with the workers for
the cores; on two cores the parent would sit idle, then unpickle every result. Here the pool is
three pipes' worth of code:

- a task pipe, filled with every chunk's number before the workers fork and closed for
  writing, from which each process (the parent too) reads its next chunk — 4 bytes, one
  atomic read — until it is empty: the faster process takes more chunks;
- a result pipe per worker, carrying ``(chunk, pickled results)`` frames of plain values
  (``_pack``), which the parent reads between its own chunks and turns back into records;
- the parent's own chunks need no packing at all.

Workers are forked (where the platform allows it): they inherit the loaded rules, the sources
and anything the parent has patched (tests that block sockets and processes also bind the
workers). Where fork is not available or refused, everything runs here, serially. A chunk that
raises in a worker, or is lost with a worker that died, is run again here, in input order, so a
rule error surfaces exactly as in a serial run.
"""

from __future__ import annotations

import copyreg
import os
import sys
from typing import Any, Callable, Iterable, Iterator

from mcplint.engine import Evaluator, LoadedFile
from mcplint.model import Document, Finding, LoadError, SourceFile
from mcplint.record import Frozen

copyreg.pickle(LoadError, lambda e: (LoadError, (e.message, e.line, e.column)))
"""A LoadError crosses from a worker with its line and column (the default keeps only args)."""

POOL_THRESHOLD = 200
"""Files below which a scan stays in one process. A worker pays the fork, and then for what the
parent would only pay once: the imports, caches and regular expressions a scan sets up on first
use (~70 ms of CPU); shipping results back costs ~0.1 ms a file. Measured on two cores (the
corpus replicated, pool forced on and off, median of 7): 50 files 259 ms serial vs 320 ms
pooled, 100 files 343 vs 367, 200 files 516 vs 504. bench/run.py shows the larger sizes."""
CHUNK_FILES = 32
"""Files per task: small enough to balance the cores to the end, large enough to amortise a frame."""
MAX_TASKS = 1000
"""Chunks grow past ``CHUNK_FILES`` to stay below this: every task number (4 bytes) must fit in
the task pipe before the workers start (a pipe holds at least 4 KiB)."""

Loader = Callable[[SourceFile], "LoadedFile | None"]
Result = tuple[LoadedFile, list[Finding]]
Packed = tuple[Any, ...]
"""A worker's result for one file, as plain values (cheap to pickle): see ``_pack``."""

def _cores() -> int:
    """Processes to use: ``MCPLINT_JOBS`` when set (1 = no pool), else the usable cores."""
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


def _run_here(sources: list[SourceFile], load: Loader, evaluator: Evaluator) -> list[Result]:
    """The results of ``sources`` run in this process (the files ``load`` skips left out)."""
    return [r for r in (_run_one(s, load, evaluator) for s in sources) if r is not None]


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


class _Work(Frozen):
    """What every process of a pool runs (a worker inherits it at fork: nothing is pickled)."""

    sources: list[SourceFile]
    load: Loader
    evaluator: Evaluator
    keep_data: bool
    chunks: list[tuple[int, int]]


def _worker_chunk(task: tuple[int, int], work: _Work) -> list[Packed | None] | None:
    """Run in a worker: the sources ``start:stop``, or None when anything fails (the parent
    redoes the chunk)."""
    try:
        start, stop = task
        return [_pack(_run_one(s, work.load, work.evaluator), work.keep_data) for s in work.sources[start:stop]]
    except Exception:  # noqa: BLE001 - the parent reruns the chunk and reports the real error
        return None


def _chunks(count: int) -> list[tuple[int, int]]:
    """``(start, stop)`` ranges over the sources: every process reads the sources it inherited."""
    size = max(CHUNK_FILES, -(-count // MAX_TASKS), 1)
    return [(i, min(i + size, count)) for i in range(0, count, size)]


def _next_task(tasks: int) -> int | None:
    """The next chunk's number from the task pipe, None when all are taken."""
    raw = os.read(tasks, 4)
    return int.from_bytes(raw, "little") if len(raw) == 4 else None


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _worker_main(tasks: int, out: int, work: _Work) -> None:
    """A forked worker: chunks from the task pipe, results as frames on ``out``; never returns."""
    import pickle

    code = 1
    try:
        while (index := _next_task(tasks)) is not None:
            payload = pickle.dumps(_worker_chunk(work.chunks[index], work), pickle.HIGHEST_PROTOCOL)
            _write_all(out, index.to_bytes(4, "little") + len(payload).to_bytes(8, "little") + payload)
        code = 0
    finally:
        os._exit(code)  # never run the parent's code (atexit, buffered output) in a worker


class _Worker:
    """A forked worker as the parent sees it: its pid and the unread part of its result pipe."""

    __slots__ = ("pid", "fd", "buffer")

    def __init__(self, pid: int, fd: int) -> None:
        self.pid, self.fd, self.buffer = pid, fd, b""

    def frames(self, data: bytes) -> Iterator[tuple[int, bytes]]:
        """The complete ``(chunk, payload)`` frames that ``data`` finishes."""
        buffer = self.buffer + data if self.buffer else data
        pos = 0
        while len(buffer) - pos >= 12:
            size = int.from_bytes(buffer[pos + 4 : pos + 12], "little")
            if len(buffer) - pos - 12 < size:
                break
            yield int.from_bytes(buffer[pos : pos + 4], "little"), buffer[pos + 12 : pos + 12 + size]
            pos += 12 + size
        self.buffer = buffer[pos:]


def _fork_workers(count: int, tasks: int, work: _Work) -> list[_Worker]:
    """Up to ``count`` forked workers reading ``tasks``; fewer (none) when fork is refused."""
    workers: list[_Worker] = []
    for _ in range(count):
        read, write = os.pipe()
        try:
            pid = os.fork()
        except Exception:  # noqa: BLE001 - refused (no process allowed, limits): fewer workers
            os.close(read)
            os.close(write)
            break
        if pid == 0:  # the worker
            try:
                os.close(read)
                for other in workers:
                    os.close(other.fd)
            finally:
                _worker_main(tasks, write, work)
        os.close(write)
        os.set_blocking(read, False)
        _widen(read)
        workers.append(_Worker(pid, read))
    return workers


def _widen(fd: int) -> None:
    """Let a result pipe hold several chunks (Linux: 64 KiB by default, about one chunk's
    results), so a worker rarely waits while the parent is busy with a chunk of its own."""
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, 1 << 20)
    except (ImportError, AttributeError, OSError):  # not Linux, or above the system's limit
        pass


def _can_fork() -> bool:
    """Fork is safe here: POSIX, and not macOS (system frameworks may not survive a fork)."""
    return hasattr(os, "fork") and sys.platform != "darwin"


def load_and_evaluate(sources: list[SourceFile], load: Loader, evaluator: Evaluator,
                      threshold: int | None = None, workers: int | None = None,
                      keep_data: bool = False) -> Iterable[Result]:
    """``(loaded, findings)`` for each source that loads (``load`` may skip one), in input order.

    From a worker, a file's document comes back only when something downstream reads it (see
    ``_pack``), its data only with ``keep_data`` (a baseline locates findings in it).
    """
    threshold = POOL_THRESHOLD if threshold is None else threshold
    processes = workers or min(_cores(), 8)
    if len(sources) >= threshold and processes >= 2 and _can_fork():
        yield from _shared(sources, load, evaluator, keep_data, processes - 1)
        return
    for source in sources:
        result = _run_one(source, load, evaluator)
        if result is not None:
            yield result


def _shared(sources: list[SourceFile], load: Loader, evaluator: Evaluator, keep_data: bool,
            count: int) -> Iterator[Result]:
    """The pool: this process and ``count`` forked workers take chunks from one task pipe."""
    import pickle
    import select

    chunks = _chunks(len(sources))
    done: dict[int, list[Result] | None] = {}
    """Chunk number -> its results (None: failed, to run again here, in order)."""
    tasks, fill = os.pipe()
    workers: list[_Worker] = []
    finished = False
    try:
        os.set_blocking(fill, False)
        numbers = b"".join(i.to_bytes(4, "little") for i in range(len(chunks)))
        written = os.write(fill, numbers)
        os.close(fill)
        fill = -1
        if written == len(numbers):
            workers = _fork_workers(count, tasks, _Work(sources, load, evaluator, keep_data, chunks))

        def receive(worker: _Worker) -> bool:
            """Read what ``worker`` has sent; False at its end (exit or death)."""
            try:
                data = os.read(worker.fd, 1 << 20)
            except BlockingIOError:
                return True
            for index, payload in worker.frames(data):
                packed = pickle.loads(payload)
                done[index] = None if packed is None else [
                    _unpack(sources[chunks[index][0] + i], p) for i, p in enumerate(packed) if p is not None
                ]
            return bool(data)

        open_workers = list(workers)
        if workers:  # the parent's share: the same queue, no packing
            while (index := _next_task(tasks)) is not None:
                start, stop = chunks[index]
                try:
                    done[index] = _run_here(sources[start:stop], load, evaluator)
                except Exception:  # noqa: BLE001 - run again below, in input order, to raise there
                    done[index] = None
                open_workers = [w for w in open_workers if receive(w)]
            while open_workers:
                ready, _, _ = select.select([w.fd for w in open_workers], [], [])
                open_workers = [w for w in open_workers if w.fd not in ready or receive(w)]
        finished = True
    finally:
        for fd in (tasks, fill):
            if fd >= 0:
                os.close(fd)
        for worker in workers:
            os.close(worker.fd)
            _reap(worker.pid, finished)
    for index, (start, stop) in enumerate(chunks):
        results = done.pop(index, None)
        # a failed or lost chunk, or no worker could start: run here (a rule error raises here)
        yield from results if results is not None else _run_here(sources[start:stop], load, evaluator)


def _reap(pid: int, finished: bool) -> None:
    """Wait for a worker that has closed its pipe (``finished``), else stop it first: the parent
    is leaving early (an interrupt, an error)."""
    try:
        if not finished:
            import signal

            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except OSError:  # already gone
        pass

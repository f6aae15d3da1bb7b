"""A progress line on a terminal for scans that take more than a second.

Shown only when stderr is a terminal (never in a pipe, a log file or CI), and only once the
scan has run for ``DELAY`` seconds, so a pre-commit run on a few files never draws one. The
line is erased when the scan ends, leaving the terminal as the report expects it.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from contextlib import contextmanager
from typing import Iterator, TextIO

DELAY = 1.0
"""Seconds before the line appears: shorter scans finish before anyone waits."""
INTERVAL = 0.25
FRAMES = "|/-\\"


def wanted(stream: TextIO, quiet: bool = False) -> bool:
    """A terminal a person watches: not --quiet, not CI (some CI runners fake a terminal), not TERM=dumb."""
    if quiet or os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


@contextmanager
def progress(label: str, stream: TextIO | None = None, enabled: bool = True,
             delay: float = DELAY) -> Iterator[None]:
    """While the body runs: after ``delay`` seconds, ``mcplint: LABEL… 3s`` redrawn in place."""
    stream = stream or sys.stderr
    if not enabled:
        yield
        return
    stop = threading.Event()
    drawn = threading.Event()
    start = time.monotonic()

    def draw() -> None:
        if stop.wait(delay):
            return
        frame = 0
        while not stop.is_set():
            elapsed = int(time.monotonic() - start)
            stream.write(f"\r{FRAMES[frame % len(FRAMES)]} mcplint: {label}… {elapsed}s")
            stream.flush()
            drawn.set()
            frame += 1
            stop.wait(INTERVAL)

    thread = threading.Thread(target=draw, name="mcplint-progress", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
        if drawn.is_set():
            stream.write("\r\x1b[K")  # erase the line: the report starts on a clean one
            stream.flush()

"""A scan opens no socket and starts no process: both are blocked, and every fixture is scanned.

Blocked (each call is recorded, then refused): socket creation, connection and name lookup;
``subprocess.Popen`` and the fork/exec primitive under it; ``os.system``, ``os.popen``,
``os.posix_spawn*``, ``os.fork*``, ``os.exec*``, ``os.spawn*``. The scans run in-process, over
every file in fixtures/ (each named on the command line, so each is read whatever its name),
the fixtures folder itself, and the real corpus when present, in every output format.

The process pool (mcplint.parallel) is the one place that forks, and only to run mcplint's own
code on more cores. Three cases: serial (nothing at all may be attempted); fork refused (the
pool's attempt is the only one, and the scan completes with the same report); fork allowed
(workers inherit the blocks, and record any attempt to a file the parent reads).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
from pathlib import Path
from typing import Any, Callable

import pytest
from click.testing import CliRunner
from helpers import CORPUS, FIXTURES

import mcplint.parallel
from mcplint.cli import main
from mcplint.report import FORMATS

SOCKET_CALLS = ["socket", "create_connection", "create_server", "getaddrinfo", "gethostbyname", "socketpair", "fromfd"]
OS_CALLS = [
    "system", "popen", "posix_spawn", "posix_spawnp", "fork", "forkpty", "execv", "execve", "execl", "execle",
    "execlp", "execlpe", "execvp", "execvpe", "spawnv", "spawnve", "spawnvp", "spawnvpe", "spawnl", "spawnle",
]


def _fixture_files() -> list[str]:
    return sorted(str(p) for p in FIXTURES.rglob("*") if p.is_file())


class Sandbox:
    """Replace every way out by a function that records the attempt (to a file too, so forked
    workers' attempts are seen) and raises."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, log: Path, allow_fork: bool = False) -> None:
        self.log = log
        log.write_text("")
        for name in SOCKET_CALLS:
            if hasattr(socket, name):
                monkeypatch.setattr(socket, name, self._refuse(f"socket.{name}"))
        monkeypatch.setattr(socket.socket, "connect", self._refuse("socket.socket.connect"), raising=False)
        monkeypatch.setattr(subprocess, "Popen", self._refuse("subprocess.Popen"))
        import _posixsubprocess

        monkeypatch.setattr(_posixsubprocess, "fork_exec", self._refuse("_posixsubprocess.fork_exec"))
        for name in OS_CALLS:
            if hasattr(os, name) and not (allow_fork and name == "fork"):
                monkeypatch.setattr(os, name, self._refuse(f"os.{name}"))

    def _refuse(self, name: str) -> Callable[..., Any]:
        log = self.log

        def refused(*args: Any, **kwargs: Any) -> Any:
            with open(log, "a", encoding="utf-8") as handle:
                handle.write(f"{os.getpid()} {name}\n")
            raise PermissionError(f"sandbox: {name} is not allowed during a scan")

        return refused

    def attempts(self) -> list[str]:
        return [line.split(" ", 1)[1] for line in self.log.read_text().splitlines()]


def _scan(*args: str) -> Any:
    result = CliRunner().invoke(main, ["scan", *args])
    assert result.exit_code in (0, 1), (args[:3], result.exit_code, result.output[-2000:], result.exception)
    assert "Traceback" not in result.output
    return result


def _targets() -> list[list[str]]:
    targets = [_fixture_files(), [str(FIXTURES)]]
    if CORPUS.is_dir():
        targets.append([str(CORPUS)])
    return targets


def test_a_serial_scan_of_every_fixture_attempts_nothing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MCPLINT_JOBS", "1")
    sandbox = Sandbox(monkeypatch, tmp_path / "attempts.log")
    for paths in _targets():
        _scan(*paths, "--format", "json")
    for fmt in FORMATS:
        _scan(str(FIXTURES / "clients"), "--format", fmt, "--color" if fmt == "text" else "--no-color")
    assert sandbox.attempts() == []


def test_with_fork_refused_the_pool_steps_aside_and_the_report_is_the_same(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MCPLINT_JOBS", "2")
    monkeypatch.setattr(mcplint.parallel, "POOL_THRESHOLD", 2)
    with monkeypatch.context() as serial_only:
        serial_only.setenv("MCPLINT_JOBS", "1")
        serial = json.loads(_scan(str(FIXTURES), "--format", "json").output)
    sandbox = Sandbox(monkeypatch, tmp_path / "attempts.log")
    assert json.loads(_scan(str(FIXTURES), "--format", "json").output) == serial
    assert set(sandbox.attempts()) == {"os.fork"}  # the pool tried, was refused, and stepped aside


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the pool forks; elsewhere scans are serial")
def test_forked_workers_inherit_the_sandbox_and_attempt_nothing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MCPLINT_JOBS", "2")
    monkeypatch.setattr(mcplint.parallel, "POOL_THRESHOLD", 2)
    target = str(CORPUS) if CORPUS.is_dir() else str(FIXTURES)
    with monkeypatch.context() as serial_only:
        serial_only.setenv("MCPLINT_JOBS", "1")
        serial = json.loads(_scan(target, "--format", "json").output)
    sandbox = Sandbox(monkeypatch, tmp_path / "attempts.log", allow_fork=True)
    workers = tmp_path / "workers.log"
    original = mcplint.parallel._worker_chunk

    def chunk_in_worker(sources: Any) -> Any:
        with open(workers, "a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()}\n")
        return original(sources)

    chunk_in_worker.__qualname__ = chunk_in_worker.__name__ = "_worker_chunk"  # pickled by name
    chunk_in_worker.__module__ = "mcplint.parallel"
    monkeypatch.setattr(mcplint.parallel, "_worker_chunk", chunk_in_worker)
    parallel = json.loads(_scan(target, "--format", "json").output)
    assert parallel == serial
    assert sandbox.attempts() == []
    assert str(os.getpid()) not in workers.read_text().split()  # the chunks did run in workers


def test_the_sandbox_really_blocks() -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        log = Path(os.environ.get("TMPDIR", "/tmp")) / f"mcplint-sandbox-{os.getpid()}.log"
        sandbox = Sandbox(monkeypatch, log)
        with pytest.raises(PermissionError):
            socket.create_connection(("127.0.0.1", 9))
        with pytest.raises(PermissionError):
            subprocess.run(["true"])
        with pytest.raises(PermissionError):
            os.system("true")
        assert sandbox.attempts()[:3] == ["socket.create_connection", "subprocess.Popen", "os.system"]
        log.unlink()

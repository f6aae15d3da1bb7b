"""Run scans in a fresh interpreter with every way out blocked (used by tests/test_sandbox.py).

A fresh process, because what a scan imports lazily (detect-secrets, and whatever that pulls
in) must be imported inside the sandbox, as in a real ``mcplint scan`` run — not earlier, by
another test of the same pytest session.

    python tests/sandbox_driver.py CONFIG.json

CONFIG: {"log": path, "out": path, "scans": [[args...], ...], "jobs": "1", "threshold": int|null,
"allow_fork": bool, "workers_log": path|null, "serial_first": bool}. Each attempt is appended
to ``log`` as "PID NAME" (forked workers write there too); the results (exit code, output,
exception) go to ``out`` as JSON; with ``serial_first`` each scan also runs once, serially and
unsandboxed, first (its output under "serial").
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

SOCKET_CALLS = ["socket", "create_connection", "create_server", "getaddrinfo", "gethostbyname", "socketpair", "fromfd"]
OS_CALLS = [
    "system", "popen", "posix_spawn", "posix_spawnp", "fork", "forkpty", "execv", "execve", "execl", "execle",
    "execlp", "execlpe", "execvp", "execvpe", "spawnv", "spawnve", "spawnvp", "spawnvpe", "spawnl", "spawnle",
]


def install(log: Path, allow_fork: bool = False, setattr: Callable[..., Any] = setattr) -> None:
    """Replace each way out by a function that records the attempt in ``log`` and raises."""

    def refuse(name: str) -> Callable[..., Any]:
        def refused(*args: Any, **kwargs: Any) -> Any:
            with open(log, "a", encoding="utf-8") as handle:
                handle.write(f"{os.getpid()} {name}\n")
            raise PermissionError(f"sandbox: {name} is not allowed during a scan")

        return refused

    def refuse_class(base: type, name: str) -> type:
        """A subclass, not a function: ``class SSLSocket(socket)`` must still import."""
        refused = refuse(name)
        return type(base.__name__, (base,), {"__init__": lambda self, *a, **k: refused()})

    for name in SOCKET_CALLS:
        if hasattr(socket, name):
            original = getattr(socket, name)
            blocked = refuse_class(original, f"socket.{name}") if isinstance(original, type) else refuse(f"socket.{name}")
            setattr(socket, name, blocked)
    setattr(subprocess, "Popen", refuse_class(subprocess.Popen, "subprocess.Popen"))
    import _posixsubprocess

    setattr(_posixsubprocess, "fork_exec", refuse("_posixsubprocess.fork_exec"))
    for name in OS_CALLS:
        if hasattr(os, name) and not (allow_fork and name == "fork"):
            setattr(os, name, refuse(f"os.{name}"))


def attempts(log: Path) -> list[str]:
    return [line.split(" ", 1)[1] for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []


def _invoke(args: list[str]) -> dict[str, Any]:
    from helpers import invoke  # here, not at the top: inside the sandbox unless a serial run came first

    result = invoke(["scan", *args])
    error = result.exception  # never SystemExit: invoke turns that into the exit code
    return {"exit": result.exit_code, "output": result.output, "exception": repr(error) if error else None}


def run(config: dict[str, Any]) -> dict[str, Any]:
    import mcplint.cli  # noqa: F401 - imported before the sandbox, as the command does before a scan
    import mcplint.parallel

    log = Path(config["log"])
    log.write_text("", encoding="utf-8")
    serial: list[dict[str, Any]] = []
    if config.get("serial_first"):
        os.environ["MCPLINT_JOBS"] = "1"
        serial = [_invoke(args) for args in config["scans"]]
    os.environ["MCPLINT_JOBS"] = str(config.get("jobs", "1"))
    if config.get("threshold") is not None:
        mcplint.parallel.POOL_THRESHOLD = int(config["threshold"])
    workers_log = config.get("workers_log")
    if workers_log:
        import mcplint.scan

        original = mcplint.scan.load_source

        def load_and_record(*args: Any, **kwargs: Any) -> Any:  # the process that reads each file
            with open(workers_log, "a", encoding="utf-8") as handle:
                handle.write(f"{os.getpid()}\n")
            return original(*args, **kwargs)

        mcplint.scan.load_source = load_and_record
    install(log, allow_fork=bool(config.get("allow_fork")))
    results = [_invoke(args) for args in config["scans"]]
    return {"pid": os.getpid(), "results": results, "serial": serial, "attempts": attempts(log)}


if __name__ == "__main__":
    settings = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    outcome = run(settings)
    Path(settings["out"]).write_text(json.dumps(outcome), encoding="utf-8")

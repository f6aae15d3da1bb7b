"""Servers started through a shell command string (fact ``shell``).

``sh -c "..."``, ``bash -lc "..."``, ``cmd /c "a && b"``, ``powershell -Command ...`` and a
``command`` field holding a whole shell line (``cd x && npm start``). ``cmd /c npx -y pkg``
with separate arguments is the standard Windows way to start npx and is not reported.
A string that downloads and runs code (``curl ... | sh``, ``iex (irm ...)``) is high severity.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from mcplint._lazyre import lazy_compile
from mcplint.facts.package import basename
from mcplint.model import Item, Pointer, Server

POSIX_SHELLS = frozenset({"sh", "bash", "zsh", "dash", "ksh", "fish", "ash", "busybox"})
POWERSHELL = frozenset({"powershell", "pwsh"})
CMD = frozenset({"cmd"})
_SHELLS = POSIX_SHELLS | POWERSHELL | CMD | {"wsl"}
"""Every command name that may take a shell string in its arguments."""
SHELL_OPERATORS = lazy_compile(r"&&|\|\||[|;&<>`]|\$\(")
PLACEHOLDER = lazy_compile(r"<[A-Za-z][\w.:/ -]*>")
"""``<project-ref>``, ``<YOUR_TOKEN>``: README placeholders, not redirections."""
DOWNLOAD_EXEC = lazy_compile(
    r"(curl|wget|iwr|irm|invoke-webrequest|invoke-restmethod|fetch)\b[^|]*\|\s*(sudo\s+)?(ba|z|da|k)?sh\b"
    r"|(curl|wget|iwr|irm|invoke-webrequest|invoke-restmethod)\b[^|]*\|\s*(python3?|node|perl|ruby|iex|invoke-expression)\b"
    r"|\b(iex|invoke-expression)\b.*\b(irm|iwr|invoke-restmethod|invoke-webrequest|downloadstring|net\.webclient)\b"
    r"|\b(ba|z)?sh\s+<\(\s*(curl|wget)"
    r"|\$\(\s*(curl|wget)\b[^)]*\)",
    re.I,
)


class ShellCommand(Item):
    shell: str
    script: str
    """The command string, shortened for messages."""
    pointer: Pointer
    download_exec: bool
    encoded: bool = False

    @property
    def severity(self) -> str:
        if self.download_exec:
            return "high"
        return "medium" if self.encoded else "low"


_ASSIGNED_SECRET = lazy_compile(r"(?i)\b([A-Z0-9_]*(?:KEY|TOKEN|SECRET|PASSWORD|PASSWD|PASS|AUTH|CREDENTIALS?)[A-Z0-9_]*=)(\"[^\"]*\"|'[^']*'|\S+)")
_LONG_TOKEN = lazy_compile(r"[A-Za-z0-9_\-+/=.]{24,}")
_SLASH = lazy_compile(r"[\\/]")
_C_FLAG = lazy_compile(r"-[a-zA-Z]*c[a-zA-Z]*")
_CMD_OPERATORS = lazy_compile(r"&&|\|\||[|&<>]")


def _mask(text: str) -> str:
    """Never print a credential written into a command string: mask assigned secrets and long tokens."""
    if "=" in text:  # every match has one; the pattern backtracks at each word, so skip it when it cannot match
        text = _ASSIGNED_SECRET.sub(lambda m: m.group(1) + "…", text)
    return _LONG_TOKEN.sub(lambda m: m.group(0) if "/" in m.group(0) else m.group(0)[:4] + "…", text)


@lru_cache(maxsize=1024)
def _short(text: str, limit: int = 80) -> str:
    """The command string for messages: whitespace collapsed, credentials masked, shortened."""
    text = _mask(" ".join(text.split()))
    return text if len(text) <= limit else text[: limit - 1] + "…"


@lru_cache(maxsize=1024)
def _downloads(text: str) -> bool:
    """The string downloads code and runs it (``curl ... | sh``)."""
    return bool(DOWNLOAD_EXEC.search(text))


def _posix_script(args: list[str]) -> tuple[str, int] | None:
    """The string after ``-c`` (also in combined flags such as ``-lc``, ``-ec``)."""
    for i, arg in enumerate(args):
        if arg == "--":
            return None
        if _C_FLAG.fullmatch(arg) or arg == "--command":
            return (args[i + 1], i + 1) if i + 1 < len(args) else None
        if not arg.startswith("-"):
            return None
    return None


def analyze(server: Server, facts: Any) -> tuple[ShellCommand, ...]:
    command = (server.command or "").strip()
    if not command:
        return ()
    name = basename(command)
    found: list[ShellCommand] = []
    if " " in command and not _SLASH.search(command.split()[0]) and SHELL_OPERATORS.search(PLACEHOLDER.sub("", command)):
        found.append(ShellCommand("command line", _short(command), server.at("command"), _downloads(command)))
        return tuple(found)
    if name not in _SHELLS:  # (most servers)
        return ()
    args = list(server.args)
    if name in POSIX_SHELLS or (name == "wsl" and args and basename(args[0]) in POSIX_SHELLS):
        shell_args = args[1:] if name == "wsl" else args
        offset = 1 if name == "wsl" else 0
        script = _posix_script(shell_args)
        if script is not None:
            text, index = script
            found.append(ShellCommand(f"{basename(args[0]) if name == 'wsl' else name} -c", _short(text),
                                      server.at("args", index + offset), _downloads(text)))
    elif name in CMD:
        for i, arg in enumerate(args):
            if arg.lower() in ("/c", "/k"):
                text = " ".join(args[i + 1:])
                if _CMD_OPERATORS.search(PLACEHOLDER.sub("", text)):
                    found.append(ShellCommand(f"cmd {arg}", _short(text), server.at("args", i + 1),
                                              _downloads(text)))
                break
    elif name in POWERSHELL:
        for i, arg in enumerate(args):
            lower = arg.lower()
            if lower in ("-command", "-c", "/command", "/c") and i + 1 < len(args):
                text = " ".join(args[i + 1:])
                found.append(ShellCommand(f"{name} {arg}", _short(text), server.at("args", i + 1),
                                          _downloads(text)))
                break
            if lower in ("-encodedcommand", "-enc", "-e", "-ec") and i + 1 < len(args):
                found.append(ShellCommand(f"{name} {arg}", "(base64-encoded command)", server.at("args", i + 1),
                                          False, encoded=True))
                break
    return tuple(found) if found else ()

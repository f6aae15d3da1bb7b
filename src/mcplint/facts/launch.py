"""Servers started from a temporary or downloads folder (fact ``launch``).

Anything can write to ``/tmp``; ``Downloads`` holds whatever a browser or chat fetched. A server
binary or script there is code nobody installed on purpose, and another process or user can
swap it between two starts. Checked: the command, the script an interpreter runs, ``cwd``,
and directory options (``uv --directory``, ``--prefix``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, NamedTuple

from mcplint._lazyre import lazy_compile
from mcplint.facts.package import basename
from mcplint.model import Pointer, Server

_HOME = r"(?:~|\$home|\$\{home\}|\$\{userhome\}|\$\{env:home\}|\$\{env:userprofile\}|%userprofile%|/users/[^/]+|/home/[^/]+|/var/home/[^/]+|/root|[a-z]:/users/[^/]+)"
PLACES = (
    (lazy_compile(r"^(/private)?/(var/)?tmp(/|$)"), "a temporary folder"),
    (lazy_compile(r"^/dev/shm(/|$)"), "shared memory (/dev/shm)"),
    (lazy_compile(r"^/private/var/folders/"), "the macOS temporary folder"),
    (lazy_compile(r"^(\$tmpdir|\$\{tmpdir\}|\$\{env:tmpdir\}|%temp%|%tmp%|\$\{env:temp\}|\$\{env:tmp\}|\$temp|\$tmp)(/|$)"), "a temporary folder"),
    (lazy_compile(r"^[a-z]:/(windows/)?te?mp(/|$)"), "a temporary folder"),
    (lazy_compile(r"/appdata/local/temp(/|$)|^%localappdata%/temp(/|$)"), "the Windows temporary folder"),
    (lazy_compile("^" + _HOME + r"/downloads(/|$)"), "the Downloads folder"),
)
INTERPRETERS = frozenset({"node", "nodejs", "python", "python3", "py", "deno", "bun", "ruby", "php", "perl", "tsx",
                          "ts-node", "bash", "sh", "zsh", "pwsh", "powershell", "java", "dotnet", "uv", "uvx"})
DIRECTORY_FLAGS = frozenset({"--directory", "--cwd", "--prefix", "-C", "--project", "--from", "--with-editable"})
SCRIPT = lazy_compile(r"\.(m?js|cjs|ts|mts|py|pyz|sh|ps1|bat|cmd|exe|jar|rb|php|pl|dll|bin|app)$", re.I)


class LaunchPlace(NamedTuple):
    where: str
    path: str
    place: str
    pointer: Pointer


@lru_cache(maxsize=4096)
def place_of(path: str) -> str | None:
    """The risky place a path is in, or None. Memoized: seven patterns for every command, cwd
    and script argument, and the same paths recur."""
    text = path.strip().strip("'\"").replace("\\", "/").lower()
    for pattern, place in PLACES:
        if pattern.search(text):
            return place
    return None


@lru_cache(maxsize=4096)
def _is_script(arg: str) -> bool:
    return bool(SCRIPT.search(arg.strip("'\"")))


def analyze(server: Server, facts: Any) -> tuple[LaunchPlace, ...]:
    found: list[LaunchPlace] = []

    def check(where: str, path: str, *at: str | int) -> None:
        place = place_of(path)
        if place:
            found.append(LaunchPlace(where, path, place, server.at(*at)))  # (the pointer only when found)

    if server.command:
        check("command", server.command, "command")
    if server.cwd:
        check("cwd", server.cwd, "cwd")
    if server.transport != "stdio":
        return tuple(found)
    interpreter = basename(server.command or "") in INTERPRETERS
    args = server.args
    first_positional = True
    for i, arg in enumerate(args):
        if arg.startswith("-"):  # (every directory flag does)
            flag, eq, value = arg.partition("=")
            if flag in DIRECTORY_FLAGS:
                target = value if eq else (args[i + 1] if i + 1 < len(args) else "")
                if target:
                    check(f"{flag}", target, "args", i + (0 if eq else 1))
            continue
        if (interpreter and first_positional) or _is_script(arg):
            check(f"argument {i + 1}", arg, "args", i)
        first_positional = False
    seen: set[tuple[str, str]] = set()
    unique = []
    for item in found:
        if (item.path, str(item.pointer)) not in seen:
            seen.add((item.path, str(item.pointer)))
            unique.append(item)
    return tuple(unique)

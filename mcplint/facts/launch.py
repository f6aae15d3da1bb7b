"""Servers started from a temporary or downloads folder (fact ``launch``).

Anything can write to ``/tmp``; ``Downloads`` holds whatever a browser or chat fetched. A server
binary or script there is code nobody installed on purpose, and another process or user can
swap it between two starts. Checked: the command, the script an interpreter runs, ``cwd``,
and directory options (``uv --directory``, ``--prefix``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from mcplint._lazyre import lazy_compile
from mcplint.facts.package import basename
from mcplint.model import Item, Pointer, Server

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


class LaunchPlace(Item):
    where: str
    path: str
    place: str
    pointer: Pointer


@lru_cache(maxsize=4096)
def place_of(path: str) -> str | None:
    """The risky place a path is in, or None. Memoized: seven patterns for every command, cwd
    and script argument, and the same paths recur."""
    text = path.strip().strip("'\"").replace("\\", "/").lower()
    if "/" not in text and text[:1] not in "$%":
        return None  # no pattern of PLACES matches a bare name ("npx", "server.js"): none compiled
    for pattern, place in PLACES:
        if pattern.search(text):
            return place
    return None


@lru_cache(maxsize=4096)
def _script_place(arg: str) -> str | None:
    """The risky place of a script or binary argument (``/tmp/x.js``); None for any other
    argument. Memoized: every positional argument of every server is asked about."""
    return place_of(arg) if SCRIPT.search(arg.strip("'\"")) else None


_Spot = tuple[str, str, str, tuple[Any, ...]]
"""(where, path, place, pointer of it as ``Server.at`` arguments)."""


def analyze(server: Server, facts: Any) -> tuple[LaunchPlace, ...]:
    stdio = server.transport == "stdio"
    spots = _spots(server.command or "", server.cwd or "", tuple(server.args) if stdio else ())
    if not spots:  # (almost every server)
        return ()
    found = [LaunchPlace(where, path, place, server.at(*at)) for where, path, place, at in spots]
    if len(found) < 2:
        return tuple(found)
    seen: set[tuple[str, str]] = set()
    unique = []
    for item in found:
        if (item.path, str(item.pointer)) not in seen:
            seen.add((item.path, str(item.pointer)))
            unique.append(item)
    return tuple(unique)


@lru_cache(maxsize=2048)
def _spots(command: str, cwd: str, args: tuple[str, ...]) -> tuple[_Spot, ...]:
    """The risky places of a command line (``args``: empty but for a stdio server).

    A pure function of the strings, memoized: the same command lines recur across configs, and
    checking one costs a lookup per argument; ``analyze`` adds the pointers."""
    found: list[_Spot] = []
    if command:
        place = place_of(command)
        if place:
            found.append(("command", command, place, ("command",)))
    if cwd:
        place = place_of(cwd)
        if place:
            found.append(("cwd", cwd, place, ("cwd",)))
    interpreter = bool(args) and basename(command) in INTERPRETERS
    first_positional = True
    for i, arg in enumerate(args):
        if arg.startswith("-"):  # (every directory flag does)
            flag, eq, value = arg.partition("=")
            if flag in DIRECTORY_FLAGS:
                index = i if eq else i + 1
                target = value if eq else (args[index] if index < len(args) else "")
                place = place_of(target) if target else None
                if place:
                    found.append((flag, target, place, ("args", index)))
            continue
        place = place_of(arg) if interpreter and first_positional else _script_place(arg)
        if place:
            found.append((f"argument {i + 1}", arg, place, ("args", i)))
        first_positional = False
    return tuple(found)

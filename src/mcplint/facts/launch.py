"""Servers started from a temporary or downloads folder (fact ``launch``).

Anything can write to ``/tmp``; ``Downloads`` holds whatever a browser or chat fetched. A server
binary or script there is code nobody installed on purpose, and another process or user can
swap it between two starts. Checked: the command, the script an interpreter runs, ``cwd``,
and directory options (``uv --directory``, ``--prefix``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from mcplint.facts.package import basename
from mcplint.model import Pointer, Server

_HOME = r"(?:~|\$home|\$\{home\}|\$\{userhome\}|\$\{env:home\}|\$\{env:userprofile\}|%userprofile%|/users/[^/]+|/home/[^/]+|/var/home/[^/]+|/root|[a-z]:/users/[^/]+)"
PLACES = (
    (re.compile(r"^(/private)?/(var/)?tmp(/|$)"), "a temporary folder"),
    (re.compile(r"^/dev/shm(/|$)"), "shared memory (/dev/shm)"),
    (re.compile(r"^/private/var/folders/"), "the macOS temporary folder"),
    (re.compile(r"^(\$tmpdir|\$\{tmpdir\}|\$\{env:tmpdir\}|%temp%|%tmp%|\$\{env:temp\}|\$\{env:tmp\}|\$temp|\$tmp)(/|$)"), "a temporary folder"),
    (re.compile(r"^[a-z]:/(windows/)?te?mp(/|$)"), "a temporary folder"),
    (re.compile(r"/appdata/local/temp(/|$)|^%localappdata%/temp(/|$)"), "the Windows temporary folder"),
    (re.compile("^" + _HOME + r"/downloads(/|$)"), "the Downloads folder"),
)
INTERPRETERS = frozenset({"node", "nodejs", "python", "python3", "py", "deno", "bun", "ruby", "php", "perl", "tsx",
                          "ts-node", "bash", "sh", "zsh", "pwsh", "powershell", "java", "dotnet", "uv", "uvx"})
DIRECTORY_FLAGS = frozenset({"--directory", "--cwd", "--prefix", "-C", "--project", "--from", "--with-editable"})
SCRIPT = re.compile(r"\.(m?js|cjs|ts|mts|py|pyz|sh|ps1|bat|cmd|exe|jar|rb|php|pl|dll|bin|app)$", re.I)


@dataclass(frozen=True)
class LaunchPlace:
    where: str
    path: str
    place: str
    pointer: Pointer


def place_of(path: str) -> str | None:
    text = path.strip().strip("'\"").replace("\\", "/").lower()
    for pattern, place in PLACES:
        if pattern.search(text):
            return place
    return None


def analyze(server: Server, facts: Any) -> tuple[LaunchPlace, ...]:
    found: list[LaunchPlace] = []

    def check(where: str, path: str, pointer: Pointer) -> None:
        place = place_of(path)
        if place:
            found.append(LaunchPlace(where, path, place, pointer))

    if server.command:
        check("command", server.command, server.at("command"))
    if server.cwd:
        check("cwd", server.cwd, server.at("cwd"))
    if server.transport != "stdio":
        return tuple(found)
    interpreter = basename(server.command or "") in INTERPRETERS
    args = server.args
    first_positional = True
    for i, arg in enumerate(args):
        flag, eq, value = arg.partition("=")
        if flag in DIRECTORY_FLAGS:
            target = value if eq else (args[i + 1] if i + 1 < len(args) else "")
            if target:
                check(f"{flag}", target, server.at("args", i + (0 if eq else 1)))
            continue
        if arg.startswith("-"):
            continue
        if (interpreter and first_positional) or SCRIPT.search(arg.strip("'\"")):
            check(f"argument {i + 1}", arg, server.at("args", i))
        first_positional = False
    seen: set[tuple[str, str]] = set()
    unique = []
    for item in found:
        if (item.path, str(item.pointer)) not in seen:
            seen.add((item.path, str(item.pointer)))
            unique.append(item)
    return tuple(unique)

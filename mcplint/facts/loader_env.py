"""Environment variables that change which code a server process loads (fact ``loader_env``).

``LD_PRELOAD``, ``DYLD_INSERT_LIBRARIES``, ``NODE_OPTIONS=--require x.js``, ``JAVA_TOOL_OPTIONS=
-javaagent:...``, ``BASH_ENV`` inject code into the server: high. Search paths (``PATH``,
``PYTHONPATH``, ``NODE_PATH``, ``LD_LIBRARY_PATH``, ``CLASSPATH``...) decide which binary or
module is found first: low. The list follows the 31 keys Goose refuses to let an extension set
(block/goose ``Envs::DISALLOWED_KEYS``) plus the interpreters' own injection variables.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from mcplint._lazyre import lazy_compile
from mcplint.model import Item, Pointer, Server

INJECTION = {
    "LD_PRELOAD": "preloads a shared library into the server",
    "LD_AUDIT": "loads an auditing library into the server",
    "DYLD_INSERT_LIBRARIES": "injects a library into the server (macOS)",
    "BASH_ENV": "runs a script before every bash script",
    "ENV": "runs a script when sh starts",
    "PYTHONSTARTUP": "runs a script when Python starts interactively",
    "APPINIT_DLLS": "loads a DLL into every process (Windows)",
    "PROMPT_COMMAND": "runs a command in interactive bash",
}
"""Always code injection."""
OPTION_VARS = {
    "NODE_OPTIONS": (lazy_compile(r"(^|\s)(-r|--require|--import|--loader|--experimental-loader|--experimental-policy|--inspect(-brk)?)(=|\s|$)"), "makes Node.js load code before the server"),
    "JAVA_TOOL_OPTIONS": (lazy_compile(r"-javaagent|-agentpath|-agentlib|-Xbootclasspath"), "attaches a Java agent to the server"),
    "_JAVA_OPTIONS": (lazy_compile(r"-javaagent|-agentpath|-agentlib|-Xbootclasspath"), "attaches a Java agent to the server"),
    "JDK_JAVA_OPTIONS": (lazy_compile(r"-javaagent|-agentpath|-agentlib|-Xbootclasspath"), "attaches a Java agent to the server"),
    "PERL5OPT": (lazy_compile(r"-[MmI]|-d"), "makes Perl load a module first"),
    "RUBYOPT": (lazy_compile(r"(^|\s)-r|--require"), "makes Ruby load code first"),
}
"""Code injection only with certain options (``NODE_OPTIONS=--max-old-space-size`` is fine)."""
SEARCH_PATHS = {
    "PATH": "which binary a command name runs",
    "PATHEXT": "which files Windows treats as programs",
    "PYTHONPATH": "where Python finds modules",
    "PYTHONHOME": "which Python standard library loads",
    "NODE_PATH": "where Node.js finds modules",
    "LD_LIBRARY_PATH": "where shared libraries load from",
    "DYLD_LIBRARY_PATH": "where shared libraries load from (macOS)",
    "DYLD_FRAMEWORK_PATH": "where frameworks load from (macOS)",
    "DYLD_FALLBACK_LIBRARY_PATH": "where shared libraries load from (macOS)",
    "CLASSPATH": "where Java classes load from",
    "GEM_PATH": "where RubyGems are found",
    "GEM_HOME": "where RubyGems are found",
    "RUBYLIB": "where Ruby finds libraries",
    "PERL5LIB": "where Perl finds modules",
    "GOROOT": "which Go toolchain runs",
    "GCONV_PATH": "where glibc loads converters from",
    "COMSPEC": "which command interpreter Windows starts",
    "SYSTEMROOT": "where Windows system DLLs load from",
    "WINDIR": "where Windows system DLLs load from",
}
"""Search paths: which code is found first."""
OTHER_LOADER = {"LD_DEBUG", "LD_BIND_NOW", "LD_ASSUME_KERNEL", "GO111MODULE", "SESSIONNAME", "TEMP", "TMP",
                "LOCALAPPDATA", "USERPROFILE", "HOMEDRIVE", "HOMEPATH"}
"""The rest of Goose's list: they change where a process looks or what it logs; reported as info."""


SYSTEM_DIRS = frozenset({"/usr/local/bin", "/opt/homebrew/bin", "/opt/homebrew/sbin", "/usr/bin", "/bin", "/usr/sbin",
                         "/sbin", "/usr/local/sbin", "/opt/local/bin", "/home/linuxbrew/.linuxbrew/bin", "/snap/bin"})
_DRIVE_PATH = lazy_compile(r"^[a-z]:/")
_WINDOWS_LIST = lazy_compile(r"(^|;)[A-Za-z]:[\\/]")
_PATH_REF = lazy_compile(r"^(\$PATH|\$\{PATH\}|%PATH%|\$\{env:PATH\}|\$\{PATH:-[^}]*\})$", re.I)


_BUNDLE_DIR = "${__dirname}"
"""An MCPB bundle's own folder (manifest ``mcp_config``): its ``server/lib`` is the server's own code."""


def _norm(path: str) -> str:
    path = path.strip().strip("'\"")
    if path.startswith(_BUNDLE_DIR):
        path = "/__bundle__" + path[len(_BUNDLE_DIR):]
    return path.replace("\\", "/").rstrip("/").lower()


def _own_dirs(server: Server) -> list[str]:
    """Directories that hold the server's own code: its cwd, and the folders of scripts it runs."""
    dirs = []
    for value in [server.cwd or "", server.command or "", *server.args]:
        text = _norm(value)
        if text.startswith("/") or _DRIVE_PATH.match(text):
            dirs.append(text if value is server.cwd else text.rsplit("/", 1)[0])
    return [d for d in dirs if d.count("/") >= 2]


def _harmless(key: str, value: str, server: Server) -> bool:
    """A search path that only adds system directories or the server's own code (info, not low)."""
    own = _own_dirs(server)
    separator = ";" if ";" in value or _WINDOWS_LIST.search(value) else ":"
    for part in (p for p in value.split(separator) if p.strip()):
        text = _norm(part)
        if _PATH_REF.match(part.strip()) or text in SYSTEM_DIRS and key.upper() == "PATH":
            continue
        if not (text.startswith(("/", "~", "$", "%")) or _DRIVE_PATH.match(text)):
            continue  # relative: inside the server's working directory
        if any(text == d or d.startswith(text + "/") or text.startswith(d + "/") for d in own):
            continue
        return False
    return True


@lru_cache(maxsize=2048)
def _kind(key: str) -> str | None:
    """Which list a variable is on (``injection``, ``dyld``, ``option``, ``search``, ``other``),
    else None. The lists do not overlap. Memoized: every variable of every server is asked."""
    upper = key.upper()
    if upper in INJECTION:
        return "injection"
    if upper.startswith("DYLD_") and upper not in SEARCH_PATHS:
        return "dyld"
    if upper in OPTION_VARS:
        return "option"
    if upper in SEARCH_PATHS:
        return "search"
    if upper in OTHER_LOADER:
        return "other"
    return None


class LoaderEnv(Item):
    key: str
    where: str
    why: str
    pointer: Pointer
    severity: str


def analyze(server: Server, facts: Any) -> tuple[LoaderEnv, ...]:
    variables = facts["_env"]
    if not variables:  # (most servers)
        return ()
    found: list[LoaderEnv] = []
    for key, env in variables.items():
        kind = _kind(key)
        if kind is None:  # (most variables)
            continue
        upper = key.upper()
        value = env.value
        if kind == "option":
            pattern, why = OPTION_VARS[upper]
            if pattern.search(value):
                found.append(LoaderEnv(key, env.where, why, env.pointer, "high"))
        elif not value.strip():
            continue
        elif kind == "injection":
            found.append(LoaderEnv(key, env.where, INJECTION[upper], env.pointer, "high"))
        elif kind == "dyld":
            found.append(LoaderEnv(key, env.where, "changes how macOS loads libraries into the server", env.pointer, "high"))
        elif kind == "search":
            severity = "info" if _harmless(upper, value, server) else "low"
            found.append(LoaderEnv(key, env.where, f"changes {SEARCH_PATHS[upper]}", env.pointer, severity))
        else:
            found.append(LoaderEnv(key, env.where, "is on the list of variables Goose refuses to let a server set", env.pointer, "info"))
    return tuple(found) if found else ()

"""Which directories a server may reach: filesystem server roots and docker bind mounts."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from mcplint._lazyre import lazy_compile
from mcplint.model import Item, Pointer, Server
from mcplint.record import Frozen

BROAD_EXACT = {
    "/": "the filesystem root",
    "~": "the home directory",
    "$HOME": "the home directory",
    "${HOME}": "the home directory",
    "${env:HOME}": "the home directory",
    "${userHome}": "the home directory",
    "%USERPROFILE%": "the home directory",
    "${env:USERPROFILE}": "the home directory",
    "%HOMEDRIVE%%HOMEPATH%": "the home directory",
    "*": "every path (wildcard)",
    "/*": "every path (wildcard)",
    "~/*": "the whole home directory (wildcard)",
    "/Users": "every user's home directory",
    "/home": "every user's home directory",
    "/root": "root's home directory",
}
BROAD_PATTERNS = (  # (each reads an absolute path only: see _absolute)
    (lazy_compile(r"^[A-Za-z]:/?$"), "a drive root"),
    (lazy_compile(r"^[A-Za-z]:/Users$", re.I), "every user's home directory"),
    (lazy_compile(r"^(?:/Users|/home|[A-Za-z]:/Users|/var/home)/[^/$%{}]+$", re.I), "a home directory"),
    (lazy_compile(r"^/mnt/[a-z]$"), "a mounted drive root"),
    (lazy_compile(r"^/Volumes/[^/]+$"), "a whole volume"),
)
ENV_SPLIT = lazy_compile(r"[,;]|:(?=/|~)")

_HOME = (r"(?:~|\$home|\$\{home\}|\$\{userhome\}|\$\{env:home\}|\$\{env:userprofile\}|%userprofile%"
         r"|%homedrive%%homepath%|/users/[^/]+|/home/[^/]+|/var/home/[^/]+|/root|[a-z]:/users/[^/]+)")
SENSITIVE_IN_HOME = (
    (".ssh", "SSH keys"),
    (".aws", "AWS credentials"),
    (".azure", "Azure credentials"),
    (".config/gcloud", "Google Cloud credentials"),
    (".kube", "Kubernetes credentials"),
    (".docker", "Docker registry credentials"),
    (".gnupg", "GPG keys"),
    (".config/gh", "GitHub CLI token"),
    (".git-credentials", "git credentials"),
    (".netrc", "netrc credentials"),
    (".npmrc", "npm token"),
    (".pypirc", "PyPI token"),
    (".pgpass", "PostgreSQL passwords"),
    (".password-store", "password store"),
    (".vault-token", "Vault token"),
    (".terraform.d", "Terraform credentials"),
    (".config/op", "1Password CLI"),
    ("library/keychains", "macOS keychains"),
    (".mozilla", "Firefox profiles"),
    (".config/google-chrome", "Chrome profiles"),
    ("library/application support/google/chrome", "Chrome profiles"),
    ("appdata/local/google/chrome/user data", "Chrome profiles"),
    ("library/cookies", "browser cookies"),
)
SENSITIVE_ABSOLUTE = (  # (each reads an absolute path only: see _absolute)
    (lazy_compile(r"^/etc(/|$)"), "system configuration (/etc)"),
    (lazy_compile(r"^(/var)?/run/docker\.sock$|^//\./pipe/docker_engine$"), "the Docker socket (root on the host)"),
    (lazy_compile(r"^/proc(/|$)"), "process memory and environments (/proc)"),
    (lazy_compile(r"^/var/lib/docker(/|$)"), "Docker's data directory"),
    (lazy_compile(r"^[a-z]:/windows/system32/config(/|$)"), "the Windows registry hives"),
)
SENSITIVE_FILES = (
    (lazy_compile(r"(^|/)\.env(\.(?!example$|sample$|template$|dist$|defaults?$)[\w.-]+)?$"), "a .env file"),
    (lazy_compile(r"(^|/)id_(rsa|dsa|ecdsa|ed25519)(_sk)?$"), "an SSH private key"),
    (lazy_compile(r"\.(pem|key|p12|pfx|jks|kdbx|keystore)$"), "a private key or keystore"),
    (lazy_compile(r"(^|/)(credentials|credentials\.json|service[-_]?account[\w.-]*\.json|\.pgpass|\.netrc)$"), "a credentials file"),
)
DOCKER_SOCKET = lazy_compile(r"(^|/)docker\.sock$|^//\./pipe/docker_engine$", re.I)
_IN_HOME = lazy_compile(_HOME + r"/(.+)$")
_VOLUME_SOURCE = lazy_compile(r"^((?:[A-Za-z]:)?[^:]*):")
_VOLUME_READ_ONLY = lazy_compile(r":(?:[a-z]+,)*(?:ro|readonly)(?:,[a-z]+)*$")
_DRIVE = lazy_compile(r"^[A-Za-z]:")


class Root(Item):
    path: str
    where: str
    pointer: Pointer
    broad: str | None
    """Why this root is too broad (``the filesystem root``), or None."""
    sensitive: str | None = None
    """What secret-bearing place it is (``SSH keys``, ``a .env file``), or None."""
    mount: bool = False
    """A docker bind mount (host side), not a root given to a filesystem server."""
    read_only: bool = False
    """Mounted ``:ro`` / ``readonly``."""
    docker_socket: bool = False

    @property
    def severity(self) -> str:
        """How bad exposing a sensitive path is: a filesystem server hands it to the model."""
        if not self.mount:
            return "high"
        return "low" if self.read_only else "medium"


class Filesystem(Frozen):
    server_kind: str | None
    """Catalog kind of the server (``filesystem``...), None when unknown."""
    roots: tuple[Root, ...]
    mounts: tuple[Root, ...]
    """Docker bind mounts (host side)."""
    server_name: str | None = None
    unscoped: str | None = None
    """The server is given no directory and then reaches everything: why (MCP303), else None."""
    pointer: Pointer = ()

    @property
    def all_roots(self) -> tuple[Root, ...]:
        return self.roots + self.mounts

    @property
    def sensitive_roots(self) -> tuple[Root, ...]:
        """Roots at or inside credential-bearing places; the docker socket is MCP504's."""
        return tuple(r for r in self.all_roots if r.sensitive and not (r.mount and r.docker_socket))


def _absolute(text: str) -> bool:
    """``/...``, ``//...`` or ``C:...``: the only paths ``BROAD_PATTERNS`` and
    ``SENSITIVE_ABSOLUTE`` can match, so a relative root (most roots) compiles none of them."""
    return text.startswith("/") or text[1:2] == ":"


def _resolved(text: str) -> str:
    """``.`` and ``..`` segments resolved (``/Users/alice/projects/../..`` is ``/``, ``/.`` is
    ``/``) so a path written indirectly is judged as what it names. A ``..`` that would climb
    above a relative or variable start (``~/..``) leaves the path as written."""
    if "/." not in text and not text.startswith("."):
        return text
    drive, rest = (text[:2], text[2:]) if _DRIVE.match(text) else ("", text)
    if not rest.startswith("/"):
        return text
    parts: list[str] = []
    for part in rest.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts:
                parts.pop()
            continue  # (above the root is the root)
        parts.append(part)
    return drive + "/" + "/".join(parts)


@lru_cache(maxsize=2048)
def broad_reason(path: str) -> str | None:
    text = _resolved(path.strip().strip("'\"").replace("\\", "/"))
    if len(text) > 1:
        text = text.rstrip("/") or "/"
    if text in BROAD_EXACT:
        return BROAD_EXACT[text]
    if not _absolute(text):
        return None
    for pattern, reason in BROAD_PATTERNS:
        if pattern.match(text):
            return reason
    return None


@lru_cache(maxsize=2048)
def sensitive_reason(path: str) -> str | None:
    """What a path at or inside a credential-bearing place exposes, or None (memoized: a dozen
    patterns per path, and the same roots recur)."""
    text = _resolved(path.strip().strip("'\"").replace("\\", "/")).lower()
    if len(text) > 1:
        text = text.rstrip("/")
    # (a home prefix starts so: a relative root compiles no pattern)
    home = _IN_HOME.match(text) if text[:1] in ("~", "$", "%", "/") or text[1:2] == ":" else None
    if home:
        rest = home.group(1)
        for suffix, reason in SENSITIVE_IN_HOME:
            if rest == suffix or rest.startswith(suffix + "/"):
                return reason
    for pattern, reason in SENSITIVE_ABSOLUTE if _absolute(text) else ():
        if pattern.search(text):
            return reason
    for pattern, reason in SENSITIVE_FILES:
        if pattern.search(text):
            return reason
    return None


def _root(path: str, where: str, pointer: Pointer, mount: bool = False, read_only: bool = False) -> Root:
    socket = "docker" in path.lower() and bool(DOCKER_SOCKET.search(path.strip().replace("\\", "/")))
    return Root(path, where, pointer, broad_reason(path), sensitive_reason(path), mount, read_only, socket)


def docker_mounts(server: Server, package: Any) -> list[Root]:
    """Host paths of ``-v SRC:DST`` and ``--mount type=bind,src=SRC`` options."""
    if package is None or package.ecosystem != "docker":
        return []
    mounts = []
    for flag, value, index in package.runner_options:
        if flag in ("-v", "--volume"):
            match = _VOLUME_SOURCE.match(value)
            source = match.group(1) if match else value
            read_only = bool(_VOLUME_READ_ONLY.search(value))
        elif flag == "--mount":
            parts = dict(p.partition("=")[::2] for p in value.split(","))
            if parts.get("type", "volume") != "bind":
                continue
            source = parts.get("source") or parts.get("src") or ""
            read_only = "readonly" in parts or "ro" in parts or parts.get("readonly") == "true"
        else:
            continue
        if source and (source[0] in "/~$%." or _DRIVE.match(source)):
            mounts.append(_root(source, f"docker {flag} {value}", server.at("args", index), True, read_only))
    return mounts


_WHEN_NONE = {
    "everything": "it reaches every directory when none is given",
    "cwd": "it serves the directory the client starts it in (for Claude Desktop, /)",
}


def analyze(server: Server, facts: Any) -> Filesystem:
    package = facts["package"]
    known = facts["known"]
    if known is None:  # (most servers) no roots to read, nor a server kind
        mounts = tuple(docker_mounts(server, package)) if package is not None else ()
        return Filesystem(None, (), mounts, None, None, server.at("command") if package is None else package.pointer)
    roots: list[Root] = []
    spec = known.roots
    if spec.get("args") == "positional" and package is not None and package.ecosystem != "docker":
        # (in a container, positional paths are the container's; the host side is in the mounts)
        start = package.index + 1
        value_flags = set(spec.get("value_flags", ()))
        skip = False
        for i in range(max(start, 0), len(server.args)):
            arg = server.args[i]
            if skip:
                skip = False
                continue
            if arg.startswith("-"):
                skip = arg in value_flags
                continue
            roots.append(_root(arg, f"argument {i + 1}", server.at("args", i)))
    if spec.get("flags"):
        args = server.args
        for i, arg in enumerate(args):
            flag, eq, value = arg.partition("=")
            if flag in spec["flags"]:
                if not eq and i + 1 < len(args):
                    value, index = args[i + 1], i + 1
                else:
                    index = i
                if value:
                    roots.append(_root(value, f"{flag} {value}", server.at("args", index)))
    for key in spec.get("env", ()):
        if key in server.env:
            for part in ENV_SPLIT.split(server.env[key]):
                if part.strip():
                    roots.append(_root(part.strip(), f"env {key}", server.at("env", key)))
    mounts = tuple(docker_mounts(server, package))
    unscoped = None
    when_none = spec.get("when_none")
    if not roots and not mounts and when_none in _WHEN_NONE:
        unscoped = _WHEN_NONE[when_none]
        if spec.get("note"):
            unscoped = f"{unscoped}: {spec['note']}"
    pointer = package.pointer if package is not None else server.at("command")
    return Filesystem(known.kind, tuple(roots), mounts, known.name, unscoped, pointer)

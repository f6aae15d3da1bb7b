"""TLS versions a config states: ``tls.minVersion``, ``NODE_OPTIONS=--tls-min-v1.2``, ``--tls-max-v1.2``."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from mcplint._lazyre import lazy_compile
from mcplint.model import Item, Pointer, Server

MODERN = (1, 3)
_NODE_FLAG = lazy_compile(r"--tls-(min|max)-v1\.([0-3])\b")
_VERSION_FLAG = lazy_compile(r"^--(?:(min|max)-?)?(?:tls|ssl)-?(?:(min|max)-?)?(?:version|protocol)$", re.I)
_VERSION = lazy_compile(r"^(?:tls|ssl)?\s*v?(1|2|3)(?:[._](\d))?$", re.I)
_METHOD_SUFFIX = lazy_compile(r"(?i)_(client_|server_)?method$")
_TLS_PREFIX = lazy_compile(r"(?i)^tlsv?")
VERSION_KEYS = frozenset({
    "minversion", "maxversion", "tlsminversion", "tlsmaxversion", "mintlsversion", "maxtlsversion",
    "minprotocolversion", "maxprotocolversion", "tlsversion", "sslversion", "minimumversion",
    "minimumtlsversion", "securityprotocol", "secureprotocol",
})
"""Config keys stating a TLS version, compared lower-case without ``-`` and ``_``."""


class TlsSetting(Item):
    where: str
    version: str
    """As stated, normalised: ``1.2``."""
    bound: str
    """``min`` or ``max``."""
    pointer: Pointer

    @property
    def weak(self) -> bool:
        major, minor = (int(p) for p in self.version.split("."))
        return (major, minor) < MODERN

    @property
    def severity(self) -> str:
        """TLS 1.0/1.1 (and SSL) are broken: high; TLS 1.2 is below policy but not broken: low."""
        major, minor = (int(p) for p in self.version.split("."))
        return "high" if (major, minor) < (1, 2) else "low"


@lru_cache(maxsize=1024)
def _parse_version(text: str) -> str | None:
    """``TLSv1.2``, ``tls1_2``, ``1.2`` -> ``1.2``; SSL 3 and older read as weaker than TLS 1.0."""
    text = _METHOD_SUFFIX.sub("", text.strip())
    match = _VERSION.match(_TLS_PREFIX.sub("", text.strip()))
    if not match:
        return None
    if text.lower().startswith("ssl"):
        return "1.0"
    return f"{match.group(1)}.{match.group(2) or 0}"


def _walk(value: Any, pointer: Pointer, out: list[TlsSetting]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            folded = str(key).lower().replace("_", "").replace("-", "")
            version = _parse_version(item) if isinstance(item, str) and folded in VERSION_KEYS else None
            if version:
                bound = "max" if "max" in folded else "min"
                out.append(TlsSetting(f"{key} = {item}", version, bound, pointer + (key,)))
            else:
                _walk(item, pointer + (key,), out)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _walk(item, pointer + (i,), out)


def _node_flags(text: str, where: str, pointer: Pointer, out: list[TlsSetting]) -> None:
    """``NODE_OPTIONS=--tls-min-v1.2``: each Node.js TLS version flag in an env value or argument."""
    for match in _NODE_FLAG.finditer(text):
        out.append(TlsSetting(f"{where} {match.group(0)}", f"1.{match.group(2)}", match.group(1), pointer))


@lru_cache(maxsize=4096)
def _version_bound(arg: str) -> str | None:
    """``--tls-min-version`` (or ``--tls-min-version=1.2``) -> ``min``; None for an argument that
    is no TLS version flag. Memoized on the whole argument: every argument is asked about."""
    flag = arg.partition("=")[0].lower()
    # (the pattern names tls or ssl: another flag compiles nothing)
    match = _VERSION_FLAG.match(flag) if flag.startswith("--") and ("tls" in flag or "ssl" in flag) else None
    if not match:
        return None
    return "max" if "max" in (match.group(1) or match.group(2) or "").lower() else "min"


@lru_cache(maxsize=2048)
def _env_bound(key: str) -> str | None:
    """``TLS_MAX_VERSION`` -> ``max``; None for a variable that states no TLS version (memoized)."""
    upper = key.upper()
    if ("TLS" in upper or "SSL" in upper) and "VERSION" in upper:
        return "max" if "MAX" in upper else "min"
    return None


RAW_KEYS = ("tls", "ssl", "tlsOptions", "tls_options")


def analyze(server: Server, facts: object) -> tuple[TlsSetting, ...]:
    found: list[TlsSetting] = []
    raw = server.raw
    for key in RAW_KEYS:
        if key in raw:
            _walk(raw[key], server.pointer + (key,), found)
    env = server.env
    if env:
        # "--tls-" is what every _NODE_FLAG match holds: tested first, and the rest built on a match
        for key, value in env.items():
            if "--tls-" in value:
                _node_flags(value, f"env {key}", server.at("env", key), found)
    args = server.args
    flags: list[TlsSetting] = []  # (listed after every Node.js flag)
    for i, arg in enumerate(args):
        if "--tls-" in arg:
            _node_flags(arg, f"argument {i + 1}", server.at("args", i), found)
        bound = _version_bound(arg)
        if bound is None:  # (most arguments)
            continue
        flag, eq, value = arg.partition("=")
        if not eq and i + 1 < len(args):
            value = args[i + 1]
        version = _parse_version(value)
        if version:
            flags.append(TlsSetting(f"argument {i + 1} {flag} {value}", version, bound, server.at("args", i)))
    if flags:
        found += flags
    if env:
        for key, value in env.items():
            bound = _env_bound(key)
            if bound is not None:
                version = _parse_version(value)
                if version:
                    found.append(TlsSetting(f"env {key}={value}", version, bound, server.at("env", key)))
    return tuple(found) if found else ()

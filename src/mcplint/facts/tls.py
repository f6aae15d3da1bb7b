"""TLS versions a config states: ``tls.minVersion``, ``NODE_OPTIONS=--tls-min-v1.2``, ``--tls-max-v1.2``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from mcplint.model import Pointer, Server

MODERN = (1, 3)
_NODE_FLAG = re.compile(r"--tls-(min|max)-v1\.([0-3])\b")
_VERSION_FLAG = re.compile(r"^--(?:(min|max)-?)?(?:tls|ssl)-?(?:(min|max)-?)?(?:version|protocol)$", re.I)
_VERSION = re.compile(r"^(?:tls|ssl)?\s*v?(1|2|3)(?:[._](\d))?$", re.I)
VERSION_KEYS = frozenset({
    "minversion", "maxversion", "tlsminversion", "tlsmaxversion", "mintlsversion", "maxtlsversion",
    "minprotocolversion", "maxprotocolversion", "tlsversion", "sslversion", "minimumversion",
    "minimumtlsversion", "securityprotocol", "secureprotocol",
})
"""Config keys stating a TLS version, compared lower-case without ``-`` and ``_``."""


@dataclass(frozen=True)
class TlsSetting:
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


def _parse_version(text: str) -> str | None:
    """``TLSv1.2``, ``tls1_2``, ``1.2`` -> ``1.2``; SSL 3 and older read as weaker than TLS 1.0."""
    text = re.sub(r"(?i)_(client_|server_)?method$", "", text.strip())
    match = _VERSION.match(re.sub(r"(?i)^tlsv?", "", text.strip()))
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


def analyze(server: Server, facts: object) -> tuple[TlsSetting, ...]:
    found: list[TlsSetting] = []
    for key in ("tls", "ssl", "tlsOptions", "tls_options"):
        if key in server.raw:
            _walk(server.raw[key], server.pointer + (key,), found)
    texts = [(f"env {k}", v, server.at("env", k)) for k, v in server.env.items()]
    texts += [(f"argument {i + 1}", a, server.at("args", i)) for i, a in enumerate(server.args)]
    for where, text, pointer in texts:
        for match in _NODE_FLAG.finditer(text):
            found.append(TlsSetting(f"{where} {match.group(0)}", f"1.{match.group(2)}", match.group(1), pointer))
    args = server.args
    for i, arg in enumerate(args):
        flag, eq, value = arg.partition("=")
        match = _VERSION_FLAG.match(flag)
        if not match:
            continue
        if not eq and i + 1 < len(args):
            value = args[i + 1]
        version = _parse_version(value)
        if version:
            bound = "max" if "max" in (match.group(1) or match.group(2) or "").lower() else "min"
            found.append(TlsSetting(f"argument {i + 1} {flag} {value}", version, bound, server.at("args", i)))
    for key, value in server.env.items():
        upper = key.upper()
        if ("TLS" in upper or "SSL" in upper) and "VERSION" in upper:
            version = _parse_version(value)
            if version:
                bound = "max" if "MAX" in upper else "min"
                found.append(TlsSetting(f"env {key}={value}", version, bound, server.at("env", key)))
    return tuple(found)

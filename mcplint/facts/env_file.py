"""Fact ``env_file``: an env file a config names (``envFile``) that holds credentials in the clear.

Only for the server-shaped record of a scanned env file (client ``dotenv``, see
``mcplint.envfiles``): its keys whose names say credential and whose values are literal (not a
reference, not an example such as ``<your-key>``). The detector (MCP101) reports values that
look like secrets; this fact does not judge the value at all: a committed env file that hands a
server ``DB_PASSWORD=admin`` leaks it as surely as one holding a random token.
"""

from __future__ import annotations

import re
from typing import Any

from mcplint._lazyre import lazy_compile
from mcplint.model import Pointer, Server
from mcplint.record import Frozen

_EXAMPLE = lazy_compile(
    r"^(?:<[^>]*>|\[[^\]]*\]|\{[^}]*\}|your[-_ ].*|.*[-_ ]here|change[-_ ]?me|x{3,}|\*{3,}|\.{3}|todo|tbd|none|null|"
    r"true|false|example.*|placeholder|secret|password|token|sk-\.\.\.|)$", re.I)
_REFERENCE = lazy_compile(r"\$\{?[A-Za-z_]|%[A-Za-z_]+%")


class EnvFile(Frozen):
    file: str
    keys: tuple[str, ...]
    """Credential-named keys with literal values, in file order."""
    pointer: Pointer
    """The first of them."""

    @property
    def summary(self) -> str:
        shown = ", ".join(self.keys[:4])
        return shown + (f" and {len(self.keys) - 4} more" if len(self.keys) > 4 else "")


def literal(value: str) -> bool:
    """A value that is the credential itself: not empty, not a reference, not an example."""
    text = value.strip()
    return bool(text) and not _REFERENCE.search(text) and not _EXAMPLE.match(text)


def analyze(server: Server, facts: Any) -> EnvFile | None:
    if server.client != "dotenv":
        return None
    from mcplint.secrets.keywords import is_credential_name

    keys = tuple(k for k, v in server.env.items() if is_credential_name(k) and literal(v))
    if not keys or server.scope != "project":
        return None  # (a user's own env file is not published with anything)
    from mcplint.envfiles import ignored

    source = getattr(getattr(facts, "ctx", None), "source", None)
    if source is not None and ignored(source.path):
        return None
    return EnvFile(server.file, keys, server.at("env", keys[0]))

"""Literal credentials in a server entry: env, args, headers, URL, OAuth blocks.

The detector itself lives in ``mcplint.secrets``; this module only knows where in a server
entry values sit and what each placement is called.
"""

from __future__ import annotations

from typing import Any, Iterator

from mcplint.model import Item, Pointer, Server
from mcplint.secrets.detect import scan_args_hits, scan_hits

SECRET_FIELDS = ("auth", "oauth", "oauthClient", "bearer_token", "apiKey", "api_key", "token")
"""Entry keys (besides env/args/headers/url) whose string values may hold credentials."""


class SecretFact(Item):
    provider: str
    kind: str
    severity: str
    reason: str
    redacted: str
    where: str
    """Human placement: ``env GITHUB_TOKEN``, ``header Authorization``, ``argument 3``."""
    pointer: Pointer

    @property
    def in_url(self) -> bool:
        return self.kind == "url-credentials"


def _fields(value: Any, pointer: Pointer, name: str) -> Iterator[tuple[str, str, Pointer]]:
    if isinstance(value, str):
        yield name, value, pointer
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _fields(item, pointer + (key,), str(key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _fields(item, pointer + (i,), name)


def _fact(hit: Any, where: str, pointer: Pointer) -> SecretFact:
    return SecretFact(hit.provider, hit.kind, hit.severity, hit.reason, hit.redacted, where, pointer)


def analyze(server: Server, facts: object) -> tuple[SecretFact, ...]:
    found: list[SecretFact] = []
    for key, value in server.env.items():
        for hit in scan_hits(value, "env", key):
            found.append(_fact(hit, f"env {key}", server.at("env", key)))
    for key, value in server.headers.items():
        for hit in scan_hits(value, "header", key):
            found.append(_fact(hit, f"header {key}", server.at("headers", key)))
    if server.url:
        for hit in scan_hits(server.url, "url"):
            found.append(_fact(hit, "url", server.at("url")))
    if server.args:
        for index, hit in scan_args_hits(server.args):
            found.append(_fact(hit, f"argument {index + 1}", server.at("args", index)))
    if server.command and " " in server.command:
        for hit in scan_hits(server.command, "arg"):
            found.append(_fact(hit, "command", server.at("command")))
    raw = server.raw
    if not raw.keys().isdisjoint(SECRET_FIELDS):  # (rare: skips seven lookups per server)
        for key in SECRET_FIELDS:
            if key in raw:
                for name, value, pointer in _fields(raw[key], server.pointer + (key,), key):
                    for hit in scan_hits(value, "field", name):
                        found.append(_fact(hit, f"{key} {name}" if name != key else key, pointer))
    return tuple(found)

"""Literal credentials in a server entry: env, args, headers, URL, OAuth blocks.

The detector itself lives in ``mcplint.secrets``; this module only knows where in a server
entry values sit and what each placement is called.
"""

from __future__ import annotations

from typing import Any, Iterator, NamedTuple

from mcplint.model import Pointer, Server
from mcplint.secrets import scan_args, scan_value

SECRET_FIELDS = ("auth", "oauth", "oauthClient", "bearer_token", "apiKey", "api_key", "token")
"""Entry keys (besides env/args/headers/url) whose string values may hold credentials."""


class SecretFact(NamedTuple):
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


def analyze(server: Server, facts: object) -> tuple[SecretFact, ...]:
    found: list[SecretFact] = []

    def add(hit: Any, where: str, pointer: Pointer) -> None:
        found.append(SecretFact(hit.provider, hit.kind, hit.severity, hit.reason, hit.redacted, where, pointer))

    for key, value in server.env.items():
        for hit in scan_value(value, placement="env", name=key):
            add(hit, f"env {key}", server.at("env", key))
    for key, value in server.headers.items():
        for hit in scan_value(value, placement="header", name=key):
            add(hit, f"header {key}", server.at("headers", key))
    if server.url:
        for hit in scan_value(server.url, placement="url"):
            add(hit, "url", server.at("url"))
    for index, hit in scan_args(server.args):
        add(hit, f"argument {index + 1}", server.at("args", index))
    if server.command and " " in server.command:
        for hit in scan_value(server.command, placement="arg"):
            add(hit, "command", server.at("command"))
    for key in SECRET_FIELDS:
        if key in server.raw:
            for name, value, pointer in _fields(server.raw[key], server.pointer + (key,), key):
                for hit in scan_value(value, placement="field", name=name):
                    add(hit, f"{key} {name}" if name != key else key, pointer)
    return tuple(found)

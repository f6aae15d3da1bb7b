"""Server identity: a fingerprint of what a server *is*, the same on every machine.

``fingerprint(server)`` is ``"sha256:<64 hex>"`` over a canonical JSON record (``canonical``)
of the parts of an entry that decide what runs and where it connects:

- ``transport``: the normalized transport (``stdio``, ``http``, ``sse``, ``ws``);
- ``command``: the effective command (``cmd /c npx ...`` unwrapped, ``"npx -y pkg"`` written as
  one string split). A known runner or interpreter (``npx``, ``uvx``, ``docker``, ``node``,
  ``python``... see ``PORTABLE_COMMANDS``) is reduced to its base name, so
  ``C:\\Program Files\\nodejs\\npx.cmd`` and ``/opt/homebrew/bin/npx`` are both ``npx``; any
  other command is kept as written;
- ``package``: the package id with its version (``npm:@scope/name@1.2.3``), docker digest
  included, from ``facts.package``;
- ``args``: the effective arguments, as written and in order, except that a credential the
  secret detector finds in an argument (``--api-key=XYZ``, ``--token XYZ``,
  ``-e GITHUB_TOKEN=ghp_...``) is replaced by ``<secret>``;
- ``url``: the URL with any credential the detector finds (userinfo password, ``?api_key=``...)
  replaced by ``<secret>``; scheme and host lower-cased;
- ``env``: the sorted *names* of environment variables (never their values);
- ``headers``: the sorted, lower-cased *names* of HTTP headers (never their values).

Not part of it, so that it does not change: the server's name, the client and its file format,
the file's location, formatting and key order, ``disabled``, ``cwd``, auto-approved tool lists
(client-specific), env and header values, and secret values anywhere. Changing the package
version, an argument, the URL, the transport or the set of env/header names changes it.

The record carries a format version (``v``): a change to what enters the fingerprint bumps it,
since every approval by fingerprint would otherwise silently stop (or start) matching.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from mcplint._lazyre import lazy_compile
from mcplint.model import Server

FORMAT_VERSION = 1
SECRET = "<secret>"

PORTABLE_COMMANDS = frozenset({
    # package runners (facts/package.py RUNNERS) and interpreters whose install path differs
    # from machine to machine while the program is the same
    "npx", "bunx", "pnpx", "pnpm", "yarn", "npm", "bun", "uvx", "uv", "pipx", "docker", "podman",
    "deno", "go", "node", "nodejs", "python", "python3", "py", "ruby", "java", "dotnet", "php",
})


def _runner_name(command: str) -> str:
    from mcplint.facts.package import basename

    name = basename(command)
    # python3.12 -> python3.12 stays distinct from python3 (a different interpreter)
    return name if name in PORTABLE_COMMANDS else command


def _mask_hits(value: str, hits: list[Any]) -> str:
    """Replace each detected secret span (from the end, so offsets hold) with ``<secret>``."""
    spans = sorted({(h.start, h.end) for h in hits if 0 <= h.start < h.end <= len(value)}, reverse=True)
    last_start = len(value) + 1
    for start, end in spans:
        if end > last_start:  # overlapping spans: the later one already covers this part
            end = last_start
        if start < end:
            value = value[:start] + SECRET + value[end:]
            last_start = start
    return value


def _masked_args(args: list[str]) -> list[str]:
    if not args:
        return []
    from mcplint.secrets import scan_args

    hits: dict[int, list[Any]] = {}
    for index, hit in scan_args(args):
        hits.setdefault(index, []).append(hit)
    return [_mask_hits(arg, hits[i]) if i in hits else arg for i, arg in enumerate(args)]


def _masked_url(url: str | None) -> str | None:
    if not url:
        return None
    from mcplint.secrets import scan_value

    text = _mask_hits(url.strip(), scan_value(url.strip(), placement="url"))
    try:
        parts = urlsplit(text)
    except ValueError:
        return text
    netloc = parts.netloc
    if "@" in netloc:  # user@host: the user name is kept, the host lower-cased
        user, _, host = netloc.rpartition("@")
        netloc = f"{user}@{host.lower()}"
    else:
        netloc = netloc.lower()
    return urlunsplit((parts.scheme.lower(), netloc, parts.path, parts.query, parts.fragment))


def _package(server: Server) -> str | None:
    from mcplint.facts.package import analyze

    package = analyze(server, None)
    if package is None:
        return None
    text = package.id
    if package.digest:
        text += f"@{package.digest}"
    return _redact_url_userinfo(text)


def canonical(server: Server) -> dict[str, Any]:
    """The record the fingerprint is a hash of (no secret values in it)."""
    from mcplint.facts.package import command_line

    command, args, _offset = command_line(server)
    if command and any(c.isspace() for c in command):  # a whole command line in one string
        from mcplint.secrets import scan_value

        command = _mask_hits(command, scan_value(command, placement="arg"))
    return {
        "v": FORMAT_VERSION,
        "transport": (server.transport or "stdio").lower(),
        "command": _runner_name(command) if command else None,
        "package": _package(server),
        "args": _masked_args(list(args)),
        "url": _masked_url(server.url),
        "env": sorted(set(server.env)),
        "headers": sorted({name.lower() for name in server.headers}),
    }


def fingerprint(server: Server) -> str:
    """``sha256:<64 hex>``: the stable identity of a server's configuration."""
    text = json.dumps(canonical(server), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


_USERINFO = lazy_compile(r"(?<=://)[^/@\s]+@")


def _redact_url_userinfo(text: str) -> str:
    """``git+https://user:token@host/x`` -> ``git+https://host/x``."""
    return _USERINFO.sub("", text)


def redact_secrets(text: str, placement: str = "url") -> str:
    """``text`` with every credential the detector finds shown in its redacted form
    (``https://mcp.example.com/sse/ghp_…9f (40 chars)``): for messages and generated files."""
    from mcplint.secrets import scan_value

    hits = scan_value(text, placement=placement)
    last_start = len(text) + 1
    for hit in sorted(hits, key=lambda h: (h.start, h.end), reverse=True):
        start, end = hit.start, min(hit.end, last_start)
        if 0 <= start < end <= len(text):
            text = text[:start] + hit.redacted + text[end:]
            last_start = start
    return text


def has_secret(text: str, placement: str = "url") -> bool:
    """Whether the detector finds a credential anywhere in ``text``."""
    from mcplint.secrets import scan_value

    return bool(scan_value(text, placement=placement))


def safe_url(url: str) -> str:
    """A URL fit for a message: no userinfo, no query, no fragment, a token in the path redacted."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return "<invalid URL>"
    host = parts.netloc.rpartition("@")[2]
    return redact_secrets(urlunsplit((parts.scheme, host, parts.path, "", "")))


def describe(server: Server) -> str:
    """What a server runs, for messages and tables, never holding a secret.

    ``npm:@scope/name@1.2.3`` for a package, the URL without credentials or query for a remote
    server, else the command's base name.
    """
    from mcplint.facts.package import analyze, basename

    package = analyze(server, None) if server.command else None
    if package is not None and package.ecosystem != "local":
        return redact_secrets(_redact_url_userinfo(package.id), "arg")
    if server.url:
        return safe_url(server.url)
    if server.command:
        return redact_secrets(basename(server.command) or server.command, "arg")
    if (server.transport or "").lower() in ("builtin", "platform"):
        return f"built-in {server.transport.lower()} extension"
    return "no command or URL"

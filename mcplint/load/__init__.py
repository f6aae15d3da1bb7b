"""Load stage: bytes on disk -> text -> Document (values with positions).

Every failure is a LoadError with a line and column, which the pipeline turns into one
MCP001 finding; nothing here may raise anything else for bad input.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
from pathlib import Path
from typing import Callable

from mcplint._lazyre import lazy_compile
from mcplint.model import Document, LoadError

MAX_FILE_BYTES = 64 * 1024 * 1024
"""Larger files are refused with a clear MCP001. Real MCP configs are a few kilobytes, but a
Claude Code ``~/.claude.json`` keeps per-project history and reaches tens of megabytes; JSON
is parsed at C speed (load/jsonc.py), so up to this size a parse is bounded: linear time, and
memory a small multiple of the file."""
SLOW_FORMAT_SHARE = 16
"""YAML and TOML are parsed in Python, with positions, about a hundred times slower than JSON:
their limit is ``max_bytes // SLOW_FORMAT_SHARE`` (4 MiB by default; real ones are kilobytes)."""
_OPEN_FLAGS = (
    os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
)
"""Opening never blocks (a FIFO swapped in after the check) nor takes a terminal."""

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BOM_STARTS = frozenset(bom[:1] for bom, _ in _BOMS)
"""First bytes of the BOMs: any other first byte means no BOM to look for."""


_QUOTED = lazy_compile("'[^'\n]*'|\"[^\"\n]*\"")
"""A quoted piece of a parser's message, taken left to right (so ``',' or ']'`` is two)."""
_TOKEN_NAME = lazy_compile(r"'<[a-z ]+>'|'\\(?:x[0-9a-f]{2}|u[0-9a-f]{4}|U[0-9a-f]{8})'")
"""PyYAML's token names (``'<block end>'``) and one escaped character (``'\\x1b'``)."""


def _quiet(match: re.Match[str]) -> str:
    quoted = match.group()
    return quoted if len(quoted) <= 5 or _TOKEN_NAME.fullmatch(quoted) else quoted[0] + "…" + quoted[0]


def quiet_message(message: str) -> str:
    """A third-party parser's message without the text it quotes from the file.

    The file may hold a secret right where the parser stopped (a key that runs into its value,
    an anchor name, a table key): the message says what is wrong, the line and column where.
    One to three quoted characters (``'='``, ``'\\t'``) stay: they show the offending character.
    """
    return _QUOTED.sub(_quiet, message)


def format_for(path: str | Path) -> str:
    """The format a file name implies: yaml, toml, or json (read tolerantly as JSONC)."""
    name = str(path).lower()
    if name.endswith((".yaml", ".yml")):
        return "yaml"
    if name.endswith(".toml"):
        return "toml"
    if name.endswith((".mcpb", ".dxt")):
        return "mcpb"  # a zip: its manifest is read by scan.load_source (publisher.py)
    return "json"


def _cannot_read(path: Path, exc: OSError) -> LoadError:
    if exc.errno == errno.ELOOP:
        return LoadError("symbolic link loop: the file cannot be reached")
    if exc.errno == errno.ENOENT and os.path.islink(path):
        return LoadError("broken symbolic link: its target does not exist")
    return LoadError(f"cannot read file: {exc.strerror or exc}")


def _check(path: Path, info: os.stat_result, max_bytes: int) -> None:
    if stat.S_ISDIR(info.st_mode):
        try:
            os.scandir(path).close()
        except OSError as exc:
            raise LoadError(f"folder cannot be read ({exc.strerror or exc}): its files were not scanned") from None
        raise LoadError("is a directory, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise LoadError("not a regular file (FIFO, socket or device): not read")
    if info.st_size > max_bytes:
        raise LoadError(
            f"file is {info.st_size:,} bytes, over the {max_bytes:,}-byte limit: not parsed"
        )


def read_bytes(path: Path, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """Read a regular file without ever blocking on a FIFO or device.

    The type is checked before opening (a device is never opened) and again on the open
    descriptor (a file swapped for a FIFO in between is not read either). Plain ``os`` calls:
    a few microseconds per file, which counts when a repository has thousands.
    """
    name = os.fspath(path)
    try:
        _check(path, os.stat(name), max_bytes)
        fd = os.open(name, _OPEN_FLAGS)
    except OSError as exc:
        raise _cannot_read(path, exc) from None
    try:
        info = os.fstat(fd)
        _check(path, info, max_bytes)
        size = info.st_size
        parts: list[bytes] = []
        total = 0
        while total <= max_bytes:  # up to EOF: the size may have changed since the stat
            chunk = os.read(fd, min(max_bytes + 1 - total, max(size + 1 - total, 1 << 16)))
            if not chunk:
                break
            parts.append(chunk)
            total += len(chunk)
            if total == size:  # every byte the stat counted, and no more asked for came: at EOF
                break
    except OSError as exc:
        raise _cannot_read(path, exc) from None
    finally:
        os.close(fd)
    if total > max_bytes:  # grew while being read
        raise LoadError(f"file is over the {max_bytes:,}-byte limit: not parsed")
    return parts[0] if len(parts) == 1 else b"".join(parts)


def read_text(path: Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """A file that a configuration or the command line names (baseline, rule file, policy),
    read as a scanned config is: never a FIFO or device, never past ``max_bytes``, decoded
    with the place of any bad byte. Raises LoadError."""
    return decode(read_bytes(path, max_bytes))


def decode(data: bytes) -> str:
    """Decode UTF-8 (BOM optional) or BOM-marked UTF-16/32; name the spot of any bad byte."""
    if data[:1] in _BOM_STARTS:
        for bom, encoding in _BOMS:
            if data.startswith(bom):
                try:
                    return data[len(bom) :].decode(encoding)
                except UnicodeDecodeError as exc:
                    raise LoadError(f"invalid {encoding.upper()} data") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8", "replace")
        from mcplint.load.positions import line_column

        line, column = line_column(good, len(good))
        kind = "binary data" if b"\x00" in data[:8192] else "invalid UTF-8"
        raise LoadError(f"{kind}: byte 0x{data[exc.start]:02x} cannot be decoded", line, column) from None


def parse(text: str, fmt: str) -> Document:
    """Parse text in the given format; loaders are imported only when a file needs them."""
    if "\x00" in text:
        index = text.index("\x00")
        from mcplint.load.positions import line_column

        raise LoadError("binary data: NUL character", *line_column(text, index))
    load = _LOADERS.get(fmt) or _loader(fmt)
    return load(text)


_LOADERS: dict[str, Callable[[str], Document]] = {}
"""Format -> its loader, once imported."""


def _loader(fmt: str) -> Callable[[str], Document]:
    if fmt == "yaml":
        from mcplint.load.yaml_loader import load_yaml as load
    elif fmt == "toml":
        from mcplint.load.toml_loader import load_toml as load
    elif fmt == "dotenv":  # an env file a config names (mcplint.envfiles)
        from mcplint.load.dotenv import load_dotenv as load
    else:
        from mcplint.load.jsonc import load_jsonc as load
    _LOADERS[fmt] = load
    return load


def load_file(path: Path, fmt: str | None = None, max_bytes: int = MAX_FILE_BYTES) -> Document:
    """Read, decode and parse one file."""
    fmt = fmt or format_for(path)
    data = read_bytes(path, max_bytes)
    if fmt in ("yaml", "toml") and len(data) > max_bytes // SLOW_FORMAT_SHARE:
        raise LoadError(
            f"{fmt.upper()} file is {len(data):,} bytes, over the {max_bytes // SLOW_FORMAT_SHARE:,}-byte "
            f"limit for {fmt.upper()}: not parsed"
        )
    return parse(decode(data), fmt)

"""Read ``manifest.json`` out of an ``.mcpb`` bundle (a zip) without extracting anything.

A bundle is untrusted input: only its central directory and the one manifest member are read,
from an open file, with caps on everything a hostile archive could inflate (member count,
declared and actual sizes, compression ratio). An archive a client would unpack unsafely
(``../`` or absolute member names, duplicates, encryption) is refused as a whole: one MCP001
naming why, never a traceback, never a file written.
"""

from __future__ import annotations

import os
import stat
import zipfile


from mcplint.model import LoadError
from mcplint.record import Frozen

MANIFEST = "manifest.json"


class Limits(Frozen):
    """Caps on a bundle; a real one is a few megabytes with a few thousand members."""

    archive_bytes: int = 512 * 1024 * 1024
    members: int = 50_000
    manifest_bytes: int = 1024 * 1024
    total_uncompressed: int = 2 * 1024 * 1024 * 1024
    """All members' declared sizes together: what extracting the bundle would write."""
    member_uncompressed: int = 1024 * 1024 * 1024
    ratio: int = 200
    """Uncompressed / compressed above this, for a member over ``ratio_floor`` bytes: a bomb."""
    ratio_floor: int = 10 * 1024 * 1024


LIMITS = Limits()


def _shown(name: str) -> str:
    """A member name fit for a message: control characters escaped, length bounded."""
    text = name.encode("unicode_escape", "backslashreplace").decode("ascii")
    return repr(text if len(text) <= 120 else text[:119] + "…")


def _unsafe(name: str) -> str | None:
    """Why a member name would escape the folder it is extracted to, or None."""
    if "\x00" in name:
        return "a NUL character"
    path = name.replace("\\", "/")
    if path.startswith("/") or (len(path) > 1 and path[1] == ":"):
        return "an absolute path"
    if ".." in path.split("/"):
        return "a '..' segment"
    return None


def _open(path: os.PathLike[str] | str, limits: Limits):  # noqa: ANN202 - a binary file object
    """The bundle opened for reading: a regular file within the size cap (never a FIFO)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(os.fspath(path), flags)
    except OSError as exc:
        raise LoadError(f"cannot read bundle: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise LoadError("is a directory, not a bundle file")
        if not stat.S_ISREG(info.st_mode):
            raise LoadError("not a regular file (FIFO, socket or device): not read")
        if info.st_size > limits.archive_bytes:
            raise LoadError(f"bundle is {info.st_size:,} bytes, over the {limits.archive_bytes:,}-byte limit: not read")
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def read_manifest(path: os.PathLike[str] | str, limits: Limits = LIMITS) -> bytes:
    """The bytes of the bundle's root ``manifest.json``; LoadError for anything unsafe or broken."""
    with _open(path, limits) as handle:
        try:
            return _read(zipfile.ZipFile(handle), limits)
        except LoadError:
            raise
        except zipfile.BadZipFile as exc:
            raise LoadError(f"not a valid .mcpb bundle (zip archive): {exc}") from None
        except (RuntimeError, NotImplementedError) as exc:  # encryption, unknown compression
            raise LoadError(f"bundle cannot be read safely: {exc}") from None
        except Exception as exc:  # noqa: BLE001 - zlib.error, EOFError, struct.error...: a corrupt archive
            raise LoadError(f"corrupt .mcpb bundle: {type(exc).__name__}") from None


def _read(archive: zipfile.ZipFile, limits: Limits) -> bytes:
    members = archive.infolist()
    if len(members) > limits.members:
        raise LoadError(f"bundle has {len(members):,} members, over the {limits.members:,} limit: not read")
    seen: set[str] = set()
    total = 0
    manifest: zipfile.ZipInfo | None = None
    nested: str | None = None
    for info in members:
        why = _unsafe(info.filename)
        if why:
            raise LoadError(f"bundle member {_shown(info.filename)} has {why}: a path outside the bundle's "
                            "folder when extracted; not read")
        key = info.filename.replace("\\", "/").rstrip("/")
        if key in seen:
            raise LoadError(f"bundle has member {_shown(info.filename)} twice: which one a client extracts "
                            "is undefined; not read")
        seen.add(key)
        if stat.S_ISLNK(info.external_attr >> 16):
            raise LoadError(f"bundle member {_shown(info.filename)} is a symbolic link: extracted, it may point "
                            "outside the bundle's folder; not read")
        if info.flag_bits & 0x1:
            raise LoadError(f"bundle member {_shown(info.filename)} is encrypted: not read")
        total += info.file_size
        if info.file_size > limits.member_uncompressed or total > limits.total_uncompressed:
            raise LoadError(f"bundle would extract to over {min(total, info.file_size) // (1024 * 1024):,} MiB "
                            "(a zip bomb?): not read")
        if info.file_size > limits.ratio_floor and info.file_size > limits.ratio * max(info.compress_size, 1):
            raise LoadError(f"bundle member {_shown(info.filename)} is compressed over {limits.ratio}:1 "
                            "(a zip bomb?): not read")
        if key == MANIFEST:
            manifest = info
        elif key.lower().endswith((".mcpb", ".zip", ".dxt")) and "/" not in key:
            nested = info.filename
    if manifest is None:
        hint = f" (it holds a nested archive {_shown(nested)}, which is not opened)" if nested else ""
        raise LoadError(f"bundle has no {MANIFEST} at its root{hint}")
    if manifest.file_size > limits.manifest_bytes:
        raise LoadError(f"bundle {MANIFEST} is {manifest.file_size:,} bytes, over the "
                        f"{limits.manifest_bytes:,}-byte limit: not read")
    with archive.open(manifest) as member:
        data = member.read(limits.manifest_bytes + 1)  # the declared size may lie: read bounded
    if len(data) > limits.manifest_bytes:
        raise LoadError(f"bundle {MANIFEST} is over the {limits.manifest_bytes:,}-byte limit: not read")
    if data[:4] == b"PK\x03\x04":
        raise LoadError(f"bundle {MANIFEST} is itself a zip archive (nested bundle): not opened")
    return data

"""Reading a file to fix and writing it back: same encoding, atomically, never over a newer copy."""

from __future__ import annotations

import codecs
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from mcplint.errors import McplintError

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


class ChangedOnDisk(McplintError):
    """The file changed between mcplint reading it and writing the fix: left alone."""


@dataclass(frozen=True)
class Snapshot:
    """What the file was when read: compared again just before the write."""

    path: Path
    data: bytes
    size: int
    mtime_ns: int
    digest: str

    @property
    def encoding(self) -> tuple[bytes, str]:
        for bom, codec in _BOMS:
            if self.data.startswith(bom):
                return bom, codec
        return b"", "utf-8"


def read(path: Path, max_bytes: int) -> Snapshot:
    from mcplint.load import read_bytes

    info = os.stat(path)
    data = read_bytes(path, max_bytes)
    return Snapshot(path, data, info.st_size, info.st_mtime_ns, hashlib.sha256(data).hexdigest())


def encode(snapshot: Snapshot, text: str) -> bytes:
    bom, codec = snapshot.encoding
    return bom + text.encode(codec)


def write(snapshot: Snapshot, text: str) -> None:
    """Replace the file with ``text`` (its encoding and mode kept) unless it changed since read."""
    path = snapshot.path
    if path.is_symlink():
        raise ChangedOnDisk(f"{path}: a symbolic link: not rewritten (fix the file it points to)")
    data = encode(snapshot, text)
    folder = path.parent
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".mcplint-fix", dir=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        info = os.stat(path)
        os.chmod(temp, info.st_mode & 0o7777)
        current = path.read_bytes()
        if (info.st_size, info.st_mtime_ns) != (snapshot.size, snapshot.mtime_ns) or \
                hashlib.sha256(current).hexdigest() != snapshot.digest:
            raise ChangedOnDisk(f"{path}: changed on disk since mcplint read it: not overwritten (run again)")
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise

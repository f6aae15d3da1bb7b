"""read_bytes: whatever size the stat reported, the bytes on disk are read, within the limit."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mcplint.load import decode, load_file, read_bytes
from mcplint.model import LoadError


def _reported_size(monkeypatch: pytest.MonkeyPatch, size: int) -> None:
    real = os.fstat

    def fstat(fd: int) -> os.stat_result:
        info = list(real(fd))
        info[6] = size  # st_size
        return os.stat_result(info)

    monkeypatch.setattr(os, "fstat", fstat)


@pytest.mark.parametrize("reported", [0, 1, 5, 99_999, 200_000])
def test_the_whole_file_is_read_whatever_size_was_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           reported: int) -> None:
    path = tmp_path / "a.json"
    data = b'{"a": "' + b"x" * 100_000 + b'"}'
    path.write_bytes(data)
    _reported_size(monkeypatch, reported)
    assert read_bytes(path) == data


def test_a_file_past_the_limit_is_refused_even_if_reported_small(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.json"
    path.write_bytes(b"x" * 5000)
    _reported_size(monkeypatch, 10)
    with pytest.raises(LoadError, match="over the 4,096-byte limit"):
        read_bytes(path, 4096)


def test_empty_and_small_files(tmp_path: Path) -> None:
    empty, small = tmp_path / "e.json", tmp_path / "s.json"
    empty.write_bytes(b"")
    small.write_bytes(b"{}")
    assert read_bytes(empty) == b"" and read_bytes(small) == b"{}"
    assert load_file(small).data == {}


@pytest.mark.parametrize(("raw", "text"), [
    (b"\xef\xbb\xbf{}", "{}"), (b"\xff\xfe{\x00}\x00", "{}"), (b"\xfe\xff\x00{\x00}", "{}"),
    (b"\xff\xfe\x00\x00{\x00\x00\x00", "{"), (b"\x00\x00\xfe\xff\x00\x00\x00{", "{"), (b"{}", "{}"), (b"", ""),
])
def test_boms_are_found_whatever_the_first_byte(raw: bytes, text: str) -> None:
    assert decode(raw) == text

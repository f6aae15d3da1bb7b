"""The detector over the shared corpus of real configs: every planted look-alike credential is
found and nothing else is reported. Skipped where the corpus is not available (CI)."""

from __future__ import annotations

import importlib.util
from collections import Counter

import pytest
from helpers import CORPUS, REPO

BENCH = REPO / "bench" / "secrets_accuracy.py"

pytestmark = pytest.mark.skipif(not (CORPUS / "SECRETS.tsv").exists(), reason="shared corpus not available")


def test_corpus_hits_match_the_planted_credentials() -> None:
    spec = importlib.util.spec_from_file_location("secrets_accuracy_bench", BENCH)
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    hits, expected, files, _ = bench.corpus_hits(CORPUS)
    assert files >= 200
    found = Counter(case_id for case_id, *_ in hits)
    assert found == Counter(expected)

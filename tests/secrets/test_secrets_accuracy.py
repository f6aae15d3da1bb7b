"""Recall and false-positive rate of the detector over the labelled suite (see secrets_suite)."""

from __future__ import annotations

from collections import Counter

import pytest

import secrets_suite as suite

RECALL_FLOOR = 0.95
FPR_CEILING = 0.03
CORE_PLACEMENTS = ("env", "arg", "header", "url")


@pytest.fixture(scope="module")
def secrets() -> list[suite.Case]:
    return suite.secret_cases()


@pytest.fixture(scope="module")
def non_secrets() -> list[suite.Case]:
    return suite.non_secret_cases()


@pytest.fixture(scope="module")
def outcomes(secrets: list[suite.Case], non_secrets: list[suite.Case]) -> dict[suite.Case, bool]:
    return {case: case.detected() for case in secrets + non_secrets}


def test_suite_is_large_and_varied(secrets: list[suite.Case], non_secrets: list[suite.Case]) -> None:
    assert suite.distinct_values(secrets) >= 300
    assert suite.distinct_values(non_secrets) >= 150
    providers = {spec.label for spec in suite.SPECS}
    assert len(providers) >= 40
    placed = {(c.label, c.placement) for c in secrets}
    for label in providers:
        for placement in CORE_PLACEMENTS:
            assert (label, placement) in placed, (label, placement)


def test_suite_is_deterministic() -> None:
    assert [c.sample for c in suite.secret_cases()] == [c.sample for c in suite.secret_cases()]


def _rates(cases: list[suite.Case], outcomes: dict[suite.Case, bool]) -> float:
    return sum(outcomes[c] for c in cases) / len(cases)


def test_overall_recall_and_false_positive_rate(secrets, non_secrets, outcomes) -> None:
    recall = _rates(secrets, outcomes)
    fpr = _rates(non_secrets, outcomes)
    missed = Counter(c.label for c in secrets if not outcomes[c])
    flagged = Counter(c.label for c in non_secrets if outcomes[c])
    assert recall >= RECALL_FLOOR, f"recall {recall:.3f}; misses by provider: {dict(missed)}"
    assert fpr <= FPR_CEILING, f"false-positive rate {fpr:.3f}; by category: {dict(flagged)}"


@pytest.mark.parametrize("placement", suite.PLACEMENTS)
def test_per_placement(placement: str, secrets, non_secrets, outcomes) -> None:
    pos = [c for c in secrets if c.placement == placement]
    neg = [c for c in non_secrets if c.placement == placement]
    assert pos and neg
    recall, fpr = _rates(pos, outcomes), _rates(neg, outcomes)
    assert recall >= RECALL_FLOOR, f"{placement}: recall {recall:.3f}"
    assert fpr <= FPR_CEILING, f"{placement}: false-positive rate {fpr:.3f}"


def test_every_placeholder_category_is_clean(non_secrets, outcomes) -> None:
    """Templating must never be reported, in any placement: zero tolerance, unlike the FPR."""
    categories = {"placeholder syntax", "embedded placeholder", "template marker", "secret-manager reference"}
    flagged = [(c.label, c.placement, c.sample) for c in non_secrets if c.label in categories and outcomes[c]]
    assert not flagged


def test_every_formatted_provider_is_found_everywhere(secrets, outcomes) -> None:
    """Providers with a recognisable format are found in every placement, every time."""
    misses = sorted({c.label for c in secrets if not c.label.startswith("hard:") and not outcomes[c]})
    assert not misses

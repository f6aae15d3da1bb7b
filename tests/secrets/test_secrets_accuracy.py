"""Recall and false-positive rate of the detector: over the labelled suite (see secrets_suite) and
over the independent suite of issue 16 (see independent_suite and data/)."""

from __future__ import annotations

from collections import Counter

import pytest

import independent_suite as indep
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


# --- the independent suite (issue 16): collected negatives, generated positives -----------------


RECALL_TARGET = 0.97
FPR_TARGET = 0.01
FPR_CLASS_TARGET = 0.03


@pytest.fixture(scope="module")
def indep_outcomes() -> dict[indep.Case, bool]:
    return {c: c.detected() for c in indep.positive_cases() + indep.negative_cases()}


def test_independent_suite_is_large_tagged_and_sourced() -> None:
    records = indep.negative_records()
    assert len({(r["value"], r["name"]) for r in records}) >= 500
    assert all(r["class"] and r["source"] and r["name"] for r in records)
    classes = Counter(r["class"] for r in records)
    assert len(classes) >= 8 and min(classes.values()) >= 25, classes
    assert len({c.value for c in indep.positive_cases()}) >= 500
    assert {c.placement for c in indep.negative_cases()} == set(indep.PLACEMENTS)


def test_independent_suite_targets(indep_outcomes: dict[indep.Case, bool]) -> None:
    pos = [c for c in indep_outcomes if c.is_secret]
    neg = [c for c in indep_outcomes if not c.is_secret]
    recall = sum(indep_outcomes[c] for c in pos) / len(pos)
    fpr = sum(indep_outcomes[c] for c in neg) / len(neg)
    missed = Counter(c.cls for c in pos if not indep_outcomes[c])
    flagged = Counter(c.cls for c in neg if indep_outcomes[c])
    assert recall >= RECALL_TARGET, f"recall {recall:.3f}; misses by class: {dict(missed)}"
    assert fpr <= FPR_TARGET, f"false-positive rate {fpr:.3f}; by class: {dict(flagged)}"


def test_independent_suite_every_negative_class(indep_outcomes: dict[indep.Case, bool]) -> None:
    by_class: dict[str, list[bool]] = {}
    for case, hit in indep_outcomes.items():
        if not case.is_secret:
            by_class.setdefault(case.cls, []).append(hit)
    over = {cls: f"{sum(v) / len(v):.3f}" for cls, v in by_class.items() if sum(v) / len(v) > FPR_CLASS_TARGET}
    assert not over


@pytest.mark.parametrize("placement", indep.PLACEMENTS)
def test_independent_suite_every_placement(placement: str, indep_outcomes: dict[indep.Case, bool]) -> None:
    pos = [c for c in indep_outcomes if c.is_secret and c.placement == placement]
    neg = [c for c in indep_outcomes if not c.is_secret and c.placement == placement]
    assert pos and neg
    assert sum(indep_outcomes[c] for c in pos) / len(pos) >= RECALL_TARGET
    assert sum(indep_outcomes[c] for c in neg) / len(neg) <= FPR_CLASS_TARGET

#!/usr/bin/env python
"""Accuracy and speed of ``mcplint.secrets`` over the labelled suite, and optionally a corpus.

    python bench/secrets_accuracy.py                 # both suites: per class and placement, timings
    python bench/secrets_accuracy.py --independent   # only the independent suite (issue 16)
    python bench/secrets_accuracy.py --misses        # also list every missed secret and false positive
    python bench/secrets_accuracy.py --corpus DIR    # scan real configs; compare with DIR/SECRETS.tsv

Secrets are never printed: misses and corpus hits show redacted values only.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
import tomllib
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "secrets")]

import independent_suite as indep  # noqa: E402
import secrets_suite as suite  # noqa: E402

from mcplint.secrets import SecretHit, redact, scan_args, scan_value  # noqa: E402


def _table(title: str, rows: list[tuple[str, int, int]], rate_name: str) -> None:
    print(f"\n{title}")
    width = max(len(r[0]) for r in rows) + 2
    print(f"  {'':<{width}}{'cases':>7}{'hit':>6}{rate_name:>9}")
    for label, n, k in rows:
        print(f"  {label:<{width}}{n:>7}{k:>6}{k / n:>9.1%}")


def accuracy(show_misses: bool) -> None:
    positives, negatives = suite.secret_cases(), suite.non_secret_cases()
    t0 = time.perf_counter()
    outcome = {c: c.detected() for c in positives + negatives}
    first_pass = time.perf_counter() - t0

    print(f"suite: {len(positives)} secret cases ({suite.distinct_values(positives)} distinct values, "
          f"{len({c.label for c in positives})} providers/shapes), {len(negatives)} non-secret cases "
          f"({suite.distinct_values(negatives)} distinct values)")
    rows = []
    for placement in suite.PLACEMENTS:
        pos = [c for c in positives if c.placement == placement]
        neg = [c for c in negatives if c.placement == placement]
        rows.append((placement, len(pos), sum(outcome[c] for c in pos), len(neg), sum(outcome[c] for c in neg)))
    rows.append(("overall", len(positives), sum(outcome[c] for c in positives), len(negatives), sum(outcome[c] for c in negatives)))
    print(f"\n  {'placement':<12}{'secrets':>8}{'found':>7}{'recall':>9}{'non-secrets':>13}{'flagged':>9}{'FPR':>8}")
    for name, p, tp, n, fp in rows:
        print(f"  {name:<12}{p:>8}{tp:>7}{tp / p:>9.1%}{n:>13}{fp:>9}{fp / n:>8.1%}")

    by_label: dict[str, list[suite.Case]] = defaultdict(list)
    for c in positives:
        by_label[c.label].append(c)
    _table("recall per provider / shape", [(k, len(v), sum(outcome[c] for c in v)) for k, v in sorted(by_label.items())], "recall")
    by_label = defaultdict(list)
    for c in negatives:
        by_label[c.label].append(c)
    _table("false positives per non-secret category", [(k, len(v), sum(outcome[c] for c in v)) for k, v in sorted(by_label.items())], "FPR")

    if show_misses:
        print("\nmissed secrets:")
        for c in positives:
            if not outcome[c]:
                print(f"  {c.label:<40} {c.placement:<7} {redact(c.secret or '')}")
        print("\nfalse positives:")
        for c in negatives:
            if outcome[c]:
                print(f"  {c.label:<40} {c.placement:<7} {[h.provider for _, h in c.hits()]}")

    timings(positives, negatives, first_pass)


def timings(positives: list[suite.Case], negatives: list[suite.Case], first_pass: float) -> None:
    from mcplint.secrets.detect import clear_caches

    def per_case(cases: list[suite.Case]) -> float:
        """Best of 3 rounds, each with the detector's memos cleared first: the cost of a value
        seen for the first time (a repeated value costs a dictionary lookup)."""
        best = float("inf")
        for _ in range(3):
            clear_caches()
            t0 = time.perf_counter()
            for c in cases:
                c.hits()
            best = min(best, time.perf_counter() - t0)
        return best / len(cases) * 1e6

    templated = [c for c in negatives if c.label in ("placeholder syntax", "template marker", "secret-manager reference")]
    print("\ntime per value (regexes compiled, memos cleared each round; best of 3)")
    print(f"  secret cases        {per_case(positives):8.1f} µs")
    print(f"  non-secret cases    {per_case(negatives):8.1f} µs")
    print(f"  placeholders only   {per_case(templated):8.1f} µs")
    print(f"  first pass incl. regex compilation and detect-secrets import: {first_pass * 1e3:.0f} ms "
          f"for {len(positives) + len(negatives)} cases")


def independent(show_misses: bool) -> None:
    """The independent suite: collected negatives by class, generated positives, six placements."""
    positives, negatives = indep.positive_cases(), indep.negative_cases()
    outcome = {c: c.detected() for c in positives + negatives}
    print(f"independent suite: {len(positives)} positive cases ({len({c.value for c in positives})} generated values), "
          f"{len(negatives)} negative cases ({len(indep.negative_records())} collected values)")
    print(f"\n  {'placement':<12}{'secrets':>8}{'found':>7}{'recall':>9}{'non-secrets':>13}{'flagged':>9}{'FPR':>8}")
    for placement in (*indep.PLACEMENTS, None):
        pos = [c for c in positives if placement in (None, c.placement)]
        neg = [c for c in negatives if placement in (None, c.placement)]
        tp, fp = sum(outcome[c] for c in pos), sum(outcome[c] for c in neg)
        print(f"  {placement or 'overall':<12}{len(pos):>8}{tp:>7}{tp / len(pos):>9.1%}{len(neg):>13}{fp:>9}{fp / len(neg):>8.1%}")
    by_class: dict[str, list[indep.Case]] = defaultdict(list)
    for c in negatives:
        by_class[c.cls].append(c)
    _table("false positives per negative class (independent suite)",
           [(k, len(v), sum(outcome[c] for c in v)) for k, v in sorted(by_class.items())], "FPR")
    by_class = defaultdict(list)
    for c in positives:
        by_class[c.cls].append(c)
    _table("recall per positive class (independent suite)",
           [(k, len(v), sum(outcome[c] for c in v)) for k, v in sorted(by_class.items())], "recall")
    if show_misses:
        print("\nmissed secrets:")
        for c in positives:
            if not outcome[c]:
                print(f"  {c.cls:<34} {c.placement:<7} {redact(c.value)}")
        print("\nfalse positives (negatives are public examples: shown redacted all the same):")
        for c in negatives:
            if outcome[c]:
                print(f"  {c.cls:<34} {c.placement:<7} {redact(c.value)}")


# --- corpus ---------------------------------------------------------------------------------------

URL_KEYS = {"url", "serverUrl", "httpUrl", "uri", "baseURL", "baseUrl", "endpoint"}
ENV_KEYS = {"env", "environment"}
HEADER_KEYS = {"headers", "http_headers"}


def _strip_jsonc(text: str) -> str:
    out, i, n, in_string = [], 0, len(text), False
    while i < n:
        c = text[i]
        if in_string:
            out.append(c)
            if c == "\\" and i + 1 < n:
                out.append(text[i + 1])
                i += 2
                continue
            in_string = c != '"'
        elif c == '"':
            in_string = True
            out.append(c)
        elif text.startswith("//", i):
            i = text.find("\n", i) if "\n" in text[i:] else n
            continue
        elif text.startswith("/*", i):
            end = text.find("*/", i)
            i = n if end < 0 else end + 2
            continue
        else:
            out.append(c)
        i += 1
    return re.sub(r",(\s*[}\]])", r"\1", "".join(out))


def _load(path: Path) -> Any:
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    if path.suffix == ".toml":
        return tomllib.loads(text)
    if path.suffix in (".yaml", ".yml"):
        import yaml

        return yaml.safe_load(text)
    try:
        return json.loads(text)
    except ValueError:
        return json.loads(_strip_jsonc(text))


def _walk(node: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], str, SecretHit]]:
    """Every hit in a parsed config, with the placement its key implies."""
    if isinstance(node, dict):
        for key, value in node.items():
            key = str(key)
            where = path + (key,)
            if key in ENV_KEYS | HEADER_KEYS and isinstance(value, dict):
                placement = "env" if key in ENV_KEYS else "header"
                for name, item in value.items():
                    if isinstance(item, str):
                        yield from ((where + (str(name),), placement, h) for h in scan_value(item, placement=placement, name=str(name)))
            elif key == "args" and isinstance(value, list):
                args = [a if isinstance(a, str) else "" for a in value]
                yield from ((where + (str(i),), "arg", h) for i, h in scan_args(args))
            elif isinstance(value, str):
                placement = "url" if key in URL_KEYS else "arg" if key == "command" else "field"
                yield from ((where, placement, h) for h in scan_value(value, placement=placement, name=None if placement != "field" else key))
            else:
                yield from _walk(value, where)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            if isinstance(item, str):
                yield from ((path + (str(i),), "field", h) for h in scan_value(item, placement="field", name=path[-1] if path else None))
            else:
                yield from _walk(item, path + (str(i),))


def corpus_hits(directory: Path) -> tuple[list[tuple[str, str, str, SecretHit]], dict[str, int], int, int]:
    """(hits as (case id, key path, placement, hit), SECRETS.tsv counts per id, files, unparsable)."""
    expected: dict[str, int] = defaultdict(int)
    listing = directory / "SECRETS.tsv"
    if listing.exists():
        for row in csv.DictReader(listing.open(encoding="utf-8"), delimiter="\t"):
            expected[row["id"]] += 1
    hits: list[tuple[str, str, str, SecretHit]] = []
    files = unparsed = 0
    for path in sorted(p for p in directory.rglob("*") if p.is_file() and p.suffix in (".json", ".jsonc", ".yaml", ".yml", ".toml")):
        files += 1
        try:
            data = _load(path)
        except Exception:  # noqa: BLE001 - report and go on, like the linter does
            unparsed += 1
            continue
        case_id = path.relative_to(directory).parts[0]
        hits.extend((case_id, "/".join(where), placement, hit) for where, placement, hit in _walk(data))
    return hits, expected, files, unparsed


def corpus(directory: Path) -> None:
    t0 = time.perf_counter()
    hits, expected, files, unparsed = corpus_hits(directory)
    elapsed = time.perf_counter() - t0
    found: dict[str, int] = defaultdict(int)
    for case_id, where, placement, hit in hits:
        found[case_id] += 1
        mark = "" if expected.get(case_id) else "   <-- not in SECRETS.tsv"
        print(f"  {case_id}  {where[:70]:<70} {placement:<6} {hit.provider} [{hit.kind}, {hit.severity}] {hit.redacted}{mark}")
    print(f"\n{files} files ({unparsed} unparsable) in {elapsed * 1e3:.0f} ms; {len(hits)} hits")
    if expected:
        missing = {k: v - found.get(k, 0) for k, v in expected.items() if found.get(k, 0) < v}
        extra = {k: v - expected.get(k, 0) for k, v in found.items() if v > expected.get(k, 0)}
        print(f"SECRETS.tsv lists {sum(expected.values())}; found {sum(min(found.get(k, 0), v) for k, v in expected.items())} of them")
        print(f"  missed (id: count): {missing or 'none'}")
        print(f"  reported but not listed (id: count): {extra or 'none'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--misses", action="store_true", help="list missed secrets and false positives")
    parser.add_argument("--independent", action="store_true", help="only the independent suite (issue 16)")
    parser.add_argument("--corpus", type=Path, help="a directory of real configs (with SECRETS.tsv) to scan instead")
    args = parser.parse_args()
    if args.corpus:
        corpus(args.corpus)
    elif args.independent:
        independent(args.misses)
    else:
        independent(args.misses)
        print()
        accuracy(args.misses)


if __name__ == "__main__":
    main()

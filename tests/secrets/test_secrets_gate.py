"""The gate in front of the provider formats: it may only skip work, never change a result.

A format's expression runs only on text holding one of its needles (literal text every match
contains) and at least as long as its shortest match. These tests check the needles against
the expressions themselves, that the gate keeps every format that matches when all are run,
and that values without a needle compile nothing.
"""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from helpers import run_python
from secret_formats import ALNUM

from mcplint.secrets.keywords import NameClass, classify_name, matches_keywords
from mcplint.secrets.placeholders import MASK, mask
from mcplint.secrets.providers import PROVIDERS, analyse, candidates, first_needles

RNG = random.Random(11)


# --- the reader of patterns ------------------------------------------------------------------------


@pytest.mark.parametrize("provider", PROVIDERS, ids=lambda p: p.variant)
def test_every_match_holds_a_needle_and_is_long_enough(provider) -> None:
    clauses, shortest = analyse(provider.body)
    first = first_needles(provider.body)

    @settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.from_regex(provider.body, fullmatch=True))
    def check(text: str) -> None:
        assert len(text) >= shortest
        for clause in clauses + ((first,) if first else ()):
            assert any(n in text for n in clause), (clause, text)

    check()


def test_most_formats_have_a_needle() -> None:
    unkeyed = [p for p in PROVIDERS if not p.keywords]
    assert all(analyse(p.body)[0] for p in unkeyed), [p.variant for p in unkeyed if not analyse(p.body)[0]]


@pytest.mark.parametrize(
    "pattern, clauses, shortest",
    [
        (r"ghp_[A-Za-z0-9]{36}", (("ghp_",),), 40),
        (r"(?:AKIA|ASIA)[A-Z0-9]{16}", (("AKIA", "ASIA"),), 20),
        (r"[sr]k_live_[A-Za-z0-9]{20,120}", (("k_live_",),), 28),
        (r"fo1_[a-z]{4}|fm[12]_x", (("fo1_", "fm"),), 5),  # one clause: a needle of either branch
        (r"[0-9]/[0-9]{10,20}:[A-Za-z0-9]{32}", (("/",), (":",)), 45),  # both required
        (r"sk-ant-api\d{2}-[a-z]{80}", (("sk-ant-api",),), 93),  # "-" is implied by "sk-ant-api"
        (r"ab+c", (("ab",), ("bc",)), 3),  # a repeated literal ends the run after its last copy
        (r"ab?c", (("a",), ("c",)), 2),  # an optional literal is never required
        (r"x(?:yz)?w", (("x",), ("w",)), 2),
        (r"(?:a|[b-c])zz", (("zz",),), 3),  # one branch without a needle: the group has none
        (r"\d{3}\.v1", ((".v1",),), 6),
        (r"(?i)sk-[a-z]{4}", (), 0),  # flags: not read, so never gated
        (r"a\1", (), 0),  # back-references: not read
    ],
)
def test_analyse_examples(pattern: str, clauses: tuple[tuple[str, ...], ...], shortest: int) -> None:
    assert analyse(pattern) == (clauses, shortest)


@pytest.mark.parametrize(
    "pattern, needles",
    [
        (r"ghp_[A-Za-z0-9]{36}", ("ghp_",)),
        (r"tvly-(?:dev-|prod-)?[a-z]{24}", ("tvly-",)),  # an alternative inside a group: the start holds
        (r"xoxb?-[0-9]+", ("xox",)),  # an optional last character is not part of it
        (r"ya29\.[a-z]{30}", ("ya29",)),
        (r"fo1_[a-z]{4}|fm[12]_x", ("fo1_", "fm")),  # alternatives at the top: read in full
        (r"[sr]k_live_[a-z]{20}", ("k_live_",)),
        (r"[a-f0-9]{32}", ()),
    ],
)
def test_first_needles_examples(pattern: str, needles: tuple[str, ...]) -> None:
    assert first_needles(pattern) == needles


# --- the gate keeps every format that matches ------------------------------------------------------


def _missed(value: str, name: str | None) -> list[str]:
    """The formats that match ``value`` (masked, as the scan sees it) when every one is run, yet
    that ``candidates`` leaves out: a keyword-gated format applies to the whole value under a
    credential-like name, any other anywhere in it. Also checks that candidates keep table order."""
    masked = mask(value)
    stripped = masked.strip()
    keyed = classify_name(name) is not NameClass.NONE and MASK not in stripped
    kept = candidates(masked, name if keyed else None)
    assert kept == sorted(kept, key=PROVIDERS.index)
    missed = []
    for provider in PROVIDERS:
        if provider.keywords:
            matches = keyed and matches_keywords(name, provider.keywords) and re.fullmatch(provider.pattern, stripped)
        else:
            matches = re.search(provider.pattern, masked)
        if matches and provider not in kept:
            missed.append(provider.variant)
    return missed


def _tokens() -> list[str]:
    """Every token of the accuracy suite: realistic tokens of the formats it covers."""
    from secrets_suite import secret_cases

    return sorted({c.secret for c in secret_cases() if c.secret})


def _variants(token: str) -> list[str]:
    """The token, its prefix in another case, in another position, cut short or embedded."""
    return [
        token, token.lower(), token.upper(), token.swapcase(), token[1:], token[:-1], "x" + token, token + "x",
        "_" + token, "-" + token, f"key={token}", f"a {token} b", token + token, token[: len(token) // 2] * 3,
        token.replace("_", "-"), token.replace("-", "_"), f"${{X}}{token}", f"{token}${{X}}",
    ]


NAMES = [None, "API_KEY", "DEEPSEEK_API_KEY", "MISTRAL_API_KEY", "EXA_API_KEY", "AWS_SECRET_ACCESS_KEY",
         "CLOUDFLARE_API_TOKEN", "DD_API_KEY", "TWILIO_AUTH_TOKEN", "CLERK_SECRET_KEY", "MOLLIE_API_KEY",
         "WALLET_PRIVATE_KEY", "VERCEL_TOKEN", "HEROKU_API_KEY", "AZURE_STORAGE_KEY", "COHERE_API_KEY"]


def test_gate_keeps_every_format_of_tokens_and_look_alikes() -> None:
    checked = 0
    for token in _tokens():
        for value in _variants(token):
            # every keyword-gated name for the token as written and re-cased; two for the rest
            for name in NAMES if value.lower() in (token.lower(), token.swapcase().lower()) else NAMES[:2]:
                assert _missed(value, name) == [], (name, len(value))
                checked += 1
    assert checked > 10000


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=ALNUM + "-_.:/+=~ ", min_size=0, max_size=120),
    st.sampled_from(NAMES),
)
def test_gate_keeps_every_format_of_random_text(value: str, name: str | None) -> None:
    assert _missed(value, name) == []


@pytest.mark.parametrize("provider", [p for p in PROVIDERS if not p.keywords], ids=lambda p: p.variant)
def test_a_needle_in_another_case_or_spot_keeps_its_format(provider) -> None:
    @settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.from_regex(provider.body, fullmatch=True), st.sampled_from(["", "Z", "9", "-", " ", "a=", "${A}"]))
    def check(token: str, affix: str) -> None:
        for value in (token, token.swapcase(), token.lower(), affix + token, token + affix, affix + token.upper()):
            assert _missed(value, None) == []

    check()


# --- nothing compiled without a needle --------------------------------------------------------------


def test_candidates_without_needle_is_empty() -> None:
    assert candidates("@modelcontextprotocol/server-filesystem@2025.8.21", None) == []
    assert candidates("x" * 200, None) == []
    gh = "ghp_" + "".join(RNG.choice(ALNUM) for _ in range(36))
    assert [p.variant for p in candidates(gh, None)] == ["GitHub classic token"]
    assert [p.variant for p in candidates(gh[:20], None)] == []  # shorter than any match


def _run(code: str) -> str:
    result = run_python("-c", code, check=True)
    return result.stdout.strip()


def test_values_without_a_needle_compile_no_format() -> None:
    code = (
        "from mcplint.secrets import scan_args, scan_value\n"
        "from mcplint.secrets.providers import compiled_formats\n"
        "scan_args(['-y', '@modelcontextprotocol/server-filesystem@2025.8.21', './docs'])\n"
        "scan_args(['mcp-server-time==0.6.2', '--local-timezone=Europe/Paris', '--port', '8080'])\n"
        "scan_value('claude-3-5-sonnet-20241022', placement='env', name='MODEL')\n"
        "scan_value('https://mcp.example.com/mcp?v=abcdefgh', placement='url')\n"  # (45+ chars: Asana's / and :)
        "scan_value('Qw7Rt2Yp9Lm4Nb6Vx8Zc1Hs3Jd5Kf0G', placement='env', name='ACME_TOKEN')\n"
        "print(compiled_formats())\n"
        "scan_value('ghp_' + 'aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5', placement='env', name='GITHUB_TOKEN')\n"
        "print(compiled_formats())\n"
    )
    assert _run(code).split() == ["0", "1"]

"""Structural validation, example values and public-by-design keys (mcplint.secrets.structure)."""

from __future__ import annotations

import random
import string

import pytest
from secret_formats import ALNUM, B64, crc_token, jwt, pem, supabase_jwt

from mcplint.secrets import scan_args, scan_value
from mcplint.secrets.structure import crc_token_ok, example_reason, jwt_verdict, pem_ok, rejection

RNG = random.Random(16)


@pytest.mark.parametrize("prefix", ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "npm_"])
def test_crc_checksum(prefix: str) -> None:
    good = crc_token(RNG, prefix)
    bad = crc_token(RNG, prefix, valid=False)
    assert crc_token_ok(good) is True and crc_token_ok(bad) is False
    assert crc_token_ok("glpat-" + "a1B2" * 5) is None  # not a checksummed format
    assert scan_value(good, placement="env", name="TOKEN") and not scan_value(bad, placement="env", name="TOKEN")
    assert scan_args([good]) and not scan_args([bad])


def test_jwt_structure_and_roles() -> None:
    assert jwt_verdict(supabase_jwt(RNG, "service_role")) is None
    assert jwt_verdict(supabase_jwt(RNG, "anon")) == "public"
    assert jwt_verdict("eyJ" + "A" * 20 + ".eyJ" + "B" * 30 + "." + "c" * 43) == "invalid"
    no_alg = jwt(RNG, {"sub": "x"}).split(".", 1)[1]
    assert jwt_verdict("eyJ0eXAiOiJKV1QifQ." + no_alg) == "invalid"
    assert jwt_verdict(jwt(RNG, {"sub": "1234567890", "name": "John Doe"})) == "example"


def test_pem_bodies_must_be_der() -> None:
    assert pem_ok(pem(RNG, "RSA PRIVATE KEY")) is True
    assert pem_ok(pem(RNG, "OPENSSH PRIVATE KEY")) is True
    assert pem_ok(pem(RNG, "PRIVATE KEY", newline="\\n")) is True  # as in a service-account JSON
    random_body = "\n".join("".join(RNG.choice(B64) for _ in range(64)) for _ in range(8))
    assert pem_ok(f"-----BEGIN PRIVATE KEY-----\n{random_body}\n-----END PRIVATE KEY-----") is False
    assert pem_ok("no key here") is None


@pytest.mark.parametrize(
    "value",
    [
        "ghp_1234567890abcdefghijklmnopqrstuvwxyz", "aaaaaaaaaa1111111111bbbbbbbbbb2222222222", "hvs." + "x" * 90,
        "AKIAIOSFODNN7EXAMPLE", "sk-proj-RANDOMSTRINGHERE", "sk-your-openai-key-here", "glc_" + "1" * 52,
        "qwertyuiopasdfghjklzxcvbnm1234", "abcdabcdabcdabcdabcdabcd", "Zm9vYmFyYmF6cXV4cXV1eDEyMzQ1Njc4OTA=",
    ],
)
def test_example_values(value: str) -> None:
    assert example_reason(value) or rejection(value)
    assert scan_value(value, placement="env", name="API_KEY") == []


@pytest.mark.parametrize("alphabet", [string.hexdigits[:16], string.digits, string.ascii_lowercase + string.digits, ALNUM, B64])
@pytest.mark.parametrize("length", [16, 24, 40, 64])
def test_random_strings_are_almost_never_examples(alphabet: str, length: int) -> None:
    """The example checks sit where random keys of the same alphabet and length do not reach:
    fewer than 1 in 200 are rejected (measured: under 0.2%)."""
    rng = random.Random(length * 131 + len(alphabet))
    rejected = sum(example_reason("".join(rng.choice(alphabet) for _ in range(length))) is not None for _ in range(600))
    assert rejected <= 3


@pytest.mark.parametrize("password", ["qwerty123", "admin123", "hunter22", "P@ssw0rd!", "Winter2024"])
def test_weak_real_passwords_are_not_examples(password: str) -> None:
    assert scan_value(password, placement="env", name="DB_PASSWORD")


def test_public_by_design_keys_are_not_reported() -> None:
    values = [
        "pk_live_" + "".join(RNG.choice(ALNUM) for _ in range(99)),
        "pubkey-" + "".join(RNG.choice("0123456789abcdef") for _ in range(32)),
        supabase_jwt(RNG, "anon"),
    ]
    for value in values:
        for name in ("STRIPE_KEY", "SUPABASE_KEY", "API_KEY"):
            assert scan_value(value, placement="env", name=name) == []
    assert scan_value("https://" + "a1b2c3d4" * 4 + "@o1.ingest.sentry.io/2", placement="url") == []


def test_placeholders_still_judge_literal_defaults_and_prefixes() -> None:
    token = crc_token(RNG, "ghp_")
    assert scan_value("${GITHUB_TOKEN:-" + token + "}", placement="env", name="GITHUB_TOKEN")
    assert scan_value(token + "${SUFFIX}", placement="env", name="GITHUB_TOKEN")
    assert scan_value("${GITHUB_TOKEN:-}", placement="env", name="GITHUB_TOKEN") == []


def test_new_placements_and_names() -> None:
    token = "".join(RNG.choice(ALNUM) for _ in range(40))
    for name in ("PGPASSWORD", "MYSQL_PWD", "DBPASSWORD", "GITHUBTOKEN", "OPENAIKEY"):
        assert scan_value(token, placement="env", name=name), name
    assert scan_value("HOTKEY_" + token[:3], placement="env", name="HOTKEY") == []
    for flag in ("-k", "-t"):
        assert [i for i, _ in scan_args(["mcp-remote", flag, token])] == [2]
    assert scan_args(["docker", "run", "-t", "mcp/github:latest"]) == []
    assert scan_value(f"https://{token}@git.example.com/org/repo.git", placement="url")
    hit = scan_value(f"https://app.example.com/cb#access_token={token}&token_type=bearer", placement="url")
    assert [h.secret for h in hit] == [token]

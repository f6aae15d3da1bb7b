"""The public interface of mcplint.secrets: shapes, offsets, redaction, placeholders."""

from __future__ import annotations

import base64
import random
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from secret_formats import ALNUM, crc_token, jwt, pem

from mcplint.secrets import SecretHit, fingerprint_secret, is_placeholder, redact, scan_args, scan_value
from mcplint.secrets.detect import PLACEMENTS, scan_args_hits, scan_hits

RNG = random.Random(7)


def tok(prefix: str, n: int, alphabet: str = ALNUM) -> str:
    return prefix + "".join(RNG.choice(alphabet) for _ in range(n))


GH = crc_token(RNG, "gh" + "p_")  # with a valid checksum: one without cannot be a live token
ANTHROPIC = tok("sk-" + "ant-api03-", 93, ALNUM + "-_") + "AA"
SUPABASE = tok("sb" + "p_", 40, "0123456789abcdef")


def only(hits: list[SecretHit]) -> SecretHit:
    assert len(hits) == 1, hits
    return hits[0]


# --- redaction ----------------------------------------------------------------------------------


def test_redact_shows_prefix_last_two_and_length() -> None:
    assert redact(GH) == f"ghp_…{GH[-2:]} (40 chars)"


@pytest.mark.parametrize("n", [16, 17, 24, 40, 200])
def test_redact_without_a_known_prefix_shows_only_the_last_two(n: int) -> None:
    secret = tok("", n)
    assert redact(secret) == f"…{secret[-2:]} ({n} chars)"


@pytest.mark.parametrize("secret", ["", "a", "hunter2", "abc1234", "Kx8#vq2p", "Summer2024!xyz9"])
def test_redact_short_secrets_show_only_length(secret: str) -> None:
    """Under 16 characters nothing of the value is shown (two of eight is a quarter of it)."""
    assert redact(secret) == f"… ({len(secret)} chars)"


@pytest.mark.parametrize(
    ("secret", "prefix"),
    [(GH, "ghp_"), (ANTHROPIC, "sk-ant-api03-"), ("sk-proj-" + "Ab3" * 20, "sk-proj-"), ("xoxb-" + "1" * 12 + "-x9Y" * 8, "xoxb-")],
)
def test_redact_shows_a_public_format_prefix_and_two_more(secret: str, prefix: str) -> None:
    assert redact(secret) == f"{prefix}…{secret[-2:]} ({len(secret)} chars)"


def test_redact_shows_nothing_of_a_key_body() -> None:
    key = pem(random.Random(3))
    shown = redact(key)
    assert shown == f"-----BEGIN … ({len(key)} chars)"


def test_fingerprint_is_stable_and_one_way() -> None:
    fp = fingerprint_secret(GH)
    assert fp == fingerprint_secret(GH) and len(fp) == 64 and int(fp, 16) >= 0
    assert fp != fingerprint_secret(GH[:-1] + ("A" if GH[-1] != "A" else "B"))
    assert GH not in fp


def test_hit_repr_and_equality_hide_the_secret() -> None:
    hit = only(scan_value(GH, placement="env", name="GITHUB_TOKEN"))
    assert GH not in repr(hit) and GH not in str(hit)
    assert hit.secret == GH and hit.redacted == redact(GH)
    other = SecretHit(hit.provider, hit.kind, hit.severity, hit.reason, hit.start, hit.end, "different")
    assert other == hit  # the secret is not part of comparisons (nor of hashes)
    assert GH not in hit.reason and GH not in hit.provider


def test_hit_is_an_immutable_hashable_picklable_record() -> None:
    import copy
    import pickle

    hit = only(scan_value(GH, placement="env", name="GITHUB_TOKEN"))
    with pytest.raises(AttributeError):
        hit.secret = "x"  # type: ignore[misc]
    clone = pickle.loads(pickle.dumps(hit))
    assert clone == hit and clone.secret == hit.secret and hash(clone) == hash(hit)
    assert copy.copy(hit) == hit and copy.deepcopy(hit).secret == GH
    assert hit.shifted(3).start == hit.start + 3 and hit.shifted(0) is hit
    assert len({hit, clone}) == 1 and hit != (hit.provider, hit.kind)


def test_results_are_fresh_lists_across_repeated_scans() -> None:
    """Scans are memoized per value: what one caller does with its list never reaches another."""
    first = scan_value(GH, placement="env", name="GITHUB_TOKEN")
    first.clear()
    assert len(scan_value(GH, placement="env", name="GITHUB_TOKEN")) == 1
    args = ["--token", GH]
    listed = scan_args(args)
    listed.clear()
    assert [i for i, _ in scan_args(args)] == [1]


def test_nothing_in_a_hit_but_secret_carries_the_value() -> None:
    value = f"postgresql://app:{tok('', 20)}@db.internal/app"
    hit = only(scan_value(value, placement="url"))
    password = value.split(":")[2].split("@")[0]
    for text in (hit.provider, hit.kind, hit.severity, hit.reason, hit.redacted, repr(hit)):
        assert password not in text


def test_bad_placement_error_does_not_echo_the_value() -> None:
    with pytest.raises(ValueError) as err:
        scan_value(GH, placement="nowhere")
    assert GH not in str(err.value)


# --- offsets and shapes -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, placement, name",
    [
        (f"Bearer {GH}", "header", "Authorization"),
        (f"  {ANTHROPIC}  ", "env", "ANTHROPIC_API_KEY"),
        (f"https://api.acme-tools.io/mcp?agent=x&api_key={tok('', 32)}", "url", None),
        (f"postgres://u:{tok('', 18)}@h:5432/db", "url", None),
        (f"--api-key={SUPABASE}", "arg", None),
        (f'{{"apiKey": "{tok("", 32)}"}}', "arg", "--config"),
        (f"Server=db;User Id=sa;Password={tok('', 14)};Encrypt=true", "field", "connectionString"),
    ],
)
def test_offsets_point_at_the_secret(value: str, placement: str, name: str | None) -> None:
    hit = only(scan_value(value, placement=placement, name=name))
    assert value[hit.start : hit.end] == hit.secret
    assert hit.secret.strip() == hit.secret and len(hit.secret) >= 8


def test_provider_kind_severity_and_reason() -> None:
    hit = only(scan_value(GH, placement="env", name="GITHUB_PERSONAL_ACCESS_TOKEN"))
    assert (hit.provider, hit.kind, hit.severity) == ("GitHub token", "provider", "critical")
    assert hit.reason == "matches the GitHub classic token format"
    hit = only(scan_value(ANTHROPIC, placement="env", name="X"))
    assert (hit.provider, hit.kind) == ("Anthropic API key", "provider")


def test_generic_literal_under_credential_name_is_medium_keyword() -> None:
    hit = only(scan_value(tok("", 48, "0123456789abcdef"), placement="env", name="OBSIDIAN_API_KEY"))
    assert (hit.kind, hit.severity, hit.provider) == ("keyword", "medium", "generic credential")
    assert hit.reason == "literal value under credential-like name OBSIDIAN_API_KEY"


def test_short_human_password_under_password_name() -> None:
    hit = only(scan_value("hunter2", placement="env", name="DB_PASSWORD"))
    assert (hit.kind, hit.severity, hit.provider) == ("keyword", "medium", "password")
    assert hit.redacted == "… (7 chars)"
    assert scan_value("hunter2", placement="env", name="DB_USER") == []


@pytest.mark.parametrize("password", ["postgres", "admin", "changeme", "password"])
def test_documented_default_passwords_are_not_reported(password: str) -> None:
    assert scan_value(password, placement="env", name="POSTGRES_PASSWORD") == []
    assert scan_value(f"postgresql://postgres:{password}@localhost:5432/db", placement="url") == []
    assert scan_value("amqp://guest:guest@localhost:5672/", placement="url") == []


def test_oauth_client_secret_field() -> None:
    hit = only(scan_value(tok("", 40, ALNUM + "-_"), placement="field", name="clientSecret"))
    assert hit.provider == "OAuth client secret"


def test_url_credentials_kinds() -> None:
    hit = only(scan_value(f"postgresql://app:{tok('', 16)}@db/app", placement="url"))
    assert (hit.kind, hit.provider, hit.severity) == ("url-credentials", "database URL with password", "high")
    hit = only(scan_value(f"https://bob:{tok('', 16)}@example.org/x", placement="url"))
    assert hit.provider == "password in URL"
    hit = only(scan_value(f"https://api.acme-tools.io/v1?access_token={tok('', 30)}", placement="url"))
    assert hit.kind == "url-credentials"


def test_private_key_and_jwt_kinds() -> None:
    key = pem(RNG, "PRIVATE KEY")
    hit = only(scan_value(key, placement="env", name="SERVICE_ACCOUNT_KEY"))
    assert (hit.kind, hit.severity) == ("private-key", "critical")
    assert hit.secret.startswith("-----BEGIN") and hit.secret.endswith("-----")

    def part(obj: str) -> str:
        return base64.urlsafe_b64encode(obj.encode()).decode().rstrip("=")

    token = part('{"alg":"HS256","typ":"JWT"}') + "." + part('{"sub":"svc","role":"service_role"}') + "." + tok("", 43)
    assert only(scan_value(token, placement="env", name="SUPABASE_KEY")).kind == "jwt"


def test_structurally_impossible_and_public_values_are_not_reported() -> None:
    """A wrong checksum, a JWT that does not decode, a PEM body that is not DER, a Supabase anon
    key and a Stripe publishable key are never reported, under any name."""
    wrong = GH[:-6] + ("000000" if not GH.endswith("000000") else "111111")
    anon = jwt(RNG, {"iss": "supabase", "role": "anon"})
    not_json = "eyJhbGciOiJIUzI1NiJ9." + "eyJ" + tok("", 40) + "." + tok("", 43)
    not_der = "-----BEGIN RSA PRIVATE KEY-----\n" + "\n".join(tok("", 64, ALNUM + "+/") for _ in range(8)) + "\n-----END RSA PRIVATE KEY-----"
    publishable = "pk_live_" + tok("", 99)
    for value in (wrong, anon, not_json, not_der, publishable):
        assert scan_value(value, placement="env", name="API_TOKEN") == []
        assert scan_args(["--token", value]) == []
    service = jwt(RNG, {"iss": "supabase", "role": "service_role"})
    assert only(scan_value(service, placement="env", name="SUPABASE_KEY")).kind == "jwt"


def test_authorization_headers() -> None:
    basic = base64.b64encode(b"admin:" + tok("", 12).encode()).decode()
    hit = only(scan_value(f"Basic {basic}", placement="header", name="Authorization"))
    assert (hit.provider, hit.secret) == ("HTTP Basic credentials", basic)
    hit = only(scan_value("Bearer eib-lku-rklocfm-buokt-4822", placement="header", name="Authorization"))
    assert hit.provider == "bearer token" and hit.severity == "high"
    hit = only(scan_value(f"Authorization: Bearer {tok('', 30)}", placement="header"))
    assert hit.provider == "bearer token"
    assert scan_value("application/json", placement="header", name="Accept") == []


def test_dedupe_keeps_the_most_specific_provider() -> None:
    # The GitHub format and the generic keyword rule both fire: one hit, the specific one.
    hit = only(scan_value(GH, placement="env", name="GITHUB_TOKEN"))
    assert hit.kind == "provider" and hit.provider == "GitHub token"
    # Only detect-secrets knows this shape (AC + 32 lower-case alphanumerics); its plugin and
    # the keyword rule both report the value, once.
    sid = "AC" + tok("", 31, string.ascii_lowercase) + "7"
    hit = only(scan_value(sid, placement="env", name="TWILIO_ACCOUNT_TOKEN"))
    assert (hit.provider, hit.start, hit.end) == ("Twilio API key", 0, len(sid))
    assert hit.reason.endswith("(detect-secrets)")
    # One value, two secrets: both kept.
    pair = f"{GH} {SUPABASE}"
    assert [h.provider for h in scan_value(pair, placement="field", name="tokens")] == ["GitHub token", "Supabase token"]


# --- scan_args ------------------------------------------------------------------------------------


def test_scan_args_shapes() -> None:
    key = tok("", 40)
    args = [
        "run", "-i", "--rm",
        "-e", f"GITHUB_PERSONAL_ACCESS_TOKEN={GH}",  # 4
        "-e", "PASSTHROUGH_ONLY",
        "--env", f"ACME_API_KEY={key}",  # 8
        "ghcr.io/github/github-mcp-server",
        "--api-key=" + key,  # 10
        "--token", SUPABASE,  # 12
        f"ANTHROPIC_API_KEY={ANTHROPIC}",  # 13
        f"postgresql://svc:{tok('', 16)}@db:5432/app",  # 14
        ANTHROPIC,  # 15: bare provider token
        "--header", f"Authorization: Bearer {key}",  # 17
        "--stdio",
    ]
    hits = scan_args(args)
    assert [i for i, _ in hits] == [4, 8, 10, 12, 13, 14, 15, 17]
    for index, hit in hits:
        assert args[index][hit.start : hit.end] == hit.secret
    assert hits[0][1].start == len("GITHUB_PERSONAL_ACCESS_TOKEN=")
    assert hits[2][1].start == len("--api-key=")


def test_scan_args_flag_value_only_counts_under_credential_flags() -> None:
    value = tok("", 40)
    assert scan_args(["--api-key", value]) and scan_args(["--figma-api-key", value])
    assert scan_args(["--project", value]) == []
    assert scan_args(["-y", "@supabase/mcp-server-supabase@latest", "--project-ref", "taziwfxkhwzhlddpvuzn"]) == []


def test_scan_args_placeholders_and_plain_arguments() -> None:
    args = ["-y", "@modelcontextprotocol/server-github", "--token", "${env:GITHUB_TOKEN}", "--api-key=${API_KEY}",
            "-e", "TOKEN=${TOKEN}", "/Users/dev/projects", "--port", "8080", "--header", "Authorization: Bearer ${input:tok}"]
    assert scan_args(args) == []


def test_command_string_is_split_like_argv() -> None:
    key = tok("", 40)
    line = f'API_KEY={key} npx -y @acme/server --header "Authorization: Bearer {key}"'
    hits = scan_value(line, placement="arg")
    assert len(hits) == 2 and all(line[h.start : h.end] == key for h in hits)


# --- placeholders ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "${VAR}", "${VAR:-default}", "${env:VAR}", "${input:id}", "${file:/p}", "{env:VAR}", "{file:path}",
        "${{ secrets.X }}", "${{ inputs.X }}", "$VAR", "%VAR%", "$(cmd)", "Bearer ${env:TOKEN}",
        "<YOUR_KEY>", "your-api-key-here", "YOUR_API_KEY", "xxxxxxxxxxxx", "****", "...", "REPLACE_ME", "TODO",
        "changeme", "sk-...", "ghp_...", "ghp_xxxxxxxx", "sk-your-key", "<token>", "[API_KEY]", "insert-key-here",
        "dummy", "test", "example", "op://vault/item/field", "vault:secret/data/x#k",
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:x", "https://kv1.vault.azure.net/secrets/api",
        "gcp-secret://p/s", "sm://name", "",
    ],
)
def test_is_placeholder(value: str) -> None:
    assert is_placeholder(value)


@pytest.mark.parametrize("value", [GH, "hunter2", "Ypzi4305&Zrme", "gpt-4o", "sk-" + tok("", 40), "abc${X}def123XYZ"])
def test_is_not_placeholder(value: str) -> None:
    assert not is_placeholder(value)


@pytest.mark.parametrize(
    "value, placement, name",
    [
        ("Bearer ${env:TOKEN}", "header", "Authorization"),
        ("https://api.x.com/?key=${KEY}", "url", None),
        ("https://${USER}:${PASS}@db.internal/app", "url", None),
        ("postgresql://app:[YOUR-PASSWORD]@db.[YOUR-PROJECT-REF].supabase.co:5432/postgres", "url", None),
        ("--api-key=${API_KEY}", "arg", None),
        ("token ${GITHUB_TOKEN}", "env", "GITHUB_AUTH"),
        ('{"apiKey": "${env:ACME_KEY}"}', "arg", "--config"),
        ("Server=db;User Id=sa;Password=${SA_PASSWORD};", "env", "MSSQL_CONNECTION_STRING"),
    ],
)
def test_embedded_placeholders_are_never_reported(value: str, placement: str, name: str | None) -> None:
    assert scan_value(value, placement=placement, name=name) == []


def test_default_value_inside_a_variable_reference_is_still_a_literal() -> None:
    value = "${GITHUB_TOKEN:-" + GH + "}"
    assert only(scan_value(value, placement="env", name="GITHUB_TOKEN")).provider == "GitHub token"


def test_a_literal_fallback_under_a_credential_name_is_reported() -> None:
    value = "${DB_PASSWORD:-" + "Sup3r" + "S3cret!}"
    hit = only(scan_value(value, placement="env", name="DB_PASSWORD"))
    assert value[hit.start : hit.end] == "Sup3rS3cret!"
    assert scan_value("${DB_PASSWORD:-changeme}", placement="env", name="DB_PASSWORD") == []
    assert scan_value("${PORT:-8080}", placement="env", name="PORT") == []


def test_user_password_flag() -> None:
    password = tok("", 14)
    [(index, hit)] = scan_args(["-u", f"admin:{password}", "https://api.acme-tools.io"])
    assert index == 1 and hit.secret == password and hit.kind == "url-credentials"
    assert scan_args(["-u", "admin:${ADMIN_PASSWORD}"]) == [] and scan_args(["--user", "admin"]) == []


def test_wallet_private_key_under_private_key_name() -> None:
    key = "0x" + tok("", 64, "0123456789abcdef")
    assert only(scan_value(key, placement="env", name="WALLET_PRIVATE_KEY")).severity == "critical"
    assert scan_value("0x" + tok("", 40, "0123456789abcdef"), placement="env", name="TOKEN_ADDRESS") == []


def test_non_strings_and_empty_values() -> None:
    assert scan_value("", placement="env", name="TOKEN") == []
    assert scan_value(None, placement="env", name="TOKEN") == []  # type: ignore[arg-type]
    assert scan_args([]) == []
    assert scan_args([None, 3, GH]) == [(2, scan_value(GH, placement="arg")[0])]  # type: ignore[list-item]


ARGV_WORDS = ["npx", "-y", "docker", "run", "-e", "--env", "--token", "--api-key=", "", "${TOKEN}", "$HOME", "{env:KEY}",
              "API_KEY=x", "https://u:p@api.example.com/v1", "ghp_" + "a1B2" * 9, crc_token(random.Random(1), "ghp_"),
              "sk-" + "Ab1" * 16, "AKIAIOSFODNN7EXAMPLE", "bash", "-c", "echo $X", "Bearer abc.def.ghi"]


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(ARGV_WORDS), max_size=6), st.sampled_from(PLACEMENTS),
       st.sampled_from([None, "API_KEY", "--token", "Authorization"]))
def test_the_shared_tuple_forms_give_the_hits_of_the_list_forms(values: list[str], placement: str,
                                                                name: str | None) -> None:
    """``scan_hits`` / ``scan_args_hits`` (memoized, shared) answer as ``scan_value`` / ``scan_args``."""
    for value in values:
        assert scan_hits(value, placement, name) == tuple(scan_value(value, placement=placement, name=name))
    assert scan_args_hits(values) == tuple(scan_args(values))

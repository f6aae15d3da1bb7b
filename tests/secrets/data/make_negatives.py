#!/usr/bin/env python
"""Writes ``negatives.json``: values that look like credentials and are not, tagged by class.

    python tests/secrets/data/make_negatives.py      # rewrites negatives.json (deterministic)

Built from the *descriptions* of what fools secret scanners (issue 16), never from the
detector: collected documentation and test values (copied as values, with their source), and
generated values for each class (fixed seed). Each record: ``{"class", "value", "name",
"source"}``; ``name`` is the credential-ish variable the value is placed under (the worst case
for a false positive), or a neutral one for realistic config values.

Decisions recorded here:

* A UUID or 32+ hex value under a *credential* name is a key (Exa, Pinecone, many bearer
  tokens) -- a positive; under ``*_ID`` / ``*_SHA`` / ``*_REF`` names it is an identifier.
* A 40-hex value under ``*_SHA`` / ``*_COMMIT`` is a git commit, not a secret.
* Supabase ``anon`` JWTs, Stripe ``pk_live_``/``pk_test_``, Mailgun ``pubkey-``, Supabase
  ``sb_publishable_``, PostHog ``phc_`` and Mapbox ``pk.`` tokens are public by design; a
  Supabase ``service_role`` JWT and Google ``AIza`` keys are secrets (positives).
"""

from __future__ import annotations

import json
import random
import string
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from secret_formats import ALNUM, B64, B64URL, HEX, b64url_json, chars, crc_token, jwt, supabase_jwt  # noqa: E402

SEED = 16_2026

# --- collected: vendor documentation examples (values copied; source per value) ----------------

VENDOR_DOCS: list[tuple[str, str, str]] = [
    # (value, name it is shown under, source)
    ("AKIAIOSFODNN7EXAMPLE", "AWS_ACCESS_KEY_ID", "AWS IAM docs: access key id example"),
    ("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AWS_SECRET_ACCESS_KEY", "AWS IAM docs: secret access key example"),
    ("AKIAI44QH8DHBEXAMPLE", "AWS_ACCESS_KEY_ID", "AWS docs (signing examples): second access key id"),
    ("je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY", "AWS_SECRET_ACCESS_KEY", "AWS docs (signing examples): second secret key"),
    ("ASIAIOSFODNN7EXAMPLE", "AWS_ACCESS_KEY_ID", "AWS STS docs: temporary access key id example"),
    ("AKIAIOSFODNN7EXAMPLE", "--aws-access-key-id", "AWS CLI docs: aws configure example"),
    ("sk_test_4eC39HqLyjWDarjtT1zdp7dc", "STRIPE_SECRET_KEY", "Stripe API reference: documented test-mode key shown to every reader"),
    ("sk_test_BQokikJOvBiI2HlWgH4olfQ2", "STRIPE_API_KEY", "Stripe docs (older samples): documented test-mode key"),
    ("pk_test_TYooMQauvdEDq54NiTphI7jx", "STRIPE_PUBLISHABLE_KEY", "Stripe docs: documented publishable test key"),
    ("pk_test_6pRNASCoBOKtIshFeQd4XMUh", "STRIPE_KEY", "Stripe Checkout docs (older samples): publishable test key"),
    ("ghp_16C7e42F292c6912E7710c838347Ae178B4a", "GITHUB_TOKEN", "GitHub docs / keyhacks: example personal access token"),
    ("gho_16C7e42F292c6912E7710c838347Ae178B4a", "GH_TOKEN", "keyhacks GitHub OAuth example (rix4uni/test README via search)"),
    ("xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy", "SLACK_BOT_TOKEN", "Slack API docs: bot token example"),
    ("xoxp-23984754863-2348975623103", "SLACK_TOKEN", "Slack API docs (older): user token example"),
    ("https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX", "SLACK_WEBHOOK_URL", "Slack incoming webhooks docs"),
    ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ."
     "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c", "JWT_TOKEN", "jwt.io debugger: the default example token"),
    ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9."
     "CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0", "SUPABASE_ANON_KEY", "Supabase CLI local development: anon key (public, printed by `supabase start`)"),
    ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImV4cCI6MTk4MzgxMjk5Nn0."
     "EGIM96RAZx35lJzdJsyH-qQwv8Hdp7fsn3W0YpN81IU", "SUPABASE_SERVICE_ROLE_KEY", "Supabase CLI local development: demo service_role key (same in every install)"),
    ("sk-...", "OPENAI_API_KEY", "OpenAI quickstart: key shown as sk-..."),
    ("sk-proj-...", "OPENAI_API_KEY", "OpenAI docs: project key placeholder"),
    ("sk-ant-api03-...", "ANTHROPIC_API_KEY", "Anthropic docs: key placeholder"),
    ("my_api_key", "ANTHROPIC_API_KEY", "Anthropic SDK README: api_key=\"my_api_key\""),
    ("your-api-key", "OPENAI_API_KEY", "OpenAI SDK README style placeholder"),
    ("ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "TWILIO_ACCOUNT_SID", "Twilio docs: account SID placeholder"),
    ("your_auth_token", "TWILIO_AUTH_TOKEN", "Twilio docs: auth token placeholder"),
    ("SG.xxxxxxxxxxxxxxxxxxxxxx.yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy", "SENDGRID_API_KEY", "SendGrid docs style: SG.x.y placeholder"),
    ("xapp-1-A0123456789-1234567890123-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "SLACK_APP_TOKEN", "Slack Socket Mode docs: sequential app-level token"),
    ("glpat-xxxxxxxxxxxxxxxxxxxx", "GITLAB_TOKEN", "GitLab docs: personal access token placeholder"),
    ("glpat-1234567890abcdefghij", "GITLAB_PERSONAL_ACCESS_TOKEN", "GitLab MCP server README style example"),
    ("hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "HF_TOKEN", "Hugging Face docs: token placeholder"),
    ("npm_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "NPM_TOKEN", "npm docs style: token placeholder"),
    ("AIzaSyXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "GOOGLE_API_KEY", "Google Maps docs style: key placeholder"),
    ("YOUR_API_KEY", "GOOGLE_MAPS_API_KEY", "Google Maps docs: key=YOUR_API_KEY"),
    ("pubkey-5ogiflzbnjrljiky49qxsiozqef5jxp7", "MAILGUN_PUBLIC_KEY", "Mailgun docs: public validation key example"),
    ("key-3ax6xnjp29jd6fds4gc373sgvjxteol0", "MAILGUN_API_KEY", "Mailgun docs: private API key example (key-... of the old docs)"),
    ("hvs.CAESIJlU9JMYEhOPYv4igdhm9PnZDrabYTobQ4Ymnlq1qY-LGh4KHGh2cy5WYzRhVUpRV0hOWGtXbkVkdmVkU1oxRmE", "VAULT_TOKEN",
     "HashiCorp Vault docs: example service token"),
    ("s.Ga5jyNq6kNfRMVQk2LY1j9iu", "VAULT_TOKEN", "HashiCorp Vault docs (older): example token"),
    ("dapi1234567890ab1234567890ab1234567890ab", "DATABRICKS_TOKEN", "Databricks docs: token example dapi1234..."),
    ("0123456789abcdef0123456789abcdef", "DATADOG_API_KEY", "Datadog docs style: sequential hex example"),
    ("abcdef0123456789abcdef0123456789abcdef01", "DD_APP_KEY", "Datadog docs style: sequential app key"),
    ("https://examplePublicKey@o0.ingest.sentry.io/0", "SENTRY_DSN", "Sentry docs: DSN example"),
    ("https://public@sentry.example.com/1", "SENTRY_DSN", "Sentry self-hosted docs: DSN example"),
    ("lin_api_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "LINEAR_API_KEY", "Linear MCP README style placeholder"),
    ("ntn_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "NOTION_TOKEN", "Notion MCP README style placeholder"),
    ("secret_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "NOTION_API_KEY", "Notion docs (older integration token) placeholder"),
    ("re_123456789", "RESEND_API_KEY", "Resend docs: re_123456789"),
    ("tvly-YOUR_API_KEY", "TAVILY_API_KEY", "Tavily docs: key placeholder"),
    ("fc-YOUR_API_KEY", "FIRECRAWL_API_KEY", "Firecrawl docs: key placeholder"),
    ("BSA_your_brave_api_key", "BRAVE_API_KEY", "Brave Search MCP README style placeholder"),
    ("sk-or-v1-0000000000000000000000000000000000000000000000000000000000000000", "OPENROUTER_API_KEY", "OpenRouter docs style: zero key"),
    ("xai-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "XAI_API_KEY", "xAI docs style placeholder"),
    ("AKCpXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "ARTIFACTORY_API_KEY", "JFrog docs style: AKCp placeholder"),
]

# --- collected: other scanners' public test values (values only) ---------------------------------

SCANNER_TESTDATA: list[tuple[str, str, str]] = [
    ("AKIAZZZZZZZZZZZZZZZZ", "AWS_ACCESS_KEY_ID", "detect-secrets tests: aws key id filler"),
    ("AKIAXXXXXXXXXXXXXXXX", "AWS_ACCESS_KEY_ID", "scanner test fixtures: aws key id filler"),
    ("ASIAXXXXXXXXXXXXXXXX", "AWS_ACCESS_KEY_ID", "scanner test fixtures: sts key id filler"),
    ("ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789", "GITHUB_TOKEN", "scanner fixtures: alternating-case alphabet token"),
    ("ghp_1234567890abcdefghijklmnopqrstuvwxyz", "GITHUB_TOKEN", "issue 16: sequential GitHub token"),
    ("ghp_000000000000000000000000000000000000", "GITHUB_TOKEN", "scanner fixtures: zero token"),
    ("ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij", "GITHUB_TOKEN", "scanner fixtures: alphabet token"),
    ("github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ01234567", "GITHUB_TOKEN", "scanner fixtures: sequential fine-grained token"),
    ("xoxb-000000000000-000000000000-xxxxxxxxxxxxxxxxxxxxxxxx", "SLACK_BOT_TOKEN", "scanner fixtures: slack filler"),
    ("xoxb-123456789012-1234567890123-abcdefghijklmnopqrstuvwx", "SLACK_BOT_TOKEN", "scanner fixtures: slack sequential"),
    ("sk-ant-api03-abc123xyz-456def789ghij-klmnop012qrs-tuv345wxyz678-abc901def234-ghi567jkl890-mno123pqr456stuAA", "ANTHROPIC_API_KEY",
     "issue 16: sequential Anthropic key"),
    ("AIzaSyabcdefghijklmnopqrstuvwxyz123456789", "GOOGLE_API_KEY", "issue 16: sequential Google key"),
    ("aaaaaaaaaa1111111111bbbbbbbbbb2222222222", "API_KEY", "issue 16: repeated blocks"),
    ("glc_1111111111111111111111111111111111111111111111111111", "GRAFANA_TOKEN", "issue 16: glc_ ones"),
    ("hvs.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "VAULT_TOKEN", "issue 16: hvs. filler"),
    ("sk-proj-RANDOMSTRINGHERE", "OPENAI_API_KEY", "issue 16: RANDOMSTRINGHERE"),
    ("sk_live_RANDOMSTRINGHERE1234567890", "STRIPE_SECRET_KEY", "scanner fixtures: RANDOMSTRINGHERE"),
    ("sk_live_000000000000000000000000", "STRIPE_SECRET_KEY", "scanner fixtures: zero stripe key"),
    ("npm_000000000000000000000000000000000000", "NPM_TOKEN", "scanner fixtures: zero npm token"),
    ("SG.aaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "SENDGRID_API_KEY", "scanner fixtures: repeated SendGrid"),
    ("fakeapikey1234567890abcdefghij", "API_KEY", "scanner fixtures: fake api key"),
    ("dummy-token-abcdef1234567890", "AUTH_TOKEN", "scanner fixtures: dummy token"),
    ("this-is-not-a-real-secret-0123", "CLIENT_SECRET", "scanner fixtures: prose secret"),
    ("testtesttesttesttesttesttesttest", "API_TOKEN", "scanner fixtures: repeated test"),
    ("1234567890123456789012345678901234567890", "ACCESS_TOKEN", "scanner fixtures: repeated digits"),
]

MARKERS = ["EXAMPLE", "example", "Example", "fake", "FAKE", "dummy", "DUMMY", "sample", "RANDOMSTRINGHERE", "placeholder", "REDACTED", "changeme"]
PREFIXES = [
    ("ghp_", 36, ALNUM, "GITHUB_TOKEN"), ("gho_", 36, ALNUM, "GH_TOKEN"), ("npm_", 36, ALNUM, "NPM_TOKEN"),
    ("sk-proj-", 64, B64URL, "OPENAI_API_KEY"), ("sk-ant-api03-", 95, B64URL, "ANTHROPIC_API_KEY"),
    ("xoxb-", 50, ALNUM, "SLACK_BOT_TOKEN"), ("sk_live_", 32, ALNUM, "STRIPE_SECRET_KEY"), ("AKIA", 16, string.ascii_uppercase + "234567", "AWS_ACCESS_KEY_ID"),
    ("AIza", 35, ALNUM + "-_", "GOOGLE_API_KEY"), ("glpat-", 20, ALNUM + "-_", "GITLAB_TOKEN"), ("hf_", 34, ALNUM, "HF_TOKEN"),
    ("gsk_", 52, ALNUM, "GROQ_API_KEY"), ("", 40, ALNUM, "API_KEY"), ("", 32, HEX, "SECRET_KEY"), ("", 24, ALNUM, "DB_PASSWORD"),
]
SEQUENCES = ["0123456789", "1234567890", "abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "9876543210", "zyxwvutsrqponmlkjihgfedcba",
             "qwertyuiopasdfghjklzxcvbnm", "abc123def456ghi789jkl012mno345pqr678", "0123456789abcdef"]


def _fit(body: str, n: int) -> str:
    return (body * (n // max(len(body), 1) + 1))[:n]


def generated(rng: random.Random) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []

    def add(cls: str, value: str, name: str, source: str) -> None:
        out.append({"class": cls, "value": value, "name": name, "source": source})

    # sequential runs in each format
    for prefix, n, _alpha, name in PREFIXES:
        for seq in rng.sample(SEQUENCES, 4):
            start = rng.randrange(len(seq))
            add("sequential", prefix + _fit(seq[start:] + seq[:start], n), name, "generated: format prefix + sequential run")
    # repeated blocks and characters
    for prefix, n, alpha, name in PREFIXES:
        for _ in range(4):
            kind = rng.randrange(3)
            if kind == 0:
                block = chars(rng, alpha, rng.randint(2, 5))
            elif kind == 1:
                block = "".join(c * rng.randint(5, 10) for c in chars(rng, alpha, 4))
            else:
                block = chars(rng, alpha, 1)
            add("repeated", prefix + _fit(block, n), name, "generated: format prefix + repeated block")
    # filler
    fillers = ["x", "X", "0", "*", "#", ".", "-", "_", "?", "•"]
    for prefix, n, _alpha, name in PREFIXES:
        for f in rng.sample(fillers, 3):
            add("filler", prefix + f * n, name, "generated: format prefix + filler")
    # marker words inside otherwise random bodies
    for prefix, n, alpha, name in PREFIXES:
        for marker in rng.sample(MARKERS, 4):
            body = chars(rng, alpha, n)
            at = rng.randrange(max(n - len(marker), 1))
            add("marker-word", prefix + (body[:at] + marker + body[at:])[:n], name, f"generated: random body with {marker!r}")
        add("marker-word", prefix + "your" + "_" + rng.choice(["key", "token", "secret", "api_key"]) + "_here", name, "generated: your..here")
    # public by design
    for _ in range(15):
        add("public-by-design", "pk_live_" + chars(rng, ALNUM, rng.choice([24, 34, 99])), "STRIPE_KEY", "Stripe: publishable keys ship to browsers")
        add("public-by-design", "pk_test_" + chars(rng, ALNUM, rng.choice([24, 34, 99])), "STRIPE_API_KEY", "Stripe: publishable test keys")
        add("public-by-design", supabase_jwt(rng, "anon"), rng.choice(["SUPABASE_KEY", "SUPABASE_ANON_KEY", "SUPABASE_API_KEY"]), "Supabase: anon JWT (role in payload)")
    for _ in range(6):
        add("public-by-design", "pubkey-" + chars(rng, HEX, 32), "MAILGUN_KEY", "Mailgun: public validation key")
        add("public-by-design", "sb_publishable_" + chars(rng, ALNUM + "_-", 31), "SUPABASE_KEY", "Supabase: publishable key")
        add("public-by-design", "phc_" + chars(rng, ALNUM, 43), "POSTHOG_API_KEY", "PostHog: project API key (public)")
        add("public-by-design", "pk." + b64url_json({"u": chars(rng, "abcdefghij", 8), "a": chars(rng, ALNUM, 25)}) + "." + chars(rng, B64URL, 22),
            "MAPBOX_ACCESS_TOKEN", "Mapbox: public pk. token")
    # structurally impossible
    for prefix in ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "npm_"):
        for _ in range(8):
            add("impossible", crc_token(rng, prefix, valid=False), "GITHUB_TOKEN" if prefix != "npm_" else "NPM_TOKEN",
                "generated: random body, wrong CRC32 checksum")
    for _ in range(10):
        add("impossible", "eyJ" + chars(rng, B64URL, 30) + ".eyJ" + chars(rng, B64URL, 60) + "." + chars(rng, B64URL, 43), "JWT_SECRET",
            "generated: eyJ-prefixed parts that do not decode to JSON")
        header = b64url_json({"typ": "JWT"})  # no alg
        add("impossible", header + "." + b64url_json({"sub": chars(rng, ALNUM, 10)}) + "." + chars(rng, B64URL, 43), "AUTH_TOKEN",
            "generated: JWT header without alg")
    for _ in range(10):
        body = "\n".join(chars(rng, B64, 64) for _ in range(10))
        label = rng.choice(["RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY"])
        add("impossible", f"-----BEGIN {label}-----\n{body}\n-----END {label}-----", "PRIVATE_KEY", "generated: PEM body that is not DER")
    for _ in range(8):
        add("impossible", "AKIA" + chars(rng, string.ascii_uppercase + "234567", rng.choice([12, 14, 15, 17, 18])), "AWS_ACCESS_KEY_ID",
            "generated: AWS key id of impossible length")
    # identifiers under credential-ish names
    identifiers = [
        ("/secrets/gcp-sa.json", "GOOGLE_APPLICATION_CREDENTIALS"), ("s_rsa1024_priv.pem", "PRIVATE_KEY_FILE"),
        ("jetbrains.mps.v8_elimination", "TOKEN_PROVIDER"), ("DOC_Vector_5_32", "API_KEY_NAME"), ("/run/secrets/db_password", "DB_PASSWORD_FILE"),
        ("~/.config/gcloud/application_default_credentials.json", "GCP_CREDENTIALS"), ("./keys/service-account.json", "SERVICE_ACCOUNT_KEY"),
        ("C:\\Users\\dev\\.ssh\\id_ed25519", "SSH_PRIVATE_KEY"), ("/etc/ssl/private/server.key", "TLS_KEY"), ("secrets/prod/api-token.txt", "API_TOKEN_PATH"),
        ("claude-3-5-sonnet-20241022", "ANTHROPIC_MODEL"), ("gpt-4o-mini-2024-07-18", "OPENAI_TOKEN_MODEL"), ("text-embedding-3-large", "EMBEDDING_KEY"),
        ("gemini-2.0-flash-exp", "GEMINI_API_KEY_MODEL"), ("meta-llama/Llama-3.1-8B-Instruct", "HF_TOKEN_MODEL"), ("mistral-large-latest", "MISTRAL_KEY_MODEL"),
        ("org.apache.kafka.common.security.plain.PlainLoginModule", "SASL_JAAS_PASSWORD_MODULE"), ("com.example.auth.TokenService", "AUTH_TOKEN"),
        ("io.grpc.netty.shaded.io.netty.handler.ssl.SslContext", "SECRET_PROVIDER"), ("my_app.settings.SecretKeyConfig", "SECRET_KEY"),
        ("SECRET_KEY_BASE", "RAILS_SECRET"), ("GITHUB_PERSONAL_ACCESS_TOKEN", "TOKEN"), ("OPENAI_API_KEY", "API_KEY"),
        ("projects/my-project/secrets/api-key/versions/latest", "API_KEY"), ("arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf", "DB_PASSWORD"),
        ("op://Engineering/Stripe/credential", "STRIPE_SECRET_KEY"), ("vault:secret/data/mcp#token", "MCP_TOKEN"),
        ("k8s-secret/mcp-server-token", "TOKEN_SECRET_REF"), ("mcp-github-token", "TOKEN_NAME"), ("github-pat-readonly", "TOKEN_LABEL"),
        ("x-api-key", "API_KEY_HEADER"), ("Authorization", "TOKEN_HEADER"), ("Bearer", "AUTH_SCHEME"), ("client_credentials", "OAUTH_GRANT"),
        ("HS256", "JWT_ALGORITHM"), ("RS256", "TOKEN_SIGNING_ALG"), ("sha256", "SECRET_HASH"), ("AES-256-GCM", "ENCRYPTION_KEY_ALG"),
        ("keyring", "PASSWORD_STORE"), ("pass", "PASSWORD_MANAGER"), ("1password", "SECRETS_BACKEND"), ("aws-secrets-manager", "SECRET_BACKEND"),
        ("DOC_Vector_5_32_k", "API_KEY"), ("Model_v2_final_32", "MODEL_KEY"), ("layer_norm_eps_1e5", "TOKEN_CONFIG"),
        ("en_core_web_sm-3.7.1", "NLP_MODEL_KEY"), ("ubuntu-22.04-lts", "IMAGE_KEY"), ("node_modules/.bin/mcp-server", "TOKEN_BIN"),
        ("src/auth/tokens.ts", "TOKEN_FILE"), ("config/credentials.yml.enc", "CREDENTIALS"), ("master.key", "RAILS_MASTER_KEY_FILE"),
        ("id_rsa.pub", "SSH_KEY"), ("server-cert.pem", "TLS_CERT_KEY"), ("client.p12", "CLIENT_CERT_PASSWORD_FILE"),
        ("kv/data/prod/openai", "OPENAI_API_KEY_PATH"), ("secret/mcp/github", "GITHUB_TOKEN_PATH"), ("my-org/my-repo", "GITHUB_TOKEN_REPO"),
        ("@modelcontextprotocol/server-github", "GITHUB_TOKEN_SERVER"), ("mcp-server-postgres@0.6.2", "PG_PASSWORD_PKG"),
    ]
    for value, name in identifiers:
        add("identifier", value, name, "collected: identifiers seen under credential-ish names")
    # realistic config values (neutral names; UUIDs and hashes as ids)
    config: list[tuple[str, str]] = [
        ("api.openai.com", "OPENAI_HOST"), ("https://api.anthropic.com/v1", "ANTHROPIC_BASE_URL"), ("us-east-1", "AWS_REGION"),
        ("127.0.0.1:5432", "PGHOST"), ("db.internal.example.com", "DATABASE_HOST"), ("8080", "PORT"), ("true", "DEBUG"), ("info", "LOG_LEVEL"),
        ("2024-06-01T12:00:00Z", "CREATED_AT"), ("v1.2.3", "VERSION"), ("3.11.7", "PYTHON_VERSION"), ("admin@example.com", "ADMIN_EMAIL"),
        ("production", "NODE_ENV"), ("/usr/local/bin/node", "NODE_PATH"), ("en_US.UTF-8", "LANG"), ("UTC", "TZ"), ("1000", "MAX_TOKENS"),
        ("0.7", "TEMPERATURE"), ("4096", "TOKEN_LIMIT"), ("3600", "TOKEN_TTL"), ("https://oauth2.googleapis.com/token", "TOKEN_URL"),
        ("https://github.com/login/oauth/access_token", "TOKEN_ENDPOINT"), ("read:org,repo", "TOKEN_SCOPES"), ("Bearer", "TOKEN_TYPE"),
    ]
    for value, name in config:
        add("config-value", value, name, "collected: typical MCP config values")
    for _ in range(12):
        add("config-value", str(__import__("uuid").UUID(int=rng.getrandbits(128), version=4)), rng.choice(["PROJECT_ID", "WORKSPACE_ID", "TENANT_ID", "SESSION_ID"]),
            "generated: UUID as an identifier")
        add("config-value", chars(rng, HEX, 40), rng.choice(["GIT_SHA", "COMMIT_SHA", "GITHUB_SHA", "SOURCE_COMMIT"]), "generated: git commit hash")
        add("config-value", "sha256:" + chars(rng, HEX, 64), rng.choice(["IMAGE_DIGEST", "CHECKSUM"]), "generated: content digest")
    for _ in range(8):
        add("config-value", chars(rng, HEX, 32), rng.choice(["REQUEST_ID", "TRACE_ID", "CACHE_KEY_HASH", "ETAG"]), "generated: hex id")
        add("config-value", str(rng.randint(10**9, 10**12)), rng.choice(["ACCOUNT_ID", "CHAT_ID", "GUILD_ID", "APP_ID"]), "generated: numeric id")
    return out


def main() -> None:
    rng = random.Random(SEED)
    records = [{"class": "vendor-docs", "value": v, "name": n, "source": s} for v, n, s in VENDOR_DOCS]
    records += [{"class": "scanner-testdata", "value": v, "name": n, "source": s} for v, n, s in SCANNER_TESTDATA]
    records += generated(rng)
    seen: set[tuple[str, str]] = set()
    unique = []
    for r in records:
        if (r["value"], r["name"]) not in seen:
            seen.add((r["value"], r["name"]))
            unique.append(r)
    (HERE / "negatives.json").write_text(json.dumps(unique, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(unique)} negatives written")


if __name__ == "__main__":
    main()

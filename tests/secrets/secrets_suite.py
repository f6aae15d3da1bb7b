"""A labelled suite of secret and non-secret values in every placement, built at run time.

Token-shaped values are generated from a fixed seed (prefix + random characters of the right
alphabet and length, as documented by each provider), so the repository holds no literal that
other secret scanners would trip on. Shared by ``test_secrets_accuracy.py`` and
``bench/secrets_accuracy.py``.
"""

from __future__ import annotations

import base64
import functools
import json
import random
import string
import uuid
from dataclasses import dataclass
from typing import Callable
from urllib.parse import quote

from mcplint.secrets import SecretHit, scan_args, scan_value
from secret_formats import ALNUM, B64, B64URL, HEX, LOWER_ALNUM, UPPER_ALNUM, crc_token, pem

SEED = 20250101
PLACEMENTS = ("env", "arg", "header", "url", "field")

DIGITS = string.digits


@dataclass(frozen=True)
class Case:
    label: str
    """Provider (for secrets) or category (for non-secrets): a row of the report table."""
    placement: str
    is_secret: bool
    value: str | tuple[str, ...]
    """A string for scan_value, or an argv tuple for scan_args."""
    name: str | None = None
    secret: str | None = None
    """For secrets: the exact substring that must be reported."""
    sample: str = ""
    """The underlying value (token or non-secret) this case places somewhere; for counting."""

    def hits(self) -> list[tuple[int, SecretHit]]:
        if isinstance(self.value, tuple):
            return scan_args(self.value)
        return [(0, h) for h in scan_value(self.value, placement=self.placement, name=self.name)]

    def detected(self) -> bool:
        """For a secret: a hit overlaps it. For a non-secret: any hit at all (a false positive)."""
        hits = self.hits()
        if not self.is_secret:
            return bool(hits)
        assert self.secret is not None
        elements = self.value if isinstance(self.value, tuple) else (self.value,)
        for index, hit in hits:
            start = elements[index].find(self.secret)
            if start != -1 and hit.start < start + len(self.secret) and start < hit.end:
                return True
        return False


# --- token generators ----------------------------------------------------------------------------


class Gen:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def chars(self, alphabet: str, n: int) -> str:
        return "".join(self.rng.choice(alphabet) for _ in range(n))

    def between(self, alphabet: str, lo: int, hi: int) -> str:
        return self.chars(alphabet, self.rng.randint(lo, hi))

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def b64url_json(self, obj: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj, separators=(",", ":")).encode()).decode().rstrip("=")

    def jwt(self) -> str:
        header = self.b64url_json({"alg": "HS256", "typ": "JWT"})
        payload = self.b64url_json({"sub": self.chars(LOWER_ALNUM, 12), "role": "service_role", "iat": self.rng.randint(1_600_000_000, 1_800_000_000)})
        return f"{header}.{payload}.{self.chars(B64URL, 43)}"

    def private_key(self) -> str:
        return pem(self.rng, "RSA PRIVATE KEY").rstrip("\n")

    def password(self) -> str:
        words = ["Summer", "Falcon", "river", "Tango", "orbit", "Maple", "zebra", "Quartz"]
        return self.rng.choice(words) + str(self.rng.randint(10, 9999)) + self.rng.choice("!#%&*@-_.") + self.chars(ALNUM, self.rng.randint(0, 4))

    def mapbox(self) -> str:
        user = self.chars(string.ascii_lowercase, 8)
        return "sk." + self.b64url_json({"u": user, "a": self.chars(LOWER_ALNUM, 25)}) + "." + self.chars(B64URL, 22)


@dataclass(frozen=True)
class Spec:
    label: str
    make: Callable[[Gen], str]
    env: str
    flag: str = "--api-key"
    query: str = "api_key"
    bare: bool = True
    """Recognisable on its own (a prefix): may appear as a positional argument."""
    header: str = "Authorization"
    """``Authorization`` (value ``Bearer X``) or an API-key header name."""
    field: str | None = None
    """Config key for the ``field`` placement, where the format is used in OAuth/auth blocks."""


def _specs() -> tuple[Spec, ...]:
    c = Gen.chars
    return (
        Spec("GitHub classic token", lambda g: crc_token(g.rng, "ghp_"), "GITHUB_PERSONAL_ACCESS_TOKEN", "--github-token", "access_token", field="token"),
        Spec("GitHub fine-grained token", lambda g: "github_pat_" + c(g, ALNUM, 22) + "_" + c(g, ALNUM, 59), "GITHUB_TOKEN", "--token"),
        Spec("GitHub OAuth token", lambda g: crc_token(g.rng, "gho_"), "GH_TOKEN", "--token", "token"),
        Spec("GitLab token", lambda g: "glpat-" + c(g, B64URL, 20), "GITLAB_PERSONAL_ACCESS_TOKEN", "--token", "private_token", header="PRIVATE-TOKEN"),
        Spec("OpenAI project key", lambda g: "sk-proj-" + c(g, B64URL, 74) + "T3BlbkFJ" + c(g, B64URL, 74), "OPENAI_API_KEY", field="apiKey"),
        Spec("OpenAI legacy key", lambda g: "sk-" + c(g, ALNUM, 20) + "T3BlbkFJ" + c(g, ALNUM, 20), "OPENAI_API_KEY"),
        Spec("Anthropic API key", lambda g: "sk-ant-api03-" + c(g, B64URL, 93) + "AA", "ANTHROPIC_API_KEY", header="x-api-key", field="apiKey"),
        Spec("Anthropic admin key", lambda g: "sk-ant-admin01-" + c(g, B64URL, 93) + "AA", "ANTHROPIC_ADMIN_KEY", header="x-api-key"),
        Spec("OpenRouter key", lambda g: "sk-or-v1-" + c(g, HEX, 64), "OPENROUTER_API_KEY"),
        Spec("DeepSeek key", lambda g: "sk-" + c(g, HEX, 32), "DEEPSEEK_API_KEY"),
        Spec("AWS access key", lambda g: g.rng.choice(["AKIA", "ASIA"]) + c(g, UPPER_ALNUM, 16), "AWS_ACCESS_KEY_ID", "--aws-access-key-id", "AWSAccessKeyId", header="X-Aws-Access-Key"),
        Spec("AWS secret key", lambda g: c(g, B64, 40), "AWS_SECRET_ACCESS_KEY", "--aws-secret-access-key", "secret_key", bare=False, header="X-Aws-Secret-Key"),
        Spec("Google API key", lambda g: "AIza" + c(g, B64URL, 35), "GOOGLE_API_KEY", query="key", header="x-goog-api-key"),
        Spec("Google OAuth client secret", lambda g: "GOCSPX-" + c(g, B64URL, 28), "GOOGLE_CLIENT_SECRET", "--client-secret", "client_secret", header="X-Client-Secret", field="clientSecret"),
        Spec("Slack bot token", lambda g: f"xoxb-{c(g, DIGITS, 12)}-{c(g, DIGITS, 13)}-{c(g, ALNUM, 24)}", "SLACK_BOT_TOKEN", "--slack-token", "token"),
        Spec("Slack user token", lambda g: f"xoxp-{c(g, DIGITS, 11)}-{c(g, DIGITS, 12)}-{c(g, DIGITS, 13)}-{c(g, HEX, 32)}", "SLACK_USER_TOKEN", "--token", "token"),
        Spec("Stripe live key", lambda g: "sk_live_" + g.between(ALNUM, 24, 99), "STRIPE_SECRET_KEY", "--stripe-key"),
        Spec("Stripe restricted key", lambda g: "rk_live_" + g.between(ALNUM, 24, 99), "STRIPE_API_KEY"),
        Spec("Stripe test key", lambda g: "sk_test_" + g.between(ALNUM, 24, 99), "STRIPE_SECRET_KEY"),
        Spec("Hugging Face token", lambda g: "hf_" + c(g, string.ascii_letters, 34), "HF_TOKEN", "--hf-token", "token"),
        Spec("Notion integration secret", lambda g: "secret_" + c(g, ALNUM, 43), "NOTION_API_KEY"),
        Spec("Notion token", lambda g: "ntn_" + c(g, DIGITS, 11) + c(g, ALNUM, 35), "NOTION_TOKEN", "--notion-token", "token"),
        Spec("Linear API key", lambda g: "lin_api_" + c(g, ALNUM, 40), "LINEAR_API_KEY"),
        Spec("Sentry user token", lambda g: "sntryu_" + c(g, HEX, 64), "SENTRY_AUTH_TOKEN", "--auth-token", "token"),
        Spec("Supabase access token", lambda g: "sbp_" + c(g, HEX, 40), "SUPABASE_ACCESS_TOKEN", "--access-token", "access_token"),
        Spec("Brave Search key", lambda g: "BSA" + c(g, ALNUM, 28), "BRAVE_API_KEY", header="X-Subscription-Token"),
        Spec("Tavily key", lambda g: "tvly-" + g.rng.choice(["", "dev-", "prod-"]) + c(g, ALNUM, 32), "TAVILY_API_KEY"),
        Spec("Exa key (UUID)", lambda g: g.uuid(), "EXA_API_KEY", "--exa-api-key", bare=False, header="x-api-key"),
        Spec("Firecrawl key", lambda g: "fc-" + c(g, HEX, 32), "FIRECRAWL_API_KEY"),
        Spec("Perplexity key", lambda g: "pplx-" + c(g, ALNUM, 48), "PERPLEXITY_API_KEY"),
        Spec("Groq key", lambda g: "gsk_" + c(g, ALNUM, 52), "GROQ_API_KEY"),
        Spec("Mistral key", lambda g: c(g, ALNUM, 32), "MISTRAL_API_KEY", bare=False),
        Spec("Cohere key", lambda g: c(g, ALNUM, 40), "COHERE_API_KEY", bare=False),
        Spec("ElevenLabs key", lambda g: "sk_" + c(g, HEX, 48), "ELEVENLABS_API_KEY", header="xi-api-key", bare=False),
        Spec("xAI key", lambda g: "xai-" + c(g, ALNUM, 80), "XAI_API_KEY"),
        Spec("DigitalOcean token", lambda g: "dop_v1_" + c(g, HEX, 64), "DIGITALOCEAN_API_TOKEN", "--access-token", "token"),
        Spec("Cloudflare API token", lambda g: c(g, B64URL, 40), "CLOUDFLARE_API_TOKEN", "--api-token", "token", bare=False),
        Spec("Vercel token", lambda g: c(g, ALNUM, 24), "VERCEL_TOKEN", "--token", "token", bare=False),
        Spec("Atlassian API token", lambda g: "ATATT3" + c(g, B64URL, 170) + "=" + c(g, HEX, 8).upper(), "JIRA_API_TOKEN", "--jira-token", "token"),
        Spec("Shopify token", lambda g: "shpat_" + c(g, HEX, 32), "SHOPIFY_ACCESS_TOKEN", "--access-token", "access_token", header="X-Shopify-Access-Token"),
        Spec("Twilio API key", lambda g: "SK" + c(g, HEX, 32), "TWILIO_API_KEY"),
        Spec("SendGrid key", lambda g: "SG." + c(g, B64URL, 22) + "." + c(g, B64URL, 43), "SENDGRID_API_KEY"),
        Spec("npm token", lambda g: crc_token(g.rng, "npm_"), "NPM_TOKEN", "--npm-token", "token"),
        Spec("PyPI token", lambda g: "pypi-AgEIcHlwaS5vcmc" + g.between(B64URL, 120, 180), "PYPI_API_TOKEN", "--pypi-token", "token"),
        Spec("Discord bot token", lambda g: g.rng.choice("MNO") + c(g, B64URL, 25) + "." + c(g, B64URL, 6) + "." + c(g, B64URL, 27), "DISCORD_BOT_TOKEN", "--discord-token", "token", header="Authorization"),
        Spec("Neon key", lambda g: "napi_" + c(g, LOWER_ALNUM, 64), "NEON_API_KEY"),
        Spec("Replicate token", lambda g: "r8_" + c(g, ALNUM, 37), "REPLICATE_API_TOKEN", "--token", "token"),
        Spec("Postman key", lambda g: "PMAK-" + c(g, HEX, 24) + "-" + c(g, HEX, 34), "POSTMAN_API_KEY", header="X-Api-Key"),
        Spec("Airtable token", lambda g: "pat" + c(g, ALNUM, 14) + "." + c(g, HEX, 64), "AIRTABLE_API_KEY"),
        Spec("Figma token", lambda g: "figd_" + c(g, B64URL, 40), "FIGMA_API_KEY", "--figma-api-key", header="X-Figma-Token"),
        Spec("Datadog key", lambda g: c(g, HEX, 32), "DD_API_KEY", bare=False, header="DD-API-KEY"),
        Spec("Doppler token", lambda g: "dp.pt." + c(g, ALNUM, 43), "DOPPLER_TOKEN", "--token", "token"),
        Spec("Heroku key", lambda g: "HRKU-AA" + c(g, B64URL, 58), "HEROKU_API_KEY"),
        Spec("Mapbox secret token", lambda g: g.mapbox(), "MAPBOX_ACCESS_TOKEN", "--mapbox-token", "access_token"),
        Spec("Asana token", lambda g: f"{g.rng.randint(1, 2)}/{c(g, DIGITS, 16)}:{c(g, ALNUM, 32)}", "ASANA_ACCESS_TOKEN", "--token", "token"),
        Spec("Pinecone key", lambda g: "pcsk_" + c(g, ALNUM, 6) + "_" + c(g, ALNUM, 63), "PINECONE_API_KEY", header="Api-Key"),
        Spec("Resend key", lambda g: "re_" + c(g, ALNUM, 8) + "_" + c(g, ALNUM, 24), "RESEND_API_KEY"),
        Spec("Render key", lambda g: "rnd_" + c(g, ALNUM, 28), "RENDER_API_KEY"),
        Spec("Telegram bot token", lambda g: c(g, DIGITS, 10) + ":AA" + c(g, B64URL, 33), "TELEGRAM_BOT_TOKEN", "--bot-token", "token"),
        Spec("Mailchimp key", lambda g: c(g, HEX, 32) + "-us" + str(g.rng.randint(1, 21)), "MAILCHIMP_API_KEY", query="apikey"),
        Spec("LangSmith key", lambda g: "lsv2_pt_" + c(g, HEX, 32) + "_" + c(g, HEX, 10), "LANGSMITH_API_KEY"),
        Spec("Azure AD client secret", lambda g: c(g, ALNUM, 3) + str(g.rng.randint(0, 9)) + "Q~" + c(g, ALNUM + "_~.-", 34), "AZURE_CLIENT_SECRET", "--client-secret", "client_secret", header="X-Client-Secret", field="client_secret"),
        Spec("Databricks token", lambda g: "dapi" + c(g, HEX, 32), "DATABRICKS_TOKEN", "--token", "token"),
        Spec("Grafana token", lambda g: "glsa_" + c(g, ALNUM, 32) + "_" + c(g, HEX, 8), "GRAFANA_SERVICE_ACCOUNT_TOKEN", "--token", "token"),
        Spec("JWT", lambda g: g.jwt(), "SUPABASE_SERVICE_ROLE_KEY", "--service-role-key", "apikey", field="token"),
        Spec("Private key", lambda g: g.private_key(), "GOOGLE_PRIVATE_KEY", "--private-key", "private_key", header="X-Private-Key"),
        Spec("Generic API token", lambda g: c(g, g.rng.choice([ALNUM, HEX, B64URL]), g.rng.randint(24, 64)), "ACME_INTERNAL_API_TOKEN", "--api-token", "token", bare=False, header="X-Acme-Token", field="bearer_token"),
        Spec("OAuth client secret", lambda g: c(g, B64URL, g.rng.randint(32, 48)), "OAUTH_CLIENT_SECRET", "--client-secret", "client_secret", bare=False, header="X-Client-Secret", field="clientSecret"),
        Spec("Human password", lambda g: g.password(), "DB_PASSWORD", "--password", "password", bare=False, header="X-DB-Password", field="password"),
    )


SPECS: tuple[Spec, ...] = _specs()
TOKENS_PER_PROVIDER = 5


def _secret_cases(g: Gen, spec: Spec, n: int) -> list[Case]:
    cases: list[Case] = []
    for i in range(n):
        token = spec.make(g)
        label = spec.label
        case = functools.partial(Case, label, sample=token)
        # env: a realistic variable name
        cases.append(case("env", True, token, spec.env, token))
        # arg: rotate through the argv shapes MCP configs use
        form = i % 4 if spec.bare else (0, 1, 2, 1)[i % 4]
        if form == 0:
            argv: tuple[str, ...] = ("-y", "@acme/mcp-server@latest", f"{spec.flag}={token}")
        elif form == 1:
            argv = ("-y", "@acme/mcp-server", spec.flag, token, "--stdio")
        elif form == 2:
            argv = ("run", "-i", "--rm", "-e", f"{spec.env}={token}", "ghcr.io/acme/mcp-server:latest")
        else:
            argv = ("-y", "@acme/mcp-server", "start", token)
        cases.append(case("arg", True, argv, secret=token))
        # header: Authorization: Bearer X, or the provider's API-key header
        if "\n" in token:  # header values cannot hold newlines: keys travel with escaped \n
            escaped = token.replace("\n", "\\n")
            cases.append(case("header", True, escaped, spec.header, escaped))
        elif spec.header == "Authorization" and i % 2 == 0:
            cases.append(case("header", True, f"Bearer {token}", "Authorization", token))
        else:
            name = spec.header if spec.header != "Authorization" else "X-API-Key"
            cases.append(case("header", True, token, name, token))
        # url: a query parameter, or the password of the userinfo
        encoded = quote(token, safe="")
        if i % 2 == 0 or "\n" in token:
            url = f"https://mcp.acme-tools.io/sse?{spec.query}={encoded}&agent=cursor"
        else:
            url = f"https://x-access-token:{encoded}@git.acme-tools.io/acme/repo.git"
        cases.append(case("url", True, url, secret=encoded))
        if spec.field:
            cases.append(case("field", True, token, spec.field, token))
    return cases


def _database_cases(g: Gen, n: int) -> list[Case]:
    cases: list[Case] = []
    schemes = ("postgresql", "postgres", "mysql", "mongodb+srv", "redis", "amqp")
    for i in range(n):
        password = g.rng.choice([g.password(), g.chars(ALNUM, 20), g.chars(LOWER_ALNUM + "_", 16)])
        encoded = quote(password, safe="")
        scheme = schemes[i % len(schemes)]
        user = "" if scheme == "redis" else g.rng.choice(["app", "readwater", "svc_mcp", "admin_ro"])
        url = f"{scheme}://{user}:{encoded}@db-{g.chars(LOWER_ALNUM, 6)}.internal:5432/app?sslmode=require"
        case = functools.partial(Case, "Database URL", sample=password)
        cases.append(case("env", True, url, "DATABASE_URL", encoded))
        argv = ("-y", "@modelcontextprotocol/server-postgres", url) if i % 2 == 0 else ("--connection-string", url)
        cases.append(case("arg", True, argv, secret=encoded))
        cases.append(case("header", True, url, "X-Database-Url", encoded))
        cases.append(case("url", True, url, secret=encoded))
        cases.append(case("field", True, url, "connectionString", encoded))
    return cases


def _basic_auth_cases(g: Gen, n: int) -> list[Case]:
    cases: list[Case] = []
    for _ in range(n):
        blob = base64.b64encode(f"{g.chars(string.ascii_lowercase, 6)}:{g.password()}".encode()).decode()
        case = functools.partial(Case, "HTTP Basic header", sample=blob)
        cases.append(case("header", True, f"Basic {blob}", "Authorization", blob))
        cases.append(case("arg", True, ("mcp-remote", "https://mcp.acme-tools.io/mcp", "--header", f"Authorization: Basic {blob}"), secret=blob))
        cases.append(case("env", True, f"Basic {blob}", "AUTH_HEADER", blob))
    return cases


def _url_secret_cases(g: Gen, n: int) -> list[Case]:
    """Services whose URL is itself the credential: webhooks, hosted MCP endpoints."""
    makers = {
        "Slack webhook": lambda: (f"https://hooks.slack.com/services/T{g.chars(UPPER_ALNUM, 8)}/B{g.chars(UPPER_ALNUM, 10)}/", g.chars(ALNUM, 24), ""),
        "Discord webhook": lambda: (f"https://discord.com/api/webhooks/{g.chars(DIGITS, 18)}/", g.chars(B64URL, 68), ""),
        "Composio MCP URL": lambda: (
            f"https://mcp.composio.dev/{g.rng.choice(['mem0', 'gmail', 'perplexityai', 'notion'])}/",
            "-".join(g.chars(string.ascii_lowercase, k) for k in (9, 6, 5)) + "-" + g.chars(UPPER_ALNUM, 3) + "-" + g.chars(string.ascii_lowercase, 2),
            "?agent=cursor",
        ),
        "Zapier MCP URL": lambda: ("https://mcp.zapier.com/api/mcp/s/", g.chars(B64URL, 48), "/mcp"),
    }
    cases: list[Case] = []
    for label, make in makers.items():
        for i in range(n):
            head, secret, tail = make()
            url = head + secret + tail
            case = functools.partial(Case, label, sample=secret)
            cases.append(case("env", True, url, "MCP_SERVER_URL" if "mcp" in head else "WEBHOOK_URL", secret))
            argv = ("-y", "mcp-remote", url) if i % 2 == 0 else ("--url", url)
            cases.append(case("arg", True, argv, secret=secret))
            cases.append(case("header", True, url, "X-Forward-Url", secret))
            cases.append(case("url", True, url, secret=secret))
    return cases


def _embedded_cases(g: Gen, n: int) -> list[Case]:
    """Credentials inside larger strings: JSON given as an argument, command lines, ODBC strings."""
    cases: list[Case] = []
    for i in range(n):
        key = g.chars(ALNUM, 32)
        blob = json.dumps({"perplexityApiKey" if i % 2 else "apiKey": key, "debug": False})
        case = functools.partial(Case, "JSON config in argument", sample=key)
        cases.append(case("arg", True, ("-y", "@smithery/cli@latest", "run", "@acme/search", "--config", blob), secret=key))
        cases.append(case("env", True, blob, "SMITHERY_CONFIG", key))
        cases.append(case("field", True, blob, "config", key))

        tok = g.chars(ALNUM, 40)
        line = f'API_KEY={tok} npx -y @acme/mcp-server --stdio' if i % 2 else f'npx -y @acme/mcp-server --api-key {tok}'
        case = functools.partial(Case, "command line string", sample=tok)
        cases.append(case("arg", True, line, None, tok))
        cases.append(case("arg", True, ("-c", line), secret=tok))

        password = g.password()
        odbc = f"Server=tcp:sql-{g.chars(LOWER_ALNUM, 6)}.database.windows.net,1433;Database=app;User Id=svc_mcp;Password={password};Encrypt=true"
        case = functools.partial(Case, "ODBC connection string", sample=password)
        cases.append(case("env", True, odbc, "MSSQL_CONNECTION_STRING", password))
        cases.append(case("arg", True, ("--connection-string", odbc), secret=password))
        cases.append(case("field", True, odbc, "connectionString", password))
        jdbc = f"jdbc:sqlserver://sql-{g.chars(LOWER_ALNUM, 6)}.acme.io:1433;databaseName=app;user=svc;password={password}"
        cases.append(case("url", True, jdbc, secret=password))
        cases.append(case("header", True, odbc, "X-Connection", password))
    return cases


WEAK_PASSWORDS = ("hunter2", "letmein42", "Winter2024", "qwerty123", "admin123", "P@ssw0rd", "Password1!", "Bl0ssom!Rain", "s3cr3t!", "tr0ub4dor&3")
"""Human passwords; a few read like template text (``Password1!``) and are known misses.
(``changeme123`` is not here: a value built on a template word is a placeholder.)"""


def _weak_password_cases() -> list[Case]:
    cases: list[Case] = []
    for i, pw in enumerate(WEAK_PASSWORDS):
        case = functools.partial(Case, "weak human password", sample=pw)
        name = ("DB_PASSWORD", "SMTP_PASS", "NEO4J_PASSWORD", "ODOO_PASSWORD", "MYSQL_PWD")[i % 5]
        cases.append(case("env", True, pw, name, pw))
        cases.append(case("arg", True, ("--password", pw) if i % 2 else (f"--db-password={pw}",), secret=pw))
        cases.append(case("header", True, pw, "X-DB-Password", pw))
        encoded = quote(pw, safe="")
        cases.append(case("url", True, f"mysql://app:{encoded}@db.internal:3306/app", secret=encoded))
        cases.append(case("field", True, pw, "password", pw))
    return cases


def _hard_secret_cases(g: Gen) -> list[Case]:
    """Secrets without a format or without a telling name: kept in the suite so the figures show
    what still gets through (these are expected misses, see the bench table)."""
    rows = (
        ("hard: numeric key", g.chars(DIGITS, 10), "ACME_API_KEY"),
        ("hard: lowercase key", g.chars(string.ascii_lowercase, 20), "ACME_API_KEY"),
        ("hard: passphrase under token name", "correct-horse-battery-staple", "ACME_TOKEN"),
        ("hard: random value under neutral name", g.chars(ALNUM, 40), "ACME_CONFIG"),
    )
    cases: list[Case] = []
    for label, secret, name in rows:
        case = functools.partial(Case, label, sample=secret)
        neutral = "token" not in name.lower() and "key" not in name.lower()
        cases.append(case("env", True, secret, name, secret))
        cases.append(case("arg", True, (secret,) if neutral else ("--api-key", secret), secret=secret))
        cases.append(case("header", True, secret, "X-Acme" if neutral else "X-Api-Key", secret))
        cases.append(case("url", True, f"https://mcp.acme-tools.io/sse?{'ref' if neutral else 'api_key'}={secret}", secret=secret))
    return cases


def secret_cases(seed: int = SEED) -> list[Case]:
    g = Gen(random.Random(seed))
    cases: list[Case] = []
    for spec in SPECS:
        cases.extend(_secret_cases(g, spec, TOKENS_PER_PROVIDER))
    cases.extend(_database_cases(g, 8))
    cases.extend(_basic_auth_cases(g, 6))
    cases.extend(_url_secret_cases(g, 4))
    cases.extend(_embedded_cases(g, 6))
    cases.extend(_weak_password_cases())
    cases.extend(_hard_secret_cases(g))
    return cases


# --- non-secrets ----------------------------------------------------------------------------------

PLACEHOLDERS = (
    "${GITHUB_TOKEN}", "${env:OPENAI_API_KEY}", "${input:github_token}", "${input:api-key}",
    "${file:/run/secrets/api_token}", "{env:ANTHROPIC_API_KEY}", "{file:~/.secrets/brave.key}",
    "${{ secrets.API_KEY }}", "${{ inputs.token }}", "$GITHUB_PERSONAL_ACCESS_TOKEN", "$API_KEY",
    "%OPENAI_API_KEY%", "$(op read op://Private/OpenAI/credential)", "$(cat ~/.config/token)",
    "${TAVILY_API_KEY:-}", "${SLACK_BOT_TOKEN:-changeme}", "${process.env.CONTEXT7_API_KEY}",
    "{secret}", "{{ .Env.API_TOKEN }}", "{{API_KEY}}", "@API_KEY@",
    "${env:GITHUB_TOKEN}${env:SUFFIX}", "${SUPABASE_ACCESS_TOKEN}",
)
EMBEDDED = (
    "Bearer ${env:TOKEN}", "Bearer ${input:home-assistant-token}", "Bearer {env:GITHUB_TOKEN}",
    "token ${GITHUB_TOKEN}", "Basic ${BASIC_AUTH}", "Bearer $API_TOKEN", "Bearer %API_TOKEN%",
    "https://api.example-tools.io/mcp?key=${KEY}", "https://mcp.acme-tools.io/sse?api_key=${env:ACME_KEY}&agent=cursor",
    "https://${DB_USER}:${DB_PASSWORD}@db.internal:5432/app", "postgresql://app:${PGPASSWORD}@localhost:5432/app",
    "postgresql://postgres:[YOUR-PASSWORD]@db.[YOUR-PROJECT-REF].supabase.co:5432/postgres",
    "postgresql://ai:***@localhost:5432/ai", "mysql://root:<password>@localhost/db",
    "sk-${OPENAI_KEY_SUFFIX}", "ghp_${GH_SUFFIX}", "https://mcp.acme-tools.io/sse?token={env:ACME_TOKEN}",
)
TEMPLATE_MARKERS = (
    "<YOUR_KEY>", "<YOUR_API_KEY>", "<token>", "<api key>", "your-api-key-here", "YOUR_API_KEY",
    "YOUR_OPENAI_API_KEY_HERE", "your_sonarqube_token", "your-github-token",
    "xxxxxxxxxxxxxxxxxxxxxxxx", "XXXX-XXXX-XXXX-XXXX", "****", "********", "...", "…", "REPLACE_ME",
    "replace-me", "TODO", "changeme", "sk-...", "sk-xxxx", "ghp_...", "ghp_" + "x" * 36,
    "sk-your-key", "sk-your-api-key-here", "[API_KEY]", "[REDACTED_API_KEY]", "insert-key-here",
    "dummy", "test", "example", "test-key", "ghp_your_github_personal_access_token",
    "xoxb-your-slack-bot-token", "tvly-YOUR_API_KEY", "fc-YOUR_API_KEY", "pplx-xxxxxxxxxxxxxxxxxxxxxxxx",
    "sk-proj-" + "X" * 54, "AKIA" + "IOSFODNN7" + "EXAMPLE",
    "sk_test_" + "x" * 24, "YourApiKeyHere", "<insert token here>", "my-api-key", "secret",
    "password", "token", "none", "null", "",
)
SECRET_REFERENCES = (
    "op://vault/item/field", "op://Private/OpenAI/credential", "vault:secret/data/mcp#token",
    "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/mcp/api-key-AbCdEf",
    "https://acme-kv.vault.azure.net/secrets/openai-key", "gcp-secret://projects/acme/secrets/api-key/versions/latest",
    "sm://acme-api-key", "projects/acme-prod/secrets/brave-api-key/versions/3", "doppler://acme/prd/API_KEY",
    "infisical://acme/prod/ANTHROPIC_API_KEY",
)


def _ordinary(g: Gen) -> list[tuple[str, str, str]]:
    """(category, value, a plausible non-credential name)."""
    rows: list[tuple[str, str, str]] = []
    add = rows.append
    for model in ("gpt-4o", "gpt-4o-mini", "o3-mini", "claude-3-5-sonnet-20241022", "claude-sonnet-4-20250514",
                  "gemini-2.0-flash", "llama3.1:8b", "text-embedding-3-small", "mistral-large-latest", "deepseek-chat",
                  "qwen2.5-coder:32b", "anthropic/claude-3.7-sonnet"):
        add(("model name", model, "MODEL"))
    for region in ("us-east-1", "eu-west-2", "europe-west1", "ap-southeast-2", "westeurope"):
        add(("region", region, "AWS_REGION"))
    for _ in range(8):
        add(("UUID id", g.uuid(), "PROJECT_ID"))
    for _ in range(6):
        add(("git SHA", g.chars(HEX, 40), "GIT_COMMIT"))
    for _ in range(4):
        add(("docker digest", "sha256:" + g.chars(HEX, 64), "IMAGE_DIGEST"))
    for path in ("/Users/kobi/.npm-global/bin/obsidian-mcp-server", "C:\\Users\\dev\\AppData\\Roaming\\npm\\mcp.cmd",
                 "~/.config/mcp/servers.json", "./dist/index.js", "../tools/src", "/home/ubuntu/aegissec/mcp/mcp_server.py",
                 "/opt/homebrew/bin:/usr/local/bin:/usr/bin:/bin", "C:/Github/py-mcp-mssql/src/mssql/server.py",
                 "/run/secrets/db_password", "c:\\firebase\\service-account-key.json"):
        add(("path", path, "WORKSPACE_DIR"))
    for url in ("https://mcp.supabase.com/mcp?project_ref=fbtnhhurjwizcrmcisci", "https://api.githubcopilot.com/mcp/",
                "http://localhost:8080/o/mcp/sse", "https://mcp.sentry.dev/mcp/acme/javascript-nextjs",
                "https://gitmcp.io/danilofreire/qtm350", "http://127.0.0.1:8123/v1", "bolt://localhost:7687",
                "postgresql://host.docker.internal:5432/mydb", "https://mcp.context7.com/mcp", "wss://relay.acme-tools.io/ws",
                "https://raw.githubusercontent.com/acme/repo/" + g.chars(HEX, 40) + "/schema.json",
                "https://mcp.acme-tools.io/projects/" + g.uuid() + "/sse", "postgres://postgres:postgres@localhost:5432/postgres",
                "amqp://guest:guest@localhost:5672/", "https://user@git.acme-tools.io/repo.git"):
        add(("URL without credentials", url, "SERVER_URL"))
    for v in ("true", "false", "1", "0", "yes", "off", "8080", "4096", "0.7", "30s", "512MB"):
        add(("boolean/number", v, "ENABLE_CACHE"))
    for v in ("DEBUG", "info", "warn", "error"):
        add(("log level", v, "LOG_LEVEL"))
    for v in ("localhost", "db.internal.acme.io", "10.0.0.113:8080", "host.docker.internal", "api.search.brave.com"):
        add(("hostname", v, "DB_HOST"))
    for v in ("mcp-client@gw42.de", "ops@acme-tools.io"):
        add(("email", v, "ODOO_USERNAME"))
    for v in ("@modelcontextprotocol/server-github", "@supabase/mcp-server-supabase@latest", "mcp-server-fetch==1.1.0",
              "awslabs.aws-documentation-mcp-server@latest", "ghcr.io/github/github-mcp-server", "hashicorp/terraform-mcp-server:0.4",
              "git+https://github.com/oraios/serena", "chrome-devtools-mcp@latest", "figma-developer-mcp"):
        add(("package name", v, "PACKAGE"))
    for v in ("--stdio", "--read-only", "--project-ref=taziwfxkhwzhlddpvuzn", "--local-timezone=Asia/Tokyo", "--viewport=1440x900"):
        add(("CLI flag", v, "EXTRA_ARGS"))
    for v in ("AAAAAAAAAAAAAAAAAAAAAAAA", "dGVzdA==", "YWJjZGVmZ2hpamtsbW5vcA==", "0000000000000000000000000000000000000000",
              "abcdefghijklmnopqrstuvwxyz", "1234567890abcdef1234567890abcdef"):
        add(("low-entropy base64/hex", v, "SALT_SEED"))
    for v in ("sequential-thinking-server", "my-tech-blog-mcp-server", "streamable-http", "read-only-database-access",
              "mcp-server-kubernetes", "eib-mcp-rag-server", "book-api-mcp-bundle_default", "jhyekbtcywewzrviqlos"):
        add(("words joined by dashes", v, "SERVER_NAME"))
    for v in ("Asia/Taipei", "application/json", "1440x900", "v1.2.3", "2025-06-18", "stdio", "oauth-personal", "democrm-489100",
              "arn:aws:bedrock-agentcore:us-east-1:903050880929:runtime/mdc_mcp_rag_server_python-v5K2F8BGrN"):
        add(("other config value", v, "TIMEZONE"))
    return rows


def _public_values(g: Gen) -> list[tuple[str, str, str]]:
    """Identifiers and public keys that look random but are not secrets."""
    rows = [
        ("publishable key", "pk_live_" + g.chars(ALNUM, 99), "STRIPE_PUBLISHABLE_KEY"),
        ("publishable key", "pk_test_" + g.chars(ALNUM, 99), "NEXT_PUBLIC_STRIPE_KEY"),
        ("publishable key", "pk." + g.b64url_json({"u": "acme", "a": g.chars(LOWER_ALNUM, 25)}) + "." + g.chars(B64URL, 22), "MAPBOX_PUBLIC_TOKEN"),
        ("public identifier", f"https://{g.chars(HEX, 32)}@o{g.chars(DIGITS, 6)}.ingest.sentry.io/{g.chars(DIGITS, 7)}", "SENTRY_DSN"),
        ("public identifier", f"{g.chars(DIGITS, 12)}-{g.chars(LOWER_ALNUM, 32)}.apps.googleusercontent.com", "GOOGLE_CLIENT_ID"),
        ("public identifier", g.chars(HEX, 32), "CLOUDFLARE_ACCOUNT_ID"),
        ("public identifier", g.chars(DIGITS, 12), "AWS_ACCOUNT_ID"),
        ("public identifier", g.uuid(), "AZURE_TENANT_ID"),
        ("public identifier", "C0" + g.chars(UPPER_ALNUM, 9), "SLACK_CHANNEL_ID"),
        ("public identifier", "T0" + g.chars(UPPER_ALNUM, 9), "SLACK_TEAM_ID"),
        ("public identifier", g.chars(DIGITS, 7), "GITHUB_APP_ID"),
        ("public identifier", g.chars(string.ascii_lowercase, 20), "SUPABASE_PROJECT_REF"),
        ("public identifier", g.chars(HEX, 32), "X_REQUEST_ID"),
        ("public key", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + g.chars(B64, 43) + " dev@laptop", "SSH_PUBLIC_KEY"),
        ("public key", "-----BEGIN PUBLIC KEY-----\n" + g.chars(B64, 64) + "\n" + g.chars(B64, 64) + "\n-----END PUBLIC KEY-----", "JWT_PUBLIC_KEY"),
        ("public key", "-----BEGIN CERTIFICATE-----\n" + g.chars(B64, 64) + "\n-----END CERTIFICATE-----", "CA_CERT"),
        ("hash", "sha512-" + g.chars(B64, 86) + "==", "INTEGRITY"),
        ("hash", "sha256-" + g.chars(B64, 43) + "=", "SRI_HASH"),
        ("encoded data", "data:image/png;base64,iVBORw0KGgo" + g.chars(B64, 120), "ICON"),
        ("encoded data", g.b64url_json({"debug": True, "region": "eu-west-1", "maxResults": 20}), "SMITHERY_CONFIG_B64"),
        ("prose", "Create a token (it starts with ghp_) at https://github.com/settings/tokens and set it here", "DESCRIPTION"),
        ("prose", "JIRA_API_TOKEN is generated at https://id.atlassian.com/manage-profile/security/api-tokens", "NOTE"),
        ("public identifier", "0x" + g.chars(HEX, 40), "TOKEN_CONTRACT_ADDRESS"),
        ("public identifier", g.chars(ALNUM + "_-", 40), "RECAPTCHA_SITE_KEY"),
        ("public identifier", f"https://www.notion.so/acme/Roadmap-{g.chars(HEX, 32)}", "ROADMAP_URL"),
        # expected false positives: random-looking values that are public by design
        ("hard: tenant id in URL path", f"https://mcp.acme-tools.io/t/{g.chars(HEX, 32)}/sse", "MCP_SERVER_URL"),
        ("hard: search-only key", g.chars(HEX, 32), "ALGOLIA_SEARCH_KEY"),
    ]
    return rows


_CONFOUNDERS = (  # credential-like names with values that are about a secret, not a secret
    ("GOOGLE_APPLICATION_CREDENTIALS", "/home/dev/.config/gcloud/service-account-key.json"),
    ("API_KEY_HEADER", "X-API-Key"), ("MAX_TOKENS", "4096"), ("TOKEN_URL", "https://auth.acme-tools.io/oauth/token"),
    ("SECRET_NAME", "prod/mcp/api-key"), ("AUTH_TYPE", "oauth"), ("GITHUB_TOKEN_SCOPES", "repo,read:org"),
    ("bearer_token_env_var", "GITHUB_TOKEN"), ("PASSWORD_FILE", "/run/secrets/db_password"),
    ("OPENAI_API_KEY", "OPENAI_API_KEY"), ("KEY_ID", "key-2024-01"), ("DEFAULT_MINIMUM_TOKENS", "10000"),
    # dummy keys local model servers ask for, and documented default passwords
    ("OPENAI_API_KEY", "ollama"), ("apiKey", "lm-studio"), ("OPENAI_API_KEY", "EMPTY"),
    ("OPENAI_API_KEY", "sk-no-key-required"), ("API_KEY", "not-needed"), ("POSTGRES_PASSWORD", "postgres"),
    ("NEO4J_PASSWORD", "neo4j"),
)


def non_secret_cases(seed: int = SEED) -> list[Case]:
    g = Gen(random.Random(seed + 1))
    cases: list[Case] = []

    def placeholder_like(label: str, values: tuple[str, ...]) -> None:
        for i, v in enumerate(values):
            url_like = "://" in v
            case = functools.partial(Case, label, sample=v)
            cases.append(case("env", False, v, ("DATABASE_URL" if url_like else "GITHUB_PERSONAL_ACCESS_TOKEN")))
            if i % 3 == 0:
                argv: tuple[str, ...] = ("-y", "@acme/mcp-server", f"--api-key={v}")
            elif i % 3 == 1:
                argv = ("-y", "@acme/mcp-server", "--token", v)
            else:
                argv = ("run", "-i", "--rm", "-e", f"GITHUB_TOKEN={v}", "ghcr.io/github/github-mcp-server")
            cases.append(case("arg", False, argv))
            if v.lower().startswith(("bearer", "basic", "token")):
                cases.append(case("header", False, v, "Authorization"))
            else:
                cases.append(case("header", False, v if url_like or i % 2 else f"Bearer {v}", "X-API-Key" if url_like or i % 2 else "Authorization"))
            url = v if url_like else (f"https://mcp.acme-tools.io/sse?api_key={v}" if i % 2 == 0 else f"https://x-access-token:{v}@git.acme-tools.io/r.git")
            cases.append(case("url", False, url))
            cases.append(case("field", False, v, "clientSecret"))

    placeholder_like("placeholder syntax", PLACEHOLDERS)
    placeholder_like("embedded placeholder", EMBEDDED)
    placeholder_like("template marker", TEMPLATE_MARKERS)
    placeholder_like("secret-manager reference", SECRET_REFERENCES)

    for i, (label, v, name) in enumerate(_ordinary(g) + _public_values(g)):
        case = functools.partial(Case, label, sample=v)
        cases.append(case("env", False, v, name))
        argv = ("-y", "@acme/mcp-server", "--model", v) if i % 2 else ("-y", "@acme/mcp-server", v)
        cases.append(case("arg", False, argv))
        cases.append(case("header", False, v, ("X-Model", "X-Request-Id", "User-Agent", "Accept")[i % 4]))
        url = v if "://" in v else f"https://mcp.acme-tools.io/sse?{('project', 'model', 'region', 'ref')[i % 4]}={quote(v, safe='')}"
        cases.append(case("url", False, url))
        cases.append(case("field", False, v, ("model", "region", "projectId", "description")[i % 4]))
    for name, v in _CONFOUNDERS:
        case = functools.partial(Case, "credential-like name, harmless value", sample=v)
        cases.append(case("env", False, v, name))
        cases.append(case("field", False, v, name))
        cases.append(case("arg", False, (f"--{name.lower().replace('_', '-')}", v)))
        cases.append(case("header", False, v, name.replace("_", "-")))
    return cases


def distinct_values(cases: list[Case]) -> int:
    return len({c.sample for c in cases})

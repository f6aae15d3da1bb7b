"""Token formats of the providers MCP servers talk to, kept as data.

Each entry names the provider as users know it, the format (for the reason text), a regular
expression, and a severity. Entries with ``keywords`` are formats too generic to trust alone
(32 alphanumerics, a UUID): they apply only when the name the value sits under mentions the
provider (``MISTRAL_API_KEY``, ``EXA_API_KEY``) and the whole value has the shape.

Formats are facts collected from public secret-scanning rule sets (gitleaks, betterleaks,
GitHub secret scanning pattern docs) and provider documentation; lengths are kept a little
lenient where providers have changed them over time.

Matching is gated like gitleaks' keywords: :func:`candidates` runs a format's regular
expression only on text that holds one of the format's *needles* (literal text every match
contains: ``ghp_``, ``AKIA``, ``.atlasv1.``) and is at least as long as the shortest match.
Needles and lengths are read from the patterns themselves (:func:`analyse`), on first use; a
value with no needle compiles and runs no expression at all.
"""

from __future__ import annotations

import functools
import re


from mcplint._lazyre import lazy_compile
from mcplint.secrets.keywords import matches_keywords
from mcplint.record import Frozen

_L = r"(?<![A-Za-z0-9_\-])"
_R = r"(?![A-Za-z0-9_\-])"


@functools.cache
def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def compiled_formats() -> int:
    """How many distinct format expressions this process has compiled (tests check the gate)."""
    return _compile.cache_info().currsize


class Provider(Frozen):
    name: str
    """Shown in messages: ``GitHub token``, ``OpenAI API key``."""
    variant: str
    """The specific format, for the reason: ``matches the GitHub fine-grained token format``;
    for keyword-gated entries the whole reason (``UUID-shaped key under an Exa name``)."""
    pattern: str
    """Regular expression source; compiled on first use (122 formats cost ~40 ms to compile,
    which a run with only placeholders should not pay)."""
    severity: str
    keywords: tuple[str, ...] = ()
    """If set, the entry applies only under a name containing one of these words."""
    kind: str = "provider"
    min_entropy: float = 3.0
    """Floor on the matched text's entropy: rejects ``fc-000...`` and ``sk-aaaa...`` fillers."""
    priority: int = 50
    """Higher wins when two formats match the same text."""
    body: str = ""
    """The format without its word-boundary guards: what :func:`analyse` reads needles from."""

    @property
    def regex(self) -> re.Pattern[str]:
        return _compile(self.pattern)


def _p(
    name: str,
    variant: str,
    body: str,
    severity: str,
    *,
    keywords: tuple[str, ...] = (),
    kind: str = "provider",
    min_entropy: float = 3.0,
    priority: int = 50,
    bounded: bool = True,
) -> Provider:
    regex = f"{_L}(?:{body}){_R}" if bounded and not keywords else body
    return Provider(name, variant, regex, severity, keywords, kind, min_entropy, priority, body)


_UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"

PROVIDERS: tuple[Provider, ...] = (
    # --- private keys and JWTs --------------------------------------------------------------
    _p("private key", "PEM private key block",
       r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----(?:[^-]|-(?!----)){16,}-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----",
       "critical", kind="private-key", min_entropy=0, priority=100, bounded=False),
    _p("private key", "PEM private key header and body",
       r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----(?:\\n|\s)*[A-Za-z0-9+/=\\\s]{40,}",
       "critical", kind="private-key", min_entropy=0, priority=95, bounded=False),
    _p("private key", "PuTTY private key", r"PuTTY-User-Key-File-\d: [\s\S]{40,}", "critical",
       kind="private-key", min_entropy=0, priority=95, bounded=False),
    _p("JSON Web Token", "JWT (header.payload.signature)",
       r"eyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}", "high", kind="jwt", priority=30),
    # --- AI model providers -------------------------------------------------------------------
    _p("Anthropic API key", "Anthropic admin key", r"sk-ant-admin\d{2}-[A-Za-z0-9_\-]{80,120}", "critical", priority=70),
    _p("Anthropic API key", "Anthropic API key", r"sk-ant-api\d{2}-[A-Za-z0-9_\-]{80,120}", "high", priority=70),
    _p("Anthropic OAuth token", "Anthropic OAuth token", r"sk-ant-o[ar]t\d{2}-[A-Za-z0-9_\-]{80,120}", "high", priority=70),
    _p("Anthropic API key", "Anthropic key", r"sk-ant-[a-z]{2,8}\d{0,2}-[A-Za-z0-9_\-]{32,200}", "high", priority=60),
    _p("OpenAI API key", "OpenAI admin key", r"sk-admin-[A-Za-z0-9_\-]{40,200}", "critical", priority=70),
    _p("OpenAI API key", "OpenAI project key", r"sk-proj-[A-Za-z0-9_\-]{40,200}", "high", priority=70),
    _p("OpenAI API key", "OpenAI service-account key", r"sk-svcacct-[A-Za-z0-9_\-]{40,200}", "high", priority=70),
    _p("OpenAI API key", "OpenAI legacy key", r"sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}", "high", priority=70),
    _p("OpenRouter API key", "OpenRouter key", r"sk-or-v\d-[a-f0-9]{64}", "high", priority=70),
    _p("DeepSeek API key", "sk- key under a DeepSeek name", r"sk-[a-f0-9]{32}", "high",
       keywords=("deepseek",), priority=65),
    _p("Moonshot API key", "sk- key under a Moonshot/Kimi name", r"sk-[A-Za-z0-9]{32,64}", "high",
       keywords=("moonshot", "kimi"), priority=65),
    _p("DashScope API key", "sk- key under a DashScope/Qwen name", r"sk-[a-f0-9]{32}", "high",
       keywords=("dashscope", "qwen", "alibaba"), priority=65),
    _p("OpenAI-style API key", "sk- API key (OpenAI-compatible)", r"sk-[A-Za-z0-9]{32,100}", "high", priority=20),
    _p("Groq API key", "Groq key", r"gsk_[A-Za-z0-9]{48,56}", "high"),
    _p("xAI API key", "xAI key", r"xai-[A-Za-z0-9_\-]{70,120}", "high"),
    _p("Perplexity API key", "Perplexity key", r"pplx-[A-Za-z0-9]{32,64}", "high"),
    _p("Hugging Face token", "Hugging Face access token", r"hf_[A-Za-z0-9]{30,40}", "high"),
    _p("Hugging Face token", "Hugging Face organization token", r"api_org_[A-Za-z0-9]{30,40}", "high"),
    _p("Replicate API token", "Replicate token", r"r8_[A-Za-z0-9]{35,40}", "high"),
    _p("Tavily API key", "Tavily key", r"tvly-(?:dev-|prod-)?[A-Za-z0-9]{24,48}", "high"),
    _p("Firecrawl API key", "Firecrawl key", r"fc-[a-f0-9]{32}", "high"),
    _p("Exa API key", "UUID-shaped key under an Exa name", _UUID, "high", keywords=("exa", "exa_ai", "metaphor")),
    _p("Mistral API key", "32-character key under a Mistral name", r"[A-Za-z0-9]{32}", "high", keywords=("mistral",)),
    _p("Cohere API key", "40-character key under a Cohere name", r"[A-Za-z0-9]{40}", "high", keywords=("cohere", "co")),
    _p("ElevenLabs API key", "sk_ key under an ElevenLabs name", r"sk_[a-f0-9]{48}", "high", keywords=("elevenlabs", "eleven", "xi")),
    _p("Google API key", "Google API key", r"AIza[0-9A-Za-z_\-]{35}", "high"),
    _p("Google OAuth client secret", "Google OAuth client secret", r"GOCSPX-[A-Za-z0-9_\-]{28}", "high"),
    _p("Google OAuth token", "Google OAuth access token", r"ya29\.[0-9A-Za-z_\-]{30,}", "high"),
    _p("Cerebras API key", "Cerebras key", r"csk-[A-Za-z0-9]{32,48}", "high"),
    _p("Pinecone API key", "Pinecone key", r"pcsk_[A-Za-z0-9]{4,8}_[A-Za-z0-9]{50,70}", "high"),
    _p("Pinecone API key", "UUID-shaped key under a Pinecone name", _UUID, "high", keywords=("pinecone",)),
    _p("LangSmith API key", "LangSmith key", r"lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}", "high"),
    _p("Jina API key", "Jina key", r"jina_[A-Za-z0-9_\-]{40,80}", "high"),
    _p("E2B API key", "E2B key", r"e2b_[a-f0-9]{40}", "high"),
    _p("Context7 API key", "Context7 key", r"ctx7sk-[A-Za-z0-9\-]{30,60}", "high"),
    # --- source control and package registries -------------------------------------------------
    _p("GitHub token", "GitHub fine-grained token", r"github_pat_[A-Za-z0-9_]{60,100}", "critical", priority=70),
    _p("GitHub token", "GitHub classic token", r"ghp_[A-Za-z0-9]{36}", "critical", priority=70),
    _p("GitHub token", "GitHub OAuth token", r"gho_[A-Za-z0-9]{36}", "critical", priority=70),
    _p("GitHub token", "GitHub App user token", r"ghu_[A-Za-z0-9]{36}", "critical", priority=70),
    _p("GitHub token", "GitHub App installation token", r"ghs_[A-Za-z0-9]{36}", "critical", priority=70),
    _p("GitHub token", "GitHub refresh token", r"ghr_[A-Za-z0-9]{36,76}", "critical", priority=70),
    _p("GitLab token", "GitLab personal access token", r"glpat-[A-Za-z0-9_\-]{20,300}(?:\.[0-9a-z]{9})?", "critical", priority=70),
    _p("GitLab token", "GitLab token",
       r"gl(?:dt|rt|ft|soat|oas|imt|ptt|agent|cbt|ffct)-[A-Za-z0-9_\-]{20,300}", "high", priority=60),
    _p("GitLab token", "GitLab runner registration token", r"GR1348941[A-Za-z0-9_\-]{20}", "high"),
    _p("npm token", "npm access token", r"npm_[A-Za-z0-9]{36}", "critical"),
    _p("PyPI token", "PyPI upload token", r"pypi-AgE[A-Za-z0-9_\-]{50,}", "critical"),
    _p("RubyGems API key", "RubyGems key", r"rubygems_[a-f0-9]{48}", "critical"),
    _p("Sourcegraph token", "Sourcegraph access token", r"sgp_(?:[a-f0-9]{16}_)?[a-f0-9]{40}", "high"),
    # --- clouds and hosting -------------------------------------------------------------------
    _p("AWS access key", "AWS access key ID", r"(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}", "critical", priority=60),
    _p("AWS secret access key", "40-character key under an AWS secret name", r"[A-Za-z0-9/+]{40}", "critical",
       keywords=("aws_secret", "secret_access_key", "aws_secret_access_key")),
    _p("Azure storage account key", "Azure storage key", r"AccountKey=[A-Za-z0-9+/]{86}==", "critical",
       bounded=False, priority=60),
    _p("Azure storage account key", "88-character key under an Azure storage name", r"[A-Za-z0-9+/]{86}==", "critical",
       keywords=("storage", "account_key", "azure_storage")),
    _p("Azure AD client secret", "Azure AD client secret", r"[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.\-]{31,34}", "high"),
    _p("DigitalOcean token", "DigitalOcean token", r"do[por]_v1_[a-f0-9]{64}", "critical"),
    _p("Cloudflare API token", "Cloudflare token", r"cf[ua]t_[A-Za-z0-9]{40}[a-f0-9]{8}", "critical"),
    _p("Cloudflare API token", "40-character token under a Cloudflare name", r"[A-Za-z0-9_\-]{40}", "critical",
       keywords=("cloudflare", "cf", "cf_api")),
    _p("Cloudflare API key", "Cloudflare global API key", r"[a-f0-9]{37}", "critical", keywords=("cloudflare", "cf")),
    _p("Vercel token", "24-character token under a Vercel name", r"[A-Za-z0-9]{24}", "high", keywords=("vercel",)),
    _p("Netlify token", "Netlify personal access token", r"nfp_[A-Za-z0-9]{36,40}", "high"),
    _p("Heroku API key", "Heroku key", r"HRKU-AA[0-9A-Za-z_\-]{58}", "high"),
    _p("Heroku API key", "UUID-shaped key under a Heroku name", _UUID, "high", keywords=("heroku",)),
    _p("Render API key", "Render key", r"rnd_[A-Za-z0-9]{26,40}", "high"),
    _p("Fly.io token", "Fly.io token", r"fo1_[A-Za-z0-9_\-]{43}|fm[12][ar]?_[A-Za-z0-9+/]{100,}={0,3}", "high"),
    _p("Supabase token", "Supabase access token", r"sbp_(?:v0_)?[A-Za-z0-9]{40}", "critical"),
    _p("Supabase token", "Supabase secret key", r"sb_secret_[A-Za-z0-9_\-]{31,40}", "critical"),
    _p("Neon API key", "Neon key", r"napi_[A-Za-z0-9]{64}", "high"),
    _p("PlanetScale token", "PlanetScale token", r"pscale_(?:tkn|oauth|pw)_[A-Za-z0-9_=.\-]{32,64}", "high"),
    _p("Databricks token", "Databricks token", r"dapi[a-f0-9]{32}(?:-\d)?", "high"),
    _p("Doppler token", "Doppler token", r"dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44}", "critical"),
    _p("HashiCorp Vault token", "Vault token", r"hv[sb]\.[A-Za-z0-9_\-]{90,300}", "critical"),
    _p("Terraform Cloud token", "Terraform Cloud token", r"[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=\-]{60,70}", "critical"),
    _p("1Password service account token", "1Password service account token", r"ops_eyJ[A-Za-z0-9+/]{250,}={0,3}", "critical"),
    _p("Pulumi token", "Pulumi access token", r"pul-[a-f0-9]{40}", "high"),
    _p("wallet private key", "64-hex key under a private-key name", r"(?:0x)?[a-fA-F0-9]{64}", "critical",
       keywords=("private_key", "wallet_key", "signer_key", "mnemonic")),
    _p("Age secret key", "age secret key", r"AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}", "critical"),
    # --- observability -----------------------------------------------------------------------
    _p("Sentry token", "Sentry user token", r"sntryu_[a-f0-9]{64}", "high"),
    _p("Sentry token", "Sentry organization token", r"sntrys_eyJ[A-Za-z0-9+/=]{40,400}_[A-Za-z0-9+/]{43}", "high"),
    _p("Grafana token", "Grafana service account token", r"glsa_[A-Za-z0-9]{32}_[a-f0-9]{8}", "high"),
    _p("Grafana token", "Grafana Cloud token", r"glc_[A-Za-z0-9+/]{32,400}={0,3}", "high"),
    _p("Datadog API key", "32-hex key under a Datadog name", r"[a-f0-9]{32}", "high", keywords=("dd_api", "datadog", "dd")),
    _p("Datadog application key", "40-hex key under a Datadog name", r"[a-f0-9]{40}", "high",
       keywords=("dd_app", "datadog", "dd")),
    _p("New Relic API key", "New Relic user key", r"NRAK-[A-Z0-9]{27}", "high"),
    _p("Dynatrace token", "Dynatrace token", r"dt0c01\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{64}", "high"),
    # --- productivity and collaboration ----------------------------------------------------
    _p("Linear API key", "Linear key", r"lin_api_[A-Za-z0-9]{40}", "high"),
    _p("Notion token", "Notion integration secret", r"secret_[A-Za-z0-9]{43}", "high"),
    _p("Notion token", "Notion token", r"ntn_[A-Za-z0-9]{40,50}", "high"),
    _p("Atlassian API token", "Atlassian API token", r"ATATT3[A-Za-z0-9_\-=]{100,250}", "high"),
    _p("Asana token", "Asana personal access token", r"[0-9]/[0-9]{10,20}:[A-Za-z0-9]{32}", "high"),
    _p("Airtable token", "Airtable personal access token", r"pat[A-Za-z0-9]{14}\.[a-f0-9]{64}", "high"),
    _p("Figma token", "Figma personal access token", r"figd_[A-Za-z0-9_\-]{38,45}", "high"),
    _p("Postman API key", "Postman key", r"PMAK-[a-f0-9]{24}-[a-f0-9]{34}", "high"),
    _p("ClickUp token", "ClickUp personal token", r"pk_\d{6,10}_[A-Z0-9]{32}", "high"),
    _p("Apify token", "Apify token", r"apify_api_[A-Za-z0-9]{36}", "high"),
    _p("Browserbase API key", "Browserbase key", r"bb_live_[A-Za-z0-9_\-]{20,}", "high"),
    _p("Brave Search API key", "Brave Search key", r"BSA[A-Za-z0-9_\-]{24,40}", "high", min_entropy=3.5),
    _p("Mapbox secret token", "Mapbox secret token", r"sk\.eyJ[A-Za-z0-9_\-]{20,}\.[A-Za-z0-9_\-]{20,}", "high", priority=60),
    # --- messaging ------------------------------------------------------------------------------
    _p("Slack token", "Slack token", r"xox[abposre]-(?:\d+-)+[A-Za-z0-9]{8,}(?:-[A-Za-z0-9]+)*", "high", min_entropy=2.5),
    _p("Slack token", "Slack configuration token", r"xoxe\.xox[bp]-\d-[A-Za-z0-9]{100,}", "high"),
    _p("Slack token", "Slack app-level token", r"xapp-\d-[A-Z0-9]+-\d+-[a-z0-9]{32,}", "high"),
    _p("Slack webhook", "Slack incoming webhook URL",
       r"https://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/_\-]{20,}", "high", bounded=False),
    _p("Discord bot token", "Discord bot token", r"[MNO][A-Za-z\d_\-]{23,25}\.[A-Za-z\d_\-]{6}\.[A-Za-z\d_\-]{27,38}", "high"),
    _p("Discord webhook", "Discord webhook URL",
       r"https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/\d+/[A-Za-z0-9_\-]{60,70}", "high", bounded=False),
    _p("Telegram bot token", "Telegram bot token", r"\d{8,10}:AA[A-Za-z0-9_\-]{33}", "high"),
    _p("Twilio API key", "Twilio API key SID", r"SK[0-9a-fA-F]{32}", "high"),
    _p("Twilio account SID", "Twilio account SID", r"AC[0-9a-f]{32}", "medium"),
    _p("Twilio auth token", "32-hex token under a Twilio name", r"[a-f0-9]{32}", "high", keywords=("twilio",)),
    _p("SendGrid API key", "SendGrid key", r"SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43}", "high"),
    _p("Mailgun API key", "Mailgun key", r"key-[a-f0-9]{32}", "high"),
    _p("Mailchimp API key", "Mailchimp key", r"[0-9a-f]{32}-us\d{1,2}", "high"),
    _p("Resend API key", "Resend key", r"re_[A-Za-z0-9]{6,12}_[A-Za-z0-9]{20,32}", "high"),
    # --- payments -------------------------------------------------------------------------------
    _p("Clerk secret key", "sk_ key under a Clerk name", r"sk_(?:live|test)_[A-Za-z0-9]{20,120}", "high", keywords=("clerk",)),
    _p("Stripe secret key", "Stripe live secret key", r"[sr]k_live_[A-Za-z0-9]{20,120}", "critical", priority=60),
    _p("Stripe test key", "Stripe test secret key", r"[sr]k_test_[A-Za-z0-9]{20,120}", "medium", priority=60),
    _p("Stripe webhook secret", "Stripe webhook signing secret", r"whsec_[A-Za-z0-9]{32,}", "high"),
    _p("Square token", "Square token", r"sq0(?:atp|csp)-[0-9A-Za-z_\-]{22,60}|EAAA[A-Za-z0-9_\-]{60}", "high"),
    _p("PayPal Braintree token", "Braintree access token",
       r"access_token\$production\$[0-9a-z]{16}\$[0-9a-f]{32}", "critical"),
    _p("Shopify token", "Shopify access token", r"shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}", "high"),
    _p("Mollie token", "Mollie organization access token", r"access_[A-Za-z0-9]{40}", "high"),
    _p("Mollie API key", "live_/test_ key under a Mollie name", r"(?:live|test)_[A-Za-z0-9]{30}", "high", keywords=("mollie",)),
)
"""All own formats; see ``detect`` for how they combine with detect-secrets' plugins."""


class PublicFormat(Frozen):
    """A key its vendor documents as safe to publish (shipped to browsers and mobile apps)."""

    name: str
    prefix: str
    """Literal start of every such key: the cheap test before the expression."""
    pattern: str
    why: str


PUBLIC_FORMATS: tuple[PublicFormat, ...] = (
    PublicFormat("Stripe publishable key", "pk_", r"pk_(?:live|test)_[A-Za-z0-9]{16,120}",
                 "Stripe documents publishable keys as safe to embed in web and mobile apps"),
    PublicFormat("Supabase publishable key", "sb_publishable_", r"sb_publishable_[A-Za-z0-9_\-]{16,64}",
                 "Supabase publishable keys are meant for browsers (row-level security guards data)"),
    PublicFormat("Mailgun public validation key", "pubkey-", r"pubkey-[a-f0-9]{32}",
                 "Mailgun public keys only validate addresses, from browsers"),
    PublicFormat("PostHog project key", "phc_", r"phc_[A-Za-z0-9]{32,48}",
                 "PostHog project keys are embedded in every page that sends events"),
    PublicFormat("Mapbox public token", "pk.eyJ", r"pk\.eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{10,}",
                 "Mapbox public (pk.) tokens are meant for client-side maps; sk. tokens are secret"),
)
"""Public-by-design key formats: never reported as leaked secrets (see ``structure``)."""

PUBLIC_JWT_ROLES = frozenset(("anon",))
"""JWT ``role`` claims that mark a key as public: Supabase's ``anon`` key ships to browsers (its
``service_role`` key bypasses row-level security and is a secret)."""

DOCUMENTED_EXAMPLES = frozenset((
    # sha256 of sample keys printed in vendor documentation (random-looking, so neither the
    # example-value checks nor a checksum can tell): Stripe API reference test keys (2),
    # Slack API docs bot token, HashiCorp Vault docs tokens (2), Mailgun docs API key, Stripe
    # docs publishable test keys (2). Digests, not values: the package carries no key text.
    "2cafc0970149a84f3b9e62eaf169f36f59907a3b3e31f7b82e68c69cd27f7326",
    "f2d6ca16515033e5dce14eba840b979d27b5cbae24bb3e5bf484339667f86397",
    "2ddc147f3a3b5a1722b8ed6be3c45c49a7156b17fca5d11410137a6d04def6eb",
    "b4c30a055b8179dee041a7d8a13877333ece120397d020698480c4bec1d546b9",
    "f13f228f48eaf87000b19ef9ee72656e80a358efd1205b53a3fb9f479dcdef5b",
    "9c846fdf0fa8955c377d0301542ee20ecd4585c5f359aa0a4cf15d44424f573d",
    "b1471f544ceeea31333bde7e1ecbaad6eac0d4a749412ad29bd66ef895b81c6b",
    "5895b89c8fb33402a5bfc23aad5aaf863fbb438a51e1a0bb02b0ce618c8fdf9d",
))
"""Documentation sample keys, by digest: reported as examples, never as leaks."""

PUBLIC_DSN_HOSTS = ("sentry.io", "ingest.sentry.io", "ingest.us.sentry.io", "ingest.de.sentry.io")
"""Hosts whose URL userinfo is a public key: Sentry DSNs are embedded in client code."""


def public_format(text: str) -> str | None:
    """The reason ``text`` (a whole detected value) is public by design, or None."""
    v = text.strip()
    for fmt in PUBLIC_FORMATS:
        if v.startswith(fmt.prefix) and re.fullmatch(fmt.pattern, v):
            return f"public by design: {fmt.name}"
    return None


# --- the gate: needles and shortest match, read from each pattern ------------------------------

Clauses = tuple[tuple[str, ...], ...]
"""Needles of a format: every match holds, for each clause, at least one of its strings."""


class _Unsupported(Exception):
    """Syntax the reader below does not know: the format is then never gated (always run)."""


_ESCAPED_CLASSES = frozenset("dDsSwW")
_ZERO_WIDTH_ESCAPES = frozenset("bBAZ")


def analyse(pattern: str) -> tuple[Clauses, int]:
    """``(clauses, shortest)`` for a regular expression: every match holds one string of each
    clause (``(("sk-",), ("T3BlbkFJ",))``; none when no literal is known) and is at least
    ``shortest`` characters long. The most selective clause comes first.

    Reads the subset of the syntax the table uses (literals, escapes, classes, groups,
    alternatives, lookarounds, quantifiers) and stays conservative: anything else makes the
    answer ``((), 0)``, which only costs speed.
    """
    try:
        clauses, width, end = _alternation(pattern, 0)
    except (_Unsupported, IndexError, ValueError):
        return (), 0
    return (clauses, width) if end == len(pattern) else ((), 0)


def _selectivity(clause: tuple[str, ...]) -> tuple[int, int]:
    return min(len(n) for n in clause), -len(clause)


def _alternation(s: str, i: int) -> tuple[Clauses, int, int]:
    """Branches up to an unmatched ``)`` or the end: one clause joining each branch's best
    clause (none if a branch has none), and the shortest branch width."""
    clauses, width, i = _sequence(s, i)
    branches, widths = [clauses], [width]
    while i < len(s) and s[i] == "|":
        clauses, width, i = _sequence(s, i + 1)
        branches.append(clauses)
        widths.append(width)
    if len(branches) == 1:
        return branches[0], width, i
    if any(not c for c in branches):
        return (), min(widths), i
    return (tuple(dict.fromkeys(n for c in branches for n in c[0])),), min(widths), i


def _sequence(s: str, i: int) -> tuple[Clauses, int, int]:
    """Atoms up to ``|``, ``)`` or the end: every clause they require, their summed width."""
    found: list[tuple[str, ...]] = []
    run = ""
    width = 0
    while i < len(s) and s[i] not in "|)":
        literal, clauses, atom_width, zero_width, i = _atom(s, i)
        low, quantified, i = _quantifier(s, i)
        if zero_width and quantified:
            raise _Unsupported(s)
        width += atom_width * low
        if literal is not None and (not quantified or low >= 1):
            run += literal  # a repeated literal ends the run: the next atom follows its last copy
            if quantified:
                found.append((run,))
                run = literal
            continue
        if run:
            found.append((run,))
        run = ""
        if low >= 1:
            found.extend(clauses)
    if run:
        found.append((run,))
    return _pruned(found), width, i


def _pruned(clauses: list[tuple[str, ...]]) -> Clauses:
    """Distinct clauses, most selective first, without those another one implies (``-`` once
    ``sk-ant-`` is required)."""
    ordered = sorted(dict.fromkeys(clauses), key=_selectivity, reverse=True)
    kept: list[tuple[str, ...]] = []
    for clause in ordered:
        if not any(all(any(n in m for n in clause) for m in other) for other in kept):
            kept.append(clause)
    return tuple(kept)


def _atom(s: str, i: int) -> tuple[str | None, Clauses, int, bool, int]:
    """One atom at ``i``: (literal char or None, clauses, width, zero-width, next index)."""
    c = s[i]
    if c == "(":
        zero_width = s.startswith(("(?=", "(?!", "(?<=", "(?<!"), i)
        if s.startswith("(?:", i):
            start = i + 3
        elif s.startswith("(?P<", i):
            start = s.index(">", i) + 1
        elif zero_width:
            start = i + (4 if s.startswith("(?<", i) else 3)
        elif s.startswith("(?", i):
            raise _Unsupported(s)  # inline flags, conditionals, comments
        else:
            start = i + 1
        clauses, width, end = _alternation(s, start)
        if s[end] != ")":
            raise _Unsupported(s)
        if zero_width:
            return None, (), 0, True, end + 1
        return None, clauses, width, False, end + 1
    if c == "[":
        j = i + 1
        if s[j] == "^":
            j += 1
        if s[j] == "]":
            j += 1
        while s[j] != "]":
            if s[j] == "[":
                raise _Unsupported(s)
            j += 2 if s[j] == "\\" else 1
        return None, (), 1, False, j + 1
    if c == "\\":
        e = s[i + 1]
        if not e.isascii():
            raise _Unsupported(s)
        if e.isalnum():
            if e in _ESCAPED_CLASSES:
                return None, (), 1, False, i + 2
            if e in _ZERO_WIDTH_ESCAPES:
                return None, (), 0, True, i + 2
            raise _Unsupported(s)  # \n, \t, \x.., back-references: not needed by the table
        return e, (), 1, False, i + 2
    if c == ".":
        return None, (), 1, False, i + 1
    if c in "^$":
        return None, (), 0, True, i + 1
    if c in "*+?{}]":
        raise _Unsupported(s)
    return c, (), 1, False, i + 1


def _quantifier(s: str, i: int) -> tuple[int, bool, int]:
    """(minimum repetitions, whether a quantifier was there, next index)."""
    if i >= len(s) or s[i] not in "?*+{":
        return 1, False, i
    c = s[i]
    if c == "{":
        end = s.index("}", i)
        low_text, _, high_text = s[i + 1 : end].partition(",")
        if not (low_text.isdigit() or (not low_text and high_text.isdigit())) or not (high_text.isdigit() or not high_text):
            raise _Unsupported(s)
        low, i = int(low_text or 0), end + 1
    else:
        low, i = (1 if c == "+" else 0), i + 1
    if i < len(s) and s[i] in "?+":  # lazy or possessive: same repetitions
        i += 1
    return low, True, i


_LEADING_LITERAL = lazy_compile(r"[^.^$*+?{}\[\]\\|()]*")


def first_needles(body: str) -> tuple[str, ...]:
    """The cheap first test of a format: its literal start (``ghp_``), else the first clause
    :func:`analyse` finds. Every match holds one of these strings.

    The literal start is read with one expression: analysing all 122 formats up front would
    cost a start-up several milliseconds; the full analysis waits for a value that passes this.
    """
    if "|" not in body or not _top_level_bar(body):
        prefix = _LEADING_LITERAL.compiled.match(body).group()
        if body[len(prefix) : len(prefix) + 1] in ("?", "*", "{"):
            prefix = prefix[:-1]  # its last character may be optional (or repeated: cut, to be safe)
        if prefix:
            return (prefix,)
    clauses, _ = analyse(body)
    return clauses[0] if clauses else ()


def _top_level_bar(body: str) -> bool:
    """Whether ``body`` has an alternative outside any group (``a|b``, not ``a(?:b|c)``)."""
    depth, escaped, in_class = 0, False, False
    for c in body:
        if escaped:
            escaped = False
        elif c == "\\":
            escaped = True
        elif in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return True
    return False


class _Gate:
    """The first test of every format without keywords, built once per process on first use."""

    __slots__ = ("needles", "by_needle", "always")

    def __init__(self) -> None:
        by_needle: dict[str, list[int]] = {}
        always: set[int] = set()
        for index, provider in enumerate(PROVIDERS):
            if provider.keywords:
                continue
            needles = first_needles(provider.body)
            if not needles:
                always.add(index)
            for needle in needles:
                by_needle.setdefault(needle, []).append(index)
        self.needles = tuple(by_needle)
        """Every distinct first needle."""
        self.by_needle = {needle: tuple(indexes) for needle, indexes in by_needle.items()}
        """Needle -> positions in ``PROVIDERS`` of the formats it is a first needle of."""
        self.always = frozenset(always)
        """Formats without a known needle: considered for every value."""


@functools.cache
def _gate() -> _Gate:
    return _Gate()


@functools.cache
def _analysis(index: int) -> tuple[Clauses, int]:
    """:func:`analyse` of one format, on the first value that passes its first test."""
    return analyse(PROVIDERS[index].body)


@functools.lru_cache(maxsize=1024)
def _keyed_for(name: str) -> tuple[int, ...]:
    """Positions of the keyword-gated formats whose keywords stand in ``name``."""
    return tuple(i for i, p in enumerate(PROVIDERS) if p.keywords and matches_keywords(name, p.keywords))


def _holds(text: str, clauses: Clauses) -> bool:
    return all(any(needle in text for needle in clause) for clause in clauses)


def candidates(text: str, name: str | None) -> list[Provider]:
    """The formats that may match in ``text``, in table order (the order decides ties).

    ``name``: the credential-like name the value sits under, or None when keyword-gated
    formats must not apply. A format is left out only when ``text`` lacks the needles of one
    of its clauses or is shorter than its shortest match, so the result matches running
    every format.
    """
    gate = _gate()
    present = [needle for needle in gate.needles if needle in text]
    if not present and not gate.always and name is None:
        return []
    chosen = set(gate.always)
    for needle in present:
        chosen.update(gate.by_needle[needle])
    if name is not None:
        chosen.update(_keyed_for(name))
    n = len(text)
    found = []
    for index in sorted(chosen):
        clauses, shortest = _analysis(index)
        if shortest <= n and _holds(text, clauses):
            found.append(PROVIDERS[index])
    return found


class PluginLabel(Frozen):
    """How a detect-secrets plugin's ``secret_type`` is shown; priorities sit below own formats."""

    name: str
    severity: str
    kind: str = "provider"
    priority: int = 40


DETECT_SECRETS_LABELS: dict[str, PluginLabel] = {
    "AWS Access Key": PluginLabel("AWS access key", "critical"),
    "GitHub Token": PluginLabel("GitHub token", "critical"),
    "GitLab Token": PluginLabel("GitLab token", "critical"),
    "Slack Token": PluginLabel("Slack token", "high"),
    "Stripe Access Key": PluginLabel("Stripe secret key", "critical"),
    "OpenAI Token": PluginLabel("OpenAI API key", "high"),
    "JSON Web Token": PluginLabel("JSON Web Token", "high", "jwt", 25),
    "Twilio API Key": PluginLabel("Twilio API key", "high"),
    "SendGrid API Key": PluginLabel("SendGrid API key", "high"),
    "NPM tokens": PluginLabel("npm token", "critical"),
    "PyPI Token": PluginLabel("PyPI token", "critical"),
    "Azure Storage Account access key": PluginLabel("Azure storage account key", "critical"),
    "Discord Bot Token": PluginLabel("Discord bot token", "high"),
    "Mailchimp Access Key": PluginLabel("Mailchimp API key", "high"),
    "Square OAuth Secret": PluginLabel("Square OAuth secret", "high"),
    "Telegram Bot Token": PluginLabel("Telegram bot token", "high"),
    "Artifactory Credentials": PluginLabel("Artifactory credential", "high"),
    "IBM Cloud IAM Key": PluginLabel("IBM Cloud IAM key", "high"),
    "IBM COS HMAC Credentials": PluginLabel("IBM COS HMAC credential", "high"),
    "Cloudant Credentials": PluginLabel("Cloudant credential", "high"),
    "SoftLayer Credentials": PluginLabel("SoftLayer credential", "high"),
}
"""Plugins used, by ``secret_type``. Left out on purpose: the keyword and high-entropy plugins
(mcplint judges names and shapes itself, with placeholders filtered first), basic-auth (URL
userinfo is parsed in ``urls``), private-key (it reports the ``BEGIN`` line only; the own format
covers the whole block) and public-IP (not a secret)."""

DETECT_SECRETS_PLUGINS: tuple[tuple[str, str], ...] = (
    ("detect_secrets.plugins.aws", "AWSKeyDetector"),
    ("detect_secrets.plugins.github_token", "GitHubTokenDetector"),
    ("detect_secrets.plugins.gitlab_token", "GitLabTokenDetector"),
    ("detect_secrets.plugins.slack", "SlackDetector"),
    ("detect_secrets.plugins.stripe", "StripeDetector"),
    ("detect_secrets.plugins.openai", "OpenAIDetector"),
    ("detect_secrets.plugins.jwt", "JwtTokenDetector"),
    ("detect_secrets.plugins.twilio", "TwilioKeyDetector"),
    ("detect_secrets.plugins.sendgrid", "SendGridDetector"),
    ("detect_secrets.plugins.npm", "NpmDetector"),
    ("detect_secrets.plugins.pypi_token", "PypiTokenDetector"),
    ("detect_secrets.plugins.azure_storage_key", "AzureStorageKeyDetector"),
    ("detect_secrets.plugins.discord", "DiscordBotTokenDetector"),
    ("detect_secrets.plugins.mailchimp", "MailchimpDetector"),
    ("detect_secrets.plugins.square_oauth", "SquareOAuthDetector"),
    ("detect_secrets.plugins.telegram_token", "TelegramBotTokenDetector"),
    ("detect_secrets.plugins.artifactory", "ArtifactoryDetector"),
    ("detect_secrets.plugins.ibm_cloud_iam", "IbmCloudIamDetector"),
    ("detect_secrets.plugins.ibm_cos_hmac", "IbmCosHmacDetector"),
    ("detect_secrets.plugins.cloudant", "CloudantDetector"),
    ("detect_secrets.plugins.softlayer", "SoftlayerDetector"),
)

"""Values that stand for a secret without being one.

Templating is the dominant false positive in MCP configs: every client has its own variable
syntax, documentation ships template markers (``<YOUR_KEY>``, ``your-api-key-here``) and teams
point at secret managers (``op://vault/item/field``). Nothing here is ever reported.
"""

from __future__ import annotations

import re
from functools import lru_cache

from mcplint._lazyre import lazy_compile

MASK = "\x00"
"""Stands in for each character of a variable reference so offsets survive masking."""

_VARIABLE_REFERENCES = (
    r"\$\{\{[^{}]*\}\}",  # ${{ secrets.X }}, ${{ inputs.X }}  (Continue, GitHub Actions)
    r"\$\{(?:[^{}]|\{[^{}]*\})*\}",  # ${VAR} ${VAR:-default} ${env:VAR} ${input:id} ${file:/p}
    r"\{\{[^{}]+\}\}",  # {{ VAR }}  mustache / jinja
    r"\{(?:env|file|input|inputs|secret|secrets|vault|var|vars):[^{}]*\}",  # {env:VAR} {file:p}  (opencode)
    r"\{[A-Za-z_][A-Za-z0-9_.\-]*\}",  # {secret} {api_key}  format fields
    r"\$\([^()]*\)",  # $(command)  (Crush)
    r"(?<![A-Za-z0-9$\\])\$(?:[A-Z_][A-Z0-9_]*|[a-z_][a-z0-9_]*)(?![A-Za-z0-9])",  # $VAR
    r"%[A-Za-z_][A-Za-z0-9_]*%",  # %VAR%  (Windows)
    r"@[A-Z_][A-Z0-9_]*@",  # @VAR@  (autoconf-style)
    r"<[A-Za-z][A-Za-z0-9 _\-.:/]{0,60}>",  # <YOUR_KEY> <token> <api key>
    r"\[[A-Za-z][A-Za-z0-9 _\-.]{0,60}\]",  # [YOUR-PASSWORD] [API_KEY]
)
PLACEHOLDER_RE = lazy_compile("|".join(_VARIABLE_REFERENCES))

_SECRET_REFERENCE_RE = lazy_compile(
    r"""^(?:
        (?:op|vault|gcp-secret|gcpsm|gsm|sm|awssm|aws-sm|ssm|secretsmanager|azkv|akv|keyvault
          |azure-keyvault|doppler|infisical|bws|bitwarden|onepassword|keychain|keyring|pass
          |secret|secrets|sops|ref\+[a-z0-9]+)://\S+
      | vault:\S+
      | arn:aws[a-z-]*:(?:secretsmanager|ssm|kms):\S+
      | https://[A-Za-z0-9-]+\.vault\.azure\.net/(?:secrets|keys)/\S*
      | projects/[^/\s]+/secrets/[^/\s]+(?:/versions/[^/\s]+)?
      | !secret\s+\S+
    )$""",
    re.VERBOSE,
)

_ABSOLUTE_MARKERS = frozenset(
    """your yours youre replace replaceme insert placeholder changeme changeit redacted todo
    tbd fixme dummy example examples sample fake lorem ipsum here enter paste fillme notset
    unset""".split()
)
"""A word that, standing on its own inside a value, makes the whole value a template."""

_VOCABULARY = frozenset(
    """api apikey apikeys key keys token tokens secret secrets password passwd pass pwd
    passphrase auth authorization access bearer basic client credential credentials cred creds
    private personal pat value my the a an for of to goes put xxx abc xyz foo bar baz qux test
    tests testing demo none null nil undefined empty default string str random some any
    anything something dev development prod production staging local new old secure super top
    real actual valid invalid bot app application user username hidden masked mask set me it
    this that with from org organization project service account team workspace id env var
    variable config configuration setting settings required optional generate generated
    create created get obtain copy provide provided use used own x n v1 v2 api03 admin01 ant
    proj svcacct or live sk pk rk ghp gho ghu ghs ghr github glpat gitlab xoxb xoxp xoxa xoxe
    xapp slack hf huggingface hugging face npm pypi aiza google gemini openai anthropic claude
    tvly tavily fc firecrawl pplx perplexity gsk groq xai grok napi neon sbp supabase lin
    linear ntn notion figd figma pcsk pinecone re resend dop digitalocean sg sendgrid pmak
    postman bsa brave search aws azure gcp cloudflare vercel stripe twilio sentry datadog dd
    exa mistral cohere elevenlabs deepseek openrouter replicate jira confluence atlassian sonar
    sonarqube context7 smithery mollie render heroku netlify shopify discord telegram jwt oauth
    webhook url endpoint mcp server sdk cli anonymous public guest dashboard console portal
    page""".split()
)
"""Words that make up template text (``YOUR_OPENAI_API_KEY_HERE``, ``sk-your-key``)."""

DEFAULT_PASSWORDS = frozenset(
    """password passwd pass pwd secret postgres root admin guest user test example changeme
    mysql redis neo4j mongo mongodb default demo sample dummy x xxx none null""".split()
)
"""Passwords shipped in documentation and local dev setups (``postgres:postgres@localhost``,
``NEO4J_PASSWORD=neo4j``); reporting them would drown real findings."""

_FILLER_CHARS = "xX*.•…#?_- 0"
"""Filler (``xxxx``, ``****``, ``...``, ``----``): three or more of these and nothing else."""
_SEGMENT_RE = lazy_compile(r"[A-Za-z0-9]+")
_CAMEL_RE = lazy_compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+")
_BRACKETED_RE = lazy_compile(r"<[A-Za-z][\w .:/\-]{0,79}>|\[[A-Za-z][\w .\-]{0,79}\]|\{[A-Za-z][\w .:\-]{0,79}\}")
_SCHEME_WORDS_RE = lazy_compile(r"(?i)\b(?:bearer|basic|token|bot|apikey|api-key|digest)\b")
_MEMO = 8192
"""Entries kept by each memo below: configs repeat the same values (``npx``, ``-y``, package
names, ``${env:X}``) across servers and files."""


_DEFAULT_RE = lazy_compile(r"(\$\{[A-Za-z_][A-Za-z0-9_]*:?[-=])(.*)\}", re.DOTALL)
_MASK_TRIGGERS = frozenset("${%<[@")
_AT = frozenset("@")
_AT_VARIABLE_START = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ_")


def _mask_reference(m: re.Match[str]) -> str:
    text = m.group()
    default = _DEFAULT_RE.compiled.fullmatch(text) if text.startswith("${") else None
    if default:  # ${VAR:-fallback}: the fallback is a literal and stays visible
        return MASK * len(default.group(1)) + mask(default.group(2)) + MASK
    return MASK * len(text)


def fallback_span(value: str) -> tuple[int, int] | None:
    """Where the literal fallback sits when ``value`` is one ``${VAR:-fallback}`` reference."""
    stripped = value.strip()
    m = _DEFAULT_RE.compiled.fullmatch(stripped) if stripped.startswith("${") else None
    if not m or not m.group(2):
        return None
    start = value.index(m.group(0)) + m.start(2)
    return start, start + len(m.group(2))


def mask(value: str) -> str:
    """``value`` with every variable reference replaced by ``MASK`` characters (same length).

    The fallback of ``${VAR:-fallback}`` is kept: a literal default is as hardcoded as any.
    """
    triggers = _MASK_TRIGGERS.intersection(value)
    if not triggers or (triggers == _AT and not _at_variable(value)):
        return value  # (npm scopes and versions: "@scope/pkg@1.2" holds no @VAR@)
    return _masked(value)


def _at_variable(value: str) -> bool:
    """An ``@`` followed by an upper-case letter or ``_``: how every ``@VAR@`` starts."""
    return any(part[:1] in _AT_VARIABLE_START for part in value.split("@")[1:])


@lru_cache(maxsize=_MEMO)
def _masked(value: str) -> str:
    return PLACEHOLDER_RE.compiled.sub(_mask_reference, value)


def is_secret_reference(value: str) -> bool:
    """A pointer into a secret manager (``op://``, ``vault:``, an AWS Secrets Manager ARN, ...)."""
    v = value.strip()
    # Every form holds ":" (a scheme, ``vault:``, ``arn:``), "/secrets/" or starts "!secret":
    # other values skip the expression (and its compilation).
    if ":" not in v and "/secrets/" not in v and not v.startswith("!secret"):
        return False
    return bool(_SECRET_REFERENCE_RE.compiled.match(v))


def _repeated(word: str) -> bool:
    """One character three or more times (``xxxxxxxx``, ``00000000``); as ``(.)\\1{2,}``."""
    return len(word) >= 3 and word[0] != "\n" and word.count(word[0]) == len(word)


def _words(value: str) -> list[tuple[str, bool]]:
    """Alphanumeric words of ``value``; each with whether it stood alone between delimiters."""
    words: list[tuple[str, bool]] = []
    for segment in _SEGMENT_RE.compiled.findall(value):
        if segment.isalpha() and len(segment) <= 40:
            if segment.islower() or segment.isupper() or segment.istitle():  # one word, as the split gives
                words.append((segment, True))
                continue
            parts = _CAMEL_RE.compiled.findall(segment)
            words.extend((p, len(parts) == 1) for p in parts)
        else:
            words.append((segment, True))
    return words


def _known(word: str) -> bool:
    low = word.lower()
    if len(word) == 1 or word.isdigit() or low in _VOCABULARY or low in _ABSOLUTE_MARKERS:
        return True
    if _repeated(word):  # xxxxxxxx, 00000000
        return True
    stem = low.rstrip("0123456789")
    return stem != low and len(low) - len(stem) <= 4 and stem in _VOCABULARY  # key1, test123


@lru_cache(maxsize=_MEMO)
def is_template_marker(value: str) -> bool:
    """Documentation filler: ``<YOUR_KEY>``, ``your-api-key-here``, ``ghp_xxxx``, ``****``, ``sk-...``."""
    v = value.strip()
    if not v or len(v) > 200 or "://" in v:
        return False
    if (v[0] in "<[{" and _BRACKETED_RE.compiled.fullmatch(v)) or (len(v) >= 3 and not v.strip(_FILLER_CHARS)):
        return True
    if v.endswith("EXAMPLE") and v[:-7].isalnum():  # AWS documentation keys: AKIA...EXAMPLE
        return True
    words = _words(v)
    if not words:
        return True  # punctuation only: "...", "***", "-"
    if any(alone and w.lower() in _ABSOLUTE_MARKERS for w, alone in words):
        return True
    if not any(w.isalpha() and len(w) > 1 for w, _ in words) and not any(_repeated(w) for w, _ in words):
        return False  # digits and single letters only: a number or a code, not a template
    return all(_known(w) for w, _ in words)


def is_placeholder(value: str) -> bool:
    """True when ``value`` holds no literal secret: a variable reference (any client's syntax,
    alone or behind a scheme such as ``Bearer ${env:TOKEN}``), a secret-manager reference, or a
    template marker."""
    if not isinstance(value, str):
        return True
    return _is_placeholder(value)


@lru_cache(maxsize=_MEMO)
def _is_placeholder(value: str) -> bool:
    v = value.strip()
    if not v or is_secret_reference(v):
        return True
    masked = mask(v)
    if MASK in masked:
        literal = _SCHEME_WORDS_RE.compiled.sub(" ", masked.replace(MASK, " "))
        words = _words(literal)
        return not words or ("://" not in v and all(_known(w) for w, _ in words))
    return is_template_marker(v)

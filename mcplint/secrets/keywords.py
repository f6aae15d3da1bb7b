"""Credential-like names: env vars, flags, headers, query parameters, config keys.

The name a value sits under is half the evidence for a generic (format-less) secret. Names are
split into lower-case words (``GITHUB_PERSONAL_ACCESS_TOKEN``, ``clientSecret``,
``--figma-api-key``, ``X-Api-Key`` all work) and judged by their last credential word and what
follows it: ``TOKEN_URL``, ``MAX_TOKENS``, ``API_KEY_HEADER`` name something else.
"""

from __future__ import annotations

import enum
from functools import lru_cache

from mcplint._lazyre import lazy_compile


class NameClass(enum.Enum):
    NONE = "none"
    SECRET = "secret"  # token, api key, client secret, ...: the value must look random
    PASSWORD = "password"  # password, passphrase: short human values count too
    AUTHORIZATION = "authorization"  # an Authorization header: "<scheme> <credential>"


_PASSWORD_WORDS = frozenset("password passwd pwd pass passphrase pw passcode".split())
_SECRET_WORDS = frozenset(
    """token secret secrets apikey apikeys credential credentials cred creds bearer pat
    accesstoken authtoken apitoken secretkey privatekey clientsecret refreshtoken sessiontoken
    bottoken accesskey signingkey mnemonic cookie""".split()
)
_AUTH_WORDS = frozenset("auth oauth".split())
_KEY_WORDS = frozenset("key keys".split())
_KEY_NOT_SECRET = frozenset(
    """public publishable pub primary foreign sort partition cache idempotency lookup hot map row
    dict hash tag label shortcut route group cursor dedupe dedup unique composite object bucket
    name field value column index sort s3 ssh gpg host file path the this site recaptcha""".split()
)
"""Words before ``key`` that make it not a secret (``PUBLIC_KEY``, ``SORT_KEY``, ``S3_KEY``)."""

_NOT_AFTER = frozenset(
    """url uri urls endpoint endpoints host hostname port path paths file files dir directory
    folder name names type types mode method methods kind header headers env var vars variable
    variables id ids ttl expiry expires expiration exp lifetime age length len size count limit
    limits max min timeout enabled enable disabled disable required optional format scope scopes
    prefix suffix location region version hint help description desc label provider source
    store helper command cmd script field param params parameter parameters algorithm alg
    encoding policy rotation issuer audience user username usr email login account tenant org
    owner level budget usage cost price rate window template schema pattern regex validation
    check flag mask masked placeholder example sample strategy cache manager arn ref reference
    location mount server service endpoint domain realm uid address mint contract decimals symbol
    balance supply""".split()
)
"""Words that, after the credential word, show the value is about the secret, not the secret."""

SHORT_SECRET_FLAGS = frozenset(("-k", "-t"))
"""One-letter flags many CLIs give a key or token (``-k KEY``, ``-t TOKEN``): the value must still
look random, so ``-t image:tag`` and ``-k`` before a URL pass."""

_QUERY_SECRET_NAMES = frozenset(
    "key apikey api_key api-key token access_token auth auth_token sig signature secret client_secret password pwd pass".split()
)

_SPLIT_RE = lazy_compile(r"[^A-Za-z0-9]+")
_CAMEL_RE = lazy_compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
_SEPARATORS = str.maketrans("-.", "__")


@lru_cache(maxsize=4096)
def name_words(name: str) -> tuple[str, ...]:
    """``X-Api-Key`` -> ``("x", "api", "key")``; ``clientSecret`` -> ``("client", "secret")``."""
    words: list[str] = []
    for part in _parts(name):
        if part.isalpha() and (part.islower() or part.isupper() or part.istitle()) or part.isdigit():
            words.append(part.lower())  # one word: what the camel-case split would give
        elif part:
            words.extend(w.lower() for w in _CAMEL_RE.compiled.findall(part))
    return tuple(words)


def _parts(name: str) -> list[str]:
    """``name`` split on runs of characters other than ASCII letters and digits.

    Most names (``GITHUB_TOKEN``, ``--api-key``, ``X-Api-Key``) only use ``_``, ``-`` and
    ``.``; those are split with ``str.split``, the rest with the expression.
    """
    if name.isascii():
        joined = name.translate(_SEPARATORS)
        if joined.replace("_", "").isalnum():
            return joined.split("_")
    return _SPLIT_RE.compiled.split(name)


def normalized(name: str) -> str:
    """Words joined by ``_``: the form provider keywords are matched against."""
    return "_".join(name_words(name))


def _credential_index(words: tuple[str, ...]) -> tuple[int, NameClass]:
    """Position and class of the last credential word, or (-1, NONE)."""
    found = (-1, NameClass.NONE)
    for i, w in enumerate(words):
        prev = words[i - 1] if i else ""
        if w in _PASSWORD_WORDS:
            found = (i, NameClass.PASSWORD)
        elif w in _SECRET_WORDS or w in _AUTH_WORDS:
            found = (i, NameClass.SECRET)
        elif w == "authorization":
            found = (i, NameClass.AUTHORIZATION)
        elif w in _KEY_WORDS:
            if prev not in _KEY_NOT_SECRET and not (prev == "ssh" or words[:1] == ("ssh",)):
                found = (i, NameClass.SECRET)
        elif w == "sig" or w == "signature":
            found = (i, NameClass.SECRET)
        else:
            joined = _run_together(w)
            if joined is not NameClass.NONE:
                found = (i, joined)
    return found


_JOINED_PASSWORD = ("password", "passwd", "passphrase", "pwd")
_JOINED_SECRET = ("token", "secret", "apikey", "accesskey", "secretkey", "privatekey", "authkey")
_JOINED_KEY_STEMS = frozenset(
    """api access secret private auth client app master license admin service account openai
    anthropic claude github gitlab slack stripe google gemini groq mistral cohere deepseek
    openrouter perplexity tavily firecrawl brave exa pinecone supabase notion linear figma
    sentry datadog twilio sendgrid mailgun resend heroku vercel netlify cloudflare aws azure
    gcp jira atlassian confluence huggingface hf replicate elevenlabs voyage jina serper
    serp bing discord telegram shopify airtable asana hubspot zendesk postman npm pypi
    docker dockerhub digitalocean""".split()
)
"""Run-together ``<vendor>key`` names (``OPENAIKEY``, ``STRIPEKEY``): the stem must say whose
key it is, so ``hotkey``, ``monkey`` and ``turkey`` stay words."""


@lru_cache(maxsize=4096)
def _run_together(word: str) -> NameClass:
    """Credential words written without a separator: ``PGPASSWORD`` (libpq), ``DBPASSWORD``,
    ``GITHUBTOKEN``, ``OPENAIKEY``."""
    if len(word) < 5 or not word.isalpha():
        return NameClass.NONE
    for suffix in _JOINED_PASSWORD:
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            return NameClass.PASSWORD
    for suffix in _JOINED_SECRET:
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            return NameClass.SECRET
    if word.endswith("key") and word[:-3] in _JOINED_KEY_STEMS:
        return NameClass.SECRET
    return NameClass.NONE


@lru_cache(maxsize=4096)
def classify_name(name: str | None, *, query: bool = False) -> NameClass:
    """How strongly ``name`` says its value is a credential.

    ``query=True`` for URL query parameters, where short names such as ``key`` or ``sig`` are
    the usual way to pass a credential.
    """
    if not name:
        return NameClass.NONE
    if name in SHORT_SECRET_FLAGS:
        return NameClass.SECRET
    stripped = name.lstrip("-")
    if query and stripped.lower() in _QUERY_SECRET_NAMES:
        return NameClass.PASSWORD if stripped.lower() in ("password", "pwd", "pass") else NameClass.SECRET
    words = name_words(stripped)
    if not words:
        return NameClass.NONE
    index, cls = _credential_index(words)
    if cls is NameClass.NONE:
        return cls
    if any(w in _NOT_AFTER for w in words[index + 1 :]):
        return NameClass.NONE
    if cls is NameClass.SECRET and words[index] in ("sig", "signature") and not query:
        return NameClass.NONE
    if words[0] in ("public", "publishable", "pub") or "public" in words[:index]:
        return NameClass.NONE
    return cls


def is_credential_name(name: str | None) -> bool:
    return classify_name(name) is not NameClass.NONE


_CREDENTIAL_WORDS = _PASSWORD_WORDS | _SECRET_WORDS | _AUTH_WORDS | _KEY_WORDS | {"authorization", "sig", "signature"}
"""Every word that makes ``classify_name`` answer anything but NONE."""


@lru_cache(maxsize=1)
def _stems() -> tuple[str, ...]:
    """The credential words no other one contains (``pass`` covers ``passwd``, ``key`` covers
    ``apikey``): a name classed as a credential holds one of them, lower-cased."""
    return tuple(sorted(w for w in _CREDENTIAL_WORDS if not any(o != w and o in w for o in _CREDENTIAL_WORDS)))


def may_hold_credential_name(text: str) -> bool:
    """False when no part of ``text`` can be a name ``classify_name`` calls a credential.

    A quick test before looking for ``name=value`` pairs: such a name's words are lower-cased
    pieces of it, so one of the stems appears in ``text.lower()``.
    """
    low = text.lower()
    return any(stem in low for stem in _stems())


@lru_cache(maxsize=4096)
def _padded(name: str) -> str:
    return f"_{normalized(name)}_"


def matches_keywords(name: str | None, keywords: tuple[str, ...]) -> bool:
    """Whether any keyword (``deepseek``, ``aws_secret``) stands in ``name`` on word boundaries."""
    if not name or not keywords:
        return False
    padded = _padded(name)
    return any(f"_{kw}_" in padded for kw in keywords)


def hint_provider(name: str | None, cls: NameClass) -> str:
    """The provider label for a generic hit, from what the name says it is."""
    words = name_words(name or "")
    if cls is NameClass.PASSWORD:
        return "password"
    if "client" in words and "secret" in words:
        return "OAuth client secret"
    if cls is NameClass.AUTHORIZATION:
        return "bearer token"
    return "generic credential"

"""Finding literal credentials in one value, given where the value sits.

Evidence comes from two sides: the value's format (``ghp_...``, ``sk-ant-api03-...``, a JWT, a
PEM block, ``user:password@`` in a URL) and the name it sits under (``DB_PASSWORD``,
``--api-key``, ``X-API-Key``, ``?access_token=``). Variable references are masked first, so a
placeholder -- alone or inside a larger string -- never matches anything; cheap shape checks
come next, and detect-secrets' plugins run only for values with a token-like literal left.

Results are pure functions of the scanned text (and its name and placement), so they are
memoized per process: configs repeat the same values across servers and files. Expressions
are compiled on first use, and cheap string tests keep most values from needing them at all.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from mcplint._lazyre import lazy_compile
from mcplint.secrets.hit import SecretHit
from mcplint.secrets.keywords import NameClass, classify_name, hint_provider, may_hold_credential_name, name_words
from mcplint.secrets.placeholders import DEFAULT_PASSWORDS, MASK, fallback_span, is_placeholder, is_template_marker, mask
from mcplint.secrets.providers import Provider, candidates
from mcplint.secrets.structure import rejection
from mcplint.secrets.shapes import entropy, is_hex, is_path, is_uuid, is_wordy, looks_random, ordinary_shape

if TYPE_CHECKING:
    from mcplint.secrets.urls import UrlParts

PLACEMENTS = ("env", "arg", "header", "url", "field")
_PLACEMENT_SET = frozenset(PLACEMENTS)

ENV_FLAGS = frozenset(("-e", "--env", "--environment", "--env-var", "--set-env", "--build-arg"))
"""Flags whose value is ``KEY=VALUE`` (docker, podman, uvx ``--env``)."""
HEADER_FLAGS = frozenset(("-H", "--header", "--headers", "--http-header", "--add-header"))
"""Flags whose value is ``Name: value`` (curl, mcp-remote, supergateway)."""
USER_FLAGS = frozenset(("-u", "--user", "--basic-auth", "--userpass"))
"""Flags whose value is ``user:password`` (curl ``-u``)."""

_FLAG_RE = lazy_compile(r"(--?[A-Za-z][\w.\-]*)(?:=(.*))?", re.DOTALL)
_ENV_ASSIGN_RE = lazy_compile(r"([A-Za-z_][A-Za-z0-9_]*)=(.*)", re.DOTALL)
_HEADER_LINE_RE = lazy_compile(r"\s*([A-Za-z][A-Za-z0-9_\-]*)\s*:\s*(.*?)\s*", re.DOTALL)
_AUTH_VALUE_RE = lazy_compile(
    r"\s*(?P<scheme>Bearer|Basic|Token|Bot|Digest|ApiKey|Api-Key|SSWS|JWT|OAuth|Key)\s+(?P<cred>\S+)\s*", re.IGNORECASE
)
_INLINE_AUTH_RE = lazy_compile(
    r"(?i)\b(?:proxy-)?authorization\\?[\"']?\s*[:=]\s*\\?[\"']?(?P<scheme>bearer|basic|token)\s+(?P<cred>[^\s\"'\\,;]+)"
)
_ASSIGN_RE = lazy_compile(
    r"(?P<name>[A-Za-z_][A-Za-z0-9_.\-]{0,63})\\?[\"']?\s*(?:=|:)\s*\\?[\"']?(?P<value>[^\s\"'\\;,&{}()\[\]<>]+)"
)
_ARG_TOKEN_RE = lazy_compile(r"\"((?:[^\"\\]|\\.)*)\"|'([^']*)'|(\S+)")
_TOKENISH_RE = lazy_compile(r"[A-Za-z0-9_\-+/=.]{16,}")
_CANDIDATE_RE = lazy_compile(r"[A-Za-z0-9+/=_\-.~:]{16,}")
_PATH_ID_HOSTS = lazy_compile(
    r"(?:.+\.)?(?:github\.com|githubusercontent\.com|gitlab\.com|bitbucket\.org|huggingface\.co|"
    r"google\.com|youtube\.com|npmjs\.com|pypi\.org|docker\.io|ghcr\.io|notion\.so|notion\.site|figma\.com)"
)
_PATH_ID_MARKERS = frozenset("commit commits blob tree raw sha sha1 sha256 digest releases tag tags".split())
_KEY_ARMOR_RE = lazy_compile(r"-----[A-Z0-9 ]+-----|\\n|\s")
_SEGMENT_CHARS_RE = lazy_compile(r"[A-Za-z0-9_\-]+")
_COOKIE_PAIR_RE = lazy_compile(r"([^=;\s]+)=([^;]+)")

_KEYWORD_PRIORITY = 10
_URL_PRIORITY = 45
_AUTH_PRIORITY = 35
_MEMO = 8192
"""Entries kept by each memo: enough for the distinct values of thousands of configs."""


class _Found:
    """A hit with the priority that settles overlaps (see ``_resolve``); never changed once made."""

    __slots__ = ("hit", "priority")

    def __init__(self, hit: SecretHit, priority: int) -> None:
        self.hit = hit
        self.priority = priority


def _hit(value: str, start: int, end: int, provider: str, kind: str, severity: str, reason: str, priority: int) -> _Found:
    return _Found(SecretHit(provider, kind, severity, reason, start, end, value[start:end]), priority)


def _masked_in(masked: str, start: int, end: int) -> bool:
    return MASK in masked[start:end]


def _short(name: str) -> str:
    """A name as shown in a reason: trimmed, never long enough to carry a value."""
    name = name.strip()
    return name if len(name) <= 60 else name[:57] + "..."


# --- judging a literal -------------------------------------------------------------------------


def _literal_ok(literal: str, cls: NameClass) -> bool:
    """Whether ``literal``, found under a name of class ``cls``, is a credential."""
    v = literal.strip()
    if not v or is_placeholder(v):
        return False
    if cls is NameClass.PASSWORD:
        return len(v) >= 4 and v.lower() not in DEFAULT_PASSWORDS and ordinary_shape(v) not in (
            "boolean-like", "URL", "path", "variable name", "email address", "command-line flag", "empty",
            "dotted identifier",
        )
    return looks_random(v)


def _valid_jwt(token: str) -> bool:
    import base64  # (these imports: only JWT-shaped values get here)
    import binascii
    import json

    head = token.split(".", 1)[0]
    try:
        decoded = base64.urlsafe_b64decode(head + "=" * (-len(head) % 4))
        return isinstance(json.loads(decoded), dict)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return False


def _valid_private_key(block: str) -> bool:
    body = _KEY_ARMOR_RE.compiled.sub("", block)
    return len(body) >= 40 and entropy(body) >= 3.5 and not is_template_marker(body[:80])


def _provider_ok(provider: Provider, secret: str) -> bool:
    if provider.kind == "private-key":
        return _valid_private_key(secret)
    if entropy(secret) < provider.min_entropy or is_template_marker(secret):
        return False
    return provider.kind != "jwt" or _valid_jwt(secret)


# --- evidence sources --------------------------------------------------------------------------


def _providers(value: str, masked: str, name: str | None) -> list[_Found]:
    """Own provider formats: anywhere in the value, or the whole value for keyword-gated ones."""
    has_key_block = "PRIVATE KEY" in masked or "PuTTY-User-Key" in masked
    if not has_key_block and (len(masked) < 16 or not _TOKENISH_RE.compiled.search(masked)):
        return []  # every format is at least 16 token characters long
    found: list[_Found] = []
    stripped = masked.strip()
    lead = len(masked) - len(masked.lstrip())
    gated = classify_name(name) is not NameClass.NONE and MASK not in stripped
    for provider in candidates(masked, name if gated else None):
        if provider.keywords:
            m = provider.regex.fullmatch(stripped)
            matches = [(lead + m.start(), lead + m.end())] if m else []
        else:
            matches = [m.span() for m in provider.regex.finditer(masked)]
        for start, end in matches:
            secret = value[start:end]
            if _masked_in(masked, start, end) or not _provider_ok(provider, secret):
                continue
            reason = provider.variant if provider.keywords else f"matches the {provider.variant} format"
            found.append(_hit(value, start, end, provider.name, provider.kind, provider.severity, reason, provider.priority))
    return found


@lru_cache(maxsize=_MEMO)
def _has_candidate(masked: str) -> bool:
    """A token-like literal worth showing to detect-secrets (keeps its import off clean runs)."""
    if "PRIVATE KEY" in masked:
        return True
    if len(masked) < 16:
        return False  # a candidate is 16 characters or more
    for m in _CANDIDATE_RE.compiled.finditer(masked):
        piece = m.group()
        if not any(c.isdigit() for c in piece) or not any(c.isalpha() for c in piece):
            continue
        if entropy(piece) < 3.0 or is_wordy(piece) or is_path(piece):
            continue
        return True
    return False


def _plugins(value: str, masked: str, known: list[_Found]) -> list[_Found]:
    """detect-secrets' regex plugins, for formats the own table may not know.

    Text already matched by an own format is hidden from them: they would only repeat it.
    """
    for f in known:
        if f.priority > _KEYWORD_PRIORITY:
            masked = masked[: f.hit.start] + MASK * (f.hit.end - f.hit.start) + masked[f.hit.end :]
    if not _has_candidate(masked):
        return []
    from mcplint.secrets.plugins import plugin_matches

    found: list[_Found] = []
    for label, start, end in plugin_matches(masked):
        secret = value[start:end]
        if _masked_in(masked, start, end) or entropy(secret) < 3.0 or is_template_marker(secret) or is_wordy(secret):
            continue
        if value[end : end + 1].isalnum() or (start and value[start - 1].isalnum()):
            continue  # a piece of a longer token (a 21-character "AKIA..." is no AWS key id)
        reason = f"matches the {label.name} format (detect-secrets)"
        found.append(_hit(value, start, end, label.name, label.kind, label.severity, reason, label.priority))
    return found


def _url_path_tokens(value: str, masked: str, url: UrlParts) -> list[_Found]:
    from urllib.parse import unquote

    from mcplint.secrets.urls import PATH_RULES

    found: list[_Found] = []
    for rule in PATH_RULES:
        if rule.host.fullmatch(url.host.split(":")[0]):
            m = rule.path.match(url.path)
            if m:
                start, end = url.path_start + m.start("secret"), url.path_start + m.end("secret")
                if not _masked_in(masked, start, end) and not is_placeholder(value[start:end]):
                    reason = f"credential in the path of a {rule.provider.removesuffix(' key')}"
                    found.append(_hit(value, start, end, rule.provider, "url-credentials", rule.severity, reason, _URL_PRIORITY))
            return found
    if _PATH_ID_HOSTS.compiled.fullmatch(url.host.split(":")[0]):
        return found
    offset = url.path_start
    previous = ""
    for segment in url.path.split("/"):
        start, end = offset, offset + len(segment)
        offset = end + 1
        if not segment or _masked_in(masked, start, end):
            previous = segment
            continue
        literal = unquote(segment)
        cls = classify_name(previous, query=True) if previous else NameClass.NONE
        if cls is not NameClass.NONE and _literal_ok(literal, cls):
            reason = f"literal value after /{_short(previous)}/ in the URL path"
            found.append(_hit(value, start, end, "credential in URL", "url-credentials", "medium", reason, _URL_PRIORITY))
        elif previous.lower() not in _PATH_ID_MARKERS and _token_like_segment(literal):
            reason = "random token-like segment in the URL path"
            found.append(_hit(value, start, end, "token in URL path", "url-credentials", "medium", reason, 5))
        previous = segment
    return found


def _token_like_segment(segment: str) -> bool:
    """Long random path segments: account-bound keys some services put in their URLs."""
    n = len(segment)
    if n < 24 or is_uuid(segment) or is_template_marker(segment):
        return False
    if is_hex(segment):
        return n >= 32 and n != 40 and entropy(segment) >= 3.0  # 40 hex: a git commit
    if not _SEGMENT_CHARS_RE.compiled.fullmatch(segment) or is_wordy(segment):
        return False
    return (
        any(c.islower() for c in segment)
        and any(c.isupper() for c in segment)
        and any(c.isdigit() for c in segment)
        and entropy(segment) >= 4.0
    )


def _urls(value: str, masked: str) -> list[_Found]:
    """Passwords in userinfo, credentials in query parameters and in known path layouts."""
    from urllib.parse import unquote

    from mcplint.secrets.urls import DATABASE_SCHEMES, find_urls  # only values with "://" need these

    found: list[_Found] = []
    for url in find_urls(masked):
        if url.password_span:
            start, end = url.password_span
            password = unquote(value[start:end])
            if (
                password
                and not _masked_in(masked, start, end)
                and not is_placeholder(password)
                and password.lower() not in DEFAULT_PASSWORDS
                and password != url.user
            ):
                database = url.scheme in DATABASE_SCHEMES
                provider = "database URL with password" if database else "password in URL"
                reason = f"password in the userinfo of a {url.scheme}:// URL"
                found.append(_hit(value, start, end, provider, "url-credentials", "high", reason, _URL_PRIORITY))
        if url.user and not url.password_span:
            found.extend(_userinfo_token(value, masked, url))
        for param in url.params:
            pname = unquote(param.name)
            cls = classify_name(pname, query=True)
            if param.start == param.end or _masked_in(masked, param.start, param.end):
                continue
            raw = value[param.start : param.end]
            literal = unquote(raw)
            if literal != raw:  # percent-encoded: formats are only visible once decoded
                for f in _resolve(_providers(literal, mask(literal), pname)):
                    h = f.provider, f.kind, f.severity, f"{f.reason} (percent-encoded in the URL query)"
                    found.append(_hit(value, param.start, param.end, *h, _URL_PRIORITY + 10))
            if cls is NameClass.NONE:
                continue
            if _literal_ok(literal, cls):
                provider = "password in URL" if cls is NameClass.PASSWORD else "credential in URL query"
                severity = "high" if cls is NameClass.PASSWORD else "medium"
                reason = f"literal value in URL query parameter {_short(pname)}"
                found.append(_hit(value, param.start, param.end, provider, "url-credentials", severity, reason, _URL_PRIORITY))
        found.extend(_url_path_tokens(value, masked, url))
    return found


def _userinfo_token(value: str, masked: str, url: UrlParts) -> list[_Found]:
    """``https://TOKEN@host/``: a token given as the whole userinfo (git remotes, webhooks)."""
    from urllib.parse import unquote

    from mcplint.secrets.providers import PUBLIC_DSN_HOSTS

    start = url.user_start
    end = start + len(url.user or "")
    token = unquote(value[start:end])
    host = url.host.split(":")[0]
    if _masked_in(masked, start, end) or is_placeholder(token) or len(token) < 16:
        return []
    if any(host == h or host.endswith("." + h) for h in PUBLIC_DSN_HOSTS):
        return []  # a Sentry DSN's key is public by design
    if not looks_random(token):
        return []
    reason = f"token as the userinfo of a {url.scheme}:// URL"
    return [_hit(value, start, end, "token in URL", "url-credentials", "high", reason, _URL_PRIORITY)]


def _basic_is_placeholder(credential: str) -> bool:
    import base64
    import binascii

    try:
        decoded = base64.b64decode(credential + "=" * (-len(credential) % 4), validate=True).decode("utf-8")
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return False
    user, sep, password = decoded.partition(":")
    return bool(sep) and (not password or is_placeholder(password) or password.lower() in DEFAULT_PASSWORDS)


def _authorization(value: str, masked: str, *, header_named: bool, start: int = 0, end: int | None = None) -> list[_Found]:
    """``<scheme> <credential>`` as an Authorization header value (or any value shaped so)."""
    end = len(value) if end is None else end
    m = _AUTH_VALUE_RE.compiled.fullmatch(masked, start, end)
    if m:
        scheme, c_start, c_end = m.group("scheme"), m.start("cred"), m.end("cred")
    elif header_named:
        stripped = masked[start:end].strip()
        if not stripped or " " in stripped:
            return []
        c_start = masked.index(stripped, start)
        scheme, c_end = "", c_start + len(stripped)
    else:
        return []
    credential = value[c_start:c_end]
    if _masked_in(masked, c_start, c_end) or is_placeholder(credential) or len(credential) < 6:
        return []
    if not header_named and (is_wordy(credential) or not looks_random(credential)):
        return []  # "Token expired" in a description is not a credential
    where = "in an Authorization header" if header_named else f"after the {scheme} scheme"
    if scheme.lower() == "basic":
        if _basic_is_placeholder(credential):
            return []
        provider, reason = "HTTP Basic credentials", f"literal Basic credentials {where}"
    else:
        provider, reason = "bearer token", f"literal {'bearer token' if scheme else 'credential'} {where}"
    return [_hit(value, c_start, c_end, provider, "keyword", "high", reason, _AUTH_PRIORITY)]


def _assignments(value: str, masked: str) -> list[_Found]:
    """``name=value`` / ``"name": "value"`` pairs inside a larger string (JSON in an argument,
    connection strings, shell snippets)."""
    found: list[_Found] = []
    if not masked.isascii() or "authorization" in masked.lower():  # (what every match holds)
        for m in _INLINE_AUTH_RE.compiled.finditer(masked):
            found.extend(_authorization(value, masked, header_named=True, start=m.start("scheme"), end=m.end("cred")))
    if not may_hold_credential_name(masked):
        return found  # no name below could be classed a credential
    connection_string = masked.count(";") >= 2
    for m in _ASSIGN_RE.compiled.finditer(masked):
        name = m.group("name")
        cls = classify_name(name)
        if cls in (NameClass.NONE, NameClass.AUTHORIZATION):
            continue
        start, end = m.span("value")
        if m.group("value").startswith("//") or _masked_in(masked, start, end):
            continue
        if _literal_ok(value[start:end], cls):
            if cls is NameClass.PASSWORD and connection_string:
                provider, kind, severity = "password in connection string", "url-credentials", "high"
            else:
                provider, kind, severity = hint_provider(name, cls), "keyword", "medium"
            reason = f"literal value under credential-like name {_short(name)}"
            found.append(_hit(value, start, end, provider, kind, severity, reason, _KEYWORD_PRIORITY))
    return found


def _cookie_pairs(value: str, masked: str) -> list[_Found]:
    found: list[_Found] = []
    for m in _COOKIE_PAIR_RE.compiled.finditer(masked):
        start, end = m.span(2)
        if not _masked_in(masked, start, end) and looks_random(value[start:end]):
            reason = f"literal value of cookie {_short(m.group(1))}"
            found.append(_hit(value, start, end, "session cookie", "keyword", "medium", reason, _KEYWORD_PRIORITY))
    return found


def _whole_value(value: str, masked: str, name: str | None, cls: NameClass) -> list[_Found]:
    """The generic rule: a literal that looks like a secret under a credential-like name.

    For ``${VAR:-fallback}`` the fallback is judged: it is used whenever VAR is unset.
    """
    if cls is NameClass.NONE:
        return []
    if MASK in masked:
        span = fallback_span(value)
        if span is None or MASK in masked[span[0] : span[1]]:
            return []
        start, end = span
    else:
        stripped = value.strip()
        start = value.index(stripped)
        end = start + len(stripped)
    if not _literal_ok(value[start:end], cls):
        return []
    reason = f"literal value under credential-like name {_short(name or '')}"
    return [_hit(value, start, end, hint_provider(name, cls), "keyword", "medium", reason, _KEYWORD_PRIORITY)]


def _user_password(value: str) -> list[_Found]:
    """``user:password`` given to ``-u`` / ``--user``."""
    user, sep, password = value.partition(":")
    start = len(user) + 1
    if not sep or not password or is_placeholder(password) or password.lower() in DEFAULT_PASSWORDS or password == user:
        return []
    if MASK in mask(value)[start:]:
        return []
    reason = "literal password in a user:password argument"
    return [_hit(value, start, len(value), "password in argument", "url-credentials", "high", reason, _URL_PRIORITY)]


# --- placements --------------------------------------------------------------------------------


def _named(value: str, name: str | None) -> list[_Found]:
    """A value under a name (env var, config key, flag): every source of evidence."""
    masked = mask(value)
    cls = classify_name(name)
    found = _providers(value, masked, name)
    if "://" in masked:
        found += _urls(value, masked)
    if cls is NameClass.AUTHORIZATION or (_two_words(masked) and _AUTH_VALUE_RE.compiled.fullmatch(masked)):
        found += _authorization(value, masked, header_named=cls is NameClass.AUTHORIZATION)
    elif ("=" in masked or ":" in masked) and (
        "://" not in masked or ";" in masked or len(masked.split()) > 1
    ):  # a lone URL's query is parsed by _urls
        found += _assignments(value, masked)
    if not found and cls is not NameClass.AUTHORIZATION:
        found += _whole_value(value, masked, name, cls)
    found += _plugins(value, masked, found)
    return found


def _two_words(text: str) -> bool:
    """Exactly two whitespace-separated words: the shape ``<scheme> <credential>`` needs."""
    return len(text.split(None, 2)) == 2


def _header(value: str, name: str | None) -> list[_Found]:
    if name is None:
        m = _HEADER_LINE_RE.compiled.fullmatch(value) if ":" in value else None
        if not m:
            return _named(value, None)
        return [_shift(f, m.start(2)) for f in _header(m.group(2), m.group(1))]
    if "cookie" in name_words(name):
        masked = mask(value)
        found = _providers(value, masked, name) + _cookie_pairs(value, masked)
        return found + _plugins(value, masked, found)
    return _named(value, name)


def _env_name(text: str) -> bool:
    """``text`` before its first ``=`` is a variable name: what ``_ENV_ASSIGN_RE`` needs."""
    head, eq, _ = text.partition("=")
    return bool(eq) and head.isascii() and (head[:1].isalpha() or head[:1] == "_") and head.replace("_", "a").isalnum()


def _env_assignment(text: str) -> list[_Found]:
    m = _ENV_ASSIGN_RE.compiled.fullmatch(text) if _env_name(text) else None
    if not m or is_placeholder(m.group(2)):
        return []
    return [_shift(f, m.start(2)) for f in _named(m.group(2), m.group(1))]


@lru_cache(maxsize=_MEMO)
def _arg(value: str, flag: str | None) -> tuple[_Found, ...]:
    """One argv element; ``flag`` is the flag right before it, if any (memoized: argv lists
    repeat ``-y``, package names and paths across servers)."""
    return tuple(_scan_arg(value, flag))


def _scan_arg(value: str, flag: str | None) -> list[_Found]:
    if is_placeholder(value):
        return []
    if flag in ENV_FLAGS:
        return _env_assignment(value)
    if flag in HEADER_FLAGS:
        return _header(value, None)
    if flag in USER_FLAGS:
        return _user_password(value)
    if flag and classify_name(flag) is not NameClass.NONE:
        return _named(value, flag)
    m = _FLAG_RE.compiled.fullmatch(value) if value[:1] == "-" else None
    if m and m.group(2) is not None:
        return [_shift(f, m.start(2)) for f in _arg(m.group(2), m.group(1))]
    if value.lstrip(" \"'\\").startswith(("{", "[")):  # JSON given as an argument
        return _named(value, flag)
    m = _HEADER_LINE_RE.compiled.fullmatch(value) if ":" in value else None
    if m and classify_name(m.group(1)) is not NameClass.NONE:
        return _header(value, None)
    if len(value.split()) > 1 and "://" not in value.split()[0]:
        return _command_line(value)
    if _env_name(value) and _ENV_ASSIGN_RE.compiled.fullmatch(value):
        return _env_assignment(value)
    return _named(value, None)


def _command_line(value: str) -> list[_Found]:
    """A whole command string (``command`` with spaces, ``bash -c "..."``): split and scan as argv."""
    items: list[tuple[str, int]] = []
    for m in _ARG_TOKEN_RE.compiled.finditer(value):
        group = next(g for g in (1, 2, 3) if m.group(g) is not None)
        items.append((m.group(group), m.start(group)))
    found = [f for _, f in _argv(items)]
    return found or _named(value, None)


def _argv(items: Sequence[tuple[str, int]]) -> list[tuple[int, _Found]]:
    """Scan argv elements (each with its offset), pairing flags with the value after them."""
    out: list[tuple[int, _Found]] = []
    pending: str | None = None
    for index, (arg, offset) in enumerate(items):
        if not isinstance(arg, str):
            pending = None
            continue
        m = _FLAG_RE.compiled.fullmatch(arg) if arg[:1] == "-" else None
        if m and m.group(2) is None:
            pending = m.group(1)
            continue
        out.extend((index, _shift(f, offset)) for f in _arg(arg, pending))
        pending = None
    return out


def _shift(found: _Found, offset: int) -> _Found:
    return _Found(found.hit.shifted(offset), found.priority) if offset else found


def _resolve(found: Sequence[_Found]) -> list[SecretHit]:
    """One hit per stretch of text: the most specific format wins, then the longer match."""
    kept: list[_Found] = []
    for f in sorted(found, key=lambda f: (-f.priority, -(f.hit.end - f.hit.start), f.hit.start)):
        if rejection(f.hit.secret):
            continue  # cannot be live: bad checksum, example value, public by design
        if f.hit.end > f.hit.start and all(f.hit.end <= k.hit.start or f.hit.start >= k.hit.end for k in kept):
            kept.append(f)
    return [f.hit for f in sorted(kept, key=lambda f: f.hit.start)]


# --- public entry points ------------------------------------------------------------------------


def scan_value(value: str, *, placement: str, name: str | None = None) -> list[SecretHit]:
    """Literal credentials in ``value``; offsets are into ``value``.

    ``placement``: ``env`` (name = variable), ``arg`` (one argv element; name = the flag before
    it), ``header`` (name = header name), ``url``, ``field`` (any other config key).
    """
    if placement not in _PLACEMENT_SET:
        raise ValueError(f"unknown placement {placement!r}; expected one of {', '.join(PLACEMENTS)}")
    if not isinstance(value, str):
        return []
    if name is None or isinstance(name, str):
        return list(_scan(value, placement, name))
    return _resolve(_found(value, placement, name))


def scan_hits(value: str, placement: str, name: str | None = None) -> tuple[SecretHit, ...]:
    """``scan_value`` as a shared tuple rather than a new list, for callers that only read it
    (the secrets fact scans every value of every server, and most values repeat)."""
    if type(value) is str and placement in _PLACEMENT_SET and (name is None or type(name) is str):
        return _scan(value, placement, name)
    return tuple(scan_value(value, placement=placement, name=name))


@lru_cache(maxsize=_MEMO)
def _scan(value: str, placement: str, name: str | None) -> tuple[SecretHit, ...]:
    """``scan_value`` for a string, memoized (hits are immutable, so they can be shared)."""
    return tuple(_resolve(_found(value, placement, name)))


def _found(value: str, placement: str, name: str | None) -> Sequence[_Found]:
    if not value.strip() or is_placeholder(value):
        return []
    if placement == "arg":
        found = _arg(value, name)
    elif placement == "header":
        found = _header(value, name)
    elif placement == "url":
        found = _named(value, None)
    else:
        found = _named(value, name)
    return found


def scan_args(args: Sequence[str]) -> list[tuple[int, SecretHit]]:
    """Literal credentials in a whole argv list: ``--api-key=X``, ``--token X``, docker
    ``-e KEY=VALUE``, ``KEY=VALUE``, URLs and connection strings, bare provider tokens.

    Returns (index into ``args``, hit with offsets inside that element).
    """
    return list(scan_args_hits(args))


def scan_args_hits(args: Sequence[str]) -> tuple[tuple[int, SecretHit], ...]:
    """``scan_args`` as a shared tuple rather than a new list, for callers that only read it."""
    key = tuple(args)
    try:
        return _scan_argv(key)  # memoized as a whole: the same argv lists recur
    except TypeError:  # an unhashable element (a mapping in YAML args): scanned as is
        return _scan_argv.__wrapped__(key)


@lru_cache(maxsize=_MEMO)
def _scan_argv(args: tuple[str, ...]) -> tuple[tuple[int, SecretHit], ...]:
    per_index: dict[int, list[_Found]] = {}
    for index, found in _argv([(a, 0) for a in args]):
        per_index.setdefault(index, []).append(found)
    return tuple((index, hit) for index in sorted(per_index) for hit in _resolve(per_index[index]))


def clear_caches() -> None:
    """Forget every memoized scan result and piece of one (compiled expressions stay).

    For benchmarks that time first scans of values; results never depend on the memos.
    """
    from mcplint.secrets import keywords, placeholders, providers, shapes

    for memo in (_scan, _scan_argv, _arg, _has_candidate, placeholders._is_placeholder, placeholders._masked,
                 placeholders.is_template_marker, keywords.name_words, keywords.classify_name, keywords._padded,
                 providers._keyed_for, shapes.entropy):
        memo.cache_clear()

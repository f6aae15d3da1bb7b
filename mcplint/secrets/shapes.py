"""What a value looks like: random enough to be a key, or an ordinary config value.

A credential-like *name* alone is weak evidence (``API_KEY_HEADER: "X-API-Key"``,
``GOOGLE_APPLICATION_CREDENTIALS: "/path/key.json"``); the value's shape is the other half.
These checks are deliberately cheap: they run before any detect-secrets import.
"""

from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache

from mcplint._lazyre import lazy_compile

_UUID_RE = lazy_compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_HEX_RE = lazy_compile(r"[0-9a-fA-F]+")
_NUMBER_RE = lazy_compile(r"[-+]?(?:\d+(?:[.,_]\d+)*|\d*\.\d+)(?:[eE][-+]?\d+)?(?:[a-zA-Z%]{1,3})?")
_VERSION_RE = lazy_compile(r"[vV]?\d+(?:\.\d+){1,3}(?:[-+][\w.]+)?")
_DATE_RE = lazy_compile(r"\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?")
_IP_RE = lazy_compile(r"(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?(?:/\d{1,2})?")
_EMAIL_RE = lazy_compile(r"[\w.+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
_HOSTNAME_RE = lazy_compile(r"(?:[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?\.)+[a-z]{2,24}(?::\d{1,5})?\.?")
_DIGEST_RE = lazy_compile(r"(?:sha1|sha256|sha384|sha512|md5):[0-9a-fA-F]{32,128}")
_DOTTED_ID_RE = lazy_compile(r"[a-z][a-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*){2,}")
"""``org.apache.kafka.PlainLoginModule``, ``jetbrains.mps.v8_elimination``: code identifiers."""
_ENV_NAME_RE = lazy_compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")
_DRIVE_PATH_RE = lazy_compile(r"[A-Za-z]:[\\/]")
_FILE_EXT_RE = lazy_compile(r"\.[A-Za-z][A-Za-z0-9]{0,5}$")
_WORD_SPLIT_RE = lazy_compile(r"[\s\-_.:/@=+~,;|()\[\]]+")
_CAMEL_RE = lazy_compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
_VOWELS = frozenset("aeiouy")
_BOOLEAN_LIKE = frozenset(
    "true false yes no on off none null nil undefined enabled disabled enable disable n/a na".split()
)
_COMMON_TOKENS = frozenset(
    """http https sftp smtp imap html xhtml xlsx docx pptx grpc pgsql psql mssql kubectl nodejs
    wss mqtt ldap ldaps crlf ktx pyproject tsx jsx""".split()
)
"""Common words without normal vowels (``https``, ``pgsql``) that are still words."""
_SEQUENTIAL = ("abcdefghijklmnopqrstuvwxyz", "0123456789", "qwertyuiopasdfghjklzxcvbnm")


@lru_cache(maxsize=8192)
def entropy(text: str) -> float:
    """Shannon entropy in bits per character (memoized: the same candidates are measured by
    several checks)."""
    if not text:
        return 0.0
    n = len(text)
    return -sum(c / n * math.log2(c / n) for c in Counter(text).values())


def char_classes(text: str) -> int:
    """How many of lower, upper, digit, other appear."""
    return (
        any(c.islower() for c in text)
        + any(c.isupper() for c in text)
        + any(c.isdigit() for c in text)
        + any(not c.isalnum() for c in text)
    )


def is_uuid(text: str) -> bool:
    return bool(_UUID_RE.compiled.fullmatch(text))


def is_hex(text: str) -> bool:
    return bool(_HEX_RE.compiled.fullmatch(text))


def is_sequential(text: str) -> bool:
    """``abcdefgh``, ``12345678``, ``qwerty...``, or one short chunk repeated."""
    low = text.lower()
    if any(low in seq or low[::-1] in seq for seq in _SEQUENTIAL):
        return True
    for size in range(1, min(5, len(low) // 2) + 1):
        if low == (low[:size] * (len(low) // size + 1))[: len(low)]:
            return True
    return False


def _pronounceable(word: str) -> bool:
    """A plausible word: vowels in a normal proportion and no long consonant run."""
    low = word.lower()
    if len(low) <= 3 or low in _COMMON_TOKENS:
        return True
    vowels = sum(c in _VOWELS for c in low)
    if not 0.2 <= vowels / len(low) <= 0.8:
        return False
    run = longest = 0
    for c in low:
        run = 0 if c in _VOWELS else run + 1
        longest = max(longest, run)
    return longest <= 4


def is_wordy(text: str) -> bool:
    """Words and numbers joined by separators: model names, package names, slugs, labels.

    ``claude-3-5-sonnet-20241022``, ``@modelcontextprotocol/server-github``, ``my-tech-blog``.
    """
    parts = [p for p in _WORD_SPLIT_RE.compiled.split(text) if p]
    if not parts:
        return False
    words = 0
    for part in parts:
        if part.isdigit():
            continue
        if part.isalpha():
            pieces = _CAMEL_RE.compiled.findall(part) if not part.islower() and not part.isupper() else [part]
            if len(pieces) > 4 and sum(len(p) <= 2 for p in pieces) > len(pieces) // 2:
                return False  # aBcDeF... random mixed case, not camelCase words
            if not all(_pronounceable(p) for p in pieces):
                return False
            words += 1
            continue
        # letters and digits mixed: accept short version-like pieces (4o, v1, 8b, x86, gpt4)
        letters = sum(c.isalpha() for c in part)
        if len(part) <= 5 or (letters and _pronounceable("".join(c for c in part if c.isalpha())) and len(part) <= 10 and sum(c.isdigit() for c in part) <= 3):
            words += 1
            continue
        return False
    return words > 0


def is_path(text: str) -> bool:
    """A file-system path or a path-like reference (``~/.config/x``, ``C:\\x``, ``dist/index.js``)."""
    if text.startswith(("/", "~/", "~\\", "./", "../", ".\\", "..\\", "\\\\", "file:")) or _DRIVE_PATH_RE.compiled.match(text):
        return True
    if ("/" in text or "\\" in text) and (_FILE_EXT_RE.compiled.search(text) or is_wordy(text)):
        return True
    return False


def is_env_var_name(text: str) -> bool:
    """``GITHUB_PERSONAL_ACCESS_TOKEN``: the *name* of a variable given where a value is expected."""
    if not _ENV_NAME_RE.compiled.fullmatch(text):
        return False
    return sum(c.isdigit() for c in text) <= 3


def ordinary_shape(text: str) -> str | None:
    """Why ``text`` is an ordinary config value and not a key, or None if it could be a key."""
    v = text.strip()
    low = v.lower()
    if not v:
        return "empty"
    if low in _BOOLEAN_LIKE:
        return "boolean-like"
    if _NUMBER_RE.compiled.fullmatch(v):
        return "number"
    if _VERSION_RE.compiled.fullmatch(v) or _DATE_RE.compiled.fullmatch(v):
        return "version or date"
    if _IP_RE.compiled.fullmatch(v):
        return "IP address"
    if "://" in v:
        return "URL"
    if _EMAIL_RE.compiled.fullmatch(v):
        return "email address"
    if _HOSTNAME_RE.compiled.fullmatch(v):
        return "hostname"
    if _DIGEST_RE.compiled.fullmatch(v):
        return "digest"
    if v.startswith("-"):
        return "command-line flag"
    if v.startswith("arn:"):
        return "ARN"
    if v.count(".") >= 2 and _DOTTED_ID_RE.compiled.fullmatch(v):
        return "dotted identifier"
    if is_env_var_name(v):
        return "variable name"
    if is_path(v):
        return "path"
    if is_wordy(v):
        return "words"
    return None


def looks_random(text: str) -> bool:
    """Random enough to be a generated key (used when a credential-like name already points here).

    UUIDs and long hex count: under a name like ``EXA_API_KEY`` they are the key.
    """
    v = text.strip()
    n = len(v)
    if n < 8 or any(c.isspace() for c in v) or is_sequential(v):
        return False
    if is_uuid(v):
        return True
    if ordinary_shape(v):
        return False
    ent = entropy(v)
    if is_hex(v):
        return n >= 16 and ent >= 2.8
    classes = char_classes(v)
    if n >= 24 and classes == 1:
        return ent >= 3.8  # long single-class (lowercase-only) random strings
    if n >= 16:
        return classes >= 2 and ent >= 3.0
    return classes >= 2 and ent >= 2.5 and any(c.isdigit() or not c.isalnum() for c in v)

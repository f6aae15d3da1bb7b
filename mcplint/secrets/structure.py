"""Whether a credential-shaped value can be real: structure, examples, public-by-design keys.

A format match says a value *looks like* a key; three offline checks say whether it can *be* one:

* **structure** -- formats that carry a checksum or an inner structure fakes do not have:
  GitHub (``ghp_`` ``gho_`` ``ghu_`` ``ghs_`` ``ghr_``) and npm (``npm_``) tokens end in a
  CRC32 of their random part in 6 base62 characters; a JWT's header and payload decode to JSON
  (the header names an ``alg``); a PEM private key's body decodes to DER (or to an OpenSSH
  key). A token that fails is a placeholder somebody typed, not a leak.
* **example values** -- what people write when they need something key-shaped: marker words
  (``EXAMPLE``, ``fake``, ``dummy``, ``your...here``), sequential runs (``1234567890abcdef``),
  repeated blocks (``aaaa1111bbbb2222``), filler, and far fewer distinct characters than a
  random string of that alphabet and length would have.
* **public by design** -- keys vendors document as safe to ship to browsers (Stripe
  publishable keys, Supabase ``anon`` JWTs, Mailgun ``pubkey-``...): data in ``providers``.

Every hit the detector makes passes :func:`rejection` (memoized per secret), so the checks
apply alike to format matches, keyword matches, URLs and detect-secrets' plugins.
"""

from __future__ import annotations

import re
from functools import lru_cache

from mcplint._lazyre import lazy_compile

_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_BASE62_LOWER_FIRST = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
"""Both base62 orders in use by checksum libraries; accepting either costs nothing (1 in 62^6)."""

_CRC_TOKEN_RE = lazy_compile(r"(?:gh[pousr]|npm)_([A-Za-z0-9]{30})([A-Za-z0-9]{6})")
_JWT_RE = lazy_compile(r"(eyJ[A-Za-z0-9_\-]*)\.(eyJ[A-Za-z0-9_\-]*)\.([A-Za-z0-9_\-]*)")
_PEM_RE = lazy_compile(r"-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY(?: BLOCK)?-----(.*?)(?:-----END|$)", re.DOTALL)
_PEM_NOISE_RE = lazy_compile(r"\\[nr]|\s")
_PREFIX_RE = lazy_compile(r"(?:[A-Za-z]{1,10}\d{0,2}[_\-.]){1,3}")
_MARKER_RE = lazy_compile(
    r"(?i)example|dummy|sample|fake|placeholder|redacted|changeme|replaceme|randomstring|notreal|notasecret"
    r"|yourkey|yourtoken|yoursecret|your[_\-]|here$|insert|testkey|testtoken|secretkey1|mysecret|foobar|lorem|ipsum"
    r"|not[_\-]?a?[_\-]?real"
)
"""Words that say a value is a stand-in. Four letters of random base62 spell one of these about
once in a million positions; values longer than ``_MARKER_SPAN`` (key bodies) are not searched."""
_MARKER_SPAN = 200
_AWS_ID_PREFIXES = frozenset("AKIA ASIA ABIA ACCA AGPA AIDA AROA AIPA ANPA ANVA APKA ASCA".split())
_AWS_ID_RE = lazy_compile(r"A[A-Z]{3}[A-Z0-9]{8,40}")
_EXAMPLE_CLAIMS = ("iss", "sub", "name", "email", "ref", "aud")
_EXAMPLE_NAMES = frozenset(("john doe", "jane doe", "john smith", "test user"))


def crc_token_ok(token: str) -> bool | None:
    """GitHub/npm token checksum: True/False for a 36-character body, None if not that format."""
    m = _CRC_TOKEN_RE.compiled.fullmatch(token)
    if not m:
        return None
    import zlib

    crc = zlib.crc32(m.group(1).encode())
    return any(_base62(crc, alphabet) == m.group(2) for alphabet in (_BASE62, _BASE62_LOWER_FIRST))


def _base62(number: int, alphabet: str) -> str:
    out = ""
    while number:
        number, digit = divmod(number, 62)
        out = alphabet[digit] + out
    return out.rjust(6, "0")


def _b64json(part: str) -> object:
    import base64
    import binascii
    import json

    try:
        return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    except (ValueError, binascii.Error, UnicodeDecodeError, RecursionError):
        return None


def jwt_verdict(token: str) -> str | None:
    """``"invalid"``, ``"public"`` (a Supabase ``anon`` key), ``"example"`` (documentation claims)
    or None (may be real) for a JWT-shaped value; None also for values that are not JWT-shaped."""
    m = _JWT_RE.compiled.search(token)
    if not m:
        return None
    header, payload = _b64json(m.group(1)), _b64json(m.group(2))
    if not isinstance(header, dict) or not isinstance(header.get("alg"), str) or not isinstance(payload, dict):
        return "invalid"
    if len(m.group(3)) < 16 and header.get("alg") != "none":
        return "invalid"  # a signature shorter than any real algorithm gives
    from mcplint.secrets.providers import PUBLIC_JWT_ROLES

    if payload.get("role") in PUBLIC_JWT_ROLES:
        return "public"
    for claim in _EXAMPLE_CLAIMS:
        text = payload.get(claim)
        if isinstance(text, str | int) and _example_claim(str(text)):
            return "example"
    return None


def _example_claim(text: str) -> bool:
    """A claim that says the token was made for documentation (``"sub": "1234567890"``,
    ``"name": "John Doe"``, ``"iss": "supabase-demo"``)."""
    low = text.lower()
    return low in _EXAMPLE_NAMES or "demo" in low or "example" in low or _run_cover(text)[1] >= 6


def _documented_example(value: str) -> bool:
    """One of the vendor documentation samples listed (as digests) in ``providers``."""
    if not 16 <= len(value) <= 200:
        return False
    import hashlib

    from mcplint.secrets.providers import DOCUMENTED_EXAMPLES

    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest() in DOCUMENTED_EXAMPLES


def pem_ok(block: str) -> bool | None:
    """A PEM private key whose body decodes to DER (or an OpenSSH key); None if not PEM."""
    m = _PEM_RE.compiled.search(block)
    if not m:
        return None
    lines = [line for line in m.group(2).replace("\\n", "\n").splitlines() if ":" not in line]  # drop Proc-Type etc.
    body = _PEM_NOISE_RE.compiled.sub("", "".join(lines))
    if len(body) < 40:
        return False
    import base64
    import binascii

    body = body[: len(body) - len(body) % 4] if "=" not in body else body
    try:
        der = base64.b64decode(body, validate=True)
    except (ValueError, binascii.Error):
        return False
    if m.group(1).startswith("OPENSSH"):
        return der.startswith(b"openssh-key-v1\x00")
    return der[:1] == b"\x30" and len(set(der)) >= 32 if len(der) >= 64 else der[:1] == b"\x30"


# --- example values ----------------------------------------------------------------------------


def _body(text: str) -> str:
    """``text`` without a leading format prefix (``sk-ant-api03-``, ``ghp_``, ``xoxb-``)."""
    m = _PREFIX_RE.compiled.match(text)
    return text[m.end() :] if m and len(text) - m.end() >= 8 else text


_SEQUENCES = ("0123456789", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop", "asdfghjkl", "zxcvbnm")
"""Runs people type: counting, the alphabet, keyboard rows (each also backwards)."""


def _run_cover(text: str) -> tuple[float, int]:
    """Share of characters inside typed runs (``abc``, ``987``, ``qwerty``) of 3 or more, and
    the longest such run. A run follows one sequence in one direction."""
    low = text.lower()
    n = len(low)
    marked = [False] * n
    longest = 0
    for seq in _SEQUENCES:
        for s in (seq, seq[::-1]):
            i = 0
            while i < n - 2:
                at = s.find(low[i])
                j = i
                while at != -1 and j + 1 < n and at + (j - i) + 1 < len(s) and low[j + 1] == s[at + (j - i) + 1]:
                    j += 1
                if j - i + 1 >= 3:
                    for k in range(i, j + 1):
                        marked[k] = True
                    longest = max(longest, j - i + 1)
                    i = j + 1
                else:
                    i += 1
    return (sum(marked) / n if n else 0.0), longest


def _repeat_cover(text: str) -> tuple[float, int]:
    """Share of characters in runs of one character (``aaa``) of 3 or more, and the longest run."""
    covered = longest = 0
    run = 1
    for i in range(1, len(text) + 1):
        if i < len(text) and text[i] == text[i - 1]:
            run += 1
            continue
        if run >= 3:
            covered += run
        longest = max(longest, run)
        run = 1
    return (covered / len(text) if text else 0.0), longest


def _periodic(text: str) -> bool:
    """One block repeated (``abcdabcdabcd``, ``1a2b1a2b``): a period of at most a third."""
    n = len(text)
    for p in range(1, n // 3 + 1):
        same = sum(text[i] == text[i + p] for i in range(n - p))
        if same >= 0.9 * (n - p):
            return True
    return False


def _alphabet_size(chars: str) -> int:
    """Size of the alphabet ``chars`` (letters and digits only) seem drawn from."""
    if chars.isdigit():
        return 10
    if all(c in "0123456789abcdef" for c in chars) or all(c in "0123456789ABCDEF" for c in chars):
        return 16
    lower = any(c.islower() for c in chars)
    upper = any(c.isupper() for c in chars)
    digit = any(c.isdigit() for c in chars)
    return 26 * (lower + upper) + 10 * digit


def _few_distinct(text: str) -> bool:
    """Far fewer distinct characters than a random string of this alphabet and length has
    (separators left out: ``-`` and ``_`` structure a key, they are not its randomness)."""
    chars = "".join(c for c in text if c.isalnum())
    n = len(chars)
    if n < 16:
        return False
    size = _alphabet_size(chars)
    expected = size * (1 - (1 - 1 / size) ** n)
    return len(set(chars)) < 0.5 * expected


@lru_cache(maxsize=8192)
def example_reason(text: str) -> str | None:
    """Why ``text`` is an example value rather than an issued secret, or None."""
    v = text.strip()
    if len(v) <= _MARKER_SPAN and _MARKER_RE.compiled.search(v):
        return "marker word"
    body = _body(v)
    if len(body) < 6:
        return None
    # Thresholds sit where random strings of the same alphabet and length almost never reach
    # (measured: under 0.2% for lengths 12+, see tests/secrets/test_secrets_structure.py);
    # small alphabets (digits, hex) and short values make runs likelier, so they need more.
    small = _alphabet_size("".join(c for c in body if c.isalnum()) or "0") <= 16
    run_share, run_longest = _run_cover(body)
    rep_share, rep_longest = _repeat_cover(body)
    if len(body) < 16:
        # Short values are mostly passwords: "qwerty123" is weak but real; only a value that
        # is one run or one repeated character throughout is a stand-in.
        if run_longest == len(body):
            return "sequential run"
        if rep_longest == len(body):
            return "repeated characters"
        return None
    if run_longest >= 6 or run_share >= (0.5 if small else 0.35):
        return "sequential run"
    if rep_longest >= 6 or rep_share >= (0.45 if small else 0.3):
        return "repeated characters"
    if 12 <= len(body) <= 400 and (_periodic(body) or (len(body) >= 16 and _periodic(body[len(body) // 4 :]))):
        return "repeated block"
    if _few_distinct(body):
        return "few distinct characters"
    decoded = _printable_base64(v)
    if decoded and example_reason(decoded):
        return "base64 of an example value"
    return None


_BASE64_RE = lazy_compile(r"[A-Za-z0-9+/]{16,}={0,2}")


def _printable_base64(text: str) -> str | None:
    """The text a base64 value encodes, when that is printable ASCII (random key bytes never
    are): ``Zm9vYmFy...`` hides ``foobar...``."""
    if len(text) % 4 or len(text) > 400 or not _BASE64_RE.compiled.fullmatch(text):
        return None
    import base64
    import binascii

    try:
        raw = base64.b64decode(text, validate=True)
    except (ValueError, binascii.Error):
        return None
    return raw.decode("ascii") if raw.isascii() and all(32 <= b < 127 for b in raw) else None


def public_reason(text: str) -> str | None:
    """The vendor's word that ``text`` is public by design (``pk_live_...``), or None."""
    from mcplint.secrets.providers import public_format

    return public_format(text)


@lru_cache(maxsize=8192)
def rejection(secret: str, kind: str = "") -> str | None:
    """Why a detected ``secret`` cannot be a live credential, or None when it may be one."""
    v = secret.strip()
    if "PRIVATE KEY" in v:
        return "PEM body does not decode" if pem_ok(v) is False else None
    if "eyJ" in v:
        verdict = jwt_verdict(v)
        if verdict == "invalid":
            return "JWT does not decode"
        if verdict == "public":
            return "public by design"
        if verdict == "example":
            return "documentation example JWT"
    if crc_token_ok(v) is False:
        return "checksum does not match"
    if v[:4] in _AWS_ID_PREFIXES and len(v) != 20 and _AWS_ID_RE.compiled.fullmatch(v):
        return "AWS key ids are 20 characters"
    if _documented_example(v):
        return "documented example value"
    public = public_reason(v)
    if public:
        return public
    return example_reason(v)


"""Vendor token formats, generated with a seeded ``random.Random``: the shared toolbox of the
positive and negative suites.

Where a format carries structure the generated values have it too (GitHub and npm CRC32
checksums, JWTs that decode, PEM bodies that are DER), so a detector that validates structure
must still find every positive; the negative suite uses the same helpers to break exactly one
property (a wrong checksum, a payload that is not JSON).
"""

from __future__ import annotations

import base64
import json
import random
import string
import zlib

ALNUM = string.ascii_letters + string.digits
LOWER_ALNUM = string.ascii_lowercase + string.digits
UPPER_ALNUM = string.ascii_uppercase + string.digits
HEX = "0123456789abcdef"
B64 = ALNUM + "+/"
B64URL = ALNUM + "-_"
BASE32 = string.ascii_uppercase + "234567"
BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def chars(rng: random.Random, alphabet: str, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def base62(number: int, width: int = 6) -> str:
    out = ""
    while number:
        number, digit = divmod(number, 62)
        out = BASE62[digit] + out
    return out.rjust(width, "0")


def checksummed(prefix: str, body: str) -> str:
    """A GitHub (``ghp_`` ...) or npm (``npm_``) token of ``body``: the CRC32 of the body follows
    it in 6 base62 digits (detectors check it: a token without it cannot be real). The one copy
    of the checksum for every test."""
    return prefix + body + base62(zlib.crc32(body.encode()))


def crc_token(rng: random.Random, prefix: str, *, valid: bool = True) -> str:
    """GitHub (``ghp_`` ...) / npm (``npm_``) token: 30 random base62 + CRC32 of them in 6."""
    token = checksummed(prefix, chars(rng, ALNUM, 30))
    if valid:
        return token
    while True:
        wrong = chars(rng, ALNUM, 6)
        if wrong != token[-6:]:
            return token[:-6] + wrong


def b64url_json(obj: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(obj, separators=(",", ":")).encode()).decode().rstrip("=")


def jwt(rng: random.Random, claims: dict[str, object], alg: str = "HS256") -> str:
    header = b64url_json({"alg": alg, "typ": "JWT"})
    payload = b64url_json({**claims, "iat": rng.randint(1_600_000_000, 1_800_000_000)})
    return f"{header}.{payload}.{chars(rng, B64URL, 43)}"


def supabase_jwt(rng: random.Random, role: str) -> str:
    ref = chars(rng, string.ascii_lowercase, 20)
    return jwt(rng, {"iss": "supabase", "ref": ref, "role": role, "exp": rng.randint(1_900_000_000, 2_100_000_000)})


def _der(rng: random.Random, size: int) -> bytes:
    """A DER SEQUENCE header and random content: what a private key's base64 decodes to."""
    return b"\x30\x82" + size.to_bytes(2, "big") + bytes(rng.getrandbits(8) for _ in range(size))


def pem(rng: random.Random, label: str = "RSA PRIVATE KEY", *, newline: str = "\n", size: int = 600) -> str:
    if label == "OPENSSH PRIVATE KEY":
        raw = b"openssh-key-v1\x00" + bytes(rng.getrandbits(8) for _ in range(size))
    else:
        raw = _der(rng, size)
    body = base64.b64encode(raw).decode()
    lines = newline.join(body[i : i + 64] for i in range(0, len(body), 64))
    return f"-----BEGIN {label}-----{newline}{lines}{newline}-----END {label}-----{newline}"


def aws_key_id(rng: random.Random, prefix: str = "AKIA") -> str:
    return prefix + chars(rng, BASE32, 16)


def password(rng: random.Random) -> str:
    """A human-chosen or manager-generated password (never a dictionary default)."""
    style = rng.randrange(3)
    if style == 0:
        words = ["Harbor", "quill", "Marlin", "ember", "Violet", "cobalt", "Juniper", "otter", "Saffron", "lynx"]
        return rng.choice(words) + rng.choice(words).lower() + str(rng.randint(10, 999)) + rng.choice("!#%&*@$")
    if style == 1:
        return chars(rng, ALNUM + "!#%&*@$^", rng.randint(12, 24))
    return chars(rng, ALNUM, rng.randint(10, 20))

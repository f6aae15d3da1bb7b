"""Showing a secret without giving it away.

Output formats, baselines and messages use these two functions and never the raw value: the
masked form lets a user recognise *which* key leaked, the fingerprint lets a baseline recognise
the same value again, and neither can be turned back into the secret.
"""

from __future__ import annotations

_FINGERPRINT_DOMAIN = b"mcplint-secret-v1\x00"
"""Fixed prefix hashed before the value: fingerprints stay stable across runs (baselines need
that) but do not match plain sha256 tables of known tokens."""


def _printable(text: str) -> str:
    return "".join(c if c.isprintable() else "?" for c in text)


_PUBLIC_PREFIXES = tuple(sorted(
    """ghp_ gho_ ghu_ ghs_ ghr_ github_pat_ glpat- gldt- glrt- glptt- sk-proj- sk-svcacct- sk-admin-
    sk-ant-api03- sk-ant-admin01- sk-ant-oat01- sk-ant-ort01- sk-or-v1- sk- sk_live_ sk_test_ rk_live_
    rk_test_ whsec_ pk_live_ pk_test_ xoxb- xoxp- xoxa- xoxe- xoxs- xapp- AKIA ASIA AIza GOCSPX- ya29.
    npm_ pypi- hf_ gsk_ xai- pplx- tvly- r8_ fc- csk- pcsk_ lsv2_pt_ lsv2_sk_ dop_v1_ doo_v1_ sbp_
    sb_secret_ SG. shpat_ sntrys_ sq0atp- sq0csp- glc_ hvs. hvb. AKCp dapi eyJ napi_ figd_ rnd_ lin_api_
    ntn_ pat. PMAK- sk_ xai- BSA
    -----BEGIN""".split(),
    key=len, reverse=True,
))
"""Format prefixes every issued key of a provider starts with: public knowledge, so showing
one tells a reader which key leaked without telling them anything of the key."""

_MIN_PARTIAL = 16
"""Below this length nothing of a value is shown: two characters of an 8-character password
are a quarter of it."""


def public_prefix(secret: str) -> str:
    """The provider format prefix ``secret`` starts with (``ghp_``, ``sk-proj-``), or ``""``."""
    for prefix in _PUBLIC_PREFIXES:
        if secret.startswith(prefix) and len(secret) >= len(prefix) + 12:
            return prefix
    return ""


def redact(secret: str) -> str:
    """``ghp_…9f (40 chars)``: the public format prefix, the last two characters and the length.

    Under 16 characters only the length is shown (``… (8 chars)``); otherwise at most 2
    characters beyond a known format prefix (``sk-proj-``, ``xoxb-``, ``AKIA``), which is
    public.
    """
    n = len(secret)
    if n < _MIN_PARTIAL:
        return f"… ({n} chars)"
    head = public_prefix(secret)
    if head == "-----BEGIN":
        return f"-----BEGIN … ({n} chars)"  # the key type is shown by the finding; the body never
    return f"{_printable(head)}…{_printable(secret[-2:])} ({n} chars)"


def fingerprint_secret(secret: str) -> str:
    """A sha256 hex digest of the value (domain-separated); one-way, stable across runs."""
    import hashlib  # only baselines and fingerprints need it

    return hashlib.sha256(_FINGERPRINT_DOMAIN + secret.encode("utf-8", "surrogatepass")).hexdigest()

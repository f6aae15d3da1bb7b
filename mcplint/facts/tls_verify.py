"""Settings that turn TLS certificate verification off (fact ``insecure_tls``).

``NODE_TLS_REJECT_UNAUTHORIZED=0``, ``PYTHONHTTPSVERIFY=0``, ``--insecure``, ``curl -k``,
``rejectUnauthorized: false``, ``verify_ssl: false``, ``*_VERIFY_SSL=false``... Turning
verification off towards a loopback address (a local service with a self-signed certificate)
is reported at low severity: the traffic never leaves the machine.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from mcplint._lazyre import lazy_compile
from mcplint.facts.common import FALSE_WORDS, TRUE_WORDS
from mcplint.facts.transport import endpoint
from mcplint.model import Item, Pointer, Server

EXACT_ENV = {
    "NODE_TLS_REJECT_UNAUTHORIZED": "0",
    "PYTHONHTTPSVERIFY": "0",
}
"""Variables with one disabling value."""
EMPTY_DISABLES = frozenset({"CURL_CA_BUNDLE"})
"""``requests`` skips verification when ``CURL_CA_BUNDLE`` is set to an empty string."""
VERIFY_WORDS = lazy_compile(r"(^|_)(VERIFY(_SSL|_TLS|_CERTS?|_CERTIFICATES?)|VERIFY$|SSL_VERIFY|TLS_VERIFY|CERT_VERIFY|REJECT_UNAUTHORIZED|CHECK_CERTS?|CHECK_CERTIFICATE)($|_)")
"""A key turning verification ON: disabled when its value is false."""
INSECURE_WORDS = lazy_compile(r"(^|_)(INSECURE|SKIP_(TLS|SSL|CERT)_?VERIF(Y|ICATION)|(TLS|SSL)_SKIP_VERIF(Y|ICATION)|NO_VERIFY(_SSL)?|DISABLE_(SSL|TLS|CERT)(_VERIF(Y|ICATION))?|IGNORE_(SSL|TLS|CERT)(_ERRORS)?|ALLOW_INSECURE|INSECURE_SKIP_TLS_VERIFY)($|_)")
"""A key turning verification OFF: disabled when its value is true."""
FLAGS = {
    "--insecure": "high", "--no-verify-ssl": "high", "--no-verify": "high", "--no-check-certificate": "high",
    "--insecure-skip-tls-verify": "high", "--skip-tls-verify": "high", "--tls-skip-verify": "high",
    "--ssl-no-verify": "high", "--disable-ssl-verification": "high", "--no-ssl-verify": "high",
    "--skip-ssl-verify": "high", "--tls-insecure": "high", "--allow-insecure-tls": "high",
    "--ignore-certificate-errors": "medium", "--ignore-https-errors": "medium",
}
"""Command-line flags; the browser ones (accept any certificate of visited sites) are medium."""
VALUE_FLAGS = {"--verify-ssl", "--ssl-verify", "--tls-verify", "--verify"}
"""Flags whose value ``false`` turns verification off."""
CURL_LIKE = frozenset({"curl"})
"""Commands where ``-k`` means --insecure."""
RAW_VERIFY_KEYS = frozenset({"rejectunauthorized", "verifyssl", "sslverify", "tlsverify", "verify", "verifycertificate", "verifycert", "checkcertificate"})
RAW_INSECURE_KEYS = frozenset({"insecure", "skiptlsverify", "skipsslverify", "insecureskipverify", "insecureskiptlsverify", "allowinsecure", "ignorecertificateerrors", "ignorehttpserrors", "tlsinsecure"})
"""Keys in the server entry (any depth, except env/args/headers), compared folded."""
_SKIPPED = frozenset({"env", "environment", "envs", "args", "command", "cmd", "headers", "http_headers", "url"})
"""Entry keys read elsewhere (env, args) or that hold no TLS setting of the entry's own."""
_ENV_URL = lazy_compile(r"\bhttps?://[^\s\"',]+")
_FOLD = lazy_compile(r"[-_.\s]")


class InsecureTls(Item):
    where: str
    setting: str
    pointer: Pointer
    severity: str
    loopback: bool = False
    """Every URL the server is given points at this machine."""


@lru_cache(maxsize=2048)
def _fold(key: str) -> str:
    return _FOLD.sub("", key).lower()


@lru_cache(maxsize=2048)
def _setting_key(name: str) -> bool:
    """An entry key ``_raw_settings`` reads a scalar of."""
    folded = _fold(name)
    return folded in RAW_VERIFY_KEYS or folded in RAW_INSECURE_KEYS


@lru_cache(maxsize=2048)
def _verify_key(upper: str) -> bool:
    """A variable turning verification ON (memoized: the same variable names recur)."""
    return bool(VERIFY_WORDS.search(upper))


@lru_cache(maxsize=2048)
def _insecure_key(upper: str) -> bool:
    """A variable turning verification OFF."""
    return bool(INSECURE_WORDS.search(upper))


@lru_cache(maxsize=2048)
def _tls_variable(upper: str) -> bool:
    """A variable some test of ``_env_settings`` reads (most are not: API keys, paths, modes)."""
    return upper in EXACT_ENV or upper in EMPTY_DISABLES or _verify_key(upper) or _insecure_key(upper)


def _env_settings(server: Server, facts: Any, found: list[tuple[str, str, Pointer, str]]) -> None:
    """Append the environment variables that turn verification off."""
    package = facts["package"]
    docker = package is not None and package.ecosystem == "docker"
    if not docker and not any(map(_tls_variable, map(str.upper, server.env))):
        return  # (the usual case: no pointer is built for any variable)
    for key, env in facts["_env"].items():  # the shared effective environment
        upper = key.upper()
        value = env.value.strip()
        if upper in EXACT_ENV and value == EXACT_ENV[upper]:
            found.append((env.where, f"{key}={value}", env.pointer, "high"))
        elif upper in EMPTY_DISABLES and value == "" and env.where.startswith("env"):
            found.append((env.where, f'{key}=""', env.pointer, "high"))
        elif upper not in EXACT_ENV and _verify_key(upper) and _is_false(value):
            found.append((env.where, f"{key}={value}", env.pointer, "high"))
        elif _insecure_key(upper) and _is_true(value):
            found.append((env.where, f"{key}={value}", env.pointer, "high"))


@lru_cache(maxsize=1024)
def _flag_settings(args: tuple[str, ...], curl: bool) -> tuple[tuple[int, str, str], ...]:
    """(index, setting, severity) of the flags turning verification off; ``curl``: the command
    is curl, where ``-k`` is one. Memoized: the same argument lists recur across servers."""
    found: list[tuple[int, str, str]] = []
    for i, arg in enumerate(args):
        if not arg.startswith("-"):  # every flag below does
            continue
        flag, eq, value = arg.partition("=")
        lower = flag.lower()
        if lower in FLAGS and (not eq or _is_true(value)):
            found.append((i, arg, FLAGS[lower]))
        elif lower in VALUE_FLAGS:
            value = value if eq else (args[i + 1] if i + 1 < len(args) else "")
            if _is_false(value):
                found.append((i, f"{flag} {value}" if not eq else arg, "high"))
        elif arg == "-k" and curl:
            found.append((i, "curl -k", "high"))
    return tuple(found)


def _raw_settings(key: Any, value: Any, pointer: Pointer, found: list[tuple[str, str, Pointer, str]]) -> None:
    """Append the verification settings at or under ``key`` of the entry, in document order.

    Only containers and matching keys get a pointer built: most of an entry is neither."""
    if isinstance(value, dict):
        inner = pointer + (key,)
        for sub, item in value.items():
            _raw_settings(sub, item, inner, found)
    elif isinstance(value, list):
        inner = pointer + (key,)
        for i, item in enumerate(value):
            if isinstance(item, (dict, list)):
                _raw_settings(i, item, inner, found)
    else:
        name = str(key)
        folded = _fold(name)
        if folded in RAW_VERIFY_KEYS and _is_false(value):
            found.append((name, f"{name}: {str(value).lower()}", pointer + (key,), "high"))
        elif folded in RAW_INSECURE_KEYS and _is_true(value):
            found.append((name, f"{name}: {str(value).lower()}", pointer + (key,), "high"))


def _is_false(value: Any) -> bool:
    return value is False or (isinstance(value, (str, int)) and str(value).strip().lower() in FALSE_WORDS - {""})


def _is_true(value: Any) -> bool:
    return value is True or (isinstance(value, (str, int)) and str(value).strip().lower() in TRUE_WORDS)


def _targets_loopback(server: Server, facts: Any) -> bool:
    """Every URL in the entry (url, args, env values) points at this machine, and there is one."""
    urls = [e for e in facts["transport"].endpoints]
    for value in server.env.values():
        for match in _ENV_URL.finditer(str(value)):
            found = endpoint(match.group(0), (), "env")
            if found:
                urls.append(found)
    return bool(urls) and all(u.loopback for u in urls)


def analyze(server: Server, facts: Any) -> tuple[InsecureTls, ...]:
    found: list[tuple[str, str, Pointer, str]] = []
    package = facts["package"]
    _env_settings(server, facts, found)
    if server.args:
        command = (package.runner if package is not None and package.ecosystem == "local" else "") or ""
        for i, setting, severity in _flag_settings(tuple(server.args), command in CURL_LIKE):
            found.append((f"argument {i + 1}", setting, server.at("args", i), severity))
    for key, value in server.raw.items():
        if key in _SKIPPED or (type(key) is str and not isinstance(value, (dict, list)) and not _setting_key(key)):
            continue  # (most keys: a scalar under a name that is no setting)
        _raw_settings(key, value, server.pointer, found)
    if not found:
        return ()
    loopback = _targets_loopback(server, facts)
    return tuple(
        InsecureTls(where, setting, pointer, "low" if loopback and severity == "high" else severity, loopback)
        for where, setting, pointer, severity in found
    )

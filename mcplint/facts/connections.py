"""Databases a server connects to, and whether they look like production (fact ``connections``).

Read from connection URIs anywhere in ``env`` or ``args`` (``postgresql://``, ``mysql://``,
``mongodb+srv://``, ``redis://``, ``jdbc:...``) and, for database servers, from host and
database variables (``PGHOST``, ``MYSQL_DATABASE``...) and ``--host`` / ``--database`` options.
A host or database name with a word such as ``prod``, ``production``, ``live`` or
``primary`` — and none such as ``replica``, ``readonly``, ``staging`` — is production.
Only the host and database name are kept: never the user or password.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any
from urllib.parse import unquote, urlsplit

from mcplint._lazyre import lazy_compile
from mcplint.facts.common import is_placeholder
from mcplint.model import Item, Pointer, Server

DB_URI = lazy_compile(r"\b(?:jdbc:)?(postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|mssql|sqlserver|clickhouse|"
                    r"cockroachdb|neo4j(?:\+s)?|bolt(?:\+s)?|snowflake|oracle|db2|cassandra)://[^\s\"'<>]+", re.I)
PRODUCTION = frozenset({"prod", "production", "prd", "live", "primary"})
NOT_PRODUCTION = frozenset({"replica", "replicas", "read", "readonly", "ro", "reader", "readreplica", "standby",
                            "follower", "secondary", "staging", "stage", "stg", "dev", "development", "test",
                            "testing", "qa", "uat", "sandbox", "preview", "demo", "local", "localhost", "nonprod",
                            "preprod", "analytics", "reporting", "warehouse", "backup", "mirror", "shadow"})
HOST_KEY = lazy_compile(r"(^|_)(HOST|HOSTNAME|SERVER|ENDPOINT|ADDRESS)$")
DB_KEY = lazy_compile(r"(^|_)(DB|DATABASE|DBNAME|DB_NAME|DATABASE_NAME|SCHEMA|CATALOG)$")
DB_WORDS = lazy_compile(r"(^|_)(PG|POSTGRES|POSTGRESQL|MYSQL|MARIADB|MSSQL|SQL|DB|DATABASE|MONGO|MONGODB|REDIS|CLICKHOUSE|"
                      r"SNOWFLAKE|NEO4J|ORACLE|SUPABASE|NEON)(_|$)")
HOST_FLAGS = frozenset({"--host", "-h", "--db-host", "--hostname", "--server"})
DB_FLAGS = frozenset({"--database", "--db", "--dbname", "-d", "--db-name", "--schema"})
_SETTING_FLAGS = HOST_FLAGS | DB_FLAGS
_NON_ALNUM = lazy_compile(r"[^a-z0-9]+")
_LETTERS = lazy_compile(r"[a-z]+")


class DbTarget(Item):
    where: str
    host: str
    database: str
    pointer: Pointer
    production: str | None
    """The word that marks it as production (``prod``), or None."""

    @property
    def label(self) -> str:
        if self.host and self.database:
            return f"{self.host}/{self.database}"
        return self.host or self.database


@lru_cache(maxsize=1024)
def production_word(*names: str) -> str | None:
    tokens: set[str] = set()
    for name in names:
        tokens.update(t for t in _NON_ALNUM.split(name.lower()) if t)
        tokens.update(t for t in _LETTERS.findall(name.lower()))
    if tokens & NOT_PRODUCTION:
        return None
    found = sorted(tokens & PRODUCTION)
    return found[0] if found else None


@lru_cache(maxsize=2048)
def _key_kind(key: str) -> tuple[bool, str] | None:
    """(names a database, ``host`` or ``database``) for a host or database variable, else None.

    Memoized: every variable of every server is asked about."""
    upper = key.upper()
    if HOST_KEY.search(upper):
        return bool(DB_WORDS.search(upper)), "host"
    if DB_KEY.search(upper):
        return bool(DB_WORDS.search(upper)), "database"
    return None


def _uri_target(uri: str, where: str, pointer: Pointer) -> DbTarget | None:
    text = uri.removeprefix("jdbc:")
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    if is_placeholder(host) or "$" in host or "{" in host:
        host = ""
    database = unquote(parts.path.lstrip("/").split("/")[0]) if parts.path else ""
    if "$" in database or "{" in database:
        database = ""
    if not host and not database:
        return None
    return DbTarget(where, host, database, pointer, production_word(host, database))


def analyze(server: Server, facts: Any) -> tuple[DbTarget, ...]:
    database = facts["database"]
    found: list[DbTarget] = []
    env = facts["_env"]
    for value in env.values() if env else ():
        if "://" not in value.value:  # what every DB_URI match holds, tested cheaply first
            continue
        for match in DB_URI.finditer(value.value):
            target = _uri_target(match.group(0), value.where, value.pointer)
            if target:
                found.append(target)
    args = server.args
    for i, arg in enumerate(args):
        if "://" not in arg:
            continue
        for match in DB_URI.finditer(arg):
            target = _uri_target(match.group(0), f"argument {i + 1}", server.at("args", i))
            if target:
                found.append(target)
    if found:
        return tuple(found)
    if not env and not database.is_database:
        return ()
    # no URI: a database server's host / database variables and options
    hosts: list[tuple[str, str, Pointer]] = []
    names: list[tuple[str, str, Pointer]] = []
    for key, value in env.items():
        kind = _key_kind(key)
        if kind is None or not (database.is_database or kind[0]):
            continue
        text = value.value.strip()
        if not text or "$" in text or is_placeholder(text):
            continue
        (hosts if kind[1] == "host" else names).append((value.where, text, value.pointer))
    if database.is_database:
        for i, arg in enumerate(args):
            flag, eq, value = arg.partition("=")
            if flag in _SETTING_FLAGS:
                text = value if eq else (args[i + 1] if i + 1 < len(args) else "")
                if not text or text.startswith("-") or "$" in text:
                    continue
                (hosts if flag in HOST_FLAGS else names).append((f"argument {i + 1}", text, server.at("args", i)))
    if not hosts and not names:
        return ()
    host = hosts[0][1].lower() if hosts else ""
    name = names[0][1] if names else ""
    word = production_word(host, name)
    where, _, pointer = (hosts or names)[0]
    if word and hosts and names:
        # point at the value that carries the word
        if production_word(name) and not production_word(host):
            where, _, pointer = names[0]
    return (DbTarget(where, host, name, pointer, word),)

"""The independent accuracy suite: collected negatives and generated positives, each placed in
env, args, headers, URLs, and TOML / YAML documents (parsed, then scanned as the loader would).

Negatives come from ``data/negatives.json`` (see ``data/make_negatives.py``: documentation
and test values, example-shaped, public-by-design, structurally impossible, identifiers and
config values, tagged by class); positives from ``data/gen_positives.py`` (fixed seed, valid
checksums and structure). Shared by ``test_secrets_accuracy.py`` and ``bench/secrets_accuracy.py``.
"""

from __future__ import annotations

import json
import sys
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

DATA = Path(__file__).resolve().parent / "data"
sys.path.insert(0, str(DATA))

from gen_positives import positives  # noqa: E402

from mcplint.secrets import scan_args, scan_value  # noqa: E402

PLACEMENTS = ("env", "arg", "header", "url", "toml", "yaml")


@dataclass(frozen=True)
class Case:
    cls: str
    placement: str
    is_secret: bool
    value: str
    """The underlying value (for counting and for the misses list)."""
    scan: tuple[str, object, str | None]
    """``("value", text, name)`` for scan_value in ``placement``, ``("args", argv, None)``."""
    where: str
    """scan_value placement for ``("value", ...)``."""

    def detected(self) -> bool:
        """For a positive: a hit overlaps the value. For a negative: any hit at all."""
        kind, target, name = self.scan
        if kind == "args":
            argv = target
            assert isinstance(argv, tuple)
            hits = [(argv[i], h) for i, h in scan_args(argv)]
        else:
            assert isinstance(target, str)
            hits = [(target, h) for h in scan_value(target, placement=self.where, name=name)]
        if not self.is_secret:
            return bool(hits)
        needle = self.value
        for text, hit in hits:
            for probe in (needle, quote(needle, safe="")):
                start = text.find(probe)
                if start != -1 and hit.start < start + len(probe) and start < hit.end:
                    return True
        return False


def _flag(name: str) -> str:
    return "--" + name.lower().replace("_", "-")


def _toml_value(name: str, value: str) -> str:
    doc = f'[mcp_servers.s]\ncommand = "npx"\n[mcp_servers.s.env]\n{name} = {json.dumps(value)}\n'
    return str(tomllib.loads(doc)["mcp_servers"]["s"]["env"][name])


def _yaml_value(name: str, value: str) -> str:
    import yaml

    doc = f"servers:\n  s:\n    command: npx\n    env:\n      {name}: {json.dumps(value)}\n"
    return str(yaml.safe_load(doc)["servers"]["s"]["env"][name])


def _placed(cls: str, secret: bool, value: str, name: str, rec: dict[str, object], i: int) -> list[Case]:
    def case(placement: str, scan: tuple[str, object, str | None], where: str = "") -> Case:
        return Case(cls, placement, secret, value, scan, where or placement)

    out = [case("env", ("value", value, name))]
    flag = str(rec.get("flag") or _flag(name))
    if flag in ("-k", "-t"):
        argv: tuple[str, ...] = ("mcp-remote", flag, value)
    elif i % 4 == 1:
        argv = ("-y", "some-mcp-server", f"{flag}={value}")
    elif i % 4 == 2 and rec.get("bare"):
        argv = ("-y", "some-mcp-server", value)
    elif i % 4 == 3:
        argv = ("run", "--rm", "-e", f"{name}={value}", "mcp/server")
    else:
        argv = ("-y", "some-mcp-server", flag, value)
    out.append(case("arg", ("args", argv, None)))
    header = str(rec.get("header") or "")
    if header == "Authorization" or (not header and i % 2 == 0):
        out.append(case("header", ("value", f"Bearer {value}", "Authorization")))
    else:
        out.append(case("header", ("value", value, header or "X-" + name.title().replace("_", "-"))))
    url_kind = str(rec.get("url") or "query")
    query = str(rec.get("query") or name.lower())
    if "://" in value and not secret:
        out.append(case("url", ("value", value, None)))
    elif url_kind == "fragment":
        out.append(case("url", ("value", f"https://app.example.com/oauth/callback#{query}={value}&token_type=bearer&expires_in=3600", None)))
    elif url_kind == "userinfo":
        out.append(case("url", ("value", f"https://{value}@git.example.com/org/repo.git", None)))
    elif url_kind == "password":
        out.append(case("url", ("value", f"postgres://app:{quote(value, safe='')}@db.example.com:5432/app", None)))
    elif url_kind != "none" and "\n" not in value and "\\n" not in value:
        out.append(case("url", ("value", f"https://mcp.example.com/sse?{query}={quote(value, safe='')}", None)))
    out.append(case("toml", ("value", _toml_value(name, value), name), "env"))
    out.append(case("yaml", ("value", _yaml_value(name, value), name), "env"))
    return out


@lru_cache(maxsize=1)
def negative_records() -> list[dict[str, str]]:
    return json.loads((DATA / "negatives.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def negative_cases() -> tuple[Case, ...]:
    cases: list[Case] = []
    for i, rec in enumerate(negative_records()):
        # Token-shaped classes also go behind "Authorization: Bearer"; identifiers and config
        # values go under their own name (a UUID as a bearer token *is* a credential).
        header = "X-" + rec["name"].title().replace("_", "-") if rec["class"] in ("identifier", "config-value") else ""
        cases += _placed(rec["class"], False, rec["value"], rec["name"], {"header": header, "url": "query"}, i)
    return tuple(cases)


@lru_cache(maxsize=1)
def positive_cases() -> tuple[Case, ...]:
    cases: list[Case] = []
    for i, rec in enumerate(positives()):
        cases += _placed(str(rec["class"]), True, str(rec["value"]), str(rec["name"]), rec, i)
    return tuple(cases)

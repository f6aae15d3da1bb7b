"""File fact ``schema_violations``: where a config departs from the structure its client expects.

Rule MCP002 reads it. Each server entry is checked against the JSON Schema of its client's
format (``data/schemas/*.json``, chosen by the client catalog's ``entry_schemas``): value types (``args`` as
one string), transport names, Codex's closed key set. On top of the schemas, checks a schema
cannot phrase well: a misspelled key (``comand``, ``enviroment``), another client's key name
that this client ignores (``serverUrl`` in Claude Code, ``environment`` in Claude Desktop), an
entry with neither command nor URL, Codex's stdio/HTTP field mixing, duplicate server names,
and the duplicate keys the loader saw.

Precision first: an unknown key is reported for every client only when it is a near-miss of a
known field name; all unknown keys only for Codex, whose key set is verified from its source.

``jsonschema`` costs ~90 ms to import, so a small validator for the subset of JSON Schema the
bundled schemas use runs first; jsonschema is imported only for an entry that subset finds
invalid (or cannot judge), to produce the precise errors.
"""

from __future__ import annotations

import functools
import json
from typing import Any, Callable, Iterator

from mcplint._lazyre import lazy_compile
from mcplint.model import Item, Pointer
from mcplint.normalize import ENTRY_KEYS, client_containers, find_containers
from mcplint.shown import shown_name

_COMMENT_PREFIXES = ("_", "$", "#", "//", "@")


class Violation(Item):
    """One structural problem; ``pointer`` names the offending key (or value, ``at_key=False``)."""

    message: str
    pointer: Pointer
    at_key: bool = True
    key: str = ""
    server: str | None = None
    line: int = 1
    column: int = 1
    span: Any = None
    """Where it stands when the pointer does not say: each repeat of a duplicate key."""


# ---------------------------------------------------------------------------------------------
# Schema data
# ---------------------------------------------------------------------------------------------


def _read(name: str) -> Any:
    from mcplint import data

    return json.loads(data.read_text(f"schemas/{name}"))


@functools.cache
def index() -> dict[str, Any]:
    return _read("index.json")


@functools.cache
def schema(name: str) -> dict[str, Any]:
    """The entry schema ``name`` (``mcp-servers``, ``vscode``, ``codex``...), checked to use only
    the keywords :func:`quick_valid` implements (ValueError otherwise: a bundled file's fault)."""
    root = _read(f"{name}.json")
    unknown = _unknown_keyword(root)
    if unknown is not None:
        raise ValueError(f"schemas/{name}.json: keyword {unknown!r} is outside the validator's subset")
    return root


def schema_names() -> list[str]:
    from mcplint.data import FOLDER

    return sorted(p.stem for p in (FOLDER / "schemas").glob("*.json") if p.stem != "index")


def _catalogued(client: str) -> Any:
    """The catalog's entry of ``client`` (None for an unknown or pseudo-client)."""
    from mcplint import clients

    try:
        return clients.get(client)
    except KeyError:
        return None


def schema_for(client: str, container: Pointer, is_list: bool) -> str:
    """Which entry schema applies to a container of ``client``'s file (the catalog's
    ``entry_schemas`` of the client; the index's default)."""
    entry = _catalogued(client)
    choice = entry.entry_schemas if entry is not None else None
    if not choice:
        return index()["default"]
    head = str(container[0]) if container else ""
    if is_list and container == ("mcpServers",) and "list" in choice:
        return choice["list"]
    return choice.get(head) or choice.get("*") or index()["default"]


def _reads(client: str) -> dict[str, list[str]] | None:
    reads = index()["reads"].get(client)
    return reads if isinstance(reads, dict) else None


def _aliases() -> dict[str, list[str]]:
    return {k: v for k, v in index()["aliases"].items() if k != "about"}


@functools.cache
def _vocabulary() -> frozenset[str]:
    """Every key some client reads: never reported as a misspelling."""
    words = set(index()["known_keys"])
    for name in schema_names():
        words.update(schema(name).get("properties", {}))
    return frozenset(words)


def _client_name(client: str) -> str:
    entry = _catalogued(client)
    return entry.name.split(" (")[0] if entry is not None else "the client"


# ---------------------------------------------------------------------------------------------
# A small validator for the subset of JSON Schema the bundled schemas use
# ---------------------------------------------------------------------------------------------

_SUBSET = frozenset({"type", "properties", "additionalProperties", "items", "enum", "$ref", "anyOf", "minItems",
                     "required", "$schema", "$id", "title", "description", "$defs"})


class _Unsure(Exception):
    """The quick validator met what it does not implement (a type, a remote ``$ref``): ask jsonschema."""


Check = Callable[[Any], bool]
"""A compiled schema node: whether a value is valid against it."""

_TYPES: dict[str, Check] = {
    "string": lambda v: isinstance(v, str),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool) or (isinstance(v, float) and v.is_integer()),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
}


def _resolve(ref: str, root: dict[str, Any]) -> dict[str, Any]:
    if not ref.startswith("#/"):
        raise _Unsure(ref)
    node: Any = root
    for part in ref[2:].split("/"):
        node = node[part]
    return node


def _unknown_keyword(node: Any) -> str | None:
    """The first keyword under ``node`` (a schema, at any depth) outside ``_SUBSET`` (``x-``
    annotations aside), or None."""
    if isinstance(node, list):
        return next((k for k in map(_unknown_keyword, node) if k is not None), None)
    if not isinstance(node, dict):
        return None
    unknown = sorted(k for k in set(node) - _SUBSET if not k.startswith("x-"))
    if unknown:
        return unknown[0]
    for key in ("properties", "$defs"):
        found = next((k for k in map(_unknown_keyword, (node.get(key) or {}).values()) if k is not None), None)
        if found is not None:
            return found
    for key in ("additionalProperties", "items", "anyOf"):
        found = _unknown_keyword(node.get(key))
        if found is not None:
            return found
    return None


def quick_valid(value: Any, node: dict[str, Any], root: dict[str, Any]) -> bool:
    """True when ``value`` is valid against ``node`` (part of ``root``, a schema using only
    ``_SUBSET``, as :func:`schema` checks); False when not; _Unsure when it cannot tell."""
    return compile_node(node, root, {})(value)


@functools.cache
def _compiled(name: str) -> Check | None:
    """The bundled schema ``name`` compiled (None: it needs jsonschema)."""
    root = schema(name)
    try:
        return compile_node(root, root, {})
    except _Unsure:
        return None


def compile_node(node: dict[str, Any], root: dict[str, Any], done: dict[int, Check]) -> Check:
    """``node`` as one closure per keyword it uses, each checked once: every server entry of a
    scan is validated, so the schema is read when compiled, not again per entry. ``done``: the
    nodes compiled so far (a ``$ref`` back to an enclosing node reuses it)."""
    compiled = done.get(id(node))
    if compiled is not None:
        return compiled
    checks: list[Check] = []

    def check(value: Any) -> bool:
        for one in checks:
            if not one(value):
                return False
        return True

    done[id(node)] = check
    if "$ref" in node:
        checks.append(compile_node(_resolve(node["$ref"], root), root, done))
    kinds = node.get("type")
    if kinds is not None:
        try:
            tests = [_TYPES[k] for k in ([kinds] if isinstance(kinds, str) else kinds)]
        except KeyError as unknown:
            raise _Unsure(str(unknown)) from None
        checks.append(tests[0] if len(tests) == 1 else (lambda v: any(t(v) for t in tests)))
    if "enum" in node:
        allowed = node["enum"]
        checks.append(lambda v: v in allowed)
    if "anyOf" in node:
        options = [compile_node(sub, root, done) for sub in node["anyOf"]]
        checks.append(lambda v: any(option(v) for option in options))
    properties = {key: compile_node(sub, root, done) for key, sub in node.get("properties", {}).items()}
    required = tuple(node.get("required", ()))
    extra = node.get("additionalProperties", True)
    extra_check = compile_node(extra, root, done) if isinstance(extra, dict) else None
    if properties or required or extra is False or extra_check is not None:
        def object_check(value: Any) -> bool:
            if not isinstance(value, dict):
                return True
            for key in required:
                if key not in value:
                    return False
            for key, item in value.items():
                sub = properties.get(key)
                if sub is not None:
                    if not sub(item):
                        return False
                elif extra is False or (extra_check is not None and not extra_check(item)):
                    return False
            return True
        checks.append(object_check)
    least, items = node.get("minItems", 0), node.get("items")
    item_check = compile_node(items, root, done) if isinstance(items, dict) else None
    if least or item_check is not None:
        def list_check(value: Any) -> bool:
            if not isinstance(value, list):
                return True
            return len(value) >= least and (item_check is None or all(map(item_check, value)))
        checks.append(list_check)
    return check


@functools.cache
def _validator(name: str) -> Any:
    from jsonschema import Draft202012Validator  # imported only for an entry that needs it

    return Draft202012Validator(schema(name))


# ---------------------------------------------------------------------------------------------
# Messages
# ---------------------------------------------------------------------------------------------

_KINDS = {"string": "a string", "array": "a list", "object": "an object", "boolean": "true or false",
          "number": "a number", "integer": "a whole number", "null": "null"}


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if value is None:
        return "null"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (int, float)):
        return f"a number ({value})" if isinstance(value, int) and abs(value) < 100_000 else "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


_WORD = lazy_compile(r"[A-Za-z][A-Za-z0-9_.-]{0,23}")


def _quoted_value(value: Any) -> str:
    """A wrong value quoted in a message only when it is a short word that cannot be a secret
    (``'streamable-http'``); anything else is described by its type and length."""
    if isinstance(value, str) and _WORD.fullmatch(value):
        from mcplint.secrets.detect import scan_hits
        from mcplint.secrets.shapes import looks_random

        if not looks_random(value) and not scan_hits(value, "field"):
            return repr(value)
    if isinstance(value, str):
        return f"a string of {len(value)} characters"
    return _kind(value)


def _field(path: tuple[Any, ...]) -> str:
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + shown_name(str(part))
    return text


def _suggest(key: str, client: str, candidates: set[str]) -> str | None:
    """The field ``key`` most likely meant (in this client's own spelling), or None."""
    lowered = {c.lower(): c for c in candidates}
    match = lowered.get(key.lower())
    if match is None:
        import difflib  # only for a key no client knows

        close = difflib.get_close_matches(key, sorted(candidates), n=1, cutoff=0.8)
        match = close[0] if close else None
    if match is None:
        return None
    reads = _reads(client)
    if reads:
        for field, names in _aliases().items():
            if match in names and field in reads and match not in reads[field]:
                return reads[field][0]
    return match


def _type_message(error: Any, name: str, path: tuple[Any, ...]) -> str:
    expected = error.validator_value
    expected = [expected] if isinstance(expected, str) else list(expected)
    wanted = " or ".join(_KINDS.get(k, k) for k in expected)
    message = f"server '{name}': '{_field(path)}' must be {wanted}, not {_kind(error.instance)}"
    if path and path[-1] == "args" and isinstance(error.instance, str):
        message += " (give each argument as a list item)"
    elif len(path) == 2 and path[0] == "args" and not isinstance(error.instance, (list, dict)):
        message += " (quote it)"
    return message


def _valid(entry: dict[str, Any], schema_name: str) -> bool:
    """The entry is valid (the quick validator says so; jsonschema is not needed)."""
    check = _compiled(schema_name)
    return check is not None and check(entry)


def _schema_errors(entry: dict[str, Any], schema_name: str, name: str, pointer: Pointer,
                   client: str) -> Iterator[Violation]:
    """jsonschema's errors, as violations (for an entry the quick validator does not pass)."""
    errors = sorted(_validator(schema_name).iter_errors(entry), key=lambda e: [str(p) for p in e.absolute_path])
    for error in errors:
        path = tuple(error.absolute_path)
        at = pointer + path
        if error.validator == "type":
            yield Violation(_type_message(error, name, path), at, isinstance(path[-1], str) if path else True,
                            str(path[-1]) if path else "", name)
        elif error.validator == "enum":
            allowed = ", ".join(str(v) for v in error.validator_value)
            if path and path[-1] in ("type", "transport", "transportType"):
                message = f"server '{name}': unknown transport type {_quoted_value(error.instance)} (expected one of: {allowed})"
            else:
                message = f"server '{name}': '{_field(path)}' is {_quoted_value(error.instance)}, expected one of: {allowed}"
            yield Violation(message, at, False, str(path[-1]) if path else "", name)
        elif error.validator == "additionalProperties":
            properties = set(error.schema.get("properties", {}))
            for key in [k for k in error.instance if k not in properties]:
                hint = _suggest(key, client, properties | set(index()["misspelling_targets"]))
                message = f"server '{name}': unknown key '{shown_name(str(key))}'"
                if hint and hint != key:
                    message += f" (did you mean '{hint}'?)"
                elif key == "disabled" and "enabled" in properties:
                    message += f": {_client_name(client)} does not read it, so the server stays enabled (use enabled = false)"
                else:
                    message += f": {_client_name(client)} does not read it"
                yield Violation(message, at + (key,), True, key, name)
        elif error.validator == "required":
            missing = [k for k in error.validator_value if k not in error.instance]
            yield Violation(f"server '{name}': missing {', '.join(repr(k) for k in missing)}", at, True, "", name)
        elif error.validator == "minItems":
            yield Violation(f"server '{name}': '{_field(path)}' must not be empty", at, True, str(path[-1]), name)
        elif error.validator == "anyOf" and path and path[-1] == "command":
            yield Violation(f"server '{name}': 'command' must be a string or an object with 'path', not "
                            f"{_kind(error.instance)}", at, True, "command", name)
        else:
            # jsonschema's own message quotes the offending value: name the check instead
            yield Violation(f"server '{name}': '{_field(path) or 'entry'}' does not pass the schema's "
                            f"'{error.validator}' check", at, True, str(path[-1]) if path else "", name)


# ---------------------------------------------------------------------------------------------
# Checks schemas do not phrase well
# ---------------------------------------------------------------------------------------------


def _switched_off(entry: dict[str, Any]) -> bool:
    """A disabled stub (``enabled: false`` / ``disabled: true``) needs no command or URL."""
    return entry.get("enabled") is False or entry.get("disabled") is True


def _group_violation(entry: dict[str, Any], name: str, pointer: Pointer, fmt: str) -> Violation | None:
    """``[mcp_servers.team.server-a]``: a table of server tables, not a server (a TOML dotted-name slip)."""
    if ENTRY_KEYS & entry.keys():
        return None
    inner = [k for k, v in entry.items() if isinstance(v, dict) and ENTRY_KEYS & v.keys()]
    if not inner:
        return None
    listed = ", ".join(inner[:3]) + (", ..." if len(inner) > 3 else "")
    message = (f"server '{name}' is not a server but holds {len(inner)} server table"
               f"{'s' if len(inner) != 1 else ''} ({listed}): the client sees no command or URL")
    if fmt == "toml":
        message += f" (quote a dotted name: [mcp_servers.\"{name}.{inner[0]}\"])"
    return Violation(message, pointer, True, str(pointer[-1]) if pointer else "", name)


def _exempt_from_endpoint(client: str, entry: dict[str, Any]) -> bool:
    rule = index()["no_endpoint"].get(client)
    if not isinstance(rule, dict):
        return False
    for key, values in rule.items():
        if key == "has":
            if any(k in entry for k in values):
                return True
        elif entry.get(key) in values:
            return True
    return False


class _KeyTable:
    """What ``_key_violations`` needs of one client and entry schema, worked out once."""

    __slots__ = ("strict", "reads", "foreign", "client_name", "layered", "vocabulary", "targets", "endpoint_keys",
                 "hints", "quiet")

    def __init__(self, client: str, schema_name: str) -> None:
        properties = set(schema(schema_name).get("properties", {}))
        reads = _reads(client)
        aliases = _aliases()
        self.strict = schema(schema_name).get("additionalProperties") is False
        """The schema lists every key (Codex): its validation reports unknown keys, not this check."""
        self.reads = reads
        self.foreign = tuple((key, field) for field, names in aliases.items() for key in names
                             if key not in reads.get(field, names)) if reads else ()
        """(key, field) for every name of a field that this client does not read, in alias order."""
        self.client_name = _client_name(client)
        entry = _catalogued(client)
        self.layered = entry is not None and entry.layered
        """The client merges its config files key by key (the catalog's ``layered``)."""
        self.vocabulary = _vocabulary() | properties
        self.targets = set(index()["misspelling_targets"]) | properties
        self.endpoint_keys = frozenset(k for f in ("command", "url") for k in (reads or aliases).get(f, aliases[f]))
        self.hints: dict[str, str | None] = {}
        """``_suggest`` answers already given for this client and schema (short keys only)."""
        foreign_keys = {key for key, _ in self.foreign}
        self.quiet = None if self.strict or schema_name == "codex" else frozenset(self.vocabulary - foreign_keys)
        """Keys ``_key_violations`` never reports: known to some client, not another client's name
        of a field this one reads (None: no such shortcut, every entry is checked in full)."""


_HINTS_KEPT, _HINT_KEY_MAX = 1024, 64
"""Bounds on the remembered suggestions: a hostile file's keys must not grow memory."""


@functools.cache
def _key_table(client: str, schema_name: str) -> _KeyTable:
    return _KeyTable(client, schema_name)


def _hint(key: str, client: str, table: _KeyTable) -> str | None:
    """``_suggest`` against the table's targets, remembered per key (difflib is slow)."""
    hints = table.hints
    if key in hints:
        return hints[key]
    hint = _suggest(key, client, table.targets)
    if len(key) <= _HINT_KEY_MAX and len(hints) < _HINTS_KEPT:
        hints[key] = hint
    return hint


def _nothing_to_report(entry: dict[str, Any], table: _KeyTable) -> bool:
    """``_key_violations`` would find nothing, told by set operations (the common entry): every
    key is a quiet one, one of them is a command or URL, no nested transport table to look in."""
    quiet = table.quiet
    return (quiet is not None and entry.keys() <= quiet and not table.endpoint_keys.isdisjoint(entry)
            and not isinstance(entry.get("transport"), dict))


def _key_violations(entry: dict[str, Any], schema_name: str, name: str, pointer: Pointer,
                    client: str) -> Iterator[Violation]:
    """Misspelled keys, other clients' key names, a missing endpoint, Codex's field mixing."""
    table = _key_table(client, schema_name)
    reads = table.reads
    transport = entry.get("transport")
    nested = transport if isinstance(transport, dict) else {}
    present = (entry.keys() | nested.keys()) if nested else entry.keys()
    foreign: dict[str, str] = {}  # key -> field it is another client's name of
    for key, field in table.foreign:
        if key in present:
            foreign[key] = field
    client_name = table.client_name

    misspelled: list[tuple[str, str]] = []
    if not table.strict:
        vocabulary = table.vocabulary
        for key in entry:
            if key in vocabulary or key in foreign or not key or key.startswith(_COMMENT_PREFIXES):
                continue
            hint = _hint(key, client, table)
            if hint and hint != key:
                misspelled.append((key, hint))

    endpoint_keys = table.endpoint_keys
    has_endpoint = not endpoint_keys.isdisjoint(present)
    explained = any(hint in endpoint_keys for _, hint in misspelled)
    # a client that merges its files key by key (the catalog's ``layered``: Codex) lets a project
    # table override only ``enabled`` or a timeout of a server the user file defines
    checked = reads is not None and not table.layered and not _switched_off(entry)
    if checked and not has_endpoint and not explained and not _exempt_from_endpoint(client, entry):
        missing_foreign = [k for k, f in foreign.items() if f in ("command", "url")]
        if missing_foreign:
            key = missing_foreign[0]
            field = foreign.pop(key)
            own = reads[field][0] if reads else field
            yield Violation(f"server '{name}' has neither a command nor a URL that {client_name} reads: "
                            f"it does not read '{key}' (use '{own}')", pointer + (key,), True, key, name)
            for key in missing_foreign[1:]:
                foreign.pop(key, None)
        else:
            yield Violation(f"server '{name}' has neither 'command' nor 'url': {client_name} can neither start "
                            "nor reach it", pointer, True, str(pointer[-1]) if pointer else "", name)
    for key, field in foreign.items():
        own = reads[field][0] if reads else field
        where = pointer + (("transport", key) if key in nested and key not in entry else (key,))
        yield Violation(f"server '{name}': {client_name} does not read '{key}' (it reads '{own}'): "
                        "the value is ignored", where, True, key, name)
    for key, hint in misspelled:
        yield Violation(f"server '{name}': unknown key '{shown_name(key)}' (did you mean '{hint}'?)", pointer + (key,), True,
                        key, name)

    if schema_name == "codex":
        yield from _codex_mixing(entry, name, pointer)


_CODEX_STDIO_ONLY = ("args", "env", "env_vars", "cwd")
_CODEX_HTTP_ONLY = ("bearer_token_env_var", "http_headers", "env_http_headers", "oauth", "oauth_resource")


def _codex_mixing(entry: dict[str, Any], name: str, pointer: Pointer) -> Iterator[Violation]:
    """Codex rejects an entry mixing stdio and HTTP fields, and an inline bearer_token."""
    if "bearer_token" in entry:
        yield Violation(f"server '{name}': Codex rejects an inline 'bearer_token': put the token in an "
                        "environment variable and name it in 'bearer_token_env_var'",
                        pointer + ("bearer_token",), True, "bearer_token", name)
    if "command" in entry:
        for key in ("url", *_CODEX_HTTP_ONLY):
            if key in entry:
                yield Violation(f"server '{name}': '{key}' is not supported for a command (stdio) server: "
                                "Codex rejects the entry", pointer + (key,), True, key, name)
    elif "url" in entry:
        for key in _CODEX_STDIO_ONLY:
            if key in entry:
                yield Violation(f"server '{name}': '{key}' is not supported for a URL (streamable HTTP) "
                                "server: Codex rejects the entry", pointer + (key,), True, key, name)


# ---------------------------------------------------------------------------------------------
# The fact
# ---------------------------------------------------------------------------------------------


def _containers(client: str, data: Any) -> tuple[list[Any], tuple[tuple[str, ...], ...], bool]:
    keys, flat, known = client_containers(client)
    return find_containers(data, keys, flat), keys, known


def _get(data: Any, pointer: Pointer) -> Any:
    for part in pointer:
        data = data[part]
    return data


def _container_type_violations(data: Any, keys: tuple[tuple[str, ...], ...], client: str) -> Iterator[Violation]:
    """A servers key whose value is not a map of entries (``"mcpServers": "..."``, or a list where
    the client wants a map)."""
    entry = _catalogued(client)
    lists_ok = entry is not None and entry.servers_as_list
    for path in keys:
        if "*" in path or not isinstance(data, dict):
            continue
        node: Any = data
        for part in path:
            if not isinstance(node, dict) or part not in node:
                break
            node = node[part]
        else:
            if isinstance(node, dict) or node is None or (isinstance(node, list) and (lists_ok or len(path) > 1)):
                continue
            label = ".".join(path)
            wanted = "an object mapping server names to entries" + (" or a list" if lists_ok else "")
            yield Violation(f"'{label}' must be {wanted}, not {_kind(node)}", tuple(path), True, path[-1])


def analyze_file(file: Any) -> tuple[Violation, ...]:
    """Every schema violation of one loaded file (duplicate keys first)."""
    found: list[Violation] = [
        Violation(f"duplicate key '{shown_name(p.key)}': the client uses only the last one", p.pointer, True, p.key, span=p.span)
        for p in file.duplicate_keys if p.pointer is not None
    ]
    data = file.data
    if data is None:
        return tuple(found)
    from mcplint.policy_files import holds_no_servers

    if holds_no_servers(file.path, file.client):  # requirements.toml: identities, not server entries
        return tuple(found)
    client = file.client
    containers, keys, known = _containers(client, data)
    if known:
        found.extend(_container_type_violations(data, keys, client))
    seen: dict[tuple[str | None, str], Pointer] = {}
    for container in containers:
        node = _get(data, container.pointer)
        is_list = isinstance(node, list)
        items = enumerate(node) if is_list else node.items()
        schema_name = schema_for(client, container.pointer, is_list)
        table = _key_table(client, schema_name)
        for key, entry in items:
            pointer = container.pointer + (key,)
            name = shown_name(str(entry.get("name", key)) if is_list and isinstance(entry, dict) else str(key))
            if not isinstance(entry, dict):
                if known or container.pointer:
                    found.append(Violation(f"server '{name}' must be an object, not {_kind(entry)}", pointer,
                                           not is_list, str(key), name))
                continue
            if is_list and isinstance(entry.get("name"), str):
                previous = seen.get((container.project, name))
                if previous is not None and previous[:-1] == pointer[:-1]:
                    found.append(Violation(f"duplicate server name '{name}': the client keeps only one of them",
                                           pointer + ("name",), False, "name", name))
            seen.setdefault((container.project, name), pointer)
            if ENTRY_KEYS.isdisjoint(entry):  # (an entry with a command or URL is no group)
                group = _group_violation(entry, name, pointer, file.format)
                if group is not None:
                    found.append(group)
                    continue
            if not _valid(entry, schema_name):
                found.extend(_schema_errors(entry, schema_name, name, pointer, client))
            if not _nothing_to_report(entry, table):
                found.extend(_key_violations(entry, schema_name, name, pointer, client))
    return tuple(found)

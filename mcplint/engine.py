"""Rules stage: evaluate each rule's condition over facts and turn matches into findings."""

from __future__ import annotations

import json
from typing import Any, ClassVar

from mcplint.expr import EVAL_ERRORS, ExprError, Scope, as_expr_error
from mcplint.facts import FILE_ANALYZERS, FactContext, Facts
from mcplint.model import NOWHERE, SEVERITIES, Document, Finding, Item, LoadError, Pointer, Server, SourceFile, Span, pointer_str
from mcplint.record import Record, field
from mcplint.ruleset import Rule, RuleError, expression_error


class Problem(Item):
    """A file-level problem with a position: a load error, a duplicate key, a schema violation."""

    message: str
    line: int = 1
    column: int = 1
    pointer: Pointer | None = None
    key: str = ""
    span: Span | None = None
    """Where it stands, when the pointer alone does not say (a repeated key)."""


class FileFacts(Record):
    """What file-scope rules see."""

    path: str
    client: str
    format: str
    scope: str
    errors: tuple[Problem, ...] = ()
    duplicate_keys: tuple[Problem, ...] = ()
    servers: tuple[Server, ...] = ()
    data: Any = None
    extra: dict[str, Any] = field(default_factory=dict)
    """Facts added by later stages (schema violations...), by name."""
    text: str = ""
    """The file's text (file facts that read the source as written: strict_json)."""
    comments: tuple[Any, ...] = ()
    """The comments the loader found."""
    path_client: str | None = None
    """The client the catalog gives the file's path (discovery's); ``client`` may differ when the
    loader re-inferred it from the content (a ``.vscode/settings.json`` with an empty ``mcp`` block)."""
    RULE_FIELDS: ClassVar[frozenset[str]] = frozenset({*FILE_ANALYZERS, "unused_ignores"})
    """The file facts conditions may read as fields (``file.schema_violations``): the computed
    ones and those a later stage hands in (``unused_ignores``, from the filter stage's inline
    ignores: ``Evaluator.run(loaded, added)``)."""

    def __getattr__(self, name: str) -> Any:
        try:
            extra = self.__dict__["extra"]
        except KeyError:
            raise AttributeError(name) from None
        if name not in extra:
            from mcplint.facts import file_analyzer

            if name not in FILE_ANALYZERS:
                raise AttributeError(name)
            extra[name] = file_analyzer(name)(self)
        return extra[name]


class LoadedFile(Record):
    """One file after load and normalize: what the rules run over."""

    source: SourceFile
    client: str
    format: str
    doc: Document | None
    error: LoadError | None
    servers: list[Server]

    def facts(self) -> FileFacts:
        errors = (Problem(self.error.message, self.error.line, self.error.column),) if self.error else ()
        duplicates = ()
        if self.doc is not None:
            spans = self.doc.duplicate_spans
            duplicates = tuple(
                Problem(f"duplicate key {str(p[-1])!r}", pointer=p, key=str(p[-1]),
                        span=spans[i] if i < len(spans) else None)
                for i, p in enumerate(self.doc.duplicate_keys)
            )
        return FileFacts(
            self.source.display, self.client, self.format, self.source.scope, errors, duplicates,
            tuple(self.servers), self.doc.data if self.doc else None, text=self.doc.text if self.doc else "",
            comments=tuple(self.doc.comments) if self.doc else (), path_client=self.source.client,
        )


_DIGEST_ENCODER = json.JSONEncoder(sort_keys=True, default=str)
"""``json.dumps(value, sort_keys=True, default=str)``, made once (dumps builds one per call)."""


def _value_digest(data: Any, pointer: Pointer | None) -> str:
    try:
        for part in pointer or ():
            data = data[part]
        text = _DIGEST_ENCODER.encode(data)
    except (KeyError, IndexError, TypeError):
        text = ""
    return sha256_hex(text)


def sha256_hex(text: str) -> str:
    import hashlib  # (only a run with findings needs it: loading OpenSSL is a start-up cost)

    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


MAX_NAME, MAX_MESSAGE = 200, 2000
"""Longer server names and messages are cut: a hostile file must not flood the report."""


def _bounded(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def fingerprint(rule: str, file: str, server: str | None, pointer: str, value_digest: str) -> str:
    """Line-independent identity of a finding; holds no secret (a hash of a hash)."""
    raw = "\x1f".join((rule, file.replace("\\", "/"), server or "", pointer, value_digest))
    return sha256_hex(raw)[:32]


def _rule_error(rule: Rule, key: str, exc: Exception) -> RuleError:
    """A condition that failed on this data, at its rule file, line and column."""
    if isinstance(exc, ExprError):
        return expression_error(rule.path, None, key, exc, rule.lines.get(key, 1), prefix=f"{rule.id} ")
    return RuleError(rule.path, rule.lines.get(key, 1), f"{rule.id} {key}: {type(exc).__name__}")


_COLLECTIONS = (list, tuple, set, frozenset, dict)
"""What a rule's ``for_each`` may give (or any falsy value: nothing)."""


class Evaluator:
    """Runs a rule set over loaded files: each rule's ``for_each``, then ``when`` per item, in
    rule order, through the expression interpreter (expr.py)."""

    def __init__(self, rules: list[Rule], extra_analyzers: dict[str, Any] | None = None, config: Any = None) -> None:
        self.file_rules = [r for r in rules if r.scope == "file"]
        self.server_rules = [r for r in rules if r.scope == "server"]
        self.extra = extra_analyzers or {}
        self.config = config
        self._plans: dict[int, list[tuple[Rule, Any, Any]]] = {}
        """Per rule list (file rules, server rules): each rule with its compiled conditions."""

    def run(self, loaded: LoadedFile, added: dict[str, Any] | None = None) -> list[Finding]:
        """The findings of the rules over one file; ``added``: file facts a later stage computed
        (MCP009 reads ``unused_ignores``, the inline ignores that suppressed nothing)."""
        findings: list[Finding] = []
        file_facts = loaded.facts()
        if added:
            file_facts.extra.update(added)
        if self.file_rules:
            scope = Scope({"file": file_facts})
            findings += self._run_rules(self.file_rules, scope, loaded, None)
        if loaded.error is not None and loaded.doc is not None and self.server_rules:
            findings += self._run_raw_text(loaded, file_facts)
        if loaded.servers and self.server_rules:
            ctx = FactContext(loaded.doc, loaded.source, loaded.client, self.extra, self.config)
            for server in loaded.servers:
                facts = Facts(server, ctx, {"file": file_facts, "server": server})
                findings += self._run_rules(self.server_rules, facts, loaded, server)
        return findings

    def _run_raw_text(self, loaded: LoadedFile, file_facts: FileFacts) -> list[Finding]:
        """A file that does not parse has no servers, but its text may hold credentials: the
        server rules over the ``secrets`` fact alone (MCP101) run over the secrets of the raw
        text (facts/raw_secrets.py), each at its line and column."""
        rules = [r for r in self.server_rules if r.for_each is not None and r.for_each.names == {"secrets"}]
        if not rules:
            return []
        from mcplint.facts.raw_secrets import analyze_text

        secrets = analyze_text(loaded.doc.text)
        if not secrets:
            return []
        scope = Scope({"file": file_facts, "server": None, "secrets": secrets})
        return self._run_rules(rules, scope, loaded, None)

    def _run_rules(self, rules: list[Rule], scope: Scope, loaded: LoadedFile, server: Server | None) -> list[Finding]:
        """The findings of ``rules`` in order. A rule's conditions read ``scope``, with ``item``
        set for each item of its ``for_each`` (and removed after)."""
        found: list[Finding] = []
        plan = self._plans.get(id(rules))
        if plan is None:  # each condition's closure, parsed on first use (a rule file's once)
            plan = self._plans[id(rules)] = [
                (rule, rule.for_each.function() if rule.for_each is not None else None,
                 rule.when.function() if rule.when is not None else None) for rule in rules]
        for rule, for_each, when in plan:
            key = "when"
            try:
                if for_each is None:
                    if when is None or when(scope):
                        found += self._emit(rule, scope, None, loaded, server)
                    continue
                key = "for_each"
                items = for_each(scope)
                if not items:  # (most rules on most servers; a falsy value is nothing too)
                    continue
                if not isinstance(items, _COLLECTIONS):
                    raise ExprError(f"for_each gives a {type(items).__name__}, not a list")
                key = "when"
                try:
                    for item in items:
                        scope["item"] = item
                        if when is None or when(scope):
                            found += self._emit(rule, scope, item, loaded, server)
                finally:
                    scope.pop("item", None)
            except EVAL_ERRORS as exc:
                raise _rule_error(rule, key, as_expr_error(exc)) from None
        return found

    def _emit(self, rule: Rule, scope: Scope, item: Any, loaded: LoadedFile, server: Server | None) -> list[Finding]:
        """The finding of a rule whose condition holds: its severity, message and place."""
        key = "severity_from"
        try:
            severity = str(rule.severity_from(scope)) if rule.severity_from else rule.severity
            if severity not in SEVERITIES:
                severity = rule.severity
            key = "message"
            message = rule.message.render(scope)
            key = "at"
            place = item if isinstance(item, Item) else NOWHERE
            pointer = rule.at(scope) if rule.at else place.pointer
            return [self._finding(rule, severity, message, place, pointer, loaded, server)]
        except ExprError as exc:
            raise _rule_error(rule, key, exc) from None
        except (TypeError, ValueError, KeyError, IndexError, AttributeError) as exc:  # a bad pointer from ``at``
            raise _rule_error(rule, key, exc) from None

    def _finding(self, rule: Rule, severity: str, message: str, place: Item, pointer: Pointer | None,
                 loaded: LoadedFile, server: Server | None) -> Finding:
        doc = loaded.doc
        if pointer is None and server is not None:
            pointer = server.pointer
        span = place.span  # an item that knows its own place
        if span is None and doc is not None and pointer is not None:
            at_key = (server is not None and pointer == server.pointer) or place.at_key
            span = doc.key_span(pointer) if at_key else doc.span(pointer)
        if span is None:
            span = Span(place.line, place.column, place.line, place.column)
        pointer_text = pointer_str(pointer) if pointer is not None else ""
        if doc is None or pointer is None or (server is not None and pointer == server.pointer):
            # a finding about the whole server (or file): its identity is what it says, so
            # editing an unrelated field of the entry does not make a baselined finding new
            digest = sha256_hex(message)
        else:
            digest = _value_digest(doc.data, pointer)
        name = _bounded(server.name, MAX_NAME) if server is not None else None
        message = _bounded(message, MAX_MESSAGE)
        return Finding(
            rule=rule.id, name=rule.name, severity=severity, file=loaded.source.display,
            line=span.line, column=span.column, end_line=span.end_line, end_column=span.end_column,
            message=message, server=name, client=loaded.client, pointer=pointer_text,
            fingerprint=fingerprint(rule.id, loaded.source.display, name, pointer_text, digest),
        )

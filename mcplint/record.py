"""The two record bases: ``Frozen`` (immutable, a tuple with named fields) and ``Record`` (mutable).

Why not ``@dataclass`` or ``typing.NamedTuple``: both write methods as source text and exec()
them for every class (a NamedTuple also compiles each string annotation into a ForwardRef), and
the pre-commit path (``mcplint scan FILE``) defines some sixty record classes: that was a fifth
of its start-up (docs/architecture.md has the measurement). These bases read the annotations
once at class creation and share one constructor, ``repr`` and equality among all subclasses.

- ``Frozen``: facts, finding items, catalog entries, anything built once and read many times.
  A ``tuple`` subclass, so it behaves as a NamedTuple does (hashable, ordered, unpacks,
  pickles, ``_replace``, ``_fields``).
- ``Record``: the few records a later stage fills in (a server's fields during normalize, a
  document's positions, a finding's suppression); ``field(default_factory=...)`` works as in
  a dataclass.

Type checkers treat both as dataclasses (``dataclass_transform``).
"""

from __future__ import annotations

from operator import itemgetter
from typing import Any, Callable, ClassVar, Iterable, Self, dataclass_transform

_MISSING: Any = object()


class _Factory:
    """A default made anew for each record (``field(default_factory=list)``)."""

    __slots__ = ("make",)

    def __init__(self, make: Callable[[], Any]) -> None:
        self.make = make


def field(*, default: Any = _MISSING, default_factory: Callable[[], Any] | None = None) -> Any:
    """A field's default, as ``dataclasses.field``: a value, or a factory called per record."""
    if default_factory is not None:
        return _Factory(default_factory)
    return default


def _own_fields(namespace: dict[str, Any]) -> list[str]:
    """The field names a class body declares: its annotations, less ``ClassVar`` ones."""
    return [name for name, note in namespace.get("__annotations__", {}).items() if "ClassVar" not in str(note)]


class _FrozenMeta(type):
    """Turns the annotated names of a ``Frozen`` class body into read-only fields of the tuple."""

    def __new__(mcs, name: str, bases: tuple[type, ...], namespace: dict[str, Any]) -> Any:
        fields = _own_fields(namespace)
        if fields and any(getattr(base, "_fields", ()) for base in bases):
            raise TypeError(f"{name}: a Frozen class with fields cannot be subclassed with more fields")
        defaults: dict[str, Any] = {}
        for index, field_name in enumerate(fields):
            if field_name in namespace:
                defaults[field_name] = namespace[field_name]
            elif defaults:
                raise TypeError(f"{name}.{field_name}: a field without a default follows one with a default")
            namespace[field_name] = property(itemgetter(index))
        namespace.setdefault("__slots__", ())
        if fields:
            namespace["_fields"] = tuple(fields)
            namespace["_defaults"] = defaults
        return super().__new__(mcs, name, bases, namespace)


@dataclass_transform(frozen_default=True)
class Frozen(tuple, metaclass=_FrozenMeta):  # type: ignore[type-arg]
    """Base of immutable records: ``class Span(Frozen): line: int; column: int = 0``.

    Fields are the annotated names in order, each with an optional default; arguments are
    taken by position or by name. Methods and properties may be added; fields may not be
    added to a subclass of a class that has them (as with a NamedTuple).
    """

    _fields: ClassVar[tuple[str, ...]] = ()
    _defaults: ClassVar[dict[str, Any]] = {}

    def __new__(cls, *args: Any, **kwargs: Any) -> Self:
        fields = cls._fields
        if kwargs or len(args) != len(fields):
            args = cls._complete(args, kwargs)
        return tuple.__new__(cls, args)

    @classmethod
    def _complete(cls, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
        fields, defaults = cls._fields, cls._defaults
        given = len(args)
        if given > len(fields):
            raise TypeError(f"{cls.__name__}() takes {len(fields)} arguments but {given} were given")
        rest = fields[given:]
        if kwargs and not kwargs.keys() <= set(rest):
            wrong = sorted(kwargs.keys() - set(rest))[0]
            problem = "more than one value for" if wrong in fields else "an unexpected"
            raise TypeError(f"{cls.__name__}() got {problem} argument {wrong!r}")
        try:
            return (*args, *[kwargs[name] if name in kwargs else defaults[name] for name in rest])
        except KeyError as exc:
            raise TypeError(f"{cls.__name__}() missing required argument {exc.args[0]!r}") from None

    @classmethod
    def _make(cls, values: Iterable[Any]) -> Self:
        return tuple.__new__(cls, tuple(values))

    def _replace(self, **changes: Any) -> Self:
        """A copy with ``changes`` (as ``NamedTuple._replace`` and ``dataclasses.replace``)."""
        return type(self)(**{**self._asdict(), **changes})

    def _asdict(self) -> dict[str, Any]:
        return dict(zip(self._fields, self))

    def __getnewargs__(self) -> tuple[Any, ...]:
        return tuple(self)

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in zip(self._fields, self))
        return f"{type(self).__name__}({shown})"


@dataclass_transform(field_specifiers=(field,))
class Record:
    """Base of mutable records: ``class Server(Record): name: str; args: list[str] = field(...)``.

    Fields are the annotated class attributes in order (a subclass's after its base's), each
    with an optional default; arguments are taken by position or by name, as a dataclass does.
    """

    _fields: ClassVar[tuple[str, ...]] = ()
    _defaults: ClassVar[dict[str, Any]] = {}
    _field_set: ClassVar[frozenset[str]] = frozenset()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        fields, defaults = list(cls._fields), dict(cls._defaults)
        for name, note in cls.__dict__.get("__annotations__", {}).items():
            if "ClassVar" in str(note):
                continue
            if name not in fields:
                fields.append(name)
            value = cls.__dict__.get(name, _MISSING)
            if value is _MISSING:
                defaults.pop(name, None)
            else:
                defaults[name] = value
            if isinstance(value, _Factory) or (value is _MISSING and name in cls.__dict__):
                delattr(cls, name)
        for before, after in zip(fields, fields[1:]):
            if before in defaults and after not in defaults:
                raise TypeError(f"{cls.__name__}.{after}: a field without a default follows one with a default")
        cls._fields, cls._defaults, cls._field_set = tuple(fields), defaults, frozenset(fields)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        fields = self._fields
        values = self.__dict__
        if args:
            if len(args) > len(fields):
                raise TypeError(f"{type(self).__name__}() takes {len(fields)} arguments but {len(args)} were given")
            values.update(zip(fields, args))
        if kwargs:
            if not kwargs.keys() <= self._field_set:
                unexpected = sorted(kwargs.keys() - self._field_set)[0]
                raise TypeError(f"{type(self).__name__}() got an unexpected argument {unexpected!r}")
            if args and not kwargs.keys().isdisjoint(values):
                twice = sorted(kwargs.keys() & values.keys())[0]
                raise TypeError(f"{type(self).__name__}() got more than one value for argument {twice!r}")
            values.update(kwargs)
        if len(values) < len(fields):
            for name in fields:
                if name not in values:
                    try:
                        default = self._defaults[name]
                    except KeyError:
                        raise TypeError(f"{type(self).__name__}() missing required argument {name!r}") from None
                    values[name] = default.make() if type(default) is _Factory else default

    def values(self) -> tuple[Any, ...]:
        """The field values in order (with ``from_values``: a record as plain data, e.g. to
        send it between processes at a fraction of pickling the object)."""
        values = self.__dict__
        return tuple([values[name] for name in self._fields])

    @classmethod
    def from_values(cls, values: Iterable[Any]) -> Self:
        """The record of ``values()``: trusted input, so no argument checks."""
        record = cls.__new__(cls)
        record.__dict__.update(zip(cls._fields, values))
        return record

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__name__}({shown})"

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self._fields)

    __hash__ = None  # type: ignore[assignment]  # mutable, like a dataclass with eq=True


def fields(record: Record | type[Record]) -> tuple[str, ...]:
    """Field names in order (``dataclasses.fields`` gives Field objects; names are what we use)."""
    return record._fields

"""``Record``: a mutable record with a dataclass's constructor, repr and equality, made cheaply.

Why not ``@dataclass``: it writes each class's methods as source text and exec()s them — about
1.5 ms a class on a slow 2-core machine — and importing it pulls in ``inspect``. The pre-commit
path (``mcplint scan FILE``) defined 61 record classes, a third of its start-up. So immutable
records are ``typing.NamedTuple`` (made without exec, faster to build, hashable) and the few
records a later stage fills in (a server's fields during normalize, a document's positions, a
finding's suppression) subclass ``Record``, which reads the annotations once at class creation
and shares one ``__init__``, ``__repr__`` and ``__eq__``. Type checkers treat a ``Record``
subclass as a dataclass (``dataclass_transform``); ``field(default_factory=...)`` works as there.
"""

from __future__ import annotations

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

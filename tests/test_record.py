"""``Record``: a mutable record built like a dataclass (constructor, defaults, repr, equality)."""

from __future__ import annotations

import pickle

import pytest

from mcplint import record
from mcplint.record import Record, field, fields


class Point(Record):
    x: int
    y: int = 0
    tags: list[str] = field(default_factory=list)


class Point3(Point):
    z: int = 0


def test_arguments_by_position_or_name_with_defaults() -> None:
    assert (Point(1).x, Point(1).y, Point(1).tags) == (1, 0, [])
    assert Point(1, 2, ["a"]).tags == ["a"]
    assert Point(y=5, x=1).y == 5
    assert Point(1, tags=["t"]).tags == ["t"]


def test_a_default_factory_makes_a_new_value_for_each_record() -> None:
    a, b = Point(1), Point(2)
    a.tags.append("x")
    assert b.tags == []


def test_wrong_arguments_are_refused_as_a_dataclass_would() -> None:
    with pytest.raises(TypeError, match="missing required argument 'x'"):
        Point()
    with pytest.raises(TypeError, match="unexpected argument 'w'"):
        Point(1, w=2)
    with pytest.raises(TypeError, match="more than one value for argument 'x'"):
        Point(1, x=2)
    with pytest.raises(TypeError, match="takes 3 arguments"):
        Point(1, 2, [], 4)


def test_subclass_fields_follow_the_base_fields() -> None:
    assert fields(Point3) == ("x", "y", "tags", "z")
    assert Point3(1, 2, [], 3).z == 3


def test_a_field_without_default_after_one_with_a_default_is_an_error() -> None:
    with pytest.raises(TypeError, match="without a default"):
        class Bad(Record):  # noqa: F841
            a: int = 1
            b: int


def test_repr_equality_and_mutability() -> None:
    p = Point(1, 2)
    assert repr(p) == "Point(x=1, y=2, tags=[])"
    assert p == Point(1, 2) and p != Point(1, 3) and p != Point3(1, 2)
    p.y = 7
    assert p.y == 7
    with pytest.raises(TypeError):
        hash(p)  # mutable: unhashable, like a dataclass with eq


def test_a_record_pickles_for_worker_processes() -> None:
    p = Point3(1, 2, ["a"], 3)
    assert pickle.loads(pickle.dumps(p)) == p


def test_a_hot_record_builds_the_same_records_with_its_written_init() -> None:
    class Plain(Record):
        a: int
        b: str = "x"
        c: list[int] = field(default_factory=list)

    class Hot(Record, hot=True):
        a: int
        b: str = "x"
        c: list[int] = field(default_factory=list)

    class Child(Hot):  # a hot record's subclass with more fields gets the shared init
        d: int = 4

    calls = [((1,), {}), ((1, "y"), {}), ((), {"a": 1, "c": [2]}), ((1,), {"c": [3], "b": "z"})]
    for round in range(record.HOT_AFTER):
        for args, kwargs in calls:
            assert Hot(*args, **kwargs).__dict__ == Plain(*args, **kwargs).__dict__
        if round == 0:
            assert Hot.__init__ is record._counting_init  # the shared one, counted
    assert Hot.__init__.__qualname__.endswith("Hot.__init__")  # written after HOT_AFTER records
    first, second = Hot(1), Hot(2)
    assert first.c == [] and first.c is not second.c  # a factory per record, as before
    assert Child(1, d=5).__dict__ == {"a": 1, "b": "x", "c": [], "d": 5}
    assert Child.__init__ is Record.__init__
    with pytest.raises(TypeError):
        Hot()
    with pytest.raises(TypeError):
        Hot(1, e=2)

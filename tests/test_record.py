"""``Record``: a mutable record built like a dataclass (constructor, defaults, repr, equality)."""

from __future__ import annotations

import pickle

import pytest

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

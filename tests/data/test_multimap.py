"""MultiMap (spec §9.1) and selection lists (§9.2)."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dataway.data import Entity, MultiMap, SelectionList

from .support import raises

pairs_strategy = st.lists(st.tuples(st.sampled_from(["a", "b", "C", "c", "*a"]),
                                    st.integers() | st.text(max_size=3)), max_size=8)


def test_construction_forms() -> None:
    assert MultiMap().items() == []
    assert MultiMap({"a": [1, 2], "b": (3,), "c": 4}).items() == [("a", 1), ("a", 2), ("b", 3),
                                                                   ("c", 4)]
    assert MultiMap([("a", 1), ["b", 2]]).items() == [("a", 1), ("b", 2)]
    original = MultiMap([("a", 1)], ignore_case=True)
    clone = MultiMap(original)
    assert clone == original and clone is not original
    with raises("TypeError"):
        MultiMap("ab")
    with raises("TypeError"):
        MultiMap([1])
    with raises("ValueError"):
        MultiMap([("a", 1, 2)])
    with raises("TypeError", "MultiMap keys must be str"):
        MultiMap([(1, 2)])


def test_reading() -> None:
    m = MultiMap([("k3", "2"), ("k3", "abc"), ("*k", "lit")])
    assert m["k3"] == "2" and m["*k3"] == ["2", "abc"] and m["*none"] == []
    assert m.get("*k") == "lit" and m.getall("*k") == ["lit"] and m.get("zz", 5) == 5
    assert "k3" in m and "zz" not in m and len(m) == 3
    assert list(m) == ["k3", "k3", "*k"] and m.keys() == ["k3", "k3", "*k"]
    assert m.values() == ["2", "abc", "lit"]
    assert m.items() == [("k3", "2"), ("k3", "abc"), ("*k", "lit")]
    assert m.to_dict() == {"k3": ["2", "abc"], "*k": "lit"}
    with raises("KeyError"):
        m["zz"]


def test_mutation() -> None:
    m = MultiMap([("a", 1), ("b", 2), ("a", 3)])
    m["a"] = 9
    assert m.items() == [("a", 9), ("b", 2)]
    m["c"] = 4
    m.add("b", 5)
    assert m.items() == [("a", 9), ("b", 2), ("c", 4), ("b", 5)]
    del m["b"]
    assert m.items() == [("a", 9), ("c", 4)]
    with raises("KeyError"):
        del m["b"]
    c = m.copy()
    c.add("z", 0)
    assert "z" not in m


def test_ignore_case() -> None:
    h = MultiMap([("Content-Type", "a"), ("X", "1")], ignore_case=True)
    assert h["content-type"] == "a" and "x" in h and h.getall("CONTENT-TYPE") == ["a"]
    h["content-TYPE"] = "b"
    assert h.items() == [("Content-Type", "b"), ("X", "1")]
    h.add("x", "2")
    assert h.to_dict() == {"Content-Type": "b", "X": ["1", "2"]}
    assert "content-type" not in MultiMap([("Content-Type", "a")])


def test_equality_and_repr() -> None:
    assert MultiMap([("k3", "2"), ("k3", "abc")]) == MultiMap({"k3": ["2", "abc"]})
    assert MultiMap([("a", 1)]) != {"a": 1}
    assert MultiMap([("a", 1), ("b", 2)]) != MultiMap([("b", 2), ("a", 1)])
    assert repr(MultiMap([("k3", "2"), ("k3", "abc")])) == "MultiMap([('k3', '2'), ('k3', 'abc')])"
    assert MultiMap.dw_type_name == "MultiMap"
    assert MultiMap.dw_attrs == {"get", "getall", "add", "keys", "values", "items", "to_dict",
                                 "copy"}
    with raises("TypeError"):
        hash(MultiMap())


def test_selection_lists_are_lists_with_a_value_selector() -> None:
    sl = MultiMap([("a", [1]), ("a", 2)])["*a"]
    assert isinstance(sl, list) and isinstance(sl, SelectionList)
    plain = sl["^value"]
    assert type(plain) is list and plain == [[1], 2]
    assert sl[0] == [1] and sl[-1] == 2 and sl[0:1] == [[1]]
    with raises("TypeError"):
        sl["other"]


@given(pairs_strategy)
def test_model_against_a_pair_list(pairs: list) -> None:
    m = MultiMap(pairs)
    assert m.items() == pairs and len(m) == len(pairs)
    for key in {k for k, _ in pairs} | {"zz"}:
        values = [v for k, v in pairs if k == key]
        assert m.getall(key) == values
        assert m.get(key) == (values[0] if values else None)
        assert (key in m) == bool(values)
    assert m.to_dict() == {k: (vals if len(vals) > 1 else vals[0])
                           for k, vals in _grouped(pairs).items()}


def _grouped(pairs: list) -> dict:
    out: dict = {}
    for k, v in pairs:
        out.setdefault(k, []).append(v)
    return out


@given(st.lists(st.tuples(st.text(max_size=4), st.text(max_size=4)), max_size=6))
def test_form_entity_round_trip(pairs: list) -> None:
    m = MultiMap(pairs)
    assert Entity.from_value(m, "application/x-www-form-urlencoded")["^value"] == m


@given(pairs_strategy)
def test_mutation_model(pairs: list) -> None:
    m = MultiMap(pairs)
    for key in ["a", "c"]:
        first = next((i for i, (k, _) in enumerate(pairs) if k == key), None)
        m[key] = "new"
        kept = [(k, v) for k, v in pairs if k != key]
        if first is None:
            kept.append((key, "new"))
        else:
            position = sum(1 for k, _ in pairs[:first] if k != key)
            kept.insert(position, (key, "new"))
        pairs = kept
        assert m.items() == pairs

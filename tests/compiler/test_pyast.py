"""The CPython-tree converter used by tests: positions and node mapping."""
from dataway.syntax import ast as dw
from tests.support.pyast import from_source, to_expression


def test_positions_are_code_points_end_exclusive() -> None:
    tree = to_expression("'é' + xü")
    assert isinstance(tree.body, dw.BinOp)
    right = tree.body.right
    assert isinstance(right, dw.Name)
    assert (right.line, right.column, right.end_line, right.end_column) == (1, 7, 1, 9)


def test_operators_and_contexts_become_strings() -> None:
    mod = from_source("a, *b = c\nx += 1\ndel y\nz = not 1 < 2 is not 3\n")
    assign, aug, delete, last = mod.body
    assert assign.targets[0].ctx == "store" and isinstance(assign.targets[0].elts[1], dw.Starred)
    assert aug.op == "+"
    assert delete.targets[0].ctx == "del"
    assert last.value.op == "not" and last.value.operand.ops == ("<", "is not")


def test_refused_constructs_keep_nodes() -> None:
    mod = from_source("async def f():\n    await g\nmatch x:\n    case 1: pass\n")
    assert mod.body[0].is_async and isinstance(mod.body[1], dw.Unsupported)

"""What For Each, Parallel Foreach and While share: iteration rules and loop variables."""
from __future__ import annotations

from typing import Annotated, Any, Iterator, Mapping

from pydantic import AfterValidator

from dataway.engine.errors import StepFailed
from dataway.engine.message import VAR_NAME_RE

__all__ = ["iterate", "loop_vars", "final_vars", "check_var_name", "VarName"]

_MISSING = object()


def check_var_name(value: str) -> str:
    """Pydantic validator body: a variable name per §2."""
    if not VAR_NAME_RE.match(value):
        raise ValueError(f"{value!r} is not a variable name ([A-Za-z_][A-Za-z0-9_]{{0,127}})")
    return value


def iterate(collection: Any, label: str) -> Iterator[Any]:
    """Elements of a For Each collection (§6.7); VALIDATION for anything else."""
    if collection is None:
        return iter(())
    if isinstance(collection, (str, list, tuple)):
        return iter(collection)
    if isinstance(collection, dict):
        return iter(collection.values())
    if isinstance(collection, int) and not isinstance(collection, bool):
        if collection < 0:
            raise StepFailed("VALIDATION", f"{label}: cannot iterate over a negative int "
                             f"({collection})")
        return iter(range(collection))
    kind = type(collection).__name__
    if kind == "Entity":
        return iterate(collection["^value"], label)
    if kind == "MultiMap":
        return iter(collection.values())
    if kind in ("FormDataParts", "Stream"):
        return iter(collection)
    raise StepFailed("VALIDATION", f"{label}: cannot iterate over a value of type {kind}")


def loop_vars(current: Mapping[str, Any], counter: str, index: int, root_name: str,
              root: Any) -> dict[str, Any]:
    """The vars of one iteration: the loop's current vars plus counter and root message."""
    new = dict(current)
    new[counter] = index
    new[root_name] = root
    return new


def final_vars(before: Mapping[str, Any], current: Mapping[str, Any], counter: str,
               root_name: str) -> dict[str, Any]:
    """Loop output vars: the final state minus counter/root, restored if they pre-existed."""
    out = dict(current)
    for name in (counter, root_name):
        previous = before.get(name, _MISSING)
        if previous is _MISSING:
            out.pop(name, None)
        else:
            out[name] = previous
    return out


VarName = Annotated[str, AfterValidator(check_var_name)]

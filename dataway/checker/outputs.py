"""DW409: the declared output type is unknown, or a literal text can never convert to it (§2.5).

Only a text-mode template without interpolations has a value known at check time (its text);
whether it converts is decided by the conversion the run itself applies
(:func:`dataway.data.convert.convert`), so check and run time cannot disagree.
"""
from __future__ import annotations

from dataway.checker.report import Report
from dataway.declared import OUTPUT_TYPES
from dataway.syntax import ast as A

__all__ = ["check_output_type", "text_converts"]


def text_converts(text: str, output_type: str) -> bool:
    """True unless converting the literal ``text`` to ``output_type`` raises a script error
    (spec §2.5, str source). A limit (an int of too many digits) is the run's business."""
    from dataway.data.convert import convert  # the data layer is only needed here
    from dataway.runtime.exceptions import ScriptRaise

    try:
        convert(text, output_type)
    except ScriptRaise:
        return False
    except BaseException as exc:  # noqa: BLE001 - LimitExceeded and friends: not "never"
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
    return True


def check_output_type(tree: A.Node, mode: str, output_type: str, report: Report) -> None:
    """Report an unknown declared type, or a literal template that cannot convert to it."""
    if output_type not in OUTPUT_TYPES:
        expected = ", ".join(OUTPUT_TYPES)
        report.add("DW409", f"unknown declared type '{output_type}'; expected one of "
                            f"{expected}", span=(1, 1, 1, 1))
        return
    if mode != "text" or not isinstance(tree, A.Template):
        return
    if any(isinstance(p, A.TemplateExpr) for p in tree.parts):
        return
    text = "".join(p.value for p in tree.parts if isinstance(p, A.TemplateText))
    if not text_converts(text, output_type):
        shown = text if len(text) <= 40 else text[:37] + "..."
        report.add("DW409", f"cannot convert {shown!r} to {output_type}",
                   tree if tree.line else None)

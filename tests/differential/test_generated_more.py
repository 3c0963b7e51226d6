"""Property tests with the generators of :mod:`differential.strategies_more`."""
from __future__ import annotations

from hypothesis import given

from differential.strategies_more import (dict_program, list_mutation_program,
                                          numeric_format_expr, slicing_expr, str_method_call)
from differential.test_generated import SETTINGS, _agree, _skip_unless_ready


@SETTINGS
@given(str_method_call())
def test_str_methods_with_arguments(source: str) -> None:
    """str methods with generated arguments."""
    _skip_unless_ready()
    _agree(source)


@SETTINGS
@given(slicing_expr())
def test_slices(source: str) -> None:
    """Generated slices of every sequence type."""
    _skip_unless_ready()
    _agree(source)


@SETTINGS
@given(list_mutation_program())
def test_list_mutation_sequences(source: str) -> None:
    """Generated sequences of list mutations."""
    _skip_unless_ready()
    _agree(source, mode="code")


@SETTINGS
@given(dict_program())
def test_dict_operation_sequences(source: str) -> None:
    """Generated sequences of dict operations (insertion order observable)."""
    _skip_unless_ready()
    _agree(source, mode="code")


@SETTINGS
@given(numeric_format_expr())
def test_numeric_formatting(source: str) -> None:
    """Numbers formatted with generated precision, width, sign and type."""
    _skip_unless_ready()
    _agree(source)

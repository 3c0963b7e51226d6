"""Attacks on the attribute policy, the builtins and the module surface (spec §4.4, §4.5,
§11-§13): every way a CPython sandbox is classically escaped, each named after its idea.

Each case asserts the exact error class, code and type (or the harmless value) and is bounded
in time and memory by :func:`harness.expect`.
"""
from __future__ import annotations

import pytest

from .harness import code, expect

P = pytest.param

# Literal underscore attributes are refused at check time (DW502); computed ones at run time.
DUNDER_WALKS = [
    P("().__class__.__bases__[0].__subclasses__()", ("check", "DW502", "AttributeError"),
      id="tuple_class_bases_subclasses"),
    P("''.__class__.__mro__[-1].__subclasses__()", ("check", "DW502", "AttributeError"),
      id="str_mro_object_subclasses"),
    P("(1).__class__", ("check", "DW502", "AttributeError"), id="int_class"),
    P("msg.payload.__class__", ("check", "DW502", "AttributeError"), id="payload_class"),
    P("msg._msg", ("check", "DW502", "AttributeError"), id="message_private_field"),
    P("[].append.__self__", ("check", "DW502", "AttributeError"), id="bound_method_self"),
    P("str.format.__self__", ("check", "DW502", "AttributeError"), id="unbound_method_self"),
    P("(lambda: 1).__globals__", ("check", "DW502", "AttributeError"), id="lambda_globals"),
    P("(lambda: 1).__code__", ("check", "DW502", "AttributeError"), id="lambda_code"),
    P("json.loads.__module__", ("check", "DW502", "AttributeError"), id="module_func_module"),
    P("random._inst", ("check", "DW502", "AttributeError"), id="random_private_instance"),
    P("json._default_decoder", ("check", "DW502", "AttributeError"), id="json_private_decoder"),
    P("msg.payload._data", ("check", "DW502", "AttributeError"), id="payload_private_data"),
    P("__builtins__", ("check", "DW503", "NameError"), id="builtins_name"),
    P("__import__('os')", ("check", "DW503", "NameError"), id="dunder_import"),
    P("__loader__", ("check", "DW503", "NameError"), id="loader_name"),
    P("__spec__", ("check", "DW503", "NameError"), id="spec_name"),
    P("__name__", ("check", "DW503", "NameError"), id="module_name_global"),
]

COMPUTED_NAMES = [
    P("getattr(1, '_' + '_class__')", ("script", "AttributeError"), id="getattr_computed_class"),
    P("getattr((), '_'*2 + 'class' + '_'*2)", ("script", "AttributeError"),
      id="getattr_built_dunder"),
    P("getattr(msg, '_' + 'msg')", ("script", "AttributeError"), id="getattr_message_private"),
    P("getattr(random, '_' + 'inst')", ("script", "AttributeError"), id="getattr_random_inst"),
    P("getattr(json.loads, '_' + '_globals__')", ("script", "AttributeError"),
      id="getattr_function_globals"),
    P("getattr(lambda: 1, '_' + '_code__')", ("script", "AttributeError"),
      id="getattr_lambda_code"),
    P("hasattr(1, '_' + '_class__')", ("ok", False), id="hasattr_computed_dunder"),
    P("hasattr(msg, '_' + 'msg')", ("ok", False), id="hasattr_message_private"),
    P("getattr(1, '_' + '_class__', 'safe')", ("ok", "safe"), id="getattr_default_hides"),
    P("getattr(1, '__class__')", ("check", "DW506", "AttributeError"),
      id="getattr_literal_dunder"),
    P("hasattr([], '__len__')", ("check", "DW506", "AttributeError"),
      id="hasattr_literal_dunder"),
    P("getattr(type(1), 'mro')", ("script", "AttributeError"), id="type_mro"),
    P("getattr(lambda: 1, 'func_globals')", ("script", "AttributeError"),
      id="py2_func_globals"),
    P("getattr(print, 'im_self')", ("script", "AttributeError"), id="py2_im_self"),
    P("getattr(type(json), 'loads')", ("script", "AttributeError"), id="module_type_members"),
    P("[getattr(1, n, 0) for n in ['_' + '_class__', '_' + '_dict__', '_' + '_reduce__']]",
      ("ok", [0, 0, 0]), id="getattr_loop_over_dunders"),
]

FORMAT_STRINGS = [
    P("'{0.__class__}'.format(1)", ("check", "DW506", "AttributeError"),
      id="format_literal_class_field"),
    P("'{0.real.__class__}'.format(1)", ("check", "DW506", "AttributeError"),
      id="format_chained_class_field"),
    P("'{0[0].__class__}'.format([1])", ("check", "DW506", "AttributeError"),
      id="format_index_then_dunder"),
    P("'{a.__class__}'.format_map({'a': 1})", ("check", "DW506", "AttributeError"),
      id="format_map_literal_dunder"),
    P("str.format('{0.__class__}', 1)", ("check", "DW506", "AttributeError"),
      id="unbound_str_format_literal"),
    P("('{0.' + '__class__}').format(1)", ("script", "AttributeError"),
      id="format_computed_field"),
    P("('{a.' + '_x}').format_map({'a': 1})", ("script", "AttributeError"),
      id="format_map_computed_field"),
    P("('{0:{1.' + '__class__}}').format(1, 2)", ("script", "AttributeError"),
      id="format_nested_spec_field"),
    P("(lambda f: f('{0._' + '_class__}', 1))(str.format)", ("script", "AttributeError"),
      id="unbound_format_via_lambda"),
    P("(lambda s: s.format(1))('{0.' + '__globals__' + '}')", ("script", "AttributeError"),
      id="format_string_passed_in"),
    P("('{0.' + 'gi_frame}').format(x for x in [1])", ("script", "AttributeError"),
      id="format_generator_frame"),
    P("('{0.' + 'payload}').format(msg)", ("ok", "None"), id="format_allowlisted_field_ok"),
    P("msg.payload.format('x')", ("script", "AttributeError"), id="format_on_payload_none"),
    P("f'{(1).__class__}'", ("check", "DW502", "AttributeError"), id="fstring_dunder"),
    P("f'{getattr(1, \"_\" + \"_class__\")}'", ("script", "AttributeError"),
      id="fstring_computed_getattr"),
    P("f'{1:{\"{0.__class__}\"}}'", ("script", "ValueError"), id="fstring_spec_is_format"),
    P("format(1, '{0.__class__}')", ("script", "ValueError"), id="format_builtin_spec"),
    P("('%(a)' + 's') % {'a': 1}", ("ok", "1"), id="percent_mapping_is_harmless"),
]

GENERATORS_AND_EXCEPTIONS = [
    P("(x for x in [1]).gi_frame", ("script", "AttributeError"), id="generator_gi_frame"),
    P("getattr((x for x in [1]), 'gi_code')", ("script", "AttributeError"),
      id="generator_gi_code"),
    P("getattr((x for x in [1]), 'gi_yieldfrom')", ("script", "AttributeError"),
      id="generator_gi_yieldfrom"),
    P("getattr(iter([1]), 'gi_frame', 'none')", ("ok", "none"), id="iterator_frame"),
    P(code("""
        def g():
            yield 1
        return getattr(g(), 'gi' + '_frame')
      """), ("script", "AttributeError"), id="script_generator_frame"),
    P(code("""
        def g():
            yield 1
        it = g()
        return getattr(it, 'send', None) is None
      """), ("ok", True), id="generator_send_absent"),
    P(code("""
        try:
            1 / 0
        except Exception as e:
            return getattr(e, '_' + '_traceback__')
      """), ("script", "AttributeError"), id="exception_traceback"),
    P(code("""
        try:
            1 / 0
        except Exception as e:
            return e.__traceback__
      """), ("check", "DW502", "AttributeError"), id="exception_traceback_literal"),
    P(code("""
        try:
            try:
                1 / 0
            except Exception:
                {}['k']
        except KeyError as e:
            return getattr(e, '_' + '_context__')
      """), ("script", "AttributeError"), id="exception_context"),
    P(code("""
        try:
            raise ValueError('x') from KeyError('y')
        except ValueError as e:
            return getattr(e, '_' + '_cause__')
      """), ("script", "AttributeError"), id="exception_cause"),
    P(code("""
        try:
            1 / 0
        except Exception as e:
            return getattr(e, 'tb_frame')
      """), ("script", "AttributeError"), id="exception_tb_frame"),
    P(code("""
        try:
            b'\\xff'.decode('utf-8')
        except UnicodeDecodeError as e:
            return getattr(e, 'obj')
      """), ("script", "AttributeError"), id="unicode_error_obj"),
    P(code("""
        try:
            b'\\xff'.decode('utf-8')
        except UnicodeDecodeError as e:
            return [e.encoding, e.start, e.end, e.reason, e.object]
      """), ("ok", ["utf-8", 0, 1, "invalid start byte", b"\xff"]),
      id="unicode_error_allowlisted"),
    P(code("""
        try:
            json.loads('{')
        except json.JSONDecodeError as e:
            return getattr(e, 'with_traceback')
      """), ("script", "AttributeError"), id="exception_with_traceback"),
    P(code("""
        try:
            {}['a']
        except KeyError as e:
            return list(e.args)
      """), ("ok", ["a"]), id="exception_args_only"),
    P(code("""
        try:
            raise StopIteration(1)
        except StopIteration as e:
            return getattr(e, 'value')
      """), ("script", "AttributeError"), id="stopiteration_value"),
]

UNBOUND_AND_STORED = [
    P("str.upper('a')", ("ok", "A"), id="unbound_method_call_ok"),
    P("getattr(str.upper, '_' + '_objclass__')", ("script", "AttributeError"),
      id="unbound_objclass"),
    P("list(map(str.format, ['{0.' + '__class__}'], [1]))", ("script", "AttributeError"),
      id="unbound_format_through_map"),
    P("[f('{0.' + '__class__}', 1) for f in [str.format]]", ("script", "AttributeError"),
      id="stored_unbound_format"),
    P(code("""
        f = ''.format
        return f
      """), ("script", "TypeError"), id="return_bound_method"),
    P(code("""
        f = msg.vars.copy
        return f()
      """), ("ok", {}), id="stored_readonly_copy"),
    P(code("""
        m = dict.fromkeys
        return getattr(m, '_' + '_self__')
      """), ("script", "AttributeError"), id="classmethod_self"),
    P("type(msg.vars)('a')", ("script", "TypeError"), id="readonly_map_constructor"),
    P("type(1)('5')", ("ok", 5), id="type_as_constructor_ok"),
    # type() takes one argument in Dataway (catalog signature): refused at check time.
    P("type('A', (), {})", ("check", "DW401", "TypeError"), id="type_three_arg"),
    P("type('A', (dict,), {'x': 1})", ("check", "DW401", "TypeError"),
      id="type_three_arg_subclass"),
    P("type(type(1))('A', (), {})", ("script", "TypeError"), id="metatype_three_arg"),
    P("type(msg)", ("script", "TypeError"), id="return_type_object"),
    P("type(print)()", ("script", "TypeError"), id="instantiate_builtin_function_type"),
    P("type(json)('os')", ("script", "TypeError"), id="instantiate_module_type"),
    P("type(x for x in [])()", ("script", "TypeError"), id="instantiate_generator_type"),
    P("type(lambda: 1)()", ("script", "TypeError"), id="instantiate_function_type"),
    P("isinstance(msg, type(msg)) and getattr(type(msg), 'payload', 0) == 0",
      ("ok", True), id="message_type_has_no_members"),
]

BUILTINS_ABSENT = [P(f"{name}", ("check", "DW504", "NameError"), id=f"builtin_{name}")
                   for name in ("eval", "exec", "open", "compile", "globals", "locals", "vars",
                                "dir", "breakpoint", "input", "setattr", "delattr", "super",
                                "object", "memoryview", "id", "exit", "quit", "help",
                                "issubclass", "classmethod", "staticmethod", "property",
                                "complex")]

MODULE_INTERNALS = [
    P("json.decoder", ("check", "DW403", "AttributeError"), id="json_decoder"),
    P("datetime.sys", ("check", "DW403", "AttributeError"), id="datetime_sys"),
    P("time.sleep", ("check", "DW403", "AttributeError"), id="time_sleep"),
    P("decimal.getcontext", ("check", "DW403", "AttributeError"), id="decimal_getcontext"),
    P("getattr(json, 'decoder')", ("script", "AttributeError"), id="getattr_json_decoder"),
    P("getattr(datetime, 'sys')", ("script", "AttributeError"), id="getattr_datetime_sys"),
    P("getattr(decimal, 'localcontext')", ("script", "AttributeError"),
      id="getattr_decimal_localcontext"),
    P("getattr(time, 'sleep')", ("script", "AttributeError"), id="getattr_time_sleep"),
    P("getattr(random, 'SystemRandom')", ("script", "AttributeError"), id="random_systemrandom"),
    P("getattr(hashlib, 'file_digest')", ("script", "AttributeError"), id="hashlib_file_digest"),
    P("getattr(base64, 'binascii')", ("script", "AttributeError"), id="base64_binascii"),
    P("getattr(socket, 'socket')", ("script", "AttributeError"), id="socket_socket"),
    P("getattr(urllib, 'request')", ("script", "AttributeError"), id="urllib_request"),
    P("getattr(urllib.parse, 'sys')", ("script", "AttributeError"), id="urllib_parse_sys"),
    P("getattr(csv, 'io')", ("script", "AttributeError"), id="csv_io"),
    P("getattr(Crypto, 'Random')", ("script", "AttributeError"), id="crypto_random"),
    P("getattr(struct, 'Struct')", ("script", "AttributeError"), id="struct_class"),
    P("hasattr(json, 'decoder') or hasattr(datetime, 'sys') or hasattr(time, 'sleep')",
      ("ok", False), id="hasattr_module_internals"),
    P("getattr(msg, 'steps', 0)", ("ok", 0), id="message_has_no_steps"),
    P("steps", ("ok", {}), id="steps_is_plain_map"),
    P("getattr(steps, 'copy')() == {}", ("ok", True), id="steps_copy_is_plain"),
    P("getattr(msg.payload, 'mro', 0)", ("ok", 0), id="payload_none_members"),
]

IMPORTS = [
    P(code("import os\nreturn 1"), ("check", "DW501", "ModuleNotFoundError"), id="import_os"),
    P(code("import sys\nreturn 1"), ("check", "DW501", "ModuleNotFoundError"),
      id="import_sys"),
    P(code("import builtins\nreturn 1"), ("check", "DW501", "ModuleNotFoundError"),
      id="import_builtins"),
    P(code("import json.decoder\nreturn 1"), ("check", "DW501", "ModuleNotFoundError"),
      id="import_json_submodule"),
    P(code("from json import decoder\nreturn 1"), ("check", "DW403", "ImportError"),
      id="from_json_import_decoder"),
    P(code("from datetime import sys\nreturn 1"), ("check", "DW403", "ImportError"),
      id="from_datetime_import_sys"),
    P(code("import urllib.request\nreturn 1"), ("check", "DW501", "ModuleNotFoundError"),
      id="import_urllib_request"),
    P(code("from Crypto import Random\nreturn 1"), ("check", "DW403", "ImportError"),
      id="from_crypto_import_random"),
    P(code("import Crypto.PublicKey\nreturn 1"), ("check", "DW501", "ModuleNotFoundError"),
      id="import_unlisted_crypto_package"),
    P(code("import dataway\nreturn 1"), ("check", "DW501", "ModuleNotFoundError"),
      id="import_the_host_library"),
    P(code("from . import x\nreturn 1"), ("check", "DW308", "SyntaxError"),
      id="relative_import"),
    P(code("from json import *\nreturn 1"), ("check", "DW307", "SyntaxError"),
      id="star_import"),
    P(code("import importlib\nreturn 1"), ("check", "DW501", "ModuleNotFoundError"),
      id="import_importlib"),
    P(code("import re\nreturn 1"), ("check", "DW501", "ModuleNotFoundError"), id="import_re"),
]

SYNTAX_SMUGGLING = [
    P(code("class A: pass\nreturn 1"), ("check", "DW301", "SyntaxError"), id="class_statement"),
    P(code("with x as y: pass\nreturn 1"), ("check", "DW302", "SyntaxError"),
      id="with_statement"),
    P(code("msg.payload = 1\nreturn 1"), ("check", "DW310", "SyntaxError"),
      id="attribute_assignment"),
    P(code("del msg.payload\nreturn 1"), ("check", "DW310", "SyntaxError"),
      id="attribute_deletion"),
    P(code("global steps\nsteps = 1\nreturn 1"), ("check", "DW207", "SyntaxError"),
      id="rebind_steps_global"),
    P("print(1, file=None)", ("check", "DW507", "TypeError"), id="print_file_keyword"),
    P("json.dumps(1, cls=None)", ("check", "DW507", "TypeError"), id="json_dumps_cls"),
    P("(lambda **k: print(1, **k))(file=None)", ("script", "TypeError"),
      id="print_file_via_kwargs"),
    P("json.dumps(1, **{'cls': None})", ("script", "TypeError"), id="json_cls_via_kwargs"),
    P("decimal.Decimal(1).quantize(decimal.Decimal(1), context=None)",
      ("check", "DW507", "TypeError"), id="decimal_context_keyword"),
    P("decimal.Decimal(1).quantize(decimal.Decimal(1), **{'context': None})",
      ("script", "TypeError"), id="decimal_context_via_kwargs"),
]


@pytest.mark.parametrize("src,want", DUNDER_WALKS + COMPUTED_NAMES + FORMAT_STRINGS
                         + GENERATORS_AND_EXCEPTIONS + UNBOUND_AND_STORED + BUILTINS_ABSENT
                         + MODULE_INTERNALS + IMPORTS + SYNTAX_SMUGGLING)
def test_escape_attempt_is_refused(src: str, want: tuple) -> None:
    mode = "code" if src.startswith("def dw_process") else "expression"
    expect(src, want, mode=mode)


def test_mutating_payload_stays_in_the_evaluation() -> None:
    """§4.6: a script's changes to ``msg`` data are private to its evaluation."""
    import dataway

    msg = dataway.Message(payload={"a": [1]})
    script = dataway.compile("def dw_process(msg):\n    msg.payload['a'].append(2)\n"
                             "    return msg.payload\n")
    assert script.evaluate(msg).value == {"a": [1, 2]}
    assert script.evaluate(msg).value == {"a": [1, 2]}, "state leaked between evaluations"
    assert msg.payload == {"a": [1]}


def test_globals_do_not_survive_an_evaluation() -> None:
    """§4.6: module-level state of one evaluation is not seen by the next."""
    src = "cache = []\ndef dw_process(msg):\n    cache.append(1)\n    return len(cache)\n"
    import dataway

    script = dataway.compile(src)
    assert [script.evaluate(dataway.Message()).value for _ in range(3)] == [1, 1, 1]


@pytest.mark.parametrize("src", [
    code("msg.vars['k'] = 1\nreturn 1"), code("msg.attributes['k'] = 1\nreturn 1"),
    code("del msg.vars['k']\nreturn 1")], ids=["write_vars", "write_attributes", "del_vars"])
def test_read_only_message_data(src: str) -> None:
    expect(src, ("check", "DW505", "TypeError"), mode="code")

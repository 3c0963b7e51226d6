"""The lxml fast path of the XML reader agrees with the expat reference reader.

Generated documents mix what the two parsers could disagree on: attributes in order, mixed
content split by comments, processing instructions and CDATA, whitespace-only text, character
and predefined entity references, CR/LF normalisation, empty and self-closing elements,
repeated names. Documents the fast path declines (DOCTYPE, namespaces, other encodings,
malformed input) must come back as None so the reference reader decides.
"""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dataway.data.formats.xml import parse_text
from dataway.data.formats.xml_tree import parse_fast
from dataway.runtime.context import LimitExceeded

NAMES = st.sampled_from(["a", "b", "item", "x_1", "é", "n.m", "k-2"])
TEXT = st.lists(st.sampled_from(list("ab é\t\n\r") + [
    "&amp;", "&lt;", "&#233;", "&#x1F600;", "<!--c-->", "<?p i?>", "<![CDATA[<&]]>", "  "]),
    max_size=6).map("".join)
ATTRS = st.dictionaries(st.sampled_from(["id", "k", "z", "a-b"]),
                        st.text(alphabet="xy &<\"'\t\n", max_size=4), max_size=3)


def _attr(value: str) -> str:
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;"))


@st.composite
def element(draw, depth: int = 0) -> str:
    name = draw(NAMES)
    attrs = "".join(f' {k}="{_attr(v)}"' for k, v in draw(ATTRS).items())
    if depth > 3 or draw(st.booleans()):
        body = draw(TEXT)
    else:
        parts = draw(st.lists(st.one_of(TEXT, element(depth + 1)), max_size=4))
        body = "".join(parts)
    if not body and draw(st.booleans()):
        return f"<{name}{attrs}/>"
    return f"<{name}{attrs}>{body}</{name}>"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(element(), st.sampled_from(["", '<?xml version="1.0"?>', '<?xml version="1.0" '
                                   'encoding="UTF-8"?>\n', "\ufeff"]))
def test_fast_path_matches_reference(doc: str, prolog: str) -> None:
    blob = (prolog + doc).encode()
    fast = parse_fast(blob, 1000)
    assert fast is not None, blob
    assert fast == parse_text((prolog + doc).lstrip("\ufeff"), 1000)


def test_declined_documents() -> None:
    for blob in (b'<!DOCTYPE a><a/>', b'<a xmlns="urn:x"/>', b'<p:a xmlns:p="urn:x"/>',
                 b'<?xml version="1.0" encoding="ISO-8859-1"?><a>\xe9</a>', b"<a><b></a>",
                 b"<a>&undefined;</a>", b"<p:a/>", b"<a>" * 300 + b"</a>" * 300):
        assert parse_fast(blob, 1000) is None, blob


def test_depth_limit_is_the_reference_readers() -> None:
    doc = "<a>" * 6 + "x" + "</a>" * 6
    for limit in (5, 6):
        outcomes = []
        for reader in (lambda: parse_fast(doc.encode(), limit), lambda: parse_text(doc, limit)):
            try:
                outcomes.append(("ok", reader()))
            except LimitExceeded as exc:
                outcomes.append(("limit", exc.limit))
        assert outcomes[0] == outcomes[1]
    assert outcomes[0][0] == "ok"

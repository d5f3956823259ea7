"""Names in quotes: a quote that opens a name closes it, and quoted names listed together are one kind.

«компания «Информационные спутниковые системы» имени академика …»: natasha runs on past the closing quote;
«“Когнитив”, “Микран”, “ЛЭМЗ–Т” и “Радар ММС”»: natasha tags some of the list; both are read here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from clusterdesk.news.orgs import RawSpan


def within_quotes(text: str, span: RawSpan) -> RawSpan:
    """«компания «Информационные спутниковые системы» имени академика …»: a name opened by a quote before
    the span ends at its closing quote, whatever natasha ran on to."""
    if span.type != "ORG" or span.start == 0 or text[span.start - 1] not in '«"“':
        return span
    closing = {"«": "»", '"': '"', "“": "”"}[text[span.start - 1]]
    piece = text[span.start : span.end]
    cut = piece.find(closing)
    if cut <= 0 or (closing == "»" and "«" in piece[:cut]):
        return span
    return RawSpan(span.type, span.start, span.start + len(piece[:cut].rstrip()))


_QUOTED = r"[«\"“]([^«»\"“”\n]{2,40})[»\"”]"
_QUOTED_LIST = re.compile(_QUOTED + r"(?:(?:\s*,\s*|\s+и\s+)" + _QUOTED + r")+")
_QUOTED_ONE = re.compile(_QUOTED)


def quoted_list_members(text: str, spans: Sequence[RawSpan]) -> list[RawSpan]:
    """«“Когнитив”, “Микран”, “ЛЭМЗ–Т” и “Радар ММС”»: in a list of quoted names of which one is an
    organisation and none is a place or a person, every name is an organisation."""
    out: list[RawSpan] = []
    for listed in _QUOTED_LIST.finditer(text):
        members = [(m.start(1), m.end(1)) for m in _QUOTED_ONE.finditer(text, listed.start(), listed.end())]
        types = {s.type for s in spans for a, b in members if s.start < b and a < s.end}
        if types != {"ORG"}:
            continue
        for a, b in members:
            if not any(s.start < b and a < s.end for s in spans) and text[a:b][:1].isupper():
                out.append(RawSpan("ORG", a, b))
    return out

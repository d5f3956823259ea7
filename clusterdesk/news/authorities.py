"""Federal and regional authorities: the reference list (package data `data/authorities.json`, its public
source named in the file), lower-case mentions of official bodies, and the name a reader files for each body.

«Министерство науки и высшего образования» -> «Минобрнауки», «Государственная Дума» -> «Госдума»,
«Госкорпорация «Росатом»» -> «Росатом»; a Russian jurisdiction after the name («России», «РФ») is dropped from
the filed name, a foreign one keeps the full name («Министерство внутренних дел Пакистана» is not the МВД).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from clusterdesk.news.orgs import RawSpan

DATA = Path(__file__).resolve().parent / "data" / "authorities.json"
_RUSSIAN_JURISDICTION = re.compile(r"\s+(?:россии|рф|российской федерации)$")
_WORD = re.compile(r"[0-9a-zа-яё]+(?:-[0-9a-zа-яё]+)*")
# bodies of a region or a city without a name of their own (a capitalised «Правительство» is no generic word
# when its region follows)
_LOCAL_BODY = re.compile(
    r"(?<![\w-])(?:[а-яё]+(?:ск|цк)(?:ий|ого|ому|им|ом|ая|ой|ую|ое|ие|их|ими)\s+)?"
    r"(?:(?:[Аа]дминистраци[яиюей]|[Пп]равительств[оауе]м?|[Мм]эри[яиюей]|[Пп]рокуратур(?:а|ы|е|у|ой))"
    r"(?:\s+[А-ЯЁ][а-яё]+(?:ской|цкой)\s+области"
    r"|\s+(?:региона|области|города|края))"
    r"|обладминистраци[яиюей]|облдум[аыеуой]{1,2}"
    r"|Дум(?:а|ы|е|у|ой))(?![\w-])"  # «Дума» alone: the State Duma
)


def _fold(text: str) -> str:
    return " ".join(_WORD.findall(text.lower().replace("ё", "е")))


@lru_cache(maxsize=1)
def _reference() -> tuple[dict[str, str], re.Pattern[str]]:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    filed: dict[str, str] = {}
    patterns: list[str] = []
    for body in data["bodies"]:
        for name in (body["full"], body["short"], *body["aliases"]):
            filed.setdefault(_fold(name), body["short"])
        for name in (body["full"], *body["aliases"]):
            if " " in name and "«" not in name and name[:1].isupper():
                patterns.append(_inflected(name))
    patterns.sort(key=len, reverse=True)
    body_re = re.compile(
        r"(?<![\w-])(?:[а-яё]+(?:ск|цк)(?:ий|ого|ому|им|ом|ая|ой|ую|ое|ие|их|ими)\s+)?(?:"
        + "|".join(patterns)
        + r")(?![\w-])"
    )
    return filed, body_re


def _inflected(name: str) -> str:
    """A pattern for a full name in any case: the head phrase inflects, the genitive tail is fixed."""
    words = name.split()
    head = 1 if words[0].lower() in ("министерство", "администрация", "правительство", "организация") else 2
    head = min(head, len(words))
    out: list[str] = []
    for index, word in enumerate(words):
        if index < head:
            stem = word[: max(3, len(word) - 2)]
            # a lower-case first letter only where a genitive tail makes it a name («министерства финансов»)
            generic = words[0].lower().startswith(("министерств", "федеральн"))
            lower = index == 0 and len(words) > head and generic
            first = f"[{stem[0].upper()}{stem[0].lower()}]" if lower else re.escape(stem[0])
            out.append(first + re.escape(stem[1:]) + r"[а-яё]{0,4}")
        else:
            out.append(re.escape(word))
    return r"\s+".join(out)


def filed_name(normal: str) -> str | None:
    """The short name a reader files for a body in the reference list, or None."""
    filed, _ = _reference()
    key = _fold(normal)
    if key.startswith(("российский ", "российская ", "российское ")):
        key = key.split(" ", 1)[1]
    if key in filed:
        return filed[key]
    bare = _RUSSIAN_JURISDICTION.sub("", key)
    return filed.get(bare) if bare != key else None


def body_spans(text: str) -> list[RawSpan]:
    """Official bodies written out, in any case and in lower case («российском министерстве финансов»,
    «Государственной Думы», «администрации Томской области», «правительство региона»)."""
    _, body_re = _reference()
    found = [RawSpan("ORG", m.start(), m.end()) for m in body_re.finditer(text)]
    for match in _LOCAL_BODY.finditer(text):
        if not any(s.start <= match.start() < s.end for s in found):
            found.append(RawSpan("ORG", match.start(), match.end()))
    return found

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
from typing import Any

from clusterdesk.news.orgs import RawSpan
from clusterdesk.news.records import Entity

DATA = Path(__file__).resolve().parent / "data" / "authorities.json"
_RUSSIAN_JURISDICTION = re.compile(r"\s+(?:россии|рф|российской федерации)$")
_WORD = re.compile(r"[0-9a-zа-яё]+(?:-[0-9a-zа-яё]+)*")
# bodies of a region or a city without a name of their own (a capitalised «Правительство» is no generic word
# when its region follows)
_LOCAL_BODY = re.compile(
    r"(?<![\w-])(?:[а-яё]+(?:ск|цк)(?:ий|ого|ому|им|ом|ая|ой|ую|ое|ие|их|ими)\s+)?"
    r"(?:(?:[Аа]дминистраци(?:я|и|ю|ей)|[Пп]равительств(?:о|а|у|е|ом)|[Мм]эри(?:я|и|ю|ей)"
    r"|[Пп]рокуратур(?:а|ы|е|у|ой))"
    r"(?:\s+[А-ЯЁ][а-яё]+(?:ской|цкой)\s+области"
    r"|\s+(?:региона|области|города|края))"
    r"|обладминистраци[яиюей]|облдум[аыеуой]{1,2}"
    r"|областн(?:ая|ой|ую)\s+(?:дум(?:а|ы|е|у|ой)|администраци(?:я|и|ю|ей))"
    r"|Дум(?:а|ы|е|у|ой))(?![\w-])"  # «Дума» alone: the State Duma
)


_LOWER_CASE_HEADS = ("министерств", "федеральн", "администрац", "законодательн", "правительств")


def _fold(text: str) -> str:
    return " ".join(_WORD.findall(text.lower().replace("ё", "е")))


@lru_cache(maxsize=1)
def _bodies() -> tuple[dict[str, Any], ...]:
    """The reference list's bodies (package data, read once)."""
    return tuple(json.loads(DATA.read_text(encoding="utf-8"))["bodies"])


@lru_cache(maxsize=1)
def _reference() -> tuple[dict[str, str], re.Pattern[str]]:
    filed: dict[str, str] = {}
    patterns: list[str] = []
    for body in _bodies():
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


_ADJECTIVE_ENDING = re.compile(r"(?:ый|ий|ой|ая|яя|ое|ее|ые|ие)$")


def _inflected(name: str) -> str:
    """A pattern for a full name in any case: the head phrase (adjectives and their noun: «Федеральная
    налоговая служба») inflects, the genitive tail is fixed."""
    words = name.split()
    head = next((i + 1 for i, w in enumerate(words) if not _ADJECTIVE_ENDING.search(w)), len(words))
    out: list[str] = []
    for index, word in enumerate(words):
        if index < head:
            stem = word[: max(3, len(word) - 2)]
            # a lower-case first letter only where a genitive tail makes it a name («министерства финансов»,
            # «администрации Томской области», «федеральной налоговой службы»)
            generic = words[0].lower().startswith(_LOWER_CASE_HEADS)
            lower = index == 0 and (len(words) > head or words[0].lower().startswith("федеральн")) and generic
            first = f"[{stem[0].upper()}{stem[0].lower()}]" if lower else re.escape(stem[0])
            out.append(first + re.escape(stem[1:]) + r"[а-яё]{0,4}")
        else:
            out.append(re.escape(word))
    return r"\s+".join(out)


# a one-word name in an oblique case -> its nominative endings («ростехом» -> «ростех», «госдумой» ->
# «госдума», «росгвардии» -> «росгвардия»)
_CASE_ENDINGS = (
    ("ией", "ия"), ("ии", "ия"), ("ию", "ия"), ("ой", "а"), ("ою", "а"), ("ы", "а"), ("е", "а"), ("у", "а"),
    ("ом", ""), ("а", ""), ("у", ""), ("е", ""), ("ом", "о"), ("а", "о"), ("у", "о"), ("е", "о"), ("ью", "ь"),
    ("и", "ь"),
)  # fmt: skip


def filed_name(normal: str) -> str | None:
    """The short name a reader files for a body in the reference list, or None."""
    filed, _ = _reference()
    key = _fold(normal)
    if key.startswith(("российский ", "российская ", "российское ")):
        key = key.split(" ", 1)[1]
    if key in filed:
        return filed[key]
    if " " not in key and len(key) >= 5:  # a one-word name the tagger left in its case («Ростехом»)
        for ending, nominative in _CASE_ENDINGS:
            if key.endswith(ending) and key[: -len(ending)] + nominative in filed:
                return filed[key[: -len(ending)] + nominative]
    bare = _RUSSIAN_JURISDICTION.sub("", key)
    return filed.get(bare) if bare != key else None


# one-word names of the list that are no bodies by themselves or are found otherwise («Дума» alone is the
# State Duma only by the rule of `_LOCAL_BODY`; «Казначейство» is also a common noun; the EU is a place in the
# project's gold set)
_NOT_FOUND_ALONE = frozenset({"Дума", "Казначейство", "Евросоюз"})


def _one_word_pattern(name: str) -> str | None:
    """A pattern for a one-word name of the list in its case forms (capitalised, as written)."""
    if name in _NOT_FOUND_ALONE or not name[:1].isupper() or len(name) < 3:
        return None
    if name.isupper():
        return re.escape(name)  # «МВД», «ФНС»: not declined
    if name.startswith("Мин") and name[-1] in "аеиоуыэюя":
        return re.escape(name)  # «Минобрнауки», «Минцифры»: a genitive tail, not declined
    declensions = (("ия", "ия|ии|ию|ией"), ("а", "а|ы|е|у|ой|ою"), ("ь", "ь|и|ью"), ("о", "о|а|у|ом|е"))
    for ending, endings in declensions:
        if name.endswith(ending):
            return re.escape(name[: -len(ending)]) + f"(?:{endings})"
    if name[-1] in "аеёиоуыэюя":
        return re.escape(name)
    return re.escape(name) + "(?:а|у|ом|е)?"


@lru_cache(maxsize=1)
def _one_word_names() -> re.Pattern[str]:
    names = sorted({n for body in _bodies() for n in (body["short"], *body["aliases"]) if " " not in n})
    patterns = [p for p in map(_one_word_pattern, names) if p is not None]
    patterns.sort(key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(patterns) + r")(?![\w-])")


def named_bodies(text: str) -> list[RawSpan]:
    """Bodies of the list by their one-word names, in any case («Минцифры», «Росстата», «Ростехом», «МВД»):
    names that are nothing but a body, which natasha misses in short sentences."""
    return [RawSpan("ORG", m.start(), m.end()) for m in _one_word_names().finditer(text)]


# a body of a region or a city written in lower case, with its place: «в арбитражный суд Томской области»,
# «избирательной комиссии Томской области», «департаментом по культуре Томской области», «думы города Томска»
_REGIONAL_BODY = re.compile(
    r"(?<![\w-])(?:[а-яё]{4,}(?:ый|ий|ой|ая|ое|ого|ому|ым|ом|ую|ых|ей)\s+){0,2}"
    r"(?:суд(?:а|у|ом|е)?|комисси(?:я|и|ю|ей)|палат(?:а|ы|е|у|ой)|департамент(?:а|у|ом|е)?"
    r"|комитет(?:а|у|ом|е)?|управлени(?:е|я|ю|ем|и)|дум(?:а|ы|е|у|ой)|инспекци(?:я|и|ю|ей))"
    r"(?:\s+(?:по\s+)?[а-яё]{3,}(?:ия|ии|ения|ы|и|а|я|ов|ев|ей|ых|их|ого|его|ой|е|ам)){0,3}"
    r"(?:\s+[А-ЯЁ][а-яё]+(?:ской|цкой)\s+области|\s+(?:города|г\.)\s*[А-ЯЁ][а-яё]+)(?![\w-])"
)


def body_spans(text: str) -> list[RawSpan]:
    """Official bodies written out, in any case and in lower case («российском министерстве финансов»,
    «Государственной Думы», «администрации Томской области», «правительство региона»)."""
    _, body_re = _reference()
    found = [RawSpan("ORG", m.start(), m.end()) for m in body_re.finditer(text)]
    for pattern in (_LOCAL_BODY, _REGIONAL_BODY):
        for match in pattern.finditer(text):
            if not any(s.start <= match.start() < s.end for s in found):
                found.append(RawSpan("ORG", match.start(), match.end()))
    return found


# a body named by its kind in lower case and its place: «администрации Томска», «посольства Франции»
_BODY_OF_PLACE = re.compile(
    r"(?<![\w-])(?:[Аа]дминистраци(?:я|и|ю|ей)|[Мм]эри(?:я|и|ю|ей)|(?:[Гг]ен)?[Кк]онсульств(?:о|а|у|ом|е)"
    r"|[Пп]осольств(?:о|а|у|ом|е))\s+(?:(?:города|г\.)\s*)?$"
)


def bodies_of_places(text: str, spans: list[RawSpan]) -> list[RawSpan]:
    """«при поддержке администрации Томска, посольства Франции в России»: the body word is an organisation
    (its normal form runs on to the place, which stays a LOC of its own)."""
    out = list(spans)
    for place in spans:
        if place.type != "LOC":
            continue
        body = _BODY_OF_PLACE.search(text, max(0, place.start - 30), place.start)
        if body is None:
            continue
        end = body.start() + len(body.group().split()[0])
        if any(s.start < end and body.start() < s.end for s in spans):
            continue
        out.append(RawSpan("ORG", body.start(), end, (body.start(), place.end)))
    return out


# The list's regional bodies are the Tomsk region's; their generic names («администрация региона»,
# «обладминистрация») mean another region's body in a text about that region.
_HOME_REGION = "Томская область"
_REGION_NORMAL = re.compile(
    r"^(?P<adjective>[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)(?P<ending>ая|ий) (?P<kind>область|край)$"
)
_GENITIVE = {"ая": "ой", "ий": "ого", "область": "области", "край": "края"}
_GOVERNMENT = re.compile(r"(?i)правительств")
_ADMINISTRATION = re.compile(r"(?i)администрац|обладминистрац")


@lru_cache(maxsize=1)
def _regional() -> tuple[frozenset[str], tuple[tuple[str, str], ...]]:
    """The list's Tomsk bodies, and each body's generic (lower-case) aliases as (body, alias)."""
    bodies = [body for body in _bodies() if body["short"].endswith("Томской области")]
    aliases = tuple((body["short"], alias) for body in bodies for alias in body["aliases"] if alias.islower())
    return frozenset(body["short"] for body in bodies), aliases


def _generic(entity: Entity) -> bool:
    """Named by a generic name: filed as the Tomsk region's body («администрации региона», «облдумы»; not by
    its own: «администрации Томской области», «ЗДТО»), or a regional government without its region."""
    if entity.type != "ORG":
        return False
    if _OF_THE_REGION.match(entity.normal):
        return True  # «правительство региона», not in the list: the Tomsk region has an administration
    return (
        entity.normal in _regional()[0] and "томск" not in entity.text.lower() and not entity.text.isupper()
    )


_OF_THE_REGION = re.compile(r"^(?:Правительство|Администрация) (?:региона|области|края)$")


_ENDING = re.compile(r"[аеёиоуыэюяйь]{1,3}$")


def _stems(name: str) -> tuple[str, ...]:
    return tuple(_ENDING.sub("", word) for word in _fold(name).split())


def _generic_alias(surface: str) -> tuple[str, str] | None:
    """The list's regional body and its generic alias a surface inflects («областной думы» -> «областная
    дума»), by word stems."""
    stems = _stems(surface)
    return next(((body, alias) for body, alias in _regional()[1] if _stems(alias) == stems), None)


def filed_generic(surface: str) -> str | None:
    """The regional body a lower-case generic name written in any case stands for («областной думы»,
    «обладминистрацией»), where the normaliser's form does not give it back («думы» read as a plural)."""
    found = _generic_alias(surface) if surface[:1].islower() else None
    return found[0] if found else None


def _region_genitive(normal: str) -> str | None:
    """«Иркутская область» -> «Иркутской области», «Алтайский край» -> «Алтайского края»."""
    match = _REGION_NORMAL.match(normal)
    if match is None:
        return None
    return f"{match['adjective']}{_GENITIVE[match['ending']]} {_GENITIVE[match['kind']]}"


def regional_bodies_of_the_text(entities: list[Entity], unfiled: dict[int, str]) -> list[Entity]:
    """«На должность начальника департамента … администрации губернатора Иркутской области назначен … Как
    сообщили в пресс-службе главы администрации региона»: a generic name of a regional body is the body of the
    region the text names, not the Tomsk region's, when the text names other regions and not the Tomsk
    region (the nearest one before it, else the first after it). An administration or a government is filed
    under that region («Администрация Иркутской области»); a generic duma is filed by the list's generic
    name it inflects («Областная дума»; else by its own words' normal form, ``unfiled`` by start), since
    legislatures' names differ from region to region. A text naming no region keeps the list's body."""
    regions = [(e.start, e.normal) for e in entities if e.type == "LOC" and _REGION_NORMAL.match(e.normal)]
    if not regions or any(normal == _HOME_REGION for _, normal in regions):
        return entities
    out: list[Entity] = []
    for entity in entities:
        if not _generic(entity):
            out.append(entity)
            continue
        before = [normal for start, normal in regions if start < entity.start]
        region = before[-1] if before else regions[0][1]
        genitive = _region_genitive(region)
        if _GOVERNMENT.search(entity.text):
            normal = f"Правительство {genitive}"
        elif _ADMINISTRATION.search(entity.text):
            normal = f"Администрация {genitive}"
        elif (found := _generic_alias(entity.text)) is not None:
            normal = found[1][:1].upper() + found[1][1:]
        else:
            normal = unfiled.get(entity.start, entity.normal)
        out.append(Entity(entity.type, entity.start, entity.end, entity.text, normal, entity.link))
    return out

"""Event facts: kind, name, dates (partial without a year), place, organisers, participants, host, topic.

An event held at another event («круглый стол … на форуме «Технопром-2025» в Новосибирске») gets `host_event`
and `host_kind`; the host comes out as an event of its own with the same place. Dates: `dates.py` has the
year rule (a year is never invented).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from clusterdesk.news.dates import DateMention, find_dates, relative_day, year_from_context
from clusterdesk.news.records import Entity, Fact, Span
from clusterdesk.news.titles import TITLE_WORDS

EVENT_KINDS = (
    ("strategic_session", re.compile(r"стратегическ\w*\s+сесси\w*", re.IGNORECASE)),
    ("round_table", re.compile(r"кругл\w+\s+стол\w*", re.IGNORECASE)),
    ("forum", re.compile(r"\bфорум\w*", re.IGNORECASE)),
    ("conference", re.compile(r"\bконференци\w*", re.IGNORECASE)),
    ("exhibition", re.compile(r"\bвыставк\w*", re.IGNORECASE)),
    ("meeting", re.compile(r"\b(?:совещани|заседани)\w*", re.IGNORECASE)),
)
_QUOTED_AFTER = re.compile(
    r"^\s*(?:[а-яё0-9-]+\s+){0,2}?(«(?:[^«»]|«[^«»]*»)*»|\"[^\"«»\n]{1,80}\"|„[^“„\n]{1,80}“|“[^”\n]{1,80}”)"
)
_QUOTES = '«»"„“”'
_LATIN_AFTER = re.compile(r"^\s+([A-Z][\w-]*(?:\s+(?:[A-Z][\w-]*|\d{4}))*)")
_ORGANISE = re.compile(r"\b(?:организ\w+|провод\w+|провел\w*|провёл|проведет|проведёт)\b", re.IGNORECASE)
_PARTICIPATE = re.compile(
    r"\b(?:приня\w*\s+участие|прим\w+\s+участие|участву\w+|выступил\w*|модератор\w*)", re.I
)


def events_of_sentence(
    start: int,
    sentence: str,
    inside: Sequence[Entity],
    published: date | None,
    vocab: Any,
    text: str = "",
) -> list[Fact]:
    triggers = sorted(
        ((m.start(), m.end(), kind) for kind, pattern in EVENT_KINDS for m in pattern.finditer(sentence)),
    )
    if not triggers:
        return []
    first = next(t for t in triggers if t[2] == _first_kind(sentence))
    host = _host_event(sentence, first)
    dates = _dates(sentence, published, vocab, text)
    out = [_event(start, sentence, inside, first, dates, host, published, vocab=vocab)]
    if host is not None:
        # the host event («форум «Технопром-2025» в Новосибирске») is an event of its own, with the same place
        host_trigger = (host[2], host[3], host[1])
        held = _event(
            start, sentence, inside, host_trigger, dates, None, published, only_after=True, vocab=vocab
        )
        held.fields["place"] = held.fields["place"] or out[0].fields["place"]
        out.append(held)
    return out


def _first_kind(sentence: str) -> str:
    return next(kind for kind, pattern in EVENT_KINDS if pattern.search(sentence))


def _dates(sentence: str, published: date | None, vocab: Any, text: str) -> list[DateMention]:
    """Dates of the sentence; the published year only when the text ties the dates to it."""
    year = year_from_context(sentence, published) or year_from_context(text, published)
    return find_dates(sentence, default_year=year, morph=vocab)


_HOST = re.compile(
    r"(?:\bна|\bв\s+рамках|\bв\s+ходе|\bво\s+время|\bв\s+программе)\s+(?:[А-ЯA-Z0-9IVXL]+\s+)?"
    r"(?:[а-яё]+(?:ом|ой|ем|ей|ого|его|ых|их|ой)\s+){0,3}"
    r"(форум\w*|конференци\w*|выставк\w*|съезд\w*|фестивал\w*|конгресс\w*|саммит\w*)",
    re.IGNORECASE,
)
_HOST_KINDS = {"форум": "forum", "конфер": "conference", "выстав": "exhibition"}


def _host_event(sentence: str, trigger: tuple[int, int, str]) -> tuple[str | None, str, int, int] | None:
    """(name, kind, trigger start, end) of the event this one is held at: «… на форуме «Технопром»»."""
    match = next((m for m in _HOST.finditer(sentence) if m.start(1) != trigger[0]), None)
    if match is None:
        return None
    word = match.group(1).lower()
    kind = next((k for prefix, k in _HOST_KINDS.items() if word.startswith(prefix)), "event")
    rest = sentence[match.end(1) :]
    name = None
    if quoted := _QUOTED_AFTER.match(rest):
        name = quoted.group(1).strip(_QUOTES)
    elif latin := _LATIN_AFTER.match(rest):
        name = latin.group(1)
    return name, kind, match.start(1), match.end(1)


def _event(
    start: int,
    sentence: str,
    inside: Sequence[Entity],
    trigger: tuple[int, int, str],
    dates: list[DateMention],
    host: tuple[str | None, str, int, int] | None,
    published: date | None,
    *,
    only_after: bool = False,
    vocab: Any = None,
) -> Fact:
    kind = trigger[2]
    after = sentence[trigger[1] :]
    name = None
    quoted = _QUOTED_AFTER.match(after)
    if quoted:
        name = quoted.group(1).strip(_QUOTES)
    elif latin := _LATIN_AFTER.match(after):
        name = latin.group(1)
    if name is None:
        name = _proper_name(sentence, trigger, vocab)
    named = quoted.span(1) if name and quoted else (0, 0)
    name_span = (start + trigger[1] + named[0], start + trigger[1] + named[1])
    candidates = [e for e in inside if not name_span[0] <= e.start < name_span[1]]
    if only_after:
        candidates = [e for e in candidates if e.start >= start + trigger[0]]
    place = _place(sentence, start, candidates, vocab)
    organisers = _before_verb(sentence, start, inside, _ORGANISE, ("ORG",), exclude_after_prep=True)
    participants = _before_verb(sentence, start, inside, _PARTICIPATE, ("ORG", "PER"))
    begin, finish, date_text = _when(sentence, dates, published)
    if _PREPARED.search(sentence, 0, trigger[0]):
        # «провел заседание оргкомитета по проведению … форума», «за месяц до старта форума»: the sentence's
        # date and place are the preparation's, not the event's
        place, begin, finish, date_text = None, None, None, None
    topic = _TOPIC.search(sentence, trigger[1])
    fields: dict[str, object] = {
        "name": name,
        "kind": kind,
        "start": begin,
        "end": finish,
        "date_text": date_text,
        "place": place,
        "organizers": [] if only_after else organisers,
        "participants": [] if only_after else participants,
    }
    if topic is not None and not only_after:
        fields["topic"] = _nominative_first((topic.group(1) or topic.group(2)).strip(" ,«»"), vocab)
    if host is not None:
        fields["host_event"] = host[0]
        fields["host_kind"] = host[1]
    return Fact("event", fields, Span(start, start + len(sentence.rstrip())))


_PREPARED = re.compile(
    r"(?:по\s+(?:подготовке\s+и\s+)?(?:проведению|подготовке|организации)|подготовк\w+\s+к|в\s+преддверии|"
    r"накануне|до\s+(?:старта|начала|открытия))\s+(?:[А-ЯA-Zа-яё0-9IVXLХ-]+\s+){0,4}$",
    re.IGNORECASE,
)


# «VII Сибирский форум по беспилотным технологиям», «на Петербургском международном экономическом форуме»: a
# name of capitalised adjectives before the kind word, with the field after it
_ENDING = r"(?:ий|ый|ой|ого|его|ому|ему|ом|ем|им|ым|ая|яя|ую|юю|ое|ее)"
_PROPER_BEFORE = re.compile(
    rf"(?P<numeral>\b[IVXLC]+\s+)?(?P<words>[А-ЯЁ][а-яё-]+{_ENDING}(?:\s+[а-яё-]+{_ENDING}){{0,2}})\s+$"
)
_FIELD_AFTER = re.compile(
    r"\s+(по\s+[а-яё-]+(?:\s+(?:и\s+)?[а-яё-]+){0,4}?)(?=\s*(?:[.,;:!?«(—–]|$|\s[А-ЯЁ]))"
)


def _proper_name(sentence: str, trigger: tuple[int, int, str], vocab: Any) -> str | None:
    """The event's own name written without quotes, in the nominative; None for a generic mention
    («Международный форум прошёл…» at the start of a sentence without a numeral)."""
    before = _PROPER_BEFORE.search(sentence, 0, trigger[0])
    if before is None or vocab is None:
        return None
    words_start = before.start("words")
    if before["numeral"] is None and not sentence[:words_start].strip():
        return None
    kind_word = sentence[trigger[0] : trigger[1]]
    head = next((p for p in vocab.parse(kind_word.lower()) if p.tag.POS == "NOUN"), None)
    if head is None:
        return None
    nominative = vocab._inflect(head, frozenset({"nomn", "sing"}))
    gender = head.tag.gender or "masc"
    words = []
    for word in before["words"].split():
        parse = next((p for p in vocab.parse(word.lower()) if p.tag.POS == "ADJF"), None)
        forms = vocab._inflect(parse, frozenset({"nomn", "sing", gender})) if parse is not None else None
        if not forms:
            return None
        words.append(forms[0].word.capitalize() if word[:1].isupper() else forms[0].word)
    field = _FIELD_AFTER.match(sentence, trigger[1])
    name = " ".join([*words, nominative[0].word if nominative else kind_word.lower()])
    return f"{name} {field.group(1)}" if field else name


def _when(
    sentence: str, dates: list[DateMention], published: date | None
) -> tuple[str | None, str | None, str | None]:
    if dates:
        return dates[0].start_iso, dates[0].end_iso, dates[0].text
    relative = relative_day(sentence, published)
    if relative is not None:
        return relative[0].isoformat(), relative[0].isoformat(), relative[1]
    return None, None, None


def iso_date(value: date | None) -> str | None:
    return value.isoformat() if value else None


_TOPIC = re.compile(
    r"\b(?:посвящ[её]нн\w*|посвятил\w*)\s+([^.;«]+?)(?=[.;,]|\s+[—–]\s|$)|"
    r"\b(?:по\s+теме|на\s+тему)\s+(«(?:[^«»]|«[^«»]*»)*»)",
    re.IGNORECASE,
)
_AUTHORITY = re.compile(
    r"(?:^|\s)(администраци\w*|правительств\w*|мэри\w*|думы|думе|думу|думой)\s*$", re.IGNORECASE
)


def _nominative_first(phrase: str, vocab: Any) -> str:
    """«созданию промышленного кластера» -> «создание промышленного кластера» (only the head noun changes)."""
    first = re.match(r"[а-яё]+", phrase)
    if first is None or vocab is None:
        return phrase
    parse = next((p for p in vocab.parse(first.group()) if p.tag.POS == "NOUN"), None)
    forms = vocab._inflect(parse, frozenset({"nomn"})) if parse is not None else None
    return forms[0].word + phrase[first.end() :] if forms else phrase


def _authority(sentence: str, offset: int, entity: Entity, vocab: Any) -> str | None:
    """«в администрации Томской области» -> «Администрация Томской области» (the body, not the region)."""
    match = _AUTHORITY.search(sentence[: entity.start - offset])
    if match is None or entity.type != "LOC":
        return None
    word = match.group(1).lower()
    head = word
    if vocab is not None:
        parse = next((p for p in vocab.parse(word) if p.tag.POS == "NOUN"), None)
        head = parse.normal_form if parse is not None else word
    return f"{head[:1].upper()}{head[1:]} {sentence[entity.start - offset : entity.end - offset]}"


def _place(sentence: str, offset: int, inside: Sequence[Entity], vocab: Any = None) -> str | None:
    """The first place written after «в/во/на/на базе», else the first place of the sentence.

    A place inside an organisation's name («в администрации Томской области») gives the organisation.
    """
    orgs = [e for e in inside if e.type == "ORG"]
    free = [e for e in inside if not any(o.start <= e.start and e.end <= o.end and o is not e for o in orgs)]
    for kinds in (("LOC",), ("ORG",)):
        for entity in free:
            before = sentence[: entity.start - offset].rstrip().lower()
            if entity.type in kinds and _AT.search(before):
                return display_name(entity)
            body = _authority(sentence, offset, entity, vocab) if entity.type in kinds else None
            if body and _AT.search(before[: before.rfind(" ")].rstrip() if " " in before else ""):
                return body
    return next(
        (
            display_name(e)
            for e in free
            if e.type == "LOC"
            and not _of_a_title(sentence, offset, e, vocab)
            and not _of_a_body(e, orgs, sentence, offset)
        ),
        None,
    )


def _of_a_body(place: Entity, orgs: Sequence[Entity], sentence: str, offset: int) -> bool:
    """«Администрация | Томской области и ПАО «Газпром нефть» заключили соглашение на … форуме»: the place
    right after a body is its jurisdiction, not where the event is."""
    return any(
        o.end <= place.start and not sentence[o.end - offset : place.start - offset].strip() for o in orgs
    )


_PHRASE_BEFORE = re.compile(r"(?:[А-Яа-яЁё-]+\s+){1,5}$")


def _of_a_title(sentence: str, offset: int, place: Entity, vocab: Any) -> bool:
    """«Губернатор Томской области Владимир Мазур возглавил делегацию на … форуме»: the place of a person's
    title is where the person serves, not where the event is."""
    if vocab is None:
        return False
    # the title word right before the place, or before the title's lower-case genitive words («Министра
    # промышленности и торговли | России»)
    words = _PHRASE_BEFORE.search(sentence, 0, place.start - offset)
    for word in reversed(words.group().split() if words else []):
        if any(p.normal_form in TITLE_WORDS for p in vocab.parse(word.lower())[:1]):
            return True
        if not word.islower():
            return False
    return False


_AT = re.compile(r"(?:^|\s)(?:в|во|на|на\s+базе|в\s+стенах|на\s+площадке)\s*«?$")


def display_name(entity: Entity) -> str:
    """The registry name of a linked entity, else its normal form."""
    if entity.link is not None and not entity.link.needs_review:
        return entity.link.name
    return entity.normal


def _before_verb(
    sentence: str,
    offset: int,
    inside: Sequence[Entity],
    verb: re.Pattern[str],
    kinds: tuple[str, ...],
    exclude_after_prep: bool = False,
) -> list[str]:
    match = verb.search(sentence)
    if match is None:
        return []
    names: list[str] = []
    for entity in inside:
        if entity.type not in kinds or entity.end - offset > match.start():
            continue
        before = sentence[: entity.start - offset].rstrip().lower()
        if exclude_after_prep and re.search(r"(?:^|\s)(?:в|во|на|центре)$", before):
            continue
        if display_name(entity) not in names:
            names.append(display_name(entity))
    return names


def merge_facts(facts: list[Fact], kind: str, same: Callable[[Fact, Fact], bool]) -> list[Fact]:
    """Facts of one ``kind`` that tell one thing twice in an item are one: a later fact that is the ``same``
    as a kept one (kept first, later second) fills the kept one's gaps and goes."""
    out: list[Fact] = []
    for fact in facts:
        kept = next((f for f in out if f.type == kind and same(f, fact)), None) if fact.type == kind else None
        if kept is None:
            out.append(fact)
            continue
        for key, value in fact.fields.items():
            if not kept.fields.get(key) and value:
                kept.fields[key] = value
    return out


def _same_event(kept: Fact, later: Fact) -> bool:
    return kept.fields["kind"] == later.fields["kind"] and (
        later.fields["name"] is None or kept.fields["name"] in (None, later.fields["name"])
    )


def merge_events(facts: list[Fact]) -> list[Fact]:
    """One event per kind and name in an item: later mentions fill the gaps of the first one."""
    out = merge_facts(facts, "event", _same_event)
    for fact in out:  # «IFOST — это форум, который проводится …»: the event is not its own organiser
        name = fact.fields.get("name")
        if fact.type != "event" or not isinstance(name, str):
            continue
        for key in ("organizers", "participants"):
            sides = fact.fields[key]
            if isinstance(sides, list):
                fact.fields[key] = [side for side in sides if str(side).casefold() != name.casefold()]
    return out

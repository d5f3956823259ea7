"""Facts found by rules over entities and yargy grammars: posts, events, agreements, projects, decisions.

Every fact carries `evidence`, the span of the item text that supports it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from clusterdesk.news.dates import DateMention, find_dates, relative_day, year_from_context
from clusterdesk.news.link import name_key
from clusterdesk.news.nlp import Analysis
from clusterdesk.news.normalize import normalize_span
from clusterdesk.news.posts import find_posts
from clusterdesk.news.records import Entity, Fact, Span

EVENT_KINDS = (
    ("strategic_session", re.compile(r"стратегическ\w*\s+сесси\w*", re.IGNORECASE)),
    ("round_table", re.compile(r"кругл\w+\s+стол\w*", re.IGNORECASE)),
    ("forum", re.compile(r"\bфорум\w*", re.IGNORECASE)),
    ("conference", re.compile(r"\bконференци\w*", re.IGNORECASE)),
    ("exhibition", re.compile(r"\bвыставк\w*", re.IGNORECASE)),
    ("meeting", re.compile(r"\b(?:совещани|заседани)\w*", re.IGNORECASE)),
)
_QUOTED_AFTER = re.compile(r"^\s*(?:[а-яё0-9-]+\s+){0,2}?(«(?:[^«»]|«[^«»]*»)*»)")
_LATIN_AFTER = re.compile(r"^\s+([A-Z][\w-]*(?:\s+(?:[A-Z][\w-]*|\d{4}))*)")
_ORGANISE = re.compile(r"\b(?:организ\w+|провод\w+|провел\w*|провёл|проведет|проведёт)\b", re.IGNORECASE)
_PARTICIPATE = re.compile(
    r"\b(?:приня\w*\s+участие|прим\w+\s+участие|участву\w+|выступил\w*|модератор\w*)", re.I
)
_AGREEMENT = re.compile(
    r"\b(?:подписал\w*|заключил\w*)\s+(?:\w+\s+){0,2}?(соглашени\w*|договор\w*|меморандум\w*)", re.IGNORECASE
)
_PROJECT = re.compile(r"\b(?:представил\w*|презентовал\w*|показал\w*)\s+(?:свои\s+)?проект\w*", re.IGNORECASE)
_FROM_TO = re.compile(r"\bот\s+(.+?)\s+до\s+(.+?)(?:[.;]|$)")
_PROCESS_NOUNS = re.compile(
    r"^(?:производств\w*|разработк\w*|создани\w*|выпуск\w*|внедрени\w*)\s+", re.IGNORECASE
)
_APPROVE = re.compile(
    r"\b(?:утвер(?:дил|дила|дили|ждены|ждена|жден|ждён|ждено|ждают|ждает)|одобр(?:ил|ила|или|ены|ена|ен)|"
    r"приняли|принял|принята|приняты)\b",
    re.IGNORECASE,
)
DOCUMENTS = (
    ("программа развития", re.compile(r"программ\w*\s+развития", re.IGNORECASE)),
    ("приоритетные направления", re.compile(r"приоритетн\w+\s+направлени\w*", re.IGNORECASE)),
    ("ключевые показатели эффективности", re.compile(r"ключев\w+\s+показател\w+(?:\s+эффективности)?", re.I)),
    ("дорожная карта", re.compile(r"дорожн\w+\s+карт\w*", re.IGNORECASE)),
    ("стратегия", re.compile(r"\bстратеги[яиюей]\b", re.IGNORECASE)),
    ("концепция", re.compile(r"\bконцепци\w*", re.IGNORECASE)),
    ("бюджет", re.compile(r"\bбюджет\w*", re.IGNORECASE)),
    ("план мероприятий", re.compile(r"\bплан\w*\s+мероприятий", re.IGNORECASE)),
)


def find_facts(
    text: str,
    entities: Sequence[Entity],
    published: date | None = None,
    *,
    analysis: Analysis | None = None,
    vocab: Any = None,
) -> list[Fact]:
    """All facts of one item."""
    sentences = list(analysis.sentences) if analysis is not None else _sentences(text)
    facts: list[Fact] = []
    facts.extend(find_posts(text, entities, sentences, vocab))
    for start, end in sentences:
        inside = [e for e in entities if start <= e.start and e.end <= end]
        sentence = text[start:end]
        facts.extend(_events(start, sentence, inside, published, vocab, text))
        facts.extend(_agreements(start, sentence, inside, published, vocab, text))
        facts.extend(_projects(start, sentence, inside, analysis, vocab))
        facts.extend(_decisions(start, sentence, inside, published))
    return _merge_events(facts)


def _sentences(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^.!?\n]+[.!?]*", text)]


# ---- posts -----------------------------------------------------------------------------------------------


def _nominative_phrase(text: str, start: int, end: int, analysis: Analysis | None, vocab: Any) -> str:
    """A common-noun phrase in the nominative: «начальника инновационного управления» -> «начальник …»."""
    phrase = text[start:end].strip(" ,—–-")
    if analysis is None or vocab is None or not phrase:
        return phrase
    start = text.index(phrase, start)
    end = start + len(phrase)
    tokens = [t for t in analysis.tokens if start <= t.start and t.end <= end]
    if not tokens:
        return phrase
    return normalize_span("ORG", tokens, text, vocab)


# ---- events ----------------------------------------------------------------------------------------------


def _events(
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
        name = quoted.group(1).strip("«»")
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
        name = quoted.group(1).strip("«»")
    elif latin := _LATIN_AFTER.match(after):
        name = latin.group(1)
    named = quoted.span(1) if name and quoted else (0, 0)
    name_span = (start + trigger[1] + named[0], start + trigger[1] + named[1])
    candidates = [e for e in inside if not name_span[0] <= e.start < name_span[1]]
    if only_after:
        candidates = [e for e in candidates if e.start >= start + trigger[0]]
    place = _place(sentence, start, candidates, vocab)
    organisers = _before_verb(sentence, start, inside, _ORGANISE, ("ORG",), exclude_after_prep=True)
    participants = _before_verb(sentence, start, inside, _PARTICIPATE, ("ORG", "PER"))
    begin, finish, date_text = _when(sentence, dates, published)
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


def _when(
    sentence: str, dates: list[DateMention], published: date | None
) -> tuple[str | None, str | None, str | None]:
    if dates:
        return dates[0].start_iso, dates[0].end_iso, dates[0].text
    relative = relative_day(sentence, published)
    if relative is not None:
        return relative[0].isoformat(), relative[0].isoformat(), relative[1]
    return None, None, None


def _iso(value: date | None) -> str | None:
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
                return _name(entity)
            body = _authority(sentence, offset, entity, vocab) if entity.type in kinds else None
            if body and _AT.search(before[: before.rfind(" ")].rstrip() if " " in before else ""):
                return body
    return next((_name(e) for e in free if e.type == "LOC"), None)


_AT = re.compile(r"(?:^|\s)(?:в|во|на|на\s+базе|в\s+стенах|на\s+площадке)\s*«?$")


def _name(entity: Entity) -> str:
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
        if _name(entity) not in names:
            names.append(_name(entity))
    return names


def _merge_events(facts: list[Fact]) -> list[Fact]:
    """One event per kind and name in an item: later mentions fill the gaps of the first one."""
    out: list[Fact] = []
    for fact in facts:
        if fact.type != "event":
            out.append(fact)
            continue
        same = next(
            (
                f for f in out
                if f.type == "event" and f.fields["kind"] == fact.fields["kind"]
                and (fact.fields["name"] is None or f.fields["name"] in (None, fact.fields["name"]))
            ),
            None,
        )  # fmt: skip
        if same is None:
            out.append(fact)
            continue
        for key, value in fact.fields.items():
            if not same.fields.get(key) and value:
                same.fields[key] = value
    return out


# ---- agreements, projects, decisions ---------------------------------------------------------------------


def _agreements(
    offset: int, sentence: str, inside: Sequence[Entity], published: date | None, vocab: Any, text: str = ""
) -> list[Fact]:
    match = _AGREEMENT.search(sentence)
    passive = None if match else _AGREEMENT_SIGNED.search(sentence)
    if match is None and passive is None:
        return []
    kind_word = match.group(1) if match else passive.group(1)  # type: ignore[union-attr]
    verb_start, verb_end = match.span() if match else passive.span(1)  # type: ignore[union-attr]
    about = _ABOUT_IN.search(sentence, verb_end)
    subject_start = about.start() if about and match else len(sentence)
    subject = _SUBJECT_END.split(about.group(1))[0].strip() if about else None
    parties: list[str] = []
    keys: set[str] = set()
    for entity in inside:
        local_start, local_end = entity.start - offset, entity.end - offset
        before_verb = local_end <= verb_start
        # «подписал соглашение с МТС о …», «соглашение между ТУСУРом и МТС подписано»
        after_verb = verb_end <= local_start and local_end <= subject_start and (
            _WITH.search(sentence, verb_end, local_start) is not None
        )
        if entity.type != "ORG" or not (before_verb or after_verb):
            continue
        name = _name(entity)
        key = name_key(name)
        if key not in keys:
            parties.append(name)
            keys.add(key)
    year = year_from_context(sentence, published) or year_from_context(text, published)
    dates = find_dates(sentence, default_year=year, morph=vocab)
    relative = relative_day(sentence, published)
    signed = dates[0].start_iso if dates else (relative[0].isoformat() if relative else _iso(published))
    fields: dict[str, object] = {
        "parties": parties,
        "subject": subject,
        "kind": kind_word.lower(),
        "date": signed,
    }
    return [Fact("agreement", fields, Span(offset, offset + len(sentence.rstrip())))]


_AGREEMENT_SIGNED = re.compile(
    r"\b(соглашени\w*|договор\w*|меморандум\w*)\b[^.;]*?\b(?:был\w*\s+)?(?:подписан\w*|заключ[её]н\w*)",
    re.IGNORECASE,
)
_SUBJECT_END = re.compile(r"\s+(?:между|был\w*\s+подписан|подписан)")
_ABOUT_IN = re.compile(r"\s(?:о|об)\s+([^.;]+)", re.IGNORECASE)
_WITH = re.compile(r"(?:^|\s)(?:с|со|между|и)\s", re.IGNORECASE)


def _projects(
    offset: int, sentence: str, inside: Sequence[Entity], analysis: Analysis | None, vocab: Any
) -> list[Fact]:
    match = _PROJECT.search(sentence)
    if match is None:
        return _named_project(offset, sentence, inside)
    organisations = []
    for entity in inside:
        if entity.type == "ORG" and _name(entity) not in organisations:
            organisations.append(_name(entity))
    subjects: list[str] = []
    span = _FROM_TO.search(sentence, match.end())
    if span is not None and analysis is not None:
        for group in (1, 2):
            part_start = offset + span.start(group)
            for piece in re.finditer(r"[^,]+?(?=\s+и\s+|,|$)", span.group(group)):
                words = piece.group().strip()
                words = re.sub(r"^и\s+", "", words)
                lead = _PROCESS_NOUNS.match(words)
                local = span.group(group).find(words, piece.start())
                begin = part_start + local + (lead.end() if lead else 0)
                finish = part_start + local + len(words)
                if finish > begin:
                    subjects.append(_nominative_phrase(analysis.text, begin, finish, analysis, vocab))
    if not organisations and not subjects:
        return []
    fields: dict[str, object] = {"organizations": organisations, "subjects": subjects}
    return [Fact("project", fields, Span(offset, offset + len(sentence.rstrip())))]


def _decisions(offset: int, sentence: str, inside: Sequence[Entity], published: date | None) -> list[Fact]:
    verb = _APPROVE.search(sentence)
    if verb is None:
        return []
    documents = [name for name, pattern in DOCUMENTS if pattern.search(sentence)]
    if not documents:
        return []
    body = next((e.normal for e in inside if e.type == "ORG" and e.end - offset <= verb.start()), None)
    fields: dict[str, object] = {"body": body, "documents": documents, "date": _iso(published)}
    return [Fact("decision", fields, Span(offset, offset + len(sentence.rstrip())))]


_NAMED_PROJECT = re.compile(
    r"\bпроект\w*\s+(?:[а-яё-]+\s+){0,2}?(«(?:[^«»]|«[^«»]*»)*»)", re.IGNORECASE
)


def _named_project(offset: int, sentence: str, inside: Sequence[Entity]) -> list[Fact]:
    """«… началась реализация всероссийского проекта «ПроЕДУ по России»»: a project named in quotes."""
    match = _NAMED_PROJECT.search(sentence)
    if match is None or _APPROVE.search(sentence):
        return []
    name_start, name_end = offset + match.start(1), offset + match.end(1)
    organisations: list[str] = []
    for entity in inside:
        inside_name = name_start <= entity.start < name_end
        if entity.type == "ORG" and not inside_name and _name(entity) not in organisations:
            organisations.append(_name(entity))
    fields: dict[str, object] = {
        "organizations": organisations,
        "subjects": [],
        "name": match.group(1)[1:-1],
    }
    return [Fact("project", fields, Span(offset, offset + len(sentence.rstrip())))]

"""Facts found by rules over entities and yargy grammars: posts, events, agreements, projects, decisions.

Every fact carries `evidence`, the span of the item text that supports it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from clusterdesk.news.dates import SharedMorph, find_dates
from clusterdesk.news.link import name_key
from clusterdesk.news.nlp import Analysis
from clusterdesk.news.normalize import normalize_span
from clusterdesk.news.records import Entity, Fact, Span

TITLE_WORDS = {
    "ректор", "проректор", "директор", "гендиректор", "начальник", "заместитель", "губернатор", "глава",
    "руководитель", "председатель", "министр", "президент", "вице-президент", "декан", "заведующий", "мэр",
    "вице-губернатор", "вице-премьер", "премьер-министр", "полпред", "сенатор", "депутат", "основатель",
    "сооснователь", "управляющий", "советник", "секретарь", "член", "лидер", "представитель", "врио",
    "замгубернатора", "замминистра", "замглавы", "учредитель", "партнер", "партнёр", "владелец",
}  # fmt: skip
_TITLE_HINT = re.compile(
    r"(?<![А-Яа-яЁё])(?:" + "|".join(sorted({w[:5] for w in TITLE_WORDS}, key=len, reverse=True)) + ")",
    re.IGNORECASE,
)
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
_ABOUT = re.compile(r"^\s+(?:о|об)\s+([^.;]+)")
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
    facts.extend(find_posts(text, entities, sentences, analysis, vocab))
    for start, end in sentences:
        inside = [e for e in entities if start <= e.start and e.end <= end]
        sentence = text[start:end]
        facts.extend(_events(start, sentence, inside, published, vocab))
        facts.extend(_agreements(start, sentence, inside, published, vocab))
        facts.extend(_projects(start, sentence, inside, analysis, vocab))
        facts.extend(_decisions(start, sentence, inside, published))
    return _merge_events(facts)


def _sentences(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^.!?\n]+[.!?]*", text)]


# ---- posts -----------------------------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _title_parser(vocab: Any) -> Any:
    from yargy import Parser, and_, not_, or_, rule
    from yargy.predicates import dictionary, eq, gram
    from yargy.tokenizer import MorphTokenizer

    head = rule(gram("ADJF").optional(), dictionary(TITLE_WORDS))
    modifier = or_(
        rule(gram("ADJF")),
        rule(and_(gram("NOUN"), not_(gram("Name")), not_(gram("Surn")), not_(gram("Patr")))),
        rule(gram("PREP")),
        rule(eq("и")),
        rule(eq("-")),
    )
    title = rule(head, modifier.optional().repeatable().optional())
    tokenizer = MorphTokenizer(morph=SharedMorph(vocab)) if vocab is not None else MorphTokenizer()
    return Parser(title, tokenizer=tokenizer)


def find_posts(
    text: str,
    entities: Sequence[Entity],
    sentences: Sequence[tuple[int, int]],
    analysis: Analysis | None,
    vocab: Any,
) -> list[Fact]:
    """«Ректор ТУСУРа Виктор Рулевский», «Дейв Донателли, глава отдела … HP»: person, title, organisation."""
    facts: list[Fact] = []
    orgs = [e for e in entities if e.type == "ORG"]
    for person in (e for e in entities if e.type == "PER"):
        sentence_start = next((s for s, t in sentences if s <= person.start < t), 0)
        window_start = max(sentence_start, person.start - 160)
        # parse only from the first title word on (plus room for an adjective such as «первого»)
        hint = _TITLE_HINT.search(text, window_start, person.start)
        if hint is None:
            continue
        room = max(window_start, hint.start() - 20)
        window_start = max(window_start, text.rfind(" ", window_start, room) + 1)
        window = text[window_start : person.start]
        best = None
        others = [e for e in entities if e.type == "PER" and e is not person]
        for match in _title_parser(vocab).findall(window):
            gap = window[match.span.stop :]
            title_start = window_start + match.span.start
            if any(title_start <= o.start < person.start for o in others):
                continue  # the title belongs to someone named between it and this person
            if gap.strip(" ,") == "" or _only_entities(
                window_start + match.span.stop, person.start, orgs, text
            ):
                best = match
        if best is None:
            continue
        title_start = window_start + best.span.start
        facts.append(_post(text, title_start, person.start, person, orgs, analysis, vocab, person.end))
    return [f for f in facts if f.fields.get("title")]


def _only_entities(start: int, end: int, orgs: Sequence[Entity], text: str) -> bool:
    rest = text[start:end]
    for org in orgs:
        if start <= org.start and org.end <= end:
            rest = rest.replace(org.text, "")
    return rest.strip(" ,") == ""


def _post(
    text: str,
    start: int,
    end: int,
    person: Entity,
    orgs: Sequence[Entity],
    analysis: Analysis | None,
    vocab: Any,
    evidence_end: int,
) -> Fact:
    org = next((o for o in orgs if start <= o.start and o.end <= end), None)
    title_end = org.start if org is not None else end
    title = _nominative_phrase(text, start, title_end, analysis, vocab)
    fields: dict[str, object] = {
        "person": person.normal,
        "title": title,
        "organization": org.normal if org is not None else None,
    }
    return Fact("post", fields, Span(min(start, person.start), max(evidence_end, end)))


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
) -> list[Fact]:
    for kind, pattern in EVENT_KINDS:
        trigger = pattern.search(sentence)
        if trigger is None:
            continue
        after = sentence[trigger.end() :]
        name = None
        quoted = _QUOTED_AFTER.match(after)
        if quoted:
            name = quoted.group(1).strip("«»")
        elif latin := _LATIN_AFTER.match(after):
            name = latin.group(1)
        dates = find_dates(sentence, default_year=published.year if published else None, morph=vocab)
        named = quoted.span(1) if name and quoted else (0, 0)
        name_span = (start + trigger.end() + named[0], start + trigger.end() + named[1])
        place = _place(sentence, start, [e for e in inside if not name_span[0] <= e.start < name_span[1]])
        organisers = _before_verb(sentence, start, inside, _ORGANISE, ("ORG",), exclude_after_prep=True)
        participants = _before_verb(sentence, start, inside, _PARTICIPATE, ("ORG", "PER"))
        fields: dict[str, object] = {
            "name": name,
            "kind": kind,
            "start": _iso(dates[0].start_date) if dates else None,
            "end": _iso(dates[0].end_date) if dates else None,
            "date_text": dates[0].text if dates else None,
            "place": place,
            "organizers": organisers,
            "participants": participants,
        }
        return [Fact("event", fields, Span(start, start + len(sentence.rstrip())))]
    return []


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _place(sentence: str, offset: int, inside: Sequence[Entity]) -> str | None:
    """The first place written after «в/во/на», else the first place of the sentence."""
    for kinds in (("LOC",), ("ORG",)):
        for entity in inside:
            before = sentence[: entity.start - offset].rstrip().lower()
            if entity.type in kinds and re.search(r"(?:^|\s)(?:в|во|на)$", before):
                return entity.normal
    return next((e.normal for e in inside if e.type == "LOC"), None)


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
        if entity.normal not in names:
            names.append(entity.normal)
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
    offset: int, sentence: str, inside: Sequence[Entity], published: date | None, vocab: Any
) -> list[Fact]:
    match = _AGREEMENT.search(sentence)
    if match is None:
        return []
    parties: list[str] = []
    keys: set[str] = set()
    for entity in inside:
        key = name_key(entity.normal)
        if entity.type == "ORG" and entity.end - offset <= match.start() and key not in keys:
            parties.append(entity.normal)
            keys.add(key)
    about = _ABOUT.match(sentence[match.end() :])
    dates = find_dates(sentence, default_year=published.year if published else None, morph=vocab)
    fields: dict[str, object] = {
        "parties": parties,
        "subject": about.group(1).strip() if about else None,
        "kind": match.group(1).lower(),
        "date": _iso(dates[0].start_date) if dates else _iso(published),
    }
    return [Fact("agreement", fields, Span(offset, offset + len(sentence.rstrip())))]


def _projects(
    offset: int, sentence: str, inside: Sequence[Entity], analysis: Analysis | None, vocab: Any
) -> list[Fact]:
    match = _PROJECT.search(sentence)
    if match is None:
        return []
    organisations = []
    for entity in inside:
        if entity.type == "ORG" and entity.normal not in organisations:
            organisations.append(entity.normal)
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

"""Facts found by rules over entities and yargy grammars: posts, events, agreements, projects, decisions.

Every fact carries `evidence`, the span of the item text that supports it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from clusterdesk.news.attribution import reported_by
from clusterdesk.news.dates import find_dates, relative_day, year_from_context
from clusterdesk.news.events_rules import (
    display_name,
    events_of_sentence,
    iso_date,
    merge_events,
    merge_facts,
)
from clusterdesk.news.link import name_key
from clusterdesk.news.ner import outermost
from clusterdesk.news.nlp import Analysis
from clusterdesk.news.normalize import normalize_span
from clusterdesk.news.posts import find_posts
from clusterdesk.news.records import Entity, Fact, Span
from clusterdesk.news.risks import find_risks

_AGREEMENT = re.compile(
    r"\b(?:подписал\w*|подпиш(?:ет|ут)|подписыва(?:ет|ют)|заключил\w*|заключ(?:ит|ат))\s+(?:\w+\s+){0,2}?"
    r"(соглашени\w*|договор\w*|меморандум\w*)",
    re.IGNORECASE,
)  # also a signing announced («ВлГУ и ТГУ подпишут соглашение»)
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
    entities = outermost(entities)  # a place nested in an organisation's name is no party of its own
    sentences = list(analysis.sentences) if analysis is not None else _sentences(text)
    facts: list[Fact] = []
    facts.extend(find_posts(text, entities, sentences, vocab))
    facts.extend(find_risks(text, entities, sentences, published, vocab))
    for start, end in sentences:
        inside = [e for e in entities if start <= e.start and e.end <= end]
        sentence = text[start:end]
        facts.extend(events_of_sentence(start, sentence, inside, published, vocab, text))
        facts.extend(_agreements(start, sentence, inside, published, vocab, text))
        facts.extend(_projects(start, sentence, inside, analysis, vocab))
        facts.extend(_decisions(start, sentence, inside, published))
    return _merge_agreements(merge_events(facts))


def _merge_agreements(facts: list[Fact]) -> list[Fact]:
    """«АО «Когнитив» подписало соглашение с Администрацией …» (the title) and «АО «Когнитив» и Администрация
    … подписали соглашение о сотрудничестве …» (the text) are one agreement: the same parties, the same kind
    of document, no two different subjects or dates; the later mention fills the gaps of the first."""
    return merge_facts(facts, "agreement", _one_agreement)


def _one_agreement(one: Fact, other: Fact) -> bool:
    parties = [{name_key(str(p)) for p in f.fields["parties"]} for f in (one, other)]  # type: ignore[attr-defined]
    if len(parties[0]) < 2 or parties[0] != parties[1]:
        return False
    if str(one.fields["kind"])[:6] != str(other.fields["kind"])[:6]:
        return False  # «соглашение» / «соглашения», not a «договор»
    return all(
        not one.fields.get(key) or not other.fields.get(key) or one.fields[key] == other.fields[key]
        for key in ("subject", "date")
    )


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
    subject = _SUBJECT_END.split(about.group(1))[0].strip().rstrip(",;:—– ") if about else None
    parties: list[str] = []
    keys: set[str] = set()
    for entity in inside:
        local_start, local_end = entity.start - offset, entity.end - offset
        before_verb = local_end <= verb_start
        # «подписал соглашение с МТС о …», «соглашение между ТУСУРом и МТС подписано»
        after_verb = (
            verb_end <= local_start
            and local_end <= subject_start
            and (_WITH.search(sentence, verb_end, local_start) is not None)
        )
        if entity.type != "ORG" or not (before_verb or after_verb) or reported_by(sentence, local_start):
            continue
        name = display_name(entity)
        key = name_key(name)
        if key not in keys:
            parties.append(name)
            keys.add(key)
    year = year_from_context(sentence, published) or year_from_context(text, published)
    dates = find_dates(sentence, default_year=year, morph=vocab)
    relative = relative_day(sentence, published)
    signed = dates[0].start_iso if dates else (relative[0].isoformat() if relative else iso_date(published))
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
_SUBJECT_END = re.compile(
    r"\s+(?:между(?![а-яё])|был\w*\s+подписан|подписан|\d{1,2}\s+(?:январ|феврал|март|апрел|ма[яй]|июн|июл|"
    r"август|сентябр|октябр|ноябр|декабр)\w*|в\s+\d{4}\s+году|в\s+рамках|в\s+ходе|на\s+полях"
    r"|(?<=,\s)(?:а|но|однако|при\s+этом)\s"
    r"|на\s+(?:[А-ЯЁа-яё-]+\s+){0,4}(?:форум|выставк|конференц|саммит|съезд|заседани|совещани|встреч)[а-яё]*)"
)  # the subject ends before a verb of signing, «между …», a date («… лаборатории 20 марта 2025 года») and the
# occasion it was signed at («… подготовки кадров | на Петербургском международном экономическом форуме»), and
# before a clause of its own after a comma («о практике студентов, | а ТУСУР …»)
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
        if entity.type != "ORG" or reported_by(sentence, entity.start - offset):
            continue
        if display_name(entity) not in organisations:
            organisations.append(display_name(entity))
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
    fields: dict[str, object] = {"body": body, "documents": documents, "date": iso_date(published)}
    return [Fact("decision", fields, Span(offset, offset + len(sentence.rstrip())))]


_NAMED_PROJECT = re.compile(r"\bпроект\w*\s+(?:[а-яё-]+\s+){0,2}?(«(?:[^«»]|«[^«»]*»)*»)", re.IGNORECASE)


def _named_project(offset: int, sentence: str, inside: Sequence[Entity]) -> list[Fact]:
    """«… началась реализация всероссийского проекта «ПроЕДУ по России»»: a project named in quotes."""
    match = _NAMED_PROJECT.search(sentence)
    if match is None or _APPROVE.search(sentence):
        return []
    name_start, name_end = offset + match.start(1), offset + match.end(1)
    organisations: list[str] = []
    for entity in inside:
        inside_name = name_start <= entity.start < name_end
        if reported_by(sentence, entity.start - offset):
            continue
        if entity.type == "ORG" and not inside_name and display_name(entity) not in organisations:
            organisations.append(display_name(entity))
    fields: dict[str, object] = {
        "organizations": organisations,
        "subjects": [],
        "name": match.group(1)[1:-1],
    }
    return [Fact("project", fields, Span(offset, offset + len(sentence.rstrip())))]

"""Entity mentions of one text: natasha's NER, repaired and extended by rules, then normalised."""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any

from clusterdesk.news.authorities import (
    bodies_of_places,
    body_spans,
    filed_generic,
    filed_name,
    named_bodies,
    regional_bodies_of_the_text,
)
from clusterdesk.news.consistency import organisations_in_other_forms, people_as_written, word_stems
from clusterdesk.news.names import PLACE_ABBREVIATIONS, files_with_place, names_only
from clusterdesk.news.nlp import Analysis, NerSpan, Token
from clusterdesk.news.normalize import abbreviation_stem, is_abbreviation, normalize_span
from clusterdesk.news.org_extents import (
    before_a_verb,
    defined_abbreviations,
    extended_bodies,
    joined_abbreviations,
    named_after_people,
    to_closing_quote,
)
from clusterdesk.news.org_kinds import organisations_named_by_kind
from clusterdesk.news.orgs import (
    RawSpan,
    function_word,
    is_generic_org,
    is_place_word,
    repair_span,
    rule_spans,
    strip_leading_noise,
)
from clusterdesk.news.persons import one_name_per_person
from clusterdesk.news.quotes import quoted_list_members, within_quotes
from clusterdesk.news.records import Entity
from clusterdesk.news.titles import TITLE_WORDS

_NAME_PARSE_TAGS = ("Name", "Surn", "Patr")
_OPENING_QUOTES = ("«", "„", "“", '"')
_CLOSING_QUOTES = ("»", "“", "”", '"')
_DASH_SPLIT = re.compile(r"\s*[-–—]\s*")


def find_spans(analysis: Analysis, vocab: Any, extra: Iterable[RawSpan] = ()) -> list[RawSpan]:
    """Typed spans after repairs, rule additions, registry names, filtering and in-document propagation.

    Spans never overlap but in one way: a LOC or PER strictly inside an ORG's name (`nested_in_names`); they
    come sorted by start, the outer span first.
    """
    text = analysis.text
    spans: list[RawSpan] = []
    for raw in _joined_people(text, analysis.spans, vocab):
        for fixed in repair_span(text, RawSpan(raw.type, raw.start, raw.end), vocab):
            spans.append(strip_leading_noise(text, fixed, vocab) if fixed.type == "ORG" else fixed)
    spans = joined_abbreviations(text, [within_quotes(text, s) for s in spans])
    spans = before_a_verb(text, spans, analysis.tokens)
    spans = organisations_named_by_kind(text, spans, vocab)
    places = [s for s in spans if s.type == "LOC"]
    for candidate in rule_spans(text):
        spans = _merge(spans, candidate)
    for candidate in extra:
        # a registry name is an organisation even where natasha read a person or a place
        spans = _over_contained(spans, candidate)
    for candidate in _second_quoted_names(text, spans, vocab):
        spans = _merge(spans, candidate)
    spans = [s for span in spans for s in _filter(text, span, analysis, vocab)]
    # the places natasha found, as the filter cuts them («США по патентам …» -> «США»): a later organisation
    # may swallow one, and it comes back nested in it (`nested_in_names`)
    places = [p for place in places for p in _filter(text, place, analysis, vocab) if p.type == "LOC"]
    for candidate in body_spans(text):
        # a body of the list read as a place, word for word («Европейский Союз»), is the body
        spans = [
            candidate if s.type == "LOC" and (s.start, s.end) == (candidate.start, candidate.end) else s
            for s in spans
        ]
        spans = _merge(spans, candidate)
    for candidate in named_bodies(text):
        # a body of the list by its one-word name is a body even where natasha read a place («из Росстата»)
        spans = _over_contained(spans, candidate)
    spans = _abbreviation_in_parentheses(text, spans)
    spans = bodies_of_places(text, spans)
    spans = _with_place_of_jurisdiction(text, spans, analysis, vocab)
    spans = _propagate(text, spans, analysis.tokens)
    spans = organisations_in_other_forms(text, people_as_written(text, spans), analysis.tokens)
    # a place's name read as a club's («мюнхенской Баварии») is no place nested in the club's name
    clubs = {(s.start, s.end) for s in spans if s.type == "ORG"} & {(p.start, p.end) for p in places}
    places = [p for p in places if (p.start, p.end) not in clubs]
    spans = _bodies_of_abbreviations(text, spans, vocab)
    spans = _names_in_parentheses(text, spans)
    spans = _dictionary_organisations(spans, analysis.tokens, vocab)
    spans = _publications_of_articles(text, spans)
    for candidate in quoted_list_members(text, spans):
        spans = _merge(spans, candidate)
    places += [s for s in spans if s.type == "LOC"]
    spans = to_closing_quote(text, spans, analysis.tokens)
    spans = extended_bodies(text, spans, analysis.tokens, vocab)
    spans = defined_abbreviations(text, spans, analysis.tokens, vocab)
    spans = names_only(_snap(spans, analysis.tokens), analysis, vocab)
    # the person an organisation is named after is not nested: a theatre named after Chekhov is no news
    # about him (person mentions feed the registry's people and their news timelines)
    spans, _people = named_after_people(text, spans)
    spans = nested_in_names(text, spans, places, analysis.tokens, vocab, own_names=clubs)
    return sorted(spans, key=lambda s: (s.start, -s.end))


def _joined_people(text: str, spans: Sequence[NerSpan], vocab: Any) -> list[NerSpan]:
    """«Фёдора Орлова» tagged as two people: a lone first name and a lone word right after it are one name."""
    out: list[NerSpan] = []
    for span in spans:
        last = out[-1] if out else None
        if (
            last is not None
            and last.type == span.type == "PER"
            and text[last.end : span.start] == " "
            and " " not in text[last.start : span.end].replace(" ", "", 1)
            and any("Name" in p.tag for p in vocab.parse(text[last.start : last.end].lower()))
        ):
            out[-1] = NerSpan("PER", last.start, span.end)
        else:
            out.append(span)
    return out


_NEXT_QUOTED = re.compile(r"\s+«([^«»\n]{1,60})»")


def _second_quoted_names(text: str, spans: list[RawSpan], vocab: Any) -> list[RawSpan]:
    """«НИУ «ВШЭ» «Вороново»»: a quoted name right after an organisation's is a place or another body."""
    out: list[RawSpan] = []
    for span in spans:
        if span.type != "ORG" or text[span.end - 1] != "»":
            continue
        match = _NEXT_QUOTED.match(text, span.end)
        if not match:
            continue
        if is_place_word(match.group(1), vocab):
            out.append(RawSpan("LOC", match.start(1), match.end(1)))
        else:
            out.append(RawSpan("ORG", match.start(1) - 1, match.end()))
    return out


def _over_contained(spans: list[RawSpan], candidate: RawSpan) -> list[RawSpan]:
    """The candidate in place of the spans it contains, whatever their type; none where it crosses a span."""
    covered = [s for s in spans if candidate.start <= s.start and s.end <= candidate.end]
    if any(s.start < candidate.end and candidate.start < s.end for s in spans if s not in covered):
        return spans
    return [s for s in spans if s not in covered] + [candidate]


def _merge(spans: list[RawSpan], candidate: RawSpan) -> list[RawSpan]:
    overlapping = [s for s in spans if s.start < candidate.end and candidate.start < s.end]
    if not overlapping:
        return [*spans, candidate]
    covers = all(candidate.start <= s.start and s.end <= candidate.end for s in overlapping)
    if (
        covers
        and candidate.type == "ORG"
        and any((s.end - s.start) < (candidate.end - candidate.start) for s in overlapping)
    ):
        return [s for s in spans if s not in overlapping] + [candidate]
    return spans


def _abbreviation_in_parentheses(text: str, spans: list[RawSpan]) -> list[RawSpan]:
    """«Бюро … (USPTO)», «Национального фронта (FN)»: the abbreviation has the type of the name before it —
    unless it is a country's («Google (США)»: where the company is)."""
    out = list(spans)
    ordered = sorted(spans, key=lambda s: s.start)
    for before, after in itertools.pairwise(ordered):
        gap = text[before.end : after.start]
        enclosed = gap.strip() == "(" and text[after.end : after.end + 1] == ")"
        retype = enclosed and after.type != before.type and before.type in ("ORG", "LOC")
        abbreviation = text[after.start : after.end]
        if retype and after.type == "LOC" and abbreviation in PLACE_ABBREVIATIONS:
            continue
        if retype and is_abbreviation(abbreviation):
            out[out.index(after)] = RawSpan(before.type, after.start, after.end)
    return out


def _with_place_of_jurisdiction(
    text: str, spans: list[RawSpan], analysis: Analysis, vocab: Any
) -> list[RawSpan]:
    """«Министерства культуры РФ», «МИД Великобритании»: the place stays a LOC of its own, but the
    organisation's normal form is its full name with the place («Министерство культуры РФ»)."""
    ordered = sorted(spans, key=lambda s: s.start)
    out = list(ordered)
    genitive = {t.start for t in analysis.tokens if t.feats.get("Case") == "Gen"}
    for org, place in itertools.pairwise(ordered):
        if org.type != "ORG" or place.type != "LOC" or text[org.end : place.start] != " ":
            continue
        if place.start not in genitive or text[org.end - 1] in '»")' or org.norm is not None:
            continue
        if not files_with_place(text[org.start : org.end].split(), vocab):
            continue
        out[out.index(org)] = RawSpan("ORG", org.start, org.end, (org.start, place.end))
    return out


# parts of an organisation named before the organisation's abbreviation («Судейский комитет ФИФА»)
_PART_NOUNS = frozenset(
    [
        "комитет",
        "совет",
        "комиссия",
        "ассамблея",
        "департамент",
        "управление",
        "отделение",
        "отдел",
        "служба",
        "палата",
        "институт",
        "кафедра",
        "факультет",
        "обком",
        "горком",
        "райком",
        "секретариат",
        "президиум",
        "филиал",
    ]
)
_WORD_BEFORE = re.compile(r"(?<![\w-])([А-ЯЁа-яё]+)\s$")  # a whole word: not «служба» of «пресс-служба»


def _bodies_of_abbreviations(text: str, spans: list[RawSpan], vocab: Any) -> list[RawSpan]:
    """«Судейский комитет ФИФА», «комитетом ООН», «Свердловского обкома КПСС»: a part of an organisation
    written right before the organisation's abbreviation is one name with it, with adjectives before."""
    out = list(spans)
    for span in sorted(spans, key=lambda s: s.start):
        piece = text[span.start : span.end]
        if span.type != "ORG" or not is_abbreviation(piece) or not piece.isupper():
            continue
        start = span.start
        match = _WORD_BEFORE.search(text, max(0, start - 40), start)
        if match is None or not any(
            p.tag.POS == "NOUN" and p.normal_form in _PART_NOUNS
            for p in vocab.parse(match.group(1).lower())[:2]
        ):
            continue
        start = match.start(1)
        while (adjective := _WORD_BEFORE.search(text, max(0, start - 40), start)) is not None and any(
            p.tag.POS == "ADJF" for p in vocab.parse(adjective.group(1).lower())[:1]
        ):
            start = adjective.start(1)
        if any(s.start < span.start and start < s.end for s in out if s is not span):
            continue
        out = [s for s in out if s is not span] + [RawSpan("ORG", start, span.end)]
    return out


_LATIN_IN_PARENTHESES = re.compile(
    r"\s*(?:\([А-ЯЁA-Z]{2,8}\)\s*)?\(([A-Z][\w&'.-]*(?:\s+(?:[A-Z][\w&'.-]*|of|and|to|for|the|on|in|de|du|la))+)\)"
)
_NAME_BEFORE_PARENTHESIS = re.compile(r"(?<![\w-])([А-ЯЁ][а-яё]+(?:\s+[а-яё]{3,}){1,3})\s+\($")


def _names_in_parentheses(text: str, spans: list[RawSpan]) -> list[RawSpan]:
    """«Комитет защиты журналистов (КЗЖ) (Committee to Protect Journalists)», «Международная амнистия (Amnesty
    International)»: a name in another language in parentheses is the organisation named before it."""
    out = list(spans)
    for span in sorted(spans, key=lambda s: s.start):
        if span.type != "ORG":
            continue
        match = _LATIN_IN_PARENTHESES.match(text, span.end)
        if match and not any(s.start < match.end(1) and match.start(1) < s.end for s in out):
            out.append(RawSpan("ORG", match.start(1), match.end(1)))
        before = _NAME_BEFORE_PARENTHESIS.search(text, max(0, span.start - 80), span.start)
        latin = text[span.start : span.end]
        enclosed = " " in latin and latin.isascii() and text[span.end : span.end + 1] == ")"
        if before and enclosed and not any(s.start < before.end(1) and before.start(1) < s.end for s in out):
            out.append(RawSpan("ORG", before.start(1), before.end(1)))
    return out


_ARTICLE_IN = re.compile(
    r"(?<![\w-])(?:стать[еияюй]|материале|колонке|публикации|заметке)\s+"
    r"([А-ЯЁ][а-яё]+(?:\s+[а-яё]+){0,2})\s+(«[^«»\n]{1,120}»)"
)


def _publications_of_articles(text: str, spans: list[RawSpan]) -> list[RawSpan]:
    """«читайте в статье Частного корреспондента «Жара продолжается»»: the words between «статье» and the
    quoted title name the publication; the title is no organisation."""
    out = list(spans)
    for match in _ARTICLE_IN.finditer(text):
        title_start, title_end = match.span(2)
        out = [s for s in out if not (s.type == "ORG" and title_start <= s.start and s.end <= title_end)]
        if not any(s.start < match.end(1) and match.start(1) < s.end for s in out):
            out.append(RawSpan("ORG", *match.span(1)))
    return out


def _dictionary_organisations(spans: list[RawSpan], tokens: Sequence[Token], vocab: Any) -> list[RawSpan]:
    """A capitalised word the dictionary knows only as an organisation («Интерполу», «Роскосмоса») is one,
    where natasha tagged nothing."""
    out = list(spans)
    ordered = sorted((s.start, s.end) for s in spans)
    starts = [a for a, _ in ordered]
    for token in tokens:
        word = token.text
        if not (word[:1].isupper() and word[1:].islower() and word.isalpha() and len(word) > 3):
            continue
        index = bisect.bisect_right(starts, token.start) - 1
        if index >= 0 and ordered[index][1] > token.start:
            continue
        parses = vocab.parse(word.lower())
        if parses and all("Orgn" in p.tag for p in parses):
            out.append(RawSpan("ORG", token.start, token.end))
    return out


# abbreviations the tagger reads as organisations that name an operation, an exam, a tax, a sector or the
# media at large («участник СВО», «сдать ЕГЭ», «в сфере ЖКХ», «по данным СМИ»)
_NO_ORGANISATIONS = frozenset(
    ["СВО", "ЕГЭ", "ОГЭ", "ВВП", "НДС", "НДФЛ", "ЖКХ", "ДТП", "ЧС", "АПК", "ВПК", "ОПК", "НКО", "СМИ", "МСП"]
)


_NEXT_WORD = re.compile(r"\s+([а-яё]+)")
_NAMED_AFTER = re.compile(
    r"\sимени\s+(?:[а-яё]+\s+)?(?:(?:[А-ЯЁ]\.\s?){1,2}[А-ЯЁ][а-яё-]+|[А-ЯЁ][а-яё]+\s+[А-ЯЁ][а-яё-]+)(?=\s+[А-ЯЁ])"
)
_PLACE_NOUNS = (
    "территори", "остров", "район", "край", "края", "краю", "крае", "област", "мор", "океан", "залив", "озер",
    "рек", "гор", "полуостров", "округ", "пролив", "пустын", "равнин", "долин", "побереж", "стран", "город",
    "республик",
)  # fmt: skip


def _attribute_of_next_noun(text: str, span: RawSpan, vocab: Any) -> bool:
    """A capitalised word the dictionary knows only as an adjective, before a lower-case noun."""
    word = text[span.start : span.end].lower()
    following = _NEXT_WORD.match(text, span.end)
    if following is None or not vocab.word_is_known(word):
        return False
    readings = vocab.parse(word)
    noun = following.group(1)
    if noun.startswith(_PLACE_NOUNS):
        return False  # «Северными территориями», «Курильские острова»: the place's own noun
    return all(p.tag.POS == "ADJF" for p in readings) and any(p.tag.POS == "NOUN" for p in vocab.parse(noun))


def _filter(text: str, span: RawSpan, analysis: Analysis, vocab: Any) -> list[RawSpan]:
    piece = text[span.start : span.end]
    if span.type == "PER" and "," in piece:
        # «Сёмин (Овечкин, Фёдоров)»: the tagger ran two people together; a name holds no comma
        found: list[RawSpan] = []
        at = span.start
        for part in piece.split(","):
            start, end = at + len(part) - len(part.lstrip()), at + len(part.rstrip())
            if end > start:
                found.extend(_filter(text, RawSpan("PER", start, end), analysis, vocab))
            at += len(part) + 1
        return found
    if not any(ch.isupper() or ch.isdigit() for ch in piece) and not re.search(r"[a-z]", piece):
        return []  # «большой тройки»: a Russian name has a capital letter somewhere
    if " " not in piece and piece[1:].islower() and function_word(piece, vocab):
        return []  # «Сегодня, 28 сентября, …»: a sentence's first adverb is no place
    if span.type == "LOC" and " " not in piece and _attribute_of_next_noun(text, span, vocab):
        return []  # «Промышленному кластеру электроники … быть!»: an adjective of the noun after it
    if span.type == "LOC":
        # «США по патентам и товарным знакам»: a place name does not go on with lower-case words
        words = list(re.finditer(r"\S+", piece))
        cut = next((w for w in words[1:] if w.group() in _FUNCTION_WORDS), None)
        if cut is not None:
            span = RawSpan("LOC", *_rstrip(text, span.start, span.start + cut.start()))
            piece = text[span.start : span.end]
        if " " not in piece and _is_org_word(piece, vocab):
            return [RawSpan("ORG", span.start, span.end)]
    if span.type == "ORG" and _CHANNEL.fullmatch(piece):
        return []  # «в своем Telegram-канале»: a channel, not an organisation
    if span.type == "ORG" and (named := _NAMED_AFTER.search(piece)) is not None:
        after = piece[named.end() :]
        first = after.split()[0].lower() if after.split() else ""
        if len(after.split()) >= 2 and any("Name" in p.tag for p in vocab.parse(first)):
            # «ректора Тамбовского госуниверситета имени Г.Р. Державина | Павла Моисеева»: the tagger ran the
            # next person into the name the organisation bears
            start = span.start + named.end() + len(after) - len(after.lstrip())
            return [RawSpan("ORG", span.start, span.start + named.end()), RawSpan("PER", start, span.end)]
    if span.type == "ORG" and " " in piece:
        *rest, last = piece.split()
        if last.islower() and any(
            p.normal_form in TITLE_WORDS and {"sing", "ablt"} <= p.tag.grammemes
            for p in vocab.parse(last)[:1]
        ):
            # «избрали Травникова мэром»: the tagger ran a name into the title after it (instrumental)
            end = span.start + len(" ".join(rest))
            one_name = len(rest) == 1 and rest[0][:1].isupper()
            if one_name and _person_word(rest[0], vocab, text, span, analysis):
                return [RawSpan("PER", span.start, end)]
            return [RawSpan("ORG", span.start, end)]
    if span.type == "ORG" and _dateline(text, span) and _is_geo(piece.lower(), vocab):
        return [RawSpan("LOC", span.start, span.end)]  # «ТОМСК, 5 дек – РИА Томск.»: the place of a dateline
    if span.type == "ORG":
        parts = _DASH_SPLIT.split(piece)
        if len(parts) == 2 and all(_is_geo(p, vocab) for p in parts):
            second = span.start + piece.rfind(parts[1])
            return [RawSpan("LOC", span.start, span.start + len(parts[0])), RawSpan("LOC", second, span.end)]
        if " " not in piece and (is_generic_org(piece, vocab) or piece in _NO_ORGANISATIONS):
            return []
        if " " not in piece and common_word_opening(text, span, piece, vocab):
            return []
    if span.type == "PER" and " " not in piece and not _person_word(piece, vocab, text, span, analysis):
        # an unknown capitalised word that is no name is a brand («На Сибмедиа отвечаю…»), a known one is not
        if piece.isalpha() and not vocab.word_is_known(piece.lower()) and not _sentence_initial(text, span):
            return [RawSpan("ORG", span.start, span.end)]
        return []
    return [span]


_FUNCTION_WORDS = frozenset(
    ["по", "и", "в", "во", "для", "с", "со", "от", "к", "ко", "о", "об", "при", "над", "под", "из", "за"]
)


def _rstrip(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# «ТОМСК, 5 дек –», «МОСКВА, 12 марта.»: a news agency's dateline
_DATELINE_AFTER = re.compile(r",\s*\d{1,2}\s+[а-яё]{3}")


_CHANNEL = re.compile(r"[\w.]+-(?:канал|чат|бот|аккаунт|блог|паблик)\w{0,3}", re.IGNORECASE)


def _dateline(text: str, span: RawSpan) -> bool:
    """A place written in capitals at the start of a line, before a comma and a date."""
    piece = text[span.start : span.end]
    line_start = text.rfind("\n", 0, span.start) + 1
    return (
        len(piece) > 3
        and piece.isupper()
        and not text[line_start : span.start].strip()
        and _DATELINE_AFTER.match(text, span.end) is not None
    )


def _sentence_initial(text: str, span: RawSpan) -> bool:
    before = text[: span.start].rstrip(' «"')
    return not before or before[-1] in ".!?\n"


def common_word_opening(text: str, span: RawSpan, word: str, vocab: Any) -> bool:
    """«Почта, которая объединит…», «Воскресное заседание…»: a sentence-initial common noun or adjective, not
    capitalised elsewhere, is no name."""
    if not word.isalpha() or word.isupper() or not _sentence_initial(text, span):
        return False
    lowered = word.lower()
    if not vocab.word_is_known(lowered):
        return False
    parses = vocab.parse(lowered)
    if not parses or parses[0].tag.POS not in ("NOUN", "ADJF"):
        return False
    if any(tag in p.tag for p in parses for tag in ("Orgn", "Abbr", "Geox", "Name", "Surn", "Patr")):
        return False
    for match in re.finditer(r"(?<!\w)" + re.escape(word) + r"(?!\w)", text):
        other = RawSpan("ORG", match.start(), match.end())
        if other.start != span.start and not _sentence_initial(text, other):
            return False
    return True


def _is_org_word(word: str, vocab: Any) -> bool:
    """«Еврокомиссия» is an organisation in the dictionary and never a place."""
    parses = vocab.parse(word.lower())
    return any("Orgn" in p.tag for p in parses) and not any("Geox" in p.tag for p in parses)


def _is_geo(word: str, vocab: Any) -> bool:
    return word.isalpha() and any("Geox" in p.tag for p in vocab.parse(word.lower()))


def _person_word(word: str, vocab: Any, text: str, span: RawSpan, analysis: Analysis) -> bool:
    """A one-word person needs a name-like reading; «Стекло» or «Сибмедиа» are not people."""
    parses = vocab.parse(word.lower())
    if any(any(tag in p.tag for tag in _NAME_PARSE_TAGS) for p in parses):
        return True
    # a surname seen in a longer person span elsewhere in the text is still a person, in any case form
    # («Бандере» after «Степана Бандеры»)
    stem = _surname_stem(word)
    for other in analysis.spans:
        if other.type != "PER" or other.end - other.start <= len(word):
            continue
        piece = text[other.start : other.end]
        if word in piece or (len(stem) >= 4 and stem in {_surname_stem(w) for w in piece.split()[1:]}):
            return True
    return False


_SURNAME_ENDING = re.compile(r"(?:ою|ой|ом|ым|а|у|е|ы)$")


def _surname_stem(word: str) -> str:
    return _SURNAME_ENDING.sub("", word)


def _propagate(text: str, spans: list[RawSpan], tokens: Sequence[Token]) -> list[RawSpan]:
    """Tag other occurrences of an organisation or place already found in the same text."""
    starts = {t.start for t in tokens}
    ends = {t.end for t in tokens}
    known: dict[str, str] = {}
    for span in spans:
        if span.type == "PER":
            continue
        piece = text[span.start : span.end]
        stem = abbreviation_stem(piece)
        if stem:
            piece = stem
        if len(piece) >= 3 and (is_abbreviation(piece) or " " in piece or span.type == "ORG"):
            known.setdefault(piece, span.type)
    # a surname seen in a full name: natasha misses it alone when it is also a common noun («Адвоката»)
    surnames = {
        text[span.start : span.end].split()[-1]
        for span in spans
        if span.type == "PER" and " " in text[span.start : span.end]
    }
    full_names = {
        text[span.start : span.end]: "PER"
        for span in spans
        if span.type == "PER" and " " in text[span.start : span.end]
    }
    person_patterns = full_names | {
        s: "PER" for s in surnames if len(s) >= 4 and s[:1].isupper() and s[1:].islower() and s.isalpha()
    }
    out = list(spans)
    for surface, kind in [*known.items(), *person_patterns.items()]:
        if is_abbreviation(surface):
            endings = _ABBREVIATION_ENDINGS
        elif kind == "PER" and " " not in surface:
            endings = _SURNAME_ENDINGS
        else:
            endings = ()  # a name of several words is found as written
        for start, end in _occurrences(text, surface, endings):
            if start not in starts or end not in ends:
                continue
            if any(s.start < end and start < s.end for s in out):
                continue
            out.append(RawSpan(kind, start, end))
    return out


# case endings a repeated mention may carry, in the order they are tried
_ABBREVIATION_ENDINGS: tuple[str, ...] = ("а", "у", "ом", "е", "ой", "ы", "ов", "ам", "ами", "ах")
_SURNAME_ENDINGS: tuple[str, ...] = ("а", "у", "ом", "е", "ым", "ой", "ы", "ою")


def _occurrences(text: str, surface: str, endings: Sequence[str]) -> Iterator[tuple[int, int]]:
    """Non-overlapping occurrences of `surface`, each with the first of `endings` that follows it, if any:
    what ``re.finditer(re.escape(surface) + "(?:а|у|…)?", text)`` finds, without compiling a pattern per
    name (that was a tenth of the entity stage)."""
    position = text.find(surface)
    while position != -1:
        end = position + len(surface)
        for ending in endings:
            if text.startswith(ending, end):
                end += len(ending)
                break
        yield position, end
        position = text.find(surface, end)


def nested_in_names(
    text: str,
    spans: list[RawSpan],
    inner: Sequence[RawSpan],
    tokens: Sequence[Token],
    vocab: Any,
    own_names: Collection[tuple[int, int]] = (),
) -> list[RawSpan]:
    """«Голос Америки», «Совета при Президенте РФ по развитию …», «Единая Россия», «Театра им. Йозефа Бойса»:
    a place or a person inside an organisation's name is one too, nested in the organisation's span (the
    graders mark both).

    `inner` are places and people found earlier in the pipeline (natasha's or a rule's) that an organisation
    swallowed; a capitalised word the dictionary knows as a place first («Америки», «РФ») is a place too. Only
    a span strictly inside one organisation, beside a word of it and crossing no other span is added; these
    are the only spans that nest. `own_names` are ranges that are an organisation's own name, never a place
    (a club named after its region).
    """
    orgs = [s for s in spans if s.type == "ORG"]
    if not orgs:
        return spans
    taken = {(s.start, s.end) for s in spans}
    found: dict[tuple[int, int], RawSpan] = {}
    candidates = [RawSpan(p.type, p.start, p.end) for p in inner]
    starts = [t.start for t in tokens]
    for org in orgs:
        index = bisect.bisect_left(starts, org.start)
        while index < len(tokens) and tokens[index].end <= org.end:
            if _place_word(tokens[index].text, vocab):
                candidates.append(RawSpan("LOC", tokens[index].start, tokens[index].end))
            index += 1
    for place in candidates:
        key = (place.start, place.end)
        if key in taken or key in found or key in own_names:
            continue
        piece = text[place.start : place.end]
        if is_abbreviation(piece) and piece not in PLACE_ABBREVIATIONS:
            continue  # «Комиссия ЕС»: an abbreviation that is no place's own is an organisation of its own
        quoted = text[place.start - 1 : place.start], text[place.end : place.end + 1]
        if quoted[0] in _OPENING_QUOTES and quoted[1] in _CLOSING_QUOTES:
            continue  # «Мастерская управления «Сенеж»»: a whole quoted name is the organisation's own name
        outer = [
            o for o in orgs if o.start <= place.start and place.end <= o.end and _words_around(text, o, place)
        ]
        if not outer:
            continue
        crossed = [s for s in spans if s.start < place.end and place.start < s.end and s not in outer]
        if not crossed:
            found[key] = place
    # a place inside another nested place («Южной Кореи» and «Кореи») is one place: the longer is kept
    nested = [
        p
        for p in found.values()
        if not any(q is not p and q.start <= p.start and p.end <= q.end for q in found.values())
    ]
    return [*spans, *nested]


def _words_around(text: str, outer: RawSpan, inner: RawSpan) -> bool:
    """Whether the outer span has a word of its own beside the inner one (not only quotes or spaces)."""
    return bool(_WORD.search(text, outer.start, inner.start) or _WORD.search(text, inner.end, outer.end))


_WORD = re.compile(r"\w")


def _place_word(word: str, vocab: Any) -> bool:
    """«Америки», «Европе», «РФ»: a capitalised word read as a place by its most likely parse."""
    if word in PLACE_ABBREVIATIONS:
        return True
    if not (word[:1].isupper() and word[1:].islower() and word.isalpha()):
        return False
    parses = vocab.parse(word.lower())
    return bool(parses) and parses[0].tag.POS == "NOUN" and "Geox" in parses[0].tag


def outermost(entities: Sequence[Entity]) -> list[Entity]:
    """The entities no other entity contains: what the stages reading entities side by side see (a place
    nested in an organisation's name is no party of its own to a post, an event or a risk)."""
    return [
        e
        for e in entities
        if not any(
            o is not e and o.start <= e.start and e.end <= o.end and (o.start, o.end) != (e.start, e.end)
            for o in entities
        )
    ]


def _snap(spans: list[RawSpan], tokens: Sequence[Token]) -> list[RawSpan]:
    """Drop spans that do not cover at least one token and remove overlaps (longer span wins)."""
    result: list[RawSpan] = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if span.end <= span.start:
            continue
        if any(s.start < span.end and span.start < s.end for s in result):
            continue
        result.append(span)
    del tokens
    return result


def span_tokens(tokens: Sequence[Token], starts: Sequence[int], span: RawSpan) -> list[Token]:
    """Tokens inside a span (a token cut by the span boundary is clipped to it)."""
    index = bisect.bisect_right(starts, span.start) - 1
    index = max(index, 0)
    out: list[Token] = []
    while index < len(tokens) and tokens[index].start < span.end:
        token = tokens[index]
        if token.end > span.start:
            if token.start < span.start or token.end > span.end:
                start, end = max(token.start, span.start), min(token.end, span.end)
                token = Token(
                    start,
                    end,
                    token.text[start - token.start : end - token.start],
                    token.pos,
                    token.feats,
                    token.sentence,
                )
            out.append(token)
        index += 1
    return out


def find_entities(analysis: Analysis, vocab: Any, extra: Iterable[RawSpan] = ()) -> list[Entity]:
    """Entities of a text with normal forms (links are added later by the linking stage)."""
    text = analysis.text
    tokens = analysis.tokens
    starts = [t.start for t in tokens]
    entities: list[Entity] = []
    unfiled: dict[int, str] = {}  # an organisation's own normal form where the reference list filed another
    for span in find_spans(analysis, vocab, extra):
        toks = span_tokens(tokens, starts, span)
        if not toks:
            continue
        if span.norm is not None:
            toks = span_tokens(tokens, starts, RawSpan(span.type, *span.norm)) or toks
        normal = normalize_span(span.type, toks, text, vocab)
        if span.type == "ORG":
            # the list's name for the normal form, or for the words as written (a one-word name the
            # normaliser turned into another word: «Минцифры» -> «Минцифра»)
            surface = text[span.start : span.end]
            # (not when the normal form runs on past the span: «Дума | Томска» is no State Duma)
            one_word = " " not in surface and span.norm is None
            local = _OF_A_PLACE.match(text, span.end) if one_word else None
            if local is not None and is_generic_org(surface.lower(), vocab):
                # «собрания Думы города»: a body of a place not named is that place's, not the State Duma
                normal, filed = f"{normal} {local.group(1)}", None
            else:
                filed = filed_name(normal) or (filed_name(surface) if one_word else None)
                filed = filed or filed_generic(surface)
            unfiled[span.start] = normal[:1].upper() + normal[1:]
            normal = filed or unfiled[span.start]
        if span.type == "PER":
            normal = _INITIAL.sub(r"\1. ", normal)  # «А.Стуканов» and «А. Стуканова» are one «А. Стуканов»
        if span.type == "LOC" and _dateline(text, span):
            normal = " ".join(word[:1].upper() + word[1:].lower() for word in normal.split())
        entities.append(Entity(span.type, span.start, span.end, text[span.start : span.end], normal))  # type: ignore[arg-type]
    entities = regional_bodies_of_the_text(entities, unfiled)
    return one_name_per_person(_consistent_normals(entities), vocab)


_INITIAL = re.compile(r"(?<!\w)([А-ЯЁA-Z])\.(?=[А-ЯЁA-Z])")
_OF_A_PLACE = re.compile(r"\s+(города|района|округа|муниципалитета|поселка|посёлка|села)(?![\w-])")


def _normal_key(entity: Entity) -> tuple[str, ...]:
    words = entity.normal.lower().split()
    return (entity.type, *(_ENDING.sub("", w) if len(w) > 4 else w for w in words))


_ENDING = re.compile(r"[аеёиоуыэюяйь]{1,2}$")


def _consistent_normals(entities: list[Entity]) -> list[Entity]:
    """One spelling per name in a document: «Большим театром» follows «Большого театра» -> «Большой театр».

    Dictionary ties (больший / большой) can give one name two normal forms; a form that is written as a
    mention of its own (nominative «Тоттенхэм» beside a guessed «Тоттенхэме» -> «Тоттенхэма») wins, then the
    most frequent one.
    """
    counts: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    written: set[tuple[str, str]] = set()
    for entity in entities:
        counts[_normal_key(entity)][entity.normal] += 1
        if entity.text == entity.normal:
            written.add((entity.type, entity.normal))
    # one-word organisations written as mentions of their own, by their lower-case spelling
    nominative = {n.lower(): n for t, n in sorted(written) if t == "ORG" and " " not in n}
    out: list[Entity] = []
    for entity in entities:
        variants = counts[_normal_key(entity)]
        best = max(
            variants,
            key=lambda n: ((entity.type, n) in written, variants[n], -list(variants).index(n)),
        )
        if entity.type == "ORG" and " " not in best:
            # a quoted one-word name keeps its case form («открыт «Микраном»»); the text's own mention of
            # it without the case ending («Микран») is its normal form
            stems = sorted(word_stems(best) - {best.lower()})
            best = next((nominative[s] for s in stems if s in nominative), best)
        out.append(entity if best == entity.normal else replace(entity, normal=best))
    return out

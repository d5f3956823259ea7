"""Where an organisation's name goes on after natasha's span (issue 10, ORG recall).

A pure stage over `RawSpan`s and natasha's tokens: a council, committee, commission… goes on with «при …»,
«по …» and «против …» («комитетом ООН против пыток», «совета при главном архитекторе Москвы»). A place that
closes such a name stays a place of its own and joins the normal form only; a place inside it («Совета
при Президенте РФ по развитию …», also one split off before as a jurisdiction) is swallowed, and
`ner.nested_in_names` nests it again as a place inside the organisation's span. «по» that opens an adverbial
(«по итогам», «по словам») is no field of a body.
A convocation is part of the name («Госдумы седьмого созыва»).
Capitalised words whose initials spell the abbreviation in parentheses after them («Хмельницкой атомной
электростанции (ХАЭС)») name an organisation, and so does the abbreviation, where nothing else was found
there (not a region: «(ХМАО)»). Figures: docs/BENCHMARKS.md (lane h10p).
A name natasha cut short inside quotes goes on to the closing quote when only a few words without a verb
are left («Координационный совет пострадавших соинвесторов»), and it ends before a finite verb natasha ran
on into («Агенство Франс Пресс сообщает», «Газпром будет поставлять газ»; lane h10r).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import Any

from clusterdesk.news.full_names import joined_when
from clusterdesk.news.nlp import Token
from clusterdesk.news.orgs import RawSpan

__all__ = [
    "before_a_verb",
    "defined_abbreviations",
    "extended_bodies",
    "joined_abbreviations",
    "named_after_people",
    "to_closing_quote",
]

# bodies whose name goes on with «при …» / «по …» / «против …»
_COUNCILS = frozenset(
    [
        "совет",
        "комитет",
        "комиссия",
        "подкомитет",
        "подкомиссия",
        "палата",
        "сборная",
        "федерация",
        "ассоциация",
        "агентство",
        "служба",
        "управление",
        "департамент",
        "министерство",
        "центр",
        "фонд",
        "союз",
        "совещание",
        "штаб",
        "суд",
        "трибунал",
        "инспекция",
        "надзор",
        "бюро",
        "группа",
    ]
)
# «по итогам», «по словам»: «по» that starts an adverbial, not the field of a body
_NOT_A_FIELD = frozenset(
    [
        "итог",
        "слово",
        "данные",
        "мнение",
        "оценка",
        "случай",
        "повод",
        "причина",
        "отношение",
        "сравнение",
        "результат",
        "просьба",
        "приглашение",
        "инициатива",
        "требование",
        "решение",
        "прогноз",
        "состояние",
        "информация",
        "сообщение",
        "телефон",
        "телевидение",
        "радио",
        "время",
        "ход",
        "путь",
        "окончание",
        "завершение",
        "факт",
        "поручение",
        "указание",
        "приказ",
        "распоряжение",
        "вопрос",
        "традиция",
        "мере",
        "мера",
        "сути",
        "суть",
        "крайней",
        "всей",
        "всему",
        "словам",
        "видимому",
        "видимо",
        "возможность",
        "адрес",
        "линия",
        "месту",
        "место",
        "сей",
        "сию",
        "просьбе",
        "данным",
    ]
)
_CONVOCATION = re.compile(r" (?:\d{1,3}(?:-?го)?|[а-яё]+(?:ого|его)) созыва(?![\w-])")
_LINKS = {"при": ("Loct", "Loc"), "по": ("Datv", "Dat"), "против": ("Gent", "Gen")}


def _lemma(word: str, vocab: Any) -> str:
    parses = vocab.parse(word.lower())
    return parses[0].normal_form.replace("ё", "е") if parses else word.lower()


def _head(text: str, span: RawSpan, tokens: Sequence[Token], vocab: Any) -> str | None:
    """The lemma of the span's first noun (natasha tags a capitalised one as a proper noun), or None."""
    for token in tokens:
        if span.start <= token.start and token.end <= span.end and token.pos in ("NOUN", "PROPN"):
            return _lemma(token.text, vocab)
    return None


def _tail(text: str, tokens: Sequence[Token], at: int, spans: Sequence[RawSpan], vocab: Any) -> int:
    """The end of «при главном архитекторе Москвы» / «по развитию информационного общества» starting at token
    `at` (the linking word), or -1 when none follows."""
    link = tokens[at].text.lower()
    if link not in _LINKS or at + 1 >= len(tokens):
        return -1
    case = _LINKS[link][1]
    i, end, seen_noun = at + 1, -1, False
    while i < len(tokens) and i - at <= 6:
        token = tokens[i]
        word = token.text
        if token.sentence != tokens[at].sentence or text[tokens[i - 1].end : token.start] not in (" ",):
            break
        if word[:1].isupper() or word.isupper():
            # a place or an abbreviation in the genitive closes the name («архитекторе Москвы», «ООН»)
            place = next((s for s in spans if s.start == token.start and s.type in ("LOC", "ORG")), None)
            if place is not None and seen_noun and place.end - place.start < 40:
                end = place.end
            elif link == "при" and not seen_noun and token.pos in ("NOUN", "PROPN"):
                end, seen_noun = token.end, True  # «при Президенте»
                i += 1
                continue
            break
        if token.pos == "ADJ":
            i += 1
            continue
        if token.pos == "NOUN":
            if not seen_noun and (
                token.feats.get("Case") != case or _lemma(word, vocab) in _NOT_A_FIELD or word in _NOT_A_FIELD
            ):
                return -1
            if seen_noun and token.feats.get("Case") not in ("Gen", case):
                break  # «… общества глава РФ»: a noun in another case starts the next phrase
            end, seen_noun = token.end, True
            i += 1
            continue
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        lower_word = following is not None and following.pos in ("NOUN", "ADJ") and following.text.islower()
        if word == "и" and seen_noun and lower_word:
            i += 1
            continue
        break
    return end


_LINK = re.compile(r" (?:при|по|против) ")


def _link_after(text: str, span: RawSpan, spans: Sequence[RawSpan]) -> int:
    """The token where «при» / «по» / «против» goes on with the name after `span` (-1: none): right after it,
    or after the place an earlier step split off («Совета при Президенте» + «РФ» + « по развитию …»)."""
    if _LINK.match(text, span.end):
        return span.end + 1
    place = next((s for s in spans if s.type == "LOC" and s.start == span.end + 1), None)
    if text[span.end : span.end + 1] == " " and place is not None and _LINK.match(text, place.end):
        return place.end + 1
    return -1


def extended_bodies(text: str, spans: list[RawSpan], tokens: Sequence[Token], vocab: Any) -> list[RawSpan]:
    """A council's name with its «при …», «по …» and «против …» parts (places inside it join the name)."""
    index = {t.start: n for n, t in enumerate(tokens)}
    out = sorted(spans, key=lambda s: s.start)
    changed = True
    while changed:
        changed = False
        for span in out:
            if span.type != "ORG" or text[span.end - 1] in '»")':
                continue
            convocation = _CONVOCATION.match(text, span.end)
            if convocation is not None:  # «Палаты представителей 112 созыва», «Госдумы седьмого созыва»
                grown = RawSpan(
                    "ORG", span.start, convocation.end(), span.norm and (span.norm[0], convocation.end())
                )
                out = sorted([s for s in out if s is not span] + [grown], key=lambda s: s.start)
                changed = True
                break
            head = _head(text, span, tokens, vocab)
            if head not in _COUNCILS:
                continue
            link = _link_after(text, span, out)
            if link < 0 or link not in index:
                continue
            end = _tail(text, tokens, index[link], out, vocab)
            if end < 0:
                continue
            inside = [s for s in out if s is not span and span.end <= s.start and s.end <= end]
            norm = None if span.norm is None else (span.norm[0], end)
            places = [s for s in inside if s.type == "LOC"]
            if places and places[-1].end == end:
                # «совета при главном архитекторе Москвы»: a place closing the name stays a place of its own,
                # the normal form is the full name with it
                inside.remove(places[-1])
                norm, end = (norm[0] if norm else span.start, end), places[-1].start - 1
            # a place inside the name («Совета при Президенте РФ по развитию …») is swallowed here and comes
            # back nested in the organisation's span (`ner.nested_in_names`)
            grown = RawSpan("ORG", span.start, end, norm)
            kept = [s for s in out if s is not span and s not in inside]
            out = sorted([*kept, grown], key=lambda s: s.start)
            changed = True
            break
    return out


_NAME_WORD = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
_NAMED_AFTER = re.compile(
    rf"(?<![\w-])(?:им\.|имени) ?((?:[А-ЯЁ]\. ?){{0,2}}{_NAME_WORD}(?: {_NAME_WORD}){{0,2}})"
)


_WORD_END = re.compile(r"\w(?=\W|$)")


def _crossed(spans: Sequence[RawSpan], org: RawSpan, end: int) -> bool:
    """Whether a span other than `org` reaches out of `org.start … end`."""
    return any(
        s is not org and s.start < end and org.start < s.end and (s.start < org.start or s.end > end)
        for s in spans
    )


def named_after_people(text: str, spans: list[RawSpan]) -> tuple[list[RawSpan], list[RawSpan]]:
    """«Театра им. Йозефа Бойса», «Университета имени М. В. Ломоносова»: an organisation named after a person
    goes on over the person's name, whatever an earlier step made of it (a PER, a town «Чехова»); returns the
    spans and the people, to be nested in the organisations by `ner.nested_in_names`."""
    out = sorted(spans, key=lambda s: s.start)
    people: list[RawSpan] = []
    for org in [s for s in out if s.type == "ORG"]:
        match = _NAMED_AFTER.search(text, org.start, min(len(text), org.end + 80))
        if match is None or not (org.start < match.start() <= org.end + 1):
            continue
        person = next((s for s in out if s.type == "PER" and s.start == match.start(1)), None)
        start = match.start(1)
        ends = (
            [person.end]
            if person is not None
            else [m.end() + start for m in _WORD_END.finditer(match.group(1))]
        )
        # the longest run of the name's words that crosses no span beyond it («… Пушкина» of «Музея имени
        # Александра Пушкина Иван Петров»)
        # and that takes in no person named after it («… имени А. С. Пушкина | Елизавета Лихачёва»)
        end = next(
            (
                e
                for e in reversed(ends)
                if not _crossed(out, org, e)
                and not any(p.type == "PER" and start < p.start and p.end <= e for p in out)
            ),
            -1,
        )
        if end < 0:
            continue
        if end <= org.end:
            people.append(RawSpan("PER", start, end))
            continue
        inside = [s for s in out if s is not org and s.start < end and org.start < s.end]
        norm = None if org.norm is None else (org.norm[0], max(org.norm[1], end))
        out = sorted(
            [*(s for s in out if s is not org and s not in inside), RawSpan("ORG", org.start, end, norm)],
            key=lambda s: s.start,
        )
        people.append(RawSpan("PER", start, end))
    return out, people


_ABBREVIATION = re.compile(r"\(([А-ЯЁ]{2,6})\)")
_SKIP_INITIALS = frozenset(["и", "по", "в", "во", "на", "для", "с", "со", "о", "об", "при", "к", "от", "из"])
_PLACE_NOUNS = frozenset(["область", "край", "округ", "республика", "район", "город", "штат", "провинция"])


def defined_abbreviations(
    text: str, spans: list[RawSpan], tokens: Sequence[Token], vocab: Any
) -> list[RawSpan]:
    """«Хмельницкой атомной электростанции (ХАЭС)»: words whose initials spell the abbreviation in
    parentheses after them name an organisation, and so does the abbreviation (where nothing was found)."""
    out = list(spans)
    ends = {t.end: n for n, t in enumerate(tokens)}
    for match in _ABBREVIATION.finditer(text):
        abbreviation = match.group(1)
        last = ends.get(match.start() - 1 if text[match.start() - 1] == " " else match.start())
        if last is None:
            continue
        name: tuple[int, int] | None = None
        for first in range(last - 1, max(-1, last - 8), -1):
            words = tokens[first : last + 1]
            if words[0].sentence != tokens[last].sentence or not all(
                w.text.replace("-", "").isalpha() for w in words
            ):
                break
            initials = "".join(w.text[0].upper() for w in words if w.text.lower() not in _SKIP_INITIALS)
            if words[0].text.lower() in _SKIP_INITIALS or initials[:1] != abbreviation[:1]:
                continue
            if not words[0].text[:1].isupper():
                continue  # «валовом внутреннем продукте (ВВП)»: a name starts with a capital letter
            if initials == abbreviation or (
                abbreviation.startswith(initials) and len(abbreviation) - len(initials) == 1
            ):
                name = (words[0].start, words[-1].end)
                break
        if name is None:
            continue
        lemmas = {_lemma(t.text, vocab) for t in tokens[first : last + 1]}
        if lemmas & _PLACE_NOUNS:
            continue
        abbr = (match.start(1), match.end(1))
        for start, end in (name, abbr):
            overlapping = [s for s in out if s.start < end and start < s.end]
            if not overlapping:
                out.append(RawSpan("ORG", start, end))
    return out


# words that may finish a quoted name: no finite verb, pronoun or adverb (a quoted sentence is no name)
_NAME_POS = frozenset(["NOUN", "PROPN", "ADJ", "ADP", "CCONJ", "NUM"])


def _name_word(token: Token) -> bool:
    return token.pos in _NAME_POS or token.feats.get("VerbForm") == "Part"  # «пострадавших соинвесторов»


# «… вузов | Госкорпорации «Росатом»»; the two closing quotes are often written as one
_QUOTED_TAIL = re.compile(r"(?: [\w-]+| «[\w -]+»){1,3}»|(?: [\w-]+){0,2} «[\w -]+»")


def to_closing_quote(text: str, spans: list[RawSpan], tokens: Sequence[Token]) -> list[RawSpan]:
    """«Координационный совет пострадавших соинвесторов»: an organisation natasha cut short right after an
    opening quote, or with a quote opened inside it, goes on to the closing quote over at most three more
    words of a noun phrase (an abbreviation there is part of the quoted name)."""
    by_start = {t.start: t for t in tokens}
    out = list(spans)
    for span in spans:
        written = text[span.start : span.end]
        # (or one whose quote opens inside it: «ФИЦ «Институт цитологии и генетики | СО РАН»»)
        opened = text[span.start - 1 : span.start] == "«" or written.count("«") > written.count("»")
        if span.type != "ORG" or not opened:
            continue
        tail = _QUOTED_TAIL.match(text, span.end)
        if tail is None:
            continue
        outer_closed = tail.group().count("»") > tail.group().count("«")
        end = tail.end() - (1 if text[span.start - 1 : span.start] == "«" and outer_closed else 0)
        words = [by_start.get(span.end + m.start()) for m in re.finditer(r"[\w-]+", text[span.end : end])]
        if not words or any(t is None or not _name_word(t) for t in words):
            continue
        inside = [s for s in out if s is not span and span.end <= s.start and s.end <= end]
        if any(s.start < end and span.end < s.end and s not in inside for s in out if s is not span):
            continue
        out = [s for s in out if s is not span and s not in inside]
        out.append(RawSpan("ORG", span.start, end, None if span.norm is None else (span.norm[0], end)))
    return out


def before_a_verb(text: str, spans: list[RawSpan], tokens: Sequence[Token]) -> list[RawSpan]:
    """«Франс Пресс сообщает», «Газпром будет поставлять газ»: an organisation's name has no finite verb; the
    span ends before the first one (and is dropped if nothing is left before it)."""
    starts = [t.start for t in tokens]
    out: list[RawSpan] = []
    for span in spans:
        first = bisect.bisect_left(starts, span.start)
        verb = _first_verb(tokens, first, span) if span.type == "ORG" else None
        if verb is None:
            out.append(span)
            continue
        end = len(text[:verb].rstrip(' «"'))
        if end > span.start:
            out.append(RawSpan("ORG", span.start, end))
    return out


def _first_verb(tokens: Sequence[Token], index: int, span: RawSpan) -> int | None:
    """The start of the first finite verb after the span's first word, outside quotes: a quoted name may hold
    one («Благотворительный фонд «Подари жизнь»», ООО «Строим будущее»)."""
    depth = 0
    while index < len(tokens) and tokens[index].end <= span.end:
        token = tokens[index]
        if token.text in ("«", "„"):
            depth += 1
        elif token.text in ("»", "“") and depth:
            depth -= 1
        elif (
            not depth
            and token.start > span.start
            and (token.feats.get("VerbForm") == "Fin" or token.pos == "AUX")
        ):
            return token.start
        index += 1
    return None


_ABBREVIATION_WORD = re.compile(r"[А-ЯЁA-Z]{2,}")


def joined_abbreviations(text: str, spans: list[RawSpan]) -> list[RawSpan]:
    """«СО» + «РАН», «УрО» + «РАН»: abbreviations natasha split that stand one space apart are one name."""
    return joined_when(
        text,
        spans,
        lambda last, span: bool(
            _ABBREVIATION_WORD.fullmatch(text, last.start, last.end)
            and _ABBREVIATION_WORD.fullmatch(text, span.start, span.end)
        ),
    )

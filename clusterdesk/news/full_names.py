"""The full name a reader files for an organisation: the range of text its normal form is read from.

The span holds the name as the graders mark it; the normal form may run on past it — to the noun and
genitive tail natasha cut off («Томскому» + «техникуму информационных технологий»), to the place of a body
(«Думы города Томска», «Администрации Томской области»), to the person it is named after («… имени …» +
«Б. Н. Ельцина»).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Sequence
from typing import Any

from clusterdesk.news.nlp import Token
from clusterdesk.news.normalize import UD_TO_OC_CASE, agrees_like_adjective
from clusterdesk.news.orgs import RawSpan

# a place that is part of the name itself
WHOLE_NAMES = re.compile(r"^(?:(?:банк|почт|сбербанк|опор|делов|един)\w* росси\w*|совет\w* федерации)$")


def joined_adjectives(
    text: str, spans: Sequence[RawSpan], tokens: Sequence[Token], vocab: Any
) -> list[RawSpan]:
    """«Национального исследовательского» + «Томского государственного университета»: a run of capitalised
    adjectives tagged as a name of its own right before a name they agree with is one name with it; so is a
    part named right before its organisation («Сибирское отделение» + «Российской академии наук»)."""
    return joined_when(
        text,
        spans,
        lambda last, span: (
            _agreeing_adjectives(tokens, last, span, vocab) or _part_of(tokens, last, span, vocab)
        ),
    )


def joined_when(
    text: str, spans: Sequence[RawSpan], belong: Callable[[RawSpan, RawSpan], bool]
) -> list[RawSpan]:
    """Two organisations one space apart that ``belong`` together are one name (the first one's normal form
    not run on elsewhere); the joined span's normal form runs as far as the second one's did."""
    ordered = sorted(spans, key=lambda s: (s.start, s.end))
    out: list[RawSpan] = []
    for span in ordered:
        last = out[-1] if out else None
        if (
            last is not None
            and last.type == span.type == "ORG"
            and last.norm is None
            and text[last.end : span.start] == " "
            and belong(last, span)
        ):
            norm = (last.start, span.norm_range[1]) if span.norm is not None else None
            out[-1] = RawSpan("ORG", last.start, span.end, norm)
            continue
        out.append(span)
    return out


def _agreeing_adjectives(tokens: Sequence[Token], first: RawSpan, second: RawSpan, vocab: Any) -> bool:
    words = [t for t in tokens if first.start <= t.start and t.end <= first.end]
    following = next((t for t in tokens if t.start == second.start), None)
    if not words or following is None or not words[0].text[:1].isupper():
        return False
    if not all(agrees_like_adjective(t, vocab) and t.pos == "ADJ" for t in words):
        return False
    case = words[-1].feats.get("Case")
    return case is not None and _in_case(following, case, vocab)


# parts of an organisation named before it in full («Сибирское отделение Российской академии наук»)
_PARTS = frozenset(
    [
        "отделение",
        "филиал",
        "библиотека",
        "факультет",
        "кафедра",
        "лаборатория",
        "отдел",
        "представительство",
        "совет",
        "комитет",
        "комиссия",
    ]
)


def _part_of(tokens: Sequence[Token], first: RawSpan, second: RawSpan, vocab: Any) -> bool:
    """«Научная библиотека» + «Томского государственного университета»: a part named by a capitalised name
    that ends with its noun, right before the organisation's name in the genitive."""
    words = [t for t in tokens if first.start <= t.start and t.end <= first.end]
    following = next((t for t in tokens if t.start == second.start), None)
    if not words or following is None or not words[0].text[:1].isupper() or not words[-1].text.islower():
        return False
    if following.feats.get("Case") != "Gen" or not following.text[:1].isupper():
        return False
    return any(p.tag.POS == "NOUN" and p.normal_form in _PARTS for p in vocab.parse(words[-1].text)[:1])


def with_noun_phrase(
    text: str, spans: Sequence[RawSpan], tokens: Sequence[Token], vocab: Any
) -> list[RawSpan]:
    """«Томскому | техникуму информационных технологий», «Институту химии | нефти»: a name cut after an
    adjective is completed, for its normal form only, with the agreeing words and the noun after it and that
    noun's genitive tail; a name cut inside its genitive tail, with the rest of the tail. The span stays."""
    taken = sorted((s.start, s.end) for s in spans)
    starts = [t.start for t in tokens]
    out: list[RawSpan] = []
    for span in spans:
        if span.type != "ORG" or span.norm is not None or text[span.end - 1] in '»")':
            out.append(span)
            continue
        index = bisect.bisect_left(starts, span.end) - 1
        end = None
        if index >= 0 and tokens[index].end == span.end:
            end = _phrase_end(tokens, index, span.start, taken, vocab)
        out.append(span if end is None else RawSpan("ORG", span.start, span.end, (span.start, end)))
    return out


_PLACE_KINDS = frozenset(
    ["области", "края", "района", "округа", "республики", "города", "поселка", "посёлка"]
)


def _phrase_end(
    tokens: Sequence[Token], last: int, start: int, taken: Sequence[tuple[int, int]], vocab: Any
) -> int | None:
    """End of the noun an adjective at `last` agrees with and of its genitive tail, or of the rest of the
    genitive tail a lower-case noun at `last` («химии») has begun."""
    word = tokens[last]
    case = word.feats.get("Case")

    def free(token: Token) -> bool:
        return token.sentence == word.sentence and not any(
            a < token.end and token.start < b for a, b in taken
        )

    if word.pos == "NOUN" and word.text.islower() and word.start > start:
        if word.text in _PLACE_KINDS and last > 0 and tokens[last - 1].text[:1].isupper():
            return None  # «администрации Томской области | и вузов»: a place closes the name
        if (
            last + 1 < len(tokens)
            and tokens[last + 1].text == "и"
            and not any(t.pos == "NOUN" and start <= t.start for t in tokens[max(0, last - 8) : last])
        ):
            # «Большого томского университета | и создания …», «Вооруженных сил | и предприятий …»: the
            # noun closing the name is its head, so «и» joins a word of the sentence, not of the name
            # (a genitive word after the head is what «и» goes on: «Института химии | и материаловедения»)
            return None
        end = _genitive_tail(tokens, last + 1, free, vocab)
        return end if end > word.end else None
    if not agrees_like_adjective(word, vocab):
        return None
    i = last + 1
    while i < len(tokens) and free(tokens[i]):
        if tokens[i].text == "и" and i + 1 < len(tokens) and agrees_like_adjective(tokens[i + 1], vocab):
            i += 1  # «телевизионной | и радиовещательной компании»
        elif not agrees_like_adjective(tokens[i], vocab):
            break
        if not _in_case(tokens[i], case, vocab):
            return None
        i += 1
    if (
        i >= len(tokens)
        or not free(tokens[i])
        or tokens[i].pos != "NOUN"
        or not _in_case(tokens[i], case, vocab)
    ):
        return None
    return max(tokens[i].end, _genitive_tail(tokens, i + 1, free, vocab))


def _in_case(token: Token, case: str | None, vocab: Any) -> bool:
    """The tagger's case, or one the dictionary allows («диспансеру» read as a genitive); any, when the
    adjective has none."""
    if case is None or token.feats.get("Case") == case:
        return True
    wanted = UD_TO_OC_CASE.get(case)
    return any(p.tag.case == wanted for p in vocab.parse(token.text.lower()))


# nouns that point at a place or a time already named, not part of a name («министерства финансов страны»)
_DEICTIC = frozenset(["страна", "регион", "город", "область", "край", "район", "государство", "год", "мир"])


def _genitive_tail(tokens: Sequence[Token], i: int, free: Callable[[Token], bool], vocab: Any) -> int:
    """End of the lower-case genitive words from `i` on («информационных технологий», «и материаловедения»),
    ending with a noun; -1 when there are none."""
    end = -1
    while i < len(tokens) and free(tokens[i]):
        token = tokens[i]
        joins = token.text == "и" and i + 1 < len(tokens) and tokens[i + 1].feats.get("Case") == "Gen"
        if not joins and not (
            token.pos in ("NOUN", "ADJ") and token.feats.get("Case") == "Gen" and token.text.islower()
        ):
            break
        if token.pos == "NOUN":
            if any(p.normal_form in _DEICTIC for p in vocab.parse(token.text.lower())[:1]):
                break
            end = token.end  # the tail ends with a noun
        i += 1
    return end


# «Думы города Томска», «Советского районного суда г. Томска», «Управления Росреестра по Томской области»: a
# place word between a body and its place
_PLACE_LINK = re.compile(r" (?:(?:по|города|г\.|района|округа|посёлка|поселка|села) ?)?")


_RUSSIA = re.compile(r"росси|рф$|российск")


def with_place_after(text: str, spans: Sequence[RawSpan], vocab: Any) -> list[RawSpan]:
    """A body's normal form runs on to the place that follows it: «Дума города Томска» (not the State Duma),
    «Почта России»; the spans stay as they are (the place is a LOC of its own)."""
    ordered = sorted(spans, key=lambda s: (s.start, s.end))
    out = list(ordered)
    for index, (org, place) in enumerate(itertools.pairwise(ordered)):
        if org.type != "ORG" or place.type != "LOC" or org.norm is not None or text[org.end - 1] in '»")':
            continue
        link = _PLACE_LINK.fullmatch(text, org.end, place.start)
        if link is None:
            continue
        whole = text[org.start : place.end]
        folded = whole.lower().replace("ё", "е")
        words = text[org.start : org.end].split()
        # the place word may end the span itself («Администрацию города | Томска»)
        linked = link.end() - link.start() > 1 or (len(words) > 1 and _PLACE_LINK.fullmatch(f" {words[-1]} "))
        # «Дума Томска»: a body without a name of its own is the place's (not the State Duma); Russia after a
        # federal body is its jurisdiction, dropped from the filed name
        nameless = (
            len(words) == 1
            and _body_without_name(words[0], vocab)
            and not _RUSSIA.match(text[place.start : place.end].lower())
        )
        if ((linked or nameless) and files_with_place(words, vocab)) or WHOLE_NAMES.match(folded):
            out[index] = RawSpan("ORG", org.start, org.end, (org.start, place.end))
    return out


# units of a larger organisation: a reader files them with it («Институт сильноточной электроники СО РАН»,
# «кафедра радиотехнических систем ТУСУРа»)
_UNITS = frozenset(
    [
        "институт",
        "центр",
        "лаборатория",
        "кафедра",
        "факультет",
        "отделение",
        "филиал",
        "музей",
        "библиотека",
        "обсерватория",
        "нии",
        "клиника",
        "школа",
    ]
)
_PARENT = re.compile(r"[А-ЯЁ]{2,}[а-яё]{0,2}(?: [А-ЯЁ]{2,}[а-яё]{0,2})*")


def with_parent_after(text: str, spans: Sequence[RawSpan], vocab: Any) -> list[RawSpan]:
    """A unit's normal form runs on to the abbreviation of the organisation it belongs to, right after it
    («Института сильноточной электроники | СО РАН» -> «Институт сильноточной электроники СО РАН»); the
    spans stay as they are (the parent is an organisation of its own)."""
    ordered = sorted(spans, key=lambda s: (s.start, s.end))
    out = list(ordered)
    for index, (unit, parent) in enumerate(itertools.pairwise(ordered)):
        if unit.type != "ORG" or parent.type != "ORG" or unit.norm is not None or text[unit.end - 1] in '»")':
            continue
        if text[unit.end : parent.start] != " " or not _PARENT.fullmatch(text, parent.start, parent.end):
            continue
        words = text[unit.start : unit.end].split()
        if len(words) > 1 and any(
            p.normal_form in _UNITS for word in words for p in vocab.parse(word.lower())[:1]
        ):
            out[index] = RawSpan("ORG", unit.start, unit.end, (unit.start, parent.end))
    return out


def with_person_named(text: str, spans: Sequence[RawSpan]) -> list[RawSpan]:
    """«Уральского федерального университета имени первого Президента России | Б. Н. Ельцина»: the person an
    organisation is named after, tagged as a person of its own, is in the organisation's normal form — when
    the name stops at «имени» or at a title («… имени академика | В. Е. Зуева»); a name that already holds
    its person («Музея имени Александра Пушкина | Иван Петров») is followed by someone else."""
    people = {s.start: s.end for s in spans if s.type == "PER"}
    out: list[RawSpan] = []
    for span in spans:
        start, end = span.norm_range
        gap = len(text[end:]) - len(text[end:].lstrip(" "))
        named = f" {text[start:end]} ".rsplit(" имени ", 1)
        after = named[1].split() if len(named) == 2 else []
        awaits_person = not after or any(word[:1].islower() for word in after)
        if span.type == "ORG" and len(named) == 2 and awaits_person and gap and end + gap in people:
            span = RawSpan("ORG", span.start, span.end, (start, people[end + gap]))
        out.append(span)
    return out


# bodies of a state: a place after them is their jurisdiction («Правительство Японии», «МИД Грузии»)
STATE_BODIES = frozenset(
    [
        "правительство",
        "министерство",
        "администрация",
        "мэрия",
        "парламент",
        "посольство",
        "консульство",
        "полиция",
        "армия",
        "прокуратура",
        "суд",
        "сенат",
        "кабинет",
        "казначейство",
        "минфин",
        "минобороны",
        "госдепартамент",
        "конгресс",
        "ведомство",
        "генпрокуратура",
        "президент",
    ]
)


_NAMELESS_BODIES = STATE_BODIES - {"минфин", "минобороны", "госдепартамент", "генпрокуратура"} | {"дума"}


def files_with_place(words: Sequence[str], vocab: Any) -> bool:
    """Whether a reader files the organisation with its place.

    A descriptive name («Министерство культуры РФ», «Арбитражный суд Москвы») or a generic abbreviation («МИД
    Великобритании») is; a one-word proper name is not («Минпромторг» of «Минпромторга России»).
    """
    words = [w for w in words if w[:1].isalnum()]
    if not words:
        return False
    first = words[0]
    if len(words) == 1 and first[:1].islower():
        return True  # «администрации Томской области»: a body without a name of its own
    if len(words) == 1 and not first.isupper() and _body_without_name(first, vocab):
        return True  # «Администрации Томской области», «Правительства Японии», «Думы города Томска»
    if len(words) == 1:
        return first.isupper() and 2 <= len(first) <= 4 and first not in _PROPER_ABBREVIATIONS
    if not first[:1].isupper():
        return True
    parses = vocab.parse(first.lower())
    return (
        bool(parses)
        and vocab.word_is_known(first.lower())
        and not any(tag in parses[0].tag for tag in ("Orgn", "Name", "Surn", "Geox", "Abbr"))
    )


def _body_without_name(word: str, vocab: Any) -> bool:
    parses = vocab.parse(word.lower())
    return bool(parses) and parses[0].tag.POS == "NOUN" and parses[0].normal_form in _NAMELESS_BODIES


# abbreviations that are names of one body (their place adds nothing)
_PROPER_ABBREVIATIONS = frozenset(
    ["ТУСУР", "ТПУ", "ТГУ", "СГМУ", "ТГАСУ", "НИ", "РАН", "СО", "ООН", "НАТО", "ОПЕК", "ЕС", "ФИФА", "МОК"]
)

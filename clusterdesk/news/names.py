"""Names only: the span of an organisation is its name, its normal form the full name a reader would file.

The graders' convention (issue 10, factRuEval-2016): a legal form («ОАО», «АО»), a descriptor
(«Концерн», «Госкорпорация») and a jurisdiction that is a place of its own («Министерство культуры РФ» ->
ORG «Министерство культуры» + LOC «РФ») are not part of an organisation's span. The normal form is a separate
decision: it keeps the legal form and the jurisdiction («ОАО «Газпром»», «Министерство культуры РФ»), so
registry links and readers see the full name; a descriptor is dropped from both. The EU and the Kremlin as
institutions are organisations.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Sequence
from typing import Any

from clusterdesk.news.nlp import Analysis, Token
from clusterdesk.news.normalize import UD_TO_OC_CASE, agrees_like_adjective
from clusterdesk.news.orgs import RawSpan
from clusterdesk.news.posts import TITLE_WORDS

_TITLES = frozenset(w.replace("ё", "е") for w in TITLE_WORDS) - {"король", "королева", "царь", "шейх", "эмир"}

# legal forms proper: dropped from the span, kept in the normal form
LEGAL_FORMS_PROPER = frozenset(
    [
        "ПАО",
        "ОАО",
        "ЗАО",
        "АО",
        "ООО",
        "НАО",
        "ОДО",
        "ТОО",
        "ИП",
        "ЧП",
        "ФГУП",
        "ГУП",
        "МУП",
        "ФГБУ",
        "ФГАУ",
        "ФГБОУ",
        "ФГАОУ",
        "ГБУ",
        "ГАУ",
        "ОГБУ",
        "ОГАУ",
        "ОГБОУ",
        "КГБУ",
        "МКУ",
        "МБУ",
        "МАУ",
        "МБОУ",
        "АНО",
        "НКО",
        "ГКУ",
        "ЧОУ",
        "НОЧУ",
        "ФГБНУ",
        "ФКУ",
        "ФБУ",
        "ФГКУ",
    ]
)
# descriptors written before a quoted name: dropped from the span and from the normal form
_DESCRIPTOR_HEAD = re.compile(
    r"(?:ГК|Госкорпораци[яиюей]|госкорпораци[яиюей]|Концерн[а-я]{0,2}|Корпораци[яиюей]|Компани[яиюей]|"
    r"Агент?ств[оау]|Холдинг[а-я]{0,2}|Групп[аыуе]|Фонд[а-я]{0,2}|Банк[а-я]{0,2})\s+(?=«)"
)
_LEGAL_HEAD = re.compile(
    r"(?:" + "|".join(sorted(LEGAL_FORMS_PROPER, key=len, reverse=True)) + r")\s+(?=[«\"A-ZА-ЯЁ])"
)
# places written as abbreviations
PLACE_ABBREVIATIONS = frozenset(
    ["РФ", "США", "КНР", "ФРГ", "КНДР", "ОАЭ", "ЮАР", "РК", "РБ", "РТ", "ЛНР", "ДНР", "СССР"]
)
_REGION_NOUNS = frozenset(
    ["области", "края", "республики", "округа", "района", "федерации", "автономии", "штата", "провинции"]
)
# a place that is part of the name itself
_WHOLE_NAMES = re.compile(r"^(?:(?:банк|почт|сбербанк|опор|делов|един)\w* росси\w*|совет\w* федерации)$")
_NOT_AFTER = frozenset(["при", "по", "и", "в", "на", "для", "с", "от", "о", "к", "президенте", "президента"])
# institutions natasha tags as places
_ORG_NOT_PLACE = re.compile(
    r"^(?:ЕС|Евросоюз[а-я]{0,3}|Европейск(?:ий|ого|ому|им|ом) союз[а-я]{0,3}|Кремл[ьяюем]{1,2})$"
)
_NOT_AN_ORG = frozenset(["СМИ"])


# a space station is a place; a ship or a craft named after its kind («шаттл «Дискавери»») is no organisation
_STATIONS = re.compile(r"^(?:МКС|Мир|Тяньгун)$")
_CRAFT_BEFORE = re.compile(
    r"(?:шаттл|челнок|корабл|звездолет|звездолёт|аппарат|зонд|телескоп|ракет|спутник|марсоход|луноход|"
    r"подводн\w+ лодк|крейсер|авианос|ледокол|лайнер|яхт|самол[её]т|пол[её]т)\w*\s+[«\"]?$",
    re.IGNORECASE,
)


def names_only(spans: Sequence[RawSpan], analysis: Analysis, vocab: Any) -> list[RawSpan]:
    """Every span reduced to its name; organisations keep their full name as the normal-form range."""
    text = analysis.text
    crafts = {
        text[s.start : s.end]
        for s in spans
        if s.type == "ORG" and _CRAFT_BEFORE.search(text[max(0, s.start - 40) : s.start])
    }
    crafts |= {_craft_stem(c) for c in crafts}
    out: list[RawSpan] = []
    spans = with_place_after(text, _with_noun_phrase(text, spans, analysis.tokens, vocab), vocab)
    spans = _with_person_named(text, spans)
    for span in spans:
        piece = text[span.start : span.end]
        if span.type == "ORG" and _STATIONS.match(piece):
            out.append(RawSpan("LOC", span.start, span.end))
            continue
        if span.type == "ORG" and (piece in crafts or _craft_stem(piece) in crafts):
            continue
        if span.type == "LOC" and _ORG_NOT_PLACE.match(piece):
            out.append(RawSpan("ORG", span.start, span.end, span.norm))
            continue
        if span.type == "PER":
            match = _ARABIC_ORG_BEFORE_PERSON.match(piece)
            if (
                match
            ):  # «Аль-Джазиры Сами аль-Хадж», «Аль-Кайды Усамы бин Ладена»: an organisation, then a person
                out.append(RawSpan("ORG", span.start, span.start + match.end(1)))
                span = RawSpan("PER", span.start + match.end(), span.end)
            out.append(_without_title(text, span, vocab))
            continue
        if span.type != "ORG":
            out.append(span)
            continue
        if piece in _NOT_AN_ORG:
            continue
        if _is_facility(text, span, vocab):
            out.append(RawSpan("LOC", span.start, span.end))
            continue
        span = _without_head(text, span)
        span = _with_place_adjective(text, span, spans)
        out.extend(split_jurisdiction(text, span, analysis.tokens, vocab))
    return out


def _with_noun_phrase(
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
        if (linked and files_with_place(words, vocab)) or _WHOLE_NAMES.match(folded):
            out[index] = RawSpan("ORG", org.start, org.end, (org.start, place.end))
    return out


def _with_person_named(text: str, spans: Sequence[RawSpan]) -> list[RawSpan]:
    """«Уральского федерального университета имени первого Президента России | Б. Н. Ельцина»: the person an
    organisation is named after, tagged as a person of its own, is in the organisation's normal form."""
    people = {s.start: s.end for s in spans if s.type == "PER"}
    out: list[RawSpan] = []
    for span in spans:
        start, end = span.norm_range
        gap = len(text[end:]) - len(text[end:].lstrip(" "))
        if span.type == "ORG" and " имени " in f" {text[start:end]} " and gap and end + gap in people:
            span = RawSpan("ORG", span.start, span.end, (start, people[end + gap]))
        out.append(span)
    return out


_PLACE_ADJECTIVE = re.compile(r"(?<![\w-])[а-яё]{3,}(?:ск|цк)(?:ий|ого|ому|им|ом|ая|ой|ую|ое|ие|их|ими)\s$")


def _with_place_adjective(text: str, span: RawSpan, spans: Sequence[RawSpan]) -> RawSpan:
    """«российского Минсельхоза», «американского министерства иностранных дел»: a lower-case adjective of a
    place right before a body is part of its span (the graders' convention); the normal form stays the body's
    own («Минсельхоз»)."""
    if text[span.start] in '«"' or not text[span.start].isupper():
        return span
    match = _PLACE_ADJECTIVE.search(text, max(0, span.start - 30), span.start)
    if match is None or any(match.start() < s.end <= span.start for s in spans):
        return span  # «Национального исследовательского | Томского …»: the adjective is another span's
    return RawSpan("ORG", match.start(), span.end, span.norm_range)


# places built by people: a name headed by one (or quoted right after one) is a place, not an organisation
_FACILITIES = frozenset(
    ["аэропорт", "вокзал", "стадион", "дворец", "космодром", "арена", "площадь", "проспект", "улица", "мост"]
)


def _is_facility(text: str, span: RawSpan, vocab: Any) -> bool:
    """«аэропорту «Домодедово»», «Вашингтонском аэропорту», «Дворце молодёжи» are places."""
    words = re.findall(r"[А-ЯЁа-яё]+", text[span.start : span.end])[:2]
    before = re.search(r"([а-яё]+)\s+[«\"]$", text[max(0, span.start - 30) : span.start])
    if before is not None:
        words = [before.group(1)]
    return any(p.normal_form in _FACILITIES for w in words for p in vocab.parse(w.lower())[:1])


_ARABIC_ORG_BEFORE_PERSON = re.compile(r"(Аль-[А-ЯЁ][а-яё]+[ыи])\s+(?=[А-ЯЁ])")


def _craft_stem(name: str) -> str:
    return re.sub(r"(?:а|у|ом|е|ой|ы)$", "", name) if " " not in name and len(name) > 4 else name


def _without_title(text: str, span: RawSpan, vocab: Any) -> RawSpan:
    """«Ректор Виктор Михайлович Рулевский» at the start of a sentence: a capitalised title is no name."""
    match = re.match(r"([А-ЯЁ][а-яё]+)\s+(?=[А-ЯЁ])", text[span.start : span.end])
    if match is None:
        return span
    word = match.group(1).lower()
    if not any(p.normal_form.replace("ё", "е") in _TITLES for p in vocab.parse(word)[:2]):
        return span
    return RawSpan(span.type, span.start + match.end(), span.end, span.norm)


def _without_head(text: str, span: RawSpan) -> RawSpan:
    """«ОАО «Газпром»» -> «Газпром» (normal form from the whole); «Концерн «Майкрософт»» -> «Майкрософт»."""
    piece = text[span.start : span.end]
    keep_norm = True
    match = _LEGAL_HEAD.match(piece)
    if match is None:
        match = _DESCRIPTOR_HEAD.match(piece)
        keep_norm = False
    if match is None:
        return span
    start, end = span.start + match.end(), span.end
    inner = text[start:end]
    if text[start] == "«" and text[end - 1] == "»" and _matching_close(text, start) == end - 1:
        start, end = start + 1, end - 1
    elif inner.startswith("«") and inner.count("«") > inner.count("»"):
        start += 1  # «АО «НПФ «Микран»»: the outer closing quote is missing
    elif text[start] == '"' and text[end - 1] == '"' and end - start > 2:
        start, end = start + 1, end - 1
    if end <= start:
        return span
    norm = span.norm_range if keep_norm else span.norm
    if norm is not None and not keep_norm and norm == (span.start, span.end):
        norm = None
    return RawSpan("ORG", start, end, norm)


def _matching_close(text: str, open_at: int) -> int:
    depth = 0
    for i in range(open_at, len(text)):
        if text[i] == "«":
            depth += 1
        elif text[i] == "»":
            depth -= 1
            if depth == 0:
                return i
        elif text[i] == "\n":
            break
    return -1


def _words(tokens: Sequence[Token], span: RawSpan) -> list[Token]:
    return [t for t in tokens if span.start <= t.start and t.end <= span.end]


def _is_geo_genitive(token: Token, vocab: Any) -> bool:
    if not token.text[:1].isupper() or not token.text.isalpha():
        return False
    return any("Geox" in p.tag and "gent" in p.tag for p in vocab.parse(token.text.lower()))


def _genitive_adjective(token: Token, vocab: Any) -> bool:
    if not token.text[:1].isupper() or not token.text.isalpha():
        return False
    return any(p.tag.POS == "ADJF" and "gent" in p.tag for p in vocab.parse(token.text.lower()))


def split_jurisdiction(text: str, span: RawSpan, tokens: Sequence[Token], vocab: Any) -> list[RawSpan]:
    """«Министерство внутренних дел Пакистана» -> ORG «Министерство внутренних дел» + LOC «Пакистана»."""
    words = _words(tokens, span)
    quoted = (span.start > 0 and text[span.start - 1] in '«"') or text[span.end - 1] in '»")'
    if len(words) < 2 or quoted:
        return [span]
    if _WHOLE_NAMES.match(text[span.start : span.end].lower().replace("ё", "е")):
        return [span]
    last = words[-1]
    place = len(words) - 1
    if last.text in PLACE_ABBREVIATIONS:
        pass
    elif last.text.lower() in _REGION_NOUNS and _genitive_adjective(words[-2], vocab):
        place -= 1
        while place > 0 and _genitive_adjective(words[place - 1], vocab):
            place -= 1
    elif _is_geo_genitive(last, vocab):
        while place > 0 and _genitive_adjective(words[place - 1], vocab):
            place -= 1
    else:
        return [span]
    rest = words[:place]
    if not rest or rest[-1].text.lower() in _NOT_AFTER or not rest[-1].text[:1].isalnum():
        return [span]
    if not any(t.pos in ("NOUN", "PROPN") for t in rest):
        return [span]  # «Единой России»: adjectives before the place are the name itself
    if len(rest) == 1 and _name_of_its_own(rest[0].text, vocab):
        return [span]  # «Голос Америки», «Совет Европы»: the place is part of the name
    if span.norm is not None or files_with_place([t.text for t in rest], vocab):
        norm: tuple[int, int] | None = span.norm_range
    else:
        norm = None
    org = RawSpan("ORG", span.start, rest[-1].end, norm)
    return [org, RawSpan("LOC", words[place].start, span.end)]


# bodies of a state: a place after them is their jurisdiction («Правительство Японии», «МИД Грузии»)
_STATE_BODIES = frozenset(
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


_NAMELESS_BODIES = _STATE_BODIES - {"минфин", "минобороны", "госдепартамент", "генпрокуратура"} | {"дума"}


def _name_of_its_own(word: str, vocab: Any) -> bool:
    """A capitalised common noun that is not a body of a state: the place after it belongs to the name."""
    if not word[:1].isupper() or word.isupper() or not word.isalpha():
        return False
    lowered = word.lower()
    if not vocab.word_is_known(lowered):
        return False
    parses = vocab.parse(lowered)
    if not parses or parses[0].tag.POS != "NOUN":
        return False
    if any(tag in p.tag for p in parses for tag in ("Orgn", "Abbr", "Geox", "Name", "Surn")):
        return False
    return parses[0].normal_form.replace("ё", "е") not in _STATE_BODIES


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

"""Rules that repair and extend natasha's organisation spans.

Fixes: spans that swallow a parenthesis («ПАО «МТС» (MOEX: MTSS»), unbalanced quotes («Мастерской управления
«Сенеж»), two quoted names in one span («НИУ «ВШЭ» «Вороново»), a leading descriptor or group
noun («Врачи …»).
Additions: a legal form with a quoted name (АО «НПФ «Микран»), a descriptor with a quoted name (компания
«Газпром-бурение»), Latin names (Smart Technologies Tomsk). Removals: a lone generic noun («Компания»).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

LEGAL_FORMS = (
    "ПАО",
    "ОАО",
    "ЗАО",
    "АО",
    "ООО",
    "НАО",
    "ОДО",
    "ТОО",
    "ИП",
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
    "НПФ",
    "НПО",
    "НПП",
    "НПЦ",
    "НИИ",
    "НИЦ",
    "НИУ",
    "ГК",
    "ФГБНУ",
    "ООО НПП",
    "АО НПЦ",
    "АО НПП",
    "ГКУ",
    "ЧОУ",
    "НОЧУ",
    "Госкорпорация",
    "госкорпорация",
    "ТД",
    "СРО",
    "ПК",
    "СПК",
    "ФКУ",
    "ФБУ",
    "ФГКУ",
)
ORG_DESCRIPTORS = frozenset(
    [
        "компания",
        "корпорация",
        "фирма",
        "организация",
        "предприятие",
        "банк",
        "фонд",
        "университет",
        "институт",
        "министерство",
        "ведомство",
        "правительство",
        "администрация",
        "агентство",
        "холдинг",
        "группа",
        "общество",
        "объединение",
        "союз",
        "ассоциация",
        "партия",
        "движение",
        "служба",
        "центр",
        "завод",
        "комбинат",
        "суд",
        "прокуратура",
        "мэрия",
        "дума",
        "совет",
        "академия",
        "колледж",
        "школа",
        "клуб",
        "команда",
        "журнал",
        "газета",
        "издание",
        "издательство",
        "редакция",
        "кластер",
        "альянс",
        "консорциум",
        "концерн",
        "управление",
        "департамент",
        "комитет",
        "комиссия",
        "палата",
        "штаб",
        "телеканал",
        "радиостанция",
        "портал",
        "сайт",
        "площадка",
        "технопарк",
        "инкубатор",
        "акселератор",
        "госкорпорация",
        "стартап",
        "производитель",
        "разработчик",
        "оператор",
        "ретейлер",
        "ритейлер",
        "сеть",
        "фабрика",
        "лаборатория",
        "учреждение",
        "больница",
        "поликлиника",
        "театр",
        "музей",
        "лицей",
        "гимназия",
        "авиакомпания",
        "автоконцерн",
        "энергокомпания",
        "застройщик",
        "девелопер",
        "инвестфонд",
        "маркетплейс",
        "сервис",
        "платформа",
        "экосистема",
    ]
)
_EVENT_WORDS = re.compile(
    r"(?:форум|фестивал|конкурс|конференц|выставк|сесси|чемпионат|турнир|олимпиад|акци|программ|проект|премии|"
    r"премия|хакатон|слет|слёт|стол)\w*\s*$",
    re.IGNORECASE,
)
_QUOTED = r"«(?:[^«»\n]|«[^«»\n]*»)*»|«[^«»\n]*«[^«»\n]*»"
_LEGAL_RE = re.compile(
    r"(?<![\w-])(?:" + "|".join(sorted((re.escape(f) for f in LEGAL_FORMS), key=len, reverse=True)) + r")\s*"
    r"(?:" + _QUOTED + r'|"[^"\n]{1,80}")'
)
# a descriptor in any case: its stem without the nominative ending («партии», «компанию», «обществом»)
_DESCRIPTOR_STEMS = sorted(
    {re.sub(r"(?<=..)[аяоеьй]$", "", d) for d in ORG_DESCRIPTORS}, key=len, reverse=True
)
_DESCRIPTOR_QUOTED = re.compile(
    r"(?<![\w-])(" + "|".join(_DESCRIPTOR_STEMS) + r")[а-яё]{0,4}\s+"
    r"(«[^«»\n]{1,80}»)",
    re.IGNORECASE,
)
_LATIN_NAME = re.compile(
    r"(?<![\w@./-])[A-Z][A-Za-z0-9&'-]*(?:\s+(?:[A-Z][A-Za-z0-9&'-]*|&|of|and|de))*[A-Za-z0-9]"
)
_CORPORATE_WORDS = frozenset(
    [
        "technologies",
        "technology",
        "systems",
        "group",
        "inc",
        "ltd",
        "llc",
        "corp",
        "corporation",
        "company",
        "co",
        "labs",
        "lab",
        "holding",
        "holdings",
        "bank",
        "capital",
        "partners",
        "ventures",
        "solutions",
        "software",
        "media",
        "electronics",
        "motors",
        "airlines",
        "airways",
        "energy",
        "pharma",
        "networks",
        "studios",
        "studio",
        "games",
        "entertainment",
        "foundation",
        "university",
        "institute",
        "industries",
        "international",
        "gmbh",
        "ag",
        "sa",
        "plc",
        "limited",
        "consulting",
        "robotics",
        "telecom",
        "communications",
        "semiconductor",
        "tomsk",
    ]
)
# a news site named as a source: «сообщает NEWSru.com», «baltinfo.ru»
_DOMAIN = re.compile(
    r"(?<![\w@./-])[A-Za-zА-Яа-яЁё0-9-]{2,}\.(?:ru|com|org|net|info|рф|su|io|tv|media)(?![\w-])(?!\.\w)"
)
_TOPONYM_SHAPE = re.compile(r"(?:ово|ево|ёво|ино|ыно|ское|цкое|ск|поль|град|бург)$")
_TICKER_CONTEXT = re.compile(r"(?:MOEX|NASDAQ|NYSE|LSE|MCX|ISIN|тикер)\s*:\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class RawSpan:
    """A typed character span before normalisation.

    `norm` is the range the normal form is read from when it differs from the span: the span holds the name
    only («Газпром» of «ОАО «Газпром»», «Министерство культуры» of «Министерство культуры РФ»), the normal
    form is the full name a reader would file («ОАО «Газпром»», «Министерство культуры РФ»).
    """

    type: str
    start: int
    end: int
    norm: tuple[int, int] | None = None

    @property
    def norm_range(self) -> tuple[int, int]:
        return self.norm or (self.start, self.end)


def repair_span(text: str, span: RawSpan, vocab: Any) -> list[RawSpan]:
    """Fix one natasha span; may return zero, one or two spans."""
    start, end = _trim(text, span.start, span.end)
    if start >= end:
        return []
    piece = text[start:end]
    # a parenthesis inside the span: keep the name before it, and a full «(ABBR)» as its own span
    paren = piece.find("(")
    if paren > 0:
        out = [RawSpan(span.type, *_trim(text, start, start + paren))]
        close = piece.find(")", paren)
        if close > paren:
            inner_start, inner_end = _trim(text, start + paren + 1, start + close)
            if inner_end > inner_start and ":" not in text[inner_start:inner_end]:
                out.append(RawSpan(span.type, inner_start, inner_end))
        return [s for s in out if s.end > s.start]
    # two quoted names in a row: «НИУ «ВШЭ» «Вороново» -> an organisation and a place
    double = re.search(r"»\s+«", piece)
    if double and span.type == "ORG":
        first = RawSpan("ORG", start, start + double.start() + 1)
        rest_start = start + double.end()
        rest_end = end
        while (
            rest_end < len(text)
            and text[rest_end] == "»"
            and text[rest_start:rest_end].count("«") >= text[rest_start:rest_end].count("»")
        ):
            rest_end += 1
        second_text = text[rest_start:rest_end].rstrip("»")
        kind = "LOC" if is_place_word(second_text, vocab) else "ORG"
        if kind == "LOC":
            second = RawSpan("LOC", rest_start, rest_start + len(second_text))
        else:
            second = RawSpan("ORG", rest_start - 1, rest_end)
        return [first, second]
    # unbalanced quotes: take the closing quote that follows, or drop a dangling opening one
    opens, closes = piece.count("«"), piece.count("»")
    if opens > closes:
        extra = 0
        while end + extra < len(text) and text[end + extra] == "»" and extra < opens - closes:
            extra += 1
        if extra:
            end += extra
        elif piece.endswith("«"):
            start, end = _trim(text, start, end - 1)
    elif closes > opens and piece.startswith("»"):
        start, end = _trim(text, start + 1, end)
    return [RawSpan(span.type, start, end)] if end > start else []


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Spaces, punctuation and list bullets off a span's edges («Бенин) •» → «Бенин»), an exclamation or a
    question mark after a Russian word; a closing bracket stays when the span opens it («Роснано (АО)»)."""
    while start < end and text[start] in " \t\n,;:—–-.(•·*|/)]":
        start += 1
    while end > start and (
        text[end - 1] in " \t\n,;:—–-(•·*|/["
        or (text[end - 1] in ")]" and not _opened(text, start, end))
        or (text[end - 1] in "!?" and _CYRILLIC_END.search(text, start, end - 1))
    ):
        end -= 1
    return start, end


# «… Томского политехнического университета!»»: the exclamation ends the sentence, not the name (a Latin
# name may end with one: «Yahoo!»)
_CYRILLIC_END = re.compile(r"[А-Яа-яЁё]$")


def _opened(text: str, start: int, end: int) -> bool:
    """Whether the bracket closing the span ``[start, end)`` was opened inside it."""
    closing = text[end - 1]
    opening = "(" if closing == ")" else "["
    inside = text[start : end - 1]
    return inside.count(opening) > inside.count(closing)


def is_place_word(word: str, vocab: Any) -> bool:
    word = word.strip("«» ")
    if not word or " " in word:
        return False
    if any("Geox" in p.tag for p in vocab.parse(word.lower())):
        return True
    return bool(_TOPONYM_SHAPE.search(word.lower()))


def rule_spans(text: str) -> list[RawSpan]:
    """Organisation spans found by surface patterns: legal forms, descriptors with quotes, Latin names."""
    found: list[RawSpan] = []
    for match in _LEGAL_RE.finditer(text):
        found.append(RawSpan("ORG", match.start(), match.end()))
    for match in _DESCRIPTOR_QUOTED.finditer(text):
        if _EVENT_WORDS.search(match.group(1)):
            continue
        inner_start, inner_end = match.start(2) + 1, match.end(2) - 1
        found.append(RawSpan("ORG", inner_start, inner_end))
    for match in _LATIN_NAME.finditer(text):
        words = match.group().split()
        before = text[max(0, match.start() - 40) : match.start()]
        if _TICKER_CONTEXT.search(before) or match.group().isupper():
            continue
        # a run of Latin capitalised words is as often a product or a show as a company: require a descriptor
        # before it («кластер Smart Technologies Tomsk», «компания Zynga») or a corporate word inside it
        corporate = any(w.lower().strip("&'") in _CORPORATE_WORDS for w in words)
        if not (corporate or _preceded_by_descriptor(before)):
            continue
        if _EVENT_WORDS.search(before.rstrip(' «"')):
            continue
        found.append(RawSpan("ORG", match.start(), match.end()))
    for match in _DOMAIN.finditer(text):
        found.append(RawSpan("ORG", match.start(), match.end()))
    return found


def _preceded_by_descriptor(before: str) -> bool:
    words = re.findall(r"[а-яё]+", before.lower())
    return bool(words) and any(words[-1].startswith(d[:-1]) for d in ORG_DESCRIPTORS if len(d) > 3)


# abbreviations of a kind, not of a name: «вузы, НИИ, предприятия и стартапы»
_GENERIC_ABBREVIATIONS = frozenset(["нии", "вуз", "нпо", "нпп", "нпф", "оао", "зао"])


def is_generic_org(word: str, vocab: Any = None) -> bool:
    """A lone descriptor («Компания», «Правительство», «в Сети») is not an organisation's name."""
    lowered = word.lower()
    if lowered in ORG_DESCRIPTORS or lowered in _GENERIC_ABBREVIATIONS:
        return True
    if vocab is None or word.isupper():
        return False
    parses = vocab.parse(lowered)
    if any(tag in p.tag for p in parses for tag in ("Orgn", "Abbr", "Geox", "Name", "Surn")):
        return False
    return bool(parses) and parses[0].normal_form in ORG_DESCRIPTORS


_NOT_PART_OF_NAME = frozenset(
    [
        "пресс-служба",
        "пресс-службы",
        "пресс-центр",
        "пресс-центра",
        "представители",
        "сотрудники",
        "специалисты",
        "эксперты",
        "руководство",
        "глава",
        "главы",
    ]
)


_NOT_NAME_POS = frozenset(["ADVB", "PREP", "CONJ", "PRCL", "NPRO", "PRED", "INTJ"])


def function_word(word: str, vocab: Any) -> bool:
    """A known word every reading of which is an adverb, a pronoun, a particle … (no noun, no name):
    «Сегодня», capitalised at a sentence's start, is no name nor part of one."""
    lowered = word.lower()
    return vocab.word_is_known(lowered) and all(p.tag.POS in _NOT_NAME_POS for p in vocab.parse(lowered))


def strip_leading_noise(text: str, span: RawSpan, vocab: Any) -> RawSpan:
    """Drop a leading descriptor before a quoted name, or leading people («Врачи …», «Корреспондент …»)."""
    match = re.match(r"([А-ЯЁа-яё-]+)\s+", text[span.start : span.end])
    if not match:
        return span
    word = match.group(1)
    if word.lower() in _NOT_PART_OF_NAME and span.start + match.end() < span.end:
        return RawSpan(span.type, span.start + match.end(), span.end)
    rest = span.start + match.end()
    if rest >= span.end:
        return span
    lowered = word.lower()
    descriptor = any(lowered.startswith(d[: max(4, len(d) - 2)]) for d in ORG_DESCRIPTORS)
    if word[0].islower() and descriptor and text[rest] == "«":
        inner_end = span.end - 1 if text[span.end - 1] == "»" else span.end
        return RawSpan(span.type, rest + 1, inner_end)
    if text[rest].isupper() and not descriptor:
        if function_word(word, vocab):
            return RawSpan(span.type, rest, span.end)  # «Сегодня Томское региональное отделение …»
        parses = vocab.parse(lowered)
        # people: «Врачи …», «Корреспондент Би-би-си» (a sentence-initial person noun natasha ran into)
        if parses and all(
            p.tag.POS == "NOUN" and "anim" in p.tag and not any(t in p.tag for t in ("Surn", "Name", "Patr"))
            for p in parses[:2]
        ):
            return RawSpan(span.type, rest, span.end)
    return span

"""Risk facts: bankruptcy, a lawsuit, a criminal case, sanctions, a lost licence, an accident, layoffs or
unpaid wages, tax claims, a broken contract — about the organisation (or person) a sentence names.

Three steps per sentence, each a pure function over the sentence and its entities:
1. *triggers*: yargy grammars over lemmas (natasha's pymorphy vocabulary) find the words of a category
   («признан банкротом», «отозвал лицензию», «обыски в офисе», «сократить 792 рабочих»);
2. *reality*: a trigger in a denial («опроверг информацию о банкротстве», «сокращений не будет»), under a
   negation («не планирует сокращений»), in a hypothetical («может подать иск», «не исключил банкротства»,
   «предупредила о возможном банкротстве») or in a case reported as closed («поставил точку в деле о
   банкротстве», «задолженность погашена», «мировое соглашение», «суд оправдал») gives no fact; a denial or a
   closing of the same category anywhere in the item cancels the category for the whole item;
3. *attribution*: the organisations of the sentence minus those that act on the risk rather than suffer it —
   the regulator, court, police or ministry («Банк России отозвал…»), the creditor or claimant («по заявлению
   ООО «Х»», «ООО «Х» обратилось в суд»), the source («сообщает «Фонтанка»»). Only when nobody is left does
   the organisation that speaks about itself count («в «Роскосмосе» подтвердили задержание заместителя…»).

A fact: ``category`` (a code; its Russian words in ``CATEGORY_LABELS``), the
``organization`` (the mention's normal form, so the store resolves it to the registry through the linked
mention), ``organization_id`` (the registry id when the linker was sure), ``person`` / ``person_id`` for a
person named in a criminal case, ``date`` (a date written in the sentence, else the item's date) and
``trigger``; ``evidence`` is the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from clusterdesk.news.attribution import cited_after, cited_before
from clusterdesk.news.dates import find_dates, relative_day, year_from_context
from clusterdesk.news.records import Entity, Fact, Span

CATEGORIES = (
    "bankruptcy",
    "lawsuit",
    "criminal",
    "sanctions",
    "license",
    "accident",
    "layoffs",
    "tax",
    "contract",
)
CATEGORY_LABELS = {
    "bankruptcy": "банкротство",
    "lawsuit": "иск, арбитраж",
    "criminal": "уголовное дело, обыск, задержание",
    "sanctions": "санкции",
    "license": "отзыв лицензии",
    "accident": "авария, ЧП",
    "layoffs": "сокращения, задержка зарплаты",
    "tax": "налоговые претензии",
    "contract": "срыв контракта",
}

# ---- 1. triggers ------------------------------------------------------------------------------------------

# a cheap look at the sentence before the grammars run (most news sentences have none of these stems)
_HINT = re.compile(
    r"банкрот|несостоятел|конкурсн|наблюдени|иск|арбитраж|обыск|задерж|уголовн|арест|стра[жг]|мошенни|хищени|"
    r"санкци|огранич|sdn|черн\w+ спис|чёрн\w+ спис|лиценз|аккредит|запрет|"
    r"взрыв|пожар|авари|возгоран|обрушен|\bчп\b|"
    r"сокра[щт]|уволь|увол|зарплат|заработн|задолж|невыплат|налог|доначисл|недоимк|срыв|сорва|расторг|"
    r"выемк|подозрева|оплат\w+ труда",
    re.IGNORECASE,
)

_STAFF = {
    "сотрудник", "работник", "персонал", "штат", "рабочий", "численность", "человек", "кадр", "служащий",
    "работающий", "специалист", "занятой",
}  # fmt: skip
_WAGES = {"зарплата", "заработный", "выплата", "оплата", "жалование", "аванс"}
_LICENCE_WORDS = {"лицензия", "аккредитация", "госаккредитация", "гослицензия"}
_LICENCE_VERBS = {
    "отозвать", "отзыв", "отзывать", "лишить", "лишиться", "лишение", "аннулировать", "аннулирование",
    "приостановить", "приостановление", "прекратить", "прекращение", "приостанавливать",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Trigger:
    category: str
    start: int  # within the sentence
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class _Grammars:
    """The category parsers, their shared tokenizer, and per category an *anchor*: a predicate that some token
    of every match of the category's grammar satisfies (the union of the category's lemma dictionaries, plus
    its literal words). A sentence without an anchor token of a category cannot match it: its parser is
    skipped.
    """

    tokenizer: Any
    parsers: dict[str, Any]
    anchors: dict[str, tuple[frozenset[str], Any]]  # normalized lemmas, and a literal predicate or None


@lru_cache(maxsize=4)
def _parsers(vocab: Any) -> _Grammars:
    """One yargy parser per category, over lemmas."""
    from yargy import Parser, not_, or_, rule
    from yargy.parser import Context
    from yargy.predicates import dictionary as _dictionary
    from yargy.predicates import eq, in_caseless, true

    from clusterdesk.news.dates import once_tokenizer

    lemmas_seen: set[str] = set()

    def dictionary(lemmas: set[str]) -> Any:
        lemmas_seen.update(lemmas)
        return _dictionary(lemmas)

    def words(*lemmas: str) -> Any:
        return rule(dictionary(set(lemmas)))

    def near(first: Any, second: Any, gap: int = 3) -> Any:
        return rule(first, rule(true()).repeatable(max=gap).optional(), second)

    staff = rule(_dictionary(_STAFF))  # (not anchors: every rule with them has another dictionary)
    wages = rule(_dictionary(_WAGES))
    builders = {
        "bankruptcy": lambda: or_(
            words(
                "банкротство",
                "банкрот",
                "обанкротиться",
                "обанкротить",
                "банкротный",
                "самобанкротство",
                "банкротить",
                "несостоятельность",
                "банкротиться",
            ),
            rule(dictionary({"конкурсный"}), dictionary({"производство", "управляющий"})),
            rule(dictionary({"внешний", "временный"}), dictionary({"управление", "управляющий"})),
            rule(dictionary({"процедура", "внешний"}), dictionary({"наблюдение"})),
            near(dictionary({"ввести", "введённый", "вводить", "введение"}), dictionary({"наблюдение"}), 3),
            near(dictionary({"признать", "признанный", "признание"}), dictionary({"несостоятельный"}), 3),
        ),
        "lawsuit": lambda: or_(
            words("иск", "исковый", "иска"),
            rule(dictionary({"судебный"}), dictionary({"спор", "тяжба", "разбирательство"})),
        ),
        "criminal": lambda: or_(
            words(
                "обыск",
                "обыскивать",
                "обыскать",
                "мошенничество",
                "хищение",
                "взятка",
                "выемка",
                "арестовать",
                "самоуправство",
                "растрата",
            ),
            rule(dictionary({"уголовный"}), dictionary({"дело", "преследование"})),
            rule(
                dictionary({"задержать", "задержание", "задерживать"}),
                not_(dictionary(_WAGES | {"выдача", "перевод", "поставка", "рейс", "старт"})).optional(),
            ),
            rule(in_caseless({"под"}), dictionary({"стража"})),
            rule(dictionary({"мера"}), dictionary({"пресечение"})),
            rule(dictionary({"подозреваться", "подозревать", "обвинять"}), dictionary({"в"})),
        ),
        "sanctions": lambda: or_(
            words("санкция", "санкционный"),
            rule(in_caseless({"sdn"})),
            rule(dictionary({"чёрный", "черный"}), dictionary({"список"})),
            rule(dictionary({"ограничительный"}), dictionary({"мера"})),
            near(
                dictionary({"ограничение"}),
                dictionary({"ввести", "введённый", "вводить", "распространяться"}),
                2,
            ),
        ),
        "license": lambda: or_(
            near(dictionary(_LICENCE_VERBS), dictionary(_LICENCE_WORDS), 4),
            near(dictionary(_LICENCE_WORDS), dictionary(_LICENCE_VERBS), 3),
            near(
                dictionary({"запретить", "запрет"}), dictionary({"принимать", "приём", "прием", "набор"}), 2
            ),
        ),
        "accident": lambda: or_(
            words("взрыв", "пожар", "авария", "возгорание", "обрушение", "катастрофа", "чп", "взрываться"),
            rule(eq("ЧП")),
        ),
        "layoffs": lambda: or_(
            near(dictionary({"сокращение", "сократить", "сокращать", "сокращаться"}), staff, 4),
            near(staff, dictionary({"сократить", "сокращение", "сокращать"}), 1),
            rule(dictionary({"сократить"}), staff),
            words("увольнение", "уволить", "увольнять"),
            near(
                dictionary({"задолженность", "долг", "задолжать", "невыплата", "задержка", "задержать"}),
                wages,
                3,
            ),
            near(dictionary({"задолжать"}), staff, 2),
            rule(dictionary({"невыплата"})),
            near(
                rule(in_caseless({"не"}), dictionary({"выплачивать", "платить", "получать", "выплатить"})),
                wages,
                3,
            ),
            near(
                wages,
                rule(in_caseless({"не"}), dictionary({"выплачивать", "платить", "получать", "поступить"})),
                3,
            ),
        ),
        "tax": lambda: or_(
            rule(
                dictionary({"налоговый"}),
                dictionary({"претензия", "недоимка", "задолженность", "долг", "требование"}),
            ),
            words("доначисление", "доначислить", "недоимка"),
        ),
        "contract": lambda: or_(
            near(
                dictionary({"срыв", "сорвать", "срывать"}),
                dictionary({"контракт", "гособоронзаказ", "заказ", "поставка", "срок", "договор"}),
                3,
            ),
            near(
                dictionary({"расторгнуть", "расторжение", "расторгать"}),
                dictionary({"контракт", "договор", "госконтракт"}),
                3,
            ),
            rule(dictionary({"недобросовестный"}), dictionary({"поставщик", "подрядчик"})),
            rule(dictionary({"односторонний"}), dictionary({"отказ", "расторжение"})),
        ),
    }
    grammars: dict[str, Any] = {}
    anchor_lemmas: dict[str, set[str]] = {}
    for category, build in builders.items():
        lemmas_seen.clear()
        grammars[category] = build()
        anchor_lemmas[category] = set(lemmas_seen)
    tokenizer = once_tokenizer(vocab)
    parsers = {category: Parser(grammar, tokenizer=tokenizer) for category, grammar in grammars.items()}
    context = Context(tokenizer)
    literal = {"sanctions": in_caseless({"sdn"}), "accident": eq("ЧП")}  # the rules without a dictionary
    anchors = {
        category: (
            frozenset(_dictionary(lemmas).activate(context).value),
            literal[category].activate(context) if category in literal else None,
        )
        for category, lemmas in anchor_lemmas.items()
    }
    return _Grammars(tokenizer, parsers, anchors)


def find_triggers(sentence: str, vocab: Any) -> list[Trigger]:
    """Every category word of the sentence, in order."""
    if not _HINT_LOWER.search(sentence.lower()):
        return []
    found: list[Trigger] = []
    grammars = _parsers(vocab)
    tokens = grammars.tokenizer(sentence)
    # the lemmas of the sentence as yargy's dictionary predicate reads them (every form of a word)
    lemmas = {f.normalized for t in tokens if t.type == "RU" for f in t.forms}
    lemmas.update(t.normalized for t in tokens if t.type != "RU")
    for category, parser in grammars.parsers.items():
        words, literal = grammars.anchors[category]
        if words.isdisjoint(lemmas) and (literal is None or not any(literal(t) for t in tokens)):
            continue  # no word of the category: its grammar cannot match
        for match in parser.findall(sentence):
            start, end = match.span.start, match.span.stop
            found.append(Trigger(category, start, end, sentence[start:end]))
    return sorted(found, key=lambda t: (t.start, t.end))


# ---- 2. reality: denial, negation, hypothesis, a closed case -----------------------------------------------

_DENIAL = re.compile(
    r"опроверг\w*|(?<!ни\s)опровержени\w*|не\s+подтвердил\w*|не\s+подтвержда\w*|не\s+соответству\w+\s+действительност\w*|"
    r"слух\w*|фейк\w*|ложн\w+\s+(?:информаци|сведени)\w*|заведомо\s+ложн\w*|отрица\w+|недостоверн\w+|"
    r"дезинформаци\w*|вброс\w*|дискредитац\w*|дискредитир\w*",
    re.IGNORECASE,
)
_NOT_PLANNED = re.compile(
    r"не\s+(?:планиру\w+|планирова\w+|собира\w+|намерен\w*|ожида\w+|предвид\w+|будет|будут|грозит|угрожа\w+)|"
    r"(?:нет|не\s+было|отсутству\w+)\s+(?:никаких\s+)?(?:планов|угроз\w*|оснований)|"
    r"(?:сокращени\w+|увольнени\w+|банкротств\w*)\s+не\s+(?:будет|планиру\w+|ожида\w+)|"
    r"\bникаких\s+сокращени\w+|\bбез\s+(?:сокращени|увольнени)\w*",
    re.IGNORECASE,
)
_HYPOTHESIS = re.compile(
    r"(?<![а-яё])(?:мо(?:жет|гут|г|гла|гли|жем)|не\s+исключ\w+|исключ\w+\s+нельзя|допуска\w+|"
    r"возможн\w+|вероятн\w+|грозит|грозят|угроз\w+|рискует|рискуют|якобы|если|в\s+случае|"
    r"предупредил\w*\s+о|предупрежда\w+\s+о|опаса\w+|прогноз\w*|планирует\s+(?:подать|обратиться)|"
    r"намерен\w*\s+(?:подать|обратиться|обанкротить)|готовит\w*\s+(?:иск|материалы)|"
    r"собира\w+\s+(?:подать|обратиться)|пригрозил\w*|грозил\w*)(?![а-яё])",
    re.IGNORECASE,
)
_CLOSED = re.compile(
    r"постави\w+\s+точку|прекрат\w+\s+(?:производство|дело|уголовн\w+)|прекращен\w*\s+(?:производство|дело)|"
    r"производство\s+по\s+(?:делу|искам?)\s+\w*\s*прекращен\w*|погашен\w*|погасил\w*|рассчитал\w*|"
    r"рассчитать\w*|выплатил\w*\s+(?:долг|задолженност|зарплат)\w*|оправда\w+|оправдательн\w+|"
    r"отказал\w*\s+в\s+(?:иске|удовлетворении)|отклонил\w*|отклонивш\w+|миров\w+\s+соглашени\w*|"
    r"отказ\w*\s+от\s+иск\w*|отозвал\w*\s+иск\w*|сохранени\w+\s+предприяти\w*|вышл?\w*\s+из\s+(?:процедур|банкротств)\w*|"
    r"сняты?\s+(?:санкци|арест|обвинени)\w*|исключ\w+\s+из\s+(?:санкционн|списк)\w*|удалось\s+взыскать|"
    r"техническ\w+\s+ошибк\w*|состава\s+преступления\s+не",
    re.IGNORECASE,
)
_NEGATED_WORD = re.compile(r"(?:^|\s)(?:не|ни|нет|без)\s+(?:\w+\s+){0,1}$", re.IGNORECASE)
# the wage-arrears triggers contain their own «не» («не выплачивают зарплату»): that negation is the risk
_OWN_NEGATION = frozenset({"layoffs"})


def _clause(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The clause around a trigger: cut at «;», «:», a dash between spaces and «, но/однако/а»."""
    left = 0
    for stop in re.finditer(r";|:|\s[—–]\s|,\s+(?:но|однако|а|хотя)\s", sentence[:start]):
        left = stop.end()
    right_stop = re.search(r";|:|\s[—–]\s|,\s+(?:но|однако|а|хотя)\s", sentence[end:])
    right = end + right_stop.start() if right_stop else len(sentence)
    return left, right


def is_real(sentence: str, trigger: Trigger) -> bool:
    """Whether the sentence reports the risk as happening (not denied, negated, supposed or closed)."""
    if _DENIAL.search(sentence) or _CLOSED.search(sentence):
        return False
    left, right = _clause(sentence, trigger.start, trigger.end)
    clause = sentence[left:right]
    if _NOT_PLANNED.search(clause) or _HYPOTHESIS.search(sentence[left : trigger.end + 0]):
        return False
    negated = _NEGATED_WORD.search(sentence[max(0, trigger.start - 30) : trigger.start])
    return trigger.category in _OWN_NEGATION or negated is None


# the words that name a category in a sentence that denies or closes it («задолженность была погашена»)
_CATEGORY_WORDS = {
    "bankruptcy": re.compile(r"банкрот|несостоятельн", re.I),
    "lawsuit": re.compile(r"(?<![а-яё])иск|суд(?![а-яё])|судебн", re.I),
    "criminal": re.compile(r"уголовн|обыск|задержан|арест|стра[жг]", re.I),
    "sanctions": re.compile(r"санкци|ограничени", re.I),
    "license": re.compile(r"лиценз|аккредит", re.I),
    "accident": re.compile(r"взрыв|пожар|авари|возгоран", re.I),
    "layoffs": re.compile(r"сокращ|увольн|уволи|задолженн|долг|зарплат|заработн", re.I),
    "tax": re.compile(r"налог", re.I),
    "contract": re.compile(r"контракт|договор", re.I),
}


def _lowered(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The same all-lower-case pattern without IGNORECASE, for a lower-cased text: found or not as before, and
    several times faster (re skips ahead by the first letters only without IGNORECASE)."""
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


_HINT_LOWER = _lowered(_HINT)
_DENIAL_LOWER = _lowered(_DENIAL)
_CLOSED_LOWER = _lowered(_CLOSED)
_NOT_PLANNED_LOWER = _lowered(_NOT_PLANNED)


def cancelled_categories(sentences: Sequence[str], vocab: Any) -> set[str]:
    """Categories an item denies or reports as closed in some sentence: they give no fact anywhere in it."""
    out: set[str] = set()
    for sentence in sentences:
        lowered = sentence.lower()
        if not (
            _DENIAL_LOWER.search(lowered)
            or _CLOSED_LOWER.search(lowered)
            or _NOT_PLANNED_LOWER.search(lowered)
        ):
            continue
        out.update(t.category for t in find_triggers(sentence, vocab))
        out.update(category for category, words in _CATEGORY_WORDS.items() if words.search(sentence))
    return out


# ---- 3. attribution ---------------------------------------------------------------------------------------

_AUTHORITY = re.compile(
    r"(?:^|\s)(?:цб|центробанк|центральный банк|банк россии|рособрнадзор|министерств|"
    r"мин(?:фин|обороны|обрнауки|энерго|промторг|экономразвития|транс|сельхоз|строй|цифры|юст|здрав|труд)|"
    r"следственн|ск\b|скр\b|гск\b|фнс|налогов|прокуратур|генпрокуратур|генеральн\w+ прокуратур|"
    r"мвд|фсб|фбр|интерпол|полици|росгвардия|омон|мчс|роспотребнадзор|ростехнадзор|фас\b|суд\b|"
    r"арбитражн|верховн\w+ суд|"
    r"правительств|администрац|госдум|дума|президент|кремл|управлени\w+ по контролю|офак|ofac|"
    r"европейск\w+ союз|евросоюз|ес\b|сша|стейт|госдеп|министерство|минтруд|минздрав|пресс-служб|"
    r"агентство по страхованию|асв\b|федеральн\w+ (?:служб|агентств)|ведомств|трудинспекц|гит\b)",
    re.IGNORECASE,
)
_CLAIMANT_BEFORE = re.compile(
    r"(?:(?<![а-яё])от|по\s+заявлению|заявлени[ею]|по\s+иску|инициированн\w+|кредитор\w*|истц\w*|истец|заявител\w*)"
    r"\s+(?:[а-яё]+\s+){0,2}(?:(?:ООО|ОАО|ПАО|ЗАО|АО|НАО)\s+)?[«\"]?\s*$",
    re.IGNORECASE,
)
_AGENT_AFTER = re.compile(
    r"^\s*[»\"]?\s*(?:\([^)]*\)\s*)?(?:,\s*[^,]{0,60},\s*)?(?:уже\s+|ранее\s+|также\s+)?"
    r"(?:продолжа\w+\s+|намерен\w*\s+|решил\w*\s+|готов\w*\s+|вновь\s+|снова\s+)?"
    r"(?:отозвал\w*|ввел\w*|ввёл|внес\w*|включил\w*|возбудил\w*|задержал\w*|признал(?:a|и)?\b|лишил\b|лишила|"
    r"запретил\w*|приостановил\w*|подал\w*|подает|подаёт|обратил\w*|потребовал\w*|требует|взыскива\w+|"
    r"провел\w*|провёл|наложил\w*|оштрафовал\w*|предъявил\w*|доначислил\w*|расторг\w*|инициировал\w*|"
    r"вынес\w*|арестовал\w*|обвиня\w+|обвинил\w*|настаива\w+|начал\w*\s+(?:расследование|проверку)|"
    r"намерен\w*\s+обанкротить|планиру\w+\s+обанкротить|хочет\s+обанкротить|отказыва\w+\s+от|"
    r"сообщил\w*|заявил\w*|подтвердил\w*|рассказал\w*|пояснил\w*|уточнил\w*)",
    re.IGNORECASE,
)
_SPEAKER_AFTER = re.compile(
    r"^\s*[»\"]?\s*(?:сообщил\w*|заявил\w*|подтвердил\w*|рассказал\w*|пояснил\w*|уточнил\w*)", re.I
)
_SPEAKER_BEFORE = re.compile(
    r"(?:^|\s)в\s+(?:пресс-службе\s+)?(?:госкорпорации|компании|корпорации|банке|концерне|холдинге)?\s*[«\"]?\s*$",
    re.IGNORECASE,
)


# the victim of what a criminal case is about («по факту покушения на Ису Ямадаева»)
_VICTIM_BEFORE = re.compile(
    r"(?:покушени\w+|нападени\w+|напал\w*|похищени\w+|захват\w*|убийств\w+|угроз\w+)\s+(?:на\s+)?"
    r"(?:[а-яё]+\s+){0,2}[«\"]?\s*$",
    re.IGNORECASE,
)
# what the entity rules sometimes tag as an organisation but no news risk can concern
_NOT_AN_ORGANISATION = frozenset({"интернет", "интернете", "сеть", "рунет", "жж", "живой журнал"})
_REFLEXIVE = re.compile(
    r"собственн\w+\s+банкротств|самобанкрот|себя\s+банкрот\w*|сво\w+\s+банкротств\w*", re.IGNORECASE
)


def _role(sentence: str, offset: int, entity: Entity) -> str:
    """patient / speaker / victim / agent (acts on the risk, reports it, or is an authority)."""
    before = sentence[max(0, entity.start - offset - 60) : entity.start - offset]
    after = sentence[entity.end - offset : entity.end - offset + 90]
    name = (entity.normal or entity.text).lower().replace("ё", "е")
    reflexive = _REFLEXIVE.search(sentence) is not None  # «о признании себя банкротом»: the filer suffers it
    if _AUTHORITY.search(name) or name in _NOT_AN_ORGANISATION:
        return "agent"
    if cited_before(before) or cited_after(after):
        return "agent"
    if _VICTIM_BEFORE.search(before):
        return "victim"
    if _CLAIMANT_BEFORE.search(before):
        return "patient" if reflexive else "agent"
    if _SPEAKER_AFTER.match(after) or (_SPEAKER_BEFORE.search(before) and _SPEAKER_AFTER.search(after[:80])):
        return "speaker"
    if _AGENT_AFTER.match(after) and not re.match(r"^\s*[»\"]?\s*(?:признан[оа]?|признаны)\b", after):
        return "patient" if reflexive else "agent"
    return "patient"


def concerned(sentence: str, offset: int, inside: Sequence[Entity]) -> tuple[list[Entity], list[Entity]]:
    """(organisations, people) the sentence's risk is about."""
    orgs = [e for e in inside if e.type == "ORG"]
    roles = {id(e): _role(sentence, offset, e) for e in orgs}
    patients = [e for e in orgs if roles[id(e)] == "patient"]
    if not patients:
        patients = [e for e in orgs if roles[id(e)] == "speaker"]
    people = [e for e in inside if e.type == "PER" and _role(sentence, offset, e) == "patient"]
    return _distinct(patients), _distinct(people)


def _distinct(entities: list[Entity]) -> list[Entity]:
    out: list[Entity] = []
    seen: set[str] = set()
    for entity in entities:
        sure = _sure_id(entity)
        key = str(sure) if sure is not None else entity.normal.lower()
        if key not in seen:
            seen.add(key)
            out.append(entity)
    return out


def _sure_id(entity: Entity | None) -> int | None:
    """The registry id of a mention the linker was sure of."""
    if entity is None or entity.link is None or entity.link.needs_review:
        return None
    return entity.link.entity_id


# a sentence without a name that speaks of the organisation of the previous one («спасение предприятия»)
_BACK_REFERENCE = re.compile(
    r"(?<![а-яё])(?:предприяти|компани|завод|комбинат|организаци|корпораци|концерн|холдинг|фирм)\w*",
    re.IGNORECASE,
)


# ---- the stage --------------------------------------------------------------------------------------------


def find_risks(
    text: str,
    entities: Sequence[Entity],
    sentences: Sequence[tuple[int, int]],
    published: date | None,
    vocab: Any,
) -> list[Fact]:
    """Risk facts of one item: one per category and organisation (or person), the first evidence kept."""
    pieces = [text[s:e] for s, e in sentences]
    cancelled = cancelled_categories(pieces, vocab)
    facts: list[Fact] = []
    seen: set[tuple[str, str]] = set()
    # the organisations the previous sentence named with a category's words: «… о сокращении на заводе
    # «Кока-Кола». Сокращены двести сотрудников.»
    previous: tuple[list[Entity], str] = ([], "")
    for (start, end), sentence in zip(sentences, pieces, strict=True):
        inside = [e for e in entities if start <= e.start and e.end <= end]
        orgs, people = concerned(sentence, start, inside)
        triggers = [t for t in find_triggers(sentence, vocab) if t.category not in cancelled]
        real = [t for t in triggers if is_real(sentence, t)]
        if not any(e.type in ("ORG", "PER") for e in inside):
            refers_back = _BACK_REFERENCE.search(sentence) is not None
            real = [t for t in real if refers_back or _CATEGORY_WORDS[t.category].search(previous[1])]
            orgs = previous[0]
        elif orgs:
            previous = (orgs, sentence)
        if not real or (not orgs and not people):
            continue
        when = _date(sentence, text, published, vocab)
        for trigger in _one_per_category(real):
            person = people[0] if people and trigger.category == "criminal" else None
            targets: list[Entity | None] = list(orgs) or ([None] if person is not None else [])
            for org in targets:
                key = (
                    trigger.category,
                    (org.normal.lower() if org else "") + "|" + (person.normal if person else ""),
                )
                if key in seen:
                    continue
                seen.add(key)
                fields: dict[str, object] = {
                    "category": trigger.category,
                    "organization": org.normal if org else None,
                    "organization_id": _sure_id(org),
                    "person": person.normal if person else None,
                    "person_id": _sure_id(person),
                    "date": when,
                    "trigger": trigger.text,
                }
                facts.append(Fact("risk", fields, Span(start, start + len(sentence.rstrip()))))
    return facts


def _one_per_category(triggers: list[Trigger]) -> list[Trigger]:
    out: dict[str, Trigger] = {}
    for trigger in triggers:
        out.setdefault(trigger.category, trigger)
    return list(out.values())


def _date(sentence: str, text: str, published: date | None, vocab: Any) -> str | None:
    year = year_from_context(sentence, published) or year_from_context(text, published)
    dates = find_dates(sentence, default_year=year, morph=vocab)
    if dates and dates[0].start_iso:
        return dates[0].start_iso
    relative = relative_day(sentence, published)
    if relative is not None:
        return relative[0].isoformat()
    return published.isoformat() if published else None

"""Post facts: who holds (or takes, or leaves) which post in which organisation.

Three constructions, each a yargy title grammar anchored on a PER mention:
- title before the person: «ректор ТУСУРа Виктор Рулевский», «заместитель генерального директора по науке
  АО «Микран» Иван Петров», «назначен генеральным директором АО «X» Дмитрием Марковым»;
- apposition after the person: «Виктор Рулевский, ректор ТУСУРа, …», «Иван Петров — директор …», and a second
  post joined by «и» or a comma («…, ректор ТГУ и председатель совета ректоров»);
- a verb of change after the person: «Дмитрий Марков назначен генеральным директором АО «X»», «стал ректором»,
  «избран председателем», «покинул пост губернатора», «освобождён от должности ректора».

The title is put in the nominative by agreement (pymorphy through natasha's vocabulary): the head noun goes to
the nominative singular, the adjectives before it agree with it, the dependents after it stay as written
(«первого заместителя губернатора Томской области» -> «первый заместитель губернатора Томской области»).
`change` says what the text reports: `appointed`, `left`, `former` («бывший», «экс-») or `holds`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

from clusterdesk.news.orgs import ORG_DESCRIPTORS
from clusterdesk.news.records import Entity, Fact, Span
from clusterdesk.news.title_owner import (
    has_singular_head,
    last_title_start,
    next_nominative_head,
    nominative_like,
    one_person_title,
)
from clusterdesk.news.titles import (
    LEGAL,
    TITLE_WORDS,
    WORD,
    head_parse,
    nominative_title,
)

_PREFIXES = ("вице", "экс", "премьер", "зам", "пресс", "сити", "генерал")
_HINT = re.compile(
    r"(?<![А-Яа-яЁё])(?:" + "|".join(sorted({w[:4] for w in TITLE_WORDS}, key=len, reverse=True)) + ")",
    re.IGNORECASE,
)
_APPOINTED = re.compile(
    r"(?<![А-Яа-яЁё])(?:назнач(?:ен|ена|ены|или|ил|ила|ило|ат|ают|ается)|(?:пере)?избран\w*|(?:пере)?избрал\w*|"
    r"стал|стала|станет|становится|утвержд[её]н\w*\s+(?:в|на)\s+должност\w+|утвердил\w*\s+в\s+должност\w+|"
    r"вступил\w*\s+в\s+должность|заступил\w*|возглавил\w*|возглавит|на\s+(?:должность|пост)|"
    r"(?:занял|заняла|займ[её]т)\s+(?:пост|должность|кресло)|"
    r"приступил\w*\s+к\s+обязанност\w+)(?![А-Яа-яЁё])",
    re.IGNORECASE,
)
_LEFT = re.compile(
    r"(?<![А-Яа-яЁё])(?:освобожд[её]н(?:а|о|ы)?|освободил\w*|покинул\w*|покинет|покидает|уволен\w*|уволил\w*|"
    r"(?:ушел|ушёл|ушла|уходит|уйдет|уйдёт)(?!\s+(?:в\s+(?:отпуск|декрет)|на\s+(?:больничный|каникулы)))|"
    r"отставк\w+|сложил\w*\s+(?:с\s+себя\s+)?полномочия|"
    r"прекращ\w+\s+полномочи\w+|прекрати(?:л|ла|ли)\s+(?:его\s+|её\s+|ее\s+)?полномочи\w+|"
    r"снят\w*\s+с\s+(?:должности|поста)|отстран[её]н\w*|"
    r"(?:с|от)\s+(?:должности|поста))(?![А-Яа-яЁё])",
    re.IGNORECASE,
)
# a verb of dismissal in the active voice: its subject dismisses someone else
_DISMISSED_SOMEONE = re.compile(r"(?:освободил|уволил)\w*", re.IGNORECASE)
_FORMER = re.compile(r"(?<![А-Яа-яЁё])(?:бывш\w+|экс-|экс\s|прежн\w+|предыдущ\w+|занимавш\w+)", re.IGNORECASE)
# after the person: «назначен», «стал», «покинул пост», «освобождён от должности» … then the title
_VERB_AFTER = re.compile(
    r"^\s*(?:,\s*)?(?:был\w*\s+|будет\s+|уже\s+|вновь\s+|официально\s+|ранее\s+|досрочно\s+)*"
    r"(?:назначен\w*|назначается|(?:пере)?избран\w*|стал|стала|станет|становится|является|являлся|являлась|работает|"
    r"работал\w*|служит|утвержд[её]н\w*|покинул\w*|покидает|освобожд[её]н\w*|уволен\w*|ушел|ушёл|ушла|"
    r"(?:был|была)(?=\s+[а-яё]+(?:ом|ем|ой|ым|им)\s)|замещал\w*|"
    r"занимает|занимал\w*|занимавш\w+|занимающ\w+|оставил\w*|сохранил\w*)"
    r"(?:\s+(?:в\s+должност\w+|на\s+(?:должность|пост)|от\s+должности|с\s+(?:должности|поста)|"
    r"(?:должность|пост)|в\s+качестве))?\s+",
    re.IGNORECASE,
)
_APPOSITION = re.compile(r"^\s*(?:,|—|–|‒|−|-\s)\s*(?:(?:бывший|бывшая|нынешний|нынешняя|новый|новая)\s+)?")
# a relative named by the person's kinship, before the relative's title («вдове первого президента …»)
_KIN_BEFORE = re.compile(
    r"(?<![А-Яа-яЁё])(?:вдов|жен[аеуыо]|супруг|сын|доч|брат|сестр|отц|отец|мать|матер|внук|внучк|племянни)"
    r"[а-яё]*\s+$",
    re.IGNORECASE,
)
_TRAILING_PREPOSITION = re.compile(
    r"\s+(?:от|при|в|во|на|из|у|для|с|со|к|ко|о|об|по|за|перед|среди|через|и|или)\s*$",
    re.IGNORECASE,
)
_APPOSITION_MARK = re.compile(r"\s*(?:,|—|–|‒|−|-)\s*")
_PARENTHESIS = re.compile(r"\s*\([^()]{1,80}\)")
_OPEN_PARENTHESIS = re.compile(r"\s*\(\s*")
_NAMING = re.compile(
    r"(?<![А-Яа-яЁё])(?:назвал\w*|назначил\w*|назначат|избрал\w*|утвердил\w*|сделал\w*|объявил\w*)"
    r"\s+(?:[а-яё]+\s+)?$",
    re.IGNORECASE,
)
_JOIN = re.compile(
    r"\s*(?:,\s*)?(?:и|а\s+также)\s+|\s*,\s*(?=[а-яё])", re.IGNORECASE
)  # used with .match(pos)
_FILLERS = re.compile(r"(?<![А-Яа-яЁё])(?:был|была|были|будет|вновь|сегодня|официально)(?![А-Яа-яЁё])")
_CLAUSE_END = re.compile(r"[;:()]|\s—\s|\s–\s")


_LEADING_FORMER = re.compile(
    r"^\s*(?:бывш\w+|прежн\w+|предыдущ\w+|нов(?:ый|ая|ого|ой|ым|ому)|нынешн\w+)\s+", re.IGNORECASE
)
# what a text thinks of a person is no part of the post
_EVALUATIVE = re.compile(
    r"^\s*(?:[а-яё]+о\s+)?(?:известн|знаменит|скандальн|популярн|опытн|влиятельн|легендарн|талантлив|новоиспеч)"
    r"[а-яё]*\s+",
    re.IGNORECASE,
)
_TRAILING_DESCRIPTOR = re.compile(  # with its adjectives: «… директор томской научно-производственной фирмы»
    r"(?:\s+[а-яё]+(?:-[а-яё]+)*(?:ой|ей|ого|его|ых|их))*"
    r"\s+(?:компании|корпорации|предприятия|холдинга|фирмы|группы|концерна|госкорпорации|организации|вуза|"
    r"университета|завода|комбината|фабрики|агентства|банка|фонда|института|объединения|общества)\s*$",
    re.IGNORECASE,
)


@lru_cache(maxsize=4)
def _title_parser(vocab: Any) -> tuple[Any, Any]:
    """The title grammar's parser, and its anchor: the title word that every match contains."""
    from yargy import Parser, and_, not_, or_, rule
    from yargy.parser import Context
    from yargy.predicates import dictionary, eq, gram, in_caseless

    from clusterdesk.news.dates import once_tokenizer

    word = dictionary(set(TITLE_WORDS))
    compound = rule(in_caseless(set(_PREFIXES)), eq("-"), word)
    adjective = and_(gram("ADJF"), not_(gram("Apro")))
    adjectives = rule(adjective, rule(eq("и").optional(), adjective).optional().repeatable().optional())
    head = rule(adjectives.optional(), or_(compound, rule(word)))
    modifier = or_(
        rule(gram("ADJF")),
        rule(and_(gram("NOUN"), not_(gram("Name")), not_(gram("Surn")), not_(gram("Patr")))),
        rule(gram("ADVB"), eq("-"), gram("ADJF")),  # «по научно-образовательному комплексу»
        rule(gram("PREP")),
        rule(eq("и")),
        rule(eq("-")),
    )
    title = rule(head, modifier.optional().repeatable().optional())
    tokenizer = once_tokenizer(vocab)
    return Parser(title, tokenizer=tokenizer), dictionary(set(TITLE_WORDS)).activate(Context(tokenizer))


def _titles_in(chunk: str, vocab: Any) -> list[Any]:
    """The title grammar's matches in `chunk`; the parser runs only when a word of it is a title word."""
    parser, anchor = _title_parser(vocab)
    if not any(anchor(token) for token in parser.tokenizer(chunk)):
        return []  # every title has a title word (the head, or the last part of «вице-губернатор»)
    return list(parser.findall(chunk))


def find_posts(
    text: str, entities: Sequence[Entity], sentences: Sequence[tuple[int, int]], vocab: Any
) -> list[Fact]:
    """Every post of every person mention; one fact per person, title and organisation."""
    people = [e for e in entities if e.type == "PER"]
    named = [e for e in entities if e.type in ("ORG", "LOC")]
    facts: list[Fact] = []
    for person in people:
        sentence = next(((s, t) for s, t in sentences if s <= person.start < t), (0, len(text)))
        others = [e for e in people if e is not person and sentence[0] <= e.start < sentence[1]]
        groups: list[list[tuple[int, int]]] = []
        owner = _owner_in_title(text, person, others)
        if owner is not None:
            # «заместителя Мазура Василия Потемкина»: the title with the person it is of, before this name
            found = _title_before(text, replace(person, start=owner.start, end=owner.start), sentence,
                                  [o for o in others if o is not owner], named, vocab)  # fmt: skip
            before = (found[0], owner.end) if found is not None and found[1] >= owner.start - 1 else None
        elif any(o.start > person.end and not text[person.end : o.start].strip() for o in others):
            before = None  # «заместителя | Мазура | Василия Потемкина»: the title is the next person's
        else:
            before = _title_before(text, person, sentence, others, named, vocab)
        if (
            before is not None
            and _is_rank(text[before[0] : before[1]], vocab)
            and not any(
                before[1] <= o.start and o.end <= person.start and not _ACADEMY.match(o.text)
                for o in named
                if o.type == "ORG"
            )
        ):
            # (a rank with the organisation it is held at is a position: «профессор ТПУ, доктор … наук …»)
            # «Ректор НГУ академик Михаил Федорук»: a rank is no post; the title before it is the person's
            rank_at = replace(person, start=before[0], end=before[0])
            before = _title_before(text, rank_at, sentence, others, named, vocab)
        if before is not None:
            groups.append(_split_at_organisations(text, _split_titles(text, before, vocab), named, vocab))
            earlier = _title_before_title(text, before, person, sentence, others, named, vocab)
            if earlier is not None:
                # its organisation is named before the comma, not in the other title
                facts.extend(
                    _fact(text, span, person, entities, sentence, vocab, org_before=before[0])
                    for span in _split_titles(text, earlier, vocab)
                )
        for found in _titles_after(text, person, sentence, others, named, vocab):
            groups.append(_split_titles(text, found, vocab))
        if not groups and (held := _post_word_after(text, person, sentence, others, vocab)) is not None:
            groups.append([held])
        if became := _became_after_clause(text, person, sentence, others, named, vocab):
            facts.append(became)
        for group in groups:
            facts.extend(
                _shared_organisation(
                    text, group, [_fact(text, s, person, entities, sentence, vocab) for s in group]
                )
            )
        facts.extend(_heads(text, person, sentence, others, entities, vocab))
    return _unique(
        [f for f in facts if f.fields.get("title") and not _bare_rank(f) and not _plural_title(f, vocab)]
    )


def _plural_title(fact: Fact, vocab: Any) -> bool:
    """«Среди замов-новичков — Александр Краснов»: a title left in the plural names a group, not a post."""
    first = str(fact.fields["title"]).split()[0].lower().split("-")[0]
    readings = [p for p in vocab.parse(first) if p.tag.POS == "NOUN"]
    return bool(readings) and all(p.tag.number == "plur" for p in readings)


def _bare_rank(fact: Fact) -> bool:
    """«… председателя СО РАН академик Дмитрий Маркович»: a rank without an organisation is no post."""
    return fact.fields.get("organization") is None and str(fact.fields["title"]).lower() in _RANKS


# «Дмитрий Сон, который покинул свой пост … и стал проректором в Томском политехническом университете»,
# «Наталья Омелехина, которая ранее возглавляла министерство (…), стала проректором НГУ»: the person's
# relative clause, then what the person became (or was: «…, которая ранее была заместителем главы Кемерова»)
_RELATIVE = re.compile(r"\s*,\s*(?:который|которая)\s")
_BECAME_AFTER = re.compile(
    r"(?<![А-Яа-яЁё])(?:стал|стала|назначен|назначена|избран|избрана|"
    r"(?P<was>был|была|являлся|являлась|(?:занимал|занимала|замещал|замещала)\s+(?:пост|должность)))\s+"
    r"(?:(?:новым|новой)\s+)?",
    re.IGNORECASE,
)
_IN_ORGANISATION = re.compile(r"\s+(?:в|во)\s+")


def _became_after_clause(
    text: str,
    person: Entity,
    sentence: tuple[int, int],
    others: Sequence[Entity],
    named: Sequence[Entity],
    vocab: Any,
) -> Fact | None:
    if _RELATIVE.match(text, person.end) is None:
        return None
    limit = min(sentence[1], person.end + 200)
    if any(person.end <= o.start < limit for o in others):
        return None  # someone else named in the clause: the verb may be theirs
    for verb in _BECAME_AFTER.finditer(text, person.end, limit):
        span = _title_at(text, verb.end(), sentence[1], vocab)
        if span is None:
            continue
        end = span[1]
        inside = _IN_ORGANISATION.match(text, end)
        if inside is not None and any(o.type == "ORG" and o.start == inside.end() for o in named):
            end = inside.end()  # «проректором | в | Томском политехническом университете»
        reach = _extend_over_names(text, end, named)
        fact = _fact(text, (span[0], max(span[1], reach)), person, [*named, person], sentence, vocab)
        # «Ольга Турбаба, которая ранее была заместителем главы Кемерова»: a post held before
        change = "former" if verb.group("was") else "appointed"
        return Fact("post", {**fact.fields, "change": change}, fact.evidence)
    return None


# «Департамент спецпроектов Томской области возглавил Андрей Мильке», «Ранее департамент … возглавлял Дмитрий
# Сон», «Андрей Мильке возглавил департамент …», «Дмитрий Сон, возглавлявший департамент …»: the person heads
# the organisation; the post is «руководитель», its change told by the verb's tense
_HEAD_VERB = re.compile(
    r"(?<![А-Яа-яЁё])(?:(?P<appointed>возглави(?:л|ла|ли|т))|(?P<holds>возглавля(?:ет|ют)|возглавляющ\w+"
    r"|руковод(?:ит|ят|ящ\w+))|(?P<former>возглавля(?:л|ла|ли)|возглавлявш\w+|руководи(?:л|ла|ли|вш\w+)))"
    r"(?![А-Яа-яЁё])",
    re.IGNORECASE,
)
_SUBJECT_GAP = re.compile(
    r"\s*(?:,\s*(?:(?:который|которая)\s+)?)?(?:(?:ранее|прежде|сейчас|теперь|уже|также|в\s+\d{4}\s+году)\s+)*",
    re.IGNORECASE,
)
# quotes, and a word of an organisation's kind: «возглавил компанию «X»» (not «возглавил делегацию ТУСУРа»)
_OBJECT_GAP = re.compile(r"[\s«\"]*(?:(?P<kind>[а-яё]+)[\s«\"]+)?")
_EARLIER = re.compile(r"(?<![А-Яа-яЁё])(?:ранее|прежде|до\s+этого)\s+$", re.IGNORECASE)


def _heads(
    text: str,
    person: Entity,
    sentence: tuple[int, int],
    others: Sequence[Entity],
    entities: Sequence[Entity],
    vocab: Any,
) -> list[Fact]:
    orgs = [e for e in entities if e.type == "ORG" and sentence[0] <= e.start < sentence[1]]
    out: list[Fact] = []
    # the person, then the verb, then the organisation
    gap = _SUBJECT_GAP.match(text, person.end)
    verb = _HEAD_VERB.match(text, gap.end()) if gap else None
    if verb is not None:
        opening = _OBJECT_GAP.match(text, verb.end())
        at = verb.end()
        if opening is not None:
            kind = opening["kind"]
            # the organisation begins after the quotes and its kind word, or with that word itself
            named_kind = kind is None or bool(_lemmas(kind, vocab) & ORG_DESCRIPTORS)
            at = opening.end() if named_kind else opening.start("kind")
        org = next((o for o in orgs if verb.end() < o.start <= at), None)
        if org is not None and not any(verb.end() <= o.start < org.start for o in others):
            out.append(_head_fact(text, person, org, verb, Span(person.start, org.end)))
    # the organisation (and its place), then the verb, then the person
    verb_end = _before_spaces(text, person.start, sentence[0])
    verb = next(
        (
            m
            for m in _HEAD_VERB.finditer(text, max(sentence[0], verb_end - 20), verb_end)
            if m.end() == verb_end
        ),
        None,
    )
    if verb is not None:
        end = _before_spaces(text, verb.start(), sentence[0])
        places = [e for e in entities if e.type == "LOC" and sentence[0] <= e.start and e.end <= end]
        # step back over the organisation's places («… спецпроектов | Томской области»)
        while (place := next((e for e in places if e.end == end), None)) is not None:
            end = _before_spaces(text, place.start, sentence[0])
        org = next((o for o in orgs if o.end == end), None)
        if org is not None:
            out.append(_head_fact(text, person, org, verb, Span(org.start, person.end)))
    return out


def _before_spaces(text: str, end: int, floor: int) -> int:
    """Where the spaces before ``end`` begin (not before ``floor``)."""
    while end > floor and text[end - 1].isspace():
        end -= 1
    return end


def _head_fact(text: str, person: Entity, org: Entity, verb: re.Match[str], evidence: Span) -> Fact:
    change = "appointed" if verb["appointed"] else "holds" if verb["holds"] else "former"
    if change != "former" and _EARLIER.search(text, max(0, evidence.start - 12), evidence.start):
        change = "former"
    fields: dict[str, object] = {
        "person": person.normal,
        "title": "руководитель",
        "organization": _org_name(org),
        "change": change,
    }
    return Fact("post", fields, evidence)


def _owner_in_title(text: str, person: Entity, others: Sequence[Entity]) -> Entity | None:
    """The person named right before this one, with nothing between: the one a title before both is of."""
    return next((o for o in others if o.end <= person.start and not text[o.end : person.start].strip()), None)


# academic ranks: no post of their own, with or without the academy («академик РАН»)
_RANKS = frozenset(["академик", "профессор", "доцент", "член-корреспондент", "членкор"])
_ACADEMY = re.compile(r"^(?:(?:СО|УрО|ДВО)\s+)?(?:РАН|РАО|РАМН|РАСХН)$")


def _is_rank(phrase: str, vocab: Any) -> bool:
    words = phrase.split()
    if not words or not _lemmas(words[0].strip(",").lower(), vocab) & _RANKS:
        return False
    return all(word.isupper() for word in words[1:])


def _shared_organisation(text: str, spans: Sequence[tuple[int, int]], facts: list[Fact]) -> list[Fact]:
    """«генерального директора и совладельца компании «Т-Платформы»»: titles joined by «и» share the
    organisation named after the last of them."""
    if len(facts) < 2 or facts[-1].fields.get("organization") is None:
        return facts
    shared = facts[-1].fields["organization"]
    out = list(facts)
    for i in range(len(facts) - 2, -1, -1):
        joined = re.fullmatch(r"\s+и\s+", text[spans[i][1] : spans[i + 1][0]])
        if joined is None or out[i].fields.get("organization") is not None:
            break
        out[i] = Fact(out[i].type, {**out[i].fields, "organization": shared}, out[i].evidence)
    return out


def _title_before_title(
    text: str,
    title: tuple[int, int],
    person: Entity,
    sentence: tuple[int, int],
    others: Sequence[Entity],
    named: Sequence[Entity],
    vocab: Any,
) -> tuple[int, int] | None:
    """«лидер Меджлиса крымско-татарского народа, народный депутат Украины Мустафа Джемилев»: a second title
    of the same person, set off by a comma right before the first (a title closed by its organisation's name
    without a comma, «ректор ТУСУРа профессор Иван Петров», was tried: one false post more on factRuEval's
    unseen part, none found on the development part)."""
    comma = re.search(r",\s*$", text[max(sentence[0], title[0] - 3) : title[0]])
    if comma is None:
        # «министром юстиции назначена теперь уже экс-начальник департамента контроля Татьяна Деркач»: the
        # post the person is appointed to, before the verb, and the title the person is named with
        verb = _APPOINTED_BEFORE.search(text, max(sentence[0], title[0] - 40), title[0])
        if verb is None:
            return None
        at = verb.start()
        return _title_before(text, replace(person, start=at, end=at), sentence, others, named, vocab)
    at = max(sentence[0], title[0] - 3) + comma.start()
    return _title_before(text, replace(person, start=at, end=at), sentence, others, named, vocab)


_APPOINTED_BEFORE = re.compile(
    r"(?<![А-Яа-яЁё])(?:назначен|назначена|избран|избрана)\s+(?:(?:теперь|уже|вновь)\s+){0,2}$",
    re.IGNORECASE,
)


def _title_before(
    text: str,
    person: Entity,
    sentence: tuple[int, int],
    others: Sequence[Entity],
    named: Sequence[Entity],
    vocab: Any,
) -> tuple[int, int] | None:
    window_start = max(sentence[0], person.start - 200)
    # a title of this person begins after anyone named before it («Сергей Жвачкин и генеральный директор
    # «Микран» Владимир Доценко»: «Жвачкин» also reads as a possessive adjective that a title may open with)
    previous = max((o.end for o in others if window_start < o.end <= person.start), default=None)
    window_start = max(window_start, previous or window_start)
    hint = _HINT.search(text, window_start, person.start)
    if hint is None:
        return None
    room = max(window_start, hint.start() - 30)
    window_start = max(window_start, text.rfind(" ", window_start, room) + 1)
    window = text[window_start : person.start]
    # The last passing title lies after the last barrier before the window's last title word, unless none
    # does there: parse that tail first, the whole window only if it has no passing title (same answer).
    for cut in _tail_cuts(window, vocab):
        best: tuple[int, int] | None = None
        for match in _titles_in(window[cut:], vocab):
            start, stop = window_start + cut + match.span.start, window_start + cut + match.span.stop
            if any(start <= o.start < person.start for o in others):
                continue  # the title belongs to someone named between it and this person
            if _KIN_BEFORE.search(text, max(window_start, start - 20), start):
                continue  # «вдове первого президента Наине Иосифовне»: the title is a relative's
            if _object_of_a_preposition(text, start, person, vocab):
                continue  # «во время беседы с главой СФУ Елена Безденежных уделила …»: not her title
            start = last_title_start(text, start, stop, vocab)
            if not has_singular_head(text, (start, stop), vocab):
                # «с заместителями губернатора из команды Сергея Жвачкина»: not his post; «заседание
                # кабинета министров глава правительства Израиля Биньямин Нетаньяху»: the next title is
                start = next_nominative_head(text, start, stop, vocab)
                if start is None:
                    continue
            if text[stop : person.start].lstrip().startswith(",") and (
                not nominative_like(text, (start, stop), person, vocab)
                or (previous is not None and _APPOSITION_MARK.fullmatch(text, previous, start) is not None)
            ):
                # … or the title is the apposition of the person before it («Валерий Тишков - директор
                # Института …, Виктор Майклсон - зав. кафедрой»)
                # «стал первым замом губернатора, Владимир Знатков ‒ …»: the title ends a clause («первый
                # вратарь сборной последних лет, Оливер Кан» agrees with its person and is his)
                continue
            if _only_names(text, stop, person.start, named, allow_verbs=True):
                best = (_with_acting(text, start, window_start), stop)
            elif (field := _field_after_names(text, stop, person.start, named)) is not None:
                best = (_with_acting(text, start, window_start), field)
        if best is not None:
            return best
    return None


_PREPOSITION_BEFORE = re.compile(
    r"(?<![А-Яа-яЁё])(?:с|со|к|ко|от|у|для|без|при|перед|над|под)\s+$", re.IGNORECASE
)


def _object_of_a_preposition(text: str, start: int, person: Entity, vocab: Any) -> bool:
    """A title governed by a preposition before it («с главой СФУ») is not the title of a person named right
    after it in the nominative (the subject of the next verb)."""
    if _PREPOSITION_BEFORE.search(text, max(0, start - 8), start) is None:
        return False
    first = person.text.split()[0].lower()
    if not vocab.word_is_known(first):
        return False
    names = [p for p in vocab.parse(first) if "Name" in p.tag]
    return bool(names) and all(p.tag.case == "nomn" for p in names)


# Every terminal of the title grammar (a title word, a prefix, an adjective, a noun, an adverb, a
# preposition, «и», «-») accepts only these tokens; any other token is a *barrier* that no title runs across.
# The matches of a text cut just after a barrier are exactly the whole text's matches after it: a match
# depends on its own tokens only, and yargy's choice of non-overlapping matches (maximum coverage,
# `resolve_spans`) over spans that no span crosses is the choice made on each side alone.
_TITLE_GRAMS = ("ADJF", "NOUN", "ADVB", "PREP")


def _is_barrier(token: Any, anchor: Any) -> bool:
    if token.value in ("-", "и"):
        return False
    if token.type != "RU":
        return True
    if token.value.lower() in _PREFIXES or anchor(token):
        return False
    return not any(gram in form.grams for form in token.forms for gram in _TITLE_GRAMS)


def _tail_cuts(window: str, vocab: Any) -> list[int]:
    """Where to parse the window from: after the last barrier before its last title word, then (if that
    gives no title) from its start."""
    parser, anchor = _title_parser(vocab)
    tokens = parser.tokenizer(window)
    last_title = next((i for i in range(len(tokens) - 1, -1, -1) if anchor(tokens[i])), None)
    if last_title is None:
        return [0]
    barrier = next((i for i in range(last_title - 1, -1, -1) if _is_barrier(tokens[i], anchor)), None)
    if barrier is None:
        return [0]
    return [tokens[barrier].span.stop, 0]


def _head_cut(chunk: str, vocab: Any) -> str:
    """The chunk up to its first barrier after the first token: the first match yargy picks is the same."""
    parser, anchor = _title_parser(vocab)
    tokens = parser.tokenizer(chunk)
    barrier = next((t for t in tokens[1:] if _is_barrier(t, anchor)), None)
    return chunk if barrier is None else chunk[: barrier.span.start]


_ACTING_BEFORE = re.compile(r"(?:(?:временно\s+)?исполняющ\w*\s+обязанност\w*|и\.\s?о\.)\s*$", re.IGNORECASE)
_ACTING_AT = re.compile(r"(?:(?:временно\s+)?исполняющ\w*\s+обязанност\w*|и\.\s?о\.)\s*", re.IGNORECASE)


def _with_acting(text: str, start: int, floor: int) -> int:
    """«исполняющий обязанности ректора», «и. о. ректора»: the acting prefix belongs to the title."""
    acting = _ACTING_BEFORE.search(text, max(0, floor - 40), start)
    return acting.start() if acting else start


def _titles_after(
    text: str,
    person: Entity,
    sentence: tuple[int, int],
    others: Sequence[Entity],
    named: Sequence[Entity],
    vocab: Any,
) -> list[tuple[int, int]]:
    rest = text[person.end : sentence[1]]
    skip = _PARENTHESIS.match(rest)  # «Скотт Хоровитц (Scott Horowitz), бывший астронавт»
    inside = _OPEN_PARENTHESIS.match(rest)
    titled = inside is not None and _title_at(text, person.end + inside.end(), sentence[1], vocab) is not None
    # the parenthesis is skipped unless it holds the title («Йоахим Лёв (второй тренер) и …»)
    offset = (
        skip.end()
        if skip and not titled and not _title_at(text, person.end + skip.end(), sentence[1], vocab)
        else 0
    )
    rest = rest[offset:]
    lead = _VERB_AFTER.match(rest) or _APPOSITION.match(rest) or _OPEN_PARENTHESIS.match(rest)
    if lead is None and _NAMING.search(text, max(sentence[0], person.start - 40), person.start):
        lead = re.match(r"\s+", rest)  # «назвал Йенса Лемана первым вратарём»
    if lead is None:
        return []
    lead_end = offset + lead.end()
    out: list[tuple[int, int]] = []
    position = person.end + lead_end
    apposition = lead.re is _APPOSITION
    while len(out) < 3:
        span = _title_at(text, position, sentence[1], vocab)
        if span is None or any(span[0] <= o.start < span[1] for o in others):
            break
        if apposition and not one_person_title(text, span, person, vocab):
            break  # «Пётр Пархомчик, главы российских регионов, руководители …»: other people, unnamed
        end = _extend_over_names(text, span[1], named)
        between = (text[end : o.start] for o in others if o.start >= end)
        if apposition and any(re.fullmatch(r"[\s«»\"—–‒−-]*", gap) for gap in between):
            break  # «Владимира Мазура, заместителя гендиректора «…» Алексея Уривского»: the next one's title
        out.append(span)
        join = _JOIN.match(text, end, sentence[1])
        if join is None:
            break
        position = join.end()
    return out


_SPLIT = re.compile(r"\s*(?:,|\s(?:и|а\s+также))\s+")


def _split_at_organisations(
    text: str, spans: list[tuple[int, int]], named: Sequence[Entity], vocab: Any
) -> list[tuple[int, int]]:
    """«наблюдатель от ОБСЕ португальский парламентарий Хуан Суареш»: a title word after an organisation
    inside a title begins a second title (the grammar reads the abbreviation as a noun)."""
    out: list[tuple[int, int]] = []
    for start, stop in spans:
        inside = [e for e in named if e.type == "ORG" and start < e.start and e.end < stop]
        cut = None
        for org in inside:
            words = list(WORD.finditer(text, org.end, stop))
            heads = [i for i, w in enumerate(words) if head_parse(w.group(), vocab) is not None]
            if (
                words
                and heads
                and all(
                    any(p.tag.POS == "ADJF" for p in vocab.parse(w.group().lower())[:1])
                    for w in words[: heads[0]]
                )
            ):
                cut = (org.end, words[0].start())
        if cut is None:
            out.append((start, stop))
        else:
            out.extend([(start, cut[0]), (cut[1], stop)])
    return out


def _split_titles(text: str, span: tuple[int, int], vocab: Any) -> list[tuple[int, int]]:
    """«ректор ТУСУРа и председатель совета ректоров» is two titles: cut before a second head word."""
    out: list[tuple[int, int]] = []
    start = span[0]
    for join in _SPLIT.finditer(text, span[0], span[1]):
        following = WORD.match(text, join.end())
        if following is None or following.start() >= span[1]:
            continue
        if head_parse(following.group(), vocab) is not None or _adjective_head(text, following.end(), vocab):
            if not any(head_parse(w, vocab) is not None for w in WORD.findall(text, start, join.start())):
                continue  # «чрезвычайный и полномочный посол»: adjectives joined before one head
            if join.start() > start:
                out.append((start, join.start()))
            start = join.end()
    out.append((start, span[1]))
    return out


def _adjective_head(text: str, position: int, vocab: Any) -> bool:
    """Whether an adjective just read is followed by a title head («и первый вице-президент»)."""
    following = WORD.match(text, position + 1)
    return (
        following is not None
        and head_parse(following.group(), vocab) is not None
        and (text[position : following.start()].strip() == "")
    )


_POST_WORD = re.compile(r"(?<![А-Яа-яЁё])(?:пост|поста|посту|постом|должност\w+)\s+", re.IGNORECASE)


def _post_word_after(
    text: str, person: Entity, sentence: tuple[int, int], others: Sequence[Entity], vocab: Any
) -> tuple[int, int] | None:
    """«Путин согласился занять пост премьер-министра»: the subject, then «пост/должность» and a title."""
    limit = min(sentence[1], person.end + 70)
    found = _POST_WORD.search(text, person.end, limit)
    if found is None or _CLAUSE_END.search(text, person.end, found.start()):
        return None
    if "," in text[person.end : found.start()]:
        return None
    if any(person.end <= o.start < found.end() + 80 for o in others):
        return None
    return _title_at(text, found.end(), sentence[1], vocab)


def _title_at(text: str, start: int, limit: int, vocab: Any) -> tuple[int, int] | None:
    """A title that begins exactly at `start` (after an acting prefix, which it keeps)."""
    acting = _ACTING_AT.match(text, start)
    if acting:
        found = _title_at(text, acting.end(), limit, vocab)
        return (start, found[1]) if found else None
    if _HINT.search(text, start, min(limit, start + 50)) is None:
        return None  # no title word near: skip the parser
    chunk = _head_cut(text[start : min(limit, start + 150)], vocab)
    for match in _titles_in(chunk, vocab):
        if chunk[: match.span.start].strip() == "":
            return start + match.span.start, start + match.span.stop
        break
    return None


def _extend_over_names(text: str, end: int, named: Sequence[Entity]) -> int:
    """Step over the organisations and places (and legal forms, quotes) written right after a title."""
    moved = True
    while moved:
        moved = False
        gap = re.match(r"[\s«»\"]*(?:(?:АО|ОАО|ПАО|ЗАО|ООО|НАО|ФГУП|ГУП|АНО)\s+)?[\s«]*", text[end:])
        probe = end + (gap.end() if gap else 0)
        for entity in named:
            if entity.start == probe or (entity.start <= probe < entity.end):
                end = max(end, entity.end)
                while end < len(text) and text[end] == "»":
                    end += 1
                moved = True
    return end


# «Заместитель генерального директора «Микрана» | по внешним связям | Александр Ащеулов»: the title's field
# written after its organisation
_FIELD = re.compile(r"\s*по\s+[а-яё-]+(?:\s+(?:и\s+)?[а-яё-]+){0,4}\s*$")


def _field_after_names(text: str, stop: int, end: int, named: Sequence[Entity]) -> int | None:
    """End of a field («по внешним связям») that follows the organisations after a title and ends right
    before the person; None when something else lies between."""
    field = _FIELD.search(text, stop, end)
    if field is None or not any(stop <= e.start and e.end <= field.start() for e in named):
        return None
    return end if _only_names(text, stop, field.start(), named, allow_verbs=False) else None


# «Центра исследований биоты, климата и ландшафтов («БиоКлимЛанд») ТГУ»: a quoted short name or an
# abbreviation in parentheses right after an organisation (not a place: «Kollektiv (Германия, США)»)
_OPENING = ' «"„“'
_ALIAS = re.compile(r"\s*\(\s*(?:[«\"„][^()«»\"„“,]{1,40}[»\"“]|[A-ZА-ЯЁ]{2,10})\s*\)")


# lower-case adjectives (and an adverb of degree among them) right before an organisation's name
_DESCRIBED = re.compile(
    r"(?<![А-Яа-яЁё-])(?:(?:[а-яё-]+(?:ого|его|ой|ей|ых|их|ому|ему|ым|им|ую)|крайне|наиболее)\s+)+$"
)


def _without_trailing_adjectives(phrase: str, vocab: Any) -> str:
    """A title does not end with an adjective: one there describes the organisation after it."""
    words = list(WORD.finditer(phrase))
    while (
        len(words) > 1
        and any(p.tag.POS == "ADJF" for p in vocab.parse(words[-1].group().lower())[:1])
        and not words[-1].group()[:1].isupper()
    ):
        words.pop()
        phrase = phrase[: words[-1].end()]
    return phrase


# a lower-case aside between a title and its person: «Министр … региона (теперь уже бывший) Алексей Васильев»,
# «Новым руководителем «…», по данным источника, станет Николай Колесов»
_ASIDE = re.compile(
    r"\s\([а-яё][а-яё ,-]{0,40}\)\s|,\s*(?:по\s+(?:данным|информации|словам)(?:\s+[а-яё]+){1,2}|"
    r"как\s+(?:ожидается|сообщается|стало\s+известно))\s*,|"
    # an academic degree between: «профессор ТПУ, доктор философских наук Лойко Ольга Тимофеевна»
    r",\s*(?:доктор|кандидат)\s+[а-яё-]+(?:\s+и\s+[а-яё-]+)?\s+наук(?:\s*,)?\s|"
    # an age: «директор департамента …, 40-летний Дмитрий Махиня»
    r"(?:,\s*|\s)\d{1,3}-летн(?:ий|яя|его|ей|ему|им|ем|юю)\s"
)


def _only_names(text: str, start: int, end: int, named: Sequence[Entity], *, allow_verbs: bool) -> bool:
    """Whether only organisations, places, legal forms, quotes, commas (or a verb of change) lie between."""
    pieces = list(text[start:end])
    for entity in named:
        # an organisation may begin inside the title (its «АО») or end where it ends (its alias follows)
        if entity.start < end and entity.end >= start:
            closing = re.match(r"[»\"“]*", text[entity.end : end]).end()  # type: ignore[union-attr]
            alias = _ALIAS.match(text, entity.end + closing, end)
            stop = alias.end() if alias else entity.end
            # «лидер французского крайне правого | Национального фронта»: the organisation's own adjectives
            described = _DESCRIBED.search(text, start, max(start, entity.start))
            begin = described.start() if described else entity.start
            for i in range(max(begin, start) - start, min(stop, end) - start):
                pieces[i] = " "
    rest = "".join(pieces)
    if allow_verbs:
        rest = _APPOINTED.sub(" ", rest)
        rest = _FILLERS.sub(" ", rest)
        rest = _ASIDE.sub(" ", rest)
    words = [w.lower() for w in WORD.findall(rest)]
    return all(w in LEGAL for w in words) and not re.search(r"[.!?;:()]", rest)


def _fact(
    text: str,
    span: tuple[int, int],
    person: Entity,
    entities: Sequence[Entity],
    sentence: tuple[int, int],
    vocab: Any,
    *,
    org_before: int | None = None,
) -> Fact:
    start, stop = span
    cut = next((e for e in entities if e.type in ("LOC", "ORG") and start <= e.start < stop < e.end), None)
    if cut is not None:
        stop = cut.end  # «первый замглавы города Пыть-Ях»: a title does not end inside a name
    orgs = [e for e in entities if e.type == "ORG"]
    if stop <= person.start:
        limit = person.start if org_before is None else org_before
        org = next((o for o in orgs if start <= o.start and o.end <= limit), None)
    else:
        reach = _extend_over_names(text, stop, [e for e in entities if e.type in ("ORG", "LOC")])
        org = next((o for o in orgs if start <= o.start and o.end <= reach), None)
    written = org  # an organisation written with the title; the others are found elsewhere in the text
    if org is None and _GOVERNOR.search(text, start, stop):
        org = _regional_body(text, span, entities, sentence, vocab)
    if org is None and _THE_UNIVERSITY.search(text, start, stop):
        org = _university_before(start, orgs, sentence)
    if org is None and stop > person.start:
        org = _listed_under(text, person, entities, sentence)
    title_end = min(stop, org.start) if org is not None and start < org.start < stop else stop
    phrase = text[start:title_end]
    if org is not None and title_end == org.start and (field := _FIELD.search(text, org.end, stop)):
        # the field written after the organisation
        phrase = phrase.rstrip(_OPENING) + " " + field.group().strip()
    phrase = _TRAILING_PREPOSITION.sub("", phrase)  # «наблюдатель от | ОБСЕ»
    phrase = _CIRCUMSTANCE.sub("", phrase)  # «с поста ректора | в связи с истечением срока полномочий»
    phrase = _EVALUATIVE.sub("", phrase)  # «Скандально известного | министра социального развития»
    former = _LEADING_FORMER.match(phrase)
    if former:
        phrase = phrase[former.end() :]
    if org is not None:
        phrase = _TRAILING_DESCRIPTOR.sub("", phrase)
        phrase = _without_trailing_adjectives(phrase, vocab)  # «лидер французского | Национального фронта»
    title = nominative_title(phrase, vocab)
    # the evidence is the title, the person and an organisation written with them: «Губернатор … Котюков
    # подписал распоряжение о назначении …» is no appointment of his, whatever body the text names later
    evidence = Span(min(start, person.start), max(stop, person.end, written.end if written else 0))
    people = [e for e in entities if e.type == "PER" and e.start != person.start]
    change = _change(text, evidence, sentence, title, people)
    past = title.lower().startswith("экс") or (former is not None and _FORMER.match(former.group().strip()))
    if change != "left" and past:
        # «назначена … экс-начальник департамента контроля Татьяна Деркач»: the title itself says it is past
        change = "former"
    fields: dict[str, object] = {
        "person": person.normal,
        "title": title,
        "organization": _org_name(org),
        "change": change,
    }
    return Fact("post", fields, evidence)


# a compound preposition of circumstance ends a title: what follows is why or how, not the post
_CIRCUMSTANCE = re.compile(
    r"\s+(?:в\s+связи\s+с|по\s+инициативе|в\s+рамках|в\s+ходе|по\s+итогам|на\s+фоне|с\s+целью|"
    r"в\s+течение|в\s+качестве|по\s+случаю|вместо|помимо|кроме|после|накануне|во\s+время)\b.*$",
    re.IGNORECASE | re.DOTALL,
)
# «ректора вуза Андрея Яковлева» in a sentence naming the university before: the university is the post's
_THE_UNIVERSITY = re.compile(r"\s(?:вуза|университета)\s*$", re.IGNORECASE)
_UNIVERSITY_NAME = re.compile(r"университет|институт|академи|политех|ТУСУР|^(?:НИ\s+)?[А-ЯЁ]*[А-ЯЁ]У$")


def _university_before(start: int, orgs: Sequence[Entity], sentence: tuple[int, int]) -> Entity | None:
    """The nearest university named in the title's sentence before it (the text's word «вуз» points back)."""
    named = [
        o for o in orgs if sentence[0] <= o.start and o.end <= start and _UNIVERSITY_NAME.search(o.normal)
    ]
    return named[-1] if named else None


def _listed_under(
    text: str, person: Entity, entities: Sequence[Entity], sentence: tuple[int, int]
) -> Entity | None:
    """«… представители администрации Томской области: Алексей Пушкаренко, начальник департамента …»: people
    listed after an organisation and a colon, each with a title after the name, are its people."""
    colon = text.rfind(":", sentence[0], person.start)
    if colon < 0:
        return None
    between = [e for e in entities if colon < e.start < person.start and e.type == "ORG"]
    before = [e for e in entities if sentence[0] <= e.start and e.end <= colon]
    if between or not before:
        return None
    org = next((e for e in reversed(before) if e.type == "ORG"), None)
    if org is None:
        return None
    # only places may stand between the organisation and the colon («администрации | Томской области:»)
    end = org.end
    for place in (e for e in before if e.type == "LOC" and e.start >= org.end):
        if text[end : place.start].strip(' »"'):
            break
        end = place.end
    return org if not text[end:colon].strip(' »"') else None


# a governor's post, his deputy's, an acting governor's, «глава региона»: the post is in the region's
# executive body, which the text names elsewhere («в администрации Томской области … Заместитель
# губернатора по промышленности Василий Потёмкин»)
_GOVERNOR = re.compile(r"(?i)губернатор|глав[аыеуо]й? (?:региона|области|края)")
_REGIONAL_BODY = re.compile(
    r"^(?:Администрация|Правительство) (?P<region>[А-ЯЁ][а-яё-]+) (?:области|края|автономного округа)$"
)
_REGION = re.compile(r"(?P<region>[А-ЯЁ][а-яё-]+(?:ой|ого)) (?:области|края|автономного округа)")


def _regional_body(
    text: str, span: tuple[int, int], entities: Sequence[Entity], sentence: tuple[int, int], vocab: Any
) -> Entity | None:
    """The one regional executive body the text names, unless the title or its sentence names another
    region («губернатору Новосибирской области» in a text about the Tomsk administration); None when the
    text names none or several: never a body the text does not name."""
    bodies: dict[str, Entity] = {}
    for entity in entities:
        match = _REGIONAL_BODY.match(entity.normal) if entity.type == "ORG" else None
        if match is not None:
            bodies.setdefault(match["region"], entity)
    if len(bodies) != 1:
        return None
    [(region, body)] = bodies.items()
    named = [
        m["region"] for m in _REGION.finditer(text, min(span[0], sentence[0]), max(span[1], sentence[1]))
    ]
    for place in entities:
        words = place.normal.split()
        if (
            place.type == "LOC"
            and sentence[0] <= place.start < sentence[1]
            and words[1:] in (["область"], ["край"])
        ):
            named.append(words[0])
    ours = _lemmas(region, vocab)
    return None if any(not ours & _lemmas(other, vocab) for other in named) else body


def _lemmas(word: str, vocab: Any) -> set[str]:
    """«Томской» and «Томская» share «томский»: the same region's adjective in two cases."""
    return {p.normal_form for p in vocab.parse(word.lower())}


def _org_name(org: Entity | None) -> str | None:
    if org is None:
        return None
    return org.link.name if org.link is not None and not org.link.needs_review else org.normal


_LISTED = re.compile(r"\s*(?:,|и|а\s+также)\s*", re.IGNORECASE)


def _change(
    text: str, evidence: Span, sentence: tuple[int, int], title: str, people: Sequence[Entity] = ()
) -> str:
    """appointed / left / former / holds, from the verbs of the clause around the post.

    A verb of appointment counts only before the post or inside it («назначен директором … Марковым»,
    «Марков назначен директором»): «ректор Иванов стал победителем» is no appointment. A verb of leaving may
    also follow («губернатор Жвачкин ушёл в отставку»).
    """
    left_edge = max(sentence[0], evidence.start - 80)
    for stop in _CLAUSE_END.finditer(text, left_edge, evidence.start):
        left_edge = stop.end()
    right_edge = min(sentence[1], evidence.end + 60)
    clause_end = _CLAUSE_END.search(text, evidence.end, right_edge)
    if clause_end is not None:
        right_edge = clause_end.start()
    left = _LEFT.search(text, left_edge, right_edge)
    if left is not None and _DISMISSED_SOMEONE.fullmatch(left.group()) and left.start() >= evidence.end:
        # «Губернатор Владимир Мазур освободил от должности своего заместителя»: the subject stays
        left = _LEFT.search(text, left_edge, left.start())
    if left is not None and any(
        left.end() <= p.start
        and p.end <= evidence.start
        and not _LISTED.fullmatch(text, p.end, evidence.start)
        for p in people
    ):
        # «о прекращении полномочий гендиректора Павла Скитовича и назначении гендиректором … Евгения
        # Иванова»: a verb of leaving before another person named first is that person's (not when the two
        # are listed: «уволены заместитель губернатора Алексей Зеленин и начальник … Нина Лопатина»)
        left = None
    if left is not None:
        return "left"
    appointed = _APPOINTED.search(text, max(left_edge, evidence.start - 40), evidence.end)
    if appointed is not None and _INTENT.search(
        text, max(left_edge, appointed.start() - 40), appointed.start()
    ):
        # «готов и дальше избираться на должность главы ФИФА», «намерен переизбраться на пост президента»: an
        # intention, no appointment
        appointed = None
    if _HELD_PAST.search(text, evidence.start, evidence.end) and not (
        appointed and appointed.end() <= evidence.start
    ):
        # «Сергей Сметанников замещал должность руководителя секретариата», «Костенко был советником …»,
        # «Щербина занимала должность министра …»: held before
        return "former"
    if _HELD_BEFORE.search(text, max(sentence[0], evidence.start - 60), evidence.start):
        return "former"  # «стал занимавший ранее пост первого проректора Андрей Макаренко»
    if (
        appointed is not None
        and appointed.end() <= evidence.start
        and _instrumental_post(text, appointed.end(), evidence.start)
        and not _INSTRUMENTAL_WORD.fullmatch(text[evidence.start : evidence.end].split()[0])
    ):
        # «назначило исполняющим обязанности ректора ДВФУ проректора по развитию кампуса Владимира Николаева»:
        # the post given is the instrumental between; the title the person is named with is held
        return "holds"
    if appointed is not None and _names_the_subject(text, appointed, evidence, title):
        # «новым ректором стал проректор … Виктор Рулевский», «кандидатом стала лидер Национального фронта
        # Марин Ле Пен»: what the subject became is the instrumental before the verb; the title the subject
        # is named with is the one held when the news was written
        return "holds"
    if appointed is not None:
        return "appointed"
    # (12 characters back: «бывший министр»; with «ранее» between: «Бывший ранее руководителем …»)
    before = text[max(sentence[0], evidence.start - 24) : evidence.start]
    former_before = _FORMER.search(before[-12:]) or re.search(r"бывш\w+\s+ранее\s+$", before, re.IGNORECASE)
    if former_before or _FORMER.search(text, evidence.start, evidence.end) or title.startswith("экс"):
        return "former"
    return "holds"


_BECAME = re.compile(r"стал|стала|станет|становится", re.IGNORECASE)
_INTENT = re.compile(
    r"(?<![А-Яа-яЁё])(?:намерен[аы]?|готов[аы]?|планирует|собирается|хочет|претендует|может|будет\s+баллотироваться"
    r"|[а-яё]+(?:ться|тись))(?:\s+[а-яё]+){0,3}\s*$",
    re.IGNORECASE,
)
_HELD_PAST = re.compile(
    r"(?<![А-Яа-яЁё])(?:занимал|занимала|замещал|замещала|работал|работала|являлся|являлась|"
    r"(?:был|была)(?!\s+(?:[а-яё]+о\s+)?(?:назнач|избран|утвержд|освобожд|уволен|отстран|снят|переизбран|отправлен)))"
    r"(?![А-Яа-яЁё])",
    re.IGNORECASE,
)
_PASSIVE = re.compile(r"(?:пере)?избран[аы]?|назначен[аы]?|утвержд[её]н[аы]?", re.IGNORECASE)
_INSTRUMENTAL_WORD = re.compile(r"[А-Яа-яЁё-]+(?:ем|ом|ой|ым|им)")
_INSTRUMENTAL_POST = re.compile(
    r"(?<![А-Яа-яЁё])(?:исполняющ(?:им|ей)\s+обязанности|[А-Яа-яЁё-]+(?:ем|ом|ой))(?![А-Яа-яЁё])"
)


def _instrumental_post(text: str, start: int, end: int) -> bool:
    """Whether a title in the instrumental (what someone is appointed as) is written in the clause between."""
    clause = text[start:end]
    cut = max(clause.rfind("."), clause.rfind(";"), clause.rfind("!"), clause.rfind("?"))
    for word in _INSTRUMENTAL_POST.finditer(clause, cut + 1):
        if word.group().lower().startswith("исполняющ") or _HINT.match(word.group()):
            return True
    return False


_HELD_BEFORE = re.compile(
    r"занимавш\w*\s+(?:ранее\s+|прежде\s+|до\s+этого\s+)?(?:пост|должность)\s*$", re.IGNORECASE
)


def _names_the_subject(text: str, verb: re.Match[str], evidence: Span, title: str) -> bool:
    """«стал» before the title and the title written in the nominative: the title names the subject, it is not
    what the subject became («стал ректором»)."""
    if verb.end() > evidence.start:
        return False
    written = text[evidence.start : evidence.end].split()
    named_so = bool(written) and written[0].lower() == title.split()[0].lower()
    if _PASSIVE.fullmatch(verb.group()):
        # «Председателем избран генеральный директор «Полюса» Алексей Востоков»: the post is the instrumental
        # before the verb, the nominative title after it names the subject
        return named_so and _instrumental_post(text, max(0, verb.start() - 100), verb.start())
    if not _BECAME.fullmatch(verb.group()):
        return False
    if named_so:
        return True
    # «Третьей в перечне стала Вера Долженкова - глава регионального отделения …»: the title is an apposition
    # after the name, the subject became what the instrumental before the verb says
    # (and any further title in the same list of appositions)
    apposition = re.search(r"\s(?:-|—|–|‒)\s+\w", text[evidence.start : evidence.end])
    return (
        apposition is not None
        and bool(written)
        and written[0][:1].isupper()
        and not text[verb.end() : evidence.start].strip()
    )


def _unique(facts: list[Fact]) -> list[Fact]:
    """One fact per person and post: the same title twice, or a title and the same title with more words
    where the organisations do not differ («губернатор Томской области» … «губернатора Владимира Мазура»),
    are one post — the longer title is kept, an organisation or a change other than «holds» is taken from
    either."""
    out: list[Fact] = []
    for fact in facts:
        same = next((i for i, kept in enumerate(out) if _same_post(kept, fact)), None)
        if same is None:
            out.append(fact)
            continue
        kept = out[same]
        if len(str(fact.fields["title"])) > len(str(kept.fields["title"])):
            kept, fact = fact, kept
            out[same] = kept
        for name, value in fact.fields.items():
            if kept.fields.get(name) in (None, "holds") and value not in (None, "holds"):
                kept.fields[name] = value
    return out


# contracted titles, for telling two titles of one post apart («гендиректор» and «генеральный директор»)
_CONTRACTED = {
    "гендиректор": "генеральный директор",
    "замгубернатора": "заместитель губернатора",
    "замминистра": "заместитель министра",
    "зампред": "заместитель председателя",
    "замглавы": "заместитель главы",
    "замдиректора": "заместитель директора",
    "замгендиректора": "заместитель генерального директора",
    "замначальника": "заместитель начальника",
}


def _spelled_out(title: str) -> list[str]:
    return " ".join(_CONTRACTED.get(word, word) for word in title.lower().split()).split()


def _same_post(one: Fact, other: Fact) -> bool:
    if one.fields["person"] != other.fields["person"]:
        return False
    titles = [_spelled_out(str(f.fields["title"])) for f in (one, other)]
    if titles[0] == titles[1]:
        return True
    shorter, longer = sorted(titles, key=len)
    organisations = {f.fields.get("organization") for f in (one, other)} - {None}
    return len(organisations) <= 1 and longer[: len(shorter)] == shorter


# ---- the nominative of a title, by agreement --------------------------------------------------------------

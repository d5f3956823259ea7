"""Likely duplicates in the registry: organisations and people, each pair with its reasons and a score.

Organisations: the same INN or OGRN; names equal once legal form, quotes and case are set aside; an
abbreviation and the full name it abbreviates («ТПУ» and «Томский политехнический университет»); a name one
of them lists among its other names; similar names in the same city. People: the same name in any case form
(«Рулевского Виктора» = «Рулевский Виктор»); initials and the full name in the same organisation.
Candidates come from dictionaries of keys, so a scan never compares every pair.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations

from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterdesk.lemmas import fold, word_forms
from clusterdesk.registry.models import Organization, Person, Post
from clusterdesk.registry.schemas import OrganizationCreate, split_full_name

LEGAL_WORDS = frozenset(
    [
        "пао",
        "оао",
        "зао",
        "ао",
        "ооо",
        "нао",
        "ип",
        "фгуп",
        "гуп",
        "муп",
        "фгбу",
        "фгау",
        "фгбоу",
        "фгаоу",
        "гбу",
        "гау",
        "огбу",
        "огау",
        "огбоу",
        "кгбу",
        "мку",
        "мбу",
        "мау",
        "ано",
        "нко",
        "фонд",
        "тоо",
        "одо",
    ]
)
LEGAL_PHRASES = (
    "публичное акционерное общество",
    "открытое акционерное общество",
    "закрытое акционерное общество",
    "непубличное акционерное общество",
    "акционерное общество",
    "общество с ограниченной ответственностью",
    "автономная некоммерческая организация",
    "федеральное государственное автономное образовательное учреждение высшего образования",
    "федеральное государственное бюджетное образовательное учреждение высшего образования",
    "федеральное государственное бюджетное учреждение науки",
    "федеральное государственное бюджетное учреждение",
    "федеральное государственное унитарное предприятие",
    "областное государственное автономное учреждение",
    "областное государственное бюджетное учреждение",
    "научно-производственная фирма",
    "научно-производственное предприятие",
    "научно-производственная компания",
)
# kinds of enterprise that short names spell out and full names do not (or the other way round)
KIND_WORDS = frozenset({"нпф", "нпп", "нпк", "нпо", "нпц"})
STOP_WORDS = frozenset(
    ["и", "в", "во", "на", "по", "для", "при", "с", "со", "им", "имени", "of", "the", "and"]
)
STATUS_WORDS = frozenset({"государственный", "национальный", "исследовательский", "федеральный"})
_WORD = re.compile(r"[0-9a-zа-яё]+(?:-[0-9a-zа-яё]+)*")
COMMON_TOKEN_LIMIT = 200  # a word shared by more organisations than this does not make them candidates
SIMILAR_NAMES = 0.7
# words too common in a regional registry to make two names similar
GENERIC_WORDS = frozenset(
    {"российской", "федерации", "россии", "томской", "области", "томска", "министерство", "университет",
     "государственный", "национальный", "исследовательский", "общество", "компания", "центр", "администрация"}
)  # fmt: skip


def name_key(name: str) -> str:
    """Case-, «ё»-, quote- and legal-form-free form of a name: «АО «НПФ «Микран»» -> «нпф микран»."""
    text = fold(name)
    for phrase in LEGAL_PHRASES:
        text = text.replace(phrase, " ")
    words = [w for w in _WORD.findall(text) if w not in LEGAL_WORDS and w not in KIND_WORDS]
    return " ".join(words or _WORD.findall(fold(name)))


def acronyms(name: str) -> set[str]:
    """Initials of a name's significant words, with and without the status adjectives abbreviations skip.

    «Томский политехнический университет» -> {«тпу»}; «Томский государственный университет систем управления
    и радиоэлектроники» -> {«тгусур», «тусур»}.
    """
    words = [w for w in name_key(name).split() if w not in STOP_WORDS]
    if len(words) < 2:
        return set()
    found = {"".join(w[0] for w in words)}
    plain = [w for w in words if w not in STATUS_WORDS]
    if len(plain) >= 2:
        found.add("".join(w[0] for w in plain))
    return found


def _tokens(key: str) -> set[str]:
    return {w for w in key.split() if w not in STOP_WORDS and w not in GENERIC_WORDS and len(w) > 1}


def _token_similarity(a: set[str], b: set[str]) -> float:
    """Share of words in common; a word and its abbreviation («политех», «политехнический») count as one."""
    if not a or not b:
        return 0.0
    matched = 0
    for word in a:
        if word in b or any(
            len(word) >= 5 and len(other) >= 5 and (other.startswith(word) or word.startswith(other))
            for other in b
        ):
            matched += 1
    return matched / max(len(a), len(b))


@dataclass
class Duplicate:
    """A likely duplicate pair (a < b by id) with the reasons found and a score in (0, 1]."""

    a: int
    b: int
    a_name: str
    b_name: str
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)

    def add(self, score: float, reason: str) -> None:
        if reason not in self.reasons:
            self.reasons.append(reason)
            self.score = max(self.score, score)

    def as_dict(self) -> dict[str, object]:
        return {
            "a": self.a,
            "b": self.b,
            "a_name": self.a_name,
            "b_name": self.b_name,
            "score": round(min(1.0, self.score + 0.03 * (len(self.reasons) - 1)), 2),
            "reasons": self.reasons,
        }


@dataclass(frozen=True)
class OrgCard:
    """What the scan needs of an organisation (a stored one, or one about to be created)."""

    id: int
    short_name: str
    name: str
    inn: str | None = None
    ogrn: str | None = None
    aliases: tuple[str, ...] = ()
    city: str | None = None

    @classmethod
    def of(cls, org: Organization) -> OrgCard:
        return cls(org.id, org.short_name, org.name, org.inn, org.ogrn, tuple(org.aliases or ()), org.city)

    @property
    def own_names(self) -> tuple[str, ...]:
        return (self.short_name, self.name)


def compare_organizations(a: OrgCard, b: OrgCard) -> Duplicate | None:
    """The reasons to think two organisations are one; None when there are none."""
    pair = Duplicate(a.id, b.id, a.short_name, b.short_name)
    if a.inn and a.inn == b.inn:
        pair.add(1.0, f"одинаковый ИНН {a.inn}")
    if a.ogrn and a.ogrn == b.ogrn:
        pair.add(1.0, f"одинаковый ОГРН {a.ogrn}")
    a_own = {name_key(n): n for n in a.own_names}
    b_own = {name_key(n): n for n in b.own_names}
    for key, name in a_own.items():
        if key in b_own:
            pair.add(
                0.9,
                f"названия совпадают без правовой формы, кавычек и регистра: «{name}» и «{b_own[key]}»",
            )
    for first, second in ((a, b), (b, a)):
        second_keys = {name_key(n): n for n in second.own_names}
        for alias in first.aliases:
            if name_key(alias) in second_keys:
                match = second_keys[name_key(alias)]
                pair.add(0.85, f"другое название «{first.short_name}» — «{alias}» — совпадает с «{match}»")
                break
        for own in first.own_names:
            short = name_key(own)
            if " " in short or len(short) < 2:
                continue
            for full in second.own_names + second.aliases:
                if short.replace("-", "") in acronyms(full):
                    pair.add(0.8, f"«{own}» — сокращение от «{full}»")
    shared_aliases = {name_key(x) for x in a.aliases} & {name_key(x) for x in b.aliases}
    for key in sorted(shared_aliases):
        pair.add(0.75, f"общее другое название «{key}»")
    if a.city and b.city and fold(a.city) == fold(b.city) and not (a_own.keys() & b_own.keys()):
        similarity = max(
            _token_similarity(_tokens(name_key(x)), _tokens(name_key(y)))
            for x in a.own_names
            for y in b.own_names
        )
        if similarity >= SIMILAR_NAMES:
            pair.add(
                round(0.4 + 0.4 * similarity, 2),
                f"похожие названия в одном городе ({a.city}): «{a.name}» и «{b.name}»",
            )
    return pair if pair.reasons else None


def _org_keys(card: OrgCard) -> set[str]:
    """Dictionary keys under which two possibly equal organisations meet."""
    keys = {f"inn:{card.inn}"} if card.inn else set()
    if card.ogrn:
        keys.add(f"ogrn:{card.ogrn}")
    for name in (*card.own_names, *card.aliases):
        key = name_key(name)
        keys.add(f"name:{key}")
        if " " not in key:
            keys.add(f"name:{key.replace('-', '')}")
        keys.update(f"name:{a}" for a in acronyms(name))
        if card.city:
            keys.update(f"word:{fold(card.city)}:{w[:5]}" for w in _tokens(key) if len(w) >= 4)
    return keys


def _candidate_pairs(keyed: Iterable[tuple[int, set[str]]]) -> set[tuple[int, int]]:
    index: dict[str, list[int]] = defaultdict(list)
    for entity_id, keys in keyed:
        for key in keys:
            index[key].append(entity_id)
    pairs: set[tuple[int, int]] = set()
    for ids in index.values():
        if 1 < len(ids) <= COMMON_TOKEN_LIMIT:
            pairs.update((min(x, y), max(x, y)) for x, y in combinations(ids, 2))
    return pairs


def organization_duplicates(*, session: Session, min_score: float = 0.5) -> list[Duplicate]:
    """Every likely duplicate pair of organisations, best first."""
    cards = {org.id: OrgCard.of(org) for org in session.scalars(select(Organization))}
    found = []
    for a, b in _candidate_pairs((card.id, _org_keys(card)) for card in cards.values()):
        pair = compare_organizations(cards[a], cards[b])
        if pair is not None and pair.score >= min_score:
            found.append(pair)
    return sorted(found, key=lambda p: (-p.as_dict()["score"], p.a, p.b))  # type: ignore[operator]


def similar_to_new_organization(
    *, session: Session, card: OrgCard, min_score: float = 0.5
) -> list[tuple[Organization, Duplicate]]:
    """Stored organisations a new one may be, best first (the warning before saving it)."""
    keys = _org_keys(card)
    found = []
    for org in session.scalars(select(Organization)):
        other = OrgCard.of(org)
        if not keys & _org_keys(other):
            continue
        pair = compare_organizations(card, other)
        if pair is not None and pair.score >= min_score:
            found.append((org, pair))
    return sorted(found, key=lambda x: -x[1].score)


def similar_organizations(
    *, session: Session, data: OrganizationCreate
) -> list[tuple[Organization, Duplicate]]:
    """Stored organisations a new one may duplicate (the warning before creating it)."""
    card = OrgCard(0, data.short_name, data.name, data.inn, data.ogrn, tuple(data.aliases), data.city)
    return similar_to_new_organization(session=session, card=card)


# People -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonCard:
    id: int
    full_name: str
    surname: str
    first: str
    patronymic: str
    organization_ids: frozenset[int] = frozenset()


def _part(value: str | None) -> str:
    return fold(value or "").strip()


def person_card(person: Person, organization_ids: Iterable[int] = ()) -> PersonCard:
    surname, first, patronymic = person.surname, person.first_name, person.patronymic
    if not surname:
        parts = person.full_name.split()
        surname = parts[0] if parts else ""
        first = parts[1] if len(parts) > 1 else None
        patronymic = parts[2] if len(parts) > 2 else None
    return PersonCard(
        person.id,
        person.full_name,
        _part(surname),
        _part(first).rstrip("."),
        _part(patronymic).rstrip("."),
        frozenset(organization_ids),
    )


def _same_word(a: str, b: str) -> bool:
    """Equal in some case form: «Рулевского» and «Рулевский» share the normal form."""
    return a == b or bool(word_forms(a) & word_forms(b))


def _is_initial(value: str) -> bool:
    return len(value) == 1


def compare_people(a: PersonCard, b: PersonCard) -> Duplicate | None:
    pair = Duplicate(a.id, b.id, a.full_name, b.full_name)
    if not a.surname or not _same_word(a.surname, b.surname):
        return None
    shared = a.organization_ids & b.organization_ids
    full_first = bool(a.first and b.first) and not (_is_initial(a.first) or _is_initial(b.first))
    same_first = full_first and _same_word(a.first, b.first)
    patronymics = [x for x in (a.patronymic, b.patronymic) if x]
    if same_first and len(patronymics) == 2 and not any(_is_initial(x) for x in patronymics):
        if _same_word(a.patronymic, b.patronymic):
            pair.add(
                0.95 if shared else 0.9,
                f"одно и то же ФИО в разных падежах: «{a.full_name}» и «{b.full_name}»",
            )
    elif same_first and not patronymics:
        pair.add(
            0.9 if shared else 0.8, f"одно и то же имя в разных падежах: «{a.full_name}» и «{b.full_name}»"
        )
    elif same_first:
        pair.add(
            0.85 if shared else 0.7,
            f"фамилия и имя совпадают, отчество есть не у обоих: «{a.full_name}» и «{b.full_name}»",
        )
    elif (
        shared
        and a.first
        and b.first
        and (_is_initial(a.first) or _is_initial(b.first))
        and all(
            not x or not y or (x[0] == y[0] and (_is_initial(x) or _is_initial(y) or _same_word(x, y)))
            for x, y in ((a.first, b.first), (a.patronymic, b.patronymic))
        )
    ):
        pair.add(0.8, f"инициалы и полное имя: «{a.full_name}» и «{b.full_name}»")
    if not pair.reasons:
        return None
    if shared:
        pair.add(pair.score, "работают в одной организации")
    return pair


def people_duplicates(*, session: Session, min_score: float = 0.5) -> list[Duplicate]:
    """Every likely duplicate pair of people, best first."""
    orgs: dict[int, set[int]] = defaultdict(set)
    for person_id, organization_id in session.execute(select(Post.person_id, Post.organization_id)):
        orgs[person_id].add(organization_id)
    cards = {p.id: person_card(p, orgs.get(p.id, ())) for p in session.scalars(select(Person))}
    keyed = (
        (c.id, {f"surname:{form}" for form in word_forms(c.surname)}) for c in cards.values() if c.surname
    )
    found = []
    for a, b in _candidate_pairs(keyed):
        pair = compare_people(cards[a], cards[b])
        if pair is not None and pair.score >= min_score:
            found.append(pair)
    return sorted(found, key=lambda p: (-p.score, p.a, p.b))


def similar_people(*, session: Session, full_name: str) -> list[tuple[Person, Duplicate]]:
    """Stored people a new person may be (the same name in any case form, or initials of it)."""
    probe = Person(id=0, full_name=full_name)
    probe.surname, probe.first_name, probe.patronymic = split_full_name(" ".join(full_name.split()))
    card = person_card(probe)
    found = []
    query = select(Person)
    for person in session.scalars(query):
        other = person_card(person)
        if not other.surname or not _same_word(card.surname, other.surname):
            continue
        initials = _is_initial(card.first) or _is_initial(other.first)
        pair = compare_people(card, other) if not initials else None
        if pair is None and initials and card.first[:1] == other.first[:1]:
            pair = Duplicate(
                0, person.id, full_name, person.full_name, 0.6, ["инициалы и полное имя совпадают"]
            )
        if pair is not None:
            found.append((person, pair))
    return sorted(found, key=lambda x: -x[1].score)

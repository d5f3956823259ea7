"""Nominative forms of person names: first names, patronymics and surnames in any case, any gender.

The case and gender come from natasha's contextual tags of the name's words (the first name decides when they
disagree); each word is then put into the nominative singular of that gender — through its dictionary
paradigm (Name / Patr / Surn) when pymorphy knows it in that case, else by the textbook declension of Russian
surnames (Ивановым -> Иванов, never the plural «Ивановы»; Ивановой -> Иванова; Жириновским -> Жириновский;
Яровой -> Яровая), of foreign ones (Гренелла -> Гренелл; a woman's foreign surname is not declined: Вестагер,
Мэй) and of names on -а (Обамой -> Обама).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from typing import Any

from clusterdesk.news.nlp import Token
from clusterdesk.news.records import Entity

_CASE = {"Nom": "nomn", "Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt", "Loc": "loct"}
_ALIASES = {"gen1": "gent", "gen2": "gent", "loc1": "loct", "loc2": "loct", "acc2": "accs", "voct": "nomn"}
_GENDER = {"Masc": "masc", "Fem": "femn"}
_PARTICLES = frozenset(
    ["ибн", "бин", "бен", "аль", "эль", "де", "ди", "да", "дель", "ван", "фон", "дер", "ден", "ле", "ла",
     "дю", "абу", "дос"]
)  # fmt: skip
_RUSSIAN_STEM = re.compile(r"(?:ов|ев|ёв|ин|ын)$")
_VOWELS = "аеёиоуыэюя"


def person_words(tokens: Sequence[Token], vocab: Any) -> list[str]:
    """The nominative of every word of a person span (initials, particles and lower-case words stay)."""
    words = [t for t in tokens if _is_name_word(t.text)]
    case, gender = _case_and_gender(words, vocab)
    if case in (None, "nomn") and words and (oblique := _OBLIQUE_ADJECTIVAL.search(words[-1].text.lower())):
        # «под руководством … А.А. Короновского»: an adjectival surname's ending tells an oblique case the
        # tagger missed (initials give it nothing to agree with)
        case, gender = _OBLIQUE_CASES[oblique.group(1)], gender or "masc"
    cases = [c for c in (case, *(_CASE.get(t.feats.get("Case", "")) for t in words)) if c]
    out: list[str] = []
    for token in tokens:
        # a particle before the name is not declined, capitalised or not («Абу Машара», «Де Ниро», «Ле Пен»):
        # read as a word, «Абу» became the genitive of «Аба»
        if not _is_name_word(token.text) or (token.text.lower() in _PARTICLES and token is not words[-1]):
            out.append(token.text)
            continue
        role = "first" if token is words[0] and len(words) > 1 else "last" if token is words[-1] else "middle"
        # the name's case first, then the word's own and the other words' (natasha may tag one word wrongly:
        # «Олафу» as instrumental beside «Шольцу» as dative)
        own = _CASE.get(token.feats.get("Case", ""))
        form = token.text
        for candidate in dict.fromkeys([*cases[:1], *([own] if own else []), *cases[1:]]):
            form = nominative_name(token.text, candidate, gender, role, vocab)
            if form != token.text or candidate == "nomn":
                break
        out.append(form)
    return out


_OBLIQUE_ADJECTIVAL = re.compile(r"(?:ск|цк)(ого|ому|им|ом)$")
_OBLIQUE_CASES = {"ого": "gent", "ому": "datv", "им": "ablt", "ом": "loct"}


def _is_name_word(word: str) -> bool:
    return len(word) > 1 and word[:1].isupper() and word.replace("-", "").replace("ё", "е").isalpha()


def _case_and_gender(words: Sequence[Token], vocab: Any) -> tuple[str | None, str | None]:
    if not words:
        return None, None
    cases = [_CASE.get(t.feats.get("Case", "")) for t in words]
    genders = [_GENDER.get(t.feats.get("Gender", "")) for t in words]
    case = cases[0] if cases[0] else next((c for c in cases if c), None)
    gender = _gender_from_dictionary(words, vocab) or genders[0] or next((g for g in genders if g), None)
    return case, gender


def _gender_from_dictionary(words: Sequence[Token], vocab: Any) -> str | None:
    """A patronymic or an unambiguous first name decides («Саша» does not)."""
    for token in words:
        lowered = token.text.lower()
        masculine = re.search(r"ич(?:а|у|ем|е)?$", lowered) is not None
        if masculine and any("Patr" in p.tag for p in vocab.parse(lowered)):
            return "masc"
        if re.search(r"(?:вн|чн)(?:а|ы|е|у|ой|ою)$", lowered) and any(
            "Patr" in p.tag for p in vocab.parse(lowered)
        ):
            return "femn"
    first = words[0].text.lower()
    if len(words) > 1 and vocab.word_is_known(first):
        # a first name the dictionary knows with one gender («Алексеем Головой» is a man); a guessed reading
        # is no evidence («Мевлюта» was read as a woman's name on -а)
        genders = {p.tag.gender for p in vocab.parse(first) if "Name" in p.tag and "ms-f" not in p.tag}
        if len(genders) == 1:
            return genders.pop()
    last = words[-1].text.lower()
    if len(words) > 1 and re.search(r"(?:ов|ев|ёв|ин|ын)(?:ым|е|ом)$|(?:ск|цк)(?:ий|ого|ому|им|ом)$", last):
        return "masc"
    if len(words) > 1 and re.search(r"(?:ов|ев|ёв|ин|ын)(?:ой|ою)$|(?:ск|цк)(?:ая|ой|ую)$", last):
        return "femn"
    return None


@lru_cache(maxsize=50_000)
def nominative_name(word: str, case: str | None, gender: str | None, role: str, vocab: Any) -> str:
    """The nominative singular of one name word read in `case` for a person of `gender`."""
    if case in (None, "nomn"):
        return word
    if "-" in word:
        head, _, tail = word.rpartition("-")
        if head.lower() in _PARTICLES:  # аль-Хадж
            return f"{head}-{nominative_name(tail, case, gender, role, vocab)}"
        if role == "last":  # a double surname: both parts decline («Римского-Корсакова»)
            return "-".join(nominative_name(p, case, gender, role, vocab) for p in word.split("-"))
        if role == "first":
            # «Анны-Марии» -> «Анна-Мария»; «Жан-Клодом» -> «Жан-Клод» (the first part written as is)
            first = (
                head
                if not _name_in_case(head, case, vocab)
                else nominative_name(head, case, gender, role, vocab)
            )
            return _shape(f"{first}-{nominative_name(tail, case, gender, role, vocab)}", word)
    lowered = word.lower()
    if role == "last" and lowered.endswith(_TURKIC_INDECLINABLE):
        return word  # Чавушоглу, Алиоглы, Турсунзаде: not declined
    patronymic = _PATRONYMIC.fullmatch(lowered)
    if patronymic is not None and role != "first":
        # the written stem, the nominative ending: the dictionary's lexemes give «Савельевичем» ->
        # «Савелиевич», «Юрьевной» -> «Юриевна»
        female = patronymic["female"]
        return _shape(female + "а" if female else patronymic["male"], word)
    # an unknown word is declined by rule: guessed paradigms invent names («Маргрете» -> «Маргрета»)
    form = _from_dictionary(lowered, case, gender, role, vocab) if vocab.word_is_known(lowered) else None
    if form is None:
        form = _by_rule(lowered, case, gender, role, vocab)
    return _shape(form, word)


_TURKIC_INDECLINABLE = ("оглу", "оглы", "заде", "кызы", "улы")

# a patronymic in an oblique case: «Савельевичем», «Ильича», «Юрьевной», «Фоминичне»
_PATRONYMIC = re.compile(
    r"(?P<male>[а-яё]{2,}(?:ович|евич|ьич|ич))(?:а|у|ем|ом|е)|(?P<female>[а-яё]{2,}(?:овн|евн|ичн))(?:ы|е|у|ой|ою)"
)


def _name_in_case(word: str, case: str, vocab: Any) -> bool:
    """Whether the dictionary reads the word as a first name in that case (not in the nominative)."""
    wanted = {case, *(k for k, v in _ALIASES.items() if v == case)}
    return any(
        "Name" in p.tag and p.tag.case in wanted and p.tag.case != "nomn" for p in vocab.parse(word.lower())
    )


def _shape(form: str, written: str) -> str:
    if "ё" not in written.lower():
        form = form.replace("ё", "е")
    if written.isupper():
        return form.upper()
    parts, written_parts = form.split("-"), written.split("-")
    if len(parts) == len(written_parts) > 1:
        # «Жан-Клодом» -> «Жан-Клод», «Анны-Марии» -> «Анна-Мария»; «аль-Хадж» keeps its lower-case part
        return "-".join(
            p[:1].upper() + p[1:] if w[:1].isupper() else p for p, w in zip(parts, written_parts, strict=True)
        )
    return form[:1].upper() + form[1:]


_KIND_BY_ROLE = {
    "first": ("Name", "Surn", "Patr"),
    "middle": ("Patr", "Name", "Surn"),
    "last": ("Surn", "Patr", "Name"),
}


def _from_dictionary(word: str, case: str, gender: str | None, role: str, vocab: Any) -> str | None:
    """The dictionary's nominative: a reading in the context's case first, then in any other oblique case,
    then an indeclinable reading («Шойгу», «Анне» only when no declined reading fits)."""
    parses = vocab.parse(word)
    if (
        role == "last"
        and not _RUSSIAN_STEM.search(word[:-2])
        and _adjectival_feminine(word, gender, parses, vocab)
    ):
        return None  # «Яровой»: the rule gives «Яровая», the Surn paradigm a wrong «Ярова»
    known = vocab.word_is_known(word)
    for strict, fixed in ((True, False), (False, False), (True, True)):
        if not strict and not known:
            continue  # a guessed reading in another case than the context's is no evidence
        form = _best_reading(parses, case, gender, role, strict=strict, fixed=fixed)
        if form is not None:
            return form
        if strict and not fixed and role == "last" and known:
            form = _common_word(parses, case, gender)
            if form is not None:
                return form
    return None


def _common_word(parses: Sequence[Any], case: str, gender: str | None) -> str | None:
    """A surname that is a common noun or adjective, read in the context's case before any name reading in
    another case: «Игоря Подковку» -> Подковка, «Алексею Голове» -> Голова (not the surname «Голов» in the
    prepositional), «Андреем Белым» -> Белый."""
    for parse in parses:
        tag = parse.tag
        if tag.number != "sing" or _ALIASES.get(tag.case, tag.case) != case:
            continue
        if tag.POS == "NOUN" and "Name" not in tag and "Patr" not in tag:
            nominative = next(
                (f.word for f in parse.lexeme if "nomn" in f.tag and f.tag.number == "sing"), None
            )
        elif tag.POS == "ADJF" and gender in ("masc", "femn") and tag.gender in (gender, None):
            nominative = next(
                (f.word for f in parse.lexeme if "nomn" in f.tag and f.tag.gender == gender), None
            )
        else:
            continue
        if nominative is not None and (gender != "femn" or tag.POS == "ADJF" or nominative[-1] in "ая"):
            return nominative
    return None


def _best_reading(
    parses: Sequence[Any], case: str, gender: str | None, role: str, *, strict: bool, fixed: bool
) -> str | None:
    kinds = _KIND_BY_ROLE[role]
    best: tuple[tuple[float, ...], str] | None = None
    for parse in parses:
        tag = parse.tag
        kind = next((k for k in kinds if k in tag), None)
        if kind is None or tag.number == "plur" or ("Fixd" in tag) != fixed:
            continue
        parse_case = _ALIASES.get(tag.case, tag.case)
        if (strict and parse_case != case) or (not strict and parse_case == "nomn"):
            continue
        if gender and tag.gender not in (gender, None) and "ms-f" not in tag:
            continue
        nominative = parse.word if fixed else _lexeme_nominative(parse, gender)
        if nominative is None:
            continue
        # equal readings («Игоре»: Игорь / Игор): the longer nominative keeps the soft sign
        score = (float(-kinds.index(kind)), parse.score, float(len(nominative)))
        if best is None or score > best[0]:
            best = (score, nominative)
    return best[1] if best else None


def _lexeme_nominative(parse: Any, gender: str | None) -> str | None:
    for form in parse.lexeme:
        tag = form.tag
        if (
            "nomn" in tag
            and tag.number != "plur"
            and (gender is None or tag.gender in (gender, None) or "ms-f" in tag)
        ):
            return form.word
    return None


def _adjectival_feminine(word: str, gender: str | None, parses: Sequence[Any], vocab: Any) -> bool:
    """«Яровой», «Толстой»: a woman's surname that is a known adjective (not a possessive «Петровой», not a
    guessed reading of an unknown word such as «Набиуллиной»)."""
    if gender != "femn" or not word.endswith(("ой", "ую", "ою")) or not vocab.word_is_known(word):
        return False
    return any(p.tag.POS == "ADJF" and "Poss" not in p.tag and "Surn" not in p.tag for p in parses)


def _by_rule(word: str, case: str, gender: str | None, role: str, vocab: Any) -> str:
    """Textbook declension, undone."""
    if gender == "femn":
        return _feminine(word, case, role, vocab)
    # adjectival surnames: Жириновского, Жириновскому, Жириновским, Жириновском
    adjectival = (("ского", "ский"), ("скому", "ский"), ("ским", "ский"), ("ском", "ский"),
                  ("цкого", "цкий"), ("цкому", "цкий"), ("цким", "цкий"), ("цком", "цкий"))  # fmt: skip
    for ending, nominative in adjectival:
        if word.endswith(ending):
            return word[: -len(ending)] + nominative
    if case == "ablt" and word.endswith("ым") and _RUSSIAN_STEM.search(word[:-2]):
        return word[:-2]  # Ивановым, Климкиным
    consonant_before = _consonant_before_ending(word)
    if case == "gent" and word.endswith("и") and consonant_before and word[-2] in "гкхжшчщ":
        return word[:-1] + "а"  # Подковки
    if case == "accs" and word.endswith("у") and consonant_before:
        return word[:-1] + "а"  # Дзюбу, Обаму (a man's accusative is -а for a consonant stem)
    if case == "datv" and word.endswith("е") and consonant_before:
        return word[:-1] + ("я" if word[-2] == "й" else "а")  # Дзюбе, Монтойе (a consonant stem's is -у)
    if word.endswith(("о", "и", "ы", "у", "ю", "э")) and case not in ("datv",):
        if word.endswith("ы") and case == "gent" and len(word) > 3:
            return word[:-1] + "а"  # Обамы
        return word  # Шойгу, Керри, Кличко: not declined
    endings = {
        "gent": ("а", "я"),
        "accs": ("а", "я"),
        "datv": ("у", "ю"),
        "ablt": ("ом", "ем", "ой"),
        "loct": ("е",),
    }
    for suffix in endings.get(case, ()):
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            stem = word[: -len(suffix)]
            if suffix == "ой":
                return stem + "а"  # Обамой
            if role == "last" and stem[-1] == "л" and stem[-2:-1] in tuple("еиаыуюё"):
                return stem + "ь"  # Пренцеля, Пренцелем -> Пренцель (a surname on -ль, not Золя, Николя)
            if suffix in ("я", "ю") and stem[-1] not in _VOWELS:
                return word  # Николя: a foreign name on -я is not declined
            if suffix in ("я", "ю") and stem[-1] in _VOWELS:
                return stem + "й"  # Андрея -> Андрей
            if suffix in ("ем", "е") and stem[-1] in _VOWELS:
                return stem + "й"  # Андреем, Макее -> Андрей, Макей
            return stem
    return word


def _consonant_before_ending(word: str) -> bool:
    """A one-letter case ending after a consonant («Дзюб|е», «Подковк|и»), in a word of four letters up."""
    return len(word) > 3 and word[-2] not in _VOWELS and word[-2] not in "ьъ"


def _feminine(word: str, case: str, role: str, vocab: Any) -> str:
    if word[-1] not in _VOWELS and not word.endswith(("ой", "ей")):
        return word  # Вестагер, Мэй, Меркель: a woman's surname on a consonant is not declined
    for ending, nominative in (("ской", "ская"), ("скую", "ская"), ("цкой", "цкая"), ("цкую", "цкая")):
        if word.endswith(ending):
            return word[: -len(ending)] + nominative
    if word.endswith(("ой", "ою")):
        stem = word[:-2]
        if not _RUSSIAN_STEM.search(stem) and _adjectival_feminine(word, "femn", vocab.parse(word), vocab):
            return stem + "ая"  # Яровой -> Яровая
        return stem + "а"  # Ивановой -> Иванова
    if word.endswith("ей") and case in ("gent", "datv", "ablt", "loct"):
        return word[:-2] + "я"
    if case == "accs" and word.endswith("ую"):
        return word[:-2] + "ая"
    if case == "accs" and word.endswith(("у", "ю")):
        return word[:-1] + ("а" if word.endswith("у") else "я")
    if case == "gent" and word.endswith("ы"):
        return word[:-1] + "а"
    if role == "last" and case in ("datv", "loct") and word.endswith("е") and _consonant_before_ending(word):
        return word[:-1] + "а"  # Дзюбе (a woman's surname on a consonant is not declined, so not Дзюб)
    if case == "gent" and word.endswith("ии"):
        return word[:-1] + "я"  # Марии
    if case == "gent" and word.endswith("и") and len(word) > 3 and word[-2] in "гкхжшчщ":
        return word[:-1] + "а"  # Ольги
    return word  # Маргрете, Хиллари: not declined


def _fold(word: str) -> str:
    return word.lower().replace("ё", "е")


def _is_patronymic(word: str, vocab: Any) -> bool:
    return bool(re.search(r"(?:вич|вна|ична|инична)$", word.lower())) or any(
        "Patr" in p.tag and "nomn" in p.tag for p in vocab.parse(word.lower())
    )


_INITIAL = re.compile(r"^[А-ЯЁA-Z]\.$")


def one_name_per_person(entities: Sequence[Entity], vocab: Any) -> list[Entity]:
    """A person mentioned by surname alone («Марковым»), by first name and patronymic («Виктор Михайлович») or
    by initials and surname («Д. Марков») gets the normal form of the full name written elsewhere in the
    document («Дмитрий Марков»), when exactly one full name fits."""
    entities = _one_spelling(entities)
    full_names: Counter[str] = Counter()
    for entity in entities:
        words = entity.normal.split()
        if (
            entity.type == "PER"
            and len(words) >= 2
            and not _INITIAL.match(words[0])
            and not _first_and_patronymic(words, vocab)
            and not _particle_surname(words)
        ):
            full_names[entity.normal] += 1
    if not full_names:
        return list(entities)
    by_surname: dict[str, set[str]] = {}
    by_first_patronymic: dict[tuple[str, str], set[str]] = {}
    by_first: dict[str, set[str]] = {}
    for name in full_names:
        words = name.split()
        by_surname.setdefault(_surname_stem(words[-1]), set()).add(name)
        if len(words) == 3:
            by_first_patronymic.setdefault((_fold(words[0]), _fold(words[1])), set()).add(name)
        by_first.setdefault(_fold(words[0]), set()).add(name)
    out: list[Entity] = []
    for entity in entities:
        words = entity.normal.split()
        candidates: set[str] = set()
        if entity.type == "PER" and len(words) == 1:
            written = _fold(entity.text)
            for stem in {_surname_stem(words[0]), *_stems_of_written(written)}:
                candidates |= {n for n in by_surname.get(stem, set()) if _inflects(written, n.split()[-1])}
        elif entity.type == "PER" and _particle_surname(words):
            # «фон дер Ляйен», «Де Ниро» after «Урсула фон дер Ляйен», «Роберт Де Ниро»
            tail = [_fold(w) for w in words]
            candidates = {
                n
                for n in full_names
                if len(n.split()) > len(words) and [_fold(w) for w in n.split()][-len(words) :] == tail
            }
        elif entity.type == "PER" and len(words) == 2 and _first_and_patronymic(words, vocab):
            candidates = by_first_patronymic.get((_fold(words[0]), _fold(words[1])), set())
            if not candidates and not any(key[0] == _fold(words[0]) for key in by_first_patronymic):
                # «Виктор Рулевский» … «Виктора Михайловича»: the only full name with that first name, when
                # none in the text is written with another patronymic
                named = by_first.get(_fold(words[0]), set())
                candidates = named if len(named) == 1 else set()
        elif entity.type == "PER" and len(words) in (2, 3) and all(_INITIAL.match(w) for w in words[:-1]):
            # «Ю. Похолков», «Ю. А. Похолков»: the full name with that surname whose names begin so
            candidates = {
                n
                for n in by_surname.get(_surname_stem(words[-1]), set())
                if all(_fold(w)[:1] == _fold(f)[:1] for w, f in zip(words[:-1], n.split()[:-1], strict=False))
                and len(n.split()) >= len(words)
            }
        if candidates:
            # the most frequent spelling of the full name; equal counts: the longest, then the first in order
            best = max(sorted(candidates), key=lambda n: (full_names[n], len(n)))
            entity = replace(entity, normal=best)
        out.append(entity)
    return out


def _one_spelling(entities: Sequence[Entity]) -> list[Entity]:
    """«Петру Чубику» and «Пётр Чубик» in one text are one «Пётр Чубик»: a name written once with «ё» keeps it
    (the normal form of a mention written without it has none)."""
    spelled: dict[str, str] = {}
    for entity in entities:
        if entity.type == "PER" and "ё" in entity.normal.lower():
            spelled.setdefault(_fold(entity.normal), entity.normal)
    if not spelled:
        return list(entities)
    return [
        replace(e, normal=spelled[_fold(e.normal)]) if e.type == "PER" and _fold(e.normal) in spelled else e
        for e in entities
    ]


_NOMINATIVE_ENDING = re.compile(r"(?:ий|ый|ой|ая|яя|а|я|й|ь)$")  # Макей, Гоголь: Макея, Гоголем
_CASE_ENDINGS = frozenset(
    [
        "",
        "а",
        "у",
        "ом",
        "ым",
        "им",
        "е",
        "ой",
        "ою",
        "ую",
        "ы",
        "и",
        "ем",
        "ю",
        "я",
        "ого",
        "ему",
        "ому",
        "ей",
        "ая",
        "ий",
        "ый",
    ]
)


def _surname_stem(surname: str) -> str:
    folded = _fold(surname)
    stem = _NOMINATIVE_ENDING.sub("", folded)
    return stem if len(stem) >= 3 else folded


def _stems_of_written(written: str) -> list[str]:
    return [written[: len(written) - n] for n in range(0, 4) if len(written) - n >= 3]


def _inflects(written: str, surname: str) -> bool:
    """«Петрову», «Толстой», «Гренелла» are case forms of «Петрова», «Толстая», «Гренелл»."""
    folded = _fold(surname)
    if written == folded:
        return True
    stem = _surname_stem(surname)
    return written.startswith(stem) and written[len(stem) :] in _CASE_ENDINGS


def _particle_surname(words: Sequence[str]) -> bool:
    """«фон дер Ляйен», «Де Ниро», «бин Ладен»: particles, then the surname."""
    return len(words) >= 2 and all(w.lower() in _PARTICLES for w in words[:-1])


def _first_and_patronymic(words: Sequence[str], vocab: Any) -> bool:
    return len(words) == 2 and _is_patronymic(words[1], vocab)

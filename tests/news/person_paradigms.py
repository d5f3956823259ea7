"""Case paradigms of real person names, generated with pymorphy (and, for surnames the dictionary does not
know, with the textbook rules of Russian declension), put into sentences that require each case."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

SURNAMES = Path(__file__).resolve().parents[1] / "data" / "news" / "surnames.txt"
CASES = ("gent", "datv", "accs", "ablt", "loct")
# one sentence per case; {} is the name in that case
TEMPLATES = {
    "nomn": "Вчера {} выступил на заседании.",
    "gent": "Заявление {} опубликовано на сайте.",
    "datv": "Письмо было направлено {} ещё в мае.",
    "accs": "Журналисты спросили {} о планах.",
    "ablt": "Соглашение было подписано {} в Томске.",
    "loct": "Газеты много писали о {} в прошлом году.",
}
_INDECLINABLE_ENDINGS = ("о", "е", "э", "и", "ы", "у", "ю")


def names() -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for line in SURNAMES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            first, surname = line.split()
            out.append((first, surname))
    return out


def gender_of(first: str, vocab: Any) -> str:
    for parse in vocab.parse(first.lower()):
        if "Name" in parse.tag and parse.tag.gender in ("masc", "femn"):
            return parse.tag.gender
    return "femn" if first.endswith(("а", "я")) else "masc"


def _inflect(word: str, tag: str, case: str, gender: str, vocab: Any) -> str | None:
    for parse in vocab.parse(word.lower()):
        if (
            tag in parse.tag
            and "nomn" in parse.tag
            and (parse.tag.gender in (gender, None) or "ms-f" in parse.tag)
        ):
            if parse.tag.number == "plur":
                continue
            forms = vocab._inflect(parse, frozenset({case, "sing"}))  # pymorphy's own inflection
            if forms:
                return _shape(forms[0].word, word)
    return None


def _shape(form: str, written: str) -> str:
    if "ё" not in written:
        form = form.replace("ё", "е")
    return form[:1].upper() + form[1:]


def surname_form(surname: str, case: str, gender: str, vocab: Any) -> str:
    known = _inflect(surname, "Surn", case, gender, vocab)
    if known is not None:
        return known
    if surname.endswith(_INDECLINABLE_ENDINGS) or (gender == "femn" and not surname.endswith(("а", "я"))):
        return surname  # Шойгу, Керри, Вестагер, Мэй: not declined
    if surname.endswith("а"):  # Обама, Дзюба; Подковка -> Подковки
        genitive = "и" if surname[-2] in "гкхжшчщ" else "ы"
        return surname[:-1] + {"gent": genitive, "datv": "е", "accs": "у", "ablt": "ой", "loct": "е"}[case]
    if surname.endswith(("ый", "ой")) and gender == "masc":  # Белый, Крутой: declined as adjectives
        return surname[:-2] + {"gent": "ого", "datv": "ому", "accs": "ого", "ablt": "ым", "loct": "ом"}[case]
    if surname.endswith("й"):
        return surname[:-1] + {"gent": "я", "datv": "ю", "accs": "я", "ablt": "ем", "loct": "е"}[case]
    ending = {"gent": "а", "datv": "у", "accs": "а", "ablt": "ом", "loct": "е"}[case]  # Гренелл, Макрон
    return surname + ending


def first_name_form(first: str, case: str, gender: str, vocab: Any) -> str:
    known = _inflect(first, "Name", case, gender, vocab)
    if known is not None:
        return known
    if gender == "masc" and first[-1] not in "аеёиоуыэюяй":  # Олаф -> Олафа
        return first + {"gent": "а", "datv": "у", "accs": "а", "ablt": "ом", "loct": "е"}[case]
    return first


def _ambiguous_prepositional(first: str, surname: str, gender: str, vocab: Any) -> bool:
    """«о Петре Дзюбе» reads as well as a Пётр Дзюб, «о Евгении Паршуте» as a woman: a man's surname on -а
    that the dictionary does not decline as a surname is not decided by the sentence alone (the surname-alone
    paradigm, after the full name, still checks its prepositional)."""
    known = _inflect(surname, "Surn", "loct", gender, vocab) is not None
    return gender == "masc" and surname.endswith("а") and not known


def surname_sentences(vocab: Any) -> Iterator[tuple[str, str, str, str]]:
    """A document naming the person in full, then by surname alone in every oblique case."""
    for first, surname in names():
        gender = gender_of(first, vocab)
        full = f"{first} {surname}"
        opening = f"На заседании выступил{'а' if gender == 'femn' else ''} {full}. "
        for case in CASES:
            mention = surname_form(surname, case, gender, vocab)
            yield full, case, opening + TEMPLATES[case].format(mention), mention


def sentences(vocab: Any) -> Iterator[tuple[str, str, str, str]]:
    """(nominative full name, case, sentence, mention) for every name and case."""
    for first, surname in names():
        gender = gender_of(first, vocab)
        full = f"{first} {surname}"
        for case in ("nomn", *CASES):
            if case == "loct" and _ambiguous_prepositional(first, surname, gender, vocab):
                continue
            if case == "nomn":
                mention = full
            else:
                first_form = first_name_form(first, case, gender, vocab)
                mention = f"{first_form} {surname_form(surname, case, gender, vocab)}"
            template = TEMPLATES[case]
            if gender == "femn":
                template = template.replace("выступил", "выступила")
            yield full, case, template.format(mention), mention

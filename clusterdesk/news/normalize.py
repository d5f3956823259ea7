"""Nominative normal forms of entity spans.

Only the words that agree with the name's head change case: «Томского государственного университета систем
управления» -> «Томский государственный университет систем управления»; dependent words, quoted names and
abbreviations keep their own form («ТУСУРа» -> «ТУСУР»). Among the dictionary's nominative forms the one
closest to the written word wins, so «Высшей» becomes «Высшая», never the suppletive «Высочайшая».
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from clusterdesk.news.nlp import Token
from clusterdesk.news.orgs import LEGAL_FORMS, ORG_DESCRIPTORS
from clusterdesk.news.persons import person_words

UD_TO_OC_CASE = {"Nom": "nomn", "Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt", "Loc": "loct"}
_OC_CASE_ALIASES = {"gen2": "gent", "loc2": "loct", "acc2": "accs", "gen1": "gent", "loc1": "loct"}
_ABBR_SUFFIX = re.compile(
    r"^([A-ZА-ЯЁ][A-ZА-ЯЁ0-9]*[A-ZА-ЯЁ0-9-]*[A-ZА-ЯЁ0-9])(а|у|ом|е|ой|ы|ов|ам|ами|ах|ю|ей)$"
)
_MIXED_ABBREVIATION = re.compile(r"^[А-ЯЁ][а-яё]*[А-ЯЁ][А-ЯЁа-яё]*[А-ЯЁ]$")
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
_ADJ_POS = {"ADJF", "PRTF"}
_KEEP_GRAMS = ("Supr", "Cmp2", "Poss")
_QUOTES_OPEN = '«„“"'
_QUOTES_CLOSE = '»“”"'
_LEGAL_FORMS = frozenset(LEGAL_FORMS)


def abbreviation_stem(word: str) -> str | None:
    """«ТУСУРа» -> «ТУСУР»: an upper-case abbreviation with a lower-case case ending."""
    match = _ABBR_SUFFIX.match(word)
    if match and sum(1 for ch in match.group(1) if ch.isalpha()) >= 2:
        return match.group(1)
    return None


def is_abbreviation(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def restore_shape(new: str, original: str) -> str:
    """Copy the capitalisation of the written word (per hyphen part) and keep or drop «ё» like it."""
    if "ё" not in original.lower():
        new = new.replace("ё", "е").replace("Ё", "Е")
    if original.isupper() and len(original) > 1:
        return new.upper()
    new_parts = new.split("-")
    old_parts = original.split("-")
    if len(new_parts) == len(old_parts):
        return "-".join(_shape_part(n, o) for n, o in zip(new_parts, old_parts, strict=True))
    return new[:1].upper() + new[1:] if original[:1].isupper() else new


def _shape_part(new: str, old: str) -> str:
    if old.isupper() and len(old) > 1:
        return new.upper()
    if old[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a.replace("ё", "е"), b.replace("ё", "е"), strict=False):
        if x != y:
            break
        n += 1
    return n


def _oc_case(tag: Any) -> str | None:
    case = tag.case
    return _OC_CASE_ALIASES.get(case, case) if case else None


@lru_cache(maxsize=50_000)
def _nominative_cached(
    vocab: Any, word: str, want: str, case: str | None, gender: str | None, number: str | None, prefer: str
) -> tuple[str, str | None, str | None]:
    """Nominative of a lower-case word; returns (form, gender, number) of the chosen parse."""
    best: tuple[tuple[float, ...], str, str | None, str | None] | None = None
    for parse in vocab.parse(word):
        tag = parse.tag
        pos = tag.POS
        if (pos is None or (want == "ADJ") != (pos in _ADJ_POS)) and want != "ANY":
            continue
        if "Fixd" in tag:
            form_words = [word]
        else:
            own_gender = gender if pos in _ADJ_POS else (gender or tag.gender)
            form_words = _nominative_forms(parse, own_gender, number)
        if not form_words:
            continue
        chosen = max(form_words, key=lambda w: _common_prefix(w, word))
        score = (
            1.0 if case is None or _oc_case(tag) == case else 0.0,
            1.0 if prefer and any(g in tag for g in prefer.split(",")) else 0.0,
            1.0 if gender is None or tag.gender in (None, gender) or "ms-f" in tag or "GNdr" in tag else 0.0,
            float(_common_prefix(chosen, word)) / max(len(word), 1),
            parse.score,
        )
        if best is None or score > best[0]:
            best = (score, chosen, tag.gender, tag.number)
    if best is None:
        return word, None, None
    return best[1], best[2], best[3]


def _nominative_forms(parse: Any, gender: str | None, number: str | None) -> list[str]:
    tag = parse.tag
    keep = {g for g in _KEEP_GRAMS if g in tag}
    want_number = number or ("plur" if tag.number == "plur" else "sing")
    forms: list[str] = []
    for form in parse.lexeme:
        ftag = form.tag
        if "nomn" not in ftag or (tag.POS != ftag.POS):
            continue
        if ftag.number and ftag.number != want_number and "Pltm" not in ftag and "Sgtm" not in ftag:
            continue
        if gender and ftag.gender and ftag.gender != gender and want_number == "sing":
            continue
        if keep != {g for g in _KEEP_GRAMS if g in ftag}:
            continue
        forms.append(form.word)
    return forms


def nominative(
    token: Token,
    vocab: Any,
    *,
    want: str = "ANY",
    gender: str | None = None,
    number: str | None = None,
    prefer: str = "",
) -> tuple[str, str | None, str | None]:
    """Nominative form of one token in its written shape, plus the gender and number of the chosen parse."""
    word = token.text
    if not _CYRILLIC.search(word):
        return word, None, None
    stem = abbreviation_stem(word)
    if stem:
        return stem, None, None
    if is_abbreviation(word) or _MIXED_ABBREVIATION.match(word):
        return word, None, None  # «МЧС», «СибГМУ», «ТюмГУ»
    case = UD_TO_OC_CASE.get(token.feats.get("Case", ""))
    lowered = word.lower()
    if case == "nomn" and want == "NOUN" and prefer.startswith("Name"):
        # natasha reads a name in context as nominative: keep it («Иксанов» is no genitive of «Иксан»)
        return word, _gender_of(token), None
    if case == "nomn" and token.text[:1].isupper() and not vocab.word_is_known(lowered):
        # a name the dictionary does not know, read as nominative in context, is already in its normal form
        # (the guessed paradigm of «Тоттенхэм» is a plural «Тоттенхэмы»)
        return word, _gender_of(token), None
    form, g, n = _nominative_cached(vocab, lowered, want, case, gender, number, prefer)
    # natasha read the word as nominative already: trust the written form if the dictionary allows it
    changed = form.replace("ё", "е") != lowered.replace("ё", "е")
    if case == "nomn" and changed and any(_oc_case(p.tag) == "nomn" for p in vocab.parse(lowered)):
        form = lowered
    return restore_shape(form, word), g, n


def _gender_of(token: Token) -> str | None:
    return {"Masc": "masc", "Fem": "femn", "Neut": "neut"}.get(token.feats.get("Gender", ""))


def _quoted_mask(tokens: Sequence[Token]) -> list[bool]:
    depth = 0
    mask: list[bool] = []
    for token in tokens:
        if token.text in _QUOTES_OPEN and token.text != '"':
            depth += 1
            mask.append(True)
        elif token.text in _QUOTES_CLOSE and token.text != '"':
            depth = max(0, depth - 1)
            mask.append(True)
        elif token.text == '"':
            depth = 0 if depth else 1
            mask.append(True)
        else:
            mask.append(depth > 0)
    return mask


def normalize_span(kind: str, tokens: Sequence[Token], text: str, vocab: Any) -> str:
    """Normal form of a PER/ORG/LOC span given its tokens and the text they index."""
    if not tokens:
        return ""
    words = person_words(tokens, vocab) if kind == "PER" else _name_words(kind, tokens, vocab)
    if kind == "ORG" and len(tokens) == 1 and _declined_in_quotes(text, tokens[0], vocab):
        # «директора «Элекарда»», «открыт «Микраном»»: a quoted name that is no apposition to a kind word
        # declines like any noun
        words = [_quoted_nominative(tokens[0], vocab) or words[0]]
    status = [w.lower() for w in words[:2]] == ["национальный", "исследовательский"]
    if kind == "ORG" and len(tokens) == 3 and status and is_abbreviation(tokens[2].text):
        return words[2]  # «Национального исследовательского ТГУ»: a reader files «ТГУ», the status is no name
    parts = [words[0]]
    for prev, token, word in zip(tokens, tokens[1:], words[1:], strict=False):
        parts.append(text[prev.end : token.start])
        parts.append(word)
    return "".join(parts)


_BEFORE_QUOTE = re.compile(r"([А-Яа-яЁёA-Za-z-]+)\s*[«\"“„]$")


def _declined_in_quotes(text: str, token: Token, vocab: Any) -> bool:
    """A one-word name in quotes after a word that is no kind of organisation and no abbreviation: in an
    apposition («компании «Элекард»», «АО «Микран»») a quoted name stays in the nominative, elsewhere it
    declines."""
    before = _BEFORE_QUOTE.search(text, max(0, token.start - 40), token.start)
    if before is None:
        return False
    word = before.group(1)
    if word.isupper() or not word.isalpha():
        return False  # «АО «Микран»», «НПФ «Микран»»
    parses = vocab.parse(word.lower())
    if parses and parses[0].tag.POS in ("VERB", "INFN"):
        return False  # «пишет «Фонтанка»», «сообщила «Рейтара»»: a subject after its verb may be a nominative
    lemmas = {p.normal_form for p in parses}
    if lemmas & ORG_DESCRIPTORS or lemmas & _APPOSITION_KINDS:
        return False
    # «форума технологического развития «Технопром»»: the kind word before the kind's own adjectives and
    # genitive nouns
    if not parses or parses[0].tag.POS not in ("NOUN", "ADJF"):
        return True  # «Завод открыт «Микраном»»
    phrase = text[max(0, before.start() - 60) : before.start()].split()[-3:]
    for written in reversed(phrase):
        readings = vocab.parse(written.lower().strip(",.;:"))
        if not readings or readings[0].tag.POS not in ("NOUN", "ADJF") or not written.isalpha():
            break
        if {p.normal_form for p in readings} & (ORG_DESCRIPTORS | _APPOSITION_KINDS):
            return False
    return True


# endings of a declined quoted name that tell its case whatever the tagger read (quotes confuse it): written
# ending, nominative ending; «у» and «е» are left alone (dative of «Элекард» or accusative of «Тойота»)
_QUOTED_ENDINGS = (("ом", ""), ("ем", ""), ("ой", "а"), ("ою", "а"), ("ы", "а"), ("а", ""))


def _quoted_nominative(token: Token, vocab: Any) -> str | None:
    """The nominative of a declined quoted name the dictionary does not know (None for a known word)."""
    found = unknown_name_nominative(token, vocab)
    if found is None or found != token.text or token.feats.get("Case") not in (None, "Nom"):
        return found
    word = token.text
    for ending, nominative_ending in _QUOTED_ENDINGS:
        stem = word[: len(word) - len(ending)]
        if word.endswith(ending) and len(stem) >= 4 and (nominative_ending or stem[-1] not in "аеёиоуыэюяйь"):
            return stem + nominative_ending
    return word


# kinds of names a quoted name stands in apposition to, besides the organisations' descriptors
_APPOSITION_KINDS = frozenset(
    [
        "проект",
        "программа",
        "бюро",
        "бренд",
        "марка",
        "товарный",
        "знак",
        "фильм",
        "форум",
        "премия",
        "конкурс",
        "телепередача",
        "передача",
        "шоу",
        "операция",
        "корабль",
        "спутник",
        "станция",
        "аэропорт",
        "стадион",
    ]
)


def _person_words(tokens: Sequence[Token], vocab: Any) -> list[str]:
    gender = None
    for token in tokens:
        g = token.feats.get("Gender")
        if g:
            gender = {"Masc": "masc", "Fem": "femn"}.get(g)
            break
    words: list[str] = []
    for token in tokens:
        if not token.text[:1].isalpha() or len(token.text) == 1 or token.text[:1].islower():
            words.append(token.text)
            continue
        form, _, _ = nominative(
            token, vocab, want="NOUN", gender=gender, number="sing", prefer="Name,Surn,Patr"
        )
        words.append(form)
    return words


def agrees_like_adjective(token: Token, vocab: Any) -> bool:
    """An adjective or a full participle («генерирующей») that agrees with the noun it stands before."""
    if token.pos == "ADJ":
        return True
    if (
        token.pos == "VERB"
        and token.feats.get("VerbForm") == "Part"
        and token.feats.get("Variant") != "Short"
    ):
        return token.text[
            :1
        ].isalpha()  # «Томской генерирующей компании»: a full participle agrees like an adjective
    if token.pos not in ("PROPN", "NOUN", "X") or not token.text[:1].isalpha():  # X: the tagger gave up
        return False
    parses = vocab.parse(token.text.lower())
    return bool(parses) and parses[0].tag.POS in _ADJ_POS


def _governed_abbreviation(tokens: Sequence[Token], i: int, vocab: Any) -> bool:
    """A declined abbreviation right after a noun or another abbreviation of the name depends on it and keeps
    its case: «УНИЦ ТУСУРа», «филиала ТУСУРа» -> «Филиал ТУСУРа» (after an adjective or a legal form it is
    the name's head: «Томского ТУСУРа» -> «Томский ТУСУР»)."""
    before = tokens[i - 1] if i > 0 else None
    if before is None or not before.text[:1].isalpha():
        return False
    if is_abbreviation(before.text):
        return before.text not in _LEGAL_FORMS
    return before.pos in ("NOUN", "PROPN") and not agrees_like_adjective(before, vocab)


def _name_words(kind: str, tokens: Sequence[Token], vocab: Any) -> list[str]:
    words = [t.text for t in tokens]
    quoted = _quoted_mask(tokens)
    for i, token in enumerate(tokens):
        stem = abbreviation_stem(token.text)
        if stem and not quoted[i] and not _governed_abbreviation(tokens, i, vocab):
            words[i] = stem
    first = next((i for i, t in enumerate(tokens) if t.text[:1].isalpha()), None)
    if (
        first is None
        or quoted[first]
        or is_abbreviation(tokens[first].text)
        or not _CYRILLIC.search(tokens[first].text)
    ):
        return words
    prefer = "Geox" if kind == "LOC" else "Orgn,Geox"
    if kind == "ORG" and sum(1 for t in tokens if t.text[:1].isalpha()) == 1:
        guessed = unknown_name_nominative(tokens[first], vocab)
        if guessed is not None:
            words[first] = guessed
            return words
    head = first
    while (
        head < len(tokens) - 1
        and not quoted[head]
        and (agrees_like_adjective(tokens[head], vocab) or _joins_adjectives(tokens, head, vocab))
    ):
        head += 1
    if head >= len(tokens) or quoted[head] or not tokens[head].text[:1].isalpha():
        head = first  # no noun after the adjectives: treat the first word as the head
        head_form, gender, number = nominative(tokens[head], vocab, want="ANY", prefer=prefer)
        words[head] = head_form
        return words
    if kind == "ORG" and head > first and agrees_like_adjective(tokens[head], vocab):
        # a name cut before its noun («Томскому областному онкологическому», «Томского политехнического»): the
        # adjectives keep the gender and number the tagger read, in the nominative
        gender, number = _gender_of(tokens[head]), _NUMBERS.get(tokens[head].feats.get("Number", ""))
        for i in range(first, head + 1):
            if agrees_like_adjective(tokens[i], vocab):
                words[i] = nominative(tokens[i], vocab, want="ADJ", gender=gender, number=number)[0]
        return words
    head_form, gender, number = nominative(tokens[head], vocab, want="NOUN", prefer=prefer)
    if abbreviation_stem(tokens[head].text) is None:
        words[head] = head_form
    if abbreviation_stem(tokens[head].text) is not None or is_abbreviation(tokens[head].text):
        # «Томскую ОЭЗ» -> «Томская ОЭЗ»: an abbreviation has no gender of its own; the adjectives keep
        # the one they are written in
        gender = _gender_of(tokens[head - 1]) or gender
        number = _NUMBERS.get(tokens[head - 1].feats.get("Number", ""), number)
    for i in range(first, head):
        if agrees_like_adjective(tokens[i], vocab):
            words[i] = nominative(tokens[i], vocab, want="ADJ", gender=gender, number=number)[0]
    return words


_NUMBERS = {"Sing": "sing", "Plur": "plur"}


# case endings of a one-word name the dictionary does not know («Ростехом», «Совфеде», «Росгвардии»), by the
# textbook declension of nouns: (tagger's case, written ending, nominative ending), first match wins
_UNKNOWN_ENDINGS = (
    ("Ins", "ией", "ия"),
    ("Ins", "ом", ""),
    ("Ins", "ем", "й"),
    ("Ins", "ой", "а"),
    ("Gen", "ии", "ия"),
    ("Gen", "ы", "а"),
    ("Gen", "а", ""),
    ("Gen", "я", "й"),
    ("Dat", "ии", "ия"),
    ("Dat", "у", ""),
    ("Dat", "ю", "й"),
    ("Dat", "е", "а"),
    ("Loc", "ии", "ия"),
    ("Loc", "е", ""),
    ("Acc", "ию", "ия"),
    ("Acc", "у", "а"),
)


def unknown_name_nominative(token: Token, vocab: Any) -> str | None:
    """Nominative of a one-word organisation name the dictionary does not know, from the tagger's case and the
    textbook endings (the dictionary's guesses give «Совфедя», «Ростехи»); None for a known word."""
    word = token.text
    if not word[:1].isupper() or not word.isalpha() or word.isupper() or not _CYRILLIC.search(word):
        return None
    if abbreviation_stem(word) is not None or _MIXED_ABBREVIATION.match(word):
        return None  # «ТУСУРа» is an abbreviation with a case ending
    if vocab.word_is_known(word.lower()):
        return None
    case = token.feats.get("Case")
    for wanted, ending, nominative_ending in _UNKNOWN_ENDINGS:
        if case != wanted or not word.endswith(ending) or len(word) - len(ending) < 4:
            continue
        stem = word[: len(word) - len(ending)]
        if nominative_ending == "" and stem[-1] in "аеёиоуыэюяйь":
            continue  # a masculine stem ends in a consonant
        if nominative_ending == "й" and stem[-1] not in "аеёиоуыэюя":
            nominative_ending = "ь"  # «Норникеля» -> «Норникель» (a vowel before: «Андрея» -> «Андрей»)
        return stem + nominative_ending
    return word


def _joins_adjectives(tokens: Sequence[Token], i: int, vocab: Any) -> bool:
    """«государственной телевизионной и радиовещательной компании»: «и» between two agreeing adjectives."""
    return (
        tokens[i].text == "и"
        and 0 < i < len(tokens) - 1
        and agrees_like_adjective(tokens[i - 1], vocab)
        and agrees_like_adjective(tokens[i + 1], vocab)
    )

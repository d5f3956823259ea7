"""Case paradigms of real organisation names (tests/data/news/org_names.txt), generated with pymorphy and put
into sentences that require each case: after prepositions, as the subject, as a bare instrumental.

Only the head noun and the adjectives before it that agree with it change case; the genitive tail («систем
управления»), quoted names («Росатом») and «имени …» stay as written; a name opening with a legal form or a
quoted name («АО «Томскнефть»») does not change at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from clusterdesk.news.authorities import filed_name
from clusterdesk.news.ner import find_entities
from clusterdesk.news.nlp import analyse

NAMES = Path(__file__).resolve().parents[1] / "data" / "news" / "org_names.txt"
CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
# sentences per case; {} is the name in that case (no verb agrees with it, so any gender and number fits)
FRAMES = {
    "nomn": ("По данным пресс-службы, {} – один из участников программы.", "{} — участник нового проекта."),
    "gent": ("Представители {} приняли участие в форуме.", "Делегация из {} прибыла в Томск."),
    "datv": ("Грант был выделен {} ещё в мае.", "Вопросы к {} накопились за год."),
    "accs": ("Губернатор посетил {} в понедельник.", "Документы направлены в {} на прошлой неделе."),
    "ablt": ("Соглашение подписано с {} в Томске.", "Проект реализуется {} с прошлого года."),
    "loct": ("Совещание прошло в {} во вторник.", "Газеты много писали о {} в прошлом году."),
}
_ADJ = {"ADJF", "PRTF"}
# openings of names that news also write in lower case
LOWER_CASE_OPENINGS = (
    "Администрация",
    "Министерство",
    "Правительство",
    "Департамент",
    "Управление",
    "Прокуратура",
    "Законодательная дума",
    "Арбитражный суд",
    "Федеральная служба",
    "Федеральное агентство",
    "Избирательная комиссия",
    "Дума",
    "Общественная палата",
)


def _lines() -> list[tuple[str, str | None]]:
    out: list[tuple[str, str | None]] = []
    for line in NAMES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, filed = line.partition(" = ")
            out.append((name.strip(), filed.strip() or None))
    return out


def names() -> list[str]:
    return [name for name, _ in _lines()]


def _shape(form: str, written: str) -> str:
    if "ё" not in written.lower():
        form = form.replace("ё", "е")
    parts, old = form.split("-"), written.split("-")
    if len(parts) != len(old):
        return form[:1].upper() + form[1:] if written[:1].isupper() else form
    return "-".join(p[:1].upper() + p[1:] if o[:1].isupper() else p for p, o in zip(parts, old, strict=True))


def _nominative_parses(word: str, pos: set[str], vocab: Any, gender: str | None = None) -> list[Any]:
    return [
        parse
        for parse in vocab.parse(word.lower())
        if parse.tag.POS in pos
        and "nomn" in parse.tag
        and (gender is None or parse.tag.gender in (gender, None))
    ]


def _nominative_parse(word: str, pos: set[str], vocab: Any, gender: str | None = None) -> Any:
    parses = _nominative_parses(word, pos, vocab, gender)
    return parses[0] if parses else None


def _closest(word: str, parses: list[Any], grams: frozenset[str]) -> str | None:
    """The form with `grams` sharing the longest beginning with the written word («высшей», not
    «высочайшей»)."""
    best: tuple[int, str] | None = None
    for parse in parses:
        for form in parse.lexeme:
            if not grams <= form.tag.grammemes or "anim" in form.tag:
                continue
            prefix = next(
                (i for i, (a, b) in enumerate(zip(form.word, word.lower(), strict=False)) if a != b),
                len(word),
            )
            if best is None or prefix > best[0]:
                best = (prefix, form.word)
    return best[1] if best else None


def _structure(words: list[str], vocab: Any) -> tuple[int, Any] | None:
    """Index and parse of the head noun, or None when the name does not change (legal form, quotes)."""
    if words[0].startswith("«") or (words[0].isupper() and len(words[0]) > 1):
        return None
    head = 0
    while head < len(words) - 1 and (
        _nominative_parse(words[head], _ADJ, vocab) is not None or (head > 0 and words[head] == "и")
    ):
        head += 1
    parse = _nominative_parse(words[head], {"NOUN"}, vocab)
    if parse is None or words[head].startswith("«"):
        return None
    return head, parse


_MASCULINE_ENDINGS = {"gent": "а", "datv": "у", "accs": "", "ablt": "ом", "loct": "е"}
_FEMININE_ENDINGS = {"gent": "ы", "datv": "е", "accs": "у", "ablt": "ой", "loct": "е"}


def _unknown_word_form(name: str, case: str, vocab: Any) -> str | None:
    """A one-word name the dictionary does not know, declined by the textbook rule: a consonant ending as a
    masculine noun («Ростеха», «ТУСУРом»; an abbreviation only when it is read as a word, five letters or
    more), «-а» and «-ия» as a feminine one («Росгвардией»); another vowel ending («Минцифры», «СибГМУ») does
    not decline."""
    if " " in name or not name.isalpha() or vocab.word_is_known(name.lower()):
        return None
    if name.isupper() and len(name) < 5:
        return name  # «МЧС», «ТПУ»: read letter by letter
    if name[-1].lower() not in "аеёиоуыэюяй":
        return name + _MASCULINE_ENDINGS[case]
    if name.endswith("а") and not name.isupper():
        return name[:-1] + _FEMININE_ENDINGS[case]
    if name.endswith("ия") and not name.isupper():
        return name[:-1] + {"gent": "и", "datv": "и", "accs": "ю", "ablt": "ей", "loct": "и"}[case]
    return name


def inflect(name: str, case: str, vocab: Any) -> str:
    """The name in `case`: the head and the adjectives before it inflected, the rest as written."""
    words = name.split(" ")
    unknown = _unknown_word_form(name, case, vocab) if case != "nomn" else None
    if unknown is not None:
        return unknown
    found = _structure(words, vocab)
    if found is None or case == "nomn":
        return name
    head, parse = found
    plural = parse.tag.number == "plur"
    number = "plur" if plural else "sing"
    gender = parse.tag.gender
    out = list(words)
    if case != "accs" or gender == "femn":  # an organisation is inanimate: its accusative is its nominative
        head_form = vocab._inflect(parse, frozenset({case} if plural else {case, number}))
        if head_form:
            out[head] = _shape(head_form[0].word, words[head])
    for i in range(head):
        adjectives = _nominative_parses(words[i], _ADJ, vocab, None if plural else gender)
        grams = {case, number} | ({gender} if not plural and gender else set())
        form = _closest(words[i], adjectives, frozenset(grams))
        if form:
            out[i] = _shape(form, words[i])
    return " ".join(out)


def sentences(vocab: Any) -> Iterator[tuple[str, str, str, int, int]]:
    """(nominative name, case, sentence, start and end of the mention) for every name, case and frame."""
    for name in names():
        for case in CASES:
            mention = inflect(name, case, vocab)
            for frame in FRAMES[case]:
                text = frame.format(mention)
                start = frame.index("{}")
                if start == 0:
                    text = text[:1].upper() + text[1:]
                yield name, case, text, start, start + len(mention)
            if name.startswith(LOWER_CASE_OPENINGS):
                # news write a body without a name of its own in lower case: «администрацией Томской области»
                frame = FRAMES[case][0] if FRAMES[case][0].index("{}") > 0 else FRAMES[case][1]
                lowered = mention[:1].lower() + mention[1:]
                start = frame.index("{}")
                yield name, case, frame.format(lowered), start, start + len(lowered)


def expected_normal(name: str) -> str:
    """The name the authorities' registry files for it («Минфин»), or the filing the list gives after « = »
    (a generic descriptor before a quoted name is dropped), or the nominative name."""
    return filed_name(name) or dict(_lines()).get(name) or name


def _fold(text: str) -> str:
    return text.replace("ё", "е").replace("Ё", "Е")


def check(models: Any) -> Iterator[tuple[str, str, str, list[str], bool]]:
    """(name, case, sentence, normal forms of the ORG entities over the mention, right) for every sentence."""
    for name, case, text, start, end in sentences(models.morph_vocab):
        entities = find_entities(analyse(text, models), models.morph_vocab)
        got = [e.normal for e in entities if e.type == "ORG" and e.start < end and start < e.end]
        want = _fold(expected_normal(name))
        yield name, case, text, got, bool(got) and all(_fold(n) == want for n in got)

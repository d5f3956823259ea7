"""The words of a post: the title vocabulary, a title's head word and its nominative form.

«первого заместителя губернатора области» -> «первый заместитель губернатора области»; «замгубернатора» (a
deputy's title word) does not decline.
"""

from __future__ import annotations

import re
from typing import Any

TITLE_WORDS = frozenset({
    "ректор", "проректор", "директор", "гендиректор", "начальник", "заместитель", "губернатор", "глава",
    "руководитель", "председатель", "министр", "президент", "вице-президент", "декан", "заведующий", "мэр",
    "вице-губернатор", "вице-премьер", "премьер-министр", "полпред", "сенатор", "депутат", "основатель",
    "сооснователь", "управляющий", "советник", "секретарь", "член", "лидер", "представитель", "врио",
    "замгубернатора", "замминистра", "замглавы", "учредитель", "партнер", "партнёр", "владелец",
    "премьер", "спикер", "посол", "координатор", "сопредседатель", "зампред", "замдиректора", "генсек",
    "госсекретарь", "канцлер", "прокурор", "судья", "командующий", "главнокомандующий", "главком",
    "уполномоченный", "омбудсмен", "консул", "атташе", "пресс-секретарь", "помощник", "редактор",
    "главред", "обозреватель", "корреспондент", "фотограф", "тренер", "капитан", "вратарь", "астронавт",
    "космонавт", "экономист", "аналитик", "инженер", "конструктор", "профессор", "доцент", "академик",
    "завкафедрой", "завлаб", "градоначальник", "сити-менеджер", "докладчик", "наблюдатель",
    "парламентарий", "король", "королева", "царь", "император", "шейх", "эмир", "султан", "наследник",
    "менеджер", "акционер", "совладелец", "администратор", "комиссар", "инспектор", "аудитор",
    "врач", "главврач", "куратор", "шеф", "замначальника", "замруководителя", "замгендиректора", "заммэра",
    "замдекана", "зам", "сотрудник", "преподаватель", "хоким", "аким",
})  # fmt: skip
WORD = re.compile(r"[А-Яа-яЁёA-Za-z0-9]+(?:-[А-Яа-яЁёA-Za-z0-9]+)*")
LEGAL = frozenset({"ао", "оао", "пао", "зао", "ооо", "нао", "фгуп", "гуп", "муп", "ано", "фгбоу", "фгаоу"})
ACTING = re.compile(r"(временно\s+)?исполняющ\w*\s+обязанност\w*\s+", re.IGNORECASE)


def nominative_title(phrase: str, vocab: Any) -> str:
    """«первого заместителя губернатора области» -> «первый заместитель губернатора области»."""
    phrase = phrase.strip(' ,—–-«"')
    if re.match(r"и\.\s?о\.", phrase, re.IGNORECASE):
        return "и. о. " + re.sub(r"^и\.\s?о\.\s*", "", phrase, flags=re.IGNORECASE)  # a genitive follows
    acting = ACTING.match(phrase)
    if acting:  # the rest is a genitive already: «исполняющим обязанности ректора»
        return ("временно " if acting.group(1) else "") + "исполняющий обязанности " + phrase[acting.end() :]
    words = list(WORD.finditer(phrase))
    while words and words[-1].group().lower() in LEGAL:
        phrase = phrase[: words[-1].start()].rstrip(' ,«"')
        words.pop()
    if not phrase or vocab is None:
        return phrase
    head = next((i for i, w in enumerate(words) if is_title_word(w.group(), vocab)), None)
    if head is None:
        return _lower_first(phrase)
    parse = head_parse(words[head].group(), vocab)
    gender = "femn" if parse is not None and "femn" in parse.tag and "ms-f" not in parse.tag else "masc"
    pieces: list[str] = []
    cursor = 0
    for i, word in enumerate(words[: head + 1]):
        pieces.append(phrase[cursor : word.start()])
        if i == head:
            # «замгубернатора» does not decline (a deputy of the governor); the dictionary guesses a noun
            deputy = parse is None or deputy_word(word.group())
            pieces.append(word.group() if deputy else _inflect(word.group(), parse, {"nomn", "sing"}, vocab))
        else:
            pieces.append(_agree(word.group(), gender, vocab))
        cursor = word.end()
    pieces.append(phrase[cursor:])
    return _lower_first("".join(pieces))


def deputy_word(word: str) -> bool:
    """«замгубернатора», «замминистра», «замглавы»: a title word that is a deputy's, not declined."""
    lowered = word.lower()
    return lowered.startswith("зам") and lowered in TITLE_WORDS and lowered[-1] in "аы"


def is_title_word(word: str, vocab: Any) -> bool:
    """A title's head word: one of the vocabulary's, or a deputy's («замгубернатора»)."""
    return deputy_word(word) or head_parse(word, vocab) is not None


def head_parse(word: str, vocab: Any) -> Any:
    lowered = word.lower()
    for parse in vocab.parse(lowered):
        if parse.tag.POS == "NOUN" and parse.normal_form.replace("ё", "е") in _TITLE_LEMMAS:
            return parse
    last = lowered.rsplit("-", 1)[-1]
    if last != lowered:
        for parse in vocab.parse(last):
            if parse.tag.POS == "NOUN" and parse.normal_form in _TITLE_LEMMAS:
                return parse
    return None


_TITLE_LEMMAS = frozenset(w.replace("ё", "е") for w in TITLE_WORDS)


def _inflect(word: str, parse: Any, grams: set[str], vocab: Any) -> str:
    if "Fixd" in parse.tag:
        return word
    lowered = word.lower()
    if "-" in lowered and not parse.word.startswith(lowered.split("-")[0]):
        prefix, last = lowered.rsplit("-", 1)
        return _shape(f"{prefix}-{_inflect(last, parse, grams, vocab)}", word)
    forms = vocab._inflect(parse, frozenset(grams))  # pymorphy's own inflection, under natasha's wrapper
    return _shape(forms[0].word, word) if forms else word


def _agree(word: str, gender: str, vocab: Any) -> str:
    lowered = word.lower()
    for parse in vocab.parse(lowered):
        if parse.tag.POS in ("ADJF", "PRTF") and (parse.tag.case != "nomn" or parse.tag.number == "plur"):
            return _inflect(word, parse, {"nomn", "sing", gender}, vocab)
        if parse.tag.POS in ("ADJF", "PRTF"):
            return word
    return word


def _shape(new: str, original: str) -> str:
    if original.isupper() and len(original) > 1:
        return new.upper()
    if original[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


def _lower_first(phrase: str) -> str:
    first = WORD.match(phrase)
    if first is None or (first.group().isupper() and len(first.group()) > 1):
        return phrase
    return phrase[:1].lower() + phrase[1:]

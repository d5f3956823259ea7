"""One name, one reading per document: an organisation's name found once is found again in other case forms.

natasha tags sentence by sentence, so a name it reads in one sentence («Палаты представителей») can go
untagged in another («спикер палаты представителей», «Президентский центр наследия» / «президентского центра
наследия»). Words are compared by a stem without the case ending, so «Роснефть» finds «Роснефтью» and
«Президентский центр» finds «президентского центра».
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from clusterdesk.news.nlp import Token
from clusterdesk.news.normalize import is_abbreviation
from clusterdesk.news.orgs import RawSpan

# Russian noun and adjective case endings, longest first (a stem keeps at least three letters)
_ENDINGS = (
    *("ыми", "ими", "ями", "ами", "ого", "его", "ому", "ему"),
    *("ым", "им", "ых", "их", "ый", "ий", "ой", "ая", "яя", "ое", "ее", "ые", "ие", "ую", "юю"),
    *("ом", "ем", "ам", "ям", "ах", "ях", "ов", "ев", "ью", "ья", "ье", "ьи", "ей"),
    *("а", "я", "о", "е", "у", "ю", "ы", "и", "ь", "й"),
)
_WORD = re.compile(r"[A-Za-zА-ЯЁа-яё]+(?:-[A-Za-zА-ЯЁа-яё]+)*")
# a name of this many words at most is looked for again
_MAX_WORDS = 5
# a sports club or team named after a place: in a text that names it so, the place's name is the club's
_CLUB = re.compile(r"(?<![\w-])(?:[Кк]луб[а-я]{0,3}|[Кк]оманд[а-я]{1,3}|ФК|ХК|ПФК|ФСК|БК|ВК)\s+$")


def word_stems(word: str) -> frozenset[str]:
    """The word and every stem left by one case ending (of at least three letters): «Уралхим» -> {уралхим,
    уралх}, «Уралхиму» -> {уралхиму, уралхим}; two forms of one word share a stem."""
    lowered = word.lower().replace("ё", "е")
    return frozenset(
        [lowered]
        + [lowered[: -len(e)] for e in _ENDINGS if lowered.endswith(e) and len(lowered) - len(e) >= 3]
    )


def _shape(word: str) -> str:
    """Capitalisation that must agree between two mentions of a name: an abbreviation, a capital or not."""
    if is_abbreviation(word):
        return "A"
    return "U" if word[:1].isupper() else "l"


@dataclass(frozen=True, slots=True)
class _Name:
    stems: tuple[frozenset[str], ...]
    shapes: tuple[str, ...]
    quoted: int  # 0: never in quotes, 1: in quotes, 2: in quotes after «клуб» / «команда» (_CLUB)

    def matches(self, words: Sequence[Token]) -> bool:
        """The same words in any case form; a name of several words may begin with a capital or not."""
        for i, (token, stems, shape) in enumerate(zip(words, self.stems, self.shapes, strict=True)):
            written = _shape(token.text)
            if written != shape and not (i == 0 and len(words) > 1 and "A" not in (written, shape)):
                return False
            if stems.isdisjoint(word_stems(token.text)):
                return False
        return True


def _names(text: str, spans: Sequence[RawSpan], tokens: Sequence[Token]) -> list[_Name]:
    """The organisations' names of words, each with whether it is written in quotes: the words of a span,
    or of the quoted name inside it («Банк «Открытие»» -> «Открытие»)."""
    starts = [t.start for t in tokens]
    names: dict[tuple[tuple[frozenset[str], ...], tuple[str, ...]], int] = {}
    for span in spans:
        if span.type != "ORG":
            continue
        inside = list(tokens[bisect.bisect_left(starts, span.start) : bisect.bisect_left(starts, span.end)])
        quote = span.start - 1 if text[span.start - 1 : span.start] == "«" else -1
        if quote >= 0 and text[span.end : span.end + 1] != "»":
            quote = -1
        opening = next((i for i, t in enumerate(inside) if t.text == "«"), None)
        if opening is not None and inside[-1].text == "»":
            quote, inside = inside[opening].start, inside[opening + 1 : -1]
        quoted = 0 if quote < 0 else 2 if _CLUB.search(text, max(0, quote - 30), quote) else 1
        if not inside or len(inside) > _MAX_WORDS or not all(_WORD.fullmatch(t.text) for t in inside):
            continue
        if len(inside) == 1 and (len(inside[0].text) < 4 or is_abbreviation(inside[0].text)):
            continue  # abbreviations and their case forms are `ner._propagate`'s
        key = (tuple(word_stems(t.text) for t in inside), tuple(_shape(t.text) for t in inside))
        names[key] = max(names.get(key, 0), quoted)
    return [_Name(stems, shapes, quoted) for (stems, shapes), quoted in names.items()]


def organisations_in_other_forms(text: str, spans: list[RawSpan], tokens: Sequence[Token]) -> list[RawSpan]:
    """Other mentions of an organisation's name of words (in any case, the first letter either way) where
    nothing else is tagged; a single-word name only when capitalised as found. Where the name is written in
    quotes somewhere, it wins over a lone word read as a person («Холдинг «Уралхим»» … «акции Уралхима»)
    and over places inside it, which stay nested in it («службе «Голоса Америки»» … «Голос Америки:»)."""
    names = _names(text, spans, tokens)
    if not names:
        return spans
    # names by the first three letters of their first word, longest name first
    by_prefix: dict[str, list[_Name]] = {}
    for name in sorted(names, key=lambda n: -len(n.stems)):
        for prefix in {stem[:3] for stem in name.stems[0]}:
            by_prefix.setdefault(prefix, []).append(name)
    words = [t for t in tokens if _WORD.fullmatch(t.text)]
    out = list(spans)
    index = 0
    while index < len(words):
        for name in by_prefix.get(words[index].text[:3].lower().replace("ё", "е"), ()):
            run = words[index : index + len(name.stems)]
            if len(run) < len(name.stems) or not _adjacent(text, run) or not name.matches(run):
                continue
            if len(run) == 1 and _opens_sentence(text, run[0].start):
                continue  # «Открытия не было»: a one-word name may be a common word given a capital
            start, end = run[0].start, run[-1].end
            crossed = [s for s in out if s.start < end and start < s.end]
            if name.quoted and _retyped(crossed, start, end, club=name.quoted == 2):
                # a quoted name is an organisation's wherever it is written: the places inside it come back
                # nested in it (`ner.nested_in_names`)
                out = [s for s in out if s not in crossed]
                crossed = []
            if crossed:
                continue
            out.append(RawSpan("ORG", start, end))
            index += len(run) - 1
            break
        index += 1
    return out


def _retyped(crossed: Sequence[RawSpan], start: int, end: int, *, club: bool) -> bool:
    """The spans inside another mention of a quoted name that give way to it: the lone word read as a person
    («Уралхима»), places inside it («Голос Америки:» after «службе «Голоса Америки»»), and a club's name
    read as a place («клуб «Бавария»» … «вратарь мюнхенской Баварии»)."""
    if crossed == [RawSpan("PER", start, end)] or (club and crossed == [RawSpan("LOC", start, end)]):
        return True
    # a place that is the whole of a one-word name stays a place («телеканал «Россия»» … «в России»)
    return bool(crossed) and all(
        s.type == "LOC" and start <= s.start and s.end <= end and (s.start, s.end) != (start, end)
        for s in crossed
    )


def _adjacent(text: str, run: Sequence[Token]) -> bool:
    """Words of one name: separated by single spaces only."""
    return all(text[a.end : b.start] == " " for a, b in itertools.pairwise(run))


def _opens_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip(' «"')
    return not before or before[-1] in ".!?\n"


def people_as_written(text: str, spans: list[RawSpan]) -> list[RawSpan]:
    """A full name read as a person in one sentence is a person wherever it is written the same way
    («Гата Камский» read as a place in one sentence and as a person in another)."""
    people = {text[s.start : s.end] for s in spans if s.type == "PER" and " " in text[s.start : s.end]}
    if not people:
        return spans
    return [
        RawSpan("PER", s.start, s.end) if s.type == "LOC" and text[s.start : s.end] in people else s
        for s in spans
    ]

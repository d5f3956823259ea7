"""Link ORG/PER mentions to registry entities given as plain data.

Matching ignores case, «ё», quotes and legal forms («ПАО «МТС»» = «МТС»), survives inflection (mentions are
compared by their nominative normal form and by word lemmas), knows abbreviations and aliases, and compares
people by surname plus first name or initials. Every link carries a confidence in [0, 1]; a link below the
threshold is still returned, with `needs_review=True`, for a person to accept or reject.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from clusterdesk.news.orgs import LEGAL_FORMS, RawSpan
from clusterdesk.news.records import Entity, Link

DEFAULT_THRESHOLD = 0.75
_LEGAL = {f.lower() for f in LEGAL_FORMS} | {"ао", "оао", "пао", "зао", "ооо"}
_WORD = re.compile(r"[0-9a-zа-яё]+(?:[-–][0-9a-zа-яё]+)*")
_STOP = {"и", "в", "во", "на", "по", "для", "при", "с", "со", "им", "имени", "of", "the", "and"}


@dataclass(frozen=True, slots=True)
class RegistryName:
    """One registry entity with every name it is known by (short, full, aliases; a person's full name)."""

    entity_type: Literal["organization", "person"]
    entity_id: int
    canonical: str
    names: tuple[str, ...] = ()


def name_key(name: str) -> str:
    """Case-, «ё»-, quote- and legal-form-insensitive key of a name; a status before a university's name and
    the contraction «госуниверситет» do not tell two names apart («Национальный исследовательский Томский
    госуниверситет» is «Томский государственный университет»)."""
    words = _WORD.findall(name.lower().replace("ё", "е"))
    kept = [w for w in words if w not in _LEGAL] or words
    if kept[:2] == ["национальный", "исследовательский"] and (
        len(kept) > 3 or (len(kept) == 3 and len(kept[2]) <= 6)
    ):
        kept = kept[2:]  # and before an abbreviation: «Национального исследовательского ТГУ»
    expanded = [part for w in kept for part in _CONTRACTIONS.get(w, (w,))]
    return " ".join(expanded)


# contractions of a university's kind written in news («Томский госуниверситет»)
_CONTRACTIONS = {
    "госуниверситет": ("государственный", "университет"),
    "политехуниверситет": ("политехнический", "университет"),
    "медуниверситет": ("медицинский", "университет"),
    "педуниверситет": ("педагогический", "университет"),
}


def acronym(name: str) -> str:
    """Initial letters of the significant words: «Томский государственный университет» -> «тгу»."""
    words = [w for w in _WORD.findall(name.lower().replace("ё", "е")) if w not in _STOP and w not in _LEGAL]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


@dataclass(frozen=True, slots=True)
class _Person:
    entity_id: int
    canonical: str
    surname: str
    first: str
    patronymic: str


class Gazetteer:
    """Index of registry names, built once and passed to the pipeline."""

    def __init__(
        self, names: Iterable[RegistryName], vocab: Any | None = None, threshold: float = DEFAULT_THRESHOLD
    ) -> None:
        self.threshold = threshold
        self._vocab = vocab
        self._org_exact: dict[str, set[tuple[int, str]]] = defaultdict(set)
        self._org_lemma: dict[str, set[tuple[int, str]]] = defaultdict(set)
        self._org_acronym: dict[str, set[tuple[int, str]]] = defaultdict(set)
        self._people: dict[str, list[_Person]] = defaultdict(list)
        self._surface: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
        for entry in names:
            if entry.entity_type == "organization":
                self._add_org(entry)
            else:
                self._add_person(entry)

    def _add_org(self, entry: RegistryName) -> None:
        target = (entry.entity_id, entry.canonical)
        for name in _distinct(entry.canonical, *entry.names):
            key = name_key(name)
            if not key:
                continue
            self._org_exact[key].add(target)
            self._org_lemma[self._lemma_key(key)].add(target)
            if short := acronym(name):
                self._org_acronym[short].add(target)
            words = tuple(key.split())
            if words and (len(key) >= 3):
                self._surface[words[0]].append((words, "ORG"))

    def _add_person(self, entry: RegistryName) -> None:
        for name in _distinct(entry.canonical, *entry.names):
            words = [w for w in re.findall(r"[А-ЯЁA-Z][а-яёa-z-]+", name)]
            if len(words) < 2:
                continue
            if len(words) == 3 and self._looks_like_patronymic(words[2]):
                first, patronymic, surname = words[1], words[2], words[0]
            elif len(words) == 3:
                first, patronymic, surname = words[0], words[1], words[2]
            elif self._is_first_name(words[1]) and not self._is_first_name(words[0]):
                first, patronymic, surname = words[1], "", words[0]  # «Потёмкин Василий»
            else:
                first, patronymic, surname = words[0], "", words[1]
            person = _Person(
                entry.entity_id, entry.canonical, _fold(surname), _fold(first), _fold(patronymic)
            )
            if person not in self._people[person.surname]:
                self._people[person.surname].append(person)

    def _is_first_name(self, word: str) -> bool:
        if self._vocab is None:
            return False
        return any("Name" in p.tag for p in self._vocab.parse(word.lower())[:3])

    @staticmethod
    def _looks_like_patronymic(word: str) -> bool:
        return bool(re.search(r"(?:вич|вна|чна|ична|инична)$", word))

    def _lemma_key(self, key: str) -> str:
        if self._vocab is None:
            return key
        return " ".join(
            self._vocab.parse(w)[0].normal_form.replace("ё", "е") if w.isalpha() else w for w in key.split()
        )

    def mentions(self, text: str) -> list[RawSpan]:
        """Spans of registry organisation names in the text; the last word may carry a case ending."""
        found: list[RawSpan] = []
        matches = list(_TEXT_WORD.finditer(text))
        folded = [_fold(m.group()) for m in matches]
        for i, word in enumerate(folded):
            if not _is_name_like(matches[i].group()):
                continue
            for words, kind in self._candidates(word):
                end = i + len(words)
                if end > len(folded) or not all(
                    _same_word(folded[j], w, last=(j == end - 1))
                    for j, w in zip(range(i, end), words, strict=True)
                ):
                    continue
                found.append(RawSpan(kind, matches[i].start(), matches[end - 1].end()))
                break
        return found

    def _candidates(self, word: str) -> list[tuple[tuple[str, ...], str]]:
        """Names that may start at this word, longest first (so «Минэкономразвития РФ» wins over
        «Минэкономразвития» whatever the order the registry listed them in)."""
        out = list(self._surface.get(word, []))
        for cut in range(1, 4):
            if len(word) - cut >= 3:
                out.extend(c for c in self._surface.get(word[:-cut], []) if len(c[0]) == 1)
        return sorted(set(out), key=lambda c: (-len(c[0]), c))

    def link(self, entity: Entity) -> Link | None:
        """Registry entity for a mention, with confidence; None when nothing plausible matches."""
        if entity.type == "ORG":
            return self._link_org(entity)
        if entity.type == "PER":
            return self._link_person(entity)
        return None

    def _link_org(self, entity: Entity) -> Link | None:
        scored: list[tuple[float, tuple[int, str]]] = []
        for source, confidence in ((entity.normal, 1.0), (entity.text, 0.97)):
            key = name_key(source)
            for target in self._org_exact.get(key, ()):
                scored.append((confidence, target))
            if not scored:
                for target in self._org_lemma.get(self._lemma_key(key), ()):
                    scored.append((0.9, target))
        if not scored:
            key = name_key(entity.normal)
            if " " not in key:
                for target in self._org_acronym.get(key, ()):
                    scored.append((0.7, target))
            else:
                short = acronym(entity.normal)
                for target in self._org_exact.get(short, ()):
                    scored.append((0.65, target))
        return self._best(scored)

    def _link_person(self, entity: Entity) -> Link | None:
        words = re.findall(r"[А-ЯЁA-Z][а-яёa-z-]*\.?", entity.normal)
        if len(entity.text.split()) == 1 and words:
            # a surname alone is linked as written, for review: its normal form may be the document's full
            # name, but the registry can hold two people of that surname
            words = words[-1:]
        if not words:
            return None
        full_words = [w for w in words if not w.endswith(".") and len(w) > 1]
        initials = [w[0] for w in words if w.endswith(".") or len(w) == 1]
        scored: list[tuple[float, tuple[int, str]]] = []
        for candidate_surname in full_words[::-1]:
            for person in self._people.get(_fold(candidate_surname), []):
                others = [_fold(w) for w in full_words if _fold(w) != person.surname]
                if person.first and person.first in others:
                    confidence = (
                        1.0
                        if (not person.patronymic or person.patronymic in others or len(others) == 1)
                        else 0.9
                    )
                elif initials and person.first and person.first[0] == _fold(initials[0]):
                    confidence = 0.9
                elif others:
                    continue  # a different first name: another person with this surname
                else:
                    confidence = 0.7  # surname alone
                scored.append((confidence, (person.entity_id, person.canonical)))
            if scored:
                break
        return self._best(scored)

    def _best(self, scored: Sequence[tuple[float, tuple[int, str]]]) -> Link | None:
        if not scored:
            return None
        best_confidence = max(c for c, _ in scored)
        best = {t for c, t in scored if c == best_confidence}
        target = min(best)
        confidence = best_confidence if len(best) == 1 else best_confidence * 0.6
        confidence = round(confidence, 3)
        return Link(target[0], target[1], confidence, needs_review=confidence < self.threshold)


def _distinct(*names: str) -> list[str]:
    """Names in their given order without repeats (a set here made the output depend on the hash seed)."""
    return list(dict.fromkeys(names))


def _fold(word: str) -> str:
    return word.lower().replace("ё", "е")


_TEXT_WORD = re.compile(r"[0-9A-Za-zА-Яа-яЁё]+(?:[-–][0-9A-Za-zА-Яа-яЁё]+)*")
_CASE_ENDINGS = ("", "а", "у", "ом", "е", "ой", "ы", "ов", "ам", "ами", "ах", "и", "ю", "ей", "я", "ем")


def _same_word(written: str, registry: str, *, last: bool) -> bool:
    """Equal words, or for the last word of a name an inflected form («Микрана» for «Микран»)."""
    if written == registry:
        return True
    return last and written.startswith(registry) and written[len(registry) :] in _CASE_ENDINGS


def _is_name_like(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()


def link_entities(entities: Sequence[Entity], gazetteer: Gazetteer | None) -> list[Entity]:
    """Entities with their registry links filled in."""
    if gazetteer is None:
        return list(entities)
    from dataclasses import replace

    return [replace(e, link=gazetteer.link(e)) for e in entities]

"""factRuEval-2016 development set: the fixed dev / held-aside split and names-only token scoring.

The split is the one `bench/facts_eval.py` already uses: `book_N` is **held aside** (unseen) when
`int(sha1(b"book_N").hexdigest(), 16) % 3 == 0` (41 texts); rules are written while looking at the other
81 texts only. Scoring follows ../shared/eval/score_factru.py exactly: gold objects Person -> PER, Org -> ORG,
Location/LocOrg -> LOC, each mention reduced to its name spans (name/surname/patronymic/nickname, org_name,
loc_name); a `\\w+` token counts for a type when it lies inside a span of that type; P/R/F1 over tokens.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared/data/factRuEval-2016-dev"
if not DATA.exists():  # the main checkout sits beside ../shared too
    DATA = Path("/work/shared/data/factRuEval-2016-dev")
TYPES = ("PER", "ORG", "LOC")
_MAP = {"Person": "PER", "Org": "ORG", "Location": "LOC", "LocOrg": "LOC"}
_NAME_SPANS = {"PER": {"name", "surname", "patronymic", "nickname"}, "ORG": {"org_name"}, "LOC": {"loc_name"}}
_TOKEN = re.compile(r"\w+")


def is_unseen(book: str) -> bool:
    """The fixed split: a third of the texts is never looked at while the rules are written."""
    return int(hashlib.sha1(book.encode()).hexdigest(), 16) % 3 == 0


@dataclass(frozen=True, slots=True)
class FactruDocument:
    id: str
    path: Path
    text: str
    gold: frozenset[tuple[int, int, str]]


def _fields(line: str) -> list[str]:
    return line.split("#", 1)[0].split()


def load(part: str = "unseen", data: Path = DATA) -> list[FactruDocument]:
    """Documents of one part: "dev", "unseen" or "all"."""
    docs: list[FactruDocument] = []
    for objects in sorted(data.glob("*.objects"), key=lambda p: int(p.stem.split("_")[1])):
        book = objects.stem
        if part != "all" and is_unseen(book) != (part == "unseen"):
            continue
        with open(data / f"{book}.txt", encoding="utf-8", newline="") as handle:
            text = handle.read()
        spans: dict[str, tuple[int, int, str]] = {}
        for line in (data / f"{book}.spans").read_text(encoding="utf-8").splitlines():
            p = _fields(line)
            if len(p) >= 4:
                spans[p[0]] = (int(p[2]), int(p[2]) + int(p[3]), p[1])
        gold: set[tuple[int, int, str]] = set()
        for line in objects.read_text(encoding="utf-8").splitlines():
            p = _fields(line)
            if len(p) < 3 or p[1] not in _MAP:
                continue
            kind = _MAP[p[1]]
            parts = [spans[x] for x in p[2:] if spans[x][2] in _NAME_SPANS[kind]]
            if parts:
                gold.add((min(a for a, _, _ in parts), max(b for _, b, _ in parts), kind))
        docs.append(FactruDocument(book, data / f"{book}.txt", text, frozenset(gold)))
    return docs


@dataclass
class Counts:
    tp: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _labels(text: str, spans: Iterable[tuple[int, int, str]]) -> dict[int, set[str]]:
    tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    out: dict[int, set[str]] = {}
    for s, e, t in spans:
        for ts, te in tokens:
            if ts >= s and te <= e:
                out.setdefault(ts, set()).add(t)
    return out


def score(
    docs: Sequence[FactruDocument], predicted: dict[str, Sequence[tuple[int, int, str]]]
) -> dict[str, Counts]:
    """Token counts per type (as score_factru.py counts them)."""
    stats = {t: Counts() for t in TYPES}
    for doc in docs:
        gl = _labels(doc.text, doc.gold)
        pl = _labels(doc.text, [s for s in predicted.get(doc.id, ()) if s[2] in stats])
        for t, st in stats.items():
            st.gold += sum(1 for v in gl.values() if t in v)
            st.predicted += sum(1 for v in pl.values() if t in v)
            st.tp += sum(1 for k, v in pl.items() if t in v and t in gl.get(k, ()))
    return stats


def errors(
    doc: FactruDocument, predicted: Sequence[tuple[int, int, str]]
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Missed and extra mentions (type, text) of one document, for the dev part only."""
    if is_unseen(doc.id):
        raise ValueError("the held-aside part is never inspected")
    pred = {(s, e, t) for s, e, t in predicted if t in TYPES}
    missed = sorted((t, doc.text[s:e]) for s, e, t in doc.gold - pred)
    extra = sorted((t, doc.text[s:e]) for s, e, t in pred - doc.gold)
    return missed, extra

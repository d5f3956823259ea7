"""Gold-set scoring of entity spans (per token) and base forms (per document), shared by bench and tests."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

TYPES = ("PER", "ORG", "LOC")


@dataclass(frozen=True, slots=True)
class GoldEntity:
    type: str
    start: int
    end: int
    normal: str


@dataclass(frozen=True, slots=True)
class GoldDocument:
    id: str
    text: str
    entities: tuple[GoldEntity, ...]


@dataclass(frozen=True, slots=True)
class Predicted:
    """What a system says about a document: (type, start, end, normal) tuples."""

    id: str
    entities: tuple[tuple[str, int, int, str], ...]


def load_gold(path: Path) -> list[GoldDocument]:
    """Resolve the hand-written annotation spec (surface forms) into character spans."""
    spec = json.loads(path.read_text(encoding="utf-8"))
    documents: list[GoldDocument] = []
    for doc in spec["documents"]:
        text = (path.parent / doc["file"]).read_text(encoding="utf-8")
        taken: list[GoldEntity] = []
        annotations = sorted(doc["annotations"], key=lambda a: -len(a[1]))
        for annotation in annotations:
            kind, surface, normal = annotation[:3]
            skip = set(annotation[3]) if len(annotation) > 3 else set()
            pattern = r"(?<![\w])" + re.escape(surface) + r"(?![\w])"
            for index, match in enumerate(re.finditer(pattern, text)):
                if index in skip:
                    continue
                if any(g.start < match.end() and match.start() < g.end for g in taken):
                    continue
                taken.append(GoldEntity(kind, match.start(), match.end(), normal))
        documents.append(GoldDocument(doc["id"], text, tuple(sorted(taken, key=lambda g: g.start))))
    return documents


_TOKEN = re.compile(r"\w+(?:[-–.]\w+)*|[^\w\s]")


def _token_labels(text: str, spans: Iterable[tuple[str, int, int]]) -> list[str]:
    """One label per token: the type of the outermost span covering it (a place nested in an organisation's
    name leaves the organisation's tokens ORG, as this gold set marks them)."""
    tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    labels = ["O"] * len(tokens)
    for kind, start, end in sorted(spans, key=lambda s: (s[1], -s[2])):
        for i, (ts, te) in enumerate(tokens):
            if ts >= start and te <= end and labels[i] == "O":
                labels[i] = kind
    return labels


@dataclass(frozen=True, slots=True)
class Score:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _fold(name: str) -> str:
    return re.sub(r"\s+", " ", name.replace("ё", "е").replace("Ё", "Е")).strip()


def score(gold: Sequence[GoldDocument], predicted: Sequence[Predicted]) -> dict[str, dict[str, Score]]:
    """Per-token span scores and per-document base-form set scores, per type and over all types."""
    by_id = {p.id: p for p in predicted}
    tokens: dict[str, Counter[str]] = {k: Counter() for k in (*TYPES, "all")}
    forms: dict[str, Counter[str]] = {k: Counter() for k in (*TYPES, "all")}
    for doc in gold:
        pred = by_id[doc.id]
        gold_labels = _token_labels(doc.text, [(g.type, g.start, g.end) for g in doc.entities])
        pred_labels = _token_labels(doc.text, [(t, s, e) for t, s, e, _ in pred.entities])
        for g, p in zip(gold_labels, pred_labels, strict=True):
            for kind in TYPES:
                if g == kind and p == kind:
                    tokens[kind]["tp"] += 1
                elif p == kind:
                    tokens[kind]["fp"] += 1
                elif g == kind:
                    tokens[kind]["fn"] += 1
        for kind in TYPES:
            gold_set = {_fold(g.normal) for g in doc.entities if g.type == kind}
            pred_set = {_fold(n) for t, _, _, n in pred.entities if t == kind}
            forms[kind]["tp"] += len(gold_set & pred_set)
            forms[kind]["fp"] += len(pred_set - gold_set)
            forms[kind]["fn"] += len(gold_set - pred_set)
    for table in (tokens, forms):
        for kind in TYPES:
            for key in ("tp", "fp", "fn"):
                table["all"][key] += table[kind][key]
    return {
        "tokens": {k: Score(v["tp"], v["fp"], v["fn"]) for k, v in tokens.items()},
        "forms": {k: Score(v["tp"], v["fp"], v["fn"]) for k, v in forms.items()},
    }

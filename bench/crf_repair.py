"""Experiment: a token-level CRF that repairs the pipeline's entity labels (issue 10, item 3).

Trained on the development two thirds of factRuEval-2016 dev (gold names-only spans as BIO labels),
evaluated on the held-aside third with the score of bench/factru.py, against the pipeline it repairs.
Features per token: the word (lower case), its affixes, shape, position in quotes, natasha's part of speech
and case, the pipeline's BIO label, and word, label, capitalisation and shape of the neighbours at ±1 and ±2.
Needs python-crfsuite, which is not a dependency of ClusterDesk: the experiment did not pay
(docs/BENCHMARKS.md).

Usage: .venv/bin/python bench/crf_repair.py
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
from pathlib import Path

import pycrfsuite

sys.path.insert(0, str(Path(__file__).resolve().parent))

from factru import TYPES, load, score

from clusterdesk.news.nlp import analyse, build_models
from clusterdesk.news.pipeline import PipelineOptions, process_text

_WORD = re.compile(r"\w+|[^\w\s]")


def _shape(word: str) -> str:
    shape = re.sub(r"[А-ЯЁA-Z]", "X", word)
    shape = re.sub(r"[а-яёa-z]", "x", shape)
    return re.sub(r"(.)\1+", r"\1\1", re.sub(r"\d", "d", shape))


def _bio(tokens: list[tuple[int, int]], spans: list[tuple[int, int, str]]) -> list[str]:
    labels = ["O"] * len(tokens)
    for s, e, t in spans:
        inside = [i for i, (ts, te) in enumerate(tokens) if ts >= s and te <= e]
        for n, i in enumerate(inside):
            labels[i] = ("B-" if n == 0 else "I-") + t
    return labels


def features(
    text: str, models
) -> tuple[list[tuple[int, int]], list[dict[str, object]], list[tuple[int, int, str]]]:
    [item] = process_text(
        text, source="x", models=models, options=PipelineOptions(no_split=True, facts=False)
    )
    pipeline = [(e.start, e.end, e.type) for e in item.entities]
    tokens = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    labels = _bio(tokens, pipeline)
    analysis = analyse(text, models)
    morph = {t.start: t for t in analysis.tokens}
    depth, quoted = 0, []
    for s, e in tokens:
        w = text[s:e]
        if w in "«„“":
            depth += 1
        elif w in "»”":
            depth = max(0, depth - 1)
        quoted.append(depth > 0)
    rows: list[dict[str, object]] = []
    for i, (s, e) in enumerate(tokens):
        w = text[s:e]
        tok = morph.get(s)
        case = tok.feats.get("Case", "") if tok else ""
        row: dict[str, object] = {
            "w": w.lower(), "s2": w[-2:].lower(), "s3": w[-3:].lower(), "p3": w[:3].lower(),
            "shape": _shape(w), "title": w[:1].isupper(), "upper": w.isupper() and len(w) > 1, "q": quoted[i],
            "lab": labels[i], "pos": tok.pos if tok else "X", "case": case,
        }  # fmt: skip
        for d in (-2, -1, 1, 2):
            j = i + d
            if 0 <= j < len(tokens):
                ww = text[tokens[j][0] : tokens[j][1]]
                row[f"{d}w"] = ww.lower()
                row[f"{d}lab"] = labels[j]
                row[f"{d}title"] = ww[:1].isupper()
                row[f"{d}shape"] = _shape(ww)
            else:
                row[f"{d}w"] = "<pad>"
        rows.append(row)
    return tokens, rows, pipeline


def _spans(tokens: list[tuple[int, int]], labels: list[str]) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for (s, e), lab in zip(tokens, labels, strict=True):
        if lab.startswith("B-") or (lab.startswith("I-") and (not out or out[-1][2] != lab[2:])):
            out.append((s, e, lab[2:]))
        elif lab.startswith("I-"):
            out[-1] = (out[-1][0], e, out[-1][2])
    return out


def main() -> None:
    models = build_models()
    trainer = pycrfsuite.Trainer(verbose=False)
    for doc in load("dev"):
        tokens, rows, _ = features(doc.text, models)
        trainer.append(rows, _bio(tokens, sorted(doc.gold)))
    trainer.set_params({"c1": 0.1, "c2": 0.05, "max_iterations": 150})
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "crf.model")
        trainer.train(path)
        tagger = pycrfsuite.Tagger()
        tagger.open(path)
        unseen = load("unseen")
        ours: dict[str, list[tuple[int, int, str]]] = {}
        crf: dict[str, list[tuple[int, int, str]]] = {}
        cost = 0.0
        for doc in unseen:
            tokens, rows, pipeline = features(doc.text, models)
            started = time.process_time()
            crf[doc.id] = _spans(tokens, tagger.tag(rows))
            cost += time.process_time() - started
            ours[doc.id] = pipeline
    print("| system (held-aside, 41 texts) | " + " | ".join(f"{t} P / R / F1" for t in TYPES) + " |")
    print("|---|---|---|---|")
    for name, predicted in (("pipeline", ours), ("pipeline + CRF repair", crf)):
        stats = score(unseen, predicted)
        cells = " | ".join(
            f"{stats[t].precision:.3f} / {stats[t].recall:.3f} / {stats[t].f1:.3f}" for t in TYPES
        )
        print(f"| {name} | {cells} |")
    print(f"CRF tagging CPU on the held-aside texts: {cost:.2f} s (features not counted)")


if __name__ == "__main__":
    main()

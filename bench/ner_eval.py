"""Gold-set evaluation: bare natasha vs the ClusterDesk pipeline, per-token spans and per-document base forms.

Usage: .venv/bin/python bench/ner_eval.py [--gold tests/data/news/gold.json] [--errors]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import natasha

from clusterdesk.news.nlp import Models, build_models
from clusterdesk.news.pipeline import PipelineOptions, process_text
from clusterdesk.news.scoring import TYPES, GoldDocument, Predicted, load_gold, score

ROOT = Path(__file__).resolve().parents[1]


def bare_natasha(doc: GoldDocument, models: Models) -> Predicted:
    nat = natasha.Doc(doc.text)
    nat.segment(models.segmenter)
    nat.tag_morph(models.morph_tagger)
    nat.tag_ner(models.ner_tagger)
    for span in nat.spans:
        span.normalize(models.morph_vocab)
    return Predicted(doc.id, tuple((s.type, s.start, s.stop, s.normal) for s in nat.spans))


def pipeline(doc: GoldDocument, models: Models) -> Predicted:
    [item] = process_text(doc.text, source=doc.id, models=models, options=PipelineOptions(no_split=True))
    return Predicted(doc.id, tuple((e.type, e.start, e.end, e.normal) for e in item.entities))


def report(name: str, gold: list[GoldDocument], predicted: list[Predicted]) -> None:
    result = score(gold, predicted)
    print(f"\n{name}")
    print("| type | token P | token R | token F1 | base-form P | base-form R | base-form F1 |")
    print("|---|---|---|---|---|---|---|")
    for kind in (*TYPES, "all"):
        t, f = result["tokens"][kind], result["forms"][kind]
        print(
            f"| {kind} | {t.precision:.3f} | {t.recall:.3f} | {t.f1:.3f} "
            f"| {f.precision:.3f} | {f.recall:.3f} | {f.f1:.3f} |"
        )


def show_errors(gold: list[GoldDocument], predicted: list[Predicted]) -> None:
    by_id = {p.id: p for p in predicted}
    for doc in gold:
        gold_set = {(g.type, doc.text[g.start : g.end], g.normal) for g in doc.entities}
        pred_set = {(t, doc.text[s:e], n) for t, s, e, n in by_id[doc.id].entities}
        for miss in sorted(gold_set - pred_set):
            print(f"{doc.id}  missed  {miss}")
        for extra in sorted(pred_set - gold_set):
            print(f"{doc.id}  extra   {extra}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--gold", type=Path, default=ROOT / "tests/data/news/gold.json")
    parser.add_argument("--errors", action="store_true", help="list the pipeline's misses and extras")
    args = parser.parse_args()
    gold = load_gold(args.gold)
    models = build_models()
    print(f"gold: {len(gold)} documents, {sum(len(d.entities) for d in gold)} entities")
    bare = [bare_natasha(d, models) for d in gold]
    ours = [pipeline(d, models) for d in gold]
    report("bare natasha (segment + morph + NER + span.normalize)", gold, bare)
    report("ClusterDesk pipeline (--no-split)", gold, ours)
    if args.errors:
        show_errors(gold, ours)


if __name__ == "__main__":
    main()

"""Entity evaluation: bare natasha vs the ClusterDesk pipeline, in one run.

Default: factRuEval-2016 development set, names-only token F1 per type exactly as
../shared/eval/score_factru.py scores it, on the held-aside third (never used to write rules) and on the
development two thirds (bench/factru.py has the split). `--gold FILE` scores a hand-annotated gold set of
tests/data/news instead (per-token spans and per-document base forms).

Usage:
  .venv/bin/python bench/ner_eval.py                       # factRuEval dev: held-aside and development parts
  .venv/bin/python bench/ner_eval.py --errors              # + misses/extras of the development part only
  .venv/bin/python bench/ner_eval.py --gold tests/data/news/gold.json [--errors]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import natasha

sys.path.insert(0, str(Path(__file__).resolve().parent))

from factru import TYPES as FACTRU_TYPES
from factru import errors as factru_errors
from factru import load as load_factru
from factru import score as score_factru

from clusterdesk.news.nlp import Models, build_models
from clusterdesk.news.pipeline import PipelineOptions, process_text
from clusterdesk.news.scoring import TYPES, GoldDocument, Predicted, load_gold, score

ROOT = Path(__file__).resolve().parents[1]
# factRuEval texts the project's own test data holds (tests/data/news/gold|fresh/factru_N.txt): some are in
# the held-aside third, so rules may have been written while reading them. The row «held-aside, never in
# tests» leaves them out: the only figure on texts nobody here has read.
IN_TESTS = {
    f"book_{p.stem.removeprefix('factru_')}" for p in (ROOT / "tests/data/news").glob("*/factru_*.txt")
}


def bare_entities(text: str, models: Models) -> list[tuple[str, int, int, str]]:
    nat = natasha.Doc(text)
    nat.segment(models.segmenter)
    nat.tag_morph(models.morph_tagger)
    nat.tag_ner(models.ner_tagger)
    for span in nat.spans:
        span.normalize(models.morph_vocab)
    return [(s.type, s.start, s.stop, s.normal) for s in nat.spans]


def pipeline_entities(text: str, source: str, models: Models) -> list[tuple[str, int, int, str]]:
    [item] = process_text(text, source=source, models=models, options=PipelineOptions(no_split=True))
    return [(e.type, e.start, e.end, e.normal) for e in item.entities]


def bare_natasha(doc: GoldDocument, models: Models) -> Predicted:
    return Predicted(doc.id, tuple(bare_entities(doc.text, models)))


def pipeline(doc: GoldDocument, models: Models) -> Predicted:
    return Predicted(doc.id, tuple(pipeline_entities(doc.text, doc.id, models)))


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


def factru(models: Models, parts: list[str], show: bool) -> None:
    print("factRuEval-2016 dev, names-only token F1 (score_factru.py), split of bench/factru.py")
    print("| part | texts | system | PER P / R / F1 | ORG P / R / F1 | LOC P / R / F1 |")
    print("|---|---|---|---|---|---|")
    dev_errors: list[str] = []
    for part in parts:
        docs = load_factru(part)
        systems = {
            "bare natasha": {d.id: [(s, e, t) for t, s, e, _ in bare_entities(d.text, models)] for d in docs},
            "pipeline": {
                d.id: [(s, e, t) for t, s, e, _ in pipeline_entities(d.text, d.id, models)] for d in docs
            },
        }
        label = "held-aside" if part == "unseen" else "development"
        rows = [(label, docs)]
        if part == "unseen":
            rows.append(("held-aside, never in tests", [d for d in docs if d.id not in IN_TESTS]))
        for row_label, row_docs in rows:
            for name, predicted in systems.items():
                stats = score_factru(row_docs, predicted)
                cells = " | ".join(
                    f"{stats[t].precision:.3f} / {stats[t].recall:.3f} / **{stats[t].f1:.3f}**"
                    for t in FACTRU_TYPES
                )
                print(f"| {row_label} | {len(row_docs)} | {name} | {cells} |")
        if show and part == "dev":
            for doc in docs:
                missed, extra = factru_errors(doc, systems["pipeline"][doc.id])
                dev_errors += [f"{doc.id}  missed  {t} {s!r}" for t, s in missed]
                dev_errors += [f"{doc.id}  extra   {t} {s!r}" for t, s in extra]
    if dev_errors:
        print("\n".join(["", "development part, pipeline errors:", *dev_errors]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--gold", type=Path, help="a hand-annotated gold set instead of factRuEval dev")
    parser.add_argument("--part", choices=("unseen", "dev", "both"), default="both")
    parser.add_argument("--errors", action="store_true", help="the pipeline's misses and extras (dev part)")
    args = parser.parse_args()
    models = build_models()
    if args.gold is None:
        parts = ["unseen", "dev"] if args.part == "both" else [args.part]
        factru(models, parts, args.errors)
        return
    gold = load_gold(args.gold)
    print(f"gold: {len(gold)} documents, {sum(len(d.entities) for d in gold)} entities")
    bare = [bare_natasha(d, models) for d in gold]
    ours = [pipeline(d, models) for d in gold]
    report("bare natasha (segment + morph + NER + span.normalize)", gold, bare)
    report("ClusterDesk pipeline (--no-split)", gold, ours)
    if args.errors:
        show_errors(gold, ours)


if __name__ == "__main__":
    main()

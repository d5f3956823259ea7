"""Risk facts against a gold set of real Russian news texts (bench/data/risk_gold.jsonl), per item.

Each gold item is one real public news text (its address in ``url``), the organisation a cluster would have
as a member (``target``), the risk categories it reports about that organisation (``risk``; empty: none) and
what kind of item it is (``event``; the tricky negatives: ``denial``, ``resolved``, ``hypothetical``,
``other`` — a risk of someone else). The target is the only organisation of the registry the linker knows,
so a fact «about the member» is a risk fact whose ``organization_id`` is the target's.

An item is predicted positive when the pipeline gives a risk fact linked to the target; it is a true positive
when the gold lists a risk and the fact's category is one of the gold's. Precision and recall are per item.

The split is fixed: an item is *unseen* when sha1(id) % 3 == 0 (``part`` in the file). The rules were written
looking at the errors of the *dev* part only; ``--errors`` refuses to print the unseen part's errors. The
*fresh* part (ids ``f..``) was collected after the rules were committed and never used to change them.

Usage: PYTHONPATH=. .venv/bin/python bench/risk_eval.py [--part dev|unseen|fresh|both] [--errors]
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

from clusterdesk.news.link import Gazetteer, RegistryName
from clusterdesk.news.nlp import Models, build_models
from clusterdesk.news.pipeline import PipelineOptions, process_text

GOLD = Path(__file__).resolve().parent / "data" / "risk_gold.jsonl"
TARGET_ID = 1


@dataclass(frozen=True, slots=True)
class Outcome:
    id: str
    part: str
    kind: str
    gold: tuple[str, ...]
    predicted: tuple[str, ...]

    @property
    def tp(self) -> bool:
        return bool(self.gold) and bool(set(self.gold) & set(self.predicted))


def load(part: str) -> list[dict[str, object]]:
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if part == "both" or r["part"] == part]


def run_item(row: dict[str, object], models: Models) -> Outcome:
    target = str(row["target"])
    names = (target, *(str(a) for a in row.get("aliases") or []))  # type: ignore[attr-defined]
    gazetteer = Gazetteer([RegistryName("organization", TARGET_ID, target, names)], models.morph_vocab)
    items = process_text(
        str(row["text"]),
        source=str(row["id"]),
        models=models,
        options=PipelineOptions(no_split=True, dedup=False),
        gazetteer=gazetteer,
    )
    predicted = tuple(
        sorted(
            {
                str(f.fields["category"])
                for item in items
                for f in item.facts
                if f.type == "risk" and f.fields.get("organization_id") == TARGET_ID
            }
        )
    )
    gold = tuple(str(c) for c in row["risk"]) if isinstance(row["risk"], list) else ()
    return Outcome(str(row["id"]), str(row["part"]), str(row["kind"]), gold, predicted)


def scores(outcomes: list[Outcome]) -> tuple[float, float, int, int, int]:
    predicted = [o for o in outcomes if o.predicted]
    positives = [o for o in outcomes if o.gold]
    tp = sum(o.tp for o in outcomes)
    precision = tp / len(predicted) if predicted else 1.0
    recall = tp / len(positives) if positives else 1.0
    return precision, recall, tp, len(predicted), len(positives)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--part", choices=("dev", "unseen", "fresh", "both"), default="unseen")
    parser.add_argument("--errors", action="store_true", help="print the wrong items (dev part only)")
    args = parser.parse_args()
    if args.errors and args.part != "dev":
        parser.error(
            "--errors only on the dev part: the unseen and fresh parts are for the figures to report"
        )
    models = build_models()
    rows = load(args.part)
    outcomes = [run_item(row, models) for row in rows]
    pools = {
        "dev": ("dev",),
        "unseen": ("unseen",),
        "fresh": ("fresh",),
        "held out (unseen + fresh)": ("unseen", "fresh"),
        "all": ("dev", "unseen", "fresh"),
    }
    for part, members in pools.items():
        chosen = [o for o in outcomes if o.part in members]
        if args.part != "both" and part not in (args.part,):
            continue
        if not chosen:
            continue
        precision, recall, tp, predicted, positives = scores(chosen)
        negatives = len(chosen) - positives
        print(
            f"{part}: {len(chosen)} items ({positives} with a risk, {negatives} without): "
            f"precision {precision:.2f} ({tp}/{predicted}), recall {recall:.2f} ({tp}/{positives})"
        )
        by_kind: dict[str, list[Outcome]] = {}
        for o in chosen:
            by_kind.setdefault(o.kind, []).append(o)
        for kind, group in sorted(by_kind.items()):
            wrong = sum((bool(o.predicted) and not o.tp) or (bool(o.gold) and not o.tp) for o in group)
            print(f"  {kind}: {len(group)} items, {wrong} wrong")
    if args.errors:
        by_id = {str(r["id"]): r for r in rows}
        for o in outcomes:
            if (o.predicted and not o.tp) or (o.gold and not o.tp):
                print(f"\n{o.id} [{o.kind}] gold={list(o.gold)} predicted={list(o.predicted)}")
                print("   ", by_id[o.id]["target"], "|", str(by_id[o.id]["text"])[:400])


if __name__ == "__main__":
    main()

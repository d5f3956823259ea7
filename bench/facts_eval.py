"""Post facts against factRuEval-2016 dev Occupation facts (person, position, organisation).

The dev set is split once: `book_N` is *unseen* when sha1("book_N") % 3 == 0. Rules are developed on the
*dev* part only (`--errors` prints misses and extras there and refuses to do so on the unseen part); the
figure to report is the unseen one.

A gold Occupation is recalled when a post fact of the same text names the same person (a shared name word,
case- and «ё»-insensitive) and its title contains the lemma of the gold position's head noun (the first noun
of the gold span: «министр торговли» -> «министр»). A post is correct when it recalls some gold Occupation of
its text. Organisation agreement is counted over recalled facts that have both a gold «Where» and a predicted
organisation (a shared name word).

`--speed` times the fact stage alone (one pass over all 122 texts after natasha and the entity rules)
against natasha's own analysis of the same texts, in the same run.

Usage: PYTHONPATH=. .venv/bin/python bench/facts_eval.py [--part dev|unseen|both] [--errors] [--speed]
"""

from __future__ import annotations

import argparse
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clusterdesk.news.link import name_key
from clusterdesk.news.nlp import Models, build_models
from clusterdesk.news.pipeline import PipelineOptions, process_text

DATA = Path("/work/shared/data/factRuEval-2016-dev")
_WORD = re.compile(r"[A-Za-zА-Яа-яЁё]+")


@dataclass(frozen=True, slots=True)
class GoldPost:
    person: str
    position: str
    where: str | None
    where_is_org: bool


def is_unseen(book: str) -> bool:
    """The fixed split: a third of the texts is never looked at while the rules are written."""
    return int(hashlib.sha1(book.encode()).hexdigest(), 16) % 3 == 0


def load_gold(path: Path) -> list[GoldPost]:
    """Occupation facts of one `.facts` file."""
    kinds = _object_kinds(path.with_suffix(".objects"))
    out: list[GoldPost] = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if line.strip()]
        if not lines or not lines[0].endswith("Occupation"):
            continue
        roles: dict[str, tuple[str, str]] = {}
        for line in lines[1:]:
            parts = line.split(" ", 2)
            if len(parts) == 3:
                roles[parts[0]] = (parts[1], parts[2])
        if "Who" not in roles or "Position" not in roles:
            continue
        where = roles.get("Where")
        where_is_org = where is not None and kinds.get(where[0].removeprefix("obj")) == "Org"
        out.append(GoldPost(roles["Who"][1], roles["Position"][1], where[1] if where else None, where_is_org))
    return out


def _object_kinds(path: Path) -> dict[str, str]:
    kinds: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2:
            kinds[parts[0]] = parts[1]
    return kinds


def _words(text: str) -> set[str]:
    return {w.lower().replace("ё", "е") for w in _WORD.findall(text)}


def _lemmas(text: str, models: Models) -> set[str]:
    out: set[str] = set()
    for word in _WORD.findall(text):
        out.update(p.normal_form.replace("ё", "е") for p in models.morph_vocab.parse(word.lower()))
    return out


def _head(position: str, models: Models) -> str:
    for word in _WORD.findall(position):
        parses = models.morph_vocab.parse(word.lower())
        if parses and "NOUN" in parses[0].tag:
            return parses[0].normal_form.replace("ё", "е")
    words = _WORD.findall(position)
    return models.morph_vocab.parse(words[0].lower())[0].normal_form if words else ""


def _matches(post: dict[str, Any], gold: GoldPost, models: Models) -> bool:
    if not _words(str(post.get("person") or "")) & _words(gold.person):
        return False
    return _head(gold.position, models) in _lemmas(str(post.get("title") or ""), models)


def _org_agrees(post: dict[str, Any], gold: GoldPost) -> bool:
    organization = post.get("organization")
    if not organization or not gold.where:
        return False
    predicted, expected = set(name_key(str(organization)).split()), set(name_key(gold.where).split())
    return bool(predicted & expected)


def evaluate(books: list[str], models: Models, errors: bool) -> dict[str, float]:
    gold_total = recalled = predicted_total = correct = org_total = org_right = 0
    for book in books:
        text = (DATA / f"{book}.txt").read_text(encoding="utf-8")
        gold = load_gold(DATA / f"{book}.facts")
        [item] = process_text(text, source=book, models=models, options=PipelineOptions(no_split=True))
        posts = [f.fields for f in item.facts if f.type == "post"]
        gold_total += len(gold)
        predicted_total += len(posts)
        for g in gold:
            hit = next((p for p in posts if _matches(p, g, models)), None)
            if hit is not None:
                recalled += 1
                if g.where and hit.get("organization"):
                    org_total += 1
                    org_right += _org_agrees(hit, g)
            elif errors:
                print(f"{book}  missed  {g.person} | {g.position} | {g.where}")
        for p in posts:
            if any(_matches(p, g, models) for g in gold):
                correct += 1
            elif errors:
                print(f"{book}  extra   {p['person']} | {p['title']} | {p['organization']}")
    return {
        "texts": len(books),
        "gold": gold_total,
        "predicted": predicted_total,
        "recall": recalled / gold_total if gold_total else 0.0,
        "precision": correct / predicted_total if predicted_total else 0.0,
        "org": org_right / org_total if org_total else 0.0,  # among recalled posts with an org
        "org_n": org_total,
    }


def speed(books: list[str], models: Models) -> None:
    import time

    from clusterdesk.news.facts import find_facts
    from clusterdesk.news.ner import find_entities
    from clusterdesk.news.nlp import analyse

    texts = [(DATA / f"{b}.txt").read_text(encoding="utf-8") for b in books]
    began = time.perf_counter()
    prepared = [(t, a) for t in texts for a in [analyse(t, models)]]
    natasha_seconds = time.perf_counter() - began
    prepared_entities = [(t, a, find_entities(a, models.morph_vocab, [])) for t, a in prepared]
    began = time.perf_counter()
    for text, analysis, entities in prepared_entities:
        find_facts(text, entities, None, analysis=analysis, vocab=models.morph_vocab)
    facts_seconds = time.perf_counter() - began
    print(
        f"\nfacts stage {facts_seconds:.2f} s over {len(texts)} texts; "
        f"natasha analysis {natasha_seconds:.2f} s; "
        f"ratio {facts_seconds / natasha_seconds:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--part", choices=("dev", "unseen", "both"), default="both")
    parser.add_argument("--errors", action="store_true", help="misses and extras (dev part only)")
    parser.add_argument("--speed", action="store_true", help="time the fact stage against natasha")
    args = parser.parse_args()
    books = sorted(p.stem for p in DATA.glob("book_*.txt"))
    models = build_models()
    print("| part | texts | gold posts | predicted | recall | precision | F1 | org agrees (n) |")
    print("|---|---|---|---|---|---|---|---|")
    for part in ("dev", "unseen") if args.part == "both" else (args.part,):
        chosen = [b for b in books if is_unseen(b) == (part == "unseen")]
        r = evaluate(chosen, models, errors=args.errors and part == "dev")
        f1 = 2 * r["recall"] * r["precision"] / (r["recall"] + r["precision"]) if r["recall"] else 0.0
        print(
            f"| {part} | {r['texts']} | {r['gold']} | {r['predicted']} | {r['recall']:.3f} "
            f"| {r['precision']:.3f} | {f1:.3f} | {r['org']:.3f} ({r['org_n']}) |"
        )

    if args.speed:
        speed(books, models)


if __name__ == "__main__":
    main()

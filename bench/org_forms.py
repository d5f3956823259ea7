"""Organisation normal forms on case paradigms of real names (tests/data/news/org_names.txt).

Every name is inflected into every case with pymorphy (tests/news/org_paradigms.py) and put into two
sentences per case; the pipeline's ORG entity over the mention must have the nominative name (or the name the
authorities' registry files) as its normal form. Prints the share right per case and overall, and
the failures.

Usage:
  .venv/bin/python bench/org_forms.py [--failures]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from clusterdesk.news.nlp import build_models  # noqa: E402
from tests.news.org_paradigms import CASES, check, names  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--failures", action="store_true", help="list every wrong sentence")
    args = parser.parse_args()
    models = build_models()
    total: Counter[str] = Counter()
    right: Counter[str] = Counter()
    wrong_names: Counter[str] = Counter()
    failures: list[str] = []
    for name, case, text, got, ok in check(models):
        total[case] += 1
        if ok:
            right[case] += 1
        else:
            wrong_names[name] += 1
            failures.append(f"{case}: {text}  ->  {got}")
    print(f"names: {len(names())}, sentences: {sum(total.values())}")
    for case in CASES:
        print(f"  {case}: {right[case] / total[case]:.3f} ({right[case]}/{total[case]})")
    print(
        f"all: {sum(right.values()) / sum(total.values()):.3f} ({sum(right.values())}/{sum(total.values())})"
    )
    print(f"names right in every sentence: {len(names()) - len(wrong_names)}/{len(names())}")
    if args.failures:
        print("\n".join(failures))


if __name__ == "__main__":
    main()

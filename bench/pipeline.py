"""Throughput and peak memory: the ClusterDesk news pipeline vs bare natasha on the same real texts.

Each measurement runs in its own subprocess so that peak RSS (ru_maxrss) belongs to it alone.
bare:     natasha segment + morph + NER + span.normalize
pipeline: split + NER with repairs + normal forms + registry links + facts + dedup (steps 2-7; the texts are
          plain files, so HTML extraction is not exercised here)

Usage: .venv/bin/python bench/pipeline.py [--repeat 10] [--workers 1 2] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests/data/news"


def corpus(repeat: int) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((DATA / "gold").glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((DATA / "seeds").glob("*.txt"))]
    return texts * repeat


def _bare_worker(texts: list[str]) -> int:
    import natasha

    from clusterdesk.news.nlp import build_models

    models = build_models()
    for text in texts:
        doc = natasha.Doc(text)
        doc.segment(models.segmenter)
        doc.tag_morph(models.morph_tagger)
        doc.tag_ner(models.ner_tagger)
        for span in doc.spans:
            span.normalize(models.morph_vocab)
    return len(texts)


_MODELS = None
_GAZETTEER = None


def _init_pipeline() -> None:
    global _MODELS, _GAZETTEER
    from clusterdesk.news.link import Gazetteer, RegistryName
    from clusterdesk.news.nlp import build_models

    _MODELS = build_models()
    names = [
        RegistryName(
            "organization",
            1,
            "ТУСУР",
            ("Томский государственный университет систем управления и радиоэлектроники",),
        ),
        RegistryName("organization", 2, "МТС", ("ПАО «МТС»",)),
        RegistryName("organization", 3, "Микран", ("АО «НПФ «Микран»",)),
        RegistryName("organization", 4, "Газпром", ("ОАО «Газпром»",)),
        RegistryName("person", 10, "Рулевский Виктор Михайлович", ()),
        RegistryName("person", 11, "Миллер Алексей Борисович", ()),
    ]
    _GAZETTEER = Gazetteer(names, _MODELS.morph_vocab)


def _pipeline_chunk(chunk: list[tuple[int, str]]) -> int:
    from clusterdesk.news.dedup import DuplicateIndex
    from clusterdesk.news.pipeline import process_text

    assert _MODELS is not None
    duplicates = DuplicateIndex()
    for number, text in chunk:
        process_text(text, source=f"doc{number}", models=_MODELS, gazetteer=_GAZETTEER, duplicates=duplicates)
    return len(chunk)


def _chunks(texts: list[str], size: int = 2) -> list[list[tuple[int, str]]]:
    numbered = list(enumerate(texts))
    return [numbered[i : i + size] for i in range(0, len(numbered), size)]


def run_mode(mode: str, repeat: int, workers: int) -> dict[str, float]:
    """Runs inside the measuring subprocess."""
    texts = corpus(repeat)
    warm = texts[:3]
    if mode == "bare":
        import natasha

        from clusterdesk.news.nlp import build_models

        models = build_models()
        for text in warm:
            natasha.Doc(text).segment(models.segmenter)
        started = time.perf_counter()
        for text in texts:
            doc = natasha.Doc(text)
            doc.segment(models.segmenter)
            doc.tag_morph(models.morph_tagger)
            doc.tag_ner(models.ner_tagger)
            for span in doc.spans:
                span.normalize(models.morph_vocab)
        elapsed = time.perf_counter() - started
    elif workers == 1:
        # the same chunks (each with its own duplicate index) as the pooled run: equal work in both rows
        _init_pipeline()
        _pipeline_chunk(list(enumerate(warm)))
        started = time.perf_counter()
        for chunk in _chunks(texts):
            _pipeline_chunk(chunk)
        elapsed = time.perf_counter() - started
    else:
        from multiprocessing import get_context

        ctx = get_context("fork")
        chunks = _chunks(texts)
        with ctx.Pool(workers, initializer=_init_pipeline) as pool:
            pool.map(_pipeline_chunk, [list(enumerate(warm))] * workers)  # load models in every worker
            started = time.perf_counter()
            pool.map(_pipeline_chunk, chunks, chunksize=1)
            elapsed = time.perf_counter() - started
    self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "docs": len(texts),
        "chars": sum(len(t) for t in texts),
        "seconds": elapsed,
        "docs_per_sec": len(texts) / elapsed,
        "peak_rss_mb": max(self_rss, children_rss),
    }


def measure(mode: str, repeat: int, workers: int) -> dict[str, float]:
    # one thread per process everywhere, so that workers, not BLAS threads, use the cores
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--repeat", str(repeat), "--workers", str(workers)],
        check=True, capture_output=True, text=True, cwd=ROOT, env=env,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=10, help="how many times the corpus is processed")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument(
        "--rounds", type=int, default=3, help="alternating rounds; the median round is reported"
    )
    parser.add_argument("--child", choices=["bare", "pipeline"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_mode(args.child, args.repeat, args.workers[0])))
        return
    # rounds alternate the runs so that a busy neighbour slows all of them alike; the median round is reported
    results: dict[tuple[str, int], list[dict[str, float]]] = {}
    plan = [("bare", 1)] + [("pipeline", w) for w in args.workers]
    for _ in range(args.rounds):
        for mode, workers in plan:
            results.setdefault((mode, workers), []).append(measure(mode, args.repeat, workers))

    def median(mode: str, workers: int) -> dict[str, float]:
        runs = sorted(results[(mode, workers)], key=lambda r: r["docs_per_sec"])
        return runs[len(runs) // 2]

    bare = median("bare", 1)
    rows = [("bare natasha", 1, bare)] + [("pipeline", w, median("pipeline", w)) for w in args.workers]
    print(
        f"rounds: {args.rounds}, docs/sec of each round: "
        + "; ".join(
            f"{m} x{w}: " + ", ".join(f"{r['docs_per_sec']:.1f}" for r in results[(m, w)]) for m, w in plan
        )
    )
    print(f"{bare['docs']} documents, {bare['chars']} characters per run")
    print("| run | workers | docs/sec | vs bare | peak RSS, MB | vs bare |")
    print("|---|---|---|---|---|---|")
    for name, workers, r in rows:
        rate, memory = r["docs_per_sec"], r["peak_rss_mb"]
        print(
            f"| {name} | {workers} | {rate:.1f} | {rate / bare['docs_per_sec']:.2f}x "
            f"| {memory:.0f} | {memory / bare['peak_rss_mb']:.2f}x |"
        )
    one = next((r for n, w, r in rows if n == "pipeline" and w == 1), None)
    two = next((r for n, w, r in rows if n == "pipeline" and w == 2), None)
    if one and two:
        print(f"2 workers / 1 worker: {two['docs_per_sec'] / one['docs_per_sec']:.2f}x")


if __name__ == "__main__":
    main()

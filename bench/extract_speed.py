"""Whole-process speed and memory: `clusterdesk extract --no-split` vs bare natasha on the same news texts.

Each run is a fresh process (start-up included), one BLAS thread, no database configured (an empty data dir);
rows alternate `--rounds` times and the median round is reported. Wall time moves with the load of the shared
machine, so CPU time (user + system of the process) is reported beside it; peak RSS is ru_maxrss.

bare natasha:  Segmenter, NewsMorphTagger, NewsNERTagger, span.normalize(MorphVocab) over every text
pipeline:      clusterdesk extract --no-split --format jsonl over the same files (output to /dev/null)

Usage: .venv/bin/python bench/extract_speed.py [--rounds 3] [FILES...]
(default files: the 122 factRuEval-2016 dev texts)
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from factru import DATA

ROOT = Path(__file__).resolve().parents[1]
BARE = """
import sys
from pathlib import Path
import natasha
segmenter, vocab, emb = natasha.Segmenter(), natasha.MorphVocab(), natasha.NewsEmbedding()
morph, ner = natasha.NewsMorphTagger(emb), natasha.NewsNERTagger(emb)
for path in sys.argv[1:]:
    doc = natasha.Doc(Path(path).read_text(encoding="utf-8"))
    doc.segment(segmenter)
    doc.tag_morph(morph)
    doc.tag_ner(ner)
    for span in doc.spans:
        span.normalize(vocab)
"""


def run(command: list[str], env: dict[str, str]) -> dict[str, float]:
    started = time.perf_counter()
    with open(os.devnull, "w") as sink, tempfile.TemporaryFile("w+") as errors:
        process = subprocess.Popen(command, stdout=sink, stderr=errors, env=env, cwd=ROOT)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        if status != 0:
            errors.seek(0)
            raise SystemExit(f"{command[:3]} failed with status {status}: {errors.read()[-2000:]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss": usage.ru_maxrss / 1024}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("files", nargs="*", type=Path)
    args = parser.parse_args()
    files = [str(p) for p in (args.files or sorted(DATA.glob("book_*.txt")))]
    chars = sum(len(Path(f).read_text(encoding="utf-8")) for f in files)
    with tempfile.TemporaryDirectory() as empty:
        env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
               "CLUSTERDESK_DATA_DIR": empty}  # fmt: skip
        env.pop("CLUSTERDESK_DATABASE_URL", None)
        tiny = Path(empty) / "tiny.txt"  # start-up: one short sentence
        tiny.write_text("Иван Петров приехал в Томск.", encoding="utf-8")
        extract = [str(Path(sys.executable).with_name("clusterdesk")), "extract", "--no-split"]
        commands = {
            "bare natasha": [sys.executable, "-c", BARE, *files],
            "clusterdesk extract --no-split": [*extract, "--format", "jsonl", *files],
            "start-up only: bare natasha": [sys.executable, "-c", BARE, str(tiny)],
            "start-up only: clusterdesk extract": [*extract, str(tiny)],
        }
        results: dict[str, list[dict[str, float]]] = {name: [] for name in commands}
        for _ in range(args.rounds):
            for name, command in commands.items():
                results[name].append(run(command, env))
    load = os.getloadavg()[0]
    print(f"{len(files)} texts, {chars} characters; {args.rounds} rounds, medians; load {load:.1f}")
    print("| run | wall, s | CPU, s | peak RSS, MiB |")
    print("|---|---|---|---|")
    med = {
        n: {k: statistics.median(r[k] for r in rs) for k in ("wall", "cpu", "rss")}
        for n, rs in results.items()
    }
    for name, m in med.items():
        print(f"| {name} | {m['wall']:.2f} | {m['cpu']:.2f} | {m['rss']:.0f} |")
    bare, ours = med["bare natasha"], med["clusterdesk extract --no-split"]
    print(
        f"\npipeline speed vs bare natasha: wall {bare['wall'] / ours['wall']:.2f}x, "
        f"CPU {bare['cpu'] / ours['cpu']:.2f}x; memory {ours['rss'] / bare['rss']:.2f}x"
    )
    sb, so = med["start-up only: bare natasha"], med["start-up only: clusterdesk extract"]
    print(
        f"without start-up (CPU): {(bare['cpu'] - sb['cpu']) / (ours['cpu'] - so['cpu']):.2f}x "
        f"(start-up CPU {sb['cpu']:.2f} s vs {so['cpu']:.2f} s)"
    )


if __name__ == "__main__":
    main()

"""PullEnti beside natasha on factRuEval-2016 dev (issue 10, item 3).

Runs PullEnti (`pullenti` on PyPI, a rule-based Russian extractor with its own dictionaries) on the factRuEval
dev texts and scores, with the split and token scoring of bench/factru.py, on both parts:
  - bare natasha and the pipeline (as bench/ner_eval.py);
  - PullEnti alone (its ORGANIZATION / PERSON / GEO occurrences cut to names with simple rules);
  - the pipeline with PullEnti's organisations added where the pipeline has no entity yet
    (entering `ner.find_spans` before its filters), in variants: all of them, only named ones (a NAME slot),
    only quoted, only with a known kind (a TYPE slot), only capitalised, capitalised and named; and
    capitalised named ones that also win over a person or place they contain (as registry names do).
The held-aside part gives figures only; `--errors` lists what a variant adds on the development part only.
Also prints PullEnti's CPU per text and its start-up time and memory (fresh processes).

Needs `pip install pullenti` (4.1), deliberately not a dependency of ClusterDesk: it did not pay
(docs/BENCHMARKS.md, «PullEnti beside natasha»).

Usage: .venv/bin/python bench/pullenti_eval.py [--errors VARIANT] [--startup]
"""

from __future__ import annotations

import argparse
import pickle
import statistics
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from factru import TYPES, FactruDocument, is_unseen, load, score

from clusterdesk.news import ner
from clusterdesk.news.nlp import Models, analyse, build_models
from clusterdesk.news.orgs import RawSpan

Spans = list[tuple[int, int, str]]

_LOCK = threading.Lock()
_PROCESSOR: list[Any] = []


@dataclass(frozen=True, slots=True)
class PullentiReferent:
    """One occurrence of a PullEnti referent: `text[start:end]` (end exclusive)."""

    type: str  # ORGANIZATION, PERSON, PERSONPROPERTY, GEO
    start: int
    end: int
    names: tuple[str, ...] = ()  # NAME slots, upper case as PullEnti gives them
    kinds: frozenset[str] = frozenset()  # TYPE slots, upper case («ОАО», «УНИВЕРСИТЕТ»)
    named: bool = False  # has a NAME slot (not only a kind and a place)


def start_pullenti() -> Any:
    """PullEnti's processor with the geo, organisation and person analysers (built once per process)."""
    with _LOCK:
        if not _PROCESSOR:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # pullenti imports the deprecated pkg_resources
                from pullenti.morph.MorphLang import MorphLang
                from pullenti.ner.geo.GeoAnalyzer import GeoAnalyzer
                from pullenti.ner.org.OrganizationAnalyzer import OrganizationAnalyzer
                from pullenti.ner.person.PersonAnalyzer import PersonAnalyzer
                from pullenti.ner.ProcessorService import ProcessorService

                ProcessorService.initialize(MorphLang.RU | MorphLang.EN)
                GeoAnalyzer.initialize()
                OrganizationAnalyzer.initialize()
                PersonAnalyzer.initialize()
                processor = ProcessorService.create_empty_processor()
                for (
                    analyzer
                ) in ProcessorService.get_analyzers():  # not the address analyser: it fails on news
                    if analyzer.name in ("GEO", "ORGANIZATION", "PERSON"):
                        processor.add_analyzer(analyzer.clone())
                _PROCESSOR.append(processor)
        return _PROCESSOR[0]


_TYPES = frozenset(["ORGANIZATION", "PERSON", "PERSONPROPERTY", "GEO"])


def pullenti_referents(text: str, processor: Any) -> list[PullentiReferent]:
    """Occurrences of PullEnti's organisations, people, posts and places in `text`, in text order."""
    from pullenti.ner.SourceOfAnalysis import SourceOfAnalysis

    result = processor.process(SourceOfAnalysis(text))
    out: list[PullentiReferent] = []
    for referent in result.entities:
        if referent.type_name not in _TYPES:
            continue
        names = tuple(str(v) for v in referent.get_string_values("NAME"))
        kinds = frozenset(str(v).upper() for v in referent.get_string_values("TYPE"))
        for occurrence in referent.occurrence:
            start, end = occurrence.begin_char, occurrence.end_char + 1
            if 0 <= start < end <= len(text):
                out.append(PullentiReferent(referent.type_name, start, end, names, kinds, bool(names)))
    return sorted(out, key=lambda r: (r.start, -r.end, r.type))


_STARTUP = {
    "pullenti": (
        "import time\n"
        "import sys; sys.path.insert(0, 'bench')\n"
        "from pullenti_eval import start_pullenti\n"
        "start_pullenti()\n"
        "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]\n"
        "print(time.process_time(), int(hwm) / 1024)\n"
    ),
    "natasha": (
        "import time\n"
        "from clusterdesk.news.nlp import build_models\n"
        "build_models()\n"
        "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]\n"
        "print(time.process_time(), int(hwm) / 1024)\n"
    ),
}


def startup(rounds: int = 3) -> None:
    """CPU seconds and peak RSS of a fresh process that only imports and initialises, rows alternating."""
    rows: dict[str, list[tuple[float, float, float]]] = {k: [] for k in _STARTUP}
    for _ in range(rounds):
        for name, code in _STARTUP.items():
            wall = time.perf_counter()
            out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
            cpu, rss = (float(x) for x in out.stdout.split())
            rows[name].append((cpu, time.perf_counter() - wall, rss))
    print(f"\n| start-up (fresh process, median of {rounds}) | CPU s | wall s | peak RSS MiB |")
    print("|---|---|---|---|")
    for name, values in rows.items():
        cpu, wall, rss = (statistics.median(v[i] for v in values) for i in range(3))
        print(f"| {name} | {cpu:.2f} | {wall:.2f} | {rss:.0f} |")


def _names_only(text: str, ref: PullentiReferent) -> tuple[int, int] | None:
    """PullEnti alone: an occurrence without its leading lower-case words (descriptors, posts) and quotes."""
    start, end = ref.start, ref.end
    while start < end:
        word_end = start
        while word_end < end and not text[word_end].isspace():
            word_end += 1
        word = text[start:word_end].strip('«»"„“”()')
        if word and (word[0].isupper() or word[0].isdigit()) and word.upper() not in ref.kinds:
            break
        start = word_end
        while start < end and text[start].isspace():
            start += 1
    while start < end and text[start] in '«"„“':
        start += 1
    while end > start and text[end - 1] in '»"”':
        end -= 1
    return (start, end) if start < end else None


def pullenti_alone(text: str, refs: Sequence[PullentiReferent]) -> Spans:
    out: Spans = []
    kinds = {"ORGANIZATION": "ORG", "PERSON": "PER", "GEO": "LOC"}
    props = [(r.start, r.end) for r in refs if r.type == "PERSONPROPERTY"]
    for ref in refs:
        if ref.type not in kinds:
            continue
        start = ref.start
        if ref.type == "PERSON":  # «Глава Сбербанка Герман Греф»: the post is no part of the name
            start = max([e for s, e in props if s == ref.start and e < ref.end] + [start])
        cut = _names_only(text, PullentiReferent(ref.type, start, ref.end, ref.names, ref.kinds, ref.named))
        if cut is not None:
            out.append((cut[0], cut[1], kinds[ref.type]))
    return out


Variant = Callable[[str, PullentiReferent], bool]
VARIANTS: dict[str, Variant] = {
    "all": lambda text, r: True,
    "named": lambda text, r: r.named,
    "quoted": lambda text, r: any(q in text[r.start : r.end] for q in '«"„'),
    "typed": lambda text, r: bool(r.kinds),
    "capitalised": lambda text, r: text[r.start].isupper(),
    "capitalised+named": lambda text, r: text[r.start].isupper() and r.named,
}


def org_candidates(text: str, refs: Sequence[PullentiReferent], keep: Variant) -> list[RawSpan]:
    orgs = [r for r in refs if r.type == "ORGANIZATION" and keep(text, r)]
    orgs.sort(key=lambda r: (r.start, -r.end))
    return [RawSpan("ORG", r.start, r.end) for r in orgs]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--part", choices=("unseen", "dev", "both"), default="both")
    parser.add_argument(
        "--errors", choices=[*sorted(VARIANTS), "over"], help="what a variant adds (development part)"
    )
    parser.add_argument("--cache", type=Path, help="keep PullEnti's referents in this pickle between runs")
    parser.add_argument(
        "--startup", action="store_true", help="also start-up CPU and memory, fresh processes"
    )
    args = parser.parse_args()
    if args.startup:
        startup()
        return
    models = build_models()
    processor = start_pullenti()
    import natasha

    cache: dict[str, list[PullentiReferent]] = {}
    if args.cache is not None and args.cache.exists():
        cache = pickle.loads(args.cache.read_bytes())

    print("factRuEval-2016 dev, names-only token F1 (score_factru.py), split of bench/factru.py")
    print("| part | texts | system | PER P / R / F1 | ORG P / R / F1 | LOC P / R / F1 |")
    print("|---|---|---|---|---|---|")
    cpu_pullenti: list[float] = []
    cpu_natasha: list[float] = []
    for part in ("unseen", "dev") if args.part == "both" else (args.part,):
        docs = load(part)
        systems: dict[str, dict[str, Spans]] = {"bare natasha": {}, "pullenti alone": {}, "pipeline": {}}
        systems.update({f"pipeline + pullenti ORG ({v})": {} for v in VARIANTS})
        systems["pipeline + pullenti ORG over PER/LOC (capitalised+named)"] = {}
        refs_of: dict[str, list[PullentiReferent]] = {}
        for doc in docs:
            t0 = time.process_time()
            nat = natasha.Doc(doc.text)
            nat.segment(models.segmenter)
            nat.tag_morph(models.morph_tagger)
            nat.tag_ner(models.ner_tagger)
            cpu_natasha.append(time.process_time() - t0)
            systems["bare natasha"][doc.id] = [(s.start, s.stop, s.type) for s in nat.spans]
            t0 = time.process_time()
            refs = cache.get(doc.id) or pullenti_referents(doc.text, processor)
            if doc.id not in cache:
                cpu_pullenti.append(time.process_time() - t0)
            cache[doc.id] = refs
            refs_of[doc.id] = refs
            systems["pullenti alone"][doc.id] = pullenti_alone(doc.text, refs)
            analysis = analyse(doc.text, models)
            systems["pipeline"][doc.id] = _entities(analysis, models, [])
            for name, keep in VARIANTS.items():
                orgs = org_candidates(doc.text, refs, keep)
                systems[f"pipeline + pullenti ORG ({name})"][doc.id] = _entities(analysis, models, orgs)
            orgs = org_candidates(doc.text, refs, VARIANTS["capitalised+named"])
            systems["pipeline + pullenti ORG over PER/LOC (capitalised+named)"][doc.id] = _entities(
                analysis, models, [], orgs
            )
        label = "held-aside" if part == "unseen" else "development"
        for name, predicted in systems.items():
            stats = score(docs, predicted)
            cells = " | ".join(
                f"{stats[t].precision:.3f} / {stats[t].recall:.3f} / **{stats[t].f1:.3f}**" for t in TYPES
            )
            print(f"| {label} | {len(docs)} | {name} | {cells} |", flush=True)
        if args.errors and part == "dev":
            name = (
                "pipeline + pullenti ORG over PER/LOC (capitalised+named)"
                if args.errors == "over"
                else f"pipeline + pullenti ORG ({args.errors})"
            )
            _show_added(docs, systems["pipeline"], systems[name])
    print(
        f"\nCPU per text (122 texts, one process): PullEnti mean {statistics.mean(cpu_pullenti):.3f} s, "
        f"median {statistics.median(cpu_pullenti):.3f} s; natasha segment+morph+NER mean "
        f"{statistics.mean(cpu_natasha):.3f} s, median {statistics.median(cpu_natasha):.3f} s"
    )
    if args.cache is not None:
        args.cache.write_bytes(pickle.dumps(cache))


_SECOND_QUOTED = ner._second_quoted_names


def _entities(analysis: object, models: Models, orgs: list[RawSpan], extra: Sequence[RawSpan] = ()) -> Spans:
    """The pipeline's entities: `orgs` fill gaps only, `extra` win over contained PER / LOC.

    The gap-filling organisations enter `ner.find_spans` right after natasha's repaired spans, the rule spans
    and the registry names, and before its filters, propagation and names-only cuts: the step that finds
    second quoted names is wrapped for the call to add them to the spans list it is given.
    """

    def with_orgs(text: str, spans: list[RawSpan], vocab: object) -> list[RawSpan]:
        for candidate in orgs:
            if not any(s.start < candidate.end and candidate.start < s.end for s in spans):
                spans.append(candidate)
        return _SECOND_QUOTED(text, spans, vocab)

    ner._second_quoted_names = with_orgs  # type: ignore[assignment]
    try:
        entities = ner.find_entities(analysis, models.morph_vocab, extra)  # type: ignore[arg-type]
    finally:
        ner._second_quoted_names = _SECOND_QUOTED
    return [(e.start, e.end, e.type) for e in entities]


def _show_added(docs: Sequence[FactruDocument], before: dict[str, Spans], after: dict[str, Spans]) -> None:
    print("\ndevelopment part: spans the variant changes (+ added, - removed), gold ORG marked")
    for doc in docs:
        if is_unseen(doc.id):
            raise ValueError("the held-aside part is never inspected")
        gold = {(s, e) for s, e, t in doc.gold if t == "ORG"}
        old, new = set(before[doc.id]), set(after[doc.id])
        for s, e, t in sorted(new - old):
            mark = "GOLD" if (s, e) in gold else "    "
            print(f"{doc.id} + {t} {mark} {doc.text[s:e]!r}")
        for s, e, t in sorted(old - new):
            print(f"{doc.id} - {t}      {doc.text[s:e]!r}")


if __name__ == "__main__":
    main()

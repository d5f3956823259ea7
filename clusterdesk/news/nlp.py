"""natasha models (built once) and the analysis of one text: sentences, tokens with morphology, NER."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

# natasha runs many small matrix products: multi-threaded BLAS makes them ~3x slower on a 2-core machine
# (see docs/BENCHMARKS.md), so one thread per process unless the user says otherwise. Effective only when this
# module is imported before numpy.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

# natasha must be imported before pymorphy2 on Python 3.11: it applies the pymorphy2 hotfix on import.
import natasha  # noqa: E402
import razdel  # noqa: E402
from natasha.data import NEWS_EMBEDDING  # noqa: E402
from navec.meta import Meta  # noqa: E402
from navec.navec import META, PQ_, Navec  # noqa: E402
from navec.pq import PQ  # noqa: E402
from navec.tar import Tar  # noqa: E402

from clusterdesk.news.tagger import Taggers  # noqa: E402


@dataclass(frozen=True, slots=True)
class Models:
    """Heavy natasha objects; build once with `build_models()` and pass to every stage that needs them."""

    segmenter: Any
    morph_vocab: Any
    embedding: Any
    morph_tagger: Any
    ner_tagger: Any
    taggers: Taggers


def build_models() -> Models:
    """Load natasha's shipped models (no downloads)."""
    embedding = news_embedding()
    morph_tagger = natasha.NewsMorphTagger(embedding)
    ner_tagger = natasha.NewsNERTagger(embedding)
    return Models(
        segmenter=natasha.Segmenter(),
        morph_vocab=natasha.MorphVocab(),
        embedding=embedding,
        morph_tagger=morph_tagger,
        ner_tagger=ner_tagger,
        taggers=Taggers(ner_tagger, morph_tagger),
    )


class _CodesOnly(PQ):  # type: ignore[misc]
    """navec's product quantisation without the similarity tables."""

    def precompute(self) -> None:
        """Nothing: norms and code products serve `Navec.sim`, which nothing here calls."""


def news_embedding() -> Any:
    """natasha's `NewsEmbedding` as the taggers read it: navec's meta, codes and indexes.

    Not loaded: navec's own word index (the taggers use slovnet's vocabulary) and the similarity tables navec
    precomputes on load (every vector's norm through a 250,000 x 100 gather, products of codes), which cost
    0.2-0.3 s of start-up and a transient ~100 MiB that tagging never reads. `embedding.vocab` is None.
    """

    with Tar(NEWS_EMBEDDING) as tar:
        meta = Meta.from_file(tar.load(META))
        Meta.check_protocol(meta.protocol)
        pq = _CodesOnly.from_file(tar.load(PQ_))
    return Navec(meta, None, pq)


@dataclass(frozen=True, slots=True)
class Token:
    """A token with natasha's contextual part of speech and features."""

    start: int
    end: int
    text: str
    pos: str
    feats: dict[str, str]
    sentence: int


@dataclass(frozen=True, slots=True)
class NerSpan:
    """A raw NER span: type and character offsets."""

    type: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the later stages need from the language models."""

    text: str
    tokens: tuple[Token, ...]
    sentences: tuple[tuple[int, int], ...]
    spans: tuple[NerSpan, ...]


# sentences without a named entity need morphology only when a fact rule may read them
_FACT_WORDS = re.compile(
    r"форум|сесси|конференц|выстав|совещан|семинар|стол|соглашен|договор|меморандум|проект|решени|"
    r"постановлен|программ|стратеги|назнач|избран|отставк|должност|пост[ауе ]|"
    # lower-case bodies without a capitalised word («в администрации области»): their normal form needs cases
    r"администрац|правительств|мэри[яиюей]|прокуратур",
    re.IGNORECASE,
)


def analyse(text: str, models: Models) -> Analysis:
    """Segment, run NER, and tag morphology of the sentences the later stages read.

    Segmentation is natasha's (`Doc.segment`: razdel's tokens of the whole text and its sentences, a token
    belonging to the sentence it lies in), read from razdel directly without natasha's token records. Both
    networks are natasha's, run by `tagger.Taggers` over those tokens (the same tags as `Doc.tag_ner` /
    `Doc.tag_morph`, in less time). Morphology runs only on sentences with an entity or a word a fact rule
    looks for: a quarter of news sentences have neither, and their tokens keep part of speech "X" and no
    features.
    """
    words = list(razdel.tokenize(text))
    sents = list(razdel.sentenize(text)) if text else []
    ranges = _envelopes(words, sents)
    taggers = models.taggers
    if text.strip() and words:
        ids = taggers.encode([t.text for t in words])
        vectors = taggers.word_vectors(ids[:, 0])
        found = taggers.spans(words, taggers.ner(ids, vectors))
    else:
        ids, vectors, found = None, None, []
    spans = tuple(NerSpan(kind, start, stop) for start, stop, kind in found)
    with_span = [end > first for first, end in _envelopes(spans, sents)]
    needed = [
        number for number, sent in enumerate(sents) if with_span[number] or _FACT_WORDS.search(sent.text)
    ]
    tags: dict[int, list[tuple[str, dict[str, str]]]] = {}
    if needed and ids is not None and vectors is not None:
        tagged = taggers.morph([ranges[n] for n in needed], ids, vectors)
        tags = dict(zip((n for n in needed if ranges[n][1] > ranges[n][0]), tagged, strict=True))
    tokens: list[Token] = []
    sentences: list[tuple[int, int]] = []
    for number, sent in enumerate(sents):
        # a line break always ends a sentence in news text: titles and teasers have no final full stop
        start = sent.start
        for line in text[sent.start : sent.stop].split("\n"):
            if line.strip():
                lead = len(line) - len(line.lstrip())
                sentences.append((start + lead, start + len(line.rstrip())))
            start += len(line) + 1
        sent_tags = tags.get(number)
        first, end = ranges[number]
        for position, token in enumerate(words[first:end]):
            pos, feats = sent_tags[position] if sent_tags is not None else ("X", {})
            tokens.append(Token(token.start, token.stop, token.text, pos or "X", feats or {}, number))
    return Analysis(text=text, tokens=tuple(tokens), sentences=tuple(sentences), spans=spans)


def _envelopes(items: Sequence[Any], envelopes: Sequence[Any]) -> list[tuple[int, int]]:
    """For each envelope, the range [first, end) of the items wholly inside it: natasha's `envelop_spans`
    (an item that starts before an envelope is skipped, the first item that ends after it closes it)."""
    out: list[tuple[int, int]] = []
    index = 0
    for envelope in envelopes:
        while index < len(items) and items[index].start < envelope.start:
            index += 1
        first = index
        while index < len(items) and _stop(items[index]) <= envelope.stop:
            index += 1
        out.append((first, index))
    return out


def _stop(item: Any) -> int:
    return item.end if isinstance(item, NerSpan) else item.stop  # type: ignore[no-any-return]

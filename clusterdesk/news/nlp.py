"""natasha models (built once) and the analysis of one text: sentences, tokens with morphology, NER."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any

# natasha runs many small matrix products: multi-threaded BLAS makes them ~3x slower on a 2-core machine
# (see docs/BENCHMARKS.md), so one thread per process unless the user says otherwise. Effective only when this
# module is imported before numpy.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

# natasha must be imported before pymorphy2 on Python 3.11: it applies the pymorphy2 hotfix on import.
import natasha  # noqa: E402


@dataclass(frozen=True, slots=True)
class Models:
    """Heavy natasha objects; build once with `build_models()` and pass to every stage that needs them."""

    segmenter: Any
    morph_vocab: Any
    embedding: Any
    morph_tagger: Any
    ner_tagger: Any


def build_models() -> Models:
    """Load natasha's shipped models (no downloads)."""
    embedding = natasha.NewsEmbedding()
    return Models(
        segmenter=natasha.Segmenter(),
        morph_vocab=natasha.MorphVocab(),
        embedding=embedding,
        morph_tagger=natasha.NewsMorphTagger(embedding),
        ner_tagger=natasha.NewsNERTagger(embedding),
    )


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
    r"постановлен|программ|стратеги|назнач|избран|отставк|должност|пост[ауе ]",
    re.IGNORECASE,
)


def analyse(text: str, models: Models) -> Analysis:
    """Segment, run NER, and tag morphology of the sentences the later stages read.

    Morphology (natasha's second network) runs only on sentences with an entity or a word a fact rule looks
    for: a quarter of news sentences have neither, and their tokens keep part of speech "X" and no features.
    """
    doc = natasha.Doc(text)
    doc.segment(models.segmenter)
    doc.tag_ner(models.ner_tagger)
    needed = [sent for sent in doc.sents if sent.spans or _FACT_WORDS.search(sent.text)]
    if needed:
        # batches of sentences of similar length: the tagger pads each batch to its longest sentence; a
        # sentence's tags do not depend on its batch (the padding's embedding is zero and it is masked after
        # every layer), so only the wasted work changes
        needed.sort(key=lambda sent: len(sent.tokens))
        markups = models.morph_tagger.map([[t.text for t in sent.tokens] for sent in needed])
        for sent, markup in zip(needed, markups, strict=True):
            for token, tagged in zip(sent.tokens, markup.tokens, strict=False):
                token.pos, token.feats = tagged.pos, tagged.feats
    tokens: list[Token] = []
    sentences: list[tuple[int, int]] = []
    for index, sent in enumerate(doc.sents):
        # a line break always ends a sentence in news text: titles and teasers have no final full stop
        start = sent.start
        for line in text[sent.start : sent.stop].split("\n"):
            if line.strip():
                lead = len(line) - len(line.lstrip())
                sentences.append((start + lead, start + len(line.rstrip())))
            start += len(line) + 1
        for token in sent.tokens:
            tokens.append(
                Token(token.start, token.stop, token.text, token.pos or "X", token.feats or {}, index)
            )
    spans = tuple(NerSpan(span.type, span.start, span.stop) for span in doc.spans)
    return Analysis(text=text, tokens=tuple(tokens), sentences=tuple(sentences), spans=spans)

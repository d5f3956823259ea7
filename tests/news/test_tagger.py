"""`tagger.Taggers` gives natasha's own tags: NER spans and morphology, token by token, on real news texts."""

from __future__ import annotations

from pathlib import Path

import natasha
import pytest

from clusterdesk.news.nlp import analyse

DATA = Path(__file__).resolve().parents[1] / "data" / "news"
TEXTS = sorted([*DATA.glob("fresh/*.txt"), *DATA.glob("gold/*.txt"), *DATA.glob("seeds/*.txt")])
LATIN_AND_EDGES = (
    "«Ростех» и ООО «НПФ «Микран» (MOEX: MTSS) подписали соглашение с Google LLC 5 апреля 2025 г.\n\n"
    "\n  Иван   Петров,\tректор ТГУ!!! … и т.д. 3,5 млн руб. / 12% ... «»"
)


def test_texts_are_there() -> None:
    assert len(TEXTS) >= 20


def _natasha(text: str, models) -> natasha.Doc:  # type: ignore[no-untyped-def]
    doc = natasha.Doc(text)
    doc.segment(models.segmenter)
    doc.tag_ner(models.ner_tagger)
    doc.tag_morph(models.morph_tagger)
    return doc


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_same_tags_as_natasha(path: Path, models) -> None:  # type: ignore[no-untyped-def]
    _compare(path.read_text(encoding="utf-8"), models)


@pytest.mark.parametrize("text", [LATIN_AND_EDGES, "", "   \n", "Томск", "«"])
def test_same_tags_on_edge_texts(text: str, models) -> None:  # type: ignore[no-untyped-def]
    _compare(text, models)


def _compare(text: str, models) -> None:  # type: ignore[no-untyped-def]
    doc = _natasha(text, models)
    taggers = models.taggers
    words = doc.tokens
    if words and text.strip():
        ids = taggers.encode([t.text for t in words])
        vectors = taggers.word_vectors(ids[:, 0])
        spans = taggers.spans(words, taggers.ner(ids, vectors))
        ranges, first = [], 0
        for sent in doc.sents:
            ranges.append((first, first + len(sent.tokens)))
            first += len(sent.tokens)
        morph = [tag for sentence in taggers.morph(ranges, ids, vectors) for tag in sentence]
    else:
        spans, morph = [], []
    assert spans == [(s.start, s.stop, s.type) for s in doc.spans]
    assert morph == [(t.pos, t.feats) for t in words]
    # and the analysis the pipeline reads keeps natasha's spans and, where it tags them, natasha's tags
    analysis = analyse(text, models)
    theirs_spans = [(s.type, s.start, s.stop) for s in doc.spans]
    assert [(s.type, s.start, s.end) for s in analysis.spans] == theirs_spans
    assert len(analysis.tokens) == len(words)
    for mine, theirs in zip(analysis.tokens, words, strict=True):
        assert (mine.start, mine.end, mine.text) == (theirs.start, theirs.stop, theirs.text)
        assert mine.pos == "X" or (mine.pos, mine.feats) == (theirs.pos, theirs.feats)
    # sentences with an entity are tagged
    assert not analysis.spans or sum(t.pos != "X" for t in analysis.tokens) >= len(analysis.spans)

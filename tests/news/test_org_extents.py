"""A council's name goes on with «при …», «по …», «против …» (news/org_extents.py, issue 10)."""

import itertools

from clusterdesk.news.ner import find_entities
from clusterdesk.news.nlp import analyse


def _normals(models, text):
    return [(e.type, e.text, e.normal) for e in find_entities(analyse(text, models), models.morph_vocab)]


def test_a_council_goes_on_with_its_field(models):
    found = _normals(models, "Его обвинили перед комитетом ООН против пыток в Женеве.")
    assert ("ORG", "комитетом ООН против пыток", "Комитет ООН против пыток") in found
    assert ("LOC", "Женеве", "Женева") in found


def test_a_place_closing_the_name_stays_a_place_and_is_in_the_normal_form(models):
    text = (
        "Председатель Экспертно-консультативного общественного совета при главном архитекторе Москвы "
        "Иван Петров назвал вмешательство ошибкой."
    )
    found = _normals(models, text)
    assert (
        "ORG",
        "Экспертно-консультативного общественного совета при главном архитекторе",
        "Экспертно-консультативный общественный совет при главном архитекторе Москвы",
    ) in found
    assert ("LOC", "Москвы", "Москва") in found
    assert ("PER", "Иван Петров", "Иван Петров") in found


def test_an_adverbial_with_po_is_no_part_of_the_name(models):
    """«по итогам года», «по традиции»: «по» that opens an adverbial does not extend the body."""
    for text, name in (
        ("Комиссия по атомной энергии по итогам года сообщила о планах.", "Комиссия по атомной энергии"),
        ("Совет директоров по традиции собрался в мае.", None),
    ):
        found = _normals(models, text)
        orgs = [t for kind, t, _ in found if kind == "ORG"]
        assert not any("итогам" in t or "традиции" in t for t in orgs), found
        if name is not None:
            assert name in orgs, found


def test_a_place_inside_the_name_is_nested_in_it(models):
    """«Совета при Президенте России по правам человека»: the name goes on past the place, which stays a LOC
    nested in the organisation's span (the only way spans overlap)."""
    text = "Эксперты Совета при Президенте России по правам человека подготовили доклад."
    entities = find_entities(analyse(text, models), models.morph_vocab)
    found = [(e.type, e.text) for e in entities]
    assert ("ORG", "Совета при Президенте России по правам человека") in found
    assert ("LOC", "России") in found
    ordered = sorted(entities, key=lambda e: (e.start, -e.end))
    for a, b in itertools.combinations(ordered, 2):
        assert a.end <= b.start or ((a.type, b.type) == ("ORG", "LOC") and b.end <= a.end), (a, b)


def test_a_convocation_is_part_of_the_name(models):
    text = (
        "Это приоритет демократов Палаты представителей 112 созыва. Депутаты Госдумы седьмого созыва спорят."
    )
    names = [t for kind, t, _ in _normals(models, text) if kind == "ORG"]
    assert "Палаты представителей 112 созыва" in names
    assert "Госдумы седьмого созыва" in names


def test_an_abbreviation_defined_in_parentheses_names_an_organisation(models):
    """Initials of the words before it spell the abbreviation (a compound word may give two letters)."""
    text = "Кредит выделен в рамках программы по достройке блоков Хмельницкой атомной электростанции (ХАЭС)."
    found = _normals(models, text)
    assert ("ORG", "Хмельницкой атомной электростанции", "Хмельницкая атомная электростанция") in found
    assert ("ORG", "ХАЭС", "ХАЭС") in found


def test_no_organisation_from_lower_case_words_or_a_region(models):
    found = _normals(models, "Рост валового внутреннего продукта (ВВП) замедлился.")
    assert not [e for e in found if e[0] == "ORG"], found
    found = _normals(models, "Жители Ханты-Мансийского автономного округа (ХМАО) голосовали.")
    assert not [e for e in found if e[0] == "ORG"], found


def test_a_descriptor_in_any_case_before_a_quoted_name(models):
    """«партии «Dog with two tails»»: the descriptor's stem matches its oblique cases too."""
    found = _normals(models, "Ковач — лидер субкультурной партии «Dog with two tails» (Венгрия).")
    assert ("ORG", "Dog with two tails") in [(k, t) for k, t, _ in found]

import pytest

from clusterdesk.news.link import Gazetteer, RegistryName, acronym, name_key
from clusterdesk.news.pipeline import process_text
from clusterdesk.news.records import Entity

REGISTRY = [
    RegistryName(
        "organization",
        1,
        "ТУСУР",
        ("Томский государственный университет систем управления и радиоэлектроники",),
    ),
    RegistryName("organization", 2, "МТС", ("ПАО «МТС»", "Мобильные ТелеСистемы")),
    RegistryName("organization", 3, "Микран", ("АО «НПФ «Микран»",)),
    RegistryName("organization", 4, "НИУ ВШЭ", ("Высшая школа экономики", "ВШЭ")),
    RegistryName("organization", 5, "Томский государственный университет", ()),
    RegistryName("person", 10, "Рулевский Виктор Михайлович", ()),
    RegistryName("person", 11, "Гриценко Юрий Борисович", ()),
    RegistryName("person", 12, "Потёмкин Василий", ()),
    RegistryName("person", 13, "Иванов Пётр Сергеевич", ()),
    RegistryName("person", 14, "Иванов Олег Петрович", ()),
]


@pytest.fixture(scope="module")
def gazetteer(models):
    return Gazetteer(REGISTRY, models.morph_vocab)


def test_keys_ignore_legal_forms_quotes_and_case():
    assert name_key("АО «НПФ «Микран»") == name_key("Микран") == "микран"
    assert name_key("ПАО «МТС»") == "мтс"
    assert acronym("Томский государственный университет") == "тгу"


def _entity(kind, text, normal):
    return Entity(kind, 0, len(text), text, normal)


@pytest.mark.parametrize(
    ("kind", "text", "normal", "entity_id", "review"),
    [
        ("ORG", "ТУСУРа", "ТУСУР", 1, False),
        ("ORG", "ПАО «МТС»", "ПАО «МТС»", 2, False),
        ("ORG", "Микрана", "Микран", 3, False),
        ("ORG", "НИУ «ВШЭ»", "НИУ «ВШЭ»", 4, False),
        ("ORG", "Высшей школой экономики", "Высшая школа экономики", 4, False),
        ("ORG", "ТГУ", "ТГУ", 5, True),
        ("PER", "Виктор Рулевский", "Виктор Рулевский", 10, False),
        ("PER", "Ю. Б. Гриценко", "Ю. Б. Гриценко", 11, False),
        ("PER", "Потёмкина", "Потёмкин", 12, True),
    ],
)
def test_links(gazetteer, kind, text, normal, entity_id, review):
    link = gazetteer.link(_entity(kind, text, normal))
    assert link is not None and link.entity_id == entity_id
    assert 0.0 <= link.confidence <= 1.0
    assert link.needs_review is review


def test_ambiguous_and_unknown(gazetteer):
    ambiguous = gazetteer.link(_entity("PER", "Иванов", "Иванов"))
    assert ambiguous is not None and ambiguous.needs_review and ambiguous.confidence < 0.5
    assert gazetteer.link(_entity("PER", "Олег Иванов", "Олег Иванов")).entity_id == 14
    assert gazetteer.link(_entity("PER", "Анна Иванова", "Анна Иванова")) is None
    assert gazetteer.link(_entity("ORG", "Газпром", "Газпром")) is None
    assert gazetteer.link(_entity("LOC", "Томск", "Томск")) is None


def test_pipeline_links_the_seed(models, gazetteer, seed_000):
    text = seed_000.read_text(encoding="utf-8")
    items = process_text(text, source="seed", models=models, gazetteer=gazetteer)
    linked = {(e.text, e.link.entity_id) for i in items for e in i.entities if e.link is not None}
    assert ("ТУСУРа", 1) in linked and ("МТС", 2) in linked and ("Виктор Рулевский", 10) in linked
    assert ("Томский государственный университет систем управления и радиоэлектроники", 1) in linked


def test_registry_names_are_found_in_text(models, gazetteer):
    text = "Инженеры Микрана представили новый радар."
    [item] = process_text(text, source="t", models=models, gazetteer=gazetteer)
    assert any(e.type == "ORG" and e.link is not None and e.link.entity_id == 3 for e in item.entities)


@pytest.mark.parametrize(
    "names", [("Минэкономразвития", "Минэкономразвития РФ"), ("Минэкономразвития РФ", "Минэкономразвития")]
)
def test_registry_mentions_take_the_longest_name_in_any_order(models, names):
    """The names of one organisation were indexed in set order, so the hash seed chose the match."""
    gazetteer = Gazetteer(
        [RegistryName("organization", 1, "Минэкономразвития России", names)], models.morph_vocab
    )
    text = "Об этом сообщили в Минэкономразвития РФ."
    [span] = gazetteer.mentions(text)
    assert text[span.start : span.end] == "Минэкономразвития РФ"


@pytest.mark.parametrize(
    ("normal", "target"),
    [
        ("Томский госуниверситет систем управления и радиоэлектроники", 1),
        ("Национальный исследовательский Томский госуниверситет", 5),
        ("Национальный исследовательский Томский государственный университет", 5),
    ],
)
def test_university_contractions_and_status_link(gazetteer, normal, target):
    link = gazetteer.link(_entity("ORG", normal, normal))
    assert link is not None and link.entity_id == target


def test_status_alone_is_not_dropped():
    key = name_key("Национальный исследовательский университет")
    assert key == "национальный исследовательский университет"

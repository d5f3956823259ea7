import pytest

from clusterdesk.news.ner import find_entities
from clusterdesk.news.nlp import analyse
from clusterdesk.news.normalize import abbreviation_stem, restore_shape


@pytest.mark.parametrize(
    ("word", "stem"), [("ТУСУРа", "ТУСУР"), ("ТУСУРом", "ТУСУР"), ("МТС", None), ("Томск", None)]
)
def test_abbreviation_stem(word, stem):
    assert abbreviation_stem(word) == stem


def test_restore_shape_keeps_case_and_yo():
    assert restore_shape("потёмкин", "Потёмкина") == "Потёмкин"
    assert restore_shape("потёмкин", "Потемкина") == "Потемкин"
    assert restore_shape("ростов-на-дону", "Ростове-на-Дону") == "Ростов-на-Дону"


def _normals(models, text):
    return {e.text: e.normal for e in find_entities(analyse(text, models), models.morph_vocab)}


@pytest.mark.parametrize(
    ("text", "mention", "normal"),
    [
        ("Об этом рассказал начальник управления ТУСУРа.", "ТУСУРа", "ТУСУР"),
        ("Делегация Томской области прибыла в Москву.", "Томской области", "Томская область"),
        (
            "Минэкономразвития совместно с Высшей школой экономики провело сессию.",
            "Высшей школой экономики",
            "Высшая школа экономики",
        ),
        ("В Кемерове разбилось стекло в автобусе.", "Кемерове", "Кемерово"),
        ("Поручение дал глава Минпромторга России Антон Алиханов.", "Антон Алиханов", "Антон Алиханов"),
        ("Письмо направили Андрею Травникову.", "Андрею Травникову", "Андрей Травников"),
        (
            "Студенты Томского государственного архитектурно-строительного университета получили стипендии.",
            "Томского государственного архитектурно-строительного университета",
            "Томский государственный архитектурно-строительный университет",
        ),
        ("Заседание Совета Федерации прошло в Москве.", "Совета Федерации", "Совет Федерации"),
        ("— сказал генеральный директор театра Анатолий Иксанов.", "Анатолий Иксанов", "Анатолий Иксанов"),
    ],
)
def test_nominative_normal_forms(models, text, mention, normal):
    assert _normals(models, text)[mention] == normal


def test_dependent_words_keep_their_form(models):
    text = "Томский государственный университет систем управления и радиоэлектроники подписал соглашение."
    normals = _normals(models, text)
    name = "Томский государственный университет систем управления и радиоэлектроники"
    assert normals[name] == name

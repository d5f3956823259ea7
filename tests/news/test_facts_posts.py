"""Post constructions, the nominative of titles, the kind of change, agreement parties from the registry."""

from datetime import date

import pytest

from clusterdesk.news.link import Gazetteer, RegistryName
from clusterdesk.news.pipeline import PipelineOptions, process_text
from clusterdesk.news.titles import nominative_title


def _posts(text, models, gazetteer=None):
    [item] = process_text(
        text, source="t", models=models, options=PipelineOptions(no_split=True), gazetteer=gazetteer
    )
    for fact in item.facts:
        assert 0 <= fact.evidence.start < fact.evidence.end <= len(item.text)
    return [f.fields for f in item.facts if f.type == "post"]


def _has(posts, surname, title, change=None):
    for post in posts:
        if surname in str(post["person"]) and post["title"] == title:
            return change is None or post["change"] == change
    return False


@pytest.mark.parametrize(
    ("text", "surname", "title", "change"),
    [
        (
            "Советом директоров назначен генеральным директором АО «Микран» Дмитрием Марковым.",
            "Марков",
            "генеральный директор",
            "appointed",
        ),
        (
            "Дмитрий Марков назначен генеральным директором компании «Элекард».",
            "Марков",
            "генеральный директор",
            "appointed",
        ),
        (
            "Заместитель генерального директора по науке АО «НПФ «Микран» Андрей Кондратенко рассказал "
            "о планах.",
            "Кондратенко",
            "заместитель генерального директора по науке",
            "holds",
        ),
        ("Летом Ольга Сидорова стала ректором университета.", "Сидорова", "ректор университета", "appointed"),
        (
            "Игорь Петров избран председателем совета ректоров.",
            "Петров",
            "председатель совета ректоров",
            "appointed",
        ),
        (
            "Врио губернатора Томской области Владимир Мазур провёл совещание.",
            "Мазур",
            "врио губернатора Томской области",
            "holds",
        ),
        (
            "Об этом сообщил глава региона Владимир Мазур.",
            "Мазур",
            "глава региона",
            "holds",
        ),
        (
            "Заместитель губернатора Томской области по научно-образовательному комплексу Людмила Огородова "
            "открыла форум.",
            "Огородова",
            "заместитель губернатора Томской области по научно-образовательному комплексу",
            "holds",
        ),
        (
            "Сергей Жвачкин покинул пост губернатора Томской области.",
            "Жвачкин",
            "губернатор Томской области",
            "left",
        ),
        (
            "Указом президента Иван Клименко освобождён от должности министра промышленности.",
            "Клименко",
            "министр промышленности",
            "left",
        ),
        ("На встрече выступил бывший мэр Томска Иван Кляйн.", "Кляйн", "мэр Томска", "former"),
        (
            "Исполняющим обязанности ректора ТПУ назначен Дмитрий Седнев.",
            "Седнев",
            "исполняющий обязанности ректора",
            "appointed",
        ),
        (
            "Заведующая лабораторией ТУСУРа Анна Смирнова рассказала о разработке.",
            "Смирнова",
            "заведующая лабораторией",
            "holds",
        ),
        ("Вице-мэр Томска Михаил Ратнер посетил завод.", "Ратнер", "вице-мэр Томска", "holds"),
        ("Ректор ТГУ Эдуард Галажинский стал победителем конкурса.", "Галажинский", "ректор", "holds"),
        ("Губернатор Сергей Жвачкин ушёл в отставку.", "Жвачкин", "губернатор", "left"),
        ("Новым ректором ТПУ стал Дмитрий Седнев.", "Седнев", "ректор", "appointed"),
        ("Андрей Петров согласился занять пост министра экономики.", "Петров", "министр экономики", "holds"),
        ("И. о. ректора ТПУ Дмитрий Седнев открыл форум.", "Седнев", "и. о. ректора", "holds"),
        (
            "Чрезвычайный и полномочный посол Франции в России Пьер Леви посетил Томск.",
            "Леви",
            "чрезвычайный и полномочный посол Франции в России",
            "holds",
        ),
    ],
)
def test_post_constructions(models, text, surname, title, change):
    posts = _posts(text, models)
    assert _has(posts, surname, title, change), posts


def test_a_second_post_of_the_same_person(models):
    text = (
        "Виктор Рулевский, ректор ТУСУРа и председатель совета ректоров Томской области, открыл конференцию."
    )
    posts = _posts(text, models)
    assert _has(posts, "Рулевский", "ректор"), posts
    assert _has(posts, "Рулевский", "председатель совета ректоров Томской области"), posts
    [rector] = [p for p in posts if p["title"] == "ректор"]
    assert rector["organization"] == "ТУСУР"


def test_a_second_post_later_in_the_text(models):
    text = (
        "Ректор ТГУ Эдуард Галажинский открыл форум. Позже Эдуард Галажинский, президент Российского союза "
        "ректоров, выступил с докладом."
    )
    posts = _posts(text, models)
    assert _has(posts, "Галажинский", "ректор") and _has(posts, "Галажинский", "президент"), posts


def test_the_post_organisation_is_the_linked_registry_name(models):
    registry = [
        RegistryName(
            "organization",
            1,
            "ТУСУР",
            ("Томский государственный университет систем управления и радиоэлектроники",),
        )
    ]
    gazetteer = Gazetteer(registry, models.morph_vocab)
    text = (
        "Проректор по науке Томского государственного университета систем управления и радиоэлектроники "
        "Алексей Иванов рассказал о проекте."
    )
    posts = _posts(text, models, gazetteer)
    assert any(p["organization"] == "ТУСУР" and "Иванов" in p["person"] for p in posts), posts


@pytest.mark.parametrize(
    ("phrase", "nominative"),
    [
        ("первого заместителя губернатора Томской области", "первый заместитель губернатора Томской области"),
        ("генеральным директором", "генеральный директор"),
        ("премьер-министра Японии", "премьер-министр Японии"),
        ("главой региона", "глава региона"),
        ("научным руководителем", "научный руководитель"),
        ("вице-губернатором по экономике", "вице-губернатор по экономике"),
        ("чрезвычайного и полномочного посла", "чрезвычайный и полномочный посол"),
        ("президентов", "президент"),
    ],
)
def test_titles_go_to_the_nominative_by_agreement(models, phrase, nominative):
    assert nominative_title(phrase, models.morph_vocab) == nominative


def test_agreement_parties_are_registry_names_and_the_date_is_read(models):
    registry = [
        RegistryName(
            "organization",
            1,
            "ТУСУР",
            ("Томский государственный университет систем управления и радиоэлектроники",),
        ),
        RegistryName("organization", 2, "МТС", ("ПАО «МТС»",)),
        RegistryName("organization", 3, "Микран", ("АО «НПФ «Микран»",)),
    ]
    gazetteer = Gazetteer(registry, models.morph_vocab)
    text = (
        "12 марта 2025 года Томский государственный университет систем управления и радиоэлектроники "
        "подписал соглашение с ПАО «МТС» и АО «НПФ «Микран» о подготовке инженеров."
    )
    [item] = process_text(
        text,
        source="t",
        models=models,
        options=PipelineOptions(no_split=True),
        gazetteer=gazetteer,
        published=date(2025, 3, 14),
    )
    [agreement] = [f.fields for f in item.facts if f.type == "agreement"]
    assert agreement["parties"] == ["ТУСУР", "МТС", "Микран"]
    assert agreement["date"] == "2025-03-12"
    assert agreement["subject"] == "подготовке инженеров"


@pytest.mark.parametrize(
    ("text", "organization"),
    [
        (
            "В администрации Томской области прошло совещание. Заместитель губернатора по промышленности "
            "и инвестициям Василий Потёмкин рассказал о кластере.",
            "Администрация Томской области",
        ),
        (
            "Правительство Новосибирской области одобрило план. Врио губернатора Новосибирской области "
            "Андрей Травников подписал указ.",
            "Правительство Новосибирской области",
        ),
        # another region in the post's sentence: not the body the text names
        (
            "В администрации Томской области прошло совещание. Врачи больницы в Новосибирской области "
            "направили обращение губернатору региона Андрею Травникову.",
            None,
        ),
        # two regions' bodies: which one is not known
        (
            "Администрация Томской области и администрация Кемеровской области подписали соглашение. "
            "Заместитель губернатора Иван Петров рассказал о нём.",
            None,
        ),
        # no body named: none invented
        ("Заместитель губернатора Иван Петров рассказал о кластере.", None),
    ],
)
def test_a_governors_post_is_in_the_regional_body_the_text_names(models, text, organization):
    [post] = [p for p in _posts(text, models) if "губернатор" in str(p["title"])]
    assert post["organization"] == organization

from datetime import date

import pytest

from clusterdesk.news.pipeline import process_text


@pytest.fixture(scope="module")
def seed_facts(models, seed_000, seed_004):
    facts = []
    for path in (seed_000, seed_004):
        text = path.read_text(encoding="utf-8")
        for item in process_text(text, source=path.name, models=models):
            for fact in item.facts:
                assert 0 <= fact.evidence.start < fact.evidence.end <= len(item.text)
                facts.append((item, fact))
    return facts


def _of(facts, kind):
    return [f.fields for _, f in facts if f.type == kind]


def test_posts(seed_facts):
    posts = {(p["person"], p["title"], p["organization"]) for p in _of(seed_facts, "post")}
    assert ("Юрий Борисович Гриценко", "начальник инновационного управления", "ТУСУР") in posts
    assert ("Виктор Рулевский", "ректор", "ТУСУР") in posts
    # the deputy governor's body is the one the text names («В администрации Томской области прошло …»)
    deputy = ("Василий Потёмкин", "заместитель губернатора по промышленности и инвестициям")
    assert (*deputy, "Администрация Томской области") in posts
    assert ("Андрей Яцкин", "первый заместитель председателя", "Совет Федерации") in posts
    assert ("Антон Алиханов", "глава", "Минпромторг") in posts


def test_events(seed_facts):
    events = _of(seed_facts, "event")
    kinds = {e["kind"] for e in events}
    assert {"strategic_session", "forum", "round_table", "meeting"} <= kinds
    senezh = next(e for e in events if e["name"] == "Команда возможностей")
    assert (senezh["start"], senezh["end"]) == ("2025-05-25", "2025-05-27")
    assert senezh["place"] == "Мастерская управления «Сенеж»"
    session = next(e for e in events if e["date_text"] == "С 5 по 9 апреля")
    assert (session["start"], session["end"]) == ("--04-05", "--04-09")  # no year: a partial date
    assert session["organizers"] == ["Минэкономразвития", "Высшая школа экономики"]
    assert session["place"] == "Вороново"
    table = next(e for e in events if e["kind"] == "round_table")
    assert table["place"] == "Новосибирск" and "Виктор Рулевский" in table["participants"]


def test_agreement_project_decision(seed_facts):
    [agreement] = _of(seed_facts, "agreement")
    assert agreement["parties"] == [
        "ПАО «МТС»",
        "Томский государственный университет систем управления и радиоэлектроники",
    ]
    assert agreement["subject"].startswith("сотрудничестве в области развития образовательных программ")
    [project] = [p for p in _of(seed_facts, "project") if p["subjects"]]
    assert "АО «НПФ «Микран»" in project["organizations"] and len(project["organizations"]) == 4
    assert project["subjects"] == ["спутниковая связь для беспилотников", "лидары", "беспилотный минитрактор"]
    [decision] = _of(seed_facts, "decision")
    assert decision["documents"] == [
        "программа развития",
        "приоритетные направления",
        "ключевые показатели эффективности",
    ]


def test_a_range_without_a_year_stays_partial_even_with_an_article_date(models):
    text = "С 5 по 9 апреля в Томске пройдёт форум «Технопром». Участники обсудят беспилотники."
    [item] = process_text(text, source="t", models=models, published=date(2025, 3, 1))
    [event] = [f for f in item.facts if f.type == "event"]
    assert (event.fields["start"], event.fields["end"]) == ("--04-05", "--04-09")
    assert event.fields["place"] == "Томск" and event.fields["name"] == "Технопром"
    evidence = item.text[event.evidence.start : event.evidence.end]
    assert "С 5 по 9 апреля" in evidence


def test_the_article_year_is_used_when_the_text_says_this_year(models):
    text = "В этом году с 5 по 9 апреля в Томске пройдёт форум «Технопром»."
    [item] = process_text(text, source="t", models=models, published=date(2025, 3, 1))
    [event] = [f for f in item.facts if f.type == "event"]
    assert (event.fields["start"], event.fields["end"]) == ("2025-04-05", "2025-04-09")


def test_today_is_the_published_day(models):
    text = "Сегодня на базе ТГУ в рамках форума U-Novus 2025 пройдёт пленарная сессия."
    [item] = process_text(text, source="t", models=models, published=date(2025, 6, 3))
    [event] = [f for f in item.facts if f.type == "event"]
    assert (event.fields["start"], event.fields["date_text"]) == ("2025-06-03", "Сегодня")
    assert event.fields["place"] == "ТГУ"


def test_an_event_held_at_another_event_gets_the_host_and_its_place(seed_facts):
    table = next(f for f in _of(seed_facts, "event") if f["kind"] == "round_table")
    expected = ("Технопром-2025", "forum", "Новосибирск")
    assert (table["host_event"], table["host_kind"], table["place"]) == expected
    host = next(f for f in _of(seed_facts, "event") if f["name"] == "Технопром-2025")
    assert (host["kind"], host["place"]) == ("forum", "Новосибирск")

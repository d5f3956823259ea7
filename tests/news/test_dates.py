from datetime import date

import pytest

from clusterdesk.news.dates import find_dates


@pytest.mark.parametrize(
    ("text", "year", "start", "end"),
    [
        ("С 5 по 9 апреля пройдёт сессия", 2025, date(2025, 4, 5), date(2025, 4, 9)),
        ("С 25 по 27 мая 2025 года проходит форум", None, date(2025, 5, 25), date(2025, 5, 27)),
        ("с 30 мая по 2 июня прошла выставка", 2024, date(2024, 5, 30), date(2024, 6, 2)),
        ("лекция состоится 20 марта, в субботу", 2010, date(2010, 3, 20), date(2010, 3, 20)),
        ("5–7 октября 2023 г. в Томске", None, date(2023, 10, 5), date(2023, 10, 7)),
    ],
)
def test_date_ranges(models, text, year, start, end):
    [mention] = find_dates(text, default_year=year, morph=models.morph_vocab)
    assert (mention.start_date, mention.end_date) == (start, end)
    assert text[mention.start : mention.end] == mention.text


def test_unknown_year_keeps_the_text_only(models):
    [mention] = find_dates("С 5 по 9 апреля", morph=models.morph_vocab)
    assert mention.start_date is None and mention.text == "С 5 по 9 апреля"


def test_no_dates_in_plain_numbers(models):
    assert find_dates("В 5 классах учатся 30 детей", morph=models.morph_vocab) == []


def test_a_range_without_a_year_is_a_partial_iso_date(models):
    [mention] = find_dates("С 5 по 9 апреля", morph=models.morph_vocab)
    assert (mention.start_iso, mention.end_iso) == ("--04-05", "--04-09")
    [full] = find_dates("с 30 мая по 2 июня 2024 года", morph=models.morph_vocab)
    assert (full.start_iso, full.end_iso) == ("2024-05-30", "2024-06-02")


def test_an_impossible_day_is_no_date(models):
    assert find_dates("31 февраля", morph=models.morph_vocab) == []


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("В этом году форум пройдёт 5 апреля", 2025),
        ("Сегодня открылся форум", 2025),
        ("Форум пройдёт 5 апреля", None),
    ],
)
def test_the_published_year_only_when_the_text_ties_to_it(text, year):
    from clusterdesk.news.dates import year_from_context

    assert year_from_context(text, date(2025, 3, 1)) == year

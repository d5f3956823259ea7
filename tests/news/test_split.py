from clusterdesk.news.split import split_items


def test_seed_000_holds_six_items(seed_000):
    text = seed_000.read_text(encoding="utf-8")
    items = split_items(text)
    assert len(items) == 6
    starts = [i.text[:12] for i in items]
    assert starts[0].startswith("ТУСУР примет")
    assert starts[1].startswith("С 5 по 9")
    assert starts[-1].startswith("С 25 по 27")
    # the quote and «По итогам…» stay with the strategic-session item
    assert "Юрий Борисович Гриценко" in items[1].text
    assert "По итогам работы" in items[1].text
    for item in items:
        assert text[item.offset : item.offset + len(item.text)] == item.text


def test_seed_004_is_one_article_without_boilerplate(seed_004):
    text = seed_004.read_text(encoding="utf-8")
    items = split_items(text)
    assert len(items) == 1
    item = items[0]
    assert item.title == "Участники промышленного кластера Томской области презентовали свои проекты"
    assert "ЛЭМЗ" in item.text and "кооперации." in item.text
    for gone in (
        "Последние статьи",
        "часов назад",
        "Ранее мы сообщали",
        "Ольга Шмырева",
        "Хобби",
        "Кемерове",
    ):
        assert gone not in item.text
    # the inline teaser is blanked, keeping the item aligned with the source
    assert "господдержку" not in item.text
    source = text[item.offset : item.offset + len(item.text)]
    assert len(source) == len(item.text)
    assert all(a == b or a == " " for a, b in zip(item.text, source, strict=True))


def test_headlines_separate_items_and_teasers_are_dropped():
    text = (
        "Томский завод выпустил новый трактор\n\n"
        "Томский завод «Сибмаш» выпустил первый беспилотный трактор. Трактор испытают весной.\n\n"
        "В Новосибирске открыли новый технопарк\n\n"
        "В Новосибирске открыли технопарк для резидентов Академгородка. Технопарк вместит 40 компаний.\n\n"
        "Читайте также\n\n"
        "Губернатор посетил выставку\n\n"
        "Губернатор посетил выставку робототехники в Томске и осмотрел…\n\n"
        "2 часа назад\n"
    )
    items = split_items(text)
    assert [i.title for i in items] == [
        "Томский завод выпустил новый трактор",
        "В Новосибирске открыли новый технопарк",
    ]
    assert "выставку" not in items[-1].text


def test_single_article_with_continuations_is_not_split():
    text = (
        "Ректор университета Иван Петров открыл новую лабораторию.\n"
        "«Лаборатория займётся беспилотниками», — сказал он.\n"
        "По словам ректора, работы начнутся в мае.\n"
        "Кроме того, вуз закупит оборудование.\n"
    )
    assert len(split_items(text)) == 1


def test_empty_text_has_no_items():
    assert split_items("  \n\n ") == []

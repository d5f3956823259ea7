"""One name, one reading per document (clusterdesk/news/consistency.py) and the rules of lane h10r."""

from clusterdesk.news.consistency import people_as_written, word_stems
from clusterdesk.news.ner import common_word_opening, find_entities
from clusterdesk.news.nlp import analyse
from clusterdesk.news.org_extents import to_closing_quote
from clusterdesk.news.orgs import RawSpan


def _normals(models, text):
    return [(e.type, e.text, e.normal) for e in find_entities(analyse(text, models), models.morph_vocab)]


def test_word_stems_of_case_forms_agree():
    for forms in (
        ("Президентский", "президентского", "президентском", "президентским"),
        ("Роснефть", "Роснефти", "Роснефтью"),
        ("палата", "палаты", "палатой", "палате"),
        ("центр", "центра", "центром", "центре"),
    ):
        assert frozenset.intersection(*(word_stems(f) for f in forms)), forms
    assert word_stems("центр").isdisjoint(word_stems("цена"))
    assert word_stems("Уралхим") & word_stems("Уралхиму")


def test_a_name_found_once_is_found_in_its_other_case_forms_and_in_lower_case(models):
    text = (
        "Палата представителей одобрила бюджет на следующий год.\n"
        "Лидер меньшинства в палате представителей пообещал оспорить решение."
    )
    found = _normals(models, text)
    assert ("ORG", "Палата представителей", "Палата представителей") in found
    assert ("ORG", "палате представителей", "Палата представителей") in found


def test_a_one_word_name_is_found_again_capitalised_and_not_opening_a_sentence(models):
    text = (
        "Холдинг «Уралхим» купил завод. Порт достанется Уралхиму. Акции Уралхима выросли. "
        "Банк «Открытие» закрыл офисы. Клиенты Открытия недовольны. Открытия не случилось. "
        "Завод «Мотовилиха» остановлен. Рабочие Мотовилихи бастуют."
    )
    found = [(kind, name) for kind, name, _ in _normals(models, text)]
    for name in ("Уралхиму", "Уралхима", "Открытия", "Мотовилихи"):
        assert ("ORG", name) in found
    assert found.count(("ORG", "Открытия")) == 1  # not «Открытия не случилось»
    assert not any(kind == "PER" for kind, _ in found)


def test_other_words_beginning_like_a_name_are_not_taken_for_it(models):
    text = "Палата представителей собралась в среду. Палаточный лагерь представителей оппозиции снесли."
    found = {name for _, name, _ in _normals(models, text)}
    assert not any(name.startswith("Палаточный") for name in found)


def test_a_kind_abbreviation_or_descriptor_before_a_latin_or_quoted_name_is_no_part_of_it(models):
    text = (
        "Об этом сообщает ИА Regnum. Агентство France-Presse уточняет детали. "
        "Болельщики ФК «Зенит» встретили команду в аэропорту."
    )
    found = _normals(models, text)
    assert ("ORG", "Regnum", "Regnum") in found
    assert ("ORG", "France-Presse", "France-Presse") in found
    assert ("ORG", "Зенит", "Зенит") in found
    assert not any(name.startswith(("ИА", "Агентство", "ФК")) for _, name, _ in found)


def test_a_sentence_initial_adjective_is_no_organisation(models):
    text = "Субботнее совещание правительства прошло без журналистов. Министры не спорили."
    span = RawSpan("ORG", 0, len("Субботнее"))  # as natasha may read it
    assert common_word_opening(text, span, "Субботнее", models.morph_vocab)
    other = "Кафе «Субботнее» открылось в мае. Субботнее меню понравилось гостям."  # a name elsewhere
    second = other.rindex("Субботнее")
    assert not common_word_opening(other, RawSpan("ORG", second, second + 9), "Субботнее", models.morph_vocab)


def test_a_work_or_a_product_named_in_quotes_after_its_kind_is_no_organisation(models):
    text = (
        "Премьера фильма «Последний рубеж» прошла в Томске. Препарат «Иммуновит» не прошёл испытаний. "
        "Операция «Северный ветер» завершилась. Компания «Северный ветер» открыла офис."
    )
    found = _normals(models, text)
    assert not any(name in ("Последний рубеж", "Иммуновит") for _, name, _ in found)
    assert ("LOC", "Томске", "Томск") in found
    company = text.rindex("Северный ветер")
    assert [e.start for e in find_entities(analyse(text, models), models.morph_vocab) if e.type == "ORG"] == [
        company
    ]


def test_a_name_cut_short_in_quotes_goes_on_to_the_closing_quote(models):
    text = (
        "В пикете участвовали «Городской совет пострадавших пайщиков» и «Зелёный патруль». "
        "Он сказал: «Роснефть заявила о сделке»."
    )
    council, company = text.index("Городской"), text.index("Роснефть")
    cut = [RawSpan("ORG", council, council + len("Городской совет")), RawSpan("ORG", company, company + 8)]
    grown = to_closing_quote(text, cut, analyse(text, models).tokens)
    names = {text[s.start : s.end] for s in grown}
    assert "Городской совет пострадавших пайщиков" in names
    assert "Роснефть" in names  # a quoted sentence is no name


def test_an_organisations_name_ends_before_a_finite_verb(models):
    found = _normals(models, "Заявление «Газпром будет поставлять газ» прозвучало вчера.")
    assert not any("будет" in name for _, name, _ in found)


def test_a_verb_inside_a_quoted_name_does_not_end_it(models):
    found = _normals(models, "Благотворительный фонд «Подари жизнь» помогает детям с тяжёлыми болезнями.")
    assert [name for t, name, _ in found if t == "ORG"] == ["Благотворительный фонд «Подари жизнь»"]


def test_a_quoted_name_wins_over_places_inside_its_other_mentions_and_a_one_word_place_stays(models):
    text = (
        "Журналист «Голоса Урала» взял интервью. Голос Урала: Что вы думаете о реформе?\n"
        "Телеканал «Россия» покажет фильм. В России его ждут."
    )
    found = [(k, n) for k, n, _ in _normals(models, text)]
    assert ("ORG", "Голоса Урала") in found
    assert ("ORG", "Голос Урала") in found
    assert found.count(("LOC", "Урала")) == 2  # nested in both mentions
    assert ("LOC", "России") in found


def test_a_full_name_read_as_a_place_is_the_person_read_elsewhere():
    text = "В турнире играет Арам Кочарян. Арам Кочарян выиграл у гостя из Еревана. Кочарян доволен."
    first, second = text.index("Арам"), text.rindex("Арам Кочарян")
    city = text.index("Еревана")
    spans = [
        RawSpan("LOC", first, first + 12),  # as natasha may read it
        RawSpan("PER", second, second + 12),
        RawSpan("LOC", city, city + 7),
    ]
    fixed = people_as_written(text, spans)
    assert fixed[0] == RawSpan("PER", first, first + 12)
    assert fixed[1:] == spans[1:]


def test_a_seat_of_power_is_the_institution_as_a_subject_and_a_place_otherwise(models):
    text = (
        "Белый дом заявил о новых санкциях. Президент принимает гостей в Белом доме. "
        "Туристы посетили Белый дом."
    )
    found = [(k, n) for k, n, _ in _normals(models, text)]
    assert ("ORG", "Белый дом") in found
    assert ("LOC", "Белом доме") in found
    assert ("LOC", "Белый дом") in found


def test_a_club_named_after_a_place_is_the_club_in_the_text_that_names_it_so(models):
    text = (
        "Клуб «Кубань» продлил контракт с защитником. Защитник краснодарской Кубани отказался от перехода. "
        "Телеканал «Россия» покажет матч. В России его ждут."
    )
    found = [(k, n) for k, n, _ in _normals(models, text)]
    assert ("ORG", "краснодарской Кубани") in found
    assert ("LOC", "Кубани") not in found  # no place nested in the club's name
    assert ("LOC", "России") in found  # a channel in quotes is no club


def test_a_one_word_name_after_a_kind_of_organisation_is_the_organisation_not_a_person(models):
    text = (
        "По данным агентства Блумберг, сделка сорвалась. Журнал Форбс опубликовал рейтинг. "
        "Глава компании Миллер уехал в отпуск. В компании Иванов проработал десять лет."
    )
    found = [(k, n) for k, n, _ in _normals(models, text)]
    assert ("ORG", "Блумберг") in found
    assert ("ORG", "Форбс") in found
    assert ("PER", "Миллер") in found
    assert ("PER", "Иванов") in found


def test_a_person_noun_natasha_ran_into_is_no_part_of_an_organisations_name(models):
    found = [(k, n) for k, n, _ in _normals(models, "Корреспондент Би-би-си побывал на месте взрыва.")]
    assert ("ORG", "Би-би-си") in found


def test_a_name_quoted_after_a_business_centre_hotel_or_cinema_is_a_place(models):
    text = (
        "Пикет прошёл возле бизнес-центра «Сибирский». Делегация жила в гостинице «Октябрьская». "
        "Сотрудники научного центра «Вектор» создали вакцину."
    )
    found = [(k, n) for k, n, _ in _normals(models, text)]
    assert ("LOC", "Сибирский") in found
    assert ("LOC", "Октябрьская") in found
    assert ("ORG", "Вектор") in found

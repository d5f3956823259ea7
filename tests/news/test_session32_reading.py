"""Regional news read as a reader would (session 32): constructions seen in Tomsk news pages this session.
The sentences here are written for the tests; each case has its counter-case."""

from tests.news.reading import facts_of, normals_of, posts_of, read


def test_an_abbreviation_depending_on_the_names_head_keeps_its_case(models):
    item = read(
        "Студенты ТУСУРа прошли практику в УНИЦ ТУСУРа, а выпускники Томского ТУСУРа — в НИИ ТПУ.", models
    )
    orgs = normals_of(item, "ORG")
    assert orgs["УНИЦ ТУСУРа"] == "УНИЦ ТУСУРа"  # the centre of TUSUR: «ТУСУРа» is a genitive
    assert orgs["ТУСУРа"] == "ТУСУР"  # the head itself takes its nominative
    assert orgs["Томского ТУСУРа"] == "Томский ТУСУР"  # after an adjective it is the head


def test_a_title_named_twice_with_more_words_is_one_post(models):
    item = read(
        "Губернатор Томской области Владимир Мазур провёл штаб. Решением губернатора Владимира Мазура "
        "проекты включены в дорожную карту.",
        models,
    )
    posts = [p for p in posts_of(item) if p[0] == "Владимир Мазур"]
    assert [title for _, title, _ in posts] == ["губернатор Томской области"]


def test_two_different_posts_of_one_person_stay_two(models):
    item = read(
        "Ректор ТУСУРа Виктор Рулевский выступил на форуме. Председатель совета ректоров Томской области "
        "Виктор Рулевский поддержал проект.",
        models,
    )
    titles = {title for person, title, _ in posts_of(item) if person == "Виктор Рулевский"}
    assert len(titles) == 2 and "ректор" in titles


def test_the_medium_that_reports_an_agreement_is_no_party(models):
    item = read(
        "Как сообщает ТАСС, ТУСУР и компания «Микран» подписали соглашение о подготовке кадров. "
        "По информации РИА Томск, ТПУ и «Газпром нефть» заключили договор о создании лаборатории.",
        models,
    )
    assert facts_of(item, "agreement", "parties") == [["ТУСУР", "Микран"], ["ТПУ", "Газпром нефть"]]


def test_an_organisation_telling_of_its_own_agreement_stays_a_party(models):
    item = read("Как сообщили в ТУСУРе, университет подписал соглашение с компанией «Микран».", models)
    [parties] = facts_of(item, "agreement", "parties")
    assert "ТУСУР" in parties and "Микран" in parties


def test_a_name_of_adjectives_only_takes_their_nominative(models):
    item = read(
        "Должности ректора Томского политехнического соответствует первый проректор. "
        "Труппа выступила на сцене Большого театра.",
        models,
    )
    orgs = normals_of(item, "ORG")
    assert orgs["Томского политехнического"] == "Томский политехнический"
    assert orgs["Большого театра"] == "Большой театр"  # a noun at the end stays the head


def test_initials_and_surname_take_the_full_name_of_the_text(models):
    item = read(
        "Губернатор поблагодарил бывшего ректора Юрия Похолкова. Ранее сообщалось, что Ю. Похолков уходит. "
        "На совете выступил и В. Петров.",
        models,
    )
    people = normals_of(item, "PER")
    assert people["Ю. Похолков"] == "Юрий Похолков"
    assert people["В. Петров"] == "В. Петров"  # no full name with that surname in the text


def test_the_university_of_the_sentence_is_the_post_of_its_rector(models):
    item = read(
        "На учёном совете Томского политехнического университета губернатор представил нового исполняющего "
        "обязанности ректора вуза Андрея Яковлева. На встрече с представителями «Газпрома» выступил ректор "
        "вуза Иван Сидоров.",
        models,
    )
    posts = {person: (title, org) for person, title, org in posts_of(item)}
    assert posts["Андрей Яковлев"] == (
        "исполняющий обязанности ректора",
        "Томский политехнический университет",
    )
    assert posts["Иван Сидоров"][1] is None  # «Газпром» is no university


def test_a_circumstance_ends_the_title(models):
    item = read(
        "Ранее сообщалось, что Иван Сидоров уходит с поста ректора в связи с истечением срока.", models
    )
    assert {title for _, title, _ in posts_of(item)} == {"ректор"}


def _changes(item):
    return {
        (person, title): change
        for person, title, change in facts_of(item, "post", "person", "title", "change")
    }


def test_the_nominative_title_after_became_names_the_subject(models):
    item = read(
        "В ходе выборов новым ректором стал проректор по научной работе Виктор Рулевский. "
        "В ТГПУ новым руководителем стал занимавший ранее пост первого проректора Андрей Макаренко. "
        "Через год Иван Сидоров стал ректором университета.",
        models,
    )
    changes = _changes(item)
    assert changes[("Виктор Рулевский", "проректор по научной работе")] == "holds"  # not what he became
    assert changes[("Андрей Макаренко", "первый проректор")] == "former"
    assert changes[("Иван Сидоров", "ректор университета")] == "appointed"


def test_the_tail_of_a_hyphenated_word_is_no_part_of_a_name(models):
    item = read(
        "Как сообщает пресс-служба ТГУ, выборы прошли спокойно. Судейский комитет ФИФА принял решение.",
        models,
    )
    orgs = normals_of(item, "ORG")
    assert "ТГУ" in orgs and not any(text.startswith("служба") for text in orgs)
    assert orgs["Судейский комитет ФИФА"] == "Судейский комитет ФИФА"  # a whole word still joins


def test_an_event_is_not_its_own_organiser(models):
    item = read(
        "Напомним, IFOST — это технический форум для инженеров-исследователей всего мира, который проводится "
        "ежегодно с 2006 года. «Сегодня знаменательный день для Томского политехнического университета, "
        "сегодня стартует 14-й форум IFOST.»",
        models,
    )
    [event] = [f.fields for f in item.facts if f.type == "event"]
    assert event["name"] == "IFOST" and event["organizers"] == []


def test_people_listed_after_an_organisation_and_a_colon_are_its_people(models):
    item = read(
        "Во встрече участвовали представители администрации Томской области: Алексей Пушкаренко, начальник "
        "департамента по высшему образованию, и Андрей Макасеев, начальник департамента по науке. "
        "На встрече были гости: Иван Сидоров, директор ООО «Вектор», и Пётр Орлов, эксперт.",
        models,
    )
    posts = {person: org for person, _, org in posts_of(item)}
    assert posts["Алексей Пушкаренко"] == posts["Андрей Макасеев"] == "Администрация Томской области"
    assert posts["Иван Сидоров"] == "ООО «Вектор»"  # its own organisation
    assert posts.get("Пётр Орлов") is None  # «гости» is no organisation

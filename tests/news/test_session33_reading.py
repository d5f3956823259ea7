"""Regional news read as a reader would (session 33): constructions seen in regional news pages this session
(personnel news of the Tomsk, Novosibirsk and Irkutsk regions). The sentences are written for the tests;
each case has its counter-case."""

from tests.news.reading import facts_of, normals_of, post_changes, posts_of, read


def test_a_generic_regional_body_is_the_body_of_the_region_the_text_names(models):
    item = read(
        "Губернатор Иркутской области подписал распоряжение о новом департаменте. "
        "Об этом сообщили в пресс-службе администрации региона.",
        models,
    )
    assert normals_of(item, "ORG")["администрации региона"] == "Администрация Иркутской области"
    item = read("В Новосибирской области создан фонд. Решение приняло правительство региона.", models)
    assert normals_of(item, "ORG")["правительство региона"] == "Правительство Новосибирской области"


def test_a_generic_regional_body_stays_the_tomsk_one_when_the_text_names_tomsk_or_no_region(models):
    item = read(
        "Делегация Новосибирской области посетила Томскую область. В администрации региона гостям "
        "показали проекты кластера.",
        models,
    )
    assert normals_of(item, "ORG")["администрации региона"] == "Администрация Томской области"
    item = read("Как сообщили в администрации региона, конкурс продлён.", models)
    assert normals_of(item, "ORG")["администрации региона"] == "Администрация Томской области"


def test_the_head_of_an_organisation_by_the_verb_возглавить(models):
    item = read(
        "Департамент образования Томской области возглавила Анна Петрова. Иван Сидоров, возглавлявший "
        "компанию «Томскнефть», перешёл на другую работу. Михаил Орлов возглавит «Микран» с понедельника.",
        models,
    )
    posts = post_changes(item)
    assert ("Анна Петрова", "руководитель", "Департамент образования Томской области", "appointed") in posts
    assert ("Иван Сидоров", "руководитель", "Томскнефть", "former") in posts
    assert ("Михаил Орлов", "руководитель", "Микран", "appointed") in posts


def test_heading_a_list_or_a_delegation_is_no_post(models):
    item = read(
        "Список победителей возглавил Пётр Иванов. Сергей Смирнов возглавил делегацию ТУСУРа на форуме.",
        models,
    )
    assert posts_of(item) == []


def test_an_organisation_headed_earlier_is_a_former_post(models):
    item = read("Ранее Томский политехнический университет возглавлял Пётр Чубик.", models)
    assert post_changes(item) == {
        ("Пётр Чубик", "руководитель", "Томский политехнический университет", "former")
    }


def test_what_a_person_became_after_a_relative_clause(models):
    item = read(
        "Ольга Кузнецова, которая ранее работала в ТГУ, стала проректором ТУСУРа. Дмитрий Соколов, который "
        "покинул пост по собственному желанию, стал проректором в Томском политехническом университете.",
        models,
    )
    posts = post_changes(item)
    assert ("Ольга Кузнецова", "проректор", "ТУСУР", "appointed") in posts
    assert ("Дмитрий Соколов", "проректор", "Томский политехнический университет", "appointed") in posts


def test_a_relative_clause_naming_someone_else_gives_no_post(models):
    item = read("Ольга Кузнецова, которая работала с Иваном Петровым, стала проректором ТУСУРа.", models)
    assert all(person != "Ольга Кузнецова" for person, _, _ in posts_of(item))


def test_a_previous_holder_is_named_without_the_word_previous(models):
    item = read("Предыдущий министр науки Новосибирской области Алексей Васильев ушёл с должности.", models)
    [(person, title, _)] = posts_of(item)
    assert (person, title) == ("Алексей Васильев", "министр науки Новосибирской области")


def test_the_post_appointed_to_before_the_verb_and_the_former_title_after_it(models):
    item = read(
        "Министром экономики назначен бывший директор департамента финансов Игорь Белов. "
        "Министром культуры назначена Ольга Смирнова.",
        models,
    )
    posts = post_changes(item)
    assert ("Игорь Белов", "министр экономики", None, "appointed") in posts
    assert ("Игорь Белов", "директор департамента финансов", None, "former") in posts
    assert [p for p in posts if p[0] == "Ольга Смирнова"] == [
        ("Ольга Смирнова", "министр культуры", None, "appointed")
    ]


def test_an_exclamation_after_a_name_is_not_part_of_it(models):
    item = read("«Поздравляю всех с днём рождения Томского политехнического университета!»", models)
    assert normals_of(item, "ORG") == {
        "Томского политехнического университета": "Томский политехнический университет"
    }


def test_abbreviations_of_operations_exams_and_sectors_are_no_organisations(models):
    item = read(
        "Ветераны СВО встретились с выпускниками, которые сдали ЕГЭ. Департамент ЖКХ Томской области "
        "сообщил об этом СМИ.",
        models,
    )
    assert set(normals_of(item, "ORG")) == {"Департамент ЖКХ"}  # the body named by its sector stays


def test_every_quoted_name_of_a_list_of_federal_projects_is_no_organisation(models):
    item = read(
        "Вузы участвуют в федеральных проектах «Приоритет 2030» и «Передовые инженерные школы». "
        "Компания «Микран» и ТУСУР открыли лабораторию.",
        models,
    )
    assert set(normals_of(item, "ORG")) == {"Микран", "ТУСУР"}


def test_the_regional_duma_written_in_lower_case(models):
    item = read("Об этом рассказали в областной думе. Депутаты областной думы поддержали закон.", models)
    assert set(normals_of(item, "ORG").values()) == {"Законодательная дума Томской области"}
    item = read(
        "Губернатор Новосибирской области выступил в областной думе. Депутаты областной думы его поддержали.",
        models,
    )
    assert set(normals_of(item, "ORG").values()) == {"Областная дума"}  # not the Tomsk one


def test_an_academic_rank_is_no_post_and_the_title_before_it_is_the_persons(models):
    item = read(
        "Ректор ТГУ академик Иван Петров открыл форум. Академик Сергей Орлов выступил с докладом.", models
    )
    assert posts_of(item) == [("Иван Петров", "ректор", "ТГУ")]


def test_a_unit_is_filed_with_the_organisation_it_belongs_to(models):
    item = read(
        "Учёные Института сильноточной электроники СО РАН и Института философии и права НГУ получили грант "
        "Российского научного фонда.",
        models,
    )
    orgs = normals_of(item, "ORG")
    assert orgs["Института сильноточной электроники"] == "Институт сильноточной электроники СО РАН"
    assert orgs["Института философии и права"] == "Институт философии и права НГУ"
    assert orgs["СО РАН"] == "СО РАН"  # the parent stays an organisation of its own, and «СО РАН» is one name
    assert orgs["Российского научного фонда"] == "Российский научный фонд"  # no unit: nothing runs on


def test_the_place_of_a_persons_title_is_not_where_the_event_is(models):
    item = read(
        "Губернатор Томской области Владимир Мазур выступил на Петербургском международном экономическом "
        "форуме 18 июня.",
        models,
    )
    assert facts_of(item, "event", "place") == [None]
    item = read("В Томской области прошёл форум «Инноватика», его открыл губернатор Владимир Мазур.", models)
    assert facts_of(item, "event", "place") == ["Томская область"]


def test_taking_a_post_is_an_appointment_and_holding_it_is_not(models):
    item = read("Андрей Орлов занял пост ректора ТГУ. Павел Зайцев занимает пост проректора ТПУ.", models)
    changes = dict(facts_of(item, "post", "person", "change"))
    assert changes == {"Андрей Орлов": "appointed", "Павел Зайцев": "holds"}


def test_an_agreements_subject_ends_before_the_occasion_it_was_signed_at(models):
    item = read(
        "Администрация Томской области и компания «Газпром нефть» заключили соглашение о сотрудничестве "
        "в сфере подготовки кадров на Петербургском международном экономическом форуме. "
        "ТУСУР и «Микран» подписали соглашение о международном обмене студентами.",
        models,
    )
    subjects = [f.fields["subject"] for f in item.facts if f.type == "agreement"]
    assert subjects == ["сотрудничестве в сфере подготовки кадров", "международном обмене студентами"]
    assert facts_of(item, "event", "place") == [
        None
    ]  # the place after «Администрация» is the body's, not the forum's


def test_a_title_of_someone_named_right_after_it_is_the_next_persons(models):
    item = read(
        "Об этом сообщил заместитель Мазура Василий Потемкин. Губернатор Владимир Мазур поддержал проект.",
        models,
    )
    posts = posts_of(item)
    assert ("Василий Потемкин", "заместитель Мазура", None) in posts
    assert all(title != "заместитель" for person, title, _ in posts if person == "Владимир Мазур")


def test_a_body_of_a_city_at_a_sentence_start_is_the_citys(models):
    item = read(
        "Дума Томска утвердила программу. Мэрия Северска сообщила о ремонте. Госдума приняла закон.", models
    )
    assert set(normals_of(item, "ORG").values()) == {"Дума Томска", "Мэрия Северска", "Госдума"}


def test_an_appointment_told_after_a_governors_name_is_not_his(models):
    item = read(
        "Губернатор Красноярского края Михаил Котюков подписал распоряжение о назначении Романа Одинцова на "
        "должность заместителя председателя регионального правительства. В правительстве края его "
        "поздравили.",
        models,
    )
    changes = dict(facts_of(item, "post", "person", "change"))
    assert changes == {"Михаил Котюков": "holds", "Роман Одинцов": "appointed"}


def test_what_a_text_thinks_of_a_person_is_no_part_of_the_title(models):
    item = read("Скандально известного министра социального развития Галину Пашинову заменили.", models)
    assert [title for _, title, _ in posts_of(item)] == ["министр социального развития"]


def test_a_contracted_title_and_the_title_spelled_out_are_one_post(models):
    item = read(
        "Гендиректором аэропорта Красноярск стал Кирилл Ермаков. Генеральным директором аэропорта Красноярск "
        "назначен Кирилл Ермаков. Заместителем директора аэропорта назначена Ольга Ким.",
        models,
    )
    assert [title for person, title, _ in posts_of(item) if person == "Кирилл Ермаков"] == [
        "генеральный директор аэропорта Красноярск"
    ]


def test_an_agreement_told_in_the_title_and_again_in_the_text_is_one(models):
    item = read(
        "АО «Когнитив» подписало соглашение с Администрацией Томской области\nАО «Когнитив» и Администрация "
        "Томской области подписали соглашение о сотрудничестве в области беспилотных технологий.",
        models,
    )
    assert facts_of(item, "agreement", "parties", "subject") == [
        (
            ["АО «Когнитив»", "Администрация Томской области"],
            "сотрудничестве в области беспилотных технологий",
        )
    ]


def test_two_agreements_of_the_same_parties_on_different_subjects_stay_two(models):
    item = read(
        "ТУСУР и «Микран» подписали соглашение о практике студентов, а ТУСУР и «Микран» заключили договор о "
        "поставке оборудования. ТУСУР и «Микран» подписали соглашение о создании лаборатории.",
        models,
    )
    assert [subject for _, subject in facts_of(item, "agreement", "parties", "subject")] == [
        "практике студентов",
        "создании лаборатории",
    ]

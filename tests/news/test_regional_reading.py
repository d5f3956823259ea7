"""Regional news read as a reader would (session 31): constructions seen in Tomsk news that were never used
to write the earlier rules. The sentences here are written for the tests; each case has its counter-case."""

import pytest

from tests.news.reading import normals_of, posts_of, read

# --- normal forms of organisations ---------------------------------------------------------------------


def test_head_noun_does_not_take_the_sentence_coordination(models):
    item = read(
        "Форум проходит на фоне развития Сибирского федерального университета и создания нового кампуса. "
        "Завод выпускает технику для Вооруженных сил и предприятий энергетики.",
        models,
    )
    orgs = normals_of(item, "ORG")
    assert orgs["Сибирского федерального университета"] == "Сибирский федеральный университет"
    assert orgs["Вооруженных сил"] == "Вооруженные силы"


def test_genitive_tail_still_goes_on_with_and(models):
    item = read("Он окончил Томский институт радиоэлектроники и электронной техники в 1975 году.", models)
    normals = set(normals_of(item, "ORG").values())
    assert "Томский институт радиоэлектроники и электронной техники" in normals


def test_quoted_name_in_a_case_takes_the_texts_own_nominative(models):
    item = read(
        "Новый цех открыт «Элекардом» в Томске. Компания «Элекард» работает с 1996 года, сообщил директор.",
        models,
    )
    normals = {e.normal for e in item.entities if e.type == "ORG" and e.text.startswith("Элекард")}
    assert normals == {"Элекард"}


def test_dateline_place_is_a_place(models):
    item = read("НОВОСИБИРСК, 12 мар – Сибирское агентство. Университет открыл новую лабораторию.", models)
    places = normals_of(item, "LOC")
    assert places.get("НОВОСИБИРСК") == "Новосибирск"
    assert "НОВОСИБИРСК" not in normals_of(item, "ORG")


def test_capital_word_without_a_date_is_not_a_dateline(models):
    item = read("ТОМСК и Северск подписали соглашение о сотрудничестве.", models)
    assert all(e.normal != "Томск" or e.text != "ТОМСК" for e in item.entities if e.type == "ORG")


def test_quoted_list_members_are_organisations_like_their_neighbours(models):
    item = read(
        "В совещании участвовали предприятия региона – «Газпром нефть», «Микран», «Сибирские сенсоры» "
        "и «Северный ветер».",
        models,
    )
    orgs = set(normals_of(item, "ORG"))
    assert {"Микран", "Сибирские сенсоры", "Северный ветер"} <= orgs


def test_quoted_list_of_works_gets_no_organisations(models):
    item = read("Зрители увидели спектакли «Вишнёвый сад», «Чайка» и «Три сестры».", models)
    assert not normals_of(item, "ORG")


def test_programme_in_quotes_is_no_organisation(models):
    item = read(
        "Университеты региона участвуют в программе «Приоритет-2030». Программа «Приоритет-2030» продлена.",
        models,
    )
    assert "Приоритет-2030" not in normals_of(item, "ORG")


# --- people -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Доклад сделал Пётр Савельевич. Петром Савельевичем довольны все.", "Савельевич"),
        ("Об этом рассказал Сергей Григорьевич. С Сергеем Григорьевичем согласились.", "Григорьевич"),
        ("Слово дали Марии Юрьевне. Встреча с Марией Юрьевной прошла в мэрии.", "Юрьевна"),
        ("Письмо подписано Анной Кузьминичной.", "Кузьминична"),
    ],
)
def test_patronymics_keep_their_written_stem(models, sentence, expected):
    """pymorphy's lexemes give «Савельевичем» -> «Савелиевич»; the written stem stays."""
    people = [e for e in read(sentence, models).entities if e.type == "PER"]
    assert people
    for person in people:
        assert person.normal.split()[-1] == expected, person


# --- posts --------------------------------------------------------------------------------------------------


def test_title_does_not_begin_inside_the_previous_name(models):
    item = read(
        "Губернатор Сергей Жвачкин и генеральный директор «Элекарда» Иван Орлов открыли новый цех.", models
    )
    # «Жвачкин», a word the dictionary does not know, also reads as a possessive adjective
    posts = posts_of(item)
    assert all("жвачкин" not in title for _, title, _ in posts)
    assert ("Иван Орлов", "генеральный директор", "Элекард") in posts


def test_descriptor_adjectives_leave_the_title(models):
    item = read(
        "Цех открыл генеральный директор томской научно-производственной фирмы «Элекард» Иван Орлов.", models
    )
    assert ("Иван Орлов", "генеральный директор", "Элекард") in posts_of(item)


def test_field_written_after_the_organisation_stays_in_the_title(models):
    item = read(
        "Площадку показал заместитель генерального директора «Элекарда» по внешним связям Олег Петров.",
        models,
    )
    post = ("Олег Петров", "заместитель генерального директора по внешним связям", "Элекард")
    assert post in posts_of(item)


def test_abbreviation_in_parentheses_after_the_organisation(models):
    item = read(
        "Руководитель Центра исследований климата (ЦИК) ТГУ Сергей Кирпотин выступил с докладом.", models
    )
    assert any(person == "Сергей Кирпотин" and title == "руководитель" for person, title, _ in posts_of(item))


def test_place_in_parentheses_between_people_keeps_titles_apart(models):
    item = read(
        "Выступят Крис Браун - директор агентства Kollektiv (Германия, США), Анна Белова - руководитель "
        "проекта Mushroom works (Великобритания), Иван Орлов - лидер партии «Зелёные».",
        models,
    )
    posts = posts_of(item)
    assert not any(person == "Анна Белова" and title == "директор" for person, title, _ in posts)
    assert not any(person == "Иван Орлов" and title.startswith("руководитель") for person, title, _ in posts)


def test_plural_titles_after_a_person_are_other_people(models):
    item = read(
        "В обсуждении приняли участие председатель облисполкома Пётр Пархомчик, главы российских регионов, "
        "руководители отраслевых министерств.",
        models,
    )
    titles = {title for person, title, _ in posts_of(item) if person == "Пётр Пархомчик"}
    assert titles and not any(t.startswith(("глава", "руководитель")) for t in titles)


def test_singular_title_after_a_person_is_still_his(models):
    item = read("На встрече выступил Пётр Пархомчик, председатель Брестского облисполкома.", models)
    assert any(person == "Пётр Пархомчик" and title == "председатель" for person, title, _ in posts_of(item))


def test_active_appointing_verb_gives_the_subject_no_post(models):
    item = read(
        "Губернатор Иван Петров назначил директора колледжа искусств Павла Волка руководителем департамента.",
        models,
    )
    assert not any(person == "Иван Петров" and "директор" in title for person, title, _ in posts_of(item))


def test_title_after_a_preposition_is_the_last_title(models):
    item = read(
        "Губернатор возложил исполнение обязанностей заместителя губернатора на начальника департамента "
        "финансов Татьяну Исакову.",
        models,
    )
    titles = {title for person, title, _ in posts_of(item) if person == "Татьяна Исакова"}
    assert titles == {"начальник департамента финансов"}


def test_plural_title_before_a_person_is_not_his(models):
    item = read(
        "Владимир Мазур заключил контракты с заместителями губернатора из команды Сергея Жвачкина.", models
    )
    assert not any(person == "Сергей Жвачкин" for person, _, _ in posts_of(item))


def test_apposition_before_the_next_person_is_the_next_persons(models):
    item = read(
        "Хочу поблагодарить губернатора области Ивана Петрова, заместителя гендиректора ОАО «Ромашка» "
        "Алексея Уривского и всех участников.",
        models,
    )
    posts = posts_of(item)
    assert not any(person == "Иван Петров" and "заместитель" in title for person, title, _ in posts)
    assert any(
        person == "Алексей Уривский" and title == "заместитель гендиректора" for person, title, _ in posts
    )


def test_deputy_title_word_does_not_decline(models):
    item = read("Реорганизацию провели по предложению первого замгубернатора Андрея Дунаева.", models)
    assert ("Андрей Дунаев", "первый замгубернатора", None) in posts_of(item)


def test_post_held_before_by_participle(models):
    item = read(
        "Пост получил Андрей Рожков, ранее занимавший должность заместителя губернатора по "
        "территориальному развитию.",
        models,
    )
    facts = [f.fields for f in item.facts if f.type == "post" and f.fields["person"] == "Андрей Рожков"]
    assert [(f["title"], f["change"]) for f in facts] == [
        ("заместитель губернатора по территориальному развитию", "former")
    ]


def test_dismissing_someone_is_no_leaving(models):
    item = read("Губернатор Иван Петров освободил от должности своего заместителя Анну Белову.", models)
    changes = {
        (p, t): f["change"]
        for f in (x.fields for x in item.facts if x.type == "post")
        for p, t in [(f["person"], f["title"])]
    }
    assert changes.get(("Иван Петров", "губернатор")) == "holds"


def test_name_in_quotes_ends_at_its_closing_quote(models):
    item = read(
        "Отбор провела компания «Информационные спутниковые системы» имени академика М. Ф. Решетнёва.", models
    )
    assert all("»" not in e.text for e in item.entities)
    assert "Информационные спутниковые системы" in normals_of(item, "ORG")


def test_first_name_and_patronymic_take_the_only_full_name_with_that_first_name(models):
    item = read(
        "Ректором университета утверждён Виктор Рулевский. Коллеги поздравили Виктора Михайловича с "
        "назначением.",
        models,
    )
    assert normals_of(item, "PER").get("Виктора Михайловича") == "Виктор Рулевский"


def test_first_name_and_patronymic_stay_when_two_people_share_the_first_name(models):
    item = read(
        "Встретились Виктор Рулевский и Виктор Кресс. Виктора Михайловича поздравили коллеги.", models
    )
    assert normals_of(item, "PER").get("Виктора Михайловича") == "Виктор Михайлович"


def test_programme_named_after_its_description(models):
    item = read(
        "Вузы рассказали об участии в программе стратегического академического лидерства «Приоритет-2030».",
        models,
    )
    assert "Приоритет-2030" not in normals_of(item, "ORG")


def test_lower_case_body_in_a_sentence_without_names_is_nominative(models):
    item = read("Глава региона также объявил об очередных изменениях в администрации области.", models)
    normals = [e.normal for e in item.entities if e.type == "ORG"]
    assert normals and all(n.startswith("Администрация") for n in normals)


def test_hyphenated_first_names(models):
    item = read(
        "Премьер встретилась с главой Еврокомиссии Жан-Клодом Юнкером. Концерт Анны-Марии Ивановой прошёл "
        "в Томске.",
        models,
    )
    people = normals_of(item, "PER")
    assert people["Жан-Клодом Юнкером"] == "Жан-Клод Юнкер"
    assert people["Анны-Марии Ивановой"] == "Анна-Мария Иванова"


def test_body_named_by_its_kind_before_its_place(models):
    item = read("Форум прошёл при поддержке администрации Томска и посольства Франции в России.", models)
    orgs = normals_of(item, "ORG")
    assert orgs.get("администрации") == "Администрация Томска"
    assert orgs.get("посольства") == "Посольство Франции"
    assert {"Томска", "Франции"} <= set(normals_of(item, "LOC"))


def test_initials_are_spelled_one_way(models):
    item = read(
        "Как сообщил начальник департамента А.Стуканов, власти решили. По словам А. Стуканова, инициатива "
        "исходила от российской стороны.",
        models,
    )
    assert set(normals_of(item, "PER").values()) == {"А. Стуканов"}


def test_announced_signing_is_an_agreement(models):
    item = read(
        "ВлГУ и Томский государственный университет, входящий в число ведущих вузов страны, подпишут "
        "соглашение о стратегическом партнерстве.",
        models,
    )
    [agreement] = [f.fields for f in item.facts if f.type == "agreement"]
    assert len(agreement["parties"]) == 2


def test_title_ending_a_clause_before_a_comma_is_not_the_next_persons(models):
    item = read(
        "Юрий Петухов стал первым замом губернатора, Владимир Знатков ‒ первым заместителем председателя "
        "правительства области.",
        models,
    )
    posts = posts_of(item)
    assert not any(person == "Владимир Знатков" and title == "губернатор" for person, title, _ in posts)
    assert any(person == "Юрий Петухов" and title == "первый зам губернатора" for person, title, _ in posts)


def test_title_set_off_by_a_comma_that_agrees_with_its_person(models):
    item = read("Таким образом, первый вратарь сборной последних лет, Оливер Кан будет запасным.", models)
    assert any(person == "Оливер Кан" and "вратарь" in title for person, title, _ in posts_of(item))


def test_title_before_a_dash_and_another_person_is_the_others(models):
    item = read(
        "Предложено оставить на должности вице-губернатора Юрия Петухова, министра финансов – Виталия "
        "Голубенко.",
        models,
    )
    posts = posts_of(item)
    assert not any(person == "Юрий Петухов" and title == "министр финансов" for person, title, _ in posts)
    assert any(person == "Виталий Голубенко" and title == "министр финансов" for person, title, _ in posts)


def test_name_run_into_the_title_after_it(models):
    item = read(
        "Андрей Травников работал в Вологде. В 2016 году депутаты гордумы избрали Травникова мэром города.",
        models,
    )
    assert all("мэром" not in e.text for e in item.entities)
    assert normals_of(item, "PER").get("Травникова") == "Андрей Травников"


def test_titles_joined_by_and_share_the_organisation(models):
    item = read(
        "Общественность просит освободить Всеволода Опанасенко, генерального директора и совладельца "
        "компании «Т-Платформы».",
        models,
    )
    posts = posts_of(item)
    assert ("Всеволод Опанасенко", "генеральный директор", "Т-Платформы") in posts
    assert ("Всеволод Опанасенко", "совладелец", "Т-Платформы") in posts


def test_the_noun_of_release_is_no_leaving(models):
    item = read("Бизнес-омбудсмен Борис Титов призвал добиваться освобождения предпринимателя.", models)
    changes = [
        f.fields["change"] for f in item.facts if f.type == "post" and f.fields["person"] == "Борис Титов"
    ]
    assert changes == ["holds"]


def test_person_after_a_namesake_name_is_not_in_it(models):
    item = read(
        "Губернатор и директор Государственного музея изобразительных искусств имени А.С. Пушкина Елизавета "
        "Лихачёва провели рабочую встречу.",
        models,
    )
    assert normals_of(item, "PER").get("Елизавета Лихачёва") == "Елизавета Лихачёва"
    assert all("Лихачёва" not in e.text for e in item.entities if e.type == "ORG")
    assert any(person == "Елизавета Лихачёва" and title == "директор" for person, title, _ in posts_of(item))


def test_a_council_named_before_its_organisation_is_one_name(models):
    item = read(
        "На заседании Экспертного совета Агентства стратегических инициатив обсудили стратегию.", models
    )
    written = "Экспертного совета Агентства стратегических инициатив"
    assert normals_of(item, "ORG") == {written: "Экспертный совет Агентства стратегических инициатив"}


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        (
            "В Томске завершился VII Сибирский форум по беспилотным технологиям.",
            "Сибирский форум по беспилотным технологиям",
        ),
        (
            "Губернатор возглавил делегацию на Петербургском международном экономическом форуме.",
            "Петербургский международный экономический форум",
        ),
        ("Участники Томского инновационного форума обсудили кадры.", "Томский инновационный форум"),
        ("Международный форум прошел в Томске 5 мая.", None),
    ],
)
def test_event_named_without_quotes(models, sentence, name):
    [event] = [f.fields for f in read(sentence, models).facts if f.type == "event"]
    assert event["name"] == name


def test_agreement_subject_stops_at_its_date(models):
    item = read(
        "ТУСУР и компания «Микран» подписали соглашение о создании совместной лаборатории "
        "20 марта 2025 года.",
        models,
    )
    [agreement] = [f.fields for f in item.facts if f.type == "agreement"]
    assert agreement["subject"] == "создании совместной лаборатории"
    assert agreement["date"] == "2025-03-20"


def test_adjective_before_an_abbreviation_keeps_its_gender(models):
    item = read("По его словам, объем инвестиций в Томскую ОЭЗ составил 4,5 млрд рублей.", models)
    assert normals_of(item, "ORG").get("Томскую ОЭЗ") == "Томская ОЭЗ"


def test_title_word_in_another_case_before_the_title(models):
    item = read(
        "Об этом сообщил депутатам генеральный директор ОАО «ОЭЗ ТВТ «Томск» Алексей Барышев.", models
    )
    assert any(
        person == "Алексей Барышев" and title == "генеральный директор" for person, title, _ in posts_of(item)
    )


def test_a_messenger_channel_is_no_organisation(models):
    item = read(
        "«Это важная точка развития», - написал в своем Telegram-канале заместитель губернатора "
        "Василий Потемкин.",
        models,
    )
    assert not any("канал" in e.text for e in item.entities)


def test_a_lone_abbreviation_of_a_kind_is_no_organisation(models):
    item = read(
        "В состав кластера входят 235 компаний: вузы, НИИ, предприятия и стартапы. Директор НИИ "
        "автоматики и электромеханики выступил с докладом.",
        models,
    )
    orgs = normals_of(item, "ORG")
    assert "НИИ" not in orgs
    assert any(text.startswith("НИИ автоматики") for text in orgs)


@pytest.mark.parametrize(
    ("sentence", "written", "normal"),
    [
        ("Выступил заместитель генерального директора «Элекарда» Иван Петров.", "Элекарда", "Элекард"),
        ("Завод открыт «Микраном» в Томске.", "Микраном", "Микран"),
        ("Представители «Когнитива» встретились с губернатором.", "Когнитива", "Когнитив"),
        ("Он работает в компании «Элекард».", "Элекард", "Элекард"),
        ("Спонсором стал холдинг «Молоко».", "Молоко", "Молоко"),
    ],
)
def test_quoted_name_declines_unless_in_apposition(models, sentence, written, normal):
    assert normals_of(read(sentence, models), "ORG").get(written) == normal


def test_title_in_parentheses_after_a_person(models):
    item = read(
        "Юрген Клинсман, Йоахим Лёв (второй тренер) и Андреас Кёпке (тренер вратарей) сообщили решение.",
        models,
    )
    posts = posts_of(item)
    assert ("Йоахим Лёв", "второй тренер", None) in posts
    assert ("Андреас Кёпке", "тренер вратарей", None) in posts


def test_organisations_own_adjectives_between_title_and_name(models):
    item = read(
        "Кандидатом стала лидер французского крайне правого Национального фронта (FN) Марин Ле Пен.", models
    )
    assert ("Марин Ле Пен", "лидер", "Национальный фронт") in posts_of(item)


def test_two_titles_before_one_person(models):
    item = read(
        "В интервью выступил лидер Меджлиса крымско-татарского народа, народный депутат Украины Мустафа "
        "Джемилев.",
        models,
    )
    posts = posts_of(item)
    assert ("Мустафа Джемилев", "лидер", "Меджлис крымско-татарского народа") in posts
    assert ("Мустафа Джемилев", "народный депутат Украины", None) in posts


def test_apposition_of_the_previous_person_is_not_the_next_ones_title(models):
    item = read(
        "Выступят Валерий Тишков - директор Института этнологии и антропологии РАН, Виктор Майклсон - зав. "
        "кафедрой социальных коммуникаций РГГУ.",
        models,
    )
    assert not any(person == "Виктор Майклсон" and title == "директор" for person, title, _ in posts_of(item))
    assert any(person == "Валерий Тишков" and title == "директор" for person, title, _ in posts_of(item))


def test_title_word_after_an_organisation_inside_a_title_begins_another(models):
    item = read(
        "В интервью наблюдатель от ОБСЕ португальский парламентарий Хуан Суареш сообщил о выводах.", models
    )
    posts = posts_of(item)
    assert ("Хуан Суареш", "наблюдатель", "ОБСЕ") in posts
    assert any(person == "Хуан Суареш" and "парламентарий" in title for person, title, _ in posts)


def test_relatives_title_is_not_the_persons(models):
    item = read("Памятник очень понравился супруге первого президента — Наине Иосифовне.", models)
    assert not any("президент" in title for _, title, _ in posts_of(item))


def test_quoted_subject_after_its_verb_keeps_its_form(models):
    item = read("Как сообщила «Квантера», продажи выросли.", models)
    assert normals_of(item, "ORG") == {"Квантера": "Квантера"}

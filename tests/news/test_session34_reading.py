"""Regional and international news read as a reader would (session 34): constructions seen in news pages this
session (Kuzbass and Novosibirsk personnel news, Tomsk lists, foreign ministers' visits). The sentences are
written for the tests; each case has its counter-case."""

from tests.news.reading import facts_of, normals_of, post_changes, read


def test_a_surname_told_before_the_full_name_takes_it(models):
    item = read(
        "Визит отложен в связи со смертью Макея. Об этом сообщили в МИД, который возглавлял Владимир Макей.",
        models,
    )
    assert {e.normal for e in item.entities if e.type == "PER"} == {"Владимир Макей"}
    item = read("На сцену вышел Николай Гоголь. Публика встретила Гоголя стоя.", models)
    assert {e.normal for e in item.entities if e.type == "PER"} == {"Николай Гоголь"}


def test_a_turkic_surname_is_not_declined_and_a_guessed_first_name_decides_no_gender(models):
    item = read(
        "Переговоры проходят при содействии турецкого министра иностранных дел Мевлюта Чавушоглу.", models
    )
    assert normals_of(item, "PER") == {"Мевлюта Чавушоглу": "Мевлют Чавушоглу"}
    item = read("Журналисты спросили Анну Чавушоглу о планах.", models)
    assert normals_of(item, "PER") == {"Анну Чавушоглу": "Анна Чавушоглу"}


def test_a_surname_that_is_a_common_word_is_read_in_the_names_case(models):
    item = read("Глава области наградил ветерана телевидения Игоря Подковку медалью.", models)
    assert normals_of(item, "PER")["Игоря Подковку"] == "Игорь Подковка"
    item = read("Соглашение подписано Алексеем Головой и Андреем Белым.", models)
    assert sorted(normals_of(item, "PER").values()) == ["Алексей Голова", "Андрей Белый"]
    # a surname the dictionary knows as a surname in the context's case stays that surname
    item = read("Журналисты спросили Сергея Лаврова о планах.", models)
    assert normals_of(item, "PER") == {"Сергея Лаврова": "Сергей Лавров"}


def test_an_apposition_after_a_name_is_no_appointment_of_the_verb_before_it(models):
    item = read(
        "Третьей в перечне стала Вера Долженкова - глава регионального отделения Союза журналистов России, "
        "гендиректор «Томских новостей».",
        models,
    )
    changes = {title: change for _, title, _, change in post_changes(item)}
    assert changes == {"глава регионального отделения": "holds", "гендиректор": "holds"}
    item = read("Новым ректором стал Иван Петров.", models)
    assert post_changes(item) == {("Иван Петров", "ректор", None, "appointed")}


def test_a_national_research_status_before_an_abbreviation_is_no_part_of_the_name(models):
    item = read("В комиссию вошёл Эдуард Галажинский - ректор Национального исследовательского ТГУ.", models)
    assert normals_of(item, "ORG")["Национального исследовательского ТГУ"] == "ТГУ"
    item = read("Форум прошёл в Национальном исследовательском Томском политехническом университете.", models)
    # the status stays in a full name written out (only an abbreviation after it is filed alone)
    assert list(normals_of(item, "ORG").values()) == [
        "Национальный исследовательский Томский политехнический университет"
    ]


def test_a_title_never_ends_with_a_preposition(models):
    item = read(
        "Исполнение обязанностей губернатора Кузбасса вместо Сергея Цивилева осуществляет Илья Середюк.",
        models,
    )
    titles = {title for _, title, _, _ in post_changes(item)}
    assert all(not title.endswith(" вместо") for title in titles)
    assert "губернатор Кузбасса" in titles


def test_a_lower_case_aside_between_a_title_and_its_person(models):
    item = read(
        "Министр науки и инновационной политики региона (теперь уже бывший) Алексей Васильев сообщал о "
        "планах.",
        models,
    )
    assert post_changes(item) == {
        ("Алексей Васильев", "министр науки и инновационной политики региона", None, "former")
    }
    item = read("Министр науки региона (на фото) Алексей Васильев сообщил о планах.", models)
    assert {change for _, _, _, change in post_changes(item)} == {"holds"}


def test_a_quote_opened_inside_an_organisation_closes_over_its_parent(models):
    item = read("Анна Трубачева из ФИЦ «Институт цитологии и генетики СО РАН» отметила рост.", models)
    org = [e for e in item.entities if e.type == "ORG"]
    assert [e.text for e in org] == ["ФИЦ «Институт цитологии и генетики СО РАН»"]
    item = read("Сотрудники института «Вектор» и СО РАН выступили.", models)
    assert "СО РАН" in {e.text for e in item.entities if e.type == "ORG"}


def test_what_a_person_was_before_in_a_relative_clause(models):
    item = read(
        "На должность руководителя аппарата администрации Кемеровской области назначена Ольга Турбаба, "
        "которая ранее была заместителем главы Кемерова.",
        models,
    )
    posts = post_changes(item)
    assert ("Ольга Турбаба", "заместитель главы Кемерова", None, "former") in posts
    assert any(change == "appointed" for _, _, _, change in posts)


def test_a_place_closes_a_body_named_with_it(models):
    item = read("Встреча с представителями администрации Томской области и вузов прошла вчера.", models)
    assert normals_of(item, "ORG") == {"администрации": "Администрация Томской области"}
    # a genitive tail after a name's own noun still goes on over «и»
    item = read("Сотрудники Института химии и материаловедения выступили.", models)
    assert normals_of(item, "ORG") == {
        "Института химии и материаловедения": "Институт химии и материаловедения"
    }


def test_one_person_one_spelling_of_the_name(models):
    item = read("Соглашение передали ректору ТПУ Петру Чубику. Ректор ТПУ Пётр Чубик выступил.", models)
    assert {e.normal for e in item.entities if e.type == "PER"} == {"Пётр Чубик"}
    assert {person for person, _, _, _ in post_changes(item)} == {"Пётр Чубик"}


def test_a_verb_of_leaving_is_the_first_persons_when_another_predicate_follows(models):
    item = read(
        "Совет директоров принял решение о досрочном прекращении полномочий гендиректора «Полюс Золото» "
        "Павла Скитовича и назначении гендиректором компании Евгения Иванова.",
        models,
    )
    changes = {person: change for person, _, _, change in post_changes(item)}
    assert changes["Павел Скитович"] == "left" and changes["Евгений Иванов"] != "left"
    # two people listed after one verb of leaving both leave
    item = read(
        "Уволены заместитель губернатора Кемеровской области Алексей Зеленин и начальник департамента "
        "внутренней политики региона Нина Лопатина.",
        models,
    )
    assert {change for _, _, _, change in post_changes(item)} == {"left"}


def test_powers_ended_by_an_active_verb(models):
    item = read(
        "Совет директоров досрочно прекратил полномочия врио генерального директора Олега Тюкаева.", models
    )
    assert {(person, change) for person, _, _, change in post_changes(item)} == {("Олег Тюкаев", "left")}
    item = read("Директор завода Иван Петров ушёл в отпуск.", models)
    assert {change for _, _, _, change in post_changes(item)} == {"holds"}


def test_the_nominative_title_after_a_passive_verb_names_the_subject(models):
    item = read("Председателем избран генеральный директор «Полюса» Алексей Востоков.", models)
    posts = post_changes(item)
    assert ("Алексей Востоков", "председатель", None, "appointed") in posts
    assert ("Алексей Востоков", "генеральный директор", "Полюс", "holds") in posts
    item = read("Генеральным директором «Полюса» назначен Алексей Востоков.", models)
    assert post_changes(item) == {("Алексей Востоков", "генеральный директор", "Полюс", "appointed")}


def test_the_head_by_the_verb_руководить(models):
    item = read("Виталий Савельев, руководивший «Аэрофлотом» более 10 лет, перешёл в министерство.", models)
    assert ("Виталий Савельев", "руководитель", "Аэрофлот", "former") in post_changes(item)
    item = read("Иван Петров руководил проектом по созданию дронов.", models)
    assert post_changes(item) == set()


def test_an_abbreviation_after_a_state_abbreviation_is_a_name_not_a_place(models):
    item = read(
        "Соглашение подписал директор АО «ГНЦ РФ ТРИНИТИ» Дмитрий Марков. Ранее представители ГНЦ РФ "
        "ТРИНИТИ посетили Томск.",
        models,
    )
    assert [e.text for e in item.entities if e.type == "ORG"] == ["ГНЦ РФ ТРИНИТИ", "ГНЦ РФ ТРИНИТИ"]
    item = read("Министерство внутренних дел Пакистана сообщило о задержании.", models)
    assert "Пакистана" in {e.text for e in item.entities if e.type == "LOC"}


def test_a_quoted_name_holding_a_quoted_name(models):
    item = read(
        "Ректор ТПУ – сопредседатель Ассоциации «Консорциум опорных вузов Госкорпорации «Росатом».", models
    )
    orgs = [e.text for e in item.entities if e.type == "ORG"]
    assert "Ассоциации «Консорциум опорных вузов Госкорпорации «Росатом»" in orgs


def test_hearsay_between_a_title_and_its_person(models):
    item = read(
        "Новым руководителем «Вертолетов России», по данным источника, станет Николай Колесов.", models
    )
    assert post_changes(item) == {("Николай Колесов", "руководитель", "Вертолеты России", "appointed")}


def test_a_descriptor_before_a_quoted_name_is_no_part_of_the_title(models):
    item = read(
        "Временно исполняющим обязанности генерального директора завода «Красное Сормово» избран "
        "Борис Петров.",
        models,
    )
    assert {title for _, title, _, _ in post_changes(item)} == {
        "временно исполняющий обязанности генерального директора"
    }


def test_the_european_union_capitalised_is_the_union(models):
    item = read(
        "Она отметила, что Европейский Союз намерен присоединиться. Решение Европейского Союза ждут.", models
    )
    assert {(e.type, e.normal) for e in item.entities} == {("ORG", "ЕС")}
    item = read("Делегация посетила Советский Союз в 1970 году.", models)
    assert {e.type for e in item.entities if e.text == "Советский Союз"} == {"LOC"}


def test_a_surname_with_particles_takes_the_full_name(models):
    item = read(
        "Глава Еврокомиссии Урсула фон дер Ляйен заявила о планах. Фон дер Ляйен назвала тур частью усилий.",
        models,
    )
    assert {e.normal for e in item.entities if e.type == "PER"} == {"Урсула фон дер Ляйен"}
    # particles alone with no full name in the text stay as written
    item = read("Фон дер Ляйен назвала тур частью усилий.", models)
    assert {e.normal for e in item.entities if e.type == "PER"} <= {"Фон дер Ляйен"}


def test_a_quoted_name_after_its_kinds_phrase_is_not_declined(models):
    item = read("До старта Международного форума технологического развития «Технопром» месяц.", models)
    assert normals_of(item, "ORG") == {"Технопром": "Технопром"}
    # a quoted name governed by a preposition declines
    item = read("Соглашение подписано с «Ростехом».", models)
    assert normals_of(item, "ORG") == {"Ростехом": "Ростех"}


def test_a_soft_stem_name_in_the_genitive(models):
    item = read('Вместе с представителями "Норникеля" корпус осмотрел председатель правительства.', models)
    assert normals_of(item, "ORG") == {"Норникеля": "Норникель"}


def test_a_sentences_first_adverb_is_no_place(models):
    item = read(
        "В Томске пройдет форум с международным участием\nСегодня, 28 сентября, заместитель губернатора "
        "Томской области по научно-технической и инновационной политике и образованию Вячеслав Зинченко "
        "провел заседание оргкомитета.",
        models,
    )
    assert "Сегодня" not in {e.text for e in item.entities}
    assert {e.text for e in item.entities if e.type == "PER"} == {"Вячеслав Зинченко"}


def test_the_object_of_a_preposition_is_not_the_title_of_the_next_subject(models):
    item = read("Во время беседы с главой СФУ Елена Безденежных уделила внимание экологии.", models)
    assert post_changes(item) == set()
    item = read("Речь шла на встрече с исполняющим обязанности ректора СФУ Евгением Вагановым.", models)
    assert post_changes(item) == {("Евгений Ваганов", "исполняющий обязанности ректора", "СФУ", "holds")}


def test_the_date_of_preparing_an_event_is_not_the_events(models):
    item = read(
        "Сегодня, 28 сентября, заместитель губернатора провел заседание оргкомитета по проведению IX "
        "Всесибирского инновационного форума. Форум пройдет в Томске с 11 по 13 октября.",
        models,
    )
    forums = [f.fields for f in item.facts if f.type == "event" and f.fields["kind"] == "forum"]
    assert [(f["start"], f["end"], f["place"]) for f in forums] == [("--10-11", "--10-13", "Томск")]


def test_a_research_position_is_a_post(models):
    item = read(
        "Это кандидат физико-математических наук, старший научный сотрудник кафедры физики твердого тела "
        "Александр Леньшин.",
        models,
    )
    assert {title for _, title, _, _ in post_changes(item)} == {
        "старший научный сотрудник кафедры физики твердого тела"
    }
    item = read("Сотрудники компании «Микран» выступили на форуме.", models)
    assert post_changes(item) == set()


def test_initials_and_an_adjectival_surname_in_an_oblique_case(models):
    item = read("Проект выполняется под руководством профессора А.А. Короновского.", models)
    assert [e.normal for e in item.entities if e.type == "PER"] == ["А. А. Короновский"]
    item = read("Письмо направлено В.В. Жириновскому.", models)
    assert [e.normal for e in item.entities if e.type == "PER"] == ["В. В. Жириновский"]


def test_the_regional_duma_one_name_however_written(models):
    item = read("Ректоры отчитались в облдуме. Они выступили на 37-м собрании думы Томской области.", models)
    assert set(normals_of(item, "ORG").values()) == {"Законодательная дума Томской области"}


def test_an_event_named_in_straight_quotes(models):
    item = read(
        'Международный молодежный форум "Инженеры будущего" обретет постоянную прописку в Тульской области.',
        models,
    )
    assert facts_of(item, "event", "name") == ["Инженеры будущего"]


def test_a_sentences_first_adverb_is_no_part_of_an_organisation(models):
    item = read(
        "Сегодня Томское региональное отделение СоюзМаш России обсудило перспективы сотрудничества.", models
    )
    assert not any(e.text.startswith("Сегодня") for e in item.entities)
    assert any(e.text.startswith("Томское региональное отделение") for e in item.entities if e.type == "ORG")


def test_a_post_held_before_by_a_past_verb(models):
    item = read(
        "Сергей Сметанников замещал должность руководителя секретариата губернатора Иркутской области. "
        "Наталья Щербина занимала должность министра развития гражданского общества. "
        "Александр Костенко был советником главы администрации Сочи.",
        models,
    )
    assert {change for _, _, _, change in post_changes(item)} == {"former"}
    assert len(post_changes(item)) == 3
    item = read("Михаил Першин был официально утвержден в должности генерального директора.", models)
    assert {change for _, _, _, change in post_changes(item)} == {"appointed"}


def test_a_title_ends_neither_with_a_conjunction_nor_inside_a_name(models):
    item = read(
        "Распоряжение подписано руководителем аппарата губернатора и Правительства Иркутской области "
        "Владимиром Дорофеевым. Первый замглавы города Пыть-Ях Алексей Золотухин выступил.",
        models,
    )
    titles = {title for _, title, _, _ in post_changes(item)}
    assert not any(title.endswith(" и") for title in titles)
    assert "первый замглавы города Пыть-Ях" in titles


def test_a_plural_title_names_a_group(models):
    item = read("Среди замов-новичков — Александр Краснов. Вице-губернатор Иван Петров выступил.", models)
    assert post_changes(item) == {("Иван Петров", "вице-губернатор", None, "holds")}


def test_former_said_before_ранее(models):
    item = read(
        "Бывший ранее руководителем департамента социального развития Андрей Норин теперь отвечает за "
        "безопасность.",
        models,
    )
    assert {change for _, _, _, change in post_changes(item)} == {"former"}


def test_a_rank_at_an_organisation_is_a_position_and_a_degree_an_aside(models):
    item = read("Модератором выступил профессор ТПУ, доктор философских наук Лойко Ольга Тимофеевна.", models)
    assert post_changes(item) == {("Лойко Ольга Тимофеевна", "профессор", "ТПУ", "holds")}
    # a rank of the academy alone stays no post: the title before it is the person's
    item = read("Ректор НГУ академик РАН Михаил Федорук выступил.", models)
    assert post_changes(item) == {("Михаил Федорук", "ректор", "НГУ", "holds")}


def test_a_surname_on_ль_in_oblique_cases(models):
    item = read("Письмо отправлено Удо Пренцелю. Встреча с Удо Пренцелем прошла вчера.", models)
    assert {e.normal for e in item.entities if e.type == "PER"} == {"Удо Пренцель"}
    # a surname on -я stays: «Золя», «Николя»
    item = read("Роман Эмиля Золя вышел в новом переводе.", models)
    assert [e.normal for e in item.entities if e.type == "PER"] == ["Эмиль Золя"]


def test_a_body_of_a_place_not_named_is_not_the_federal_one(models):
    item = read("Мероприятие прошло в рамках внеочередного собрания Думы города.", models)
    assert normals_of(item, "ORG") == {"Думы": "Дума города"}
    item = read("Законопроект рассмотрела Дума.", models)
    assert normals_of(item, "ORG") == {"Дума": "Госдума"}


def test_an_age_between_a_title_and_its_person(models):
    item = read("Это директор департамента имущественных отношений, 40-летний Дмитрий Махиня.", models)
    assert post_changes(item) == {
        ("Дмитрий Махиня", "директор департамента имущественных отношений", None, "holds")
    }


def test_an_intention_to_take_a_post_is_no_appointment(models):
    item = read("Джанни Инфантино намерен переизбраться на пост президента ФИФА.", models)
    assert {change for _, _, _, change in post_changes(item)} == {"holds"}
    item = read("Джанни Инфантино избран на пост президента ФИФА.", models)
    assert {change for _, _, _, change in post_changes(item)} == {"appointed"}


def test_newly_made_is_no_part_of_the_title(models):
    item = read("Об этом заявил новоиспеченный президент ФИФА Джанни Инфантино.", models)
    assert {title for _, title, _, _ in post_changes(item)} == {"президент"}


def test_a_capitalised_adjective_of_the_next_noun_is_no_place(models):
    item = read(
        "Промышленному кластеру электроники и беспилотных технологий в Томской области - быть!", models
    )
    assert {e.text for e in item.entities if e.type == "LOC"} == {"Томской области"}


def test_the_place_of_a_long_title_is_not_the_events(models):
    item = read(
        "Такое решение принято на совещании с участием Министра промышленности и торговли России Антона "
        "Алиханова.",
        models,
    )
    assert facts_of(item, "event", "place") == [None]


def test_central_asian_regional_heads(models):
    item = read(
        "Губернатор Томской области Владимир Мазур и хоким (глава) Сырдарьинской области Республики "
        "Узбекистан Эркинжон Турдимов подписали соглашение о сотрудничестве.",
        models,
    )
    assert ("Эркинжон Турдимов", "хоким", None, "holds") in post_changes(item)


def test_a_person_run_into_the_name_an_organisation_bears(models):
    item = read(
        "Минобрнауки назначило исполняющим обязанности ректора Тамбовского госуниверситета имени Г.Р. "
        "Державина Павла Моисеева, который до этого занимал пост проректора.",
        models,
    )
    assert [e.text for e in item.entities if e.type == "PER"] == ["Павла Моисеева"]
    posts = post_changes(item)
    assert ("Павел Моисеев", "проректор", None, "former") in posts
    assert any(
        title == "исполняющий обязанности ректора" and change == "appointed" for _, title, _, change in posts
    )
    # a name the organisation bears stays in it
    item = read("Студенты университета имени М.В. Ломоносова Иван Петров и Анна Смирнова победили.", models)
    assert [e.text for e in item.entities if e.type == "PER"] == ["Иван Петров", "Анна Смирнова"]


def test_the_instrumental_post_is_the_one_given(models):
    item = read(
        "Министерство назначило исполняющим обязанности ректора ДВФУ проректора по развитию кампуса "
        "Владимира Николаева.",
        models,
    )
    changes = {title: change for _, title, _, change in post_changes(item)}
    assert changes == {
        "исполняющий обязанности ректора": "appointed",
        "проректор по развитию кампуса": "holds",
    }


def test_a_circumstance_after_is_no_part_of_a_title(models):
    item = read(
        "Роман Смелик был назначен и.о. ректора после несостоявшихся выборов летом 2019 года.", models
    )
    assert {title for _, title, _, _ in post_changes(item)} == {"и. о. ректора"}

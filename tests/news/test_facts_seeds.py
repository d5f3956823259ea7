# ruff: noqa: E501  (a table of reader checks, one check per line)
"""The two seed texts: every check a reader of these news expects of the facts, counted and listed.

Run as `clusterdesk extract --no-split` runs them (one item per file), with the registry names of the seeds'
organisations, so linked parties come out by their registry names.
"""

from collections.abc import Callable

import pytest

from clusterdesk.news.link import Gazetteer, RegistryName
from clusterdesk.news.pipeline import PipelineOptions, process_text

REGISTRY = [
    RegistryName(
        "organization",
        1,
        "ТУСУР",
        ("Томский государственный университет систем управления и радиоэлектроники",),
    ),
    RegistryName("organization", 2, "МТС", ("ПАО «МТС»",)),
    RegistryName("organization", 3, "Микран", ("АО «НПФ «Микран»",)),
    RegistryName("organization", 4, "НИУ ВШЭ", ("Высшая школа экономики", "ВШЭ")),
    RegistryName("organization", 5, "ТГУ", ("Томский государственный университет",)),
]
Facts = list[dict[str, object]]


@pytest.fixture(scope="module")
def seeds(models, seed_000, seed_004) -> dict[str, Facts]:
    gazetteer = Gazetteer(REGISTRY, models.morph_vocab)
    out: dict[str, Facts] = {}
    for name, path in (("000", seed_000), ("004", seed_004)):
        text = path.read_text(encoding="utf-8")
        [item] = process_text(
            text, source=path.name, models=models, options=PipelineOptions(no_split=True), gazetteer=gazetteer
        )
        out[name] = [{"type": f.type, **f.fields} for f in item.facts]
    return out


def _one(facts: Facts, **want: object) -> dict[str, object] | None:
    return next((f for f in facts if all(f.get(k) == v for k, v in want.items())), None)


def _post(facts: Facts, person: str, title: str, org: str | None) -> bool:
    return _one(facts, type="post", person=person, title=title, organization=org, change="holds") is not None


def _event(facts: Facts, check: Callable[[dict[str, object]], bool], **want: object) -> bool:
    found = _one(facts, type="event", **want)
    return found is not None and check(found)


SESSION = "Развитие инновационных кластеров-лидеров инвестиционной привлекательности мирового уровня"
CHECKS: list[tuple[str, str, Callable[[Facts], bool]]] = [
    ("000", "пост: Гриценко — начальник инновационного управления ТУСУР",
     lambda f: _post(f, "Юрий Борисович Гриценко", "начальник инновационного управления", "ТУСУР")),
    ("000", "пост: Рулевский — ректор ТУСУР", lambda f: _post(f, "Виктор Рулевский", "ректор", "ТУСУР")),
    ("000", "стратегическая сессия с названием", lambda f: _one(f, kind="strategic_session", name=SESSION) is not None),
    ("000", "сессия: с 5 по 9 апреля без выдуманного года",
     lambda f: _event(f, lambda e: (e["start"], e["end"]) == ("--04-05", "--04-09"), kind="strategic_session")),
    ("000", "сессия: место",
     lambda f: _event(f, lambda e: e["place"] in ("Москва", "Вороново"), kind="strategic_session")),
    ("000", "сессия: организаторы Минэкономразвития и ВШЭ",
     lambda f: _event(f, lambda e: e["organizers"] == ["Минэкономразвития", "НИУ ВШЭ"], kind="strategic_session")),
    ("000", "сессия: участник ТУСУР",
     lambda f: _event(f, lambda e: "ТУСУР" in e["participants"], kind="strategic_session")),
    ("000", "форум U-Novus 2025 на базе ТГУ", lambda f: _event(f, lambda e: e["place"] == "ТГУ", name="U-Novus 2025")),
    ("000", "круглый стол с темой",
     lambda f: _event(f, lambda e: str(e["name"]).startswith("Россия-Беларусь"), kind="round_table")),
    ("000", "круглый стол: в Новосибирске",
     lambda f: _event(f, lambda e: e["place"] == "Новосибирск", kind="round_table")),
    ("000", "круглый стол: на форуме «Технопром-2025»",
     lambda f: _event(f, lambda e: e.get("host_event") == "Технопром-2025", kind="round_table")),
    ("000", "круглый стол: Рулевский участвует (модератор)",
     lambda f: _event(f, lambda e: "Виктор Рулевский" in e["participants"], kind="round_table")),
    ("000", "форум «Технопром-2025» в Новосибирске",
     lambda f: _event(f, lambda e: e["place"] == "Новосибирск", kind="forum", name="Технопром-2025")),
    ("000", "соглашение: стороны МТС и ТУСУР", lambda f: _one(f, type="agreement", parties=["МТС", "ТУСУР"]) is not None),
    ("000", "соглашение: о сотрудничестве в области образовательных программ",
     lambda f: str((_one(f, type="agreement") or {}).get("subject", "")).startswith("сотрудничестве в области")),
    ("000", "форум «Команда возможностей» 25–27 мая 2025",
     lambda f: _event(f, lambda e: (e["start"], e["end"]) == ("2025-05-25", "2025-05-27"), name="Команда возможностей")),
    ("000", "форум «Команда возможностей» в «Сенеже»",
     lambda f: _event(f, lambda e: "Сенеж" in str(e["place"]), name="Команда возможностей")),
    ("000", "приоритетный проект Минэкономразвития",
     lambda f: _one(f, type="project", name=SESSION, organizations=["Минэкономразвития"]) is not None),
    ("004", "совещание в администрации Томской области",
     lambda f: _event(f, lambda e: e["place"] == "Администрация Томской области", kind="meeting")),
    ("004", "совещание: о создании кластера электроники и беспилотных технологий",
     lambda f: _event(f, lambda e: str(e.get("topic", "")).startswith("создание промышленного кластера"), kind="meeting")),
    ("004", "пост: Яцкин — первый заместитель председателя Совета Федерации",
     lambda f: _post(f, "Андрей Яцкин", "первый заместитель председателя", "Совет Федерации")),
    ("004", "пост: Алиханов — глава Минпромторга", lambda f: _post(f, "Антон Алиханов", "глава", "Минпромторг")),
    ("004", "пост: Потёмкин — заместитель губернатора по промышленности и инвестициям (администрация области)",
     lambda f: _post(f, "Василий Потёмкин", "заместитель губернатора по промышленности и инвестициям",
                     "Администрация Томской области")),
    ("004", "пост: Травников — губернатор региона", lambda f: _post(f, "Андрей Травников", "губернатор региона", None)),
    ("004", "решение: программа развития, приоритетные направления, КПЭ",
     lambda f: _one(f, type="decision", documents=["программа развития", "приоритетные направления",
                                                   "ключевые показатели эффективности"]) is not None),
    ("004", "проекты участников: четыре компании, Микран среди них",
     lambda f: any(p["type"] == "project" and "Микран" in p["organizations"] and len(p["organizations"]) == 4
                   for p in f)),
    ("004", "проекты: спутниковая связь, лидары, беспилотный минитрактор",
     lambda f: any(p.get("subjects") == ["спутниковая связь для беспилотников", "лидары", "беспилотный минитрактор"]
                   for p in f)),
    ("004", "проект «ПроЕДУ по России»", lambda f: _one(f, type="project", name="ПроЕДУ по России") is not None),
    ("004", "ни одного лишнего поста (автор, заголовки)",
     lambda f: {p["person"] for p in f if p["type"] == "post"}
     == {"Андрей Яцкин", "Антон Алиханов", "Василий Потёмкин", "Андрей Травников"}),
    ("000", "ни одного лишнего поста",
     lambda f: {p["person"] for p in f if p["type"] == "post"} == {"Юрий Борисович Гриценко", "Виктор Рулевский"}),
]  # fmt: skip


def test_every_check_a_reader_expects(seeds):
    failed = [f"{seed}: {name}" for seed, name, check in CHECKS if not check(seeds[seed])]
    assert not failed, f"{len(CHECKS) - len(failed)}/{len(CHECKS)}; не выполнено:\n" + "\n".join(failed)


def test_no_year_is_invented(seeds):
    for facts in seeds.values():
        for fact in facts:
            for key in ("start", "end", "date"):
                value = fact.get(key)
                assert value is None or str(value).startswith("--") or str(value)[:4] == "2025", fact

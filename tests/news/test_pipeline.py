import json

import pytest
from typer.testing import CliRunner

from clusterdesk.news.cli import app
from clusterdesk.news.jsonl import item_to_json
from clusterdesk.news.pipeline import PipelineOptions, process_text
from tests.news.conftest import assert_offsets

KEYS = ["source", "item", "offset", "title", "published", "text", "entities", "facts", "duplicate_of"]


@pytest.fixture(scope="module")
def seed_items(models, seed_000, seed_004):
    out = {}
    for path in (seed_000, seed_004):
        text = path.read_text(encoding="utf-8")
        items = process_text(text, source=str(path), models=models)
        out[path.name[:3]] = (text, [item_to_json(i) for i in items])
    return out


def test_seed_items_and_offsets(seed_items):
    text0, items0 = seed_items["000"]
    text4, items4 = seed_items["004"]
    assert len(items0) == 6 and len(items4) == 1
    for source_text, items in ((text0, items0), (text4, items4)):
        for item in items:
            assert list(item) == KEYS
            assert_offsets(source_text, item)


def _names(items, kind):
    return {e["normal"] for item in items for e in item["entities"] if e["type"] == kind}


def test_seed_entities(seed_items):
    items = seed_items["000"][1] + seed_items["004"][1]
    orgs = _names(items, "ORG")
    for name in (
        "ТУСУР",
        "ТГУ",
        "ПАО «МТС»",
        "Высшая школа экономики",
        "Минэкономразвития",
        "АО «НПФ «Микран»",
        "ООО «ЛЭМЗ–Т»",
        "АО «Когнитив»",
        "АО «НПП Радар ММС»",
        "Smart Technologies Tomsk",
        "Минпромторг",
        "Томский государственный университет систем управления и радиоэлектроники",
    ):
        assert name in orgs, name
    assert "Компания" not in orgs and "Россия-Беларусь" not in orgs
    people = _names(items, "PER")
    for name in (
        "Юрий Борисович Гриценко",
        "Виктор Рулевский",
        "Василий Потёмкин",
        "Андрей Яцкин",
        "Антон Алиханов",
    ):
        assert name in people, name
    assert not people & {"Стекло", "Сибмедиа", "Ольга Шмырева"}
    places = _names(items, "LOC")
    assert {"Москва", "Томская область", "Новосибирск", "Вороново"} <= places
    assert "Кемерово" not in places  # that was a teaser in the boilerplate


def test_no_split_keeps_the_text(models, seed_004):
    text = seed_004.read_text(encoding="utf-8")
    [item] = process_text(text, source="x", models=models, options=PipelineOptions(no_split=True))
    assert item.offset == 0 and item.text == text
    found = {(e.type, e.normal) for e in item.entities}
    assert ("LOC", "Кемерово") in found
    assert ("PER", "Стекло") not in found


def test_cli_extract_jsonl(seed_000, seed_004, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    runner = CliRunner()
    result = runner.invoke(app, ["extract", str(seed_000), str(bad), str(seed_004)])
    assert result.exit_code == 3, result.output  # one input failed, the others are printed
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 7
    assert [line["item"] for line in lines] == [0, 1, 2, 3, 4, 5, 0]
    assert "bad.txt" in result.stderr
    sources = {
        str(seed_000): seed_000.read_text(encoding="utf-8"),
        str(seed_004): seed_004.read_text("utf-8"),
    }
    for line in lines:
        assert list(line) == KEYS
        assert_offsets(sources[line["source"]], line)


def test_cli_no_split(seed_000):
    result = CliRunner().invoke(app, ["extract", "--no-split", "--format", "jsonl", str(seed_000)])
    assert result.exit_code == 0
    [line] = [json.loads(x) for x in result.stdout.splitlines() if x.strip()]
    assert line["offset"] == 0
    assert line["text"] == seed_000.read_text(encoding="utf-8")


def test_cli_with_a_registry_loader(seed_000):
    from clusterdesk.news.cli import build_app
    from clusterdesk.news.link import RegistryName

    def load():
        return [
            RegistryName("organization", 7, "ТУСУР", ()),
            RegistryName("person", 9, "Рулевский Виктор", ()),
        ]

    result = CliRunner().invoke(build_app(load), ["extract", str(seed_000)])
    assert result.exit_code == 0
    links = {
        (e["text"], e["link"]["id"])
        for line in result.stdout.splitlines()
        if line.strip()
        for e in json.loads(line)["entities"]
        if e["link"]
    }
    assert ("ТУСУРа", 7) in links and ("Виктор Рулевский", 9) in links

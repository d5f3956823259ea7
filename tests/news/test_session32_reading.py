"""Regional news read as a reader would (session 32): constructions seen in Tomsk news pages this session.
The sentences here are written for the tests; each case has its counter-case."""

from clusterdesk.news.pipeline import PipelineOptions, process_text


def _item(text, models):
    [item] = process_text(text, source="t", models=models, options=PipelineOptions(no_split=True))
    for entity in item.entities:
        assert item.text[entity.start : entity.end] == entity.text
    return item


def _normals(item, kind):
    return {e.text: e.normal for e in item.entities if e.type == kind}


def test_an_abbreviation_depending_on_the_names_head_keeps_its_case(models):
    item = _item(
        "Студенты ТУСУРа прошли практику в УНИЦ ТУСУРа, а выпускники Томского ТУСУРа — в НИИ ТПУ.", models
    )
    orgs = _normals(item, "ORG")
    assert orgs["УНИЦ ТУСУРа"] == "УНИЦ ТУСУРа"  # the centre of TUSUR: «ТУСУРа» is a genitive
    assert orgs["ТУСУРа"] == "ТУСУР"  # the head itself takes its nominative
    assert orgs["Томского ТУСУРа"] == "Томский ТУСУР"  # after an adjective it is the head

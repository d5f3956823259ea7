"""Reading one test sentence the way the regional-reading tests do: one news item, its names, its posts."""

from clusterdesk.news.pipeline import PipelineOptions, process_text


def read(text, models):
    """The text as one news item; every entity's offsets must give back its text."""
    [item] = process_text(text, source="t", models=models, options=PipelineOptions(no_split=True))
    for entity in item.entities:
        assert item.text[entity.start : entity.end] == entity.text
    return item


def normals_of(item, kind):
    """Written form -> normal form of the item's entities of one type."""
    return {e.text: e.normal for e in item.entities if e.type == kind}


def posts_of(item):
    """The item's post facts as (person, title, organisation)."""
    posts = [f.fields for f in item.facts if f.type == "post"]
    return [(f["person"], f["title"], f["organization"]) for f in posts]

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


def facts_of(item, fact_type, *names):
    """The item's facts of one type as tuples of the named fields (the values themselves for one name)."""
    facts = [f.fields for f in item.facts if f.type == fact_type]
    if len(names) == 1:
        return [f[names[0]] for f in facts]
    return [tuple(f[name] for name in names) for f in facts]


def posts_of(item):
    """The item's post facts as (person, title, organisation)."""
    return facts_of(item, "post", "person", "title", "organization")


def post_changes(item):
    """The item's post facts as a set of (person, title, organisation, change)."""
    return set(facts_of(item, "post", "person", "title", "organization", "change"))

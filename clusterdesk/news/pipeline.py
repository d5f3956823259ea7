"""The news pipeline: sources -> items -> entities, links, facts, duplicates, as plain `NewsItem`s."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from clusterdesk.news.dedup import DuplicateIndex, text_fingerprint
from clusterdesk.news.facts import find_facts
from clusterdesk.news.link import Gazetteer, link_entities
from clusterdesk.news.ner import find_entities
from clusterdesk.news.nlp import Models, analyse, build_models
from clusterdesk.news.records import ItemSlice, NewsItem, SourceDocument, SourceError
from clusterdesk.news.sources import SourceOptions, read_sources
from clusterdesk.news.split import split_items
from clusterdesk.news.stream import TextStream, iter_slices

__all__ = ["PipelineOptions", "build_models", "process_document", "process_sources", "process_text"]


@dataclass(frozen=True, slots=True)
class PipelineOptions:
    """One options object passed through every stage."""

    no_split: bool = False
    facts: bool = True
    dedup: bool = True
    sources: SourceOptions = field(default_factory=SourceOptions)


def process_text(
    text: str,
    *,
    source: str,
    models: Models,
    options: PipelineOptions | None = None,
    gazetteer: Gazetteer | None = None,
    duplicates: DuplicateIndex | None = None,
    title: str | None = None,
    published: date | None = None,
    single_article: bool = False,
) -> list[NewsItem]:
    """Split a decoded text into items and analyse each one."""
    options = options or PipelineOptions()
    if options.no_split or single_article:
        slices = [ItemSlice(offset=0, text=text, title=title)]
    else:
        slices = split_items(text) or [ItemSlice(offset=0, text=text, title=title)]
    items: list[NewsItem] = []
    for number, piece in enumerate(slices):
        item = analyse_item(
            piece,
            source=source,
            number=number,
            models=models,
            options=options,
            gazetteer=gazetteer,
            published=published,
            title=piece.title or (title if len(slices) == 1 else None),
        )
        items.append(_marked_duplicate(item, duplicates, options))
    return items


def analyse_item(
    piece: ItemSlice,
    *,
    source: str,
    number: int,
    models: Models,
    options: PipelineOptions,
    gazetteer: Gazetteer | None = None,
    published: date | None = None,
    title: str | None = None,
) -> NewsItem:
    """Language analysis, entities, links and facts of one item."""
    analysis = analyse(piece.text, models)
    extra = gazetteer.mentions(piece.text) if gazetteer is not None else []
    entities = find_entities(analysis, models.morph_vocab, extra)
    entities = link_entities(entities, gazetteer)
    facts = (
        find_facts(piece.text, entities, published, analysis=analysis, vocab=models.morph_vocab)
        if options.facts
        else []
    )
    return NewsItem(
        source=source,
        item=number,
        offset=piece.offset,
        text=piece.text,
        title=title,
        published=published,
        entities=tuple(entities),
        facts=tuple(facts),
        fingerprint=text_fingerprint(piece.text),
    )


def process_document(
    document: SourceDocument,
    *,
    models: Models,
    options: PipelineOptions | None = None,
    gazetteer: Gazetteer | None = None,
    duplicates: DuplicateIndex | None = None,
) -> list[NewsItem]:
    """Analyse one source document (an extracted page is one article and is never split)."""
    items = process_text(
        document.text,
        source=document.source,
        models=models,
        options=options,
        gazetteer=gazetteer,
        duplicates=duplicates,
        title=document.title,
        published=document.published,
        single_article=document.is_extracted,
    )
    return [replace(i, url=document.url, author=document.author) for i in items]


def process_sources(
    inputs: Iterable[str | Path],
    *,
    models: Models,
    options: PipelineOptions | None = None,
    gazetteer: Gazetteer | None = None,
    duplicates: DuplicateIndex | None = None,
) -> Iterator[NewsItem | SourceError]:
    """Read inputs and analyse them; bad items come out as `SourceError`s and the batch goes on."""
    options = options or PipelineOptions()
    for result in read_sources(inputs, options.sources):
        if isinstance(result, SourceError):
            yield result
            continue
        if isinstance(result, TextStream):
            yield from process_stream(
                result, models=models, options=options, gazetteer=gazetteer, duplicates=duplicates
            )
            continue
        try:
            yield from process_document(
                result, models=models, options=options, gazetteer=gazetteer, duplicates=duplicates
            )
        except Exception as exc:
            yield SourceError(
                result.source, f"{result.source}: ошибка обработки ({type(exc).__name__}: {exc})"
            )


def process_stream(
    stream: TextStream,
    *,
    models: Models,
    options: PipelineOptions,
    gazetteer: Gazetteer | None = None,
    duplicates: DuplicateIndex | None = None,
) -> Iterator[NewsItem | SourceError]:
    """A large text file item by item as it is read (news/stream.py); a bad item is its own error."""
    number = -1
    try:
        for number, piece in enumerate(iter_slices(stream)):
            try:
                item = analyse_item(
                    piece,
                    source=stream.source,
                    number=number,
                    models=models,
                    options=options,
                    gazetteer=gazetteer,
                    title=piece.title,
                )
            except Exception as exc:
                key = f"{stream.source}#{number}"
                yield SourceError(key, f"{key}: ошибка обработки ({type(exc).__name__}: {exc})")
                continue
            yield _marked_duplicate(item, duplicates, options)
    except Exception as exc:  # reading failed part-way: what was yielded stands, the rest is this error
        yield SourceError(
            stream.source,
            f"{stream.source}: чтение прервано после новости #{number} ({type(exc).__name__}: {exc})",
        )


def _marked_duplicate(
    item: NewsItem, duplicates: DuplicateIndex | None, options: PipelineOptions
) -> NewsItem:
    """The item marked as a duplicate of an earlier one, or remembered as new (within one run)."""
    if duplicates is None or not options.dedup:
        return item
    match = duplicates.mark(f"{item.source}#{item.item}", item.text)
    return item if match is None else replace(item, duplicate_of=match.key)

"""Prominence of a mention in its item: in the title, in the first paragraph (the lead), or in passing."""

from __future__ import annotations

import enum
import re

from clusterdesk.lemmas import fold

LEAD_CHARS = 300  # a one-paragraph text: its lead is the sentence that crosses this many characters


class Prominence(enum.IntEnum):
    title = 1
    lead = 2
    passing = 3


PROMINENCE_LABELS = {
    Prominence.title: "в заголовке",
    Prominence.lead: "в первом абзаце",
    Prominence.passing: "упоминание вскользь",
}


def title_end(text: str, title: str | None) -> int:
    """Where the title ends inside the text when the text starts with it (split items keep their headline)."""
    if title and text.lstrip().startswith(title.strip()):
        return text.index(title.strip()) + len(title.strip())
    return 0


def lead_end(text: str, title: str | None) -> int:
    """The end of the first paragraph after the title (at most the sentence crossing ``LEAD_CHARS``)."""
    start = title_end(text, title)
    while start < len(text) and text[start].isspace():
        start += 1
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    if end - start > LEAD_CHARS:
        stop = text.find(". ", start + LEAD_CHARS, end)
        end = end if stop < 0 else stop + 1
    return end


def named_in(title: str | None, names: tuple[str, ...]) -> bool:
    """Does the title name any of these (a case ending allowed: «ТУСУРа», «Микрана»)?"""
    if not title:
        return False
    folded = fold(title)
    for name in names:
        key = fold(name.strip().strip("«»\"'"))
        if len(key) > 1 and re.search(rf"(?<!\w){re.escape(key)}\w{{0,3}}(?!\w)", folded):
            return True
    return False


def prominence(start: int, names: tuple[str, ...], *, text: str, title: str | None) -> Prominence:
    """Title when the mention stands in the headline (or one of its names does), lead when in the first
    paragraph, otherwise in passing. ``names``: the mention's text and normal form, and for a linked mention
    the registry's names of its organisation or person."""
    if start < title_end(text, title) or named_in(title, names):
        return Prominence.title
    if start < lead_end(text, title):
        return Prominence.lead
    return Prominence.passing

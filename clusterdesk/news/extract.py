"""Main text, title, date and author of an HTML article, via trafilatura."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class ExtractedArticle:
    """What trafilatura found in a page."""

    text: str
    title: str | None
    published: date | None
    author: str | None
    url: str | None


def extract_html(html: str, *, url: str | None = None) -> ExtractedArticle | None:
    """Extract the article from HTML; None when the page has no main text."""
    import trafilatura

    result = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
    )
    if result is None:
        return None
    data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    text = (data.get("text") or "").strip()
    if not text:
        return None
    return ExtractedArticle(
        text=text,
        title=(data.get("title") or None),
        published=_parse_date(data.get("date")),
        author=(data.get("author") or None),
        url=data.get("url") or url,
    )


def _parse_date(value: object) -> date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None

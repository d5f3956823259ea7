"""Find the articles a source points at: feed entries, same-site links of a listing page, sitemap locations.

Pure functions over the fetched bytes; the worker decides which of the links are new.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from lxml import etree

MAX_LINKS = (
    50  # articles taken from one feed, listing or sitemap per run: the newest come first on real sites
)
_ASSET = re.compile(r"\.(?:jpe?g|png|gif|svg|webp|ico|css|js|pdf|docx?|xlsx?|zip|rar|mp[34]|avi)$", re.I)
_FEED_SNIFF = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.I | re.S)


@dataclass(frozen=True, slots=True)
class Entry:
    """One article a source points at, with what the source itself says about it."""

    url: str
    title: str | None = None
    published: date | None = None
    summary: str | None = None  # HTML or text from a feed entry, used when the page cannot be read


class NotAFeedError(ValueError):
    """The bytes are not what the source's kind promises (Russian message)."""


def looks_like_feed(body: bytes) -> bool:
    return bool(_FEED_SNIFF.match(body[:4096]))


def feed_entries(body: bytes) -> list[Entry]:
    import feedparser

    if not looks_like_feed(body):
        raise NotAFeedError(
            "ответ не похож на RSS/Atom — проверьте адрес ленты или выберите вид «страница-список»"
        )
    feed = feedparser.parse(body)
    entries: list[Entry] = []
    for index, raw in enumerate(feed.entries):
        link = raw.get("link")
        if not link:
            link = f"{raw.get('id') or 'entry'}#{index}"
        parsed = raw.get("published_parsed") or raw.get("updated_parsed")
        published = date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday) if parsed else None
        contents = raw.get("content") or []
        summary = (contents[0].get("value") if contents else None) or raw.get("summary")
        entries.append(Entry(url=link, title=raw.get("title"), published=published, summary=summary))
    return entries[:MAX_LINKS]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _host(url: str) -> str:
    return urlsplit(url).netloc.lower().removeprefix("www.")


def listing_links(listing_url: str, html: str) -> list[Entry]:
    """Article links of a listing page: same site, not assets, not the listing itself, in page order.

    When some links lie under the listing's own path (``/news/`` -> ``/news/123``) only those are taken:
    menus and footers point elsewhere.
    """
    parser = _Links()
    parser.feed(html)
    base = urlsplit(listing_url)
    own = urldefrag(listing_url)[0].rstrip("/")
    seen: dict[str, None] = {}
    for href in parser.hrefs:
        url = urldefrag(urljoin(listing_url, href.strip()))[0]
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or _host(url) != _host(listing_url):
            continue
        if url.rstrip("/") == own or _ASSET.search(parts.path) or parts.path in ("", "/"):
            continue
        seen.setdefault(url, None)
    links = list(seen)
    prefix = base.path.rstrip("/") + "/"
    if prefix != "/":
        under = [u for u in links if urlsplit(u).path.startswith(prefix)]
        if under:
            links = under
    return [Entry(url=u) for u in links[:MAX_LINKS]]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def sitemap_entries(body: bytes) -> list[Entry]:
    """``<url><loc>`` of a sitemap (news sitemaps add a title and a publication date)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise NotAFeedError(
            f"карта сайта не читается как XML ({type(exc).__name__}) — проверьте адрес"
        ) from exc
    if _local(root.tag) not in ("urlset", "sitemapindex"):
        raise NotAFeedError("это не карта сайта (нет <urlset>) — проверьте адрес или выберите другой вид")
    entries: list[Entry] = []
    for node in root:
        if not isinstance(node.tag, str):
            continue  # comments and processing instructions
        loc = title = day = None
        for child in node.iter():
            if not isinstance(child.tag, str):
                continue
            name = _local(child.tag)
            if name == "loc" and loc is None:
                loc = (child.text or "").strip()
            elif name == "title":
                title = (child.text or "").strip() or None
            elif name == "publication_date" and child.text:
                day = _iso_date(child.text)
        if loc:
            entries.append(Entry(url=loc, title=title, published=day))
    return entries[:MAX_LINKS]


def _iso_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None

"""The demo news site's pages (the content is in demo_site.py): RSS feed, listing and articles."""

from __future__ import annotations

from fastapi import Request, Response

from clusterdesk.intake.demo_site import ARTICLES, PREFIX, article_html, feed_xml, listing_html
from clusterdesk.web.routing import page_router

router = page_router(prefix=PREFIX, include_in_schema=False)


@router.get("/feed.xml")
def demo_feed(request: Request) -> Response:
    base = str(request.base_url).rstrip("/")
    return Response(feed_xml(base), media_type="application/rss+xml; charset=utf-8")


@router.get("/")
def demo_listing() -> Response:
    return Response(listing_html(), media_type="text/html; charset=utf-8")


@router.get("/news/{slug}")
def demo_article(slug: str) -> Response:
    article = ARTICLES.get(slug)
    if article is None:
        return Response("Нет такой демо-новости", status_code=404, media_type="text/plain; charset=utf-8")
    return Response(article_html(article), media_type="text/html; charset=utf-8")

"""A small news site served by ClusterDesk itself, so the demo shows polling with no network.

`clusterdesk demo` registers two sources pointing here: an RSS feed that reveals one more entry every two
minutes after the server starts (so a newcomer sees new items arrive), and a listing page whose article
links the worker follows. The texts are examples written for the demo, marked as such; they name
organisations of the demo registry so that links and facts show up.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import format_datetime
from html import escape

PREFIX = "/intake/demo-site"
STARTED = time.monotonic()
REVEAL_EVERY = 120.0  # seconds between two new entries of the demo feed
MARK = "Демонстрационный пример для ClusterDesk, не настоящая новость."


@dataclass(frozen=True)
class DemoArticle:
    slug: str
    title: str
    published: date
    paragraphs: tuple[str, ...]


FEED_ARTICLES = (
    DemoArticle(
        "tusur-lab",
        "[Демо] ТУСУР и АО «НПФ «Микран» открыли совместную лабораторию",
        date(2026, 11, 2),
        (
            "Томский государственный университет систем управления и радиоэлектроники (ТУСУР) и "
            "АО «НПФ «Микран» открыли в Томске совместную лабораторию радиофотоники.",
            "Лаборатория займётся измерительной техникой для сетей связи пятого поколения; "
            "в ней будут работать студенты старших курсов.",
        ),
    ),
    DemoArticle(
        "cognitive-agreement",
        "[Демо] АО «Когнитив» подписало соглашение с Администрацией Томской области",
        date(2026, 11, 9),
        (
            "АО «Когнитив» и Администрация Томской области подписали соглашение о сотрудничестве в области "
            "беспилотных технологий.",
            "Стороны договорились о совместных испытаниях беспилотных систем на полигонах региона.",
        ),
    ),
    DemoArticle(
        "tgu-forum",
        "[Демо] ТГУ проведёт форум по кадрам для электроники",
        date(2026, 11, 16),
        (
            "Томский государственный университет проведёт форум по подготовке кадров для предприятий "
            "электронной промышленности.",
            "На форум приглашены участники промышленного кластера электроники и беспилотных технологий.",
        ),
    ),
)
LISTING_ARTICLES = (
    DemoArticle(
        "lemz-project",
        "[Демо] ООО «ЛЭМЗ–Т» представило проект нового радиолокатора",
        date(2026, 10, 20),
        (
            "ООО «ЛЭМЗ–Т» представило на заседании кластера проект нового обзорного радиолокатора.",
            "Проект поддержали участники промышленного кластера Томской области.",
        ),
    ),
    DemoArticle(
        "radar-mms",
        "[Демо] АО «НПП Радар ММС» расширяет производство в Томске",
        date(2026, 10, 27),
        (
            "АО «НПП Радар ММС» расширяет производство в Томске и набирает инженеров-электронщиков.",
            "Компания рассчитывает на выпускников ТУСУР и ТГУ.",
        ),
    ),
)
ARTICLES = {a.slug: a for a in (*FEED_ARTICLES, *LISTING_ARTICLES)}


def revealed(now: float | None = None) -> int:
    """How many feed entries are out: two at once, then one more every two minutes."""
    elapsed = (now if now is not None else time.monotonic()) - STARTED
    return min(len(FEED_ARTICLES), 2 + int(elapsed // REVEAL_EVERY))


def _when(day: date) -> str:
    return format_datetime(datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC))


def feed_xml(base: str) -> str:
    items = "".join(
        f"<item><title>{escape(a.title)}</title><link>{base}{PREFIX}/news/{a.slug}</link>"
        f"<guid>{base}{PREFIX}/news/{a.slug}</guid><pubDate>{_when(a.published)}</pubDate>"
        f"<description>{escape(a.paragraphs[0])}</description></item>"
        for a in reversed(FEED_ARTICLES[: revealed()])
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Демо-лента ClusterDesk</title><link>{base}{PREFIX}/</link>"
        f"<description>{escape(MARK)}</description>{items}</channel></rss>"
    )


def _page(title: str, body: str) -> str:
    return (
        f'<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>{escape(title)}</title></head>'
        f'<body><header><a href="{PREFIX}/">Демо-новости</a></header>'
        f"{body}<footer>{escape(MARK)}</footer></body></html>"
    )


def article_html(article: DemoArticle) -> str:
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in article.paragraphs)
    return _page(
        article.title,
        f"<article><h1>{escape(article.title)}</h1>"
        f'<time datetime="{article.published.isoformat()}">{article.published:%d.%m.%Y}</time>'
        f"{paragraphs}<p><em>{escape(MARK)}</em></p></article>",
    )


def listing_html() -> str:
    links = "".join(
        f'<li><a href="{PREFIX}/news/{a.slug}">{escape(a.title)}</a></li>' for a in LISTING_ARTICLES
    )
    return _page("Демо-новости", f"<h1>Новости кластера (демо)</h1><ul>{links}</ul>")

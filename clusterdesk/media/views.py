"""Media pages: a cluster's visibility in the news, the news feed by story, one story's timeline."""

from __future__ import annotations

from datetime import date

from fastapi import Request
from fastapi.responses import Response
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from clusterdesk.media import service
from clusterdesk.media.visibility import Period, cluster_visibility
from clusterdesk.registry.models import Cluster, Membership
from clusterdesk.russian import DATE_HINT
from clusterdesk.web.deps import SessionDep, WebUser
from clusterdesk.web.filters import FilterDays, page_number, query_int, read_filter_days
from clusterdesk.web.routing import page_router
from clusterdesk.web.templating import render

router = page_router()
NAV_ORDER = 52
NAV = [("СМИ", "/media", "media")]
PAGE_SIZE = 15
STEPS = {"month": "по месяцам", "week": "по неделям"}


def filter_days(since: str | None, until: str | None) -> FilterDays:
    return read_filter_days((("since", "С даты", since), ("until", "По дату", until)))


def period_from(step: str | None, days: FilterDays) -> Period:
    chosen = step if step in STEPS else "month"
    return Period(since=days.values["since"], until=days.values["until"], step=chosen)


def period_query(cluster_id: int, period: Period) -> str:
    parts = [f"step={period.step}"]
    if period.since:
        parts.append(f"since={period.since.isoformat()}")
    if period.until:
        parts.append(f"until={period.until.isoformat()}")
    return "&".join(parts)


def _largest(session: Session, clusters: list[Cluster]) -> Cluster | None:
    """The cluster with the most current members: the page a visitor most likely wants first."""
    count = func.count(Membership.id)
    largest = session.scalar(
        select(Membership.cluster_id)
        .where(or_(Membership.until.is_(None), Membership.until > date.today()))
        .group_by(Membership.cluster_id)
        .order_by(count.desc(), Membership.cluster_id)
        .limit(1)
    )
    return next((c for c in clusters if c.id == largest), clusters[0] if clusters else None)


@router.get("/media")
def media_page(
    request: Request,
    session: SessionDep,
    user: WebUser,
    cluster_id: str | None = None,
    step: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> Response:
    clusters = list(session.scalars(select(Cluster).order_by(Cluster.name)))
    chosen = query_int(cluster_id)
    cluster = next((c for c in clusters if c.id == chosen), None) or _largest(session, clusters)
    days = filter_days(since, until)
    period = period_from(step, days)
    figures = cluster_visibility(session=session, cluster_id=cluster.id, period=period) if cluster else None
    context = {
        "user": user,
        "section": "media",
        "clusters": clusters,
        "cluster": cluster,
        "period": period,
        "date_problems": days.problems,
        "since_text": days.text("since"),
        "until_text": days.text("until"),
        "DATE_HINT": DATE_HINT,
        "steps": STEPS,
        "figures": figures,
        "chart": figures.chart() if figures else {},
        "query": period_query(cluster.id, period) if cluster else "",
    }
    return render(request, "media/cluster.html", context)


@router.get("/media/stories")
def stories_page(
    request: Request,
    session: SessionDep,
    user: WebUser,
    q: str | None = None,
    several: str | None = None,
    page: int = 1,
) -> Response:
    filters = service.StoryFilter(q=(q or "").strip()[:200] or None, several=several == "1")
    page = page_number(page)
    entries, total = service.get_stories(session=session, filters=filters, page=page, page_size=PAGE_SIZE)
    context = {
        "user": user,
        "section": "news",
        "entries": entries,
        "total": total,
        "filters": filters,
        "page": page,
        "pages": max(1, -(-total // PAGE_SIZE)),
    }
    return render(request, "media/stories.html", context)


@router.get("/media/stories/{story_id}")
def story_page(request: Request, session: SessionDep, user: WebUser, story_id: int) -> Response:
    entry = service.get_story(session=session, story_id=story_id)
    context = {"user": user, "section": "news", "entry": entry}
    return render(request, "media/story.html", context)

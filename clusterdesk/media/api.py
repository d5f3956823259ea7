"""Media JSON API: visibility of an organisation or a cluster (also as XLSX) and stories."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import Query
from fastapi.responses import Response

from clusterdesk.audit.writes import get_or_404
from clusterdesk.media import service
from clusterdesk.media.export import visibility_xlsx
from clusterdesk.media.schemas import (
    Count,
    OrganizationCount,
    ShareOfVoice,
    StoryItemRead,
    StoryPage,
    StoryRead,
    VisibilityRead,
)
from clusterdesk.media.service import StoryEntry, StoryFilter
from clusterdesk.media.visibility import Period, Visibility, cluster_visibility, organization_visibility
from clusterdesk.registry.models import Cluster, Organization
from clusterdesk.russian import ru_date
from clusterdesk.web.deps import SessionDep
from clusterdesk.web.query import Page, PageSize
from clusterdesk.web.routing import api_router

router = api_router(prefix="/api/v1", tags=["media"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Step = Annotated[Literal["month", "week"], Query(description="Шаг динамики: month или week")]
Since = Annotated[date | None, Query(description="С даты публикации")]
Until = Annotated[date | None, Query(description="По дату публикации")]


def _read(figures: Visibility) -> VisibilityRead:
    return VisibilityRead(
        items=figures.items,
        publications=figures.publications,
        outlets=figures.outlets,
        undated=figures.undated,
        series=[Count(name=n, count=c) for n, c in figures.series],
        prominence=[Count(name=n, count=c) for n, c in figures.prominence],
        organizations=[
            OrganizationCount(organization_id=i, name=n, count=c) for i, n, c in figures.organizations
        ],
        people=[Count(name=n, count=c) for n, c in figures.people],
        topics=[Count(name=n, count=c) for n, c in figures.topics],
        top_outlets=[Count(name=n, count=c) for n, c in figures.top_outlets],
        share=[ShareOfVoice(organization_id=i, name=n, count=c, share=s) for i, n, c, s in figures.share],
    )


def _period_text(period: Period) -> str:
    if period.since is None and period.until is None:
        return "за всё время"
    since = ru_date(period.since) if period.since else "начала"
    until = ru_date(period.until) if period.until else "сегодня"
    return f"с {since} по {until}"


def _xlsx(body: bytes, name: str) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(body, media_type=XLSX, headers=headers)


@router.get("/media/organizations/{organization_id}/visibility", response_model=VisibilityRead)
def organization_visibility_read(
    session: SessionDep, organization_id: int, step: Step = "month", since: Since = None, until: Until = None
) -> VisibilityRead:
    """How visible an organisation is in the stored news (confirmed links only)."""
    get_or_404(session, Organization, organization_id)
    period = Period(since=since, until=until, step=step)
    return _read(organization_visibility(session=session, organization_id=organization_id, period=period))


@router.get("/media/organizations/{organization_id}/visibility.xlsx", response_class=Response)
def organization_visibility_xlsx(
    session: SessionDep, organization_id: int, step: Step = "month", since: Since = None, until: Until = None
) -> Response:
    organization = get_or_404(session, Organization, organization_id)
    period = Period(since=since, until=until, step=step)
    figures = organization_visibility(session=session, organization_id=organization_id, period=period)
    body = visibility_xlsx(figures, organization.short_name, _period_text(period))
    return _xlsx(body, f"media-organization-{organization_id}.xlsx")


@router.get("/media/clusters/{cluster_id}/visibility", response_model=VisibilityRead)
def cluster_visibility_read(
    session: SessionDep, cluster_id: int, step: Step = "month", since: Since = None, until: Until = None
) -> VisibilityRead:
    """The cluster's current members in the news, with each member's share of voice."""
    get_or_404(session, Cluster, cluster_id)
    period = Period(since=since, until=until, step=step)
    return _read(cluster_visibility(session=session, cluster_id=cluster_id, period=period))


@router.get("/media/clusters/{cluster_id}/visibility.xlsx", response_class=Response)
def cluster_visibility_xlsx(
    session: SessionDep, cluster_id: int, step: Step = "month", since: Since = None, until: Until = None
) -> Response:
    cluster = get_or_404(session, Cluster, cluster_id)
    period = Period(since=since, until=until, step=step)
    figures = cluster_visibility(session=session, cluster_id=cluster_id, period=period)
    body = visibility_xlsx(figures, cluster.name, _period_text(period))
    return _xlsx(body, f"media-cluster-{cluster_id}.xlsx")


def _story_read(entry: StoryEntry) -> StoryRead:
    story = entry.story
    return StoryRead(
        id=story.id,
        title=story.title,
        first_published=story.first_published,
        last_published=story.last_published,
        item_count=story.item_count,
        outlets=entry.all_outlets,
        items=[
            StoryItemRead(id=i.id, title=i.title, published=i.published, outlets=entry.outlets.get(i.id, []))
            for i in entry.items
        ],
    )


@router.get("/media/stories", response_model=StoryPage)
def list_stories(
    session: SessionDep,
    q: Annotated[str | None, Query(max_length=200)] = None,
    several: bool = False,
    since: Since = None,
    until: Until = None,
    page: Page = 1,
    page_size: PageSize = 20,
) -> StoryPage:
    """Stories (items from different outlets about one happening), newest first."""
    filters = StoryFilter(q=q, since=since, until=until, several=several)
    entries, total = service.get_stories(session=session, filters=filters, page=page, page_size=page_size)
    return StoryPage(items=[_story_read(e) for e in entries], total=total)


@router.get("/media/stories/{story_id}", response_model=StoryRead)
def get_story(session: SessionDep, story_id: int) -> StoryRead:
    return _story_read(service.get_story(session=session, story_id=story_id))

"""The «Что нового» feed: a line for each kind of event, in Russian with a link, filtered by subscriptions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from clusterdesk.audit import writes
from clusterdesk.audit.service import SYSTEM, Actor
from clusterdesk.notify import feed, subscriptions
from clusterdesk.notify.activity import Window, collect
from clusterdesk.notify.models import Frequency, TargetType
from clusterdesk.notify.schemas import SubscriptionCreate
from clusterdesk.registry.models import Organization
from tests.notify.conftest import World


def _window(days: int = 7) -> Window:
    now = datetime.now(UTC) + timedelta(seconds=1)
    return Window(since=now - timedelta(days=days), until=now)


def _lines(session: Session, user, window: Window | None = None) -> dict[str, object]:
    shown = feed.lines_for(session=session, actor=SYSTEM, user=user, window=window or _window())
    return {s.line.key: s for s in shown}


def test_manager_feed_has_a_line_of_every_kind_with_links(session: Session, world: World) -> None:
    writes.update(
        session=session,
        actor=Actor(id=None, name="editor"),
        obj=world.mikran,
        changes={"website": "https://micran.ru"},
        expected_version=None,
        label="Организация",
    )
    lines = _lines(session, world.manager)
    by_kind = {}
    for shown in lines.values():
        by_kind.setdefault(shown.line.kind, []).append(shown.line)
    assert set(by_kind) == {"news", "review", "registry", "event", "obligation", "roadmap", "kpi"}

    news = {line.url: line.text for line in by_kind["news"]}
    assert f"/news/{world.news_mikran.id}" in news
    assert "АО «НПФ «Микран»" in news[f"/news/{world.news_mikran.id}"]
    assert f"/news/{world.news_outsider.id}" not in news  # not a member of the followed cluster

    (review,) = by_kind["review"]
    assert review.url == "/review" and "Ждут проверки: 1 факт" in review.text

    registry = [line for line in by_kind["registry"] if line.url == f"/organizations/{world.mikran.id}"]
    assert any(line.text == "Изменено: организация «АО «НПФ «Микран»»: сайт" for line in registry)

    (event,) = by_kind["event"]
    assert event.url == f"/events/{world.event.id}" and "через 5 дней" in event.text

    obligations = {line.key: line for line in by_kind["obligation"]}
    due = obligations[f"obligation:{world.obligation_due.id}:due"]
    overdue = obligations[f"obligation:{world.obligation_overdue.id}:overdue"]
    assert "через 10 дней" in due.text and "Подготовить программу стажировок" in due.text
    assert "просрочено на 3 дня" in overdue.text
    assert due.url == overdue.url == f"/agreements/{world.obligation_due.agreement_id}"

    (roadmap,) = by_kind["roadmap"]
    assert "просрочено на 20 дней" in roadmap.text
    assert roadmap.url == f"/strategy/programs/{world.roadmap_overdue.program_id}"

    (kpi,) = by_kind["kpi"]
    assert (
        kpi.text
        == f"Показатель «Выручка участников» отстаёт от плана на {datetime.now(UTC).year} год: 40 % плана"
    )
    assert kpi.url == f"/strategy/kpis/{world.kpi.id}"
    for line in by_kind["event"] + by_kind["obligation"] + by_kind["roadmap"] + by_kind["kpi"]:
        assert line.attention


def test_kpi_line_only_when_it_turned_lagging_within_the_window(session: Session, world: World) -> None:
    first = _lines(session, world.manager)
    assert any(k.startswith("kpi:") for k in first)
    later = datetime.now(UTC) + timedelta(days=10)
    window = Window(since=later - timedelta(days=1), until=later)
    assert not any(k.startswith("kpi:") for k in _lines(session, world.manager, window))


def test_member_sees_only_what_their_subscriptions_cover(session: Session, world: World) -> None:
    lines = _lines(session, world.member)
    subs = subscriptions.get_all(session=session, user_id=world.member.id)
    assert [(s.target_type, s.target_id) for s in subs] == [(TargetType.organization, world.tusur.id)]
    kinds = {shown.line.kind for shown in lines.values()}
    assert kinds == {"obligation"}  # the agreement where ТУСУР is a party; no news, no cluster-wide items
    assert f"obligation:{world.obligation_due.id}:due" in lines


def test_keyword_subscription_matches_an_inflected_form(session: Session, world: World) -> None:
    subscriptions.ensure_defaults(session=session, actor=SYSTEM, user=world.member)
    subscriptions.create(
        session=session,
        actor=SYSTEM,
        user=world.member,
        data=SubscriptionCreate(target_type=TargetType.keyword, target="Микран", frequency=Frequency.daily),
    )
    lines = _lines(session, world.member)
    assert f"news:{world.news_mikran.id}" in lines  # the text says «Микрана», the keyword «Микран»
    assert f"news:{world.news_outsider.id}" not in lines


def test_fact_kind_subscription(session: Session, world: World) -> None:
    sub = SubscriptionCreate(target_type=TargetType.fact_kind, target="project", frequency=Frequency.weekly)
    user = world.member
    subscriptions.ensure_defaults(session=session, actor=SYSTEM, user=user)
    subscriptions.create(session=session, actor=SYSTEM, user=user, data=sub)
    interest = subscriptions.interest_of(
        session=session, user=user, subscriptions=subscriptions.get_all(session=session, user_id=user.id)
    )
    keys = {line.key for line in collect(session=session, interest=interest, window=_window())}
    assert f"news:{world.news_mikran.id}" in keys
    assert any(k.startswith("review:") for k in keys)  # the project fact waits for review


def test_read_marks_and_since_last_visit(session: Session, world: World) -> None:
    now = datetime.now(UTC) + timedelta(seconds=1)
    first = feed.window_for(session=session, user=world.manager, now=now, period=None, since=None)
    assert first.since == now - feed.FIRST_VISIT
    shown = feed.lines_for(session=session, actor=SYSTEM, user=world.manager, window=first)
    assert shown and all(s.unread for s in shown)
    feed.mark_read(session=session, user=world.manager, keys=[shown[0].line.key])
    again = feed.lines_for(session=session, actor=SYSTEM, user=world.manager, window=first)
    assert [s.unread for s in again][:1] == [False] and all(s.unread for s in again[1:])
    # a visit two hours later starts «since last visit» at the previous visit
    later = now + timedelta(hours=2)
    second = feed.window_for(session=session, user=world.manager, now=later, period=None, since=None)
    assert second.since == now
    keys = {
        s.line.key for s in feed.lines_for(session=session, actor=SYSTEM, user=world.manager, window=second)
    }
    assert f"news:{world.news_mikran.id}" not in keys  # stored before the previous visit


def test_deleted_organization_still_named_in_registry_lines(session: Session, world: World) -> None:
    subscriptions.ensure_defaults(session=session, actor=SYSTEM, user=world.manager)
    data = SubscriptionCreate(target_type=TargetType.organization, target=world.outsider.id)
    sub = subscriptions.create(session=session, actor=SYSTEM, user=world.manager, data=data)
    org = session.get(Organization, world.outsider.id)
    writes.delete(session=session, actor=SYSTEM, obj=org, expected_version=None, label="Организация")
    assert subscriptions.target_label(session, sub).endswith("(удалена из реестра)")
    lines = _lines(session, world.manager)
    deleted = [
        s.line for s in lines.values() if s.line.text.startswith("Удалено: организация «ООО «Сторонняя»»")
    ]
    assert deleted and deleted[0].url.startswith("/audit?")

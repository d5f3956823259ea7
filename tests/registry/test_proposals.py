"""Registry updates proposed from the news, on both databases, with the real news pipeline."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterdesk.audit.service import Actor
from clusterdesk.errors import ConflictError
from clusterdesk.news import registry_proposals as proposals
from clusterdesk.news.ingest import submit
from clusterdesk.registry.demo import load_demo_registry
from clusterdesk.registry.models import Organization, Person, Post
from clusterdesk.registry.upkeep_models import ProposalKind, ProposalStatus

ACTOR = Actor(id=None, name="tester")
NEW_RECTOR = "Алексей Шелупанов назначен ректором ТУСУРа. Об этом сообщила пресс-служба университета."


def _tusur_rector_posts(session: Session) -> list[Post]:
    tusur = session.scalar(select(Organization).where(Organization.short_name == "ТУСУР"))
    assert tusur is not None
    return [p for p in tusur.posts if p.title.lower() == "ректор"]


def test_new_rector_in_the_news_is_proposed_accepted_with_its_source_and_not_proposed_again(
    session: Session,
) -> None:
    load_demo_registry(session=session)
    (old_post,) = [p for p in _tusur_rector_posts(session) if p.until is None]
    old_holder = old_post.person.full_name
    submit(session=session, actor=ACTOR, text=NEW_RECTOR, published=date(2026, 11, 2))

    assert proposals.propose_from_news(session=session) == 1
    (proposal,) = proposals.get_proposals(session=session)
    assert proposal.kind == ProposalKind.post
    assert proposal.payload["title"] == "ректор" and proposal.payload["end_people"] == [old_holder]
    assert "назначен ректором ТУСУРа" in proposal.evidence[0]["text"]

    proposals.accept_proposal(session=session, actor=ACTOR, proposal_id=proposal.id)
    session.expire_all()
    posts = {p.person.full_name: p for p in _tusur_rector_posts(session)}
    new_post = next(p for name, p in posts.items() if "Шелупанов" in name)
    assert new_post.until is None and new_post.since == date(2026, 11, 2)
    assert new_post.source == f"/news/{proposal.news_item_id}"
    assert posts[old_holder].until == date(2026, 11, 2)
    assert proposal.status == ProposalStatus.accepted and proposal.result == f"post:{new_post.id}"
    with pytest.raises(ConflictError, match="уже рассмотрено"):
        proposals.accept_proposal(session=session, actor=ACTOR, proposal_id=proposal.id)

    submit(session=session, actor=ACTOR, text=NEW_RECTOR, published=date(2026, 11, 2))
    submit(session=session, actor=ACTOR, text=NEW_RECTOR + " Поздравляем!", published=date(2026, 11, 3))
    assert proposals.propose_from_news(session=session) == 0


def test_a_rejected_proposal_does_not_come_back(session: Session) -> None:
    load_demo_registry(session=session)
    submit(session=session, actor=ACTOR, text=NEW_RECTOR, published=date(2026, 11, 2))
    proposals.propose_from_news(session=session)
    (proposal,) = proposals.get_proposals(session=session)
    people_before = sorted(session.scalars(select(Person.id)))
    proposals.reject_proposal(session=session, actor=ACTOR, proposal_id=proposal.id)
    assert proposals.propose_from_news(session=session) == 0
    assert proposals.get_proposals(session=session) == []
    assert sorted(session.scalars(select(Person.id))) == people_before


def test_an_organisation_named_in_two_items_is_proposed_with_its_forms(session: Session) -> None:
    load_demo_registry(session=session)
    submit(session=session, actor=ACTOR, text="ООО «Сибирские сенсоры» открыло цех в Томске.")
    assert proposals.propose_from_news(session=session) == 0  # one item is not enough
    submit(
        session=session, actor=ACTOR, text="Томский политех и ООО «Сибирские сенсоры» подписали соглашение."
    )
    assert proposals.propose_from_news(session=session) == 1
    (proposal,) = proposals.get_proposals(session=session)
    assert proposal.kind == ProposalKind.organization and len(proposal.evidence) == 2
    proposals.accept_proposal(session=session, actor=ACTOR, proposal_id=proposal.id)
    created = session.scalar(
        select(Organization).where(Organization.short_name == proposal.payload["short_name"])
    )
    assert created is not None and "Сибирские сенсоры" in created.name and created.source.startswith("/news/")

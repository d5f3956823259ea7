"""Registry updates proposed from the news, accepted or rejected by a person in one click.

- A post fact proposes a new post («назначен ректором ТУСУРа …»), ending the previous holder's post of the
  same title in that organisation when the text reports an appointment; a fact that someone left proposes
  ending their post.
- An organisation named in several news items but absent from the registry is proposed for creation with the
  name forms met and the evidence.
- A rename («… переименован в …», «… (ранее — …)») proposes another name of a registry organisation.

Each proposal has a key; a key once proposed never comes back, whatever was decided, so the same text
ingested again proposes nothing.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import date
from itertools import pairwise
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from clusterdesk.audit.service import Actor, record_change, snapshot
from clusterdesk.audit.writes import get_or_404
from clusterdesk.db import utcnow
from clusterdesk.errors import ConflictError, FieldProblem, ValidationFailed
from clusterdesk.lemmas import fold
from clusterdesk.news import service as news_service
from clusterdesk.news.models import FactStatus, MentionStatus, NewsFact, NewsItem, NewsMention
from clusterdesk.news.present import item_title
from clusterdesk.news.records import AcceptedFact
from clusterdesk.registry import service
from clusterdesk.registry.duplicates import _same_word, acronyms, name_key, person_card
from clusterdesk.registry.models import Organization, OrganizationKind, Person, Post
from clusterdesk.registry.schemas import (
    OrganizationCreate,
    OrganizationUpdate,
    PersonCreate,
    PostCreate,
    PostUpdate,
)
from clusterdesk.registry.upkeep_models import Proposal, ProposalKind, ProposalStatus

MIN_ITEMS_FOR_NEW_ORGANIZATION = 2
CONFIRMED = (MentionStatus.linked, MentionStatus.accepted)
RENAMED = re.compile(
    r"^\s*(?:\(\s*)?(?:ранее|бывш\w*\.?|прежнее\s+(?:название|наименование))\s*[—–:-]?\s*$"
    r"|^\s*(?:был[оа]?\s+)?переименован\w*\s+в\s*$"
    r"|^\s*(?:сменил\w*|изменил\w*)\s+(?:сво[её]\s+)?(?:название|наименование)\s+на\s*$",
    re.IGNORECASE,
)
KIND_HINTS = (
    ("университет", OrganizationKind.university),
    ("академи", OrganizationKind.university),
    ("институт", OrganizationKind.research),
    ("министерств", OrganizationKind.authority),
    ("департамент", OrganizationKind.authority),
    ("администраци", OrganizationKind.local_government),
    ("технопарк", OrganizationKind.infrastructure),
    ("фонд", OrganizationKind.investor),
    ("ооо", OrganizationKind.enterprise),
    ("ао ", OrganizationKind.enterprise),
    ("завод", OrganizationKind.enterprise),
)


def _evidence(item: NewsItem, start: int, end: int) -> dict[str, Any]:
    return {"news_item_id": item.id, "title": item_title(item), "text": item.text[start:end].strip()}


def _add(
    session: Session,
    known: set[str],
    kind: ProposalKind,
    key: str,
    summary: str,
    payload: dict[str, Any],
    evidence: list[dict[str, Any]],
    item_id: int | None,
) -> int:
    if key in known:
        return 0
    known.add(key)
    session.add(
        Proposal(
            kind=kind,
            key=key[:500],
            summary=summary[:1000],
            payload=payload,
            evidence=evidence,
            news_item_id=item_id,
        )
    )
    return 1


# Posts --------------------------------------------------------------------------------------------------


class _People:
    """Registry people by surname forms, for finding the person a news name means."""

    def __init__(self, session: Session) -> None:
        self.by_word: dict[str, list[Person]] = defaultdict(list)
        for person in session.scalars(select(Person)):
            card = person_card(person)
            if card.surname:
                self.by_word[card.surname].append(person)

    def find(self, name: str) -> Person | None:
        words = [fold(w) for w in name.replace(".", " ").split()]
        for word in words:
            for person in self.by_word.get(word, []) + [
                p
                for key, people in self.by_word.items()
                if key != word and _same_word(key, word)
                for p in people
            ]:
                card = person_card(person)
                others = [w for w in words if w != word]
                if not card.first or any(_same_word(card.first, w) or card.first == w[:1] for w in others):
                    return person
        return None


def _fact_person(session: Session, fact: NewsFact, people: _People) -> Person | None:
    name = str(fact.fields.get("person") or "")
    for mention in fact.item.mentions:
        if (
            mention.type == "PER"
            and mention.person_id
            and mention.status in CONFIRMED
            and mention.normal == name
        ):
            return session.get(Person, mention.person_id)
    return people.find(name)


def _fact_organization(session: Session, fact: NewsFact) -> Organization | None:
    ids = {o.organization_id for o in fact.organizations}
    name = fact.fields.get("organization")
    if len(ids) != 1 and name:
        ids = {
            m.organization_id
            for m in fact.item.mentions
            if m.type == "ORG" and m.organization_id and m.status in CONFIRMED and m.normal == name
        }
    return session.get(Organization, next(iter(ids))) if len(ids) == 1 else None


def _post_proposals(session: Session, known: set[str]) -> int:
    people = _People(session)
    created = 0
    facts = session.scalars(
        select(NewsFact)
        .where(NewsFact.type == "post", NewsFact.status == FactStatus.new)
        .options(
            selectinload(NewsFact.item).selectinload(NewsItem.mentions), selectinload(NewsFact.organizations)
        )
        .order_by(NewsFact.id)
    )
    for fact in facts:
        title, change = str(fact.fields.get("title") or ""), str(fact.fields.get("change") or "holds")
        org = _fact_organization(session, fact)
        if not title or org is None or change == "former":
            continue
        person = _fact_person(session, fact, people)
        person_name = person.full_name if person else str(fact.fields.get("person"))
        when = fact.item.published
        open_posts = [
            p
            for p in session.scalars(select(Post).where(Post.organization_id == org.id, Post.until.is_(None)))
            if fold(p.title) == fold(title)
        ]
        evidence = [_evidence(fact.item, fact.evidence_start, fact.evidence_end)]
        base: dict[str, Any] = {
            "person_id": person.id if person else None,
            "person_name": person_name,
            "organization_id": org.id,
            "organization_name": org.short_name,
            "title": title,
            "date": when.isoformat() if when else None,
            "fact_id": fact.id,
        }
        key = f"post:{org.id}:{fold(person_name)}:{fold(title)}"
        if change == "left":
            held = [p for p in open_posts if person is not None and p.person_id == person.id]
            if held:
                summary = f"{person_name} больше не {title} ({org.short_name})"
                payload = {**base, "action": "end_post", "post_ids": [p.id for p in held]}
                created += _add(
                    session, known, ProposalKind.post, key + ":left", summary, payload, evidence, fact.item_id
                )
            continue
        if person is not None and any(
            fold(t) == fold(title)
            for t in session.scalars(
                select(Post.title).where(Post.person_id == person.id, Post.organization_id == org.id)
            )
        ):
            continue  # the registry already knows this post (held now or ended since)
        others = [p for p in open_posts if person is None or p.person_id != person.id]
        if (
            change == "holds"
            and others
            and (when is None or any(not p.since or p.since >= when for p in others))
        ):
            continue  # an older mention of the title: the registry's holder is newer
        ending = [p for p in open_posts if change == "appointed"]
        summary = f"{person_name} — {title}, {org.short_name}" + (
            "; завершить: " + ", ".join(p.person.full_name for p in ending) if ending else ""
        )
        payload = {
            **base,
            "action": "new_post",
            "end_post_ids": [p.id for p in ending],
            "end_people": [p.person.full_name for p in ending],
        }
        created += _add(session, known, ProposalKind.post, key, summary, payload, evidence, fact.item_id)
    return created


# A post fact accepted from the review queue ---------------------------------------------------------------


def _record_person(session: Session, fact: AcceptedFact) -> Person | None:
    name = str(fact.get("person") or "").strip()
    for entity in fact.entities:
        if entity.type == "PER" and entity.link is not None and entity.normal == name:
            found = session.get(Person, entity.link.entity_id)
            if found is not None:
                return found
    return _People(session).find(name) if name else None


def _record_organization(session: Session, fact: AcceptedFact) -> Organization | None:
    ids = set(fact.organization_ids)
    name = str(fact.get("organization") or "").strip()
    if len(ids) != 1 and name:
        ids = {e.link.entity_id for e in fact.entities if e.type == "ORG" and e.link and e.normal == name}
        if not ids:
            found = _registry_keys(session).get(name_key(name))
            ids = {found} if found is not None else set()
    return session.get(Organization, next(iter(ids))) if len(ids) == 1 else None


def find_posts_for_fact(*, session: Session, fact: AcceptedFact) -> list[Post]:
    """The registry's posts a post fact states: the person's post of that title (in that organisation)."""
    title = str(fact.get("title") or "")
    person = _record_person(session, fact) if fact.type == "post" and title else None
    if person is None:
        return []
    org = _record_organization(session, fact)
    return [
        post
        for post in session.scalars(select(Post).where(Post.person_id == person.id).order_by(Post.id))
        if fold(post.title) == fold(title) and (org is None or post.organization_id == org.id)
    ]


def record_post_from_fact(*, session: Session, actor: Actor, fact: AcceptedFact) -> Post:
    """Record the person's post in the registry (the person is added if missing); the news item is the source.

    A post the registry already holds is returned as it is; «назначен» ends the previous holder's post of the
    same title; a fact that the person left ends their post; a former post is not recorded (its dates are
    unknown).
    """
    title = str(fact.get("title") or "").strip()
    change = str(fact.get("change") or "holds")
    existing = find_posts_for_fact(session=session, fact=fact)
    when = fact.published
    source = f"/news/{fact.news_item_id}" if fact.news_item_id else "новости"
    if change == "left":
        held = [p for p in existing if p.until is None]
        if not held:
            raise ValidationFailed(
                [FieldProblem("title", f"в реестре нет открытой должности «{title}» у этого человека")]
            )
        for post in held:
            service.update_post(
                session=session,
                actor=actor,
                post_id=post.id,
                data=PostUpdate(until=when or date.today(), version=post.version),
            )
        return held[0]
    if existing:
        return existing[0]
    if change == "former":
        raise ValidationFailed(
            [
                FieldProblem(
                    "title", "в новости названа бывшая должность: сроки неизвестны, запись не создаётся"
                )
            ]
        )
    org = _record_organization(session, fact)
    person_name = str(fact.get("person") or "").strip()
    if not title or not person_name:
        raise ValidationFailed([FieldProblem("title", "в факте нет человека или должности")])
    if org is None:
        named = str(fact.get("organization") or "").strip()
        where = f"«{named}» нет в реестре" if named else "в факте не названа организация"
        raise ValidationFailed(
            [FieldProblem("organization", f"{where}. Добавьте организацию в реестр и примите факт снова.")]
        )
    person = _record_person(session, fact) or service.create_person(
        session=session, actor=actor, data=PersonCreate(full_name=person_name), source=source
    )
    post = service.create_post(
        session=session,
        actor=actor,
        data=PostCreate(person_id=person.id, organization_id=org.id, title=title, since=when),
        source=source,
    )
    if change == "appointed":
        for old in session.scalars(select(Post).where(Post.organization_id == org.id, Post.until.is_(None))):
            if old.id != post.id and old.person_id != person.id and fold(old.title) == fold(title):
                until = when if when and (not old.since or old.since <= when) else old.since or date.today()
                service.update_post(
                    session=session,
                    actor=actor,
                    post_id=old.id,
                    data=PostUpdate(until=until, version=old.version),
                )
    return post


# Organisations and their other names --------------------------------------------------------------------


def _registry_keys(session: Session) -> dict[str, int]:
    keys: dict[str, int] = {}
    for org in session.scalars(select(Organization)):
        for name in (org.short_name, org.name, *(org.aliases or [])):
            keys.setdefault(name_key(name), org.id)
            for short in acronyms(name):
                keys.setdefault(short, org.id)
    return keys


def _guess_kind(name: str) -> OrganizationKind:
    folded = fold(name) + " "
    return next((kind for hint, kind in KIND_HINTS if hint in folded), OrganizationKind.other)


def _organization_proposals(session: Session, known: set[str], registry: dict[str, int]) -> int:
    groups: dict[str, list[NewsMention]] = defaultdict(list)
    query = (
        select(NewsMention)
        .where(NewsMention.type == "ORG", NewsMention.organization_id.is_(None))
        .where(NewsMention.status == MentionStatus.unlinked)
        .options(selectinload(NewsMention.item))
    )
    for mention in session.scalars(query):
        key = name_key(mention.normal)
        if key and key not in registry:
            groups[key].append(mention)
    created = 0
    for key, mentions in sorted(groups.items()):
        items = {m.item_id for m in mentions}
        if len(items) < MIN_ITEMS_FOR_NEW_ORGANIZATION:
            continue
        forms = Counter(m.normal for m in mentions)
        short_name = forms.most_common(1)[0][0]
        name = max(forms, key=len)
        evidence: list[dict[str, Any]] = []
        for mention in mentions:
            if mention.item_id in {e["news_item_id"] for e in evidence}:
                continue
            start, end = _sentence(mention.item.text, mention.start, mention.end)
            evidence.append(_evidence(mention.item, start, end))
        payload = {
            "short_name": short_name[:300],
            "name": name[:1000],
            "kind": _guess_kind(name).value,
            "forms": sorted({m.text for m in mentions} | set(forms)),
            "news_item_ids": sorted(items),
        }
        summary = f"Новая организация «{short_name}» — упомянута в {len(items)} новостях"
        created += _add(
            session,
            known,
            ProposalKind.organization,
            f"organization:{key}",
            summary,
            payload,
            evidence[:5],
            min(items),
        )
    return created


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    left = max(text.rfind(".", 0, start), text.rfind("\n", 0, start)) + 1
    stops = [i for i in (text.find(".", end), text.find("\n", end)) if i != -1]
    return left, (min(stops) + 1 if stops else len(text))


def _alias_proposals(session: Session, known: set[str], registry: dict[str, int]) -> int:
    created = 0
    items = session.scalars(
        select(NewsItem)
        .where(NewsItem.id.in_(select(NewsMention.item_id).where(NewsMention.type == "ORG")))
        .options(selectinload(NewsItem.mentions))
    )
    for item in items:
        orgs = [m for m in item.mentions if m.type == "ORG"]
        for first, second in pairwise(orgs):
            if not RENAMED.match(item.text[first.end : second.start]):
                continue
            linked = [m for m in (first, second) if m.organization_id and m.status in CONFIRMED]
            if len(linked) != 1:
                continue
            other = second if linked[0] is first else first
            org = session.get(Organization, linked[0].organization_id)
            alias_key = name_key(other.normal)
            if org is None or not alias_key or registry.get(alias_key) == org.id:
                continue
            summary = f"«{other.normal}» — другое название «{org.short_name}»"
            payload = {"organization_id": org.id, "organization_name": org.short_name, "alias": other.normal}
            evidence = [_evidence(item, *_sentence(item.text, first.start, second.end))]
            created += _add(
                session,
                known,
                ProposalKind.alias,
                f"alias:{org.id}:{alias_key}",
                summary,
                payload,
                evidence,
                item.id,
            )
    return created


def propose_from_news(*, session: Session) -> int:
    """Look through the stored news for new proposals; return how many were added."""
    known = set(session.scalars(select(Proposal.key)))
    registry = _registry_keys(session)
    created = _post_proposals(session, known)
    created += _organization_proposals(session, known, registry)
    created += _alias_proposals(session, known, registry)
    session.flush()
    return created


# Decisions ----------------------------------------------------------------------------------------------


def get_proposals(
    *, session: Session, status: ProposalStatus | None = ProposalStatus.new, limit: int | None = None
) -> list[Proposal]:
    query = select(Proposal).order_by(Proposal.id.desc()).limit(limit)
    if status is not None:
        query = query.where(Proposal.status == status)
    return list(session.scalars(query))


def get_proposal(*, session: Session, proposal_id: int) -> Proposal:
    return get_or_404(session, Proposal, proposal_id)


def _source(proposal: Proposal) -> str:
    return f"/news/{proposal.news_item_id}" if proposal.news_item_id else "новости"


def _accept_post(session: Session, actor: Actor, proposal: Proposal) -> str:
    payload, source = proposal.payload, _source(proposal)
    when = date.fromisoformat(payload["date"]) if payload.get("date") else date.today()
    if payload["action"] == "end_post":
        for post_id in payload["post_ids"]:
            post = session.get(Post, post_id)
            if post is not None and post.until is None:
                service.update_post(
                    session=session,
                    actor=actor,
                    post_id=post.id,
                    data=PostUpdate(until=when, version=post.version),
                )
        return "ended:" + ",".join(str(i) for i in payload["post_ids"])
    person = session.get(Person, payload["person_id"]) if payload.get("person_id") else None
    if person is None:
        person = service.create_person(
            session=session, actor=actor, data=PersonCreate(full_name=payload["person_name"]), source=source
        )
    same = [
        p
        for p in session.scalars(
            select(Post).where(
                Post.person_id == person.id, Post.organization_id == payload["organization_id"]
            )
        )
        if fold(p.title) == fold(payload["title"])
    ]  # recorded meanwhile from the review queue: no second copy
    post = (
        same[0]
        if same
        else service.create_post(
            session=session,
            actor=actor,
            data=PostCreate(
                person_id=person.id,
                organization_id=payload["organization_id"],
                title=payload["title"],
                since=when,
            ),
            source=source,
        )
    )
    for post_id in payload.get("end_post_ids", []):
        old = session.get(Post, post_id)
        if old is not None and old.until is None and old.id != post.id:
            since = old.since
            until = when if not since or since <= when else since
            service.update_post(
                session=session,
                actor=actor,
                post_id=old.id,
                data=PostUpdate(until=until, version=old.version),
            )
    fact = session.get(NewsFact, payload.get("fact_id") or 0)
    if fact is not None and fact.status == FactStatus.new:
        news_service.set_fact_status(
            session=session,
            actor=actor,
            fact_id=fact.id,
            status=FactStatus.accepted,
            accepted_as=f"post:{post.id}",
        )
    return f"post:{post.id}"


def _accept_organization(session: Session, actor: Actor, proposal: Proposal) -> str:
    payload = proposal.payload
    aliases = [f for f in payload.get("forms", []) if f not in (payload["short_name"], payload["name"])]
    org = service.create_organization(
        session=session,
        actor=actor,
        data=OrganizationCreate(
            short_name=payload["short_name"], name=payload["name"], kind=payload["kind"], aliases=aliases
        ),
        source=_source(proposal),
    )
    return f"organization:{org.id}"


def _accept_alias(session: Session, actor: Actor, proposal: Proposal) -> str:
    payload = proposal.payload
    org = service.get_organization(session=session, organization_id=payload["organization_id"])
    aliases = [*(org.aliases or []), payload["alias"]]
    service.update_organization(
        session=session,
        actor=actor,
        organization_id=org.id,
        data=OrganizationUpdate(aliases=aliases, version=org.version),
    )
    return f"organization:{org.id}"


ACCEPT = {
    ProposalKind.post: _accept_post,
    ProposalKind.organization: _accept_organization,
    ProposalKind.alias: _accept_alias,
}


def _decide(
    session: Session, actor: Actor, proposal: Proposal, status: ProposalStatus, result: str | None
) -> None:
    before = snapshot(proposal)
    proposal.status = status
    proposal.decided_at = utcnow()
    proposal.decided_by = actor.name
    proposal.result = result
    session.flush()
    record_change(
        session=session,
        actor=actor,
        action="update",
        entity=proposal,
        before=before,
        after=snapshot(proposal),
    )


def accept_proposal(*, session: Session, actor: Actor, proposal_id: int) -> Proposal:
    """Apply the proposed change with the news item as its source."""
    proposal = get_proposal(session=session, proposal_id=proposal_id)
    if proposal.status != ProposalStatus.new:
        raise ConflictError(f"Предложение #{proposal.id} уже рассмотрено ({proposal.decided_by})")
    result = ACCEPT[proposal.kind](session, actor, proposal)
    _decide(session, actor, proposal, ProposalStatus.accepted, result)
    return proposal


def reject_proposal(*, session: Session, actor: Actor, proposal_id: int) -> Proposal:
    """Remember the refusal: the same proposal will not come back."""
    proposal = get_proposal(session=session, proposal_id=proposal_id)
    if proposal.status != ProposalStatus.new:
        raise ConflictError(f"Предложение #{proposal.id} уже рассмотрено ({proposal.decided_by})")
    _decide(session, actor, proposal, ProposalStatus.rejected, None)
    return proposal

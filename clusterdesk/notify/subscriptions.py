"""Subscriptions: what a user follows and how often; defaults for members and managers; e-mail addresses."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from clusterdesk.audit import writes
from clusterdesk.audit.labels import FACT_KIND_LABELS
from clusterdesk.audit.service import Actor
from clusterdesk.auth.models import Role, User
from clusterdesk.errors import FieldProblem, ValidationFailed
from clusterdesk.lemmas import fold, words
from clusterdesk.notify.models import Frequency, Recipient, Subscription, TargetType
from clusterdesk.notify.schemas import SubscriptionCreate, SubscriptionUpdate
from clusterdesk.registry.models import Cluster, Membership, Organization, Person

LABEL = "Подписка"
DEFAULT_FREQUENCY = Frequency.weekly
MANAGING = frozenset({Role.admin, Role.manager})
TARGET_MODELS: dict[TargetType, tuple[type, str]] = {
    TargetType.organization: (Organization, "Организация"),
    TargetType.cluster: (Cluster, "Кластер"),
    TargetType.person: (Person, "Человек"),
}


@dataclass
class Interest:
    """Everything a set of subscriptions covers, expanded (a cluster brings its current members)."""

    organization_ids: set[int] = field(default_factory=set)
    person_ids: set[int] = field(default_factory=set)
    cluster_ids: set[int] = field(default_factory=set)
    keywords: list[str] = field(default_factory=list)
    fact_kinds: set[str] = field(default_factory=set)
    whole_review_queue: bool = False  # managers see the whole review queue

    @property
    def empty(self) -> bool:
        return not (
            self.organization_ids or self.person_ids or self.cluster_ids or self.keywords or self.fact_kinds
        )


def has_control_characters(text: str) -> bool:
    """NUL and other control characters: refused (PostgreSQL rejects NUL in text; nobody types them)."""
    return any(ord(c) < 32 or ord(c) == 127 for c in text)


def recipient(*, session: Session, user: User) -> Recipient:
    """The user's notification record, created on first use."""
    found = session.get(Recipient, user.id)
    if found is None:
        found = Recipient(user_id=user.id, email_off=False, defaults_applied=False)
        session.add(found)
        session.flush()
    return found


def set_email(*, session: Session, user: User, email: str | None) -> Recipient:
    email = (email or "").strip() or None
    if email is not None and (
        len(email) > 320
        or "@" not in email
        or any(c.isspace() for c in email)
        or has_control_characters(email)
    ):
        raise ValidationFailed([FieldProblem("email", "адрес электронной почты указан неверно")])
    found = recipient(session=session, user=user)
    found.email = email
    if email is not None:
        found.email_off = False
    session.flush()
    return found


def _key(target_type: TargetType, target_id: int | None, text: str | None) -> str:
    return str(target_id) if target_id is not None else " ".join(fold(w) for w in words(text or ""))


def _resolve_target(session: Session, data: SubscriptionCreate) -> tuple[int | None, str | None]:
    if data.target_type in TARGET_MODELS:
        model, label = TARGET_MODELS[data.target_type]
        raw = data.target
        if isinstance(raw, str):
            if not raw.strip().isdigit() or len(raw.strip()) > 9:
                raise ValidationFailed([FieldProblem("target", f"{label}: нужен номер (id)")])
            raw = int(raw.strip())
        if raw < 1 or raw > 2**31 - 1 or session.get(model, raw) is None:
            raise ValidationFailed([FieldProblem("target", f"{label} № {raw} не найден(а)")])
        return raw, None
    text = " ".join(str(data.target).split())
    if data.target_type == TargetType.fact_kind:
        if text not in FACT_KIND_LABELS:
            kinds = ", ".join(FACT_KIND_LABELS)
            raise ValidationFailed([FieldProblem("target", f"вид факта должен быть одним из: {kinds}")])
        return None, text
    if not words(text) or len(text) > 300 or has_control_characters(text):
        raise ValidationFailed(
            [FieldProblem("target", "ключевое слово: от 1 до 300 символов, буквы или цифры")]
        )
    return None, text


def get_all(*, session: Session, user_id: int) -> list[Subscription]:
    query = select(Subscription).where(Subscription.user_id == user_id).order_by(Subscription.id)
    return list(session.scalars(query).all())


def get(*, session: Session, user: User, subscription_id: int) -> Subscription:
    """The user's own subscription: someone else's is as missing as one that does not exist."""
    return writes.get_or_404(session, Subscription, subscription_id, within=("user_id", user.id))


def create(*, session: Session, actor: Actor, user: User, data: SubscriptionCreate) -> Subscription:
    target_id, text = _resolve_target(session, data)
    key = _key(data.target_type, target_id, text)
    existing = session.scalar(
        select(Subscription).where(
            Subscription.user_id == user.id,
            Subscription.target_type == data.target_type,
            Subscription.target_key == key,
        )
    )
    if existing is not None:
        return writes.update(
            session=session,
            actor=actor,
            obj=existing,
            changes={"frequency": data.frequency},
            expected_version=None,
            label=LABEL,
        )
    subscription = Subscription(
        user_id=user.id,
        target_type=data.target_type,
        target_id=target_id,
        target_text=text,
        target_key=key,
        frequency=data.frequency,
    )
    return writes.create(session=session, actor=actor, obj=subscription, label=LABEL)


def update(
    *, session: Session, actor: Actor, user: User, subscription_id: int, data: SubscriptionUpdate
) -> Subscription:
    subscription = get(session=session, user=user, subscription_id=subscription_id)
    changes = writes.changes_of(data)
    writes.refuse_empty(changes, "frequency")
    return writes.update(
        session=session,
        actor=actor,
        obj=subscription,
        changes=changes,
        expected_version=data.version,
        label=LABEL,
    )


def delete(*, session: Session, actor: Actor, user: User, subscription_id: int, version: int | None) -> None:
    subscription = get(session=session, user=user, subscription_id=subscription_id)
    writes.delete(session=session, actor=actor, obj=subscription, expected_version=version, label=LABEL)


def set_feed_token(*, session: Session, user: User, subscription_id: int, enabled: bool) -> Subscription:
    """A new secret Atom-feed link (the old one stops working), or none at all."""
    subscription = get(session=session, user=user, subscription_id=subscription_id)
    subscription.feed_token = secrets.token_urlsafe(24) if enabled else None
    session.flush()
    return subscription


def by_feed_token(*, session: Session, token: str) -> Subscription | None:
    if not token or len(token) > 64:
        return None
    return session.scalar(select(Subscription).where(Subscription.feed_token == token))


def managed_clusters(*, session: Session, user: User) -> list[int]:
    """A manager's clusters: those their organisation runs; without one, every cluster."""
    query = select(Cluster.id).order_by(Cluster.id)
    if user.organization_id is not None:
        own = list(session.scalars(query.where(Cluster.organization_id == user.organization_id)).all())
        if own:
            return own
    return list(session.scalars(query).all())


def ensure_defaults(*, session: Session, actor: Actor, user: User) -> None:
    """Members follow their own organisation, managers their cluster — once; later choices are kept."""
    found = recipient(session=session, user=user)
    if found.defaults_applied:
        return
    found.defaults_applied = True
    targets: list[tuple[TargetType, int]] = []
    if user.role == Role.member and user.organization_id is not None:
        targets.append((TargetType.organization, user.organization_id))
    if user.role in MANAGING:
        targets.extend((TargetType.cluster, cid) for cid in managed_clusters(session=session, user=user))
    for target_type, target_id in targets:
        create(
            session=session,
            actor=actor,
            user=user,
            data=SubscriptionCreate(target_type=target_type, target=target_id, frequency=DEFAULT_FREQUENCY),
        )
    session.flush()


def current_members(session: Session, cluster_ids: Iterable[int]) -> set[int]:
    ids = list(cluster_ids)
    if not ids:
        return set()
    query = select(Membership.organization_id).where(
        Membership.cluster_id.in_(ids), Membership.until.is_(None)
    )
    return set(session.scalars(query).all())


def interest_of(
    *,
    session: Session,
    user: User,
    subscriptions: Iterable[Subscription],
    frequencies: set[Frequency] | None = None,
) -> Interest:
    """What the given subscriptions (those of ``frequencies``, or every one not switched off) cover."""
    wanted = frequencies or {Frequency.instant, Frequency.daily, Frequency.weekly}
    interest = Interest(whole_review_queue=user.role in MANAGING)
    for sub in subscriptions:
        if sub.frequency not in wanted:
            continue
        if sub.target_type == TargetType.organization and sub.target_id is not None:
            interest.organization_ids.add(sub.target_id)
        elif sub.target_type == TargetType.person and sub.target_id is not None:
            interest.person_ids.add(sub.target_id)
        elif sub.target_type == TargetType.cluster and sub.target_id is not None:
            interest.cluster_ids.add(sub.target_id)
        elif sub.target_type == TargetType.keyword and sub.target_text:
            interest.keywords.append(sub.target_text)
        elif sub.target_type == TargetType.fact_kind and sub.target_text:
            interest.fact_kinds.add(sub.target_text)
    interest.organization_ids |= current_members(session, interest.cluster_ids)
    return interest


def target_label(session: Session, subscription: Subscription) -> str:
    if subscription.target_type in TARGET_MODELS and subscription.target_id is not None:
        model, label = TARGET_MODELS[subscription.target_type]
        obj = session.get(model, subscription.target_id)
        if obj is None:
            return f"{label} № {subscription.target_id} (удалена из реестра)"
        return str(getattr(obj, "short_name", None) or getattr(obj, "name", None) or obj.full_name)
    if subscription.target_type == TargetType.fact_kind:
        return f"факты: {FACT_KIND_LABELS.get(subscription.target_text or '', subscription.target_text)}"
    return f"«{subscription.target_text}»"

"""Jinja2 environment shared by every domain's views; templates live in each domain's templates/ folder."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from markupsafe import Markup, escape

from clusterdesk import labels
from clusterdesk.audit.readable import describe_records
from clusterdesk.audit.service import changed_fields
from clusterdesk.auth.models import ROLE_LABELS
from clusterdesk.examples import example_badge
from clusterdesk.reference import okved2
from clusterdesk.russian import day_text, plural, ru_date
from clusterdesk.types import is_http_url
from clusterdesk.web.cards import object_sections, organization_card_sections

PACKAGE = Path(__file__).resolve().parent.parent
TEMPLATE_DIRS = [PACKAGE / "web" / "templates", *sorted(PACKAGE.glob("*/templates"))]

# The change log's field names; per object type use ``field_label(entity_type, field)`` (clusterdesk.labels).
FIELD_LABELS = {**labels.COMMON_FIELDS, "title": "должность"}


def _render(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


_NAVIGATION: list[tuple[str, str, str]] = []
# href -> the roles that may open the page; a menu item not listed here is open to everyone, anonymous too
_NAVIGATION_ROLES: dict[str, frozenset[str]] = {}


def set_navigation(items: Sequence[tuple[Any, ...]]) -> None:
    """The top menu (label, href, section[, roles]), set by the app at start-up from each domain's ``NAV``.

    The optional fourth element is the set of roles that may open the page: the menu shows the item only to
    a signed-in user with one of them (an anonymous visitor would only be sent to the login page)."""
    _NAVIGATION[:] = [(label, href, section) for label, href, section, *_ in items]
    _NAVIGATION_ROLES.clear()
    _NAVIGATION_ROLES.update({item[1]: frozenset(item[3]) for item in items if len(item) > 3})


def navigation() -> list[tuple[str, str, str]]:
    return list(_NAVIGATION)


def menu_for(user: Any) -> list[tuple[str, str, str]]:
    """The menu items this user (None: an anonymous visitor) may open."""
    role = getattr(user, "role", None)
    return [
        item for item in _NAVIGATION if item[1] not in _NAVIGATION_ROLES or role in _NAVIGATION_ROLES[item[1]]
    ]


def add_globals(**values: Any) -> None:
    """Names every template may use (a domain's choice labels), added by the app at start-up."""
    templates.env.globals.update(values)


def external_link(url: str | None, text: str | None = None) -> Markup:
    """A link to an outside address only if it is http(s); anything else (``javascript:``, ``data:``, a broken
    address) is shown as plain text, so a stored value can never run script in a reader's browser."""
    if not url:
        return Markup(escape(text or ""))
    if is_http_url(url):
        return Markup('<a href="{}" rel="noopener noreferrer">{}</a>').format(url.strip(), text or url)
    if text and text != url:
        return Markup('{} <span class="muted small">({})</span>').format(text, url)
    return Markup(escape(url))


@pass_context
def csp_nonce(context: Any) -> str:
    """The nonce of this response's Content-Security-Policy, for ``<script nonce="{{ csp_nonce() }}">``."""
    return getattr(context["request"].state, "csp_nonce", "")


@pass_context
def csrf_token(context: Any) -> str:
    return getattr(context["request"].state, "csrf_token", "")


@pass_context
def csrf_field(context: Any) -> Markup:
    """The hidden CSRF field every ``<form method="post">`` carries (checked by web/security.py)."""
    return Markup('<input type="hidden" name="csrf_token" value="{}">').format(csrf_token(context))


templates = Jinja2Templates(directory=[str(d) for d in TEMPLATE_DIRS])
templates.env.filters["ru_date"] = ru_date
templates.env.filters["day"] = day_text
templates.env.filters["show"] = _render
templates.env.filters["plural"] = plural
templates.env.filters["example_badge"] = example_badge
templates.env.globals.update(
    ROLE_LABELS=ROLE_LABELS,
    label=labels.label,
    plural_label=labels.plural_label,
    field_label=labels.field_label,
    entity_tag=labels.entity_tag,
    fact_type=labels.fact_type,
    fact_status=labels.fact_status,
    actor_label=labels.actor,
    okved_describe=okved2.describe,
    audit_changes=changed_fields,
    readable_changes=describe_records,
    FIELD_LABELS=FIELD_LABELS,
    navigation=navigation,
    menu_for=menu_for,
    card_sections=organization_card_sections,
    object_sections=object_sections,
    external_link=external_link,
    csp_nonce=csp_nonce,
    csrf_token=csrf_token,
    csrf_field=csrf_field,
)


def render(request: Request, name: str, context: dict[str, Any], status_code: int = 200) -> Any:
    return templates.TemplateResponse(request, name, context, status_code=status_code)

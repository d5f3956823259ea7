"""The application's start-up: every domain's contributions to the shared registries, listed explicitly.

Domains meet through typed contracts registered here, never by a name in a string or a guarded import: the
fact converters (news -> events, agreements, projects), the organisation card sections, the computed KPI
indicators (each ``indicators`` module registers its functions with ``@indicator`` when this module imports
it), the top menu, the worker's periodic jobs and the choice labels every template may use. ``install()`` is
idempotent; the web app, the CLI and the tests call it. A new domain adds its lines here.
"""

from __future__ import annotations

from functools import cache
from typing import Any

# every domain's tables in Base.metadata: a registry merge (registry/merge.py) moves references from all
import clusterdesk.models  # noqa: F401
from clusterdesk.audit.readable import register_value_labels
from clusterdesk.domains import domain_modules
from clusterdesk.events import cards as events_cards
from clusterdesk.events import from_news as events_from_news
from clusterdesk.events import indicators as events_indicators
from clusterdesk.jobs import Job
from clusterdesk.labels import SYSTEM_ACTORS
from clusterdesk.media import cards as media_cards
from clusterdesk.media import indicators as media_indicators
from clusterdesk.news import accept, registry_proposals
from clusterdesk.news import cards as news_cards
from clusterdesk.news import indicators as news_indicators
from clusterdesk.news import present as news_present
from clusterdesk.news import risk_views as news_risks
from clusterdesk.notify import cards as notify_cards
from clusterdesk.projects import cards as projects_cards
from clusterdesk.projects import from_news as projects_from_news
from clusterdesk.projects import graph as projects_graph
from clusterdesk.projects import indicators as projects_indicators
from clusterdesk.registry.labels import CLUSTER_KIND_LABELS, MEMBERSHIP_ROLE_LABELS, ORGANIZATION_KIND_LABELS
from clusterdesk.reporting import flows as reporting_flows
from clusterdesk.reporting import indicators as reporting_indicators
from clusterdesk.reporting import labels as reporting_labels
from clusterdesk.reporting.catalogue import indicators as reporting_catalogue
from clusterdesk.strategy import indicators as strategy_indicators
from clusterdesk.talent import cards as talent_cards
from clusterdesk.web import cards, templating

FACT_CONVERTERS = (
    accept.FactConverter(
        "event",
        "event",
        "Создать событие",
        events_from_news.create_event_from_fact,
        find=events_from_news.find_events_for_fact,
    ),
    accept.FactConverter(
        "agreement",
        "agreement",
        "Создать соглашение",
        events_from_news.create_agreement_from_fact,
        find=events_from_news.find_agreements_for_fact,
    ),
    accept.FactConverter(
        "project",
        "project",
        "Создать проект",
        projects_from_news.create_project_from_fact,
        find=projects_from_news.find_projects_for_fact,
    ),
    accept.FactConverter(
        "post",
        "post",
        "Записать должность в реестр",
        registry_proposals.record_post_from_fact,
        find=registry_proposals.find_posts_for_fact,
        link_label="Связать с записью реестра",
    ),
    accept.FactConverter("decision", "decision", "Принять к сведению", accept.note_decision),
)
CARD_SECTIONS = (
    events_cards.organization_sections,
    media_cards.organization_sections,
    news_cards.organization_sections,
    news_risks.organization_sections,
    projects_cards.organization_sections,
    talent_cards.organization_sections,
)
HOME_SECTIONS = (notify_cards.home_sections,)
# sections of a project's and an agreement's page, given the organisations it involves
OBJECT_SECTIONS = (
    ("project", news_risks.involved_sections),
    ("agreement", news_risks.involved_sections),
    ("news_item", media_cards.news_item_sections),
)
# supply flows the cooperation graph draws besides its own supply links
FLOW_SOURCES = (reporting_flows.reported_flows,)
# Columns that store who did something (a login or a system actor such as the demo loader)
ACTOR_FIELDS = ("submitted_by", "reviewed_by", "decided_by", "undone_by", "entered_by", "actor_name")
# Imported for their @indicator registrations (the registry is clusterdesk/indicators.py).
INDICATOR_MODULES = (
    strategy_indicators,
    events_indicators,
    news_indicators,
    media_indicators,
    projects_indicators,
    reporting_indicators,
)


def all_jobs() -> list[Job]:
    """Every domain's periodic jobs (``jobs.JOBS``), in domain order: what the worker runs."""
    return [job for module in domain_modules("jobs") for job in getattr(module, "JOBS", [])]


def navigation() -> list[tuple[Any, ...]]:
    """Top menu entries declared by each domain's views (``NAV``: label, href, section and, for a page not
    everyone may open, the roles that may), ordered by ``NAV_ORDER``."""
    modules = sorted(domain_modules("views"), key=lambda m: getattr(m, "NAV_ORDER", 100))
    return [item for module in modules for item in getattr(module, "NAV", [])]


@cache
def install() -> None:
    """Fill the shared registries (once per process)."""
    for converter in FACT_CONVERTERS:
        accept.register_converter(converter)
    for provider in CARD_SECTIONS:
        cards.register_card_sections(provider)
    for home_provider in HOME_SECTIONS:
        cards.register_home_sections(home_provider)
    for kind, object_provider in OBJECT_SECTIONS:
        cards.register_object_sections(kind, object_provider)
    for flow_source in FLOW_SOURCES:
        projects_graph.register_flow_source(flow_source)
    templating.add_globals(
        ORG_KINDS=ORGANIZATION_KIND_LABELS,
        CLUSTER_KINDS=CLUSTER_KIND_LABELS,
        MEMBERSHIP_ROLES=MEMBERSHIP_ROLE_LABELS,
        news_title=news_present.item_title,
        news_source=news_present.item_source,
    )
    templating.set_navigation(navigation())
    for statuses in (reporting_labels.SUBMISSION_STATUS_LABELS, reporting_labels.CAMPAIGN_STATUS_LABELS):
        register_value_labels("status", {str(code.value): word for code, word in statuses.items()})
    for actor_field in ACTOR_FIELDS:  # «кто отправил: демо-загрузка», never the loader's code
        register_value_labels(actor_field, SYSTEM_ACTORS)
    indicator_titles = {code: spec.title for code, spec in reporting_catalogue().items()}
    for field in ("values", "sources", "indicators"):
        register_value_labels(field, indicator_titles)

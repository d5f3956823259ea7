"""The start-up registries list every domain's contribution: a new cards.py or indicators.py is not lost."""

from __future__ import annotations

from clusterdesk import startup
from clusterdesk.domains import domain_modules
from clusterdesk.indicators import all_indicators
from clusterdesk.news.accept import available_converters
from clusterdesk.web.cards import _HOME_PROVIDERS, _PROVIDERS
from clusterdesk.web.templating import navigation


def test_every_card_sections_module_is_registered() -> None:
    startup.install()
    for module in domain_modules("cards"):
        if module.__name__ == "clusterdesk.web.cards":
            continue
        # a cards module offers organisation card sections, start-page blocks, or both
        offered = [getattr(module, name, None) for name in ("organization_sections", "home_sections")]
        assert any(offered), f"{module.__name__} offers neither organization_sections nor home_sections"
        if offered[0] is not None:
            assert offered[0] in _PROVIDERS, f"add {module.__name__} to startup.CARD_SECTIONS"
        if offered[1] is not None:
            assert offered[1] in _HOME_PROVIDERS, f"add {module.__name__} to startup.HOME_SECTIONS"


def test_every_indicators_module_is_imported_at_start_up() -> None:
    listed = {m.__name__ for m in startup.INDICATOR_MODULES}
    for module in domain_modules("indicators"):
        assert module.__name__ in listed, f"add {module.__name__} to startup.INDICATOR_MODULES"
    assert {"participants_total", "events_held", "news_mentions", "joint_projects"} <= set(all_indicators())


def test_converters_and_navigation_are_filled() -> None:
    startup.install()
    converters = available_converters()
    assert {name: c.fact_type for name, c in converters.items()} == {
        "event": "event",
        "agreement": "agreement",
        "project": "project",
    }
    assert ("Организации", "/organizations", "organizations") in navigation()

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
    modules = [m for m in domain_modules("cards") if m.__name__ != "clusterdesk.web.cards"]
    for module in modules:
        organization = getattr(module, "organization_sections", None)
        home = getattr(module, "home_sections", None)
        assert organization or home, f"{module.__name__} contributes neither card nor home sections"
        if organization is not None:
            assert organization in _PROVIDERS, f"add {module.__name__} to startup.CARD_SECTIONS"
        if home is not None:
            assert home in _HOME_PROVIDERS, f"add {module.__name__} to startup.HOME_SECTIONS"
    assert "clusterdesk.notify.cards" in {m.__name__ for m in modules}


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
        "post": "post",
        "decision": "decision",
    }
    assert ("Организации", "/organizations", "organizations") in navigation()

"""Example figures of the demo: numbers that no public source gives, marked where they are stored.

The mark lives in the data — a row's ``source`` or a value's evidence note says «пример, не из открытых
источников» — so every page, chart and report that tells where a figure came from shows it; compact places
(a Gantt bar, a list of plans) show the short mark «пример» with the full text as a tooltip.
"""

from __future__ import annotations

from markupsafe import Markup

EXAMPLE = "пример, не из открытых источников"
MARK = "пример"


def is_example(text: str | None) -> bool:
    """Whether a source or evidence text says the figure is an example."""
    return bool(text) and EXAMPLE in (text or "")


def example_badge(text: str | None) -> Markup:
    """The short «пример» badge for a source that marks an example, else nothing."""
    if not is_example(text):
        return Markup("")
    return Markup('<span class="badge demo" data-testid="example-mark" title="{}">{}</span>').format(
        text, MARK
    )

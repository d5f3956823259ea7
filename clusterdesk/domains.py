"""Find each domain package's optional parts (models, api, views, cli, demo) by convention.

A domain plugs in by having the module: ``models.py`` (tables), ``api.py`` / ``views.py`` (a ``router``),
``cli.py`` (``register(app)`` or a Typer ``app`` whose commands join the top level), ``demo.py``
(``load_demo(*, session)`` and an ``ORDER``). Views may declare ``NAV = [(label, href, section)]``
and ``NAV_ORDER``.
This keeps app assembly in one place without a hand-kept list that every new domain must edit.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from pathlib import Path
from types import ModuleType

PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def domain_names() -> tuple[str, ...]:
    return tuple(
        sorted(m.name for m in pkgutil.iter_modules([str(PACKAGE_DIR)]) if m.ispkg and m.name != "migrations")
    )


def domain_modules(part: str) -> list[ModuleType]:
    """``clusterdesk.<domain>.<part>`` for every domain that has it, in name order."""
    found = []
    for name in domain_names():
        if (PACKAGE_DIR / name / f"{part}.py").exists() or (
            PACKAGE_DIR / name / part / "__init__.py"
        ).exists():
            found.append(importlib.import_module(f"clusterdesk.{name}.{part}"))
    return found

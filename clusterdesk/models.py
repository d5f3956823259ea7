"""Imports every domain's tables so that ``Base.metadata`` is complete (Alembic, tests)."""

from clusterdesk.db import Base
from clusterdesk.domains import domain_modules

MODEL_MODULES = domain_modules("models")

__all__ = ["MODEL_MODULES", "Base"]

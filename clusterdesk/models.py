"""Imports every domain's tables so that ``Base.metadata`` is complete (Alembic, tests)."""

from clusterdesk.audit.models import ChangeRecord
from clusterdesk.auth.models import User
from clusterdesk.db import Base
from clusterdesk.registry.models import Cluster, Membership, Organization, Person, Post

__all__ = ["Base", "ChangeRecord", "Cluster", "Membership", "Organization", "Person", "Post", "User"]

"""Reporting permissions: managers run campaigns; members fill their own form; managers, analysts read all."""

from __future__ import annotations

from clusterdesk.auth.models import User
from clusterdesk.auth.permissions import require_manager, require_reader_of_all, require_user


def may_manage(user: User | None) -> User:
    return require_manager(user, "открывать и изменять отчётные кампании")


def may_read_campaigns(user: User | None) -> User:
    return require_user(user)


def may_read_compliance(user: User | None) -> User:
    return require_reader_of_all(user, "смотреть сводную проверку соответствия (данные всех участников)")

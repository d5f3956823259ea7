"""Domain errors: each carries a message a user can act on; the web layer maps them to HTTP codes."""

from __future__ import annotations

from dataclasses import dataclass, field


class DomainError(Exception):
    """Base of every error a user can act on."""

    status_code = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFoundError(DomainError):
    status_code = 404


class ConflictError(DomainError):
    """A uniqueness clash (same INN twice, a duplicate membership)."""

    status_code = 409


class StaleVersionError(ConflictError):
    """The object changed since the client read it: optimistic locking refused the write."""


class PermissionDeniedError(DomainError):
    status_code = 403


class AuthenticationError(DomainError):
    status_code = 401


@dataclass(frozen=True)
class FieldProblem:
    """One invalid field, optionally in one row of an imported file."""

    field: str
    message: str
    row: int | None = None

    def __str__(self) -> str:
        where = f"строка {self.row}, " if self.row is not None else ""
        return f"{where}поле «{self.field}»: {self.message}"


class ValidationFailed(DomainError):
    """One or more fields are invalid; nothing was stored."""

    status_code = 422

    def __init__(self, problems: list[FieldProblem], message: str | None = None) -> None:
        self.problems = problems
        super().__init__(message or "; ".join(str(p) for p in problems))


@dataclass
class ImportReport:
    """What an import did: rows created and updated, or the problems that stopped it."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[FieldProblem] = field(default_factory=list)

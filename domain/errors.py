"""One hierarchy of domain errors; the API maps each class to an error code."""

from __future__ import annotations


class DomainError(Exception):
    """A decision was rejected. Nothing was recorded."""

    code = "BAD_USER_INPUT"


class InvalidInput(DomainError):
    """A malformed or out-of-range value."""

    code = "BAD_USER_INPUT"


class Forbidden(DomainError):
    """The caller may not make this decision in any role they hold."""

    code = "FORBIDDEN"


class NotFound(DomainError):
    """The subject does not exist (or the caller may not see it)."""

    code = "NOT_FOUND"


class Conflict(DomainError):
    """The subject changed since the expected version, or the decision is not
    allowed in the subject's current state."""

    code = "CONFLICT"


class Unavailable(DomainError):
    """The store could not record the decision now; retrying may succeed."""

    code = "UNAVAILABLE"

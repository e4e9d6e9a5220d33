"""Start-up validation of the TANDEM_* environment: one clear line, no traceback."""

from __future__ import annotations

import sys
from typing import Any, NoReturn

from pydantic import ValidationError

from api.settings import Settings

MIN_TOKEN_LENGTH = 32
"""Bearer tokens (the administrator's and members') are at least this long."""
SECRET_FIELDS = frozenset({"admin_token", "database_url"})
"""Their values never appear in a message (a database URL may hold a password)."""


class ConfigurationError(ValueError):
    """A TANDEM_* variable has a value Tandem cannot start with."""


def load_settings(*, require_admin_token: bool = True, **overrides: Any) -> Settings:
    """Settings from the environment, or exit with status 2 and a one-line reason.

    Commands that only administer the store (migrate, project, status) pass
    require_admin_token=False: they never authenticate anyone."""
    try:
        return checked_settings(require_admin_token=require_admin_token, **overrides)
    except ConfigurationError as error:
        exit_with(str(error))


def checked_settings(*, require_admin_token: bool = True, **overrides: Any) -> Settings:
    """Settings from the environment; raises ConfigurationError with the reason."""
    try:
        settings = Settings(**overrides)
    except ValidationError as error:
        raise ConfigurationError(describe(error)) from None
    except ValueError as error:  # pydantic-settings' SettingsError, e.g. unparseable JSON
        raise ConfigurationError(str(error)) from None
    if require_admin_token and not settings.admin_token and settings.store.backend != "sqlite":
        raise ConfigurationError(
            "TANDEM_ADMIN_TOKEN must be set when the database is not embedded SQLite "
            f"(TANDEM_DATABASE_URL is a {settings.store.backend} URL)"
        )
    token = settings.admin_token
    if require_admin_token and token is not None and len(token) < MIN_TOKEN_LENGTH:
        raise ConfigurationError(
            f"TANDEM_ADMIN_TOKEN must be at least {MIN_TOKEN_LENGTH} characters (it has "
            f"{len(token)}); make one with: python3 -c 'import secrets; "
            "print(secrets.token_urlsafe(32))'"
        )
    return settings


def describe(error: ValidationError) -> str:
    """Every problem, each as 'TANDEM_NAME: what is wrong', on one line."""
    problems = []
    for detail in error.errors():
        field = str(detail["loc"][0]) if detail["loc"] else ""
        message = str(detail["msg"]).removeprefix("Value error, ")
        if field and field not in SECRET_FIELDS and "input" in detail:
            message += f" (got {detail['input']!r})"
        problems.append(f"TANDEM_{field.upper()}: {message}" if field else message)
    return "; ".join(problems)


def exit_with(message: str) -> NoReturn:
    print(f"tandem: configuration error: {message}", file=sys.stderr)
    raise SystemExit(2)

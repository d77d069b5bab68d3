"""Settings: every setting with its default and help text, read from the environment once."""

import getpass
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


class Settings(BaseSettings):
    """The tracker's settings; each can be set with an environment variable TRACKER_<NAME>."""

    model_config = SettingsConfigDict(env_prefix="TRACKER_", extra="ignore")

    db: str = Field(
        default="data/tracker.duckdb",
        description="Path of the DuckDB database file (created on first use), or a PostgreSQL "
        "database's URL, postgresql://user@host:port/dbname (password in PGPASSWORD or "
        "~/.pgpass).",
    )
    user: str = Field(
        default_factory=_os_user,
        description="Who local mode (no sign-in configured) acts for, and the author the "
        "command line records; default the computer's user name.",
    )
    trusted_header: str | None = Field(
        default=None,
        description="Header a sign-in proxy in front sets to the signed-in person (e.g. "
        "X-Remote-User); trusted only while the app listens on 127.0.0.1 behind that proxy.",
    )
    public: bool = Field(
        default=False,
        description="'on': people who are not signed in can open one page, the board packs an "
        "admin marked public; 'off' (default): nothing without sign-in.",
    )
    spc_rules: str = Field(
        default="mdc",
        description="SPC rule preset: 'mdc' (NHS Making Data Count) or 'nhsr' "
        "(NHS-R plot-the-dots compatible).",
    )
    today: str | None = Field(
        default=None,
        description="Pin 'today' (ISO date) for demos and tests; empty means the real date.",
    )


def database_location(text: str | Path) -> Path | str:
    """Return where a database is, as the store opens it: a PostgreSQL URL as given (a Path
    would fold its '//'), anything else as a file path."""
    if str(text).startswith(("postgresql://", "postgres://")):
        return str(text)
    return Path(text)


def get_settings() -> Settings:
    """Return the settings as they are in the environment now."""
    return Settings()

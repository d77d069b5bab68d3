"""The only Streamlit caching: the database, the portfolio and each initiative, keyed on writes."""

from datetime import date, datetime
from typing import TYPE_CHECKING

import streamlit as st

from tracker import attention, clock, registers_view, reports
from tracker.config import get_settings
from tracker.spc import Preset
from tracker.store import Database, packs, queries

if TYPE_CHECKING:
    from tracker.boardpack.model import PackContent


@st.cache_resource(show_spinner=False)
def database() -> Database:
    """Return the process's one Database (each thread reads through its own cursor)."""
    return Database(get_settings().db)


def _key(as_at: date | None) -> tuple[int, str, str, str]:
    """Return what every cached view depends on: the write counter, today, the SPC preset and
    the as-at day ("" for today), so any write, preset or day shows at once."""
    counter = queries.write_counter(database())
    preset = st.session_state.get("spc_preset", get_settings().spc_rules)
    return counter, clock.today().isoformat(), preset, as_at.isoformat() if as_at else ""


def _when(today: str, as_at: str) -> tuple[date, datetime | None]:
    """Return the day a view is judged on and the store's as-of time for it (None: now)."""
    if not as_at:
        return date.fromisoformat(today), None
    day = date.fromisoformat(as_at)
    return day, clock.end_of(day)


@st.cache_resource(show_spinner="Analysing every measure …", max_entries=8)
def _portfolio(
    counter: int, today: str, preset: str, as_at: str, filters: reports.Filters
) -> reports.Portfolio:
    # Shared, not copied: a Portfolio is read-only, and copying the SPC tables per rerun would
    # cost more than computing them.
    day, as_of = _when(today, as_at)
    return reports.portfolio(database(), day, as_of, Preset(preset), filters)


def portfolio(
    filters: reports.Filters = reports.Filters(),  # noqa: B008
    as_at: date | None = None,
) -> reports.Portfolio:
    """Return the cached portfolio for today's data; recomputed after any write to the database.

    With `as_at` (a past day), every table is as it had been recorded by the end of that day,
    and goal status, lateness and overdue updates are judged on that day.
    """
    return _portfolio(*_key(as_at), filters)


@st.cache_resource(show_spinner="Analysing the initiative's measures …", max_entries=32)
def _initiative(counter: int, today: str, preset: str, as_at: str, code: str) -> reports.Portfolio:
    # Only this initiative's rows: opening one initiative never waits for the whole portfolio.
    day, as_of = _when(today, as_at)
    return reports.initiative_data(database(), code, day, as_of, Preset(preset))


def initiative(code: str, as_at: date | None = None) -> reports.Portfolio:
    """Return the cached view model of one initiative (as at a past day if given)."""
    return _initiative(*_key(as_at), code)


@st.cache_resource(show_spinner="Reading the pack as it was frozen …", max_entries=8)
def _pack_content(path: str, pack_id: int) -> "PackContent":
    # Shared by every visitor: a published pack's summary never changes, and the public page
    # may be opened by many people at once.
    from tracker.boardpack.build import load, spec_of  # its writers load only for a pack

    db = database()
    return load(db, spec_of(packs.pack(db, pack_id)))


def pack_content(pack_id: int) -> "PackContent":
    """Return a published pack's contents as frozen at its cut-off (kept: they never change)."""
    return _pack_content(str(database().path), pack_id)


@st.cache_resource(show_spinner="Reading the risk and benefit registers …", max_entries=8)
def _registers(counter: int, today: str, preset: str, as_at: str) -> registers_view.Registers:
    day, as_of = _when(today, as_at)
    # A benefit claimed while its measure is in concern needs the measures' SPC reading.
    book = _portfolio(counter, today, preset, as_at, reports.Filters())
    concern = frozenset(attention.concern_measures(book.exceptions))
    return registers_view.load(database(), day, as_of, concern)


def registers(as_at: date | None = None) -> registers_view.Registers:
    """Return the cached risk and benefit registers (as at a past day if given)."""
    return _registers(*_key(as_at))


def warm() -> None:
    """Compute today's whole portfolio into the cache, as the overview will ask for it."""
    counter = queries.write_counter(database())
    today = clock.today().isoformat()
    _portfolio(counter, today, get_settings().spc_rules, "", reports.Filters())


def clear() -> None:
    """Forget cached results (after a write made by this app)."""
    _portfolio.clear()
    _initiative.clear()
    _registers.clear()

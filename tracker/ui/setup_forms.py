"""Set-up forms: fields drawn from the workbook layout, checked by the model, problems under fields.

A form is based on what it read when its fields were filled: a save is refused if someone saved
the item since, and the form then shows what they changed and asks to keep theirs or save mine.
"""

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, cast

import streamlit as st
from pydantic import BaseModel

from tracker.errors import EditConflict, TrackerError
from tracker.models import EARLIEST_DATE
from tracker.setup_edits import Problems, check
from tracker.store.setup import SetupItem, apply_setup
from tracker.ui import acting, cache, edit_conflict, widgets
from tracker.workbook.cells import format_trajectory
from tracker.workbook.layout import Column, Kind, Sheet
from tracker.workbook.problems import FORM
from tracker.workbook.read import PERSON_FIELDS

EARLIEST = EARLIEST_DATE
LATEST = date(2100, 12, 31)
"""Date inputs reach well beyond any programme's life (Streamlit's default is ±10 years)."""


WIDE = (Kind.long_text, Kind.trajectory)
"""Kinds that take the form's full width; the rest sit two to a row."""


def author() -> str:
    """Return who set-up writes act as: the person signed in."""
    return acting.who()


def store(model: BaseModel, read_at: int | None) -> str:
    """Return what writing one validated item did: 'added', 'changed' or 'unchanged'.

    Targets, milestones and data keep their earlier versions; every change is audited. With
    `read_at` (the write counter when the form read the item) the write is refused with
    EditConflict if anyone saved the item since.
    """
    item = cast(SetupItem, model)
    result = apply_setup(cache.database(), [item], None, author(), read_at=read_at)
    return result.items[0].outcome


def flash(message: str) -> None:
    """Keep a message to show at the top of the page after the rerun that follows a write."""
    st.session_state["setup_flash"] = message


def show_flash() -> None:
    """Show (once) the message kept by the last write, if any."""
    message = st.session_state.pop("setup_flash", None)
    if message:
        st.success(message, icon=":material/check_circle:")


def form_key(base: str, code: str | None) -> str:
    """Return the key of the form editing `code`, or of the current blank form for a new item.

    Each item has its own key so that choosing another item shows its values; a new item's
    form gets a fresh key after each creation, so the next one starts blank.
    """
    if code is not None:
        return f"{base}_{code}"
    return f"{base}_new{st.session_state.get(f'{base}__generation', 0)}"


def fresh(base: str) -> None:
    """Start the next blank form of `base` with new, empty widgets."""
    st.session_state[f"{base}__generation"] = st.session_state.get(f"{base}__generation", 0) + 1


def _problems_key(form: str) -> str:
    return f"{form}__problems"


def _read_at_key(form: str) -> str:
    return f"{form}__read_at"


def _conflict_key(form: str) -> str:
    return f"{form}__conflict"


def _settle_conflict(key: str, widget_keys: list[str]) -> bool:
    """Show a conflict kept by `save`, if any; return True when the user chose to save mine."""
    conflict: EditConflict | None = st.session_state.get(_conflict_key(key))
    if conflict is None:
        return False
    choice = edit_conflict.ask(conflict, key)
    if choice is edit_conflict.Choice.theirs:
        # Dropping the fields' state fills them again from the item as stored now.
        for name in [*widget_keys, _conflict_key(key), _read_at_key(key), _problems_key(key)]:
            st.session_state.pop(name, None)
        st.rerun()
    if choice is edit_conflict.Choice.mine:
        st.session_state[_read_at_key(key)] = conflict.latest
        del st.session_state[_conflict_key(key)]
        return True
    return False


def _show(problems: Problems, field: str, label: str = "") -> None:
    """Show the field's problems under it, each starting with the field's `label` if given: a
    screen reader announces the message without the field beside it."""
    for message in problems.get(field, []):
        st.error(f"{label}: {message}" if label else message, icon=":material/error:")


def _choice_index(options: list[str], value: object) -> int | None:
    return options.index(str(value)) if value is not None and str(value) in options else None


def _widget(
    column: Column,
    key: str,
    value: Any,
    options: list[str] | None,
    labels: Mapping[str, str],
    disabled: bool,
    required: bool,
) -> Any:
    # Only a field that may be left blank says so; a choice always holds a value.
    blank_allowed = not required and column.kind in (Kind.text, Kind.date, Kind.number, *WIDE)
    label = column.label + (" (optional)" if blank_allowed else "")
    common: dict[str, Any] = {"key": key, "help": column.help, "disabled": disabled}
    if column.kind in (Kind.reference, Kind.choice):
        choices = options if options is not None else list(column.choices)
        return st.selectbox(
            label,
            choices,
            index=_choice_index(choices, value),
            format_func=lambda c: labels.get(c, c[:1].upper() + c[1:]),
            placeholder="Choose …",
            **common,
        )
    if column.kind is Kind.text and options is not None:
        # A person, picked from the people list; one named before the list was kept stays.
        people = options if not value or str(value) in options else [str(value), *options]
        return st.selectbox(
            label, people, index=_choice_index(people, value), placeholder="Choose …", **common
        )
    if column.kind is Kind.date:
        return st.date_input(
            label, value=value, min_value=EARLIEST, max_value=LATEST, format="DD/MM/YYYY",
            **common,
        )  # fmt: skip
    if column.kind is Kind.number:
        return st.number_input(label, value=value, format="%g", **common)
    if column.kind is Kind.integer:
        return st.number_input(label, value=value, step=1, **common)
    if column.kind is Kind.long_text:
        return st.text_area(label, value=value or "", height=100, **common)
    if column.kind is Kind.trajectory:
        text = format_trajectory(value) if value else ""
        return st.text_input(
            label, value=text, placeholder="2026-04-01=74; 2026-10-01=76", **common
        )
    return st.text_input(label, value=value or "", **common)


def form(
    key: str,
    sheet: Sheet,
    current: Mapping[str, object],
    submit: str,
    *,
    options: Mapping[str, list[str]] | None = None,
    labels: Mapping[str, Mapping[str, str]] | None = None,
    fixed: frozenset[str] = frozenset(),
    hidden: frozenset[str] = frozenset(),
    read_at: int | None = None,
) -> dict[str, object] | None:
    """Return the entered values when the form is submitted (or saved over a conflict), else None.

    Fields follow the sheet's columns (help text from the workbook layout); a lead, sponsor, SRO
    or owner is picked from the people list once it has anyone; `fixed` fields are
    shown but cannot change, `hidden` ones are left out (the caller supplies them). Problems
    kept by `save` are shown under their fields. `read_at` is the write counter read before
    `current`: whenever the fields are filled from `current`, the form is based on it.
    """
    options, labels = options or {}, labels or {}
    names = widgets.people_names()
    if names:
        options = {**{f: names for f in PERSON_FIELDS.get(sheet.model, ())}, **options}
    problems: Problems = st.session_state.get(_problems_key(key), {})
    shown = [c for c in sheet.columns if c.name not in hidden]
    widget_keys = [f"{key}_{c.name}" for c in shown]
    if _read_at_key(key) not in st.session_state or not any(
        k in st.session_state for k in widget_keys
    ):
        st.session_state[_read_at_key(key)] = read_at
    overwrite = _settle_conflict(key, widget_keys)
    entered: dict[str, object] = {}
    with st.form(key, border=True):
        count = sum(len(messages) for messages in problems.values())
        if count:
            st.error(
                f"Nothing was saved: {count} problem(s), each shown under its field. Fix them "
                "and save again.",
                icon=":material/error:",
            )
        pending: list[Column] = []

        def place(columns: list[Column]) -> None:
            slots = st.columns(2) if len(columns) == 2 else [st.container()]
            for slot, column in zip(slots, columns, strict=True):
                with slot:
                    entered[column.name] = _widget(
                        column,
                        f"{key}_{column.name}",
                        current.get(column.name),
                        options.get(column.name),
                        labels.get(column.name, {}),
                        column.name in fixed,
                        sheet.required(column.name),
                    )
                    _show(problems, column.name, column.label)

        for column in shown:
            if column.kind in WIDE:
                if pending:
                    place(pending)
                    pending = []
                place([column])
                continue
            pending.append(column)
            if len(pending) == 2:
                place(pending)
                pending = []
        if pending:
            place(pending)
        _show(problems, FORM)
        submitted = st.form_submit_button(submit, type="primary", key=f"{key}_submit")
    return entered if submitted or overwrite else None


def save(
    key: str,
    sheet: Sheet,
    values: Mapping[str, object],
    write: Callable[[BaseModel, int | None], str],
    extra_problems: Problems | None = None,
) -> None:
    """Check `values` (setup_edits.check); write the model, or keep every problem for its field.

    `write` stores the model, based on what the form read (see `store`), and returns the
    message to show. Nothing is written when any field has a problem (including
    `extra_problems` found by the page), or when someone saved the item since the form read it:
    that conflict is kept for the form to show. The page reruns either way so that the
    problems, the conflict or the success message show in place.
    """
    model, problems = check(sheet, values, extra_problems)
    if model is not None:
        try:
            flash(write(model, st.session_state.get(_read_at_key(key))))
        except EditConflict as err:
            # Kept without its traceback, which would pin this run's frames in the session.
            st.session_state[_conflict_key(key)] = err.with_traceback(None)
        except TrackerError as err:
            problems[FORM] = [str(err)]
        else:
            # The next run bases the form on what is stored now, this save included.
            st.session_state.pop(_read_at_key(key), None)
            cache.clear()
    st.session_state[_problems_key(key)] = problems
    st.rerun()

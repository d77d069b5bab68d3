"""Set-up editors: pick an item by code (or ?code= in the URL), edit it in its form, delete a mistake."""

import json
from collections.abc import Callable, Mapping

import pandas as pd
import streamlit as st
from pydantic import BaseModel

from tracker import usertext
from tracker.errors import TrackerError
from tracker.models import TrajectoryPoint
from tracker.store.setup import Deletable, delete_unused, uses
from tracker.ui import cache
from tracker.ui.setup_forms import Problems, author, flash, form, form_key, fresh, save, store
from tracker.workbook.layout import Sheet

NEW = "__new__"
"""The picker's option for creating a new item rather than editing one."""


def picker(
    label: str, items: pd.DataFrame, name_column: str, param: str, key: str, new_label: str
) -> str | None:
    """Return the code chosen to edit, or None for a new one; ?param=CODE preselects it."""
    codes = items["code"].tolist()
    names = code_names(items, name_column)
    pending = st.session_state.pop(f"{key}_pending", None)
    if pending in codes or pending == NEW:
        st.session_state[key] = pending
    wanted = str(st.query_params.get(param, "")).strip().upper()
    options = [NEW, *codes]
    # ?param= only chooses the first item shown; after that the picker keeps the user's choice.
    first = options.index(wanted) if wanted in codes and key not in st.session_state else 0
    choice = st.selectbox(
        label,
        options,
        index=first,
        format_func=lambda c: new_label if c == NEW else names[c],
        key=key,
    )
    return None if choice == NEW else choice


def select_after_rerun(key: str, code: str) -> None:
    """Make the picker `key` show `code` on the next run (a widget cannot change mid-run)."""
    st.session_state[f"{key}_pending"] = code


def created(base: str, picker_key: str, code: str) -> None:
    """After creating `code`: start the next new form blank and show `code` in the picker."""
    fresh(base)
    select_after_rerun(picker_key, code)


def measure_choice(measures: pd.DataFrame, key: str) -> str:
    """Return the measure chosen in a selectbox that starts from ?measure=CODE (`measures` not empty)."""
    codes = measures["code"].tolist()
    names = code_names(measures, "name")
    wanted = str(st.query_params.get("measure", "")).strip().upper()
    chosen = st.selectbox(
        "Measure",
        codes,
        index=codes.index(wanted) if wanted in codes and key not in st.session_state else 0,
        format_func=names.__getitem__,
        key=key,
    )
    # A selectbox with options and an index always holds one; None means no measures at all.
    if chosen is None:
        raise ValueError("measure_choice needs at least one measure to choose from")
    return str(chosen)


def code_names(frame: pd.DataFrame, name_column: str) -> dict[str, str]:
    """Return 'CODE · name' for each code of a store frame, as pickers show items."""
    return {c: f"{c} · {n}" for c, n in zip(frame["code"], frame[name_column], strict=True)}


def records(frame: pd.DataFrame) -> dict[str, dict[str, object]]:
    """Return a store frame's rows as form values keyed by code (dates as dates, no NaN).

    A goal's trajectory, stored as JSON text, becomes its points.
    """
    found: dict[str, dict[str, object]] = {}
    for row in frame.to_dict("records"):
        plain: dict[str, object] = {}
        for name, value in row.items():
            if isinstance(value, pd.Timestamp):
                value = value.date()
            elif value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
                value = None
            elif name == "trajectory" and isinstance(value, str):
                value = tuple(TrajectoryPoint.model_validate(p) for p in json.loads(value))
            plain[str(name)] = value
        found[str(row["code"])] = plain
    return found


Check = Callable[[Mapping[str, object], Mapping[str, object] | None], Problems]
"""A page's own rule over the entered values and the item as stored (None when new)."""


def _delete_section(kind: Deletable, code: str, picker_key: str) -> None:
    with st.expander(f"Delete {kind.value} {code}", icon=":material/delete:"):
        held = uses(cache.database(), kind, code)
        if held:
            listed = ", ".join(f"{n} {what}" for what, n in held.items())
            advice = (
                " To stop it, set its status to paused or closed: that keeps all its history."
                if kind is Deletable.initiative
                else ""
            )
            st.info(f"{code} has {listed}, so it stays.{advice}", icon=":material/lock:")
            return
        st.caption(
            "Only for something created by mistake: it holds nothing yet. The deletion is "
            "recorded in the audit log with what was deleted."
        )
        sure = st.checkbox(f"Yes, delete {code}", key=f"delete_{kind.value}_{code}_sure")
        if st.button("Delete", key=f"delete_{kind.value}_{code}", disabled=not sure):
            try:
                delete_unused(cache.database(), kind, code, author())
            except TrackerError as err:
                st.error(usertext.markdown(err), icon=":material/error:")
                return
            cache.clear()
            flash(f"Deleted {kind.value} {code}.")
            select_after_rerun(picker_key, NEW)
            st.rerun()


def editor(
    base: str,
    sheet: Sheet,
    items: pd.DataFrame,
    *,
    noun: str,
    name_column: str,
    note: Callable[[BaseModel], str] | None = None,
    defaults: Mapping[str, object] | None = None,
    options: Mapping[str, list[str]] | None = None,
    labels: Mapping[str, Mapping[str, str]] | None = None,
    fixed_on_edit: frozenset[str] = frozenset({"code"}),
    deletable: Deletable | None = None,
    check: Check | None = None,
    read_at: int | None = None,
) -> str | None:
    """Show a picker and the form to create or edit one coded item; return the code picked.

    The validated item is stored by `store`; `note` may add a sentence to the message shown
    after saving. A new item's code must not exist yet (saving it would change the existing one).
    `read_at` is the write counter read before `items`: the form is based on it (see `form`).
    """
    picker_key = f"pick_{base}"
    code = picker(
        f"{noun.capitalize()} to edit", items, name_column, base, picker_key, f"➕ New {noun}"
    )
    stored = records(items).get(code) if code is not None else None
    key = form_key(base, code)
    values = form(
        key,
        sheet,
        stored or defaults or {},
        f"Save {noun}" if code else f"Create {noun}",
        options=options,
        labels=labels,
        fixed=fixed_on_edit if code else frozenset(),
        read_at=read_at,
    )
    if values is not None:
        extra = check(values, stored) if check is not None else {}
        new_code = str(values.get("code") or "").strip().upper()
        if code is None and new_code in set(items["code"]):
            extra.setdefault("code", []).append(
                f"{new_code} already exists; choose another code, or pick {new_code} above to "
                "edit it"
            )

        def saved(model: BaseModel, based_on: int | None) -> str:
            outcome = store(model, based_on)
            item_code = str(model.model_dump()["code"])
            if code is None:
                created(base, picker_key, item_code)
            if outcome == "unchanged":
                return f"Nothing to save: {noun} {item_code} already holds these values."
            message = f"{'Saved' if code else 'Created'} {noun} {item_code}."
            return " ".join(filter(None, [message, note(model) if note is not None else ""]))

        save(key, sheet, values, saved, extra)
    if code is not None and deletable is not None:
        _delete_section(deletable, code, picker_key)
    return code

"""The Import page's parts: template downloads, a rejection, a preview, and the batches to revert."""

import pandas as pd
import streamlit as st

from tracker import clock, formatting, importers, importing, usertext
from tracker.errors import ImportRejected, TrackerError
from tracker.importers import ImportKind, preview, templates
from tracker.store import Database, batches
from tracker.ui import acting, cache, widgets
from tracker.ui.cache import portfolio

PREVIEW_ROWS = 2_000
"""Rows shown per preview table: enough to check by eye; the counts above cover every row."""

ACTION_TEXT = {"add": "➕ Add", "change": "✎ Change", "unchanged": "= Unchanged"}


def show_templates(kind: ImportKind, initiative: str | None) -> None:
    """Offer the initiative's template of `kind` as Excel and CSV."""
    if initiative is None:
        st.info("Choose an initiative to download its template.")
        return
    if kind in importing.METHOD_SPECS:
        rows, guide = importing.method_template(cache.database(), kind, initiative)
    else:
        book = portfolio()
        rows, guide = templates.template(
            kind,
            initiative,
            book.measures,
            book.points,
            book.milestones,
            book.targets,
            book.due,
            clock.today(),
        )
    st.write(
        f"{len(rows)} row(s) for {initiative}: "
        + (
            "each measure's overdue or due periods (or its latest), with any value held."
            if kind is ImportKind.datapoints
            else "the current rows; edit them and upload."
        )
        + " The Excel file has a Guide sheet with units and allowed values."
    )
    one, two = st.columns(2)
    one.download_button(
        "⬇ Excel template (.xlsx)",
        templates.to_xlsx(rows, importers.LAYOUTS[kind].sheet, guide),
        file_name=templates.file_name(kind, initiative, "xlsx"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="template_xlsx",
    )
    two.download_button(
        "⬇ CSV template",
        templates.to_csv(rows),
        file_name=templates.file_name(kind, initiative, "csv"),
        mime="text/csv",
        key="template_csv",
    )


def show_rejection(err: ImportRejected) -> None:
    """Show every problem of a rejected file as row, column and what to fix."""
    st.error(
        f"**The file was rejected and nothing was written:** {len(err.errors)} problem(s). "
        "Fix them in the file and upload it again."
    )
    # A wrapping table: each reason is read in full, however long
    widgets.table(
        pd.DataFrame(
            {
                "Row": [e.row or "–" for e in err.errors],
                "Column": [e.column for e in err.errors],
                "What to fix": [e.reason for e in err.errors],
            }
        ).astype({"Row": str}),
        "import_errors",
    )


def show_preview(classified: pd.DataFrame) -> None:
    """Show the counts of a preview, then its rows by what they do (old → new)."""
    found = preview.counts(classified)
    cols = st.columns(3)
    cols[0].metric("➕ To add", f"{found['add']:,}")
    cols[1].metric("✎ To change (old kept)", f"{found['change']:,}")
    cols[2].metric("= Unchanged", f"{found['unchanged']:,}")
    for action, label in [
        ("change", "Rows that change a value (old → new)"),
        ("add", "Rows to add"),
        ("unchanged", "Unchanged rows"),
    ]:
        part = classified[classified["action"] == action]
        if part.empty:
            continue
        with st.expander(f"{label}: {len(part):,}", expanded=action != "unchanged"):
            shown = part.head(PREVIEW_ROWS)
            st.dataframe(
                pd.DataFrame(
                    {
                        "Row": shown["row"],
                        "What": shown["code"],
                        "Action": shown["action"].map(ACTION_TEXT),
                        "Values": preview.changes(shown),
                    }
                ),
                hide_index=True,
                key=f"preview_{action}",
            )
            if len(part) > PREVIEW_ROWS:
                st.caption(f"Showing the first {PREVIEW_ROWS:,} of {len(part):,}.")


def show_batches(db: Database) -> None:
    """List the import batches, then offer to revert one that is in force."""
    found = batches.import_batches(db)
    if found.empty:
        st.caption("No imports yet.")
        return
    listing = pd.DataFrame(
        {
            "Batch": found["id"],
            "What": found["kind"].map(importing.BATCH_KINDS),
            "From": found["source"],
            "By": found["created_by"],
            "When": found["created_at"].map(formatting.uk_date),
            "Added": found["added"],
            "Changed": found["changed"],
            "State": [
                f"↩ reverted by batch {int(r)}"
                if pd.notna(r)
                else (f"↩ reverts batch {int(v)}" if pd.notna(v) else "✔ in force")
                for r, v in zip(found["reverted_by"], found["reverts"], strict=True)
            ],
        }
    )
    st.dataframe(listing, hide_index=True, key="batches")
    # A revert is a batch too: it can be reverted, putting back what it undid.
    revertable = found[found["reverted_by"].isna()]
    if not revertable.empty:
        _revert_form(db, revertable)


def _revert_form(db: Database, revertable: pd.DataFrame) -> None:
    target = int(
        st.selectbox(
            "Revert a batch",
            revertable["id"].tolist(),
            format_func=lambda b: importing.batch_label(revertable, b),
            key="revert_batch",
        )
    )
    # Keyed per batch, so that a tick or a name typed for one batch never confirms another.
    name = batches.name_to_confirm(db, target)
    # The name is shown as the box's placeholder: plain text, never read as markdown.
    typed = (
        st.text_input(
            f"This batch holds more than {batches.CONFIRM_ABOVE} values: type its name "
            "(shown in the box) to confirm",
            placeholder=name,
            key=f"revert_name_{target}",
        )
        if name is not None
        else None
    )
    sure = st.checkbox(
        "I understand: values this batch changed go back to their earlier version, and "
        "values it added are withdrawn. History is kept, and the revert can be reverted.",
        key=f"revert_sure_{target}",
    )
    ready = sure and batches.confirmed(name, typed)
    if not st.button(
        "↩ Revert batch",
        key="revert",
        disabled=not ready,
        help="Tick the box (and, for a large batch, type its name) to revert it.",
    ):
        return
    try:
        undone = importing.revert_batch(db, acting.who(), target, typed)
    except TrackerError as err:
        st.error(f"Nothing was written: {usertext.markdown(err)}")
    else:
        cache.clear()
        st.session_state["import_done"] = (
            f"↩ Reverted batch {undone.reverted}: {undone.restored} value(s) "
            f"restored, {undone.withdrawn} withdrawn. Recorded as batch {undone.batch_id}."
        )
        st.rerun()

"""Import: template → upload → preview (add / change old → new / unchanged / errors) → commit or revert."""

import pandas as pd
import streamlit as st

from tracker import clock, formatting, importers, usertext
from tracker.config import get_settings
from tracker.errors import ImportRejected, TrackerError
from tracker.importers import ImportKind, preview, templates
from tracker.store import batches, queries
from tracker.ui import cache
from tracker.ui.cache import database, portfolio

KIND_LABELS = {
    ImportKind.datapoints: "Data points (measure values)",
    ImportKind.milestones: "Milestones",
    ImportKind.targets: "Targets",
}
BATCH_KINDS = {
    "datapoints": "Data points",
    "milestones": "Milestones",
    "targets": "Targets",
    "revert": "↩ Revert",
}
ALL = "All initiatives"
PREVIEW_ROWS = 2_000
"""Rows shown per preview table: enough to check by eye; the counts above cover every row."""

ACTION_TEXT = {"add": "➕ Add", "change": "✎ Change", "unchanged": "＝ Unchanged"}

st.title("Import")
st.caption(
    "Upload a CSV or Excel (.xlsx) file, check the preview, then confirm. An import is all or "
    "nothing: one bad cell and nothing is written. Every import can be reverted."
)

db = database()
initiative_codes = queries.initiatives(db)["code"].tolist()
left, right = st.columns(2)
kind = left.selectbox(
    "What the file holds", list(KIND_LABELS), format_func=KIND_LABELS.get, key="import_kind"
)
wanted = st.query_params.get("initiative")
chosen = right.selectbox(
    "Initiative",
    [ALL, *initiative_codes],
    index=1 + initiative_codes.index(wanted) if wanted in initiative_codes else 0,
    key="import_initiative",
    help="With one initiative chosen, rows for any other initiative are refused.",
)
initiative = None if chosen == ALL else chosen

with st.expander("Download a template", expanded=False):
    if initiative is None:
        st.info("Choose an initiative to download its template.")
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

uploader_key = f"upload_{st.session_state.get('upload_round', 0)}"
upload = st.file_uploader(
    "File to import",
    type=["csv", "xlsx", "xls"],
    key=uploader_key,
    # The browser refuses a larger file before sending it, so it is never read at all.
    max_upload_size=importers.MAX_IMPORT_BYTES // 1024 // 1024,
    help=(
        "CSV (UTF-8 or Windows-1252) or Excel .xlsx, columns as in the template. Numbers are "
        "plain digits with a full stop for decimals (12.5); 1,234 is read as one thousand two "
        "hundred and thirty-four, but 12,5 is refused. Files over 100 MB: split them, e.g. one "
        "per year."
    ),
)


def _batch_label(found: pd.DataFrame, batch: int) -> str:
    """Return 'batch 12: data points from october.csv (23 Nov 2026)' (or 'batch 13: revert of
    batch 12 (23 Nov 2026)') for the revert picker."""
    row = found.set_index("id").loc[batch]
    what = (
        row["source"]
        if row["kind"] == "revert"
        else f"{BATCH_KINDS[row['kind']].lower()} from {row['source']}"
    )
    return f"batch {batch}: {what} ({formatting.uk_date(row['created_at'])})"


def _parse(data: bytes, name: str) -> pd.DataFrame:
    """Return the classified preview of an upload, showing progress; raise on any bad cell."""
    bar = st.progress(0.0, text="Reading the file …")
    context = importers.Context(
        measures=queries.measures(db),
        initiatives=queries.initiatives(db),
        milestones=queries.milestones(db),
        today=clock.today(),
        only_initiative=initiative,
        stored_points=lambda codes: queries.data_points(db, measure_codes=codes),
    )
    try:
        table = importers.read_table(
            data,
            name,
            kind,
            on_progress=lambda n: bar.progress(0.1, text=f"Reading the file … {n:,} rows"),
        )
        bar.progress(0.4, text=f"Checking {len(table):,} rows …")
        rows = importers.validate_table(table, kind, context)
        bar.progress(0.8, text="Comparing with the values held now …")
        classified = batches.preview(db, kind, rows)
    finally:
        bar.empty()
    st.session_state["import_rows"] = rows
    return classified


def _show_rejection(err: ImportRejected) -> None:
    st.error(
        f"**The file was rejected and nothing was written:** {len(err.errors)} problem(s). "
        "Fix them in the file and upload it again."
    )
    st.dataframe(
        pd.DataFrame(
            {
                "Row": [e.row or "–" for e in err.errors],
                "Column": [e.column for e in err.errors],
                "What to fix": [e.reason for e in err.errors],
            }
        ).astype({"Row": str}),
        hide_index=True,
        key="import_errors",
    )


def _show_preview(classified: pd.DataFrame) -> None:
    found = preview.counts(classified)
    cols = st.columns(3)
    cols[0].metric("➕ To add", f"{found['add']:,}")
    cols[1].metric("✎ To change (old kept)", f"{found['change']:,}")
    cols[2].metric("＝ Unchanged", f"{found['unchanged']:,}")
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


done = st.session_state.pop("import_done", None)
if done:
    st.success(done)

if upload is not None:
    fingerprint = (upload.file_id, kind, initiative)
    try:
        importers.check_size(upload.size, upload.name)
        if st.session_state.get("import_fingerprint") != fingerprint:
            st.session_state["import_preview"] = _parse(upload.getvalue(), upload.name)
            st.session_state["import_fingerprint"] = fingerprint
        classified = st.session_state["import_preview"]
    except ImportRejected as err:
        st.session_state.pop("import_fingerprint", None)
        _show_rejection(err)
    else:
        _show_preview(classified)
        found = preview.counts(classified)
        writing = found["add"] + found["change"]
        if writing == 0:
            st.info("Nothing to import: every row matches what is held now.")
        elif st.button(
            f"Confirm: import {writing:,} row(s) from {usertext.markdown(upload.name, inline=True)}",
            type="primary",
            key="confirm",
        ):
            try:
                result = batches.commit(
                    db, kind, st.session_state["import_rows"], get_settings().user, upload.name
                )
            except TrackerError as err:
                st.error(f"Nothing was written: {usertext.markdown(err)}")
            else:
                cache.clear()
                for key in ("import_fingerprint", "import_preview", "import_rows"):
                    st.session_state.pop(key, None)
                st.session_state["upload_round"] = st.session_state.get("upload_round", 0) + 1
                st.session_state["import_done"] = (
                    f"✔ Imported {usertext.markdown(upload.name, inline=True)} as batch "
                    f"{result.batch_id}: {result.added:,} "
                    f"added, {result.changed:,} changed (previous values kept), "
                    f"{result.unchanged:,} unchanged."
                )
                st.rerun()

st.subheader("Recent imports")
found_batches = batches.import_batches(db)
if found_batches.empty:
    st.caption("No imports yet.")
else:
    listing = pd.DataFrame(
        {
            "Batch": found_batches["id"],
            "What": found_batches["kind"].map(BATCH_KINDS),
            "From": found_batches["source"],
            "By": found_batches["created_by"],
            "When": found_batches["created_at"].map(formatting.uk_date),
            "Added": found_batches["added"],
            "Changed": found_batches["changed"],
            "State": [
                f"↩ reverted by batch {int(r)}"
                if pd.notna(r)
                else (f"↩ reverts batch {int(v)}" if pd.notna(v) else "✔ in force")
                for r, v in zip(found_batches["reverted_by"], found_batches["reverts"], strict=True)
            ],
        }
    )
    st.dataframe(listing, hide_index=True, key="batches")
    # A revert is a batch too: it can be reverted, putting back what it undid.
    revertable = found_batches[found_batches["reverted_by"].isna()]
    if not revertable.empty:
        target = int(
            st.selectbox(
                "Revert a batch",
                revertable["id"].tolist(),
                format_func=lambda b: _batch_label(revertable, b),
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
        if st.button(
            "↩ Revert batch",
            key="revert",
            disabled=not ready,
            help="Tick the box (and, for a large batch, type its name) to revert it.",
        ):
            try:
                undone = batches.revert(db, target, get_settings().user, confirm=typed)
            except TrackerError as err:
                st.error(f"Nothing was written: {usertext.markdown(err)}")
            else:
                cache.clear()
                st.session_state["import_done"] = (
                    f"↩ Reverted batch {undone.reverted}: {undone.restored} value(s) "
                    f"restored, {undone.withdrawn} withdrawn. Recorded as batch "
                    f"{undone.batch_id}."
                )
                st.rerun()

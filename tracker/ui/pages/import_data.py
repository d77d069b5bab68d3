"""Import: template → upload → preview (add / change old → new / unchanged / errors) → commit or revert."""

import streamlit as st

from tracker import clock, importers, importing, owners, usertext
from tracker.errors import ImportRejected, TrackerError
from tracker.importers import ImportKind
from tracker.store import queries
from tracker.ui import acting, cache, import_views, widgets
from tracker.ui.cache import database

KIND_LABELS = {
    ImportKind.datapoints: "Data points (measure values)",
    ImportKind.milestones: "Milestones",
    ImportKind.targets: "Targets",
    ImportKind.drivers: "Driver diagram nodes",
    ImportKind.pdsa: "PDSA cycles",
}
ALL = "All initiatives"

st.title("Import")
st.caption(
    "Upload a CSV or Excel (.xlsx) file, check the preview, then confirm. An import is all or "
    "nothing: one bad cell and nothing is written. Every import can be reverted."
)

db = database()
state = st.session_state
initiative_codes = queries.initiatives(db)["code"].tolist()
left, right = st.columns(2)
kind = left.selectbox(
    "What the file holds", list(KIND_LABELS), format_func=KIND_LABELS.__getitem__, key="import_kind"
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
    import_views.show_templates(kind, initiative)

upload = st.file_uploader(
    "File to import",
    type=["csv", "xlsx", "xls"],
    key=f"upload_{state.get('upload_round', 0)}",
    # The browser refuses a larger file before sending it, so it is never read at all.
    max_upload_size=importers.MAX_IMPORT_BYTES // 1024 // 1024,
    help=(
        "CSV (UTF-8 or Windows-1252) or Excel .xlsx, columns as in the template. Numbers are "
        "plain digits with a full stop for decimals (12.5); 1,234 is read as one thousand two "
        "hundred and thirty-four, but 12,5 is refused. Files over 100 MB: split them, e.g. one "
        "per year."
    ),
)


def _preview(data: bytes, name: str) -> importing.Preview:
    """Return the preview of an upload, showing progress; raise ImportRejected on any bad cell."""
    bar = st.progress(0.0)

    def told(done: float, text: str) -> None:
        bar.progress(done, text=text)

    try:
        parsed = importing.parse_import(
            db, data, name, kind, clock.today(), initiative, on_progress=told
        )
        return importing.preview_import(db, parsed, on_progress=told)
    finally:
        bar.empty()


done = state.pop("import_done", None)
if done:
    st.success(done)

if upload is not None:
    fingerprint = (upload.file_id, kind, initiative)
    try:
        if state.get("import_fingerprint") != fingerprint:
            state["import_preview"] = _preview(upload.getvalue(), upload.name)
            state["import_fingerprint"] = fingerprint
        checked: importing.Preview = state["import_preview"]
    except ImportRejected as err:
        state.pop("import_fingerprint", None)
        import_views.show_rejection(err)
    else:
        import_views.show_preview(checked.classified)
        widgets.warnings(owners.import_warnings(db, checked.kind, checked.rows))
        if checked.writing == 0:
            st.info("Nothing to import: every row matches what is held now.")
        elif st.button(
            f"Confirm: import {checked.writing:,} row(s) from "
            f"{usertext.markdown(upload.name, inline=True)}",
            type="primary",
            key="confirm",
        ):
            try:
                result = importing.commit_import(db, acting.who(), checked)
            except TrackerError as err:
                st.error(f"Nothing was written: {usertext.markdown(err)}")
            else:
                cache.clear()
                for key in ("import_fingerprint", "import_preview"):
                    state.pop(key, None)
                state["upload_round"] = state.get("upload_round", 0) + 1
                batch = "" if result.batch_id is None else f" as batch {result.batch_id}"
                state["import_done"] = (
                    f"✔ Imported {usertext.markdown(upload.name, inline=True)}{batch}: "
                    f"{result.added:,} "
                    f"added, {result.changed:,} changed (previous values kept), "
                    f"{result.unchanged:,} unchanged."
                )
                st.rerun()

st.header("Recent imports")
import_views.show_batches(db)

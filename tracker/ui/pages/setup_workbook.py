"""Set-up: the programme workbook: download the template or the programme, upload one, preview, load."""

import hashlib

import pandas as pd
import streamlit as st

from tracker import clock, usertext
from tracker.errors import ImportRejected, TrackerError
from tracker.store import queries
from tracker.store.setup import SetupResult
from tracker.ui import cache, widgets
from tracker.ui import setup_forms as forms
from tracker.workbook import programme, workbook_bytes
from tracker.workbook.problems import SheetError

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

db = cache.database()
st.title("Set-up: programme workbook")
st.caption(
    "Set up or refresh the whole programme with one Excel workbook: a sheet per entity, a README "
    "sheet explaining every column, and drop-down lists for the fixed choices."
)
forms.show_flash()

left, right = st.columns(2)
with left:
    st.header("Start from the template")
    st.write("An empty workbook with every sheet, its documented header row and a README.")
    st.download_button(
        "Download the empty template",
        data=workbook_bytes(),
        file_name="programme-template.xlsx",
        mime=XLSX,
        icon=":material/download:",
        key="download_template",
    )
with right:
    st.header("Start from this programme")
    st.write("Everything now in the tracker, in the same layout: edit it and upload it again.")
    st.download_button(
        "Download the current programme",
        # Built only when clicked: a large programme takes a moment to write.
        data=lambda: programme.export_bytes(db),
        file_name=programme.FILE_NAME,
        mime=XLSX,
        icon=":material/download:",
        key="download_programme",
    )

st.header("Upload a workbook")
st.write(
    "Rows are matched by code: a new code creates an item, an existing one updates it. You see "
    "what would change before anything is written; any problem rejects the whole workbook."
)
upload_key = f"workbook_upload_{st.session_state.get('workbook_uploads', 0)}"
upload = st.file_uploader("Programme workbook (.xlsx)", type=["xlsx"], key=upload_key)
if upload is None:
    st.stop()

data = upload.getvalue()
# The file's name is typed by whoever saved it: shown as text wherever a message quotes it.
name = usertext.markdown(upload.name, inline=True)
digest = (hashlib.sha256(data).hexdigest(), queries.write_counter(db))
preview = st.session_state.get("workbook_preview")
if preview is None or preview[0] != digest:
    try:
        found: SetupResult | TrackerError = programme.load(
            db, data, forms.author(), clock.today(), source=upload.name, dry_run=True
        )
    except TrackerError as refused:
        found = refused
    preview = (digest, found)
    st.session_state["workbook_preview"] = preview
result = preview[1]

if isinstance(result, ImportRejected):
    st.error(
        f"{name} was not loaded: {len(result.errors)} problem(s). Fix each one in the "
        "workbook and upload it again; nothing has been written.",
        icon=":material/error:",
    )
    # A wrapping table: each reason is read in full, however long
    widgets.table(
        pd.DataFrame(
            {
                "Sheet": [e.sheet if isinstance(e, SheetError) else "" for e in result.errors],
                "Row": [e.row or None for e in result.errors],
                "Column": [e.column for e in result.errors],
                "What to fix": [e.reason for e in result.errors],
            }
        ),
        "workbook_problems",
    )
    st.stop()
if isinstance(result, TrackerError):
    st.error(f"{name} was not loaded: {usertext.markdown(result)}", icon=":material/error:")
    st.stop()

st.success(
    f"{name} passed every check. This is what loading it would do:",
    icon=":material/fact_check:",
)
table = programme.summary(result)
st.dataframe(
    table.rename(
        columns={
            "sheet": "Sheet",
            "created": "Created",
            "changed": "Changed",
            "left alone": "Left alone",
            "created items": "Which were created",
            "changed items": "Which changed",
        }
    ),
    hide_index=True,
    key="workbook_preview_table",
)
widgets.warnings(result.warnings)
if not (table["created"].sum() or table["changed"].sum()):
    st.info("Nothing would change: the tracker already holds all of it.", icon=":material/info:")
    st.stop()
if st.button("Load the workbook", type="primary", key="workbook_load"):
    try:
        done = programme.load(db, data, forms.author(), clock.today(), source=upload.name)
    except TrackerError as err:
        st.error(usertext.markdown(err), icon=":material/error:")
        st.stop()
    cache.clear()
    st.session_state.pop("workbook_preview", None)
    st.session_state["workbook_uploads"] = st.session_state.get("workbook_uploads", 0) + 1
    forms.flash(f"Loaded {name}. " + " ".join(programme.summary_lines(done)))
    st.rerun()

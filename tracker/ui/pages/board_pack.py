"""Board pack: publish a period's pack frozen at a cut-off, preview its contents, download it."""

from datetime import datetime
from functools import partial

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from tracker import clock, formatting, periods, usertext
from tracker.boardpack import jobs
from tracker.boardpack.build import MEDIA_TYPES, PackFormat, build, load, spec_of
from tracker.boardpack.words import PRESET_WORDS, filters_text, timestamp
from tracker.config import get_settings
from tracker.errors import TrackerError
from tracker.store import packs, queries
from tracker.store.db import utc_now
from tracker.ui import cache
from tracker.ui.cache import database

MONTHS_OFFERED = 24
"""Periods offered for a new pack: the last two years, enough to republish any recent month."""
FILTERS = {"programme": "Programme", "theme": "Theme", "organisation": "Organisation",
           "lead": "Lead"}  # fmt: skip
FORMAT_WORDS = {PackFormat.pptx: "PowerPoint", PackFormat.pdf: "PDF"}

db = database()
settings = get_settings()
today = clock.today()

st.title("Board pack")
st.caption(
    "A published pack is rebuilt from the data exactly as it was recorded at its cut-off, so it "
    "never changes, even when figures are corrected afterwards. PowerPoint has editable charts; "
    "the PDF is A4 landscape for the board portal."
)

st.subheader("Publish a pack")
latest_month = periods.last_complete_period(today, periods.Frequency.monthly)
months = [
    periods.add_periods(latest_month, periods.Frequency.monthly, -n)
    for n in range(-1, MONTHS_OFFERED)
]
initiatives = queries.initiatives(db)
now = utc_now()
with st.form("publish"):
    left, middle, right = st.columns(3)
    period = left.selectbox(
        "Reporting period", months, index=1, format_func=formatting.uk_month, key="pack_period"
    )
    cut_date = middle.date_input(
        "Cut-off date (UTC)", value=now.date(), max_value=now.date(), format="DD/MM/YYYY",
        key="pack_cut_date",
    )  # fmt: skip
    cut_time = right.time_input(
        "Cut-off time (UTC)", value=now.time().replace(second=0, microsecond=0),
        key="pack_cut_time",
    )  # fmt: skip
    chosen = {}
    for column, (name, label) in zip(st.columns(4), FILTERS.items(), strict=True):
        options = sorted(initiatives[name].dropna().unique())
        chosen[name] = column.selectbox(
            label, options, index=None, placeholder="All", key=f"pack_filter_{name}"
        )
    preset = st.radio(
        "SPC rules",
        list(PRESET_WORDS),
        index=list(PRESET_WORDS).index(st.session_state.get("spc_preset", settings.spc_rules)),
        format_func=PRESET_WORDS.get,
        horizontal=True,
        key="pack_preset",
    )
    st.caption(f"Published by {settings.user}. The pack shows what was recorded up to the cut-off.")
    submitted = st.form_submit_button("Publish", type="primary")

if submitted:
    try:
        request = packs.PackRequest(
            period=period,
            cut_off=datetime.combine(cut_date, cut_time),
            author=settings.user,
            preset=preset,
            filters=packs.PackFilters(**chosen),
        )
        pack = packs.publish(db, request)
    except ValidationError as err:
        st.error(
            f"The pack was not published. Fix this and publish again:\n\n{packs.problems(err)}"
        )
    except TrackerError as err:
        st.error(f"The pack was not published: {usertext.markdown(err)}")
    else:
        cache.clear()
        st.session_state["pack_id"] = pack.id
        st.success(
            f"Published pack {pack.id} for {formatting.uk_month(pack.period)}, cut-off "
            f"{timestamp(pack.cut_off)}."
        )

st.subheader("Published packs")
published = packs.published(db)
if not published:
    st.info("No pack has been published yet: publish one above.")
    st.stop()
listing = pd.DataFrame(
    {
        "Pack": [p.id for p in published],
        "Period": [formatting.uk_month(p.period) for p in published],
        "Cut-off": [timestamp(p.cut_off) for p in published],
        "Published by": [p.author for p in published],
        "SPC rules": [p.preset.upper() for p in published],
        "Scope": [filters_text(p.filters.chosen()) for p in published],
        "Published": [timestamp(p.created_at) for p in published],
    }
)
st.caption("Select a pack to preview its contents and download it.")
event = st.dataframe(
    listing, hide_index=True, on_select="rerun", selection_mode="single-row", key="packs"
)
rows = event.selection.rows
if rows:
    st.session_state["pack_id"] = int(listing.iloc[rows[0]]["Pack"])
by_id = {p.id: p for p in published}
pack = by_id.get(st.session_state.get("pack_id", published[0].id), published[0])
spec = spec_of(pack)

st.markdown(
    f"**Pack {pack.id} · {formatting.uk_month(pack.period)}** · cut-off "
    f"{timestamp(pack.cut_off)} · published by {usertext.markdown(pack.author, inline=True)} · "
    f"{usertext.markdown(filters_text(pack.filters.chosen()), inline=True)}"
)
# A published pack never changes, so its contents list is kept for the session once read.
contents_key = f"pack_contents_{pack.id}"
if contents_key not in st.session_state:
    with st.spinner("Reading the data as it stood at the cut-off …"):
        st.session_state[contents_key] = load(db, spec).contents()
st.markdown("**Contents**")
st.markdown(
    "\n".join(
        f"{i}. {usertext.markdown(line, inline=True)}"
        for i, line in enumerate(st.session_state[contents_key], 1)
    )
)

# Builds run in a worker thread (tracker.boardpack.jobs): one per pack and format at a time,
# stopped after a time limit or when no page waits for it (the visitor left). The session keeps
# the builds it waits for, so after a rerun (a click elsewhere) it waits on or collects the file.
waiting: dict[tuple[str, int, str], jobs.Build] = st.session_state.setdefault("pack_builds", {})
for column, fmt in zip(st.columns(2), PackFormat, strict=True):
    words = FORMAT_WORDS[fmt]
    file_key = f"pack_file_{pack.id}_{fmt.value}"
    build_key = (str(db.path), pack.id, fmt.value)
    if column.button(f"Build {words}", key=f"build_{fmt.value}", width="stretch"):
        job, fresh = jobs.start(build_key, partial(build, db, spec, fmt))
        if not fresh:
            column.info(f"This {words} pack is already being built; waiting for it to finish.")
        waiting[build_key] = job
    if build_key in waiting:
        bar = column.progress(0.0, text=f"Building the {words} pack …")
        try:
            # bar=bar keeps this column's bar; mypy cannot type a lambda with defaults.
            data = jobs.wait(
                waiting[build_key],
                lambda share, text, bar=bar: bar.progress(share, text),  # type: ignore[misc]
            )
        except TrackerError as err:
            del waiting[build_key]
            column.error(f"The {words} pack could not be built: {usertext.markdown(err)}")
        else:
            del waiting[build_key]
            st.session_state[file_key] = data
            bar.progress(1.0, text=f"{words} pack ready")
    if file_key in st.session_state:
        data = st.session_state[file_key]
        column.download_button(
            f"⬇ Download {words} ({len(data) / 1_000_000:.1f} MB)",
            data,
            file_name=f"board-pack-{pack.period:%Y-%m}-pack-{pack.id}.{fmt.value}",
            mime=MEDIA_TYPES[fmt],
            key=f"download_{fmt.value}",
            width="stretch",
        )

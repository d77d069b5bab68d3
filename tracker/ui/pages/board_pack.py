"""Board pack: publish a period's pack frozen at a cut-off, preview its contents, download it."""

from datetime import datetime

import streamlit as st

from tracker import clock, formatting, usertext
from tracker.access_rules import Action
from tracker.boardpack import publishing
from tracker.boardpack.build import load, spec_of
from tracker.boardpack.words import FILTER_WORDS, PRESET_WORDS
from tracker.config import get_settings
from tracker.glossary import GLOSSARY
from tracker.store import packs, queries
from tracker.store.db import utc_now
from tracker.ui import acting, cache, pack_builds
from tracker.ui.cache import database

db = database()
settings = get_settings()
today = clock.today()

st.title("Board pack")
st.caption(
    "A published pack is rebuilt from the data exactly as it was recorded at its cut-off, so it "
    "never changes, even when figures are corrected afterwards. PowerPoint has editable charts; "
    "the PDF is A4 landscape for the board portal."
)

st.header("Publish a pack")
if not acting.standing().may(Action.publish):
    st.info("Publishing a pack is for admins (the programme office).")
else:
    months = publishing.months_offered(today)
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
        for column, (name, label) in zip(st.columns(4), FILTER_WORDS.items(), strict=True):
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
            help=GLOSSARY["Rule set"],
        )
        st.caption(
            f"Published by {acting.who()}. The pack shows what was recorded up to the cut-off."
        )
        submitted = st.form_submit_button("Publish", type="primary")

    if submitted:
        outcome = publishing.publish_pack(
            db, acting.who(), period, datetime.combine(cut_date, cut_time), preset, chosen
        )
        if outcome.pack is None:
            st.error(
                "The pack was not published. Fix this and publish again:\n\n"
                + "\n\n".join(usertext.markdown(p, inline=True) for p in outcome.problems)
            )
        else:
            cache.clear()
            st.session_state["pack_id"] = outcome.pack.id
            st.success(publishing.published_message(outcome.pack))

st.header("Published packs")
published = packs.published(db)
if not published:
    st.info("No pack has been published yet: publish one above.")
    st.stop()
listing = publishing.pack_listing(published)
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

st.markdown(publishing.pack_heading(pack))
if acting.standing().may(Action.publish):
    public = st.toggle(
        "Public: readable without sign-in",
        value=pack.public,
        key=f"pack_public_{pack.id}",
        help="A public pack is shown, exactly as frozen, on the Public board packs page to "
        "people who are not signed in, where the tracker is run with TRACKER_PUBLIC=on.",
    )
    if public != pack.public:
        pack = packs.set_public(db, acting.who(), pack.id, public)
        st.success(f"Pack {pack.id} is {'now public' if pack.public else 'no longer public'}.")
if pack.public:
    st.caption(
        "This pack is public: readable without sign-in."
        if settings.public
        else "This pack is marked public, but nobody outside sees it yet: this tracker runs "
        "without TRACKER_PUBLIC=on."
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

pack_builds.offer(db, pack, spec)

"""Public board packs: each pack an admin marked public, its summary as frozen and its PDF."""

import pandas as pd
import streamlit as st

from tracker import formatting, usertext
from tracker.boardpack.build import PackFormat, spec_of
from tracker.boardpack.model import Table
from tracker.boardpack.words import timestamp
from tracker.store import packs
from tracker.ui import cache, pack_builds, widgets
from tracker.ui.cache import database


def _frame(table: Table) -> pd.DataFrame:
    return pd.DataFrame(list(table.rows), columns=list(table.columns))


def _label(pack: packs.PublishedPack) -> str:
    return f"{formatting.uk_month(pack.period)} (pack {pack.id}, cut-off {timestamp(pack.cut_off)})"


db = database()
st.title("Public board packs")
st.caption(
    "The board packs this organisation has published for the public. Each shows the figures "
    "exactly as they were recorded at its cut-off, as the board saw them; later corrections "
    "do not change it."
)
shown = packs.published(db, public_only=True)
if not shown:
    st.info("No board pack has been published for the public yet.")
    st.stop()
pack = st.selectbox("Board pack", shown, format_func=_label, key="public_pack")
content = cache.pack_content(pack.id)
cover = content.cover
st.markdown(
    f"**{usertext.markdown(cover.programme, inline=True)} · {cover.title}** · "
    f"{usertext.markdown(cover.period, inline=True)} · {cover.cut_off}"
)

st.header("Summary")
st.markdown("\n".join(f"- **{label}**: {text}" for label, text in content.tiles))
st.markdown(f"**Measures by variation and assurance** ({content.matrix_total} in all)")
widgets.table(_frame(content.matrix), key="public_matrix")

st.header("Exceptions")
if content.exceptions.rows:
    widgets.table(_frame(content.exceptions), key="public_exceptions")
else:
    st.write(content.exceptions.empty)

st.header("Narrative")
for section in content.initiatives:
    st.subheader(usertext.markdown(section.title, inline=True))
    st.markdown(f"{section.rag} · {section.confidence}")
    st.caption(usertext.markdown(section.check_in, inline=True))
    for label, text in section.narrative:
        st.markdown(f"**{label}**")
        st.markdown(usertext.markdown(text))

st.header("The pack as a PDF")
pack_builds.offer(db, pack, spec_of(pack), formats=(PackFormat.pdf,))

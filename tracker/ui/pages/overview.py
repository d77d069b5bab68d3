"""Overview: headline tiles, the MDC summary matrix and every initiative at a glance."""

import streamlit as st

from tracker import overview_view as view
from tracker import registers_view, usertext
from tracker.store import queries
from tracker.ui import qi_tabs, widgets
from tracker.ui.cache import database, portfolio, registers

TILES_PER_ROW = 6
"""The eleven tiles sit in two rows of at most six, each wide enough for its label on a laptop."""

st.title("Programme overview")
filters = widgets.portfolio_filters(queries.initiatives(database()))
book = portfolio(filters, widgets.as_at())
st.caption(view.caption(book))
owed = view.shown_owed(book, registers(widgets.as_at()))
numbers = view.tile_values(book, owed)

for start in range(0, len(view.TILES), TILES_PER_ROW):
    row = st.columns(TILES_PER_ROW)
    for col, tile in zip(row, view.TILES[start : start + TILES_PER_ROW], strict=False):
        box = col.container(border=True, height="stretch", key=f"tile_{tile.key}")
        box.metric(tile.label, numbers[tile.key], help=tile.explanation)
        page, param, value = tile.link
        box.page_link(widgets.PAGES[page], label="List", query_params={param: value})
# The registers' tiles: risks above the escalation line, £ forecast against plan.
places = st.columns(TILES_PER_ROW)
for col, held in zip(places, registers_view.tiles(registers(widgets.as_at())), strict=False):
    box = col.container(border=True, height="stretch", key=f"tile_{held.page}")
    box.metric(held.label, held.value, help=held.explanation)
    box.page_link(widgets.PAGES[held.page], label="Open")
asked = st.query_params.get("tile")
listed = view.tile_list(book, asked) if asked else None
if listed is not None:
    tile = next(t for t in view.TILES if t.key == asked)
    with st.container(border=True, key="tile_list_box"):
        st.markdown(f"**{tile.label}: {len(listed.rows)}** — select a row to open it.")
        if listed.rows.empty:
            st.info("Nothing to list.")
        else:
            widgets.row_links(listed.rows, "tile_list", listed.page, listed.param,
                              column=listed.column, tab=listed.tab)  # fmt: skip
        st.page_link(widgets.PAGES["overview"], label="Close the list", icon=":material/close:")
st.markdown(usertext.markdown(view.overdue_line(owed), inline=True))

st.header("Top exceptions")
widgets.table(view.top_exceptions(book), "top_exceptions")
st.page_link(widgets.PAGES["exceptions"], label=f"All {len(book.exceptions)} exceptions")

st.header("Making Data Count summary")
st.caption(
    "Variation (is it changing?) × assurance (will it meet the target?). "
    "Select a count to list its measures, or a row's name for the whole row."
)
picked = st.dataframe(
    view.matrix_table(book),
    hide_index=True,
    height="content",
    on_select="rerun",
    selection_mode="single-cell",
    key="matrix",
    column_config=widgets.help_marks(view.MATRIX_HELP),
)
cells = picked.selection.cells
if cells:
    heading, listing = view.matrix_cell(book, *cells[0])
    st.markdown(f"**{len(listing)} measure(s): {heading}** — select a row to open the measure.")
    widgets.row_links(listing, "cell_list", "measure", "measure")

qi_tabs.overview_section(book.initiatives, book.check_ins, widgets.as_at())

st.header("Initiatives")
table = view.initiative_rows(book)
st.caption("Select a row to open the initiative.")
widgets.row_links(table, "initiatives", "initiative", "initiative", view.INITIATIVE_HELP)

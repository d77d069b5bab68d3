"""What a browser test reads off a drawn page (text cut short, tables that scroll inside), and
where the tests saved what they drew."""

import shutil
import tempfile
from pathlib import Path

SAVED: list[str] = []
"""Folders of screenshots and printouts this run saved: conftest names them at the end."""


def kept_folder(name: str, what: str) -> Path:
    """Return an empty folder for what this run draws (`what`, named at the end of the run),
    outside pytest's temporary folders, which are removed when every test passes: people look
    at the pages drawn afterwards. The next run's replace them."""
    folder = Path(tempfile.gettempdir()) / f"tracker-{name}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    SAVED.append(f"{what}: {folder}")
    return folder


GRID_PADDING_PX = 2 * 8 + 2
"""A grid cell's text sits between 8 px of padding each side (Streamlit's theme) and 1 px
borders: a column needs its text's width plus this."""
GRID_MAX_AUTO_WIDTH_PX = 500
"""Streamlit sizes a grid column to its widest text but no wider than 31.25rem (500 px); a
longer text is cut."""

GRID_HEADER_MARK_PX = 20
"""Room a header may need beside its text for its help mark."""
GRID_ROW_MARKERS_PX = 40
"""Room a grid may need at its left for the tick boxes that select a row."""
LIMITS = {
    "padding": GRID_PADDING_PX,
    "headerExtra": GRID_HEADER_MARK_PX,
    "maxAuto": GRID_MAX_AUTO_WIDTH_PX,
    "markers": GRID_ROW_MARKERS_PX,
}
"""What CLIPPED allows for, passed to it as its argument."""

CLIPPED = """(limits) => {
    const found = [];
    const say = (what, el) => found.push(`${what}: ${(el.innerText || el.textContent)
        .trim().replace(/\\s+/g, ' ').slice(0, 80)}`);
    // Any text the page cuts with an ellipsis (tile labels, buttons, page names, headings)
    for (const el of document.querySelectorAll('body *')) {
        const style = getComputedStyle(el);
        if (style.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1
            && el.textContent.trim() && el.offsetParent !== null) {
            say('cut with an ellipsis', el);
        }
    }
    // HTML tables (st.table): a header or cell wider than its box
    for (const cell of document.querySelectorAll('[data-testid="stTable"] th, [data-testid="stTable"] td')) {
        if (cell.scrollWidth > cell.clientWidth + 1) say('table cell cut', cell);
    }
    // Canvas grids (st.dataframe, st.data_editor): the grid's own accessibility table holds
    // every drawn header and cell; each column needs its widest text, and all of them must
    // fit the grid's box, else a column is cut or scrolled out of sight.
    const ctx = document.createElement('canvas').getContext('2d');
    // A grid cell may be cut only where the page also shows its whole text in a table
    const inFull = new Set([...document.querySelectorAll('[data-testid="stTable"] td')]
        .map(td => td.textContent.trim()));
    for (const grid of document.querySelectorAll('[data-testid="stDataFrame"]')) {
        const scroller = grid.querySelector('.dvn-scroller');
        if (!scroller || grid.offsetParent === null) continue;  // on a tab not open
        const headers = [...grid.querySelectorAll('th')].map(th => th.textContent).join(' | ');
        if (scroller.scrollWidth > scroller.clientWidth + 1) {
            found.push(`grid scrolls sideways: ${headers}`);
        }
        if (scroller.scrollHeight > scroller.clientHeight + 1) {
            found.push(`grid scrolls inside its box: ${headers}`);
        }
        const editor = grid.querySelector('.stDataFrameGlideDataEditor');
        const style = getComputedStyle(editor);
        const family = style.getPropertyValue('--gdg-font-family');
        const widths = new Map();
        for (const cell of grid.querySelectorAll('th, td')) {
            const header = cell.tagName === 'TH';
            if (!header && inFull.has(cell.textContent.trim())) continue;
            ctx.font = (header ? style.getPropertyValue('--gdg-header-font-style')
                                : style.getPropertyValue('--gdg-base-font-style')) + ' ' + family;
            const need = ctx.measureText(cell.textContent).width + limits.padding
                + (header ? limits.headerExtra : 0);
            const column = cell.getAttribute('aria-colindex');
            widths.set(column, Math.max(widths.get(column) || 0, need));
            if (need > limits.maxAuto) say('grid cell longer than a column can be', cell);
        }
        const total = [...widths.values()].reduce((a, b) => a + b, limits.markers);
        if (total > scroller.clientWidth) {
            found.push(`grid needs ${Math.round(total)} px, has ${scroller.clientWidth}: ${headers}`);
        }
    }
    return found;
}"""

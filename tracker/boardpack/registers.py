"""The pack's risk and benefit pages: the registers at the cut-off, as tables, a chart and words."""

from dataclasses import replace

from tracker import benefits, due, formatting, registers_view
from tracker.boardpack.content import UPDATES_OVERDUE, exceptions_table
from tracker.boardpack.fit import shorten
from tracker.boardpack.model import PackContent, RegisterPages, Table
from tracker.charts.registers import cumulative_words, heat_map_words
from tracker.models import MATRIX_SIDE
from tracker.reports import Portfolio
from tracker.risks import CONSEQUENCE, LIKELIHOOD, heat_map

TOP_RISKS = 10
"""Risks the pack lists, highest current score first: what fits one slide; the app has the rest."""


def _heat_map(regs: registers_view.Registers) -> Table:
    """Return the 5 × 5 matrix as a table: each cell its count of open risks, band and score."""
    cells = {
        (li, co): f"{n} · {band} {score}"
        for li, co, score, band, n in registers_view.heat_map_cells(regs)[
            ["likelihood", "consequence", "score", "band", "count"]
        ].itertuples(index=False)
    }
    sides = range(1, MATRIX_SIDE + 1)
    rows = tuple(
        (f"{li} {LIKELIHOOD[li - 1]}", *(cells[(li, co)] for co in sides)) for li in reversed(sides)
    )
    return Table(
        columns=("Likelihood", *(f"{co} {CONSEQUENCE[co - 1]}" for co in sides)),
        rows=rows,
        widths=(1.6, *(1.5 for _ in sides)),
    )


def _top(regs: registers_view.Registers) -> Table:
    shown = registers_view.register_rows(regs).head(TOP_RISKS)
    names = ("Code", "Risk", "Initiative", "Owner", "Current", "Since last pack", "Next review")
    return Table(
        columns=names,
        rows=tuple(
            tuple(shorten(str(v)) for v in row)
            for row in shown[list(names)].itertuples(index=False)
        ),
        widths=(1.4, 3.2, 1.2, 1.6, 1.5, 1.5, 1.3),
        empty="No open risks.",
    )


def _money(regs: registers_view.Registers) -> Table:
    shown = registers_view.money_rows(regs)
    return Table(
        columns=tuple(shown.columns),
        rows=tuple(tuple(str(v) for v in row) for row in shown.itertuples(index=False)),
        widths=(2, 1.6, 1.6, 1.6, 1.6),
        empty="No benefits in £.",
    )


def pages(regs: registers_view.Registers) -> RegisterPages:
    """Return the registers' pages of the pack."""
    live = regs.risks[regs.risks["status"] == "open"]
    since = (
        f"the last pack (cut-off {formatting.uk_date(regs.last_pack)})"
        if regs.last_pack
        else "no earlier pack"
    )
    path = benefits.cumulative(regs.benefits, regs.months)
    return RegisterPages(
        risks_intro=(
            f"{len(live)} open risks, {len(registers_view.above_line(regs))} at or above the "
            f"escalation line; movement since {since}. Top {TOP_RISKS} by current score below."
        ),
        heat_map=_heat_map(regs),
        heat_map_words=heat_map_words(
            heat_map(regs.risks), registers_view.heat_map_cells(regs)
        ).text,
        top_risks=_top(regs),
        benefits_intro=(
            f"{regs.year} to {formatting.uk_month(regs.benefits.attrs['last_month'])}: £ plan, "
            "actual and forecast outturn by initiative (dis-benefits count against)."
        ),
        money=_money(regs),
        cumulative=path,
        cumulative_words=cumulative_words(path, regs.year).text,
    )


def with_registers(
    content: PackContent, book: Portfolio, regs: registers_view.Registers
) -> PackContent:
    """Return the pack with its register pages, its exceptions with the registers' and PDSA
    cycles' own, and its overdue updates with the registers' reviews and actuals."""
    return replace(
        content,
        registers=pages(regs),
        exceptions=exceptions_table(
            registers_view.exceptions(book.exceptions, regs, book.initiatives["code"])
        ),
        tiles=tuple(
            _with_registers_owed(label, value, book, regs) for label, value in content.tiles
        ),
    )


REGISTERS_OVERDUE = "Updates overdue (with registers)"
"""Data, check-ins, risk reviews and benefit actuals: short enough for a tile's one line."""


def _with_registers_owed(
    label: str, value: str, book: Portfolio, regs: registers_view.Registers
) -> tuple[str, str]:
    """Return a summary tile; overdue updates count the registers' reviews and actuals, as
    the overview's tile does."""
    if label != UPDATES_OVERDUE:
        return label, value
    owed = registers_view.owed(book.due, regs, book.initiatives["code"])
    return REGISTERS_OVERDUE, str(len(due.overdue(owed)))

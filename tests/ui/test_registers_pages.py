"""The Risks and Benefits pages render on the sample: heat map, movement, register, money table,
cumulative chart with its words, and the benefits in other units."""

import csv

from tracker.demo import SAMPLE_DIR


def _rows(name: str) -> list[dict[str, str]]:
    with (SAMPLE_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _table(at, column: str):
    """Return the first table of the page with a column of this name (plain tables keep no key)."""
    return next(t.value for t in at.dataframe if column in t.value.columns)


def test_risks_page_shows_the_heat_map_and_the_register_by_score(app):
    at = app("risks")
    assert at.title[0].value == "Risks"
    assert [h.value for h in at.header] == [
        "Heat map of current scores",
        "Movement since the last pack",
        "Risk register",
    ]
    assert len(at.get("plotly_chart")) == 1
    sample = [r for r in _rows("risks.csv") if r["status"] == "open"]
    register = _table(at, "Current")
    assert len(register) == len(sample)
    scores = [int(cell.split()[0]) for cell in register["Current"]]
    assert scores == sorted(scores, reverse=True)
    # The sample's highest risk is 4 × 5 = 20, extreme, at the top; the words name each band.
    assert register["Current"].iloc[0] == "20 ⚠ Extreme"
    cells = _table(at, "Risks")
    assert cells["Count"].sum() == len(sample)
    words = " ".join(m.value for m in at.markdown)
    assert f"{len(sample)} open risks on the 5 × 5 matrix" in words


def test_benefits_page_totals_the_years_money_and_lists_other_units(app):
    at = app("benefits")
    assert at.title[0].value == "Benefits"
    money = _table(at, "Plan for the year")
    assert money["Initiative"].iloc[-1] == "Total"
    # Plan for FY 2026/27 by initiative adds up to the sample's £3.63m total.
    planned = sum(
        float(r["planned"]) for r in _rows("benefit_months.csv") if r["benefit"].endswith("-B1")
    )
    assert money["Plan for the year"].iloc[-1] == f"£{planned:,.0f}"
    assert len(at.get("plotly_chart")) == 1
    behind = _table(at, "Benefit")
    assert {"ELE-02-B1", "MH-02-B1"} <= set(behind["Code"])
    other = _table(at, "Unit")
    assert set(other["Unit"]) == {"hours", "bed days", "people"}


def test_overview_has_the_register_tiles(app):
    at = app("overview")
    metrics = {m.label: m.value for m in at.metric}
    open_above = [
        r
        for r in _rows("risks.csv")
        if r["status"] == "open"
        and int(r["current_likelihood"]) * int(r["current_consequence"]) >= 15
    ]
    assert metrics["⚠ Risks above the line"] == str(len(open_above))
    assert metrics["£ Forecast, FY 2026/27"].endswith("of £3.6m")


def test_exceptions_list_the_registers_kinds(app):
    at = app("exceptions")
    shown = _table(at, "What")  # first page of the table tab
    kinds = set(at.multiselect[0].options)
    assert {
        "Risk above the escalation line",
        "Risk review overdue",
        "Risk action overdue",
        "Benefit behind plan",
        "Benefit claimed while its measure shows concern",
    } <= kinds
    assert len(shown) > 0
    words = " ".join(m.value for m in at.markdown)
    assert "DIS-01-B1" in words and "shows special cause concern" in words

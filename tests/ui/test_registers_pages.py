"""The Risks and Benefits pages render on the sample: heat map, movement, register, money table,
cumulative chart with its words, and the benefits in other units."""

import csv

from tracker.demo import SAMPLE_DIR
from tracker.store import Database, registers


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
    # The sample's plan is £3.63m; its latest forecasts add up to £3.35m.
    assert metrics["£ Forecast, FY 2026/27 (plan £3.6m)"] == "£3.3m"


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


def test_the_update_page_saves_a_risk_review_by_the_person_signed_in(app, sample_db_path):
    at = app("update", initiative="DIS-01")
    assert "Risks and benefits" in [h.value for h in at.header]
    at.selectbox(key="review_risk").set_value("DIS-01-R19").run()
    at.selectbox[[s.label for s in at.selectbox].index("Likelihood now")].set_value(3)
    at.selectbox[[s.label for s in at.selectbox].index("Consequence now")].set_value(4)
    at.text_area[-1].input("Care home beds commissioned")
    next(b for b in at.button if b.label == "Save the review").click().run()
    assert not at.error, [e.value for e in at.error]
    history = registers.risk_history(Database(sample_db_path))
    mine = history[history["code"] == "DIS-01-R19"]
    assert mine["current_likelihood"].tolist() == [4, 3]
    assert mine["recorded_by"].iloc[-1] == "test.user"
    assert mine["review_note"].iloc[-1] == "Care home beds commissioned"


def test_the_update_page_refuses_a_review_below_the_target_naming_why(app, sample_db_path):
    at = app("update", initiative="DIS-01")
    at.selectbox(key="review_risk").set_value("DIS-01-R19").run()
    at.selectbox[[s.label for s in at.selectbox].index("Likelihood now")].set_value(1)
    at.selectbox[[s.label for s in at.selectbox].index("Consequence now")].set_value(1)
    next(b for b in at.button if b.label == "Save the review").click().run()
    assert "is above the current score 1" in at.error[0].value
    assert len(registers.risk_history(Database(sample_db_path))) == len(_rows("risks.csv"))


def test_the_update_page_enters_a_benefits_month(app, sample_db_path):
    at = app("update", initiative="DIS-01")
    at.selectbox(key="enter_benefit").set_value("DIS-01-B1").run()
    inputs = {n.label: n for n in at.number_input}
    inputs["Actual for the month (£)"].set_value(41_000)
    inputs["Forecast outturn for the financial year (£)"].set_value(470_000)
    next(b for b in at.button if b.label == "Save the month").click().run()
    assert not at.error, [e.value for e in at.error]
    months = registers.benefit_months(Database(sample_db_path))
    october = months[(months["benefit"] == "DIS-01-B1") & (months["month"] == "2026-10-01")]
    # The month's plan is kept; the actual and forecast are the ones typed, by the person.
    assert october[["actual", "forecast", "recorded_by"]].values.tolist() == [
        [41_000, 470_000, "test.user"]
    ]
    assert october["planned"].iloc[0] == 43_200  # 9 % of the year's £480,000 in October

"""The Risks and Benefits pages render on the sample: heat map, movement, register, money table,
cumulative chart with its words, and the benefits in other units."""

import csv

from tracker.demo import SAMPLE_DIR
from tracker.store import Database, queries, registers


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


def edits(rows: dict[int, dict[str, object]]) -> dict:
    return {"edited_rows": rows, "added_rows": [], "deleted_rows": []}


def fill_check_in(at) -> None:
    at.radio(key="update_rag").set_value("amber")
    at.text_area(key="update_progress").input("Discharge lounge open seven days.")


def test_the_update_page_saves_a_risk_review_with_the_check_in(app, sample_db_path):
    at = app("update", initiative="DIS-01")
    assert "Risks and benefits" in [h.value for h in at.header]
    # DIS-01's open risks by code: R19 first, scored 4 × 5 in the sample.
    at.session_state["update_reviews_1"] = edits(
        {0: {"Review": True, "Likelihood": 3, "Consequence": 4, "Next review": "2026-12-20",
             "What the review found": "Care home beds commissioned"}}
    )  # fmt: skip
    fill_check_in(at)
    at.button(key="update_save").click().run()
    assert not at.error, [e.value for e in at.error]
    assert "Risk DIS-01-R19 · reviewed: score 12, next review 20 Dec 2026" in at.success[0].value
    db = Database(sample_db_path)
    history = registers.risk_history(db)
    mine = history[history["code"] == "DIS-01-R19"]
    # As identified (5 × 5, the sample's initial score), as last reviewed (4 × 5), and now.
    assert mine["current_likelihood"].tolist() == [5, 4, 3]
    assert mine["recorded_by"].iloc[-1] == "test.user"
    assert mine["review_note"].iloc[-1] == "Care home beds commissioned"
    # One save: the check-in (October's, a new version) and the review together.
    assert set(queries.audit_log(db, who="test.user")["entity"]) == {"check_in", "risk"}


def test_a_check_in_whose_review_is_invalid_writes_neither_values_nor_review(app, sample_db_path):
    at = app("update", initiative="DIS-01")
    db = Database(sample_db_path)
    before = queries.write_counter(db)
    at.session_state["update_values_1"] = edits({0: {"Value": "61", "Note": "Corrected"}})
    # 1 × 1 is below R19's target score (1 × 2): the review is refused, and so is the rest.
    at.session_state["update_reviews_1"] = edits(
        {0: {"Review": True, "Likelihood": 1, "Consequence": 1}}
    )
    fill_check_in(at)
    at.button(key="update_save").click().run()
    assert "Nothing was saved" in at.error[0].value
    assert "Risk DIS-01-R19" in at.error[0].value
    assert "is above the current score 1" in at.error[0].value
    assert queries.write_counter(db) == before


def test_the_update_page_enters_a_benefits_month_with_the_check_in(app, sample_db_path):
    at = app("update", initiative="DIS-01")
    # DIS-01's benefits by code: B1 (£) first.
    at.session_state["update_benefits_1"] = edits(
        {0: {"Actual": 41_000, "Forecast outturn": 470_000}}
    )
    fill_check_in(at)
    at.button(key="update_save").click().run()
    assert not at.error, [e.value for e in at.error]
    months = registers.benefit_months(Database(sample_db_path))
    october = months[(months["benefit"] == "DIS-01-B1") & (months["month"] == "2026-10-01")]
    # The month's plan is kept; the actual and forecast are the ones typed, by the person.
    assert october[["actual", "forecast", "recorded_by"]].values.tolist() == [
        [41_000, 470_000, "test.user"]
    ]
    assert october["planned"].iloc[0] == 43_200  # 9 % of the year's £480,000 in October


def test_the_benefit_grid_shows_an_empty_cell_where_a_month_has_no_figure(app):
    at = app("update", initiative="DIS-01")
    grid = next(t.value for t in at.dataframe if "Forecast outturn" in t.value.columns)
    # The sample's October for DIS-01-B2 (bed days) has an actual of 400 and no forecast or
    # confidence: those cells are empty text, never the word None a number cell shows.
    october = next(
        r for r in _rows("benefit_months.csv")
        if r["benefit"] == "DIS-01-B2" and r["month"] == "2026-10-01"
    )  # fmt: skip
    assert (october["forecast"], october["confidence"]) == ("", "")
    b2 = grid.set_index("code").loc["DIS-01-B2"]
    assert b2[["Actual", "Forecast outturn", "Confidence"]].tolist() == [october["actual"], "", ""]


def test_a_benefit_cell_with_a_pound_sign_is_refused_and_nothing_is_saved(app, sample_db_path):
    at = app("update", initiative="DIS-01")
    db = Database(sample_db_path)
    before = queries.write_counter(db)
    at.session_state["update_benefits_1"] = edits({0: {"Actual": "£41,000"}})
    fill_check_in(at)
    at.button(key="update_save").click().run()
    assert "Nothing was saved" in at.error[0].value
    assert "Benefit DIS-01-B1, Oct 2026: Actual: '£41,000' has a currency sign" in at.error[0].value
    assert queries.write_counter(db) == before
    # The grid comes back as typed, its empty cells still empty.
    grid = next(t.value for t in at.dataframe if "Forecast outturn" in t.value.columns)
    assert grid["Actual"].tolist()[0] == "£41,000"
    assert not grid[["Actual", "Forecast outturn", "Confidence"]].isna().any().any()


def test_the_boxes_path_reviews_a_risk_too(app, sample_db_path):
    at = app("update", initiative="DIS-01")
    at.toggle(key="update_boxes").set_value(True).run()
    # No grids on the keyboard and screen-reader path: R19's review has boxes named for it.
    assert len(at.dataframe) == 0
    at.checkbox(key="update_rbox_1_0").check()
    assert at.selectbox(key="update_rbox_1_0_l").label == "Likelihood · DIS-01-R19"
    at.selectbox(key="update_rbox_1_0_l").set_value(3)
    fill_check_in(at)
    at.button(key="update_save").click().run()
    assert not at.error, [e.value for e in at.error]
    history = registers.risk_history(Database(sample_db_path))
    assert history[history["code"] == "DIS-01-R19"]["current_likelihood"].tolist() == [5, 4, 3]


def test_the_boxes_path_enters_a_benefits_month_from_empty_boxes(app, sample_db_path):
    at = app("update", initiative="DIS-01")
    at.toggle(key="update_boxes").set_value(True).run()
    # DIS-01-B2 (second row) has no October forecast in the sample: its box starts empty.
    box = at.text_input(key="update_bbox_1_1_Forecast outturn")
    assert (box.label, box.value) == ("Forecast outturn · DIS-01-B2 (bed days)", "")
    box.input("4700")
    fill_check_in(at)
    at.button(key="update_save").click().run()
    assert not at.error, [e.value for e in at.error]
    months = registers.benefit_months(Database(sample_db_path))
    october = months[(months["benefit"] == "DIS-01-B2") & (months["month"] == "2026-10-01")]
    # The actual is kept as held (400 in the sample), the forecast is the one typed.
    assert october[["actual", "forecast"]].values.tolist() == [[400, 4700]]

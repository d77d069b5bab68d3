"""The programme workbook: template layout, cell reading, and the export → load → export round trip."""

from datetime import date, datetime
from io import BytesIO

import openpyxl
import pytest
from pydantic import Field

from tests.conftest import TODAY
from tests.workbook_helpers import small_book, small_content, values
from tracker.errors import NotAllowed
from tracker.importers.kinds import layout_of
from tracker.models import (
    BenefitMonth,
    Code,
    Day,
    DriverNode,
    Initiative,
    Milestone,
    PdsaCycle,
    Person,
    Risk,
)
from tracker.store import queries
from tracker.workbook import programme, read_workbook, workbook_bytes
from tracker.workbook.cells import parse_trajectory, read_cell
from tracker.workbook.layout import (
    BENEFIT_MONTHS,
    DATA_POINTS,
    DRIVERS,
    GOALS,
    INITIATIVES,
    LISTS,
    MEASURES,
    MILESTONES,
    PDSA,
    README,
    RISKS,
    SHEETS,
    columns_of,
)
from tracker.workbook.problems import validate_row


def test_template_has_a_documented_sheet_per_entity_readme_and_drop_down_lists():
    book = openpyxl.load_workbook(BytesIO(workbook_bytes()))
    assert book.sheetnames == [README, *[s.name for s in SHEETS], LISTS]
    assert book[LISTS].sheet_state == "hidden"
    readme = [r for r in book[README].iter_rows(values_only=True)]
    documented = {(r[0], r[1]) for r in readme if r[1]}
    for sheet in SHEETS:
        ws = book[sheet.name]
        header = [c.value for c in ws[1]]
        assert header == [c.name for c in sheet.columns]
        # Headers keep the stored names the tracker reads; notes and the README give the words.
        notes = [c.comment.text if c.comment else "" for c in ws[1]]
        assert [n.split(". ")[0] for n in notes] == [c.label for c in sheet.columns]
        assert {(sheet.name, c.name) for c in sheet.columns} <= documented
    words = {(r[1], r[2]) for r in readme if r[1]}
    assert ("forecast_date", "Forecast date") in words and (
        "sro",
        "Senior responsible owner (SRO)",
    ) in words
    checks = {str(v.sqref): v for v in book["Initiatives"].data_validations.dataValidation}
    status = checks["K2:K1048576"]  # status is the 11th column of Initiatives
    assert status.type == "list" and status.showErrorMessage
    letter = status.formula1.split("$")[1]
    allowed = [c.value for c in book[LISTS][letter][1:] if c.value]
    assert allowed == ["proposed", "active", "paused", "closed"]


def test_layout_columns_are_the_model_fields_in_order():
    for sheet in SHEETS:
        assert [c.name for c in sheet.columns] == list(sheet.model.model_fields)


def test_template_reads_back_as_empty_content():
    content = read_workbook(workbook_bytes(), TODAY)
    assert content.items() == [] and content.points.empty


def test_small_workbook_reads_back_as_the_same_models():
    expected = small_content()
    content = read_workbook(small_book(), TODAY)
    assert content.items() == expected.items()
    assert content.points["value"].tolist() == [74.0, 75.5]
    assert content.points["period"].tolist() == [date(2026, 9, 1), date(2026, 10, 1)]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (datetime(2026, 4, 1), date(2026, 4, 1)),
        ("2026-04-01", date(2026, 4, 1)),
        (" 2026-04-01 ", date(2026, 4, 1)),
    ],
)
def test_dates_are_excel_dates_or_iso_text(cell, expected):
    assert read_cell(cell, INITIATIVES.column("start_date")) == expected


@pytest.mark.parametrize("cell", ["01/04/2026", "2026-4-1", "April 2026", "2026-02-30"])
def test_other_date_text_is_refused_with_the_format_to_use(cell):
    with pytest.raises(ValueError, match="not a (real )?date"):
        read_cell(cell, INITIATIVES.column("start_date"))


def test_choices_ignore_case_and_numbers_refuse_percent_signs():
    assert read_cell("Monthly", MEASURES.column("frequency")) == "monthly"
    assert read_cell(" RATE PER 1,000 ", MEASURES.column("unit")) == "rate per 1,000"
    with pytest.raises(ValueError, match="without the % sign"):
        read_cell("76%", GOALS.column("target_value"))
    with pytest.raises(ValueError, match="not a whole number"):
        read_cell(1.5, MEASURES.column("decimals"))
    assert read_cell(12.0, MEASURES.column("code")) == "12"


def test_trajectory_text_round_trips_and_names_a_bad_pair():
    points = parse_trajectory("2026-10-01=76; 2026-04-01=74.5")
    assert [(p.period, p.value) for p in points] == [(date(2026, 4, 1), 74.5),
                                                     (date(2026, 10, 1), 76.0)]  # fmt: skip
    with pytest.raises(ValueError, match="'2026-04-01 74' is not period=value"):
        parse_trajectory("2026-04-01 74")


def test_cross_field_rules_are_reported_even_when_other_fields_fail():
    values_given = {
        "code": "bad code!", "programme": "TEST", "aim": "x", "lead": "a", "sponsor": "b",
        "theme": "t", "organisation": "o", "start_date": date(2026, 4, 1),
        "planned_end": date(2025, 4, 1),
    }  # fmt: skip
    model, problems = validate_row(INITIATIVES, values_given)
    assert model is None
    fields = dict(problems)
    assert "is not a valid code" in fields["code"]
    assert fields["name"] == "required; fill it in"
    assert "planned_end 2025-04-01 is before start_date 2026-04-01" in fields["planned_end"]


def test_text_starting_with_equals_is_kept_as_text_not_a_formula(db):
    content = small_content()
    initiative = content.entities["Initiatives"][0]
    assert isinstance(initiative, Initiative)
    risky = initiative.model_copy(update={"aim": '=HYPERLINK("http://x")'})
    content.entities["Initiatives"] = (risky,)  # type: ignore[index]
    data = workbook_bytes(content)
    book = openpyxl.load_workbook(BytesIO(data))
    assert book["Initiatives"]["D2"].data_type == "s"
    assert read_workbook(data, TODAY).entities["Initiatives"][0].aim == risky.aim


def test_round_trip_export_load_into_empty_db_export_gives_the_same_workbook(sample_db, db):
    first = programme.export_bytes(sample_db)
    result = programme.load(db, first, "loader", TODAY)
    assert result.points.added == len(queries.data_points(sample_db))
    second = programme.export_bytes(db)
    before, after = values(first), values(second)
    assert before == after
    assert len(before["Measures"]) == 46 and len(before["DataPoints"]) > 3000
    # The improvement method and the registers round-trip with the rest.
    for sheet in ("Drivers", "PDSA", "Risks", "Benefits", "BenefitMonths"):
        assert len(before[sheet]) > 10, sheet


def test_loading_the_same_workbook_again_leaves_everything_alone(small_db):
    data = small_book()
    first = programme.load(small_db, data, "a", TODAY)
    assert first.keys("Programme", "unchanged") == ["TEST"]
    assert first.keys("Target", "added") == ["UEC-01-M1 from 2026-04-01"]
    counter = queries.write_counter(small_db)
    again = programme.load(small_db, data, "b", TODAY)
    assert {i.outcome for i in again.items} == {"unchanged"}
    assert (again.points.added, again.points.changed) == (0, 0)
    assert queries.write_counter(small_db) == counter


def test_dry_run_reports_what_would_change_and_writes_nothing(small_db):
    counter = queries.write_counter(small_db)
    result = programme.load(small_db, small_book(), "a", TODAY, dry_run=True)
    lines = programme.summary_lines(result)
    assert (
        "Targets: 1 created, 0 changed, 0 left alone (created UEC-01-M1 from 2026-04-01)" in lines
    )
    assert "DataPoints: 2 created, 0 changed, 0 left alone" in lines
    assert queries.write_counter(small_db) == counter
    assert queries.targets(small_db).empty and queries.data_points(small_db).empty


def test_a_stored_row_that_breaks_todays_rules_stops_the_export_with_what_to_fix(small_db):
    # Written before the rules refused a line break in a one-line field.
    small_db.cursor().execute(
        "UPDATE measure SET name = 'Length\nof stay' WHERE code = 'UEC-01-M3'"
    )
    with pytest.raises(NotAllowed) as caught:
        programme.export_bytes(small_db)
    assert str(caught.value) == (
        "Measures UEC-01-M3, name: holds a line break or tab; keep it on one line. Correct it "
        "on the set-up pages, then export again."
    )


def test_a_field_added_to_a_model_is_a_workbook_column_with_its_description_as_help():
    class MilestoneWithRisk(Milestone):
        risk_owner: Person = Field(description="Who owns the risk.")
        due_by: Day | None = Field(None, description="When it must be done by.")

    columns = {c.name: c for c in columns_of(MilestoneWithRisk)}
    assert list(columns) == list(MilestoneWithRisk.model_fields)
    assert (
        columns["risk_owner"].help == "Who owns the risk." and columns["risk_owner"].kind == "text"
    )
    assert columns["due_by"].kind == "date" and columns["due_by"].help.startswith("When it must")
    # The sheet's existing columns are the model's too, with the same kinds and choices.
    assert [c.name for c in MILESTONES.columns] == list(Milestone.model_fields)
    assert columns["status"].choices == MILESTONES.column("status").choices


def test_a_field_added_to_a_method_or_register_model_is_a_column_of_its_kind():
    class NodeWithRisks(DriverNode):
        risks: tuple[Code, ...] = Field((), description="Codes of the risks it answers.")

    class CycleWithCost(PdsaCycle):
        cost: float | None = Field(None, description="What the test cost, in pounds.")

    class RiskWithAppetite(Risk):
        within_appetite: bool = Field(True, description="True if within the board's appetite.")

    class MonthWithNote(BenefitMonth):
        note: str = Field("", description="Why the actual differs from the plan.")

    added = {
        NodeWithRisks: ("risks", "codes", DRIVERS),
        CycleWithCost: ("cost", "number", PDSA),
        RiskWithAppetite: ("within_appetite", "true or false", RISKS),
        MonthWithNote: ("note", "text", BENEFIT_MONTHS),
    }
    for model, (name, kind, sheet) in added.items():
        columns = {c.name: c for c in columns_of(model)}
        assert list(columns) == list(model.model_fields)
        assert columns[name].kind == kind
        assert columns[name].help == model.model_fields[name].description
        # The CSV import's columns come from the same fields.
        assert name in layout_of(model, sheet.name).optional
        # The existing columns keep their kinds, the lists and actions theirs.
        for column in sheet.columns:
            assert columns[column.name].kind == column.kind
    assert DRIVERS.column("parents").kind == "links" and RISKS.column("actions").kind == "actions"


def test_each_entity_sheet_records_its_used_range_as_excel_does():
    # Read-only openpyxl takes the recorded range as the sheet's size: without one it parses the
    # whole sheet to find it. The header row plus one row per item, as wide as the sheet's columns.
    book = openpyxl.load_workbook(BytesIO(small_book()), read_only=True)
    content = small_content()
    for sheet in SHEETS:
        ws = book[sheet.name]
        rows = len(content.points) if sheet is DATA_POINTS else len(content.rows(sheet))
        assert (ws.max_row, ws.max_column) == (1 + rows, len(sheet.columns)), sheet.name

"""The workbook's method and register sheets: round trip, and each bad input named by sheet, row
and column with nothing written (issues 17 and 18)."""

from datetime import date
from functools import cache
from io import BytesIO

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from tests.conftest import TODAY, small_programme
from tests.workbook_helpers import edited, small_content, values
from tracker.errors import ImportRejected
from tracker.models import (
    Benefit,
    BenefitMonth,
    DriverLink,
    DriverNode,
    LinkStrength,
    PdsaCycle,
    Risk,
    RiskAction,
    RiskSettings,
)
from tracker.store import qi, queries, registers
from tracker.workbook import WorkbookContent, programme, read_workbook, workbook_bytes
from tracker.workbook.layout import SHEETS


def method_content() -> WorkbookContent:
    """Return the small programme with a second initiative, a three-column driver diagram, a
    ramp of two PDSA cycles, the programme's risk settings, a risk, and a benefit with months."""
    content = small_content()
    second = small_programme()[1].model_copy(update={"code": "UEC-02", "name": "Second"})
    measure = small_programme()[2].model_copy(update={"code": "UEC-02-M1", "initiative": "UEC-02"})
    nodes = (
        DriverNode(code="UEC-01-P1", initiative="UEC-01", kind="primary", title="Flow",
                   measures=("UEC-01-M1",)),
        DriverNode(code="UEC-01-S1", initiative="UEC-01", kind="secondary", title="Triage",
                   parents=(DriverLink(code="UEC-01-P1"),)),
        DriverNode(code="UEC-01-C1", initiative="UEC-01", kind="change idea", title="Streaming",
                   parents=(DriverLink(code="UEC-01-S1", strength=LinkStrength.hypothesised),),
                   measures=("UEC-01-M1", "UEC-01-M3")),
        DriverNode(code="UEC-01-C2", initiative="UEC-01", kind="change idea", title="Rota",
                   position=2, parents=(DriverLink(code="UEC-01-S1"),)),
    )  # fmt: skip
    first = PdsaCycle(
        code="UEC-01-C1-1", change_idea="UEC-01-C1", number=1, objective="Try streaming",
        prediction="Ten more patients a week\nstreamed", start_date=date(2026, 5, 4),
        end_date=date(2026, 5, 29), owner="Lee Lead", measures=("UEC-01-M1",),
        do_date=date(2026, 5, 29), do_notes="Ran four weeks", study_date=date(2026, 6, 3),
        study_notes="Twelve a week", act_date=date(2026, 6, 5), act_decision="adapt",
        act_notes="Add evenings",
    )  # fmt: skip
    second_cycle = PdsaCycle(
        code="UEC-01-C1-2", change_idea="UEC-01-C1", number=2, follows="UEC-01-C1-1",
        objective="Evenings too", prediction="Twenty a week", start_date=date(2026, 6, 8),
        end_date=date(2026, 7, 3), owner="Lee Lead",
    )  # fmt: skip
    risk = Risk(
        code="UEC-01-R1", programme="TEST", initiative="UEC-01", title="Staff shortage",
        cause="Because of vacancies", event="there is a risk that SDEC closes early",
        effect="which would send patients back to ED", category="workforce", owner="Lee Lead",
        identified=date(2026, 4, 1), last_reviewed=date(2026, 10, 1),
        next_review=date(2026, 12, 1), controls="Bank staff",
        actions=(
            RiskAction(action="Recruit two nurses", owner="Lee Lead", due=date(2027, 1, 31)),
            RiskAction(action="Agree bank rates", owner="Dana Director", due=date(2026, 9, 1),
                       done=date(2026, 8, 20)),
        ),
        initial_likelihood=4, initial_consequence=4, current_likelihood=3,
        current_consequence=4, target_likelihood=2, target_consequence=3,
    )  # fmt: skip
    benefit = Benefit(
        code="UEC-01-B1", initiative="UEC-01", title="Fewer agency shifts",
        category="cash-releasing", owner="Lee Lead", baseline=1500.5,
        profile_from=date(2026, 4, 1), profile_to=date(2027, 3, 1), measure="UEC-01-M1",
    )  # fmt: skip
    months = (
        BenefitMonth(benefit="UEC-01-B1", month=date(2026, 4, 1), planned=10000, actual=9500.25),
        BenefitMonth(benefit="UEC-01-B1", month=date(2026, 5, 1), planned=12000, forecast=130000,
                     confidence=3),
    )  # fmt: skip
    entities = dict(content.entities)
    entities["Initiatives"] = (*entities["Initiatives"], second)
    entities["Measures"] = (*entities["Measures"], measure)
    entities.update(
        Drivers=nodes,
        PDSA=(first, second_cycle),
        RiskSettings=(RiskSettings(programme="TEST", escalation=12),),
        Risks=(risk,),
        Benefits=(benefit,),
        BenefitMonths=months,
    )
    return WorkbookContent(entities, content.points)


@cache
def method_book() -> bytes:
    """Return method_content as workbook bytes (built once, 40 ms: tests edit copies of it)."""
    return workbook_bytes(method_content())


def cell(sheet: str, column: str, row: int) -> str:
    """Return the reference of a column's cell on a row, e.g. ('Risks', 'owner', 2) → 'I2'."""
    names = [c.name for c in next(s for s in SHEETS if s.name == sheet).columns]
    return f"{get_column_letter(names.index(column) + 1)}{row}"


def set_cells(sheet: str, row: int, **cells: object) -> bytes:
    return edited(method_book(), sheet, {cell(sheet, k, row): v for k, v in cells.items()})


def problems(data: bytes) -> list[str]:
    with pytest.raises(ImportRejected) as caught:
        read_workbook(data, TODAY)
    return [str(e) for e in caught.value.errors]


def test_the_method_and_register_sheets_read_back_as_the_same_models():
    assert read_workbook(method_book(), TODAY).items() == method_content().items()


def test_lists_and_actions_are_written_as_people_type_them():
    book = openpyxl.load_workbook(BytesIO(method_book()))
    assert book["Drivers"][cell("Drivers", "parents", 4)].value == "UEC-01-S1=hypothesised"
    assert book["Drivers"][cell("Drivers", "measures", 4)].value == "UEC-01-M1; UEC-01-M3"
    assert book["Risks"][cell("Risks", "actions", 2)].value == (
        "Recruit two nurses | Lee Lead | 2027-01-31\n"
        "Agree bank rates | Dana Director | 2026-09-01 | 2026-08-20"
    )
    assert book["Benefits"][cell("Benefits", "dis_benefit", 2)].value is False


def test_loading_into_an_empty_database_keeps_every_version_and_exports_the_same(db):
    data = method_book()
    result = programme.load(db, data, "loader", TODAY)
    assert result.keys("PdsaCycle", "added") == ["UEC-01-C1-1", "UEC-01-C1-2"]
    assert result.keys("BenefitMonth", "added") == ["UEC-01-B1 2026-04-01", "UEC-01-B1 2026-05-01"]
    assert list(qi.diagram_nodes(db)["code"]) == ["UEC-01-P1", "UEC-01-S1", "UEC-01-C1",
                                                  "UEC-01-C2"]  # fmt: skip
    assert registers.risk_settings(db)["escalation"].tolist() == [12]
    assert values(programme.export_bytes(db)) == values(data)
    # A review in the workbook is a new version of the risk; the first is kept.
    reviewed = set_cells("Risks", 2, current_likelihood=2, last_reviewed=date(2026, 11, 1))
    again = programme.load(db, reviewed, "reviewer", TODAY)
    assert again.keys("Risk", "changed") == ["UEC-01-R1"]
    assert {i.outcome for i in again.items if i.kind != "Risk"} == {"unchanged"}
    assert registers.risk_history(db)["current_likelihood"].tolist() == [3, 2]


def test_a_pdsa_cycle_loads_with_a_diagram_already_in_the_database(db):
    content = method_content()
    programme.load(db, workbook_bytes(content), "loader", TODAY)
    only_cycle = PdsaCycle(
        code="UEC-01-C2-1", change_idea="UEC-01-C2", number=1, objective="Try the rota",
        prediction="Fewer gaps", start_date=date(2026, 9, 7), end_date=date(2026, 10, 2),
        owner="Lee Lead", follows=None,
    )  # fmt: skip
    result = programme.load(db, workbook_bytes(WorkbookContent({"PDSA": (only_cycle,)})), "b",
                            TODAY)  # fmt: skip
    assert result.keys("PdsaCycle", "added") == ["UEC-01-C2-1"]


def with_rows(sheet: str, *rows: list[object]) -> bytes:
    return edited(method_book(), sheet, rows=[list(r) for r in rows])


def node_row(**cells: object) -> list[object]:
    names = [c.name for c in next(s for s in SHEETS if s.name == "Drivers").columns]
    return [cells.get(n) for n in names]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            lambda: set_cells("Drivers", 3, parents="UEC-01-P9"),
            "Drivers, row 3, column parents: UEC-01-S1 no node UEC-01-P9 in UEC-01's driver "
            "diagram; add it first or check the code",
        ),
        (
            lambda: set_cells("Drivers", 2, measures="UEC-01-M1; UEC-01-M9"),
            "Drivers, row 2, column measures: UEC-01-P1 no measure UEC-01-M9 in UEC-01; link one "
            "of the initiative's own measures",
        ),
        (
            lambda: set_cells("Drivers", 2, measures="UEC-02-M1"),
            "Drivers, row 2, column measures: UEC-01-P1 no measure UEC-02-M1 in UEC-01; link one "
            "of the initiative's own measures",
        ),
        (
            lambda: set_cells("PDSA", 3, measures="UEC-01-M7"),
            "PDSA, row 3, column measures: UEC-01-C1-2 no measure UEC-01-M7 in the initiative; "
            "name one of its own measures",
        ),
        (
            lambda: set_cells("PDSA", 2, change_idea="UEC-01-C9"),
            "PDSA, row 2, column change_idea: unknown change_idea code 'UEC-01-C9'; add it to "
            "the Drivers sheet, or check the code",
        ),
        (
            lambda: set_cells("PDSA", 3, change_idea="UEC-01-C2", number=1),
            "PDSA, row 3, column follows: UEC-01-C1-2 UEC-01-C1-1 tests UEC-01-C1, another "
            "change idea; a ramp of cycles tests one idea (UEC-01-C2)",
        ),
        (
            lambda: set_cells("PDSA", 3, end_date=date(2026, 6, 1)),
            "PDSA, row 3, column end_date: end_date 2026-06-01 is before start_date 2026-06-08",
        ),
        (
            lambda: set_cells("PDSA", 2, do_date=None, do_notes=None),
            "PDSA, row 2, column do_notes: a study needs a do first: write what happened "
            "(do_notes, do_date)",
        ),
        (
            lambda: set_cells("PDSA", 2, number=0),
            "PDSA, row 2, column number: 0 is too small: the least allowed is 1",
        ),
    ],
    ids=[
        "unknown parent node",
        "unknown measure",
        "measure of another initiative",
        "cycle's unknown measure",
        "unknown change idea",
        "ramp across change ideas",
        "end before start",
        "study without a do",
        "number outside its scale",
    ],  # fmt: skip
)
def test_each_bad_method_input_is_named_by_sheet_row_and_column(data, expected):
    assert problems(data()) == [expected]


def test_a_diagram_loop_names_each_node_on_it():
    looped = set_cells("Drivers", 3, parents="UEC-01-S2")
    data = edited(looped, "Drivers", rows=[node_row(code="UEC-01-S2", initiative="UEC-01",
                                                    kind="secondary", title="Loop",
                                                    parents="UEC-01-S1")])  # fmt: skip
    assert problems(data) == [
        "Drivers, row 3, column parents: UEC-01-S1 UEC-01-S1 would be its own ancestor (its "
        "links go round in a loop); link it to a node before it",
        "Drivers, row 6, column parents: UEC-01-S2 UEC-01-S2 would be its own ancestor (its "
        "links go round in a loop); link it to a node before it",
    ]


def test_a_node_that_serves_itself_is_refused():
    assert problems(set_cells("Drivers", 3, parents="UEC-01-S1")) == [
        "Drivers, row 3, column parents: UEC-01-S1 cannot serve itself (parents): a node may not "
        "be its own ancestor"
    ]


@pytest.mark.parametrize(
    ("sheet", "cells", "expected"),
    [
        (
            "Risks",
            {"current_likelihood": 6},
            "Risks, row 2, column current_likelihood: 6 is too large: the most allowed is 5",
        ),
        (
            "Risks",
            {"initial_consequence": 0},
            "Risks, row 2, column initial_consequence: 0 is too small: the least allowed is 1",
        ),
        (
            "Risks",
            {"target_likelihood": 4, "target_consequence": 4},
            "Risks, row 2, column target_likelihood: the target score 16 is above the current "
            "score 12; lower target_likelihood or target_consequence, since a target is where the "
            "risk's actions bring it down to",
        ),
        (
            "Risks",
            {"next_review": date(2026, 9, 1)},
            "Risks, row 2, column next_review: next_review 2026-09-01 is before last_reviewed "
            "2026-10-01",
        ),
        (
            "Risks",
            {"actions": "Recruit two nurses | | 2027-01-31"},
            "Risks, row 2, column actions: item 1, owner: required; fill it in",
        ),
        (
            "BenefitMonths",
            {"planned": "£10000"},
            "BenefitMonths, row 2, column planned: '£10000' has a currency sign; enter the amount "
            "alone",
        ),
        (
            "BenefitMonths",
            {"actual": "9.500,25"},
            "BenefitMonths, row 2, column actual: '9.500,25' is not a number; enter digits only "
            "(e.g. 76.4)",
        ),
        (
            "BenefitMonths",
            {"month": date(2027, 4, 1)},
            "BenefitMonths, row 2, column month: Apr 2027 is outside benefit UEC-01-B1's profile "
            "(Apr 2026 to Mar 2027); check the month or widen the profile",
        ),
        (
            "Benefits",
            {"measure": "UEC-02-M1"},
            "Benefits, row 2, column measure: measure UEC-02-M1 belongs to initiative UEC-02, not "
            "UEC-01; link one of the benefit's own initiative's measures",
        ),
        (
            "Risks",
            {"initiative": "UEC-09"},
            "Risks, row 2, column initiative: unknown initiative code 'UEC-09'; add it to the "
            "Initiatives sheet, or check the code",
        ),
        (
            "RiskSettings",
            {"high_from": 3},
            "RiskSettings, row 2, column moderate_from: the bands must begin in order: moderate_from < "
            "high_from < extreme_from",
        ),
    ],
    ids=[
        "score above 5",
        "score below 1",
        "target above current",
        "review dates out of order",
        "action without an owner",
        "currency sign",
        "thousands in another form",
        "month outside the profile",
        "measure of another initiative",
        "unknown initiative",
        "bands out of order",
    ],  # fmt: skip
)
def test_each_bad_register_input_is_named_by_sheet_row_and_column(sheet, cells, expected):
    assert problems(set_cells(sheet, 2, **cells)) == [expected]


def test_a_bad_row_on_a_new_sheet_writes_nothing_at_all(small_db):
    counter = queries.write_counter(small_db)
    bad = set_cells("PDSA", 3, end_date=date(2026, 6, 1))
    with pytest.raises(ImportRejected):
        programme.load(small_db, bad, "loader", TODAY)
    assert queries.write_counter(small_db) == counter
    assert qi.diagram_nodes(small_db).empty and registers.risks(small_db).empty


def test_a_node_code_held_by_another_initiative_is_refused(db):
    programme.load(db, method_book(), "loader", TODAY)
    moved = set_cells("Drivers", 2, initiative="UEC-02", measures=None)
    with pytest.raises(ImportRejected) as caught:
        programme.load(db, moved, "loader", TODAY)
    assert str(caught.value.errors[0]) == (
        "Drivers, row 2, column initiative: node UEC-01-P1 already belongs to initiative UEC-01; "
        "node codes are unique across the programme, so give this one a new code"
    )


def test_a_change_idea_that_held_cycles_test_cannot_become_a_driver_on_the_drivers_sheet(db):
    programme.load(db, method_book(), "loader", TODAY)
    counter = queries.write_counter(db)
    # A later workbook of the diagram alone: UEC-01-C1, which cycles C1-1 and C1-2 test (held,
    # not on this workbook), made a secondary driver of P1.
    retyped = DriverNode(code="UEC-01-C1", initiative="UEC-01", kind="secondary",
                         title="Streaming", parents=(DriverLink(code="UEC-01-P1"),))  # fmt: skip
    with pytest.raises(ImportRejected) as caught:
        programme.load(db, workbook_bytes(WorkbookContent({"Drivers": (retyped,)})), "b", TODAY)
    assert [str(e) for e in caught.value.errors] == [
        "Drivers, row 2, column kind: UEC-01-C1 cannot become a secondary driver: PDSA cycles "
        "UEC-01-C1-1, UEC-01-C1-2 test it, and a cycle keeps its change idea and its history. "
        "Keep it a change idea, and add the secondary driver as a new node"
    ]
    assert queries.write_counter(db) == counter
    assert qi.diagram_nodes(db).set_index("code").loc["UEC-01-C1", "kind"] == "change idea"

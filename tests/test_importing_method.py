"""CSV import of driver diagram nodes and PDSA cycles: preview, errors by row and column, one write,
and the same through `tracker import --kind drivers|pdsa`."""

import pytest
from typer.testing import CliRunner

from tests.conftest import TODAY
from tracker import importing
from tracker.cli import app
from tracker.errors import ImportRejected
from tracker.importers import LAYOUTS, ImportKind
from tracker.models import DriverNode, PdsaCycle, User
from tracker.store import Database, grants, qi, queries

NODES = (
    "code,initiative,kind,title,position,parents,measures\n"
    "UEC-01-P1,UEC-01,primary,Flow,1,,UEC-01-M1\n"
    "UEC-01-S1,UEC-01,secondary,Triage,1,UEC-01-P1,\n"
    'UEC-01-C1,UEC-01,change idea,Streaming,1,"UEC-01-S1=hypothesised",UEC-01-M1; UEC-01-M3\n'
    "UEC-01-C2,UEC-01,change idea,Rota,2,UEC-01-S1,\n"
)
CYCLES = (
    "code,change_idea,number,follows,objective,prediction,start_date,end_date,owner,measures\n"
    "UEC-01-C1-1,UEC-01-C1,1,,Try streaming,Ten more a week,2026-05-04,2026-05-29,Lee Lead,"
    "UEC-01-M1\n"
    "UEC-01-C1-2,UEC-01-C1,2,UEC-01-C1-1,Evenings too,Twenty a week,2026-06-08,2026-07-03,"
    "Lee Lead,\n"
)


def imported(db: Database, text: str, kind: ImportKind, initiative: str | None = None):
    parsed = importing.parse_import(db, text.encode(), "file.csv", kind, TODAY, initiative)
    return importing.preview_import(db, parsed)


def rejected(db: Database, text: str, kind: ImportKind, initiative: str | None = None):
    with pytest.raises(ImportRejected) as caught:
        imported(db, text, kind, initiative)
    return [(e.row, e.column, e.reason) for e in caught.value.errors]


def test_the_files_columns_are_the_models_fields():
    assert set(LAYOUTS[ImportKind.drivers].columns) == set(DriverNode.model_fields)
    assert LAYOUTS[ImportKind.drivers].optional == ("position", "parents", "measures")
    assert set(LAYOUTS[ImportKind.pdsa].columns) == set(PdsaCycle.model_fields)
    assert "follows" in LAYOUTS[ImportKind.pdsa].optional


def test_nodes_then_cycles_preview_and_write_with_their_links(small_db):
    preview = imported(small_db, NODES, ImportKind.drivers)
    assert preview.counts == {"add": 4, "change": 0, "unchanged": 0}
    assert preview.classified["row"].tolist() == [2, 3, 4, 5]
    done = importing.commit_import(small_db, "importer", preview)
    assert (done.added, done.changed) == (4, 0)
    stored = qi.diagram_nodes(small_db)
    assert stored.set_index("code").loc["UEC-01-C1", "parents"] == (
        '[{"code": "UEC-01-S1", "strength": "hypothesised"}]'
    )
    cycles = importing.commit_import(small_db, "importer", imported(small_db, CYCLES,
                                                                    ImportKind.pdsa))  # fmt: skip
    assert cycles.added == 2
    assert qi.pdsa_cycles(small_db)["follows"].tolist()[1] == "UEC-01-C1-1"
    # The same file again changes nothing; one edited title is one change.
    assert imported(small_db, NODES, ImportKind.drivers).counts["unchanged"] == 4
    renamed = imported(small_db, NODES.replace("Triage", "Triage at the door"), ImportKind.drivers)
    assert renamed.counts == {"add": 0, "change": 1, "unchanged": 3}


def test_a_link_to_an_unknown_node_and_a_loop_are_named_by_row_and_column(small_db):
    bad = NODES.replace("UEC-01-S1,UEC-01,secondary,Triage,1,UEC-01-P1",
                        "UEC-01-S1,UEC-01,secondary,Triage,1,UEC-01-P7")  # fmt: skip
    counter = queries.write_counter(small_db)
    assert rejected(small_db, bad, ImportKind.drivers) == [
        (3, "parents", "UEC-01-S1 no node UEC-01-P7 in UEC-01's driver diagram; add it first "
         "or check the code"),
    ]  # fmt: skip
    assert queries.write_counter(small_db) == counter and qi.diagram_nodes(small_db).empty


def test_a_bad_cell_and_an_unknown_measure_are_all_listed(small_db):
    bad = NODES.replace(",1,,UEC-01-M1", ",first,,UEC-01-M9")
    assert rejected(small_db, bad, ImportKind.drivers) == [
        (2, "position", "'first' is not a number; enter digits only (e.g. 76.4)"),
    ]
    measure = NODES.replace(",1,,UEC-01-M1", ",1,,UEC-01-M9")
    assert rejected(small_db, measure, ImportKind.drivers) == [
        (2, "measures", "UEC-01-P1 no measure UEC-01-M9 in UEC-01; link one of the "
         "initiative's own measures"),
    ]  # fmt: skip


def test_a_ramp_across_change_ideas_and_an_unknown_idea_are_refused(small_db):
    importing.commit_import(small_db, "importer", imported(small_db, NODES, ImportKind.drivers))
    across = CYCLES.replace("UEC-01-C1-2,UEC-01-C1,2,", "UEC-01-C1-2,UEC-01-C2,1,")
    assert rejected(small_db, across, ImportKind.pdsa) == [
        (3, "follows", "UEC-01-C1-2 UEC-01-C1-1 tests UEC-01-C1, another change idea; a ramp "
         "of cycles tests one idea (UEC-01-C2)"),
    ]  # fmt: skip
    unknown = CYCLES.replace("UEC-01-C1-1,UEC-01-C1,1", "UEC-01-C1-1,UEC-01-C9,1")
    assert rejected(small_db, unknown, ImportKind.pdsa) == [
        (2, "change_idea", "no change idea UEC-01-C9 in any driver diagram; add it first"),
    ]
    assert qi.pdsa_cycles(small_db).empty


def test_rows_of_another_initiative_are_refused_when_importing_for_one(small_db):
    assert rejected(small_db, NODES, ImportKind.drivers, initiative="UEC-02")[0] == (
        2, "initiative", "belongs to UEC-01, not UEC-02, the initiative this import is for"
    )  # fmt: skip


def test_the_cli_imports_nodes_and_names_a_bad_row(small_db, db_path, tmp_path):
    small_db.close()
    runner = CliRunner()
    file = tmp_path / "drivers.csv"
    file.write_text(NODES.replace("UEC-01-P1,UEC-01,primary,Flow,1,,UEC-01-M1",
                                  "UEC-01-P1,UEC-01,primary,Flow,1,UEC-01-S1,UEC-01-M1"))  # fmt: skip
    refused = runner.invoke(app, ["import", str(file), "--kind", "drivers", "--db", str(db_path)])
    assert refused.exit_code == 1
    assert "row 2" in refused.output and "parents" in refused.output
    file.write_text(NODES)
    done = runner.invoke(app, ["import", str(file), "--kind", "drivers", "--db", str(db_path)])
    assert done.exit_code == 0, done.output
    assert "4 added, 0 changed" in done.output


def test_a_drivers_file_that_makes_a_tested_change_idea_a_driver_is_refused(small_db):
    importing.commit_import(small_db, "importer", imported(small_db, NODES, ImportKind.drivers))
    importing.commit_import(small_db, "importer", imported(small_db, CYCLES, ImportKind.pdsa))
    retyped = NODES.splitlines()[0] + "\nUEC-01-C1,UEC-01,secondary,Streaming,1,UEC-01-P1,\n"
    # The file's one row (row 2) names the node, both cycles that test it and what to do.
    [(row, column, reason)] = rejected(small_db, retyped, ImportKind.drivers)
    assert (row, column) == (2, "kind")
    assert reason.startswith(
        "UEC-01-C1 cannot become a secondary driver: PDSA cycles UEC-01-C1-1, UEC-01-C1-2 test it"
    )
    assert qi.diagram_nodes(small_db).set_index("code").loc["UEC-01-C1", "kind"] == "change idea"


def test_a_cycle_owner_not_on_the_people_list_is_imported_with_a_warning(
    small_db, db_path, tmp_path
):
    grants.save_people(small_db, [User(name="Sam Owner", email="sam.owner@trust.nhs.uk")], "pmo")
    importing.commit_import(small_db, "importer", imported(small_db, NODES, ImportKind.drivers))
    small_db.close()
    file = tmp_path / "pdsa.csv"
    file.write_text(CYCLES)
    done = CliRunner().invoke(app, ["import", str(file), "--kind", "pdsa", "--db", str(db_path)])
    assert done.exit_code == 0, done.output
    # Both cycles' owner, Lee Lead, is not on the list (Sam Owner only): one warning, both named.
    assert (
        "Warning: Lee Lead (owner of PDSA cycle UEC-01-C1-1, PDSA cycle UEC-01-C1-2) is not on "
        "the people list; kept as written." in done.output
    )
    assert "2 added, 0 changed" in done.output
    cycles = qi.pdsa_cycles(Database(db_path))
    assert cycles["owner"].tolist() == ["Lee Lead", "Lee Lead"]

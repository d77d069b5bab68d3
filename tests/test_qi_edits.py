"""Keeping a driver diagram and PDSA cycles: versioned, audited, readable as at a past time;
a refused save names the row, field and reason and writes nothing."""

from datetime import date

import pytest
from qi_helpers import cycle, diagram, node

from tracker import drivers, pdsa, qi_edits
from tracker.errors import Conflict, ImportRejected
from tracker.store import qi, queries

WHO = "lee.lead@nhs.net"


@pytest.fixture
def drawn(small_db):
    qi_edits.save_diagram(small_db, WHO, "UEC-01", diagram())
    return small_db


def counts(db) -> tuple[int, int, int]:
    cur = db.cursor()
    return tuple(
        cur.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
        for t in ("diagram_node_version", "pdsa_cycle_version", "audit")
    )


def test_a_saved_diagram_reads_back_as_it_was_given(drawn):
    found = drivers.nodes_from_rows(qi.diagram_nodes(drawn, "UEC-01"))
    assert sorted(found, key=lambda n: n.code) == sorted(diagram(), key=lambda n: n.code)


def test_renaming_a_node_keeps_the_old_version_readable_as_at_before(drawn):
    before = queries.write_counter(drawn)
    at = (
        drawn.cursor().execute("SELECT max(recorded_at) FROM diagram_node_version").fetchall()[0][0]
    )
    said = qi_edits.save_node(drawn, "ana@nhs.net", node("S1", "secondary", "P1", title="Triage"))
    assert said.startswith("Saved the secondary S1 'Triage'")
    now = qi.diagram_nodes(drawn, "UEC-01").set_index("code")
    then = qi.diagram_nodes(drawn, "UEC-01", as_of=at).set_index("code")
    assert (now.loc["S1", "title"], then.loc["S1", "title"]) == ("Triage", "Title of S1")
    audit = queries.audit_log(drawn, limit=5)
    assert queries.write_counter(drawn) > before
    assert audit.iloc[0]["who"] == "ana@nhs.net" and audit.iloc[0]["action"] == "update"


def test_a_link_to_an_unknown_node_is_refused_with_row_and_field_and_nothing_written(drawn):
    held = counts(drawn)
    with pytest.raises(ImportRejected) as refused:
        qi_edits.save_diagram(
            drawn, WHO, "UEC-01", [node("C3", "change idea", "S1"), node("C4", "change idea", "S9")]
        )
    [error] = refused.value.errors
    assert (error.row, error.column) == (2, "parents") and "no node S9" in error.reason
    assert counts(drawn) == held


def test_a_link_to_an_unknown_measure_is_refused(drawn):
    with pytest.raises(ImportRejected, match="no measure UEC-09-M1"):
        qi_edits.save_node(drawn, WHO, node("C3", "change idea", "S1", measures=["UEC-09-M1"]))


def test_a_loop_made_by_a_change_is_refused_and_nothing_written(drawn):
    held = counts(drawn)
    with pytest.raises(ImportRejected, match="own ancestor"):
        qi_edits.save_node(drawn, WHO, node("S1", "secondary", "C1"))
    assert counts(drawn) == held


def test_a_driver_with_children_cannot_be_deleted_until_they_move(drawn):
    with pytest.raises(Conflict, match="C1, C2 link to it"):
        qi_edits.delete_node(drawn, WHO, "UEC-01", "S1")
    qi_edits.save_diagram(
        drawn, WHO, "UEC-01", [node("C1", "change idea", "S2"), node("C2", "change idea", "S2")]
    )
    assert "Deleted S1" in qi_edits.delete_node(drawn, WHO, "UEC-01", "S1")
    assert "S1" not in set(qi.diagram_nodes(drawn, "UEC-01")["code"])
    last = queries.audit_log(drawn, limit=1).iloc[0]
    assert (last["action"], last["code"]) == ("delete", "S1")


def test_a_change_idea_with_cycles_cannot_be_deleted(drawn):
    qi_edits.save_cycle(drawn, WHO, cycle("K1"))
    with pytest.raises(Conflict, match="PDSA cycles K1 test it"):
        qi_edits.delete_node(drawn, WHO, "UEC-01", "C1")


def test_a_ramp_of_cycles_is_kept_with_each_version(drawn):
    qi_edits.save_cycles(drawn, WHO, [cycle("K1"), cycle("K2", number=2, follows="K1")])
    studied = cycle(
        "K1",
        do_notes="Ran it",
        study_notes="Waits fell",
        act_decision="adopt",
        act_date=date(2026, 11, 4),
    )
    assert qi_edits.save_cycle(drawn, WHO, studied).startswith("Saved PDSA cycle 1 (K1) of C1")
    found = pdsa.cycles_from_rows(qi.pdsa_cycles(drawn, "UEC-01"))
    assert [c.code for c in found] == ["K1", "K2"] and found[0] == studied
    assert len(qi.cycle_history(drawn, "K1")) == 2


def test_a_cycle_following_a_cycle_of_another_idea_is_refused_and_nothing_written(drawn):
    qi_edits.save_cycle(drawn, WHO, cycle("K1", idea="C2"))
    held = counts(drawn)
    with pytest.raises(ImportRejected) as refused:
        qi_edits.save_cycle(drawn, WHO, cycle("K2", number=2, follows="K1"))
    [error] = refused.value.errors
    assert (error.row, error.column) == (1, "follows")
    assert counts(drawn) == held


def test_a_cycle_of_an_unknown_change_idea_is_refused(drawn):
    with pytest.raises(ImportRejected, match="no change idea C9"):
        qi_edits.save_cycle(drawn, WHO, cycle("K1", idea="C9"))


def test_a_change_idea_that_cycles_test_cannot_become_a_driver_and_nothing_is_written(drawn):
    qi_edits.save_cycles(drawn, WHO, [cycle("K1"), cycle("K2", number=2, follows="K1")])
    held = counts(drawn)
    with pytest.raises(ImportRejected) as refused:
        qi_edits.save_node(drawn, WHO, node("C1", "secondary", "P1"))
    [error] = refused.value.errors
    # Named by the node, its cycles and what to do instead.
    assert (error.row, error.column) == (1, "kind")
    assert error.reason == (
        "C1 cannot become a secondary driver: PDSA cycles K1, K2 test it, and a cycle keeps its "
        "change idea and its history. Keep it a change idea, and add the secondary driver as a "
        "new node"
    )
    assert counts(drawn) == held
    assert qi.diagram_nodes(drawn, "UEC-01").set_index("code").loc["C1", "kind"] == "change idea"


def test_a_change_idea_no_cycle_tests_may_become_a_driver(drawn):
    qi_edits.save_cycle(drawn, WHO, cycle("K1", idea="C2"))
    # C1 has no cycles (K1 tests C2): it may be made a secondary driver, linked to a primary.
    qi_edits.save_node(drawn, WHO, node("C1", "secondary", "P1"))
    assert qi.diagram_nodes(drawn, "UEC-01").set_index("code").loc["C1", "kind"] == "secondary"


def test_a_retyped_idea_is_found_only_where_cycles_test_it():
    nodes = [node("C1", "primary"), node("C2", "secondary", "C1"), node("C3", "change idea", "C2")]
    cycles = [cycle("K1", idea="C1"), cycle("K2", idea="C3"), cycle("K3", idea="C1")]
    # C1 is a driver now and K1, K3 test it; C2 has no cycles; C3 is still a change idea.
    assert [(p.code, p.field) for p in pdsa.retyped_ideas(nodes, cycles)] == [("C1", "kind")]
    assert "PDSA cycles K1, K3 test it" in pdsa.retyped_ideas(nodes, cycles)[0].reason

"""Set-up of a driver diagram and PDSA plans (AppTest on the sample): add, rename, link, delete."""

from tracker import drivers, pdsa
from tracker.demo import SAMPLE_DIR
from tracker.models import DriverKind
from tracker.store import Database, qi

USERS = SAMPLE_DIR / "users.csv"


def nodes(path):
    return {n.code: n for n in drivers.nodes_from_rows(qi.diagram_nodes(Database(path), "UEC-01"))}


def test_a_new_change_idea_is_added_linked_to_its_drivers(app, sample_db_path):
    at = app("setup_method", initiative="UEC-01")
    at.text_input(key="node_code_new").set_value("UEC-01-C13")
    at.selectbox(key="node_kind_new").set_value(DriverKind.change_idea)
    at.text_input(key="node_title_new").set_value("Frailty nurse in SDEC")
    at.multiselect(key="node_strong_new").set_value(["UEC-01-S3"])
    at.multiselect(key="node_hypothesised_new").set_value(["UEC-01-S4"])
    at.button(key="node_save").click().run()
    assert not at.error, [e.value for e in at.error]
    assert "Added the change idea UEC-01-C13" in at.success[0].value
    added = nodes(sample_db_path)["UEC-01-C13"]
    assert [(p.code, p.strength.value) for p in added.parents] == [
        ("UEC-01-S3", "strong"),
        ("UEC-01-S4", "hypothesised"),
    ]


def test_renaming_a_driver_keeps_its_links(app, sample_db_path):
    at = app("setup_method", initiative="UEC-01")
    at.selectbox(key="method_node").set_value("UEC-01-S3").run()
    at.text_input(key="node_title_UEC-01-S3").set_value("SDEC staffed 08:00–22:00 every day")
    at.button(key="node_save").click().run()
    assert "Saved the secondary UEC-01-S3" in at.success[0].value
    renamed = nodes(sample_db_path)["UEC-01-S3"]
    assert renamed.title == "SDEC staffed 08:00–22:00 every day"
    assert [p.code for p in renamed.parents] == ["UEC-01-P2"]


def test_a_driver_with_change_ideas_is_not_deleted(app, sample_db_path):
    at = app("setup_method", initiative="UEC-01")
    at.selectbox(key="method_node").set_value("UEC-01-S3").run()
    at.button(key="node_delete").click().run()
    assert "UEC-01-C5, UEC-01-C6 link to it" in at.error[0].value
    assert "UEC-01-S3" in nodes(sample_db_path)


def test_a_cycle_is_planned_as_the_next_of_its_ramp(app, sample_db_path):
    at = app("setup_method", initiative="UEC-01")
    at.selectbox(key="method_idea").set_value("UEC-01-C9").run()
    # Proposed: the idea's next number, following its latest cycle.
    assert at.text_input(key="cycle_code_UEC-01-C9_new").value == "UEC-01-C9-3"
    at.text_input(key="cycle_objective_UEC-01-C9_new").set_value(
        "Does it hold at weekends in winter?"
    )
    # The sample has a people list: the owner is picked from it.
    at.selectbox(key="cycle_owner_UEC-01-C9_new").set_value("Mark Telford")
    at.text_area(key="cycle_prediction_UEC-01-C9_new").set_value("12-hour stays under 3 %")
    at.button(key="cycle_save").click().run()
    assert not at.error, [e.value for e in at.error]
    cycles = pdsa.cycles_from_rows(qi.pdsa_cycles(Database(sample_db_path), "UEC-01"))
    planned = next(c for c in cycles if c.code == "UEC-01-C9-3")
    assert (planned.number, planned.follows) == (3, "UEC-01-C9-2")


def test_a_link_that_makes_a_loop_is_refused_with_its_reason_and_nothing_written(
    app, sample_db_path
):
    at = app("setup_method", initiative="UEC-01")
    at.selectbox(key="method_node").set_value("UEC-01-S3").run()
    # S3 serving C5, a change idea that serves S3: S3 would be its own ancestor.
    at.multiselect(key="node_strong_UEC-01-S3").set_value(["UEC-01-P2", "UEC-01-C5"])
    at.button(key="node_save").click().run()
    assert "own ancestor" in at.error[0].value
    assert [p.code for p in nodes(sample_db_path)["UEC-01-S3"].parents] == ["UEC-01-P2"]


def test_a_change_idea_with_cycles_is_not_made_a_driver(app, sample_db_path):
    at = app("setup_method", initiative="UEC-01")
    at.selectbox(key="method_node").set_value("UEC-01-C9").run()
    # C9 is tested by the sample's ramp C9-1, C9-2: the Kind field says it stays a change idea,
    # and made a secondary driver of P3 it is refused.
    assert "PDSA cycles UEC-01-C9-1, UEC-01-C9-2 test this change idea, so it stays one." in (
        at.selectbox(key="node_kind_UEC-01-C9").help
    )
    at.selectbox(key="node_kind_UEC-01-C9").set_value(DriverKind.secondary)
    at.multiselect(key="node_strong_UEC-01-C9").set_value(["UEC-01-P3"])
    at.button(key="node_save").click().run()
    [error] = at.error
    assert "Nothing was saved" in error.value
    assert (
        "UEC-01-C9 cannot become a secondary driver: PDSA cycles UEC-01-C9-1, UEC-01-C9-2 test it"
        in error.value
    )
    assert "Keep it a change idea, and add the secondary driver as a new node" in error.value
    assert nodes(sample_db_path)["UEC-01-C9"].kind is DriverKind.change_idea


def test_a_cycles_owner_is_offered_from_the_people_list_and_an_unlisted_one_is_kept(
    app, sample_db_path
):
    at = app("setup_method", initiative="UEC-01")
    at.selectbox(key="method_idea").set_value("UEC-01-C9").run()
    # Offered: everyone on the sample's people list (users.csv), by name, nobody chosen yet.
    listed = sorted(row.split(",")[0] for row in USERS.read_text().splitlines()[1:])
    assert at.selectbox(key="cycle_owner_UEC-01-C9_new").options == listed
    assert at.selectbox(key="cycle_owner_UEC-01-C9_new").value is None
    # UEC-01-C1-1 is owned by Priya Natarajan, a clinician not on the list: she stays its owner,
    # offered first, and saving the cycle keeps her.
    at.selectbox(key="method_idea").set_value("UEC-01-C1").run()
    at.selectbox(key="method_cycle").set_value("UEC-01-C1-1").run()
    owner = at.selectbox(key="cycle_owner_UEC-01-C1_UEC-01-C1-1")
    assert "Priya Natarajan" not in listed
    assert (owner.value, owner.options) == ("Priya Natarajan", ["Priya Natarajan", *listed])
    at.text_input(key="cycle_objective_UEC-01-C1_UEC-01-C1-1").set_value("Streaming, re-worded")
    at.button(key="cycle_save").click().run()
    assert not at.error, [e.value for e in at.error]
    cycles = pdsa.cycles_from_rows(qi.pdsa_cycles(Database(sample_db_path), "UEC-01"))
    saved = next(c for c in cycles if c.code == "UEC-01-C1-1")
    assert (saved.objective, saved.owner) == ("Streaming, re-worded", "Priya Natarajan")

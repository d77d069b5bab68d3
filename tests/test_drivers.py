"""Driver diagram rules: a node's links fit its kind, name known nodes and measures, never loop."""

import pytest
from pydantic import ValidationError
from qi_helpers import diagram, node

from tracker import drivers
from tracker.models import DriverKind

MEASURES = ["UEC-01-M1", "UEC-01-M2"]


def problems(nodes):
    return [(p.code, p.field) for p in drivers.diagram_problems(nodes, "UEC-01", MEASURES)]


def test_a_well_formed_diagram_has_no_problems():
    assert problems(diagram()) == []


def test_a_primary_driver_serves_the_aim_alone():
    with pytest.raises(ValidationError, match="serves the aim"):
        node("P3", "primary", "P1")


def test_a_secondary_driver_needs_a_primary_it_serves():
    with pytest.raises(ValidationError, match="needs at least one primary"):
        node("S3", "secondary")


def test_a_node_naming_itself_is_its_own_ancestor():
    with pytest.raises(ValidationError, match="own ancestor"):
        node("S3", "secondary", "S3")


def test_a_link_to_an_unknown_node_names_the_node_and_field():
    found = drivers.diagram_problems(
        [*diagram(), node("C3", "change idea", "S9")], "UEC-01", MEASURES
    )
    assert [(p.code, p.field) for p in found] == [("C3", "parents")]
    assert "no node S9" in found[0].reason


def test_a_link_to_a_node_of_the_wrong_kind_is_refused():
    # A change idea serves a secondary driver, not a primary one.
    assert problems([*diagram(), node("C3", "change idea", "P1")]) == [("C3", "parents")]


def test_a_loop_of_links_is_found_on_every_node_of_the_loop():
    # S1 -> C1 -> S1: a secondary driver made to serve a change idea that serves it.
    looped = [n for n in diagram() if n.code != "S1"] + [node("S1", "secondary", "C1")]
    found = drivers.diagram_problems(looped, "UEC-01", MEASURES)
    assert {(p.code, p.field) for p in found} >= {("S1", "parents"), ("C1", "parents")}
    assert all("own ancestor" in p.reason for p in found if p.code in ("S1", "C1"))


def test_a_measure_of_another_initiative_is_refused():
    assert problems([*diagram(), node("C3", "change idea", "S1", measures=["UEC-02-M1"])]) == [
        ("C3", "measures")
    ]


def test_children_are_the_nodes_linking_to_a_node_in_order():
    assert drivers.children(diagram(), "S1") == ["C1", "C2"]
    assert drivers.children(diagram(), "C1") == []


def test_columns_run_left_to_right_each_ordered_by_position_then_code():
    nodes = [*diagram(), node("S0", "secondary", "P2", position=2)]
    found = drivers.columns(nodes)
    assert list(found) == [DriverKind.primary, DriverKind.secondary, DriverKind.change_idea]
    assert [n.code for n in found[DriverKind.secondary]] == ["S1", "S2", "S0"]


def test_replace_puts_a_changed_node_in_its_place_and_adds_a_new_one_last():
    renamed = node("S1", "secondary", "P2")
    found = drivers.replace(diagram(), [renamed, node("C9", "change idea", "S1")])
    assert [n.code for n in found] == ["P1", "P2", "S1", "S2", "C1", "C2", "C9"]
    assert found[2].parents[0].code == "P2"


def test_links_read_from_text_and_written_back_unchanged():
    links = drivers.parse_links(" UEC-01-P1 ; uec-01-p2=Hypothesised;")
    assert [(p.code, p.strength.value) for p in links] == [
        ("UEC-01-P1", "strong"),
        ("UEC-01-P2", "hypothesised"),
    ]
    assert drivers.format_links(links) == "UEC-01-P1; UEC-01-P2=hypothesised"
    assert drivers.parse_links(drivers.format_links(links)) == links


def test_a_link_of_an_unknown_strength_names_the_strengths():
    with pytest.raises(ValueError, match="strong or hypothesised"):
        drivers.parse_links("P1=maybe")

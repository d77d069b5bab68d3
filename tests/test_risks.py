"""Risk arithmetic: scores and bands (NPSA and a programme's own), the heat map, movement since
the last pack, and each exception rule, on hand-made registers."""

import json
from datetime import date

import pandas as pd

from tests.register_fixtures import risk
from tracker import risks
from tracker.store.engine import frame


def _table(*made, settings=None):
    stored = frame(list(made))
    empty = pd.DataFrame(columns=["programme", *risks._SETTINGS])
    return risks.scored(stored, empty if settings is None else settings)


def test_npsa_bands_by_score():
    scores = pd.Series([1, 3, 4, 6, 8, 12, 15, 25])
    assert risks.band(scores, 4, 8, 15).tolist() == [
        "low", "low", "moderate", "moderate", "high", "high", "extreme", "extreme"
    ]  # fmt: skip


def test_a_programme_with_no_settings_uses_npsa_and_the_line_at_15():
    table = _table(risk(code="A", current_likelihood=3, current_consequence=5,
                        target_likelihood=1, target_consequence=1),
                   risk(code="B", current_likelihood=2, current_consequence=7 // 2,
                        target_likelihood=1, target_consequence=1))  # fmt: skip
    assert table["current_score"].tolist() == [15, 6]
    assert table["band"].tolist() == ["extreme", "moderate"]
    assert table["above_line"].tolist() == [True, False]


def test_a_programmes_own_line_and_bands_apply_to_its_risks():
    own = pd.DataFrame([{"programme": "TEST", "moderate_from": 5, "high_from": 10,
                         "extreme_from": 20, "escalation": 12}])  # fmt: skip
    table = _table(risk(current_likelihood=3, current_consequence=4, target_likelihood=1,
                        target_consequence=1), settings=own)  # fmt: skip
    assert (table["band"].iloc[0], bool(table["above_line"].iloc[0])) == ("high", True)


def test_a_closed_risk_is_never_above_the_line_nor_on_the_map():
    table = _table(risk(status="closed"))
    assert not table["above_line"].any()
    assert risks.heat_map(table).to_numpy().sum() == 0


def test_the_heat_map_counts_each_cell_likelihood_down_consequence_across():
    table = _table(risk(code="A"), risk(code="B"),
                   risk(code="C", current_likelihood=5, current_consequence=1,
                        target_likelihood=1, target_consequence=1))  # fmt: skip
    grid = risks.heat_map(table)
    assert grid.index.tolist() == [5, 4, 3, 2, 1]
    assert grid.columns.tolist() == [1, 2, 3, 4, 5]
    assert (grid.loc[4, 4], grid.loc[5, 1], grid.to_numpy().sum()) == (2, 1, 3)
    assert risks.cell_risks(table, 4, 4)["code"].tolist() == ["A", "B"]


def test_the_register_is_sorted_by_current_score_highest_first():
    table = _table(risk(code="LOW", current_likelihood=1, current_consequence=2,
                        target_likelihood=1, target_consequence=1),
                   risk(code="HIGH"))  # fmt: skip
    assert risks.register(table)["code"].tolist() == ["HIGH", "LOW"]


def test_movement_since_the_last_pack():
    before = frame([risk(code="UP", current_likelihood=2), risk(code="DOWN"), risk(code="SAME")])
    now = _table(risk(code="UP"), risk(code="DOWN", current_likelihood=3), risk(code="SAME"),
                 risk(code="NEW"))  # fmt: skip
    moved = risks.movement(now, before)
    assert moved["movement"].tolist() == ["up", "down", "same", "new"]
    assert moved["previous_score"].tolist()[:3] == [8, 16, 16]


def test_each_exception_rule():
    # Today 23 Nov 2026: the review of 1 Nov is 22 days late; the action due 31 Oct is late.
    late_action = risk().actions[0].model_copy(update={"due": date(2026, 10, 31)})
    now = _table(risk(actions=(late_action,)))
    before = frame([risk(current_likelihood=3)])
    found = risks.exceptions(risks.movement(now, before), date(2026, 11, 23))
    assert found["kind"].tolist() == [
        "risk_above_line", "risk_review_overdue", "risk_score_up", "risk_action_overdue"
    ]  # fmt: skip
    reasons = found["reason"].tolist()
    assert reasons[0] == "Scores 16 (extreme), at or above the board's escalation line of 15."
    assert "due on 1 Nov 2026 and is 22 days overdue; owed by Nia Nurse" in reasons[1]
    assert reasons[2] == "Its score rose from 12 to 16 since the last board pack."
    assert "due on 31 Oct 2026 and is not done; owed by Hana HR" in reasons[3]


def test_a_done_action_and_a_review_not_yet_due_are_not_exceptions():
    step = (
        risk().actions[0].model_copy(update={"due": date(2026, 10, 31), "done": date(2026, 10, 30)})
    )
    now = _table(risk(actions=(step,), current_likelihood=3, next_review=date(2026, 11, 23)))
    assert risks.exceptions(now, date(2026, 11, 23)).empty


def test_actions_are_read_from_their_stored_json():
    table = _table(risk())
    assert json.loads(table["actions"].iloc[0])[0]["owner"] == "Hana HR"
    assert risks.actions(table)[["code", "owner"]].values.tolist() == [["UEC-R01", "Hana HR"]]


def test_actions_whose_texts_hold_quotes_and_braces_are_read_apart():
    tricky = risk().actions[0].model_copy(update={"action": 'Ask {"action": "x"} of "HR"'})
    table = _table(risk(code="A", actions=(tricky, risk().actions[0])), risk(code="B", actions=()))
    found = risks.actions(table)
    assert found["code"].tolist() == ["A", "A"]
    assert found["action"].tolist() == ['Ask {"action": "x"} of "HR"', "Recruit four nurses"]

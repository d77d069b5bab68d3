"""The sample's improvement method: a credible diagram and cycles for every initiative, and tested
changes that the linked process measure's chart shows working."""

from collections import Counter
from datetime import timedelta

import pandas as pd
import pytest

from tests.conftest import TODAY
from tracker import qi_view, reports
from tracker.models import DriverKind
from tracker.spc import Preset
from tracker.store import queries

SHIFT_WITHIN = timedelta(days=90)
"""How soon after an adoption a special cause must start to be read as following it."""


@pytest.fixture(scope="module")
def methods(sample_read_only):
    codes = queries.initiatives(sample_read_only)["code"]
    return {code: qi_view.method(sample_read_only, code) for code in codes}


def test_every_initiative_has_a_diagram_of_ihi_size_and_two_to_eight_cycles(methods):
    for code, found in methods.items():
        kinds = Counter(n.kind for n in found.nodes)
        assert 2 <= kinds[DriverKind.primary] <= 4, code
        assert 3 <= kinds[DriverKind.secondary] <= 8, code
        assert 4 <= kinds[DriverKind.change_idea] <= 12, code
        assert 2 <= len(found.cycles) <= 8, code
        assert all(n.measures for n in found.nodes if n.kind is DriverKind.primary), code


def test_the_sample_has_ramps_and_an_abandoned_idea(methods):
    cycles = [c for found in methods.values() for c in found.cycles]
    assert sum(c.follows is not None for c in cycles) >= 5
    assert any(c.act_decision == "abandon" for c in cycles)


def test_at_least_three_adoptions_are_followed_by_a_shift_in_their_process_measure(
    sample_read_only, methods
):
    followed = []
    for code, found in methods.items():
        book = reports.initiative_data(sample_read_only, code, TODAY, None, Preset.mdc)
        points = book.spc.points.reset_index()
        process = set(book.measures.loc[book.measures["type"] == "process", "code"])
        for cycle in found.cycles:
            if cycle.act_decision != "adopt" or cycle.act_date is None:
                continue
            for measure in set(cycle.measures) & process:
                mine = points[points["series_id"] == measure]
                days = pd.to_datetime(mine["period"]).dt.date
                after = mine[(days > cycle.act_date) & (days <= cycle.act_date + SHIFT_WITHIN)]
                if (after["point_type"] == "special_cause_improvement").any():
                    followed.append(cycle.code)
    assert len(set(followed)) >= 3, followed


def test_the_sample_check_ins_carry_a_progress_score(sample_read_only):
    scores = queries.check_ins(sample_read_only)["progress_score"].dropna()
    assert len(scores) >= 20 and scores.between(0.5, 5).all()

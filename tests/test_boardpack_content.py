"""Pack contents: sections in order with the engine's numbers, and what changed since the last pack."""

from datetime import date, timedelta

import pandas as pd
import pytest

from tracker import formatting, reports
from tracker.boardpack import diff
from tracker.boardpack.build import period_of
from tracker.boardpack.content import assemble
from tracker.boardpack.lookup import trajectories
from tracker.boardpack.model import PackSpec
from tracker.models import CheckIn, Milestone
from tracker.store import writes
from tracker.store.db import utc_now

pytest_plugins = ["tests.boardpack_fixtures"]

UEC = reports.Filters(theme="Urgent and emergency care")
"""One theme (3 initiatives) keeps the before/after portfolios quick to compute."""


def test_contents_list_every_section_in_reading_order(full_content, full_book):
    content = full_content
    lines = content.contents()
    assert lines[0] == "Summary"
    # The registers' exceptions join the portfolio's (tests/test_boardpack_registers.py).
    assert lines[1] == f"Exceptions ({len(content.exceptions.rows)})"
    assert len(content.exceptions.rows) > len(full_book.exceptions)
    assert lines[2].startswith("What changed since the last published pack")
    assert lines[3:5] == ["Risks", "Benefits"]
    titles = [
        f"{c} · {n}"
        for c, n in zip(full_book.initiatives["code"], full_book.initiatives["name"], strict=True)
    ]
    assert lines[5:-1] == sorted(titles)
    assert lines[-1] == f"Appendix: measure definitions ({len(full_book.measures)})"
    assert len(content.all_charts()) == len(full_book.measures) + len(full_book.goals) + 11


def test_a_draft_says_so_and_names_its_filters(pack_db):
    cut_off = utc_now()
    spec = PackSpec(
        period=date(2026, 10, 1), cut_off=cut_off, author="Sam", filters={"theme": "Prevention"}
    )
    book = reports.portfolio(
        pack_db, spec.as_at, as_of=cut_off, filters=reports.Filters(theme="Prevention")
    )
    cover = assemble(book, None, spec, "North Weald").cover
    assert cover.status == "Draft: not published"
    assert cover.scope.startswith("Theme: Prevention: 2 initiatives")
    assert cover.period == "Reporting period Oct 2026 (FY 2026/27)"


def test_period_must_be_written_as_a_month():
    assert period_of("2026-10") == date(2026, 10, 1)
    with pytest.raises(ValueError, match="YYYY-MM"):
        period_of("Oct 2026")


def _milestone(row: pd.Series, **changes) -> Milestone:
    fields = ["code", "initiative", "title", "owner", "baseline_date", "forecast_date", "status"]
    values = {f: row[f] for f in fields} | {"change_reason": "board test"}
    for day in ("baseline_date", "forecast_date"):
        values[day] = pd.Timestamp(values[day]).date()
    return Milestone(**(values | changes))


def _point(code: str, period: object, value: float) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "measure": [code],
            "period": [period],
            "value": [value],
            "missing_reason": [""],
            "note": [""],
        }
    )


def test_changes_since_the_last_pack_list_icons_goals_milestones_and_check_ins(sample_db):
    before_cut = utc_now()
    before = reports.portfolio(sample_db, before_cut.date(), as_of=before_cut, filters=UEC)
    open_milestones = before.milestones[before.milestones["status"] != "complete"]
    slipping, finishing = open_milestones.iloc[0], open_milestones.iloc[1]
    later = pd.Timestamp(slipping["forecast_date"]).date() + timedelta(days=45)
    writes.save_milestones(
        sample_db,
        [
            _milestone(slipping, forecast_date=later),
            _milestone(finishing, status="complete", completed_date=date(2026, 11, 20)),
        ],
        "lead",
    )
    writes.save_check_ins(
        sample_db,
        [
            CheckIn(
                initiative="UEC-01",
                period=date(2026, 11, 1),
                rag="green",
                confidence=4,
                author="Lee",
            )
        ],
        "lead",
    )
    goal = before.goals[before.goals["status"] != "achieved"].iloc[0]
    writes.write_data_points(
        sample_db,
        _point(goal["measure"], goal["latest_period"], float(goal["target_value"])),
        "analyst",
    )
    steady = before.measures[
        (before.measures["variation_icon"] == "common_cause")
        & (before.measures["code"] != goal["measure"])
    ].iloc[0]
    latest = before.spc.points[before.spc.points["series_id"] == steady["code"]].iloc[-1]
    spike = latest["upl"] + 10 * (latest["upl"] - latest["mean"])
    writes.write_data_points(sample_db, _point(steady["code"], latest["period"], spike), "analyst")

    after_cut = utc_now()
    after = reports.portfolio(sample_db, after_cut.date(), as_of=after_cut, filters=UEC)
    changes = diff.changes(after, before, "since the last pack")

    assert not changes.first and changes.since == "since the last pack"
    icons = {row[0].split(" ")[0]: row for row in changes.icons.rows}
    assert steady["code"] in icons and icons[steady["code"]][2].startswith("● Common cause")
    goals = {row[0].split(" ")[0]: row for row in changes.goals.rows}
    assert goals[goal["code"]][2] == "★ Achieved"
    milestones = {row[0].split(" ")[0]: row[2] for row in changes.milestones.rows}
    assert milestones[slipping["code"]] == "Slipped 45 days"
    assert milestones[finishing["code"]] == "Completed on 20 Nov 2026"
    assert [r[:3] + r[5:] for r in changes.check_ins.rows] == [
        ("UEC-01", "Nov 2026", "● Green", "New")
    ]
    assert changes.count == sum(
        len(t.rows) for t in (changes.icons, changes.goals, changes.milestones, changes.check_ins)
    )


def test_with_no_earlier_pack_there_is_nothing_to_compare(full_book):
    changes = diff.changes(full_book, None, "unused")
    assert changes.first and changes.count == 0 and changes.since == diff.FIRST_PACK


def test_appendix_gives_each_measure_its_target_in_force_and_its_source(full_content, full_book):
    rows = {row[0].split(" ")[0]: row for row in full_content.appendix.rows}
    assert set(rows) == set(full_book.measures["code"])
    current = full_book.targets.sort_values("effective_from").groupby("measure").tail(1)
    target = current[current["effective_to"].isna()].iloc[0]
    row = rows[target["measure"]]
    assert f"from {formatting.uk_date(target['effective_from'])}" in row[6]
    assert row[7] == f"{target['reason']} (set by {target['set_by']})"
    untargeted = set(full_book.measures["code"]) - set(full_book.targets["measure"])
    assert all(rows[code][6] == "No target" for code in untargeted)


def test_goal_trajectories_and_measure_points_are_the_reports_own(full_content, full_book):
    planned = trajectories(full_book)
    assert set(planned) == set(full_book.goal_definitions["code"])
    for code, frame in planned.items():
        expected = reports.goal_trajectory(full_book, code)
        pd.testing.assert_frame_equal(frame, expected, check_dtype=False)
    for section in full_content.initiatives:
        for measure in section.measures:
            expected = reports.measure_points(full_book, measure.code)
            pd.testing.assert_frame_equal(measure.chart.points, expected)

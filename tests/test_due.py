"""Tests for who owes what: overdue, due soon and not due, for data and check-ins."""

from datetime import date

import numpy as np
import pandas as pd
import pytest

from tracker import due
from tracker.due import CHECKIN_LAG_DAYS, DUE_COLUMNS, DUE_SOON_DAYS, DueKind, DueStatus, due_items

TODAY = date(2026, 11, 23)


def initiatives_frame(*rows: dict[str, object]) -> pd.DataFrame:
    defaults: dict[str, object] = {
        "name": "Same day emergency care",
        "lead": "Lee Lead",
        "status": "active",
        "checkin_frequency": "monthly",
        "start_date": pd.Timestamp("2026-04-01"),
    }
    return pd.DataFrame([{**defaults, **r} for r in rows])


def measures_frame(*rows: dict[str, object]) -> pd.DataFrame:
    defaults: dict[str, object] = {
        "initiative": "UEC-01",
        "name": "4-hour performance",
        "frequency": "monthly",
        "owner": "Ann Analyst",
        "update_lag_days": 10,
    }
    return pd.DataFrame([{**defaults, **r} for r in rows])


def points(**latest: str) -> pd.DataFrame:
    """Return one data point per measure code (keyword) at the given period."""
    return pd.DataFrame(
        {
            "measure": list(latest),
            "period": pd.to_datetime(list(latest.values())),
            "value": 1.0,
        }
    )


def check_ins(**latest: str) -> pd.DataFrame:
    return pd.DataFrame(
        {"initiative": list(latest), "period": pd.to_datetime(list(latest.values()))}
    )


UEC = initiatives_frame({"code": "UEC-01"})
UP_TO_DATE_CHECKIN = check_ins(**{"UEC-01": "2026-10-01"})


def only_data(measures: pd.DataFrame, data: pd.DataFrame, today: date = TODAY) -> pd.DataFrame:
    result = due_items(measures, data, UEC, UP_TO_DATE_CHECKIN, today)
    return result[result["kind"] == DueKind.data].set_index("code")


def test_monthly_data_overdue_counts_every_missing_period() -> None:
    result = only_data(measures_frame({"code": "M1"}), points(M1="2026-08-01"))
    row = result.loc["M1"]
    # September was due on 10 Oct; October on 10 Nov; November has not ended.
    assert row["period"] == pd.Timestamp("2026-09-01")
    assert row["due_date"] == pd.Timestamp("2026-10-10")
    assert row["status"] == DueStatus.overdue
    assert row["days_overdue"] == 44
    assert row["periods_missing"] == 2
    assert row["owner"] == "Ann Analyst"
    assert row["title"] == "4-hour performance"


def test_up_to_date_measure_owes_nothing() -> None:
    assert only_data(measures_frame({"code": "M1"}), points(M1="2026-10-01")).empty


def test_data_due_soon_is_due_not_overdue() -> None:
    # October data with a 20-day lag is due on 20 Nov; on 8 Nov it is 12 days away.
    measures = measures_frame({"code": "M1", "update_lag_days": 20})
    row = only_data(measures, points(M1="2026-09-01"), date(2026, 11, 8)).loc["M1"]
    assert row["status"] == DueStatus.due
    assert row["due_date"] == pd.Timestamp("2026-11-20")
    assert row["days_overdue"] == 0


def test_data_due_later_than_the_window_is_not_listed() -> None:
    # October data with a 40-day lag is due on 10 Dec: more than 14 days after 23 Nov.
    measures = measures_frame({"code": "M1", "update_lag_days": 40})
    assert 40 - 13 > DUE_SOON_DAYS
    assert only_data(measures, points(M1="2026-09-01")).empty


def test_due_today_is_not_yet_overdue() -> None:
    measures = measures_frame({"code": "M1", "update_lag_days": 23})
    row = only_data(measures, points(M1="2026-09-01")).loc["M1"]
    assert row["due_date"] == pd.Timestamp(TODAY)
    assert row["status"] == DueStatus.due


def test_weekly_data_uses_weeks_starting_monday() -> None:
    measures = measures_frame({"code": "W1", "frequency": "weekly", "update_lag_days": 3})
    row = only_data(measures, points(W1="2026-11-02")).loc["W1"]
    # w/c 9 Nov (due 18 Nov) is overdue; w/c 16 Nov ends 22 Nov, due 25 Nov.
    assert row["period"] == pd.Timestamp("2026-11-09")
    assert row["due_date"] == pd.Timestamp("2026-11-18")
    assert row["status"] == DueStatus.overdue
    assert row["days_overdue"] == 5
    assert row["periods_missing"] == 2


def test_weekly_data_due_soon() -> None:
    measures = measures_frame({"code": "W1", "frequency": "weekly", "update_lag_days": 3})
    row = only_data(measures, points(W1="2026-11-09")).loc["W1"]
    assert row["period"] == pd.Timestamp("2026-11-16")
    assert row["status"] == DueStatus.due
    assert row["periods_missing"] == 1


def test_quarterly_data() -> None:
    measures = measures_frame({"code": "Q1", "frequency": "quarterly", "update_lag_days": 30})
    row = only_data(measures, points(Q1="2026-04-01")).loc["Q1"]
    assert row["period"] == pd.Timestamp("2026-07-01")
    assert row["due_date"] == pd.Timestamp("2026-10-30")
    assert row["periods_missing"] == 1


def test_measure_without_data_owes_from_the_initiative_start() -> None:
    row = only_data(measures_frame({"code": "M1"}), points()).loc["M1"]
    assert row["period"] == pd.Timestamp("2026-04-01")
    assert row["periods_missing"] == 7


def test_an_empty_value_with_a_reason_counts_as_delivered() -> None:
    data = points(M1="2026-10-01").assign(value=np.nan, missing_reason="System outage")
    assert only_data(measures_frame({"code": "M1"}), data).empty


def test_every_data_point_or_just_the_latest_give_the_same_answer() -> None:
    measures = measures_frame({"code": "M1"})
    history = pd.concat([points(M1="2026-07-01"), points(M1="2026-08-01")], ignore_index=True)
    pd.testing.assert_frame_equal(
        only_data(measures, history), only_data(measures, points(M1="2026-08-01"))
    )


@pytest.mark.parametrize("status", ["paused", "closed", "proposed"])
def test_initiatives_not_active_owe_nothing(status: str) -> None:
    initiatives = initiatives_frame({"code": "UEC-01", "status": status})
    result = due_items(measures_frame({"code": "M1"}), points(), initiatives, check_ins(), TODAY)
    assert result.empty
    assert list(result.columns) == DUE_COLUMNS


def test_checkin_overdue_is_owed_by_the_lead() -> None:
    result = due_items(
        measures_frame({"code": "M1"}).iloc[:0],
        points(),
        UEC,
        check_ins(**{"UEC-01": "2026-09-01"}),
        TODAY,
    )
    row = result.iloc[0]
    assert row["kind"] == DueKind.check_in
    assert row["code"] == "UEC-01"
    assert row["owner"] == "Lee Lead"
    assert row["period"] == pd.Timestamp("2026-10-01")
    assert row["due_date"] == pd.Timestamp("2026-10-31") + pd.Timedelta(days=CHECKIN_LAG_DAYS)
    assert row["status"] == DueStatus.overdue
    assert row["days_overdue"] == 13


def test_weekly_checkin_due_soon() -> None:
    initiatives = initiatives_frame({"code": "UEC-01", "checkin_frequency": "weekly"})
    result = due_items(
        measures_frame({"code": "M1"}).iloc[:0],
        points(),
        initiatives,
        check_ins(**{"UEC-01": "2026-11-09"}),
        TODAY,
    )
    row = result.iloc[0]
    assert row["period"] == pd.Timestamp("2026-11-16")
    assert row["due_date"] == pd.Timestamp("2026-12-02")
    assert row["status"] == DueStatus.due


def test_overdue_items_come_first_most_overdue_first() -> None:
    measures = measures_frame(
        {"code": "M1"},
        {"code": "W1", "frequency": "weekly", "update_lag_days": 3},
        {"code": "M2", "update_lag_days": 20},
    )
    data = points(M1="2026-08-01", W1="2026-11-09", M2="2026-09-01")
    result = due_items(measures, data, UEC, check_ins(**{"UEC-01": "2026-09-01"}), TODAY)
    assert list(result["code"]) == ["M1", "UEC-01", "M2", "W1"]
    assert list(result["status"]) == ["overdue", "overdue", "overdue", "due"]


def test_nothing_at_all() -> None:
    result = due_items(
        measures_frame({"code": "M1"}).iloc[:0],
        points(),
        initiatives_frame({"code": "UEC-01"}).iloc[:0],
        check_ins(),
        TODAY,
    )
    assert result.empty
    assert list(result.columns) == DUE_COLUMNS


def test_overdue_owners_name_each_person_with_their_count_most_first():
    owed = pd.DataFrame(
        {
            "owner": ["Ann", "Bob", "Ann", "Cy", "Bob", "Ann"],
            "status": ["overdue", "overdue", "overdue", "due", "overdue", "overdue"],
        }
    )
    # Ann owes three overdue items, Bob two; Cy's is only due, so Cy owes nothing overdue.
    assert due.overdue_owners(owed) == [("Ann", 3), ("Bob", 2)]
    assert len(due.overdue(owed)) == 5


def test_nobody_owes_when_nothing_is_overdue():
    owed = pd.DataFrame({"owner": ["Cy"], "status": ["due"]})
    assert due.overdue_owners(owed) == []

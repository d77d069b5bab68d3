"""Who owes what from the registers: risk reviews and benefit actuals, at their boundary days."""

from datetime import date, timedelta

import pandas as pd
import pytest

from tracker import due
from tracker.due import BENEFIT_LAG_DAYS, DUE_COLUMNS, DUE_SOON_DAYS, DueKind, DueStatus

TODAY = date(2026, 11, 23)


def risks(*rows: dict[str, object]) -> pd.DataFrame:
    defaults: dict[str, object] = {
        "code": "R-1",
        "initiative": "UEC-01",
        "title": "Winter staffing",
        "owner": "Rita Risk",
        "status": "open",
        "next_review": date(2026, 11, 23),
    }
    return pd.DataFrame([{**defaults, **r} for r in rows or ({},)])


def benefits() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": ["B-1", "B-2"],
            "initiative": ["UEC-01", "UEC-02"],
            "title": ["Fewer bed days", "Less agency spend"],
            "owner": ["Ben Benefit", "Fay Finance"],
        }
    )


def months(*rows: tuple[str, str, float | None]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"benefit": b, "month": pd.Timestamp(m), "actual": a} for b, m, a in rows],
        columns=["benefit", "month", "actual"],
    )


NO_MONTHS = months()
ACTIVE = pd.DataFrame(
    {"code": ["UEC-01", "UEC-02", "UEC-03"], "status": ["active", "active", "paused"]}
)


def risk_items(frame: pd.DataFrame, today: date = TODAY) -> pd.DataFrame:
    return due.register_items(frame, benefits().iloc[:0], NO_MONTHS, ACTIVE, today).set_index(
        "code"
    )


@pytest.mark.parametrize(
    ("days_after_review", "status", "late"),
    [(-1, DueStatus.due, 0), (0, DueStatus.due, 0), (1, DueStatus.overdue, 1)],
)
def test_a_risk_review_is_overdue_the_day_after_its_next_review_date(
    days_after_review: int, status: DueStatus, late: int
) -> None:
    # Like data: due on the day itself, overdue from the day after (the exception's rule too).
    found = risk_items(risks(), TODAY + timedelta(days=days_after_review)).loc["R-1"]
    assert (found["kind"], found["status"], found["days_overdue"]) == (
        DueKind.risk_review,
        status,
        late,
    )
    assert found["owner"] == "Rita Risk"
    assert found["due_date"] == pd.Timestamp("2026-11-23")


def test_a_risk_review_shows_from_two_weeks_ahead_and_not_before() -> None:
    edge = TODAY + timedelta(days=DUE_SOON_DAYS)
    frame = risks(
        {"code": "R-EDGE", "next_review": edge},
        {"code": "R-LATER", "next_review": edge + timedelta(days=1)},
    )
    assert list(risk_items(frame).index) == ["R-EDGE"]


def test_only_active_initiatives_and_the_programme_owe_reviews() -> None:
    frame = risks(
        {"code": "R-PAUSED", "initiative": "UEC-03"},
        {"code": "R-PROGRAMME", "initiative": None},
        {"code": "R-ACTIVE", "initiative": "UEC-02"},
    )
    assert sorted(risk_items(frame).index) == ["R-ACTIVE", "R-PROGRAMME"]


def test_a_closed_risk_owes_no_review() -> None:
    assert risk_items(risks({"status": "closed", "next_review": date(2026, 1, 1)})).empty


def test_a_benefit_owes_each_ended_month_without_an_actual_from_the_oldest() -> None:
    held = months(
        ("B-1", "2026-08-01", 1000.0),
        ("B-1", "2026-09-01", None),
        ("B-1", "2026-10-01", None),
        ("B-1", "2026-11-01", None),  # not ended on 23 Nov: not yet owed
        ("B-2", "2026-10-01", 500.0),
    )
    found = due.register_items(risks().iloc[:0], benefits(), held, ACTIVE, TODAY).set_index("code")
    assert list(found.index) == ["B-1"]
    item = found.loc["B-1"]
    assert item["kind"] == DueKind.benefit_actual
    assert item["owner"] == "Ben Benefit"
    assert item["period"] == pd.Timestamp("2026-09-01")
    assert item["periods_missing"] == 2
    # September ends on the 30th; its actual is due the lag's days after: 10 Oct, 44 days ago.
    assert item["due_date"] == pd.Timestamp("2026-10-10")
    assert BENEFIT_LAG_DAYS == 10
    assert (item["status"], item["days_overdue"]) == (DueStatus.overdue, 44)


@pytest.mark.parametrize(
    ("today", "owed", "status"),
    [
        (date(2026, 10, 31), False, None),  # the month's last day: not ended
        (date(2026, 11, 1), True, DueStatus.due),  # ended: owed, due by 10 Nov
        (date(2026, 11, 10), True, DueStatus.due),
        (date(2026, 11, 11), True, DueStatus.overdue),
    ],
)
def test_a_benefit_month_is_owed_once_it_ends_and_overdue_after_the_lag(
    today: date, owed: bool, status: DueStatus | None
) -> None:
    held = months(("B-2", "2026-10-01", None))
    found = due.register_items(risks().iloc[:0], benefits(), held, ACTIVE, today)
    assert len(found) == int(owed)
    if owed:
        assert found["status"].iloc[0] == status


def test_register_items_join_due_items_in_one_order() -> None:
    data = pd.DataFrame(
        [
            {
                "kind": DueKind.data.value,
                "code": "UEC-01-M1",
                "initiative": "UEC-01",
                "title": "4-hour performance",
                "owner": "Ann Analyst",
                "frequency": "monthly",
                "period": pd.Timestamp("2026-10-01"),
                "due_date": pd.Timestamp("2026-11-10"),
                "status": DueStatus.overdue.value,
                "days_overdue": 13,
                "periods_missing": 1,
            }
        ],
        columns=DUE_COLUMNS,
    )
    regs = due.register_items(
        risks({"next_review": date(2026, 11, 3)}), benefits(), NO_MONTHS, ACTIVE, TODAY
    )
    both = due.with_registers(data, regs)
    # The risk review is 20 days overdue, the data 13: most overdue first.
    assert list(both["code"]) == ["R-1", "UEC-01-M1"]
    assert due.overdue_owners(both) == [("Ann Analyst", 1), ("Rita Risk", 1)]

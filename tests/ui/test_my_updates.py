"""My updates page: what each person owes, from the same list as the overview's overdue count."""

from datetime import date, timedelta

from tests.conftest import TODAY, sample_rows
from tracker import reports
from tracker.due import CHECKIN_LAG_DAYS
from tracker.formatting import uk_date
from tracker.store import Database


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_everyone_sees_every_overdue_item_matching_the_overview(app, sample_db_path):
    at = app("my_updates")
    table = at.dataframe[0].value
    with Database(sample_db_path) as db:
        owed = reports.portfolio(db, TODAY).due
    assert table["Code"].tolist() == owed["code"].tolist()
    overview = app("overview")
    overdue = next(m for m in overview.metric if "Updates overdue" in m.label).value
    assert metrics(at)["⚠ Overdue"] == overdue == str((owed["status"] == "overdue").sum())


def test_the_most_overdue_item_says_how_late_it_is_and_what_it_owes(app):
    # PRV-01-M1's last value in the sample is August's, so September and October are owed.
    # September's was due the measure's update lag after 30 Sep: the oldest debt on the page.
    at = app("my_updates")
    first = at.dataframe[0].value.iloc[0]
    last = max(r["period"] for r in sample_rows("datapoints.csv") if r["measure"] == "PRV-01-M1")
    [measure] = [m for m in sample_rows("measures.csv") if m["code"] == "PRV-01-M1"]
    assert date.fromisoformat(last) == date(2026, 8, 1)
    due = date(2026, 9, 30) + timedelta(days=int(measure["update_lag_days"]))
    assert first["Code"] == "PRV-01-M1"
    assert first["Status"] == f"⚠ Overdue {(TODAY - due).days} days"
    assert first["From period"] == "Sep 2026 (+1 more)"  # September, then October


def test_filter_by_person_from_the_url(app):
    # Claire Dunmore leads ELE-02, whose October check-in the sample lacks; she owns no measure.
    [lead] = {i["lead"] for i in sample_rows("initiatives.csv") if i["code"] == "ELE-02"}
    october = {c["initiative"] for c in sample_rows("checkins.csv") if c["period"] == "2026-10-01"}
    assert lead == "Claire Dunmore" and "ELE-02" not in october
    assert lead not in {m["owner"] for m in sample_rows("measures.csv")}
    at = app("my_updates", person=lead)
    assert at.selectbox(key="my_updates_person").value == lead
    table = at.dataframe[0].value
    due = date(2026, 10, 31) + timedelta(days=CHECKIN_LAG_DAYS)
    assert table[["What", "Code", "Due"]].values.tolist() == [
        ["✏️ Check-in", "ELE-02", uk_date(due)]
    ]


def test_a_person_who_owes_nothing_is_told_so(app):
    at = app("my_updates", person="Sarah Whitfield")
    assert "Sarah Whitfield owes any updates right now" in at.success[0].value
    assert metrics(at)["⚠ Overdue"] == "0"

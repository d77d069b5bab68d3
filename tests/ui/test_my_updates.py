"""My updates page: what each person owes, from the same list as the overview's overdue count."""

from datetime import date, timedelta

from tests.conftest import TODAY, sample_rows
from tracker import registers_view, reports
from tracker.due import CHECKIN_LAG_DAYS
from tracker.formatting import uk_date
from tracker.store import Database


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_everyone_sees_every_overdue_item_matching_the_overview(app, sample_db_path):
    at = app("my_updates")
    table = at.dataframe[0].value
    with Database(sample_db_path) as db:
        book = reports.portfolio(db, TODAY)
        owed = registers_view.owed(
            book.due, registers_view.load(db, TODAY), book.initiatives["code"]
        )
    assert table["Code"].tolist() == owed["code"].tolist()
    late = owed[owed["status"] == "overdue"]
    assert metrics(at)["⚠ Overdue"] == str(len(late))
    # The overview's tile counts the same list, registers' reviews too; its line names everyone.
    assert set(late["kind"]) == {"data", "check-in", "risk review"}
    overview = app("overview")
    overdue = next(m for m in overview.metric if "Updates overdue" in m.label).value
    assert overdue == str(len(late))
    line = next(m.value for m in overview.markdown if "Overdue updates owed by" in m.value)
    assert sum(
        int(part.split("(")[1].rstrip(")")) for part in line.split(": ")[1].split(", ")
    ) == len(late)


def test_a_late_risk_review_is_owed_by_the_risks_owner(app):
    # The sample makes every fifth risk from the second (R02, R07, …) late for its review, its
    # next review 8 to 17 days before 2 Nov 2026: overdue on 23 Nov by 29 to 38 days. Those of
    # an initiative that is not active (DIS-02 is paused) owe nothing, as its data does not.
    active = {i["code"] for i in sample_rows("initiatives.csv") if i["status"] == "active"}
    late = [
        r for r in sample_rows("risks.csv")
        if int(r["code"][-2:]) % 5 == 2 and (not r["initiative"] or r["initiative"] in active)
    ]  # fmt: skip
    assert late and all(r["status"] == "open" for r in late)
    at_first = app("my_updates")
    assert "DIS-02-R22" not in at_first.dataframe[0].value["Code"].tolist()
    at = app("my_updates")
    table = at.dataframe[0].value
    reviews = table[table["What"] == "🛡 Risk"].set_index("Code")
    for risk in late:
        row = reviews.loc[risk["code"]]
        days = (TODAY - date.fromisoformat(risk["next_review"])).days
        assert 29 <= days <= 38
        assert row["Status"] == f"⚠ Overdue {days} days"
        assert (row["Owner"], row["From period"]) == (risk["owner"], "Its review")


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
    # Claire Dunmore leads ELE-02, whose October check-in the sample lacks; she owns no measure,
    # and owns ELE-02's risks, of which R12 (every fifth from the second) is late for review.
    [lead] = {i["lead"] for i in sample_rows("initiatives.csv") if i["code"] == "ELE-02"}
    october = {c["initiative"] for c in sample_rows("checkins.csv") if c["period"] == "2026-10-01"}
    assert lead == "Claire Dunmore" and "ELE-02" not in october
    assert lead not in {m["owner"] for m in sample_rows("measures.csv")}
    [review] = [r for r in sample_rows("risks.csv") if r["code"] == "ELE-02-R12"]
    assert review["owner"] == lead
    at = app("my_updates", person=lead)
    assert at.selectbox(key="my_updates_person").value == lead
    table = at.dataframe[0].value
    due = date(2026, 10, 31) + timedelta(days=CHECKIN_LAG_DAYS)
    # The review was due earlier than the check-in, so is the more overdue: it comes first.
    assert table[["What", "Code", "Due"]].values.tolist() == [
        ["🛡 Risk", "ELE-02-R12", uk_date(date.fromisoformat(review["next_review"]))],
        ["✏️ Check-in", "ELE-02", uk_date(due)],
    ]


def test_a_review_due_soon_is_listed_as_due_not_overdue(app):
    # Sarah Whitfield leads UEC-01, whose check-ins and benefit actuals are up to date; her risk
    # UEC-01-R04 is next reviewed on 1 Dec 2026, within two weeks of 23 Nov.
    [review] = [r for r in sample_rows("risks.csv") if r["code"] == "UEC-01-R04"]
    assert (review["owner"], review["next_review"]) == ("Sarah Whitfield", "2026-12-01")
    at = app("my_updates", person="Sarah Whitfield")
    table = at.dataframe[0].value
    assert table[["What", "Code", "Status"]].values.tolist() == [
        ["🛡 Risk", "UEC-01-R04", "⏳ Due 1 Dec 2026"]
    ]
    assert metrics(at)["⚠ Overdue"] == "0"


def test_a_person_who_owes_nothing_is_told_so(app):
    # Priya Raman, an analyst, owns measures whose October figures are in, and no risk or benefit.
    owners = {r["owner"] for r in sample_rows("risks.csv") + sample_rows("benefits.csv")}
    assert "Priya Raman" not in owners
    at = app("my_updates", person="Priya Raman")
    assert "Priya Raman owes any updates right now" in at.success[0].value
    assert metrics(at)["⚠ Overdue"] == "0"

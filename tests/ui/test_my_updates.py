"""My updates page: what each person owes, from the same list as the overview's overdue count."""


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_everyone_sees_every_overdue_item_matching_the_overview(app):
    at = app("my_updates")
    table = at.dataframe[0].value
    assert table["Code"].tolist() == ["PRV-01-M1", "ELE-02", "MH-02", "UEC-03-M1"]
    assert table["Status"].tolist()[0] == "⚠ Overdue 39 days"
    assert table["From period"].tolist()[0] == "Sep 2026 (+1 more)"
    overview = app("overview")
    overdue = next(m for m in overview.metric if "Updates overdue" in m.label).value
    assert metrics(at)["⚠ Overdue"] == overdue == "4"


def test_filter_by_person_from_the_url(app):
    at = app("my_updates", person="Claire Dunmore")
    assert at.selectbox(key="my_updates_person").value == "Claire Dunmore"
    table = at.dataframe[0].value
    assert table[["What", "Code", "Due"]].values.tolist() == [
        ["✏️ Check-in", "ELE-02", "10 Nov 2026"]
    ]


def test_a_person_who_owes_nothing_is_told_so(app):
    at = app("my_updates", person="Sarah Whitfield")
    assert "Sarah Whitfield owes any updates right now" in at.success[0].value
    assert metrics(at)["⚠ Overdue"] == "0"

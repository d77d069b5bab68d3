"""Initiative, measure, milestones and exceptions pages render on the sample with their key parts."""


def test_initiative_page_shows_goals_measures_milestones_and_narrative(app):
    at = app("initiative", initiative="UEC-01")
    assert at.title[0].value.startswith("UEC-01")
    headers = [h.value for h in at.header]
    assert headers == ["Goals", "Measures", "Milestones", "Check-ins"]
    assert any("Asks of the board" in m.value for m in at.markdown)


def test_measure_page_shows_icons_reading_and_data(app):
    at = app("measure", measure="DIS-01-M5")
    assert at.title[0].value.startswith("DIS-01-M5")
    text = " ".join(m.value for m in at.markdown)
    assert "Variation:" in text and "Assurance:" in text
    assert any("Special cause concern" in m.value for m in at.markdown)
    assert len(at.dataframe) >= 1


def test_measure_page_defaults_to_first_measure_without_query(app):
    at = app("measure")
    assert at.title[0].value.startswith("DIS-01-M1")


def test_exceptions_page_lists_the_concerning_measure(app):
    at = app("exceptions")
    table = at.dataframe(key="exceptions").value
    concern = table[table["What"] == "Special cause concern"]
    assert "DIS-01-M5" in set(concern["Code"])
    assert list(table["Severity"]) == sorted(table["Severity"])
    assert any("DIS-01-M5" in m.value and "special cause concern" in m.value for m in at.markdown)


def test_milestones_page_counts_late_items(app):
    at = app("milestones")
    late = next(m for m in at.metric if m.label == "Late")
    assert int(late.value) >= 1

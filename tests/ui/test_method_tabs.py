"""The initiative page's driver diagram and PDSA tabs on the sample (AppTest)."""

from tests.conftest import sample_rows
from tracker import pdsa
from tracker.store import Database, qi


def test_the_diagram_tab_opens_a_node_with_what_it_links_to(app):
    at = app("initiative", initiative="UEC-01", tab="Driver diagram")
    picker = at.selectbox(key="diagram_node")
    assert picker.value == "UEC-01-P1"  # the first primary driver, top left
    picker.set_value("UEC-01-C5").run()
    text = " ".join(m.value for m in at.markdown)
    assert "**Serves:** UEC-01-S3" in text
    assert "UEC-01-C5-2 (cycle 2): ✔ Adopt" in text
    assert [link.label for link in at.get("page_link")][-1] == "Open measure UEC-01-M2"


def test_the_pdsa_tab_lists_every_change_idea_with_its_cycles(app):
    at = app("initiative", initiative="UEC-01", tab="PDSA cycles")
    ideas = [r for r in sample_rows("drivers.csv") if r["initiative"] == "UEC-01"]
    ideas = [r["code"] for r in ideas if r["kind"] == "change idea"]
    assert [h.value.split(" · ")[0] for h in at.header] == ideas
    tables = {t.value["Cycle"].iloc[0].split(" · ")[1]: t.value for t in at.dataframe}
    ramp = tables["UEC-01-C5-1"]
    assert list(ramp["Cycle"]) == ["1 · UEC-01-C5-1", "2 · UEC-01-C5-2"]
    assert list(ramp["Follows"]) == ["–", "UEC-01-C5-1"]
    assert list(ramp["Decision"]) == ["↻ Adapt", "✔ Adopt"]
    abandoned = tables["UEC-01-C2-1"]
    assert list(abandoned["Decision"]) == ["✘ Abandon"]


def test_the_diagram_tab_as_at_a_day_before_the_diagram_has_none(app):
    at = app("initiative", initiative="UEC-01", tab="Driver diagram", as_at="2020-01-01")
    assert any("No driver diagram yet" in m.value for m in at.markdown)


def test_the_measure_chart_shows_its_pdsas_and_filters_to_one_change_idea(app):
    at = app("measure", measure="UEC-01-M2")
    words = " ".join(m.value for m in at.markdown if m.value.startswith("**In words:**"))
    assert "PDSA cycles shown as shaded spans" in words and "UEC-01-C5-2" in words
    every = cycle_list(at)
    assert {"UEC-01-C5-2 (cycle 2)", "UEC-01-C1-1 (cycle 1)"} <= set(every["Cycle"])
    at.selectbox(key="pdsa_idea").set_value("UEC-01-C5").run()
    listed = cycle_list(at)
    assert list(listed["Cycle"]) == ["UEC-01-C5-1 (cycle 1)", "UEC-01-C5-2 (cycle 2)"]
    assert list(listed["Decision"]) == ["↻ Adapt", "✔ Adopt"]


def cycle_list(at):
    """Return the list of PDSA cycles under the chart (the chart's own data table is apart)."""
    [found] = [t.value for t in at.dataframe if "Cycle" in t.value.columns]
    return found


def test_a_lead_writes_the_study_of_a_running_cycle_at_the_check_in(app, sample_db_path):
    at = app("update", initiative="UEC-01")
    assert "PDSA cycles under way" in [h.value for h in at.header]
    # UEC-01-C8-1 has its do written and awaits its study; UEC-01-C9-2 is planned.
    at.text_area(key="study_notes_UEC-01-C8-1").input("Nine in ten scanned within the hour.")
    at.button(key="pdsa_save_UEC-01-C8-1").click().run()
    assert not at.exception and not at.error
    assert "Saved PDSA cycle 1 (UEC-01-C8-1)" in at.success[0].value
    cycles = pdsa.cycles_from_rows(qi.pdsa_cycles(Database(sample_db_path), "UEC-01"))
    saved = next(c for c in cycles if c.code == "UEC-01-C8-1")
    assert saved.study_notes == "Nine in ten scanned within the hour."


def test_a_study_without_a_do_is_refused_on_the_update_page_and_nothing_written(
    app, sample_db_path
):
    at = app("update", initiative="UEC-01")
    before = len(qi.cycle_history(Database(sample_db_path), "UEC-01-C9-2"))
    at.text_area(key="study_notes_UEC-01-C9-2").input("It worked")
    at.button(key="pdsa_save_UEC-01-C9-2").click().run()
    assert "a study needs a do" in at.error[0].value
    assert len(qi.cycle_history(Database(sample_db_path), "UEC-01-C9-2")) == before


def test_the_overview_counts_the_method_and_filters_and_sorts_by_progress_score(app):
    at = app("overview")
    assert "Improvement method" in [h.value for h in at.header]
    # On 23 Nov 2026: eight change ideas have a cycle started and undecided (sample_data
    # PDSAS); in October, the last complete month, one cycle was adapted (UEC-01-C9-1).
    line = next(m.value for m in at.markdown if "being tested" in m.value)
    assert line.startswith("8 change idea(s) being tested")
    assert "✔ Adopt 0, ↻ Adapt 1, ✘ Abandon 0" in line
    scores = score_table(at)
    assert list(scores["Progress score"].dropna()) == sorted(
        scores["Progress score"].dropna(), reverse=True
    )
    at.selectbox(key="score_least").set_value(3.5).run()
    assert sorted(score_table(at)["Code"]) == ["DIS-01", "MH-01", "UEC-01", "UEC-02", "UEC-03"]


def score_table(at):
    [found] = [t.value for t in at.dataframe if "Progress score" in t.value.columns]
    return found


def test_the_measures_tab_charts_name_their_pdsas_in_words(app):
    at = app("initiative", initiative="UEC-01", tab="Measures")
    words = [m.value for m in at.markdown if m.value.startswith("**In words:**")]
    # UEC-01-M2 is linked to change ideas with cycles; the charts' words name them.
    assert any("UEC-01-C5-2" in w for w in words)

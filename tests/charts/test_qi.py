"""The method's charts: a driver diagram whose boxes never overlap, PDSAs on SPC, the progress score."""

from datetime import date

import pandas as pd
import plotly.graph_objects as go
from qi_helpers import cycle, diagram, node

from tracker.charts import qi as chart


def big_diagram():
    # 30 nodes: 4 primary, 8 secondary and 18 change ideas, as the largest case.
    nodes = [node(f"P{i}", "primary") for i in range(1, 5)]
    nodes += [node(f"S{i}", "secondary", f"P{i % 4 + 1}") for i in range(1, 9)]
    return nodes + [node(f"C{i}", "change idea", f"S{i % 8 + 1}?") for i in range(1, 19)]


def boxes(fig):
    return [s for s in fig.layout.shapes if s.type == "rect"]


def test_every_node_and_the_aim_is_a_box_with_its_words():
    fig = chart.driver_diagram_figure("Raise 4-hour performance", diagram())
    assert len(boxes(fig)) == len(diagram()) + 1
    texts = [a.text for a in fig.layout.annotations]
    assert "Raise 4-hour performance" in texts
    assert all(f"Title of {n.code}" in texts for n in diagram())


def test_boxes_of_one_column_never_overlap_in_a_30_node_diagram():
    fig = chart.driver_diagram_figure("Aim", big_diagram())
    by_column: dict[float, list] = {}
    for box in boxes(fig)[1:]:
        by_column.setdefault(box.x0, []).append((box.y0, box.y1))
    assert sorted(len(c) for c in by_column.values()) == [4, 8, 18]
    for spans in by_column.values():
        spans.sort()
        assert all(top[1] < bottom[0] for top, bottom in zip(spans, spans[1:], strict=False))
    # Each of the 18 change ideas has its row of pixels: three lines of 12 px text fit.
    assert fig.layout.height >= 18 * 3 * chart.NODE_FONT_PX


def test_links_are_drawn_solid_or_dotted_by_strength_and_named_in_the_legend():
    fig = chart.driver_diagram_figure("Aim", diagram())
    lines = {t.name: t for t in fig.data if t.mode == "lines"}
    # Strong: 2 aim→primary, S1→P1, S2→P1, C1→S1, C2→S1, C2→S2; hypothesised: S2→P2.
    assert lines["Strong link"].x.count(None) == 7
    assert lines["Hypothesised link"].x.count(None) == 1
    assert lines["Hypothesised link"].line.dash == "dot"


def test_a_long_title_is_cut_on_the_box_and_whole_on_hover():
    long = "word " * 60
    fig = chart.driver_diagram_figure("Aim", [node("P1", "primary", title=long)])
    [label] = [a.text for a in fig.layout.annotations if a.text.startswith("word")]
    assert label.count("<br>") == chart.BOX_LINES - 1 and label.endswith("…")
    hover = [t for t in fig.data if t.hovertext][0].hovertext[0]
    assert long.strip() in hover


def test_the_diagram_in_words_counts_each_column_and_the_hypotheses():
    words = chart.diagram_words("Raise it", diagram())
    assert "2 primary drivers, 2 secondary drivers, 2 change ideas" in words.text
    assert "1 link(s) are hypothesised" in words.text
    assert list(words.table["Serves"])[:3] == ["the aim", "the aim", "P1 (strong)"]


def test_pdsas_on_an_spc_chart_are_spans_with_a_marker_per_decision_in_the_legend():
    acted = {"do_notes": "Done", "study_notes": "Seen", "act_date": date(2026, 11, 2)}
    cycles = [cycle("K1", act_decision="adopt", **acted), cycle("K2", idea="C2")]
    fig = chart.add_pdsa_cycles(go.Figure(), cycles, {"C1": "Triage nurse"})
    assert len(fig.layout.shapes) == 2
    names = [t.name for t in fig.data]
    assert names == ["PDSA: adopt", "PDSA: running"]
    assert "Triage nurse" in fig.data[0].hovertext[0] and "Adopt" in fig.data[0].hovertext[0]
    sentence = chart.pdsa_sentence(cycles, {"C1": "Triage nurse"})
    assert "K1 testing Triage nurse from 1 Oct 2026 to 31 Oct 2026 (adopt)" in sentence


def test_the_progress_score_chart_skips_check_ins_without_one():
    check_ins = pd.DataFrame(
        {"period": pd.to_datetime(["2026-08-01", "2026-09-01", "2026-10-01"]),
         "progress_score": [2.0, None, 3.5]}
    )  # fmt: skip
    fig = chart.progress_score_figure(check_ins)
    assert list(fig.data[0].y) == [2.0, 3.5]
    words = chart.progress_score_words(check_ins)
    assert (
        "from 2 · Activity, but no changes in Aug 2026 to 3.5 · Improvement in Oct 2026"
        in words.text
    )

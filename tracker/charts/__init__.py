"""Pure plotly figure builders (SPC chart, summary matrix, milestones, goals, check-ins)."""

from tracker.charts.checkins import rag_history_figure
from tracker.charts.goals import goal_figure
from tracker.charts.labels import assurance_icon_text, point_type_words, variation_icon_text
from tracker.charts.matrix import summary_matrix
from tracker.charts.milestones import milestone_gantt
from tracker.charts.spc_chart import spc_figure
from tracker.charts.style import PALETTE, POINT_TYPE_COLOURS, POINT_TYPE_SYMBOLS

__all__ = [
    "PALETTE",
    "POINT_TYPE_COLOURS",
    "POINT_TYPE_SYMBOLS",
    "assurance_icon_text",
    "goal_figure",
    "milestone_gantt",
    "point_type_words",
    "rag_history_figure",
    "spc_figure",
    "summary_matrix",
    "variation_icon_text",
]

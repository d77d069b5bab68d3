"""Pure plotly figure builders (SPC chart, milestones, goals, check-ins)."""

from tracker.charts.checkins import rag_history_figure
from tracker.charts.goals import goal_figure
from tracker.charts.labels import (
    assurance_icon_text,
    icons_text,
    point_type_words,
    variation_icon_text,
)
from tracker.charts.milestones import in_timeline_order, milestone_gantt
from tracker.charts.spc_chart import spc_figure
from tracker.charts.style import PALETTE

__all__ = [
    "PALETTE",
    "assurance_icon_text",
    "goal_figure",
    "icons_text",
    "in_timeline_order",
    "milestone_gantt",
    "point_type_words",
    "rag_history_figure",
    "spc_figure",
    "variation_icon_text",
]

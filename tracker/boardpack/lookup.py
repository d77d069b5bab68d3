"""A portfolio's per-measure and per-goal tables, split once for the pack's many sections."""

import numpy as np
import pandas as pd

from tracker import progress
from tracker.reports import Portfolio


class ByCode:
    """One portfolio's per-measure and per-goal tables, split once rather than filtered per item.

    Filtering the portfolio's tables once for each of 45 measures and 18 goals took longer than
    writing the slides; these hold the same rows as reports.measure_points and
    reports.goal_trajectory give (tests/test_boardpack_content.py checks).
    """

    def __init__(self, book: Portfolio) -> None:
        self.points = _split(book.spc.points, "series_id")
        self.targets = _split(book.targets, "measure")
        self.annotations = _split(book.annotations, "measure")
        self.trajectories = trajectories(book)
        self.empty = {
            "points": book.spc.points.iloc[0:0],
            "targets": book.targets.iloc[0:0],
            "annotations": book.annotations.iloc[0:0],
        }

    def measure(self, code: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        """Return one measure's SPC points, targets and annotations."""
        return (
            self.points.get(code, self.empty["points"]),
            self.targets.get(code, self.empty["targets"]),
            self.annotations.get(code, self.empty["annotations"]),
        )


def _split(frame: pd.DataFrame, column: str) -> dict[str, pd.DataFrame]:
    return {
        str(key): part.reset_index(drop=True) for key, part in frame.groupby(column, sort=False)
    }


def trajectories(book: Portfolio) -> dict[str, pd.DataFrame]:
    """Return every goal's planned trajectory (period, value) by goal code, in one pass.

    Each is what reports.goal_trajectory gives for that goal: monthly from the baseline period
    to the target date, with the target date itself; one call of the trajectory arithmetic for
    all goals instead of one per goal.
    """
    goals = book.goal_definitions.reset_index(drop=True)
    if goals.empty:
        return {}
    spans = [
        pd.date_range(start, end, freq="MS").union(pd.DatetimeIndex([end]))
        for start, end in zip(goals["baseline_period"], goals["target_date"], strict=True)
    ]
    repeated = goals.loc[goals.index.repeat([len(s) for s in spans])].reset_index(drop=True)
    periods = pd.DatetimeIndex(np.concatenate([s.to_numpy() for s in spans]))
    values = progress.trajectory_value(repeated, pd.Series(periods.date))
    frame = pd.DataFrame({"code": repeated["code"], "period": periods, "value": values.to_numpy()})
    return {
        str(code): part[["period", "value"]].reset_index(drop=True)
        for code, part in frame.groupby("code", sort=False)
    }

"""Every goal's planned trajectory, computed once for the pack's many sections."""

import numpy as np
import pandas as pd

from tracker import progress
from tracker.reports import Portfolio


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

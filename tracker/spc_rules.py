"""Special-cause rules of XmR charts as numpy operations over many series laid end to end."""

import numpy as np

# Bits of the per-point rule code, in the order the `rules` text lists them.
RULE_OUTSIDE = 1
RULE_SHIFT = 2
RULE_TREND = 4
RULE_TWO_OF_THREE = 8
RULE_NAMES = ("outside_limits", "shift", "trend", "two_of_three")

TWO_OF_THREE_WINDOW = 3
"""Points in the 2-of-3 rule's window: the last point's 2-of-3 flag looks back this far."""

# Point-type codes (index into tracker.spc.POINT_TYPES).
COMMON, IMPROVEMENT, CONCERN, NEUTRAL_HIGH, NEUTRAL_LOW = range(5)


def chain_starts(chain: np.ndarray) -> np.ndarray:
    """Return True at the first row of each chain (rows sorted so each chain is contiguous).

    A chain is the stretch of rows a multi-point rule may run along: a whole series, or one
    partition of it when rules do not cross recalculations.
    """
    starts = np.ones(len(chain), dtype=bool)
    if len(chain) > 1:
        starts[1:] = chain[1:] != chain[:-1]
    return starts


def runs_at_least(cond: np.ndarray, starts: np.ndarray, n: int) -> np.ndarray:
    """Flag every row in a run of at least `n` consecutive True rows inside one chain."""
    if len(cond) == 0:
        return cond.copy()
    prev = np.zeros(len(cond), dtype=bool)
    prev[1:] = cond[:-1]
    begin = cond & (~prev | starts)
    run_id = np.cumsum(begin)
    lengths = np.bincount(run_id[cond], minlength=int(run_id[-1]) + 1)
    return cond & (lengths[run_id] >= n)


def shift(above: np.ndarray, below: np.ndarray, starts: np.ndarray, n: int) -> tuple:
    """Return (shift_high, shift_low): runs of >= n points strictly above / below their mean.

    `above`/`below` are already strict, so a point exactly on the mean is in neither and
    breaks the run.
    """
    return runs_at_least(above, starts, n), runs_at_least(below, starts, n)


def _steps(values: np.ndarray, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return (rise, fall): row i is strictly above / below row i-1 of the same chain."""
    rise = np.zeros(len(values), dtype=bool)
    fall = np.zeros(len(values), dtype=bool)
    if len(values) > 1:
        same = ~starts[1:]
        rise[1:] = same & (values[1:] > values[:-1])
        fall[1:] = same & (values[1:] < values[:-1])
    return rise, fall


def _steps_to_points(steps: np.ndarray) -> np.ndarray:
    """Flag both end points of every flagged step (step i joins rows i-1 and i)."""
    points = steps.copy()
    points[:-1] |= steps[1:]
    return points


def trend(values: np.ndarray, starts: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Return (trend_up, trend_down): runs of >= n points each strictly above (below) the last.

    n counts points including both ends (n points = n - 1 rises); an equal value breaks it.
    """
    rise, fall = _steps(values, starts)
    up = _steps_to_points(runs_at_least(rise, starts, n - 1))
    down = _steps_to_points(runs_at_least(fall, starts, n - 1))
    return up, down


def _windows(side: np.ndarray, beyond: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Flag the `beyond` rows that sit in a same-side window of 3 with at least 2 beyond."""
    size = len(side)
    flag = np.zeros(size, dtype=bool)
    if size < 3:
        return flag
    ok = (
        side[:-2]
        & side[1:-1]
        & side[2:]
        & ~starts[1:-1]
        & ~starts[2:]
        & (beyond[:-2].astype(np.int8) + beyond[1:-1] + beyond[2:] >= 2)
    )
    flag[:-2] |= ok
    flag[1:-1] |= ok
    flag[2:] |= ok
    return flag & beyond


def two_of_three(
    above: np.ndarray,
    below: np.ndarray,
    beyond_high: np.ndarray,
    beyond_low: np.ndarray,
    starts: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Return (high, low): 2 or 3 of 3 consecutive same-side points beyond that side's 2σ line.

    Only the points beyond 2σ are flagged, never the third point of the window. Whether a point
    beyond the process limit counts is decided by the caller when it builds `beyond_*`.
    """
    return _windows(above, beyond_high, starts), _windows(below, beyond_low, starts)


def nhsr_trend_is_high(values: np.ndarray, part: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Return, for trend points, whether NHSRplotthedots labels the trend 'Increasing'.

    Reproduces `ptd_special_cause_type`: when the next point of the chain is also part of a
    trend the sign of the step to it is used, else the step from the previous point; only a
    sign of exactly +1 reads 'Increasing' (so a tie reads 'Decreasing', as upstream does).
    """
    size = len(values)
    left = np.zeros(size)
    right = np.zeros(size)
    nxt = np.zeros(size, dtype=bool)
    if size > 1:
        step = np.sign(values[1:] - values[:-1])
        same = ~starts[1:]
        left[1:] = np.where(same, step, 0.0)
        right[:-1] = step
        nxt[:-1] = part[1:] & same
    use_right = part & nxt
    return np.where(use_right, right, left) == 1


def rule_codes(
    outside: np.ndarray, shift_any: np.ndarray, trend_any: np.ndarray, tot_any: np.ndarray
) -> np.ndarray:
    """Return the 4-bit rule code per row (bits in RULE_NAMES order)."""
    return (
        outside.astype(np.int8) * RULE_OUTSIDE
        + shift_any.astype(np.int8) * RULE_SHIFT
        + trend_any.astype(np.int8) * RULE_TREND
        + tot_any.astype(np.int8) * RULE_TWO_OF_THREE
    ).astype(np.int8)


def rule_texts() -> np.ndarray:
    """Return the 16 ';'-joined rule texts indexed by rule code."""
    texts = [
        ";".join(name for bit, name in enumerate(RULE_NAMES) if code >> bit & 1)
        for code in range(16)
    ]
    return np.array(texts, dtype=object)


def _oriented(high: np.ndarray, low: np.ndarray, direction: np.ndarray) -> np.ndarray:
    """Map a single chosen side per row to a point-type code given the direction (+1/-1/0)."""
    code = np.full(len(high), COMMON, dtype=np.int8)
    good = (high & (direction > 0)) | (low & (direction < 0))
    bad = (high & (direction < 0)) | (low & (direction > 0))
    code[bad] = CONCERN
    code[good] = IMPROVEMENT
    neutral = direction == 0
    code[neutral & high] = NEUTRAL_HIGH
    code[neutral & low] = NEUTRAL_LOW
    return code


def precedence_side(
    outside_high: np.ndarray,
    outside_low: np.ndarray,
    trend_any: np.ndarray,
    trend_high: np.ndarray,
    tot_high: np.ndarray,
    tot_low: np.ndarray,
    shift_high: np.ndarray,
    shift_low: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Return (high, low) of the single label by outside limits > trend > 2-of-3 > shift."""
    outside = outside_high | outside_low
    tot = tot_high | tot_low
    high = np.select(
        [outside, trend_any, tot, shift_high | shift_low],
        [outside_high, trend_high, tot_high, shift_high],
        default=False,
    )
    low = np.select(
        [outside, trend_any, tot, shift_high | shift_low],
        [outside_low, ~trend_high, tot_low, shift_low],
        default=False,
    )
    return high & ~low, low & ~high


def point_type_one_side_wins(
    high: np.ndarray,
    low: np.ndarray,
    direction: np.ndarray,
    prec_high: np.ndarray,
    improvement_wins: bool = True,
) -> np.ndarray:
    """Resolve rows with signals on both sides to one point type.

    MDC Excel: improvement wins (`improvement_wins=True`); SQL `MetricConflictRule = 'Concern'`:
    concern wins. With direction 'neither' neither side is better, so a row with signals on both
    sides takes the side of `prec_high` (the precedence label).
    """
    code = np.full(len(high), COMMON, dtype=np.int8)
    signed = direction != 0
    good = signed & ((high & (direction > 0)) | (low & (direction < 0)))
    bad = signed & ((high & (direction < 0)) | (low & (direction > 0)))
    if improvement_wins:
        code[bad] = CONCERN
        code[good] = IMPROVEMENT
    else:
        code[good] = IMPROVEMENT
        code[bad] = CONCERN
    neutral = ~signed
    both = high & low
    code[neutral & np.where(both, prec_high, high)] = NEUTRAL_HIGH
    code[neutral & np.where(both, ~prec_high, low)] = NEUTRAL_LOW
    return code


def point_type_precedence(high: np.ndarray, low: np.ndarray, direction: np.ndarray) -> np.ndarray:
    """NHSRplotthedots: the side of the single precedence label decides the point type."""
    return _oriented(high, low, direction)

"""Straightforward per-series pure-Python XmR reference; the benchmark checks the engine by it."""

from dataclasses import dataclass

from tracker.spc import (
    MR_SCREEN_FACTOR,
    ONE_SIGMA_FACTOR,
    TWO_SIGMA_FACTOR,
    XMR_LIMIT_FACTOR,
    ConflictRule,
    OutlierMethod,
    Preset,
    SpcSettings,
)

DIRECTIONS = {"increase": 1, "decrease": -1, "neither": 0}


@dataclass
class SeriesResult:
    """One series' per-point lists and icons."""

    partition: list[int]
    mean: list[float]
    lpl: list[float]
    upl: list[float]
    lower_two_sigma: list[float]
    upper_two_sigma: list[float]
    lower_one_sigma: list[float]
    upper_one_sigma: list[float]
    rules: list[str]
    point_type: list[str]
    variation_icon: str
    assurance_icon: str


def _partitions(days: list[int], recalc_days: list[int]) -> list[int]:
    raw = [sum(1 for r in recalc_days if r <= d) for d in days]
    out, part = [], 0
    for i, value in enumerate(raw):
        if i and value != raw[i - 1]:
            part += 1
        out.append(part)
    return out


def _segment_lines(xs: list[float], baseline: int, s: SpcSettings) -> tuple[float, float]:
    """Return (mean, mR̄) of one partition, from its first `baseline` points when > 0."""
    base = xs[:baseline] if baseline > 0 else xs
    mrs = [abs(base[i] - base[i - 1]) for i in range(1, len(base))]
    mean_rows = [True] * len(base)
    mr_bar = sum(mrs) / len(mrs) if mrs else float("nan")
    if s.screen_outliers and mrs:
        limit = MR_SCREEN_FACTOR * mr_bar
        if s.outlier_method == OutlierMethod.sql:
            kept = [m for m in mrs if m <= limit]
            for i, m in enumerate(mrs):
                if m > limit:
                    mean_rows[i + 1] = False
        else:
            kept = [m for m in mrs if m < limit]
        if kept:
            mr_bar = sum(kept) / len(kept)
    total = 0.0
    count = 0
    for value, use in zip(base, mean_rows, strict=True):
        if use:
            total += value
            count += 1
    return total / count, mr_bar


def _runs(cond: list[bool], chain: list[int], n: int) -> list[bool]:
    out = [False] * len(cond)
    i = 0
    while i < len(cond):
        if not cond[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(cond) and cond[j + 1] and chain[j + 1] == chain[i]:
            j += 1
        if j - i + 1 >= n:
            for k in range(i, j + 1):
                out[k] = True
        i = j + 1
    return out


def _trend(xs: list[float], chain: list[int], n: int, up: bool) -> list[bool]:
    out = [False] * len(xs)
    steps = [False] + [
        chain[i] == chain[i - 1] and (xs[i] > xs[i - 1] if up else xs[i] < xs[i - 1])
        for i in range(1, len(xs))
    ]
    for i, flagged in enumerate(_runs(steps, chain, n - 1)):
        if flagged:
            out[i] = out[i - 1] = True
    return out


def _two_of_three(side: list[bool], beyond: list[bool], chain: list[int]) -> list[bool]:
    out = [False] * len(side)
    for i in range(len(side) - 2):
        window = range(i, i + 3)
        if chain[i] != chain[i + 2] or not all(side[k] for k in window):
            continue
        if sum(beyond[k] for k in window) >= 2:
            for k in window:
                out[k] = out[k] or beyond[k]
    return out


def analyse_series(
    days: list[int],
    xs: list[float],
    direction: str,
    target: float,
    baseline: int,
    recalc_days: list[int],
    s: SpcSettings,
) -> SeriesResult:
    """Analyse one series (sorted by period, no gaps) with the same rules as tracker.spc."""
    n = len(xs)
    d = DIRECTIONS[direction]
    if baseline > 0 and s.baseline_overrides_recalculations:
        recalc_days = []
    part = _partitions(days, recalc_days)
    mean, width = [0.0] * n, [0.0] * n
    for p in sorted(set(part)):
        rows = [i for i in range(n) if part[i] == p]
        m, w = _segment_lines([xs[i] for i in rows], baseline, s)
        for i in rows:
            mean[i], width[i] = m, w
    nan = float("nan")
    has = [n >= s.minimum_points and width[i] == width[i] for i in range(n)]
    upl = [mean[i] + XMR_LIMIT_FACTOR * width[i] for i in range(n)]
    lpl = [mean[i] - XMR_LIMIT_FACTOR * width[i] for i in range(n)]
    up2 = [mean[i] + TWO_SIGMA_FACTOR * width[i] for i in range(n)]
    lo2 = [mean[i] - TWO_SIGMA_FACTOR * width[i] for i in range(n)]
    chain = [0] * n if s.rules_cross_recalculations else part
    above = [xs[i] > mean[i] for i in range(n)]
    below = [xs[i] < mean[i] for i in range(n)]
    out_hi = [has[i] and xs[i] > upl[i] for i in range(n)]
    out_lo = [has[i] and xs[i] < lpl[i] for i in range(n)]
    count = s.beyond_limits_count_for_two_of_three
    b_hi = [xs[i] > up2[i] and (count or not xs[i] > upl[i]) for i in range(n)]
    b_lo = [xs[i] < lo2[i] and (count or not xs[i] < lpl[i]) for i in range(n)]

    def masked(flags: list[bool]) -> list[bool]:
        return [f and h for f, h in zip(flags, has, strict=True)]

    sh_hi = masked(_runs(above, chain, s.shift_points))
    sh_lo = masked(_runs(below, chain, s.shift_points))
    tr_up = masked(_trend(xs, chain, s.trend_points, True))
    tr_dn = masked(_trend(xs, chain, s.trend_points, False))
    tt_hi = masked(_two_of_three(above, b_hi, chain))
    tt_lo = masked(_two_of_three(below, b_lo, chain))
    rules_text, types = [], []
    for i in range(n):
        names = []
        if out_hi[i] or out_lo[i]:
            names.append("outside_limits")
        if sh_hi[i] or sh_lo[i]:
            names.append("shift")
        if tr_up[i] or tr_dn[i]:
            names.append("trend")
        if tt_hi[i] or tt_lo[i]:
            names.append("two_of_three")
        rules_text.append(";".join(names))
        trend_any = tr_up[i] or tr_dn[i]
        # NHSRplotthedots trend label: step to the next trend point, else from the previous
        nxt = i + 1 < n and chain[i + 1] == chain[i] and (tr_up[i + 1] or tr_dn[i + 1])
        if nxt:
            step = xs[i + 1] - xs[i]
        elif i > 0 and chain[i - 1] == chain[i]:
            step = xs[i] - xs[i - 1]
        else:
            step = 0.0
        quirk_high = step > 0
        use_quirk = s.preset == Preset.nhsr or (tr_up[i] and tr_dn[i])
        trend_high = quirk_high if use_quirk else tr_up[i]
        if out_hi[i] or out_lo[i]:
            p_hi, p_lo = out_hi[i], out_lo[i]
        elif trend_any:
            p_hi, p_lo = trend_high, not trend_high
        elif tt_hi[i] or tt_lo[i]:
            p_hi, p_lo = tt_hi[i], tt_lo[i]
        elif sh_hi[i] or sh_lo[i]:
            p_hi, p_lo = sh_hi[i], sh_lo[i]
        else:
            p_hi = p_lo = False
        if s.conflict == ConflictRule.precedence:
            hi, lo = p_hi, p_lo
        else:
            hi = out_hi[i] or sh_hi[i] or tr_up[i] or tt_hi[i]
            lo = out_lo[i] or sh_lo[i] or tr_dn[i] or tt_lo[i]
            if hi and lo:
                if d == 0:
                    hi, lo = p_hi, p_lo
                elif (s.conflict == ConflictRule.improvement) == (d > 0):
                    lo = False
                else:
                    hi = False
        if not hi and not lo:
            types.append("common_cause")
        elif d == 0:
            types.append("special_cause_neutral_high" if hi else "special_cause_neutral_low")
        elif (hi and d > 0) or (lo and d < 0):
            types.append("special_cause_improvement")
        else:
            types.append("special_cause_concern")
    show = n >= s.minimum_points and has[-1]
    last = types[-1]
    if not show:
        variation = "none"
    elif last == "special_cause_improvement":
        variation = "improvement_high" if d > 0 else "improvement_low"
    elif last == "special_cause_concern":
        variation = "concern_low" if d > 0 else "concern_high"
    elif last.startswith("special_cause_neutral"):
        variation = last.removeprefix("special_cause_")
    else:
        variation = "common_cause"
    assurance = "none"
    if show and d != 0 and target == target:
        lo_hit = target <= lpl[-1] if s.assurance_inclusive else target < lpl[-1]
        hi_hit = target >= upl[-1] if s.assurance_inclusive else target > upl[-1]
        assurance = "hit_and_miss"
        if hi_hit:
            assurance = "fail" if d > 0 else "pass"
        if lo_hit:
            assurance = "pass" if d > 0 else "fail"

    def lines(values: list[float]) -> list[float]:
        return [v if h else nan for v, h in zip(values, has, strict=True)]

    return SeriesResult(
        partition=part,
        mean=mean,
        lpl=lines(lpl),
        upl=lines(upl),
        lower_two_sigma=lines(lo2),
        upper_two_sigma=lines(up2),
        lower_one_sigma=lines([mean[i] - ONE_SIGMA_FACTOR * width[i] for i in range(n)]),
        upper_one_sigma=lines([mean[i] + ONE_SIGMA_FACTOR * width[i] for i in range(n)]),
        rules=rules_text,
        point_type=types,
        variation_icon=variation,
        assurance_icon=assurance,
    )

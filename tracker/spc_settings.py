"""Settings, presets, named constants and result enums of the SPC engine (see tracker.spc)."""

from dataclasses import dataclass
from enum import StrEnum

XMR_LIMIT_FACTOR = 2.66  # 3 / d2, d2 = 1.128 for n = 2 (MDC checklist: "the Excel tool uses 2.66")
MR_SCREEN_FACTOR = 3.267  # D4 for n = 2 (SQL v2.6 MovingRangeProcessLimit; NHSRplotthedots)
ONE_SIGMA_FACTOR = XMR_LIMIT_FACTOR / 3  # 1σ = 2.66·mR̄ / 3
TWO_SIGMA_FACTOR = 2 * (XMR_LIMIT_FACTOR / 3)  # NHSRplotthedots `limitclose = 2 * (limit / 3)`
MDC_MINIMUM_POINTS = 13  # SQL v2.6 @SettingMinimumPoints; Single Chart Tool: ≤ 12 → no limits
NHSR_WARNING_THRESHOLD = 13  # NHSRplotthedots option ptd_spc.warning_threshold


class Preset(StrEnum):
    """A named rule set; stored with every result."""

    mdc = "mdc"
    nhsr = "nhsr"


class PointType(StrEnum):
    """What a point is, after the rules and the improvement direction."""

    common_cause = "common_cause"
    special_cause_improvement = "special_cause_improvement"
    special_cause_concern = "special_cause_concern"
    special_cause_neutral_high = "special_cause_neutral_high"
    special_cause_neutral_low = "special_cause_neutral_low"


class VariationIcon(StrEnum):
    """The variation icon, taken from the last point."""

    common_cause = "common_cause"
    improvement_high = "improvement_high"
    improvement_low = "improvement_low"
    concern_high = "concern_high"
    concern_low = "concern_low"
    neutral_high = "neutral_high"
    neutral_low = "neutral_low"
    none = "none"


class VariationFamily(StrEnum):
    """A variation icon's family, high and low together: a row of the MDC summary matrix."""

    improvement = "improvement"
    concern = "concern"
    neutral = "neutral"
    common_cause = "common_cause"
    none = "none"


class AssuranceIcon(StrEnum):
    """The assurance icon: the target at the last point against the latest limits."""

    pass_ = "pass"
    fail = "fail"
    hit_and_miss = "hit_and_miss"
    none = "none"


class OutlierMethod(StrEnum):
    """How moving-range outliers are screened when screening is on."""

    nhsr = "nhsr"  # keep mR < 3.267·mR̄ (strict), one pass, mean unchanged
    sql = "sql"  # MDC SQL v2.6: keep mR ≤ 3.267·mR̄, mean recomputed without the outlier rows


class ConflictRule(StrEnum):
    """What a point with both an improvement and a concern signal becomes."""

    improvement = "improvement"  # MDC Single Chart Tool
    concern = "concern"  # SQL v2.6 MetricConflictRule = 'Concern'
    precedence = "precedence"  # NHSRplotthedots: outside limits > trend > 2-of-3 > shift


_PRESET_DEFAULTS: dict[Preset, dict[str, object]] = {
    Preset.mdc: {
        "shift_points": 6,
        "trend_points": 6,
        "screen_outliers": False,
        "outlier_method": OutlierMethod.sql,
        "rules_cross_recalculations": True,
        "conflict": ConflictRule.improvement,
        "assurance_inclusive": True,
        "minimum_points": MDC_MINIMUM_POINTS,
        "baseline_overrides_recalculations": True,
    },
    Preset.nhsr: {
        "shift_points": 7,
        "trend_points": 7,
        "screen_outliers": True,
        "outlier_method": OutlierMethod.nhsr,
        "rules_cross_recalculations": False,
        "conflict": ConflictRule.precedence,
        "assurance_inclusive": False,
        "minimum_points": 1,
        "baseline_overrides_recalculations": False,
    },
}


@dataclass(frozen=True)
class SpcSettings:
    """Engine settings; every field left None takes its value from the preset on creation.

    mdc: shift 6, trend 6, no screening, rules cross recalculations, conflicts → improvement,
    assurance counts a target on a limit as pass/fail, limits and icons from 13 points, a
    baseline replaces any recalculation. nhsr (NHSRplotthedots 0.2.2): 7/7, screening on,
    nothing crosses a rebase, one label per point by precedence, strict assurance, limits drawn
    from 2 points ("trial limits") with `short_group_warning` below 13 points, and a baseline
    (fix_after_n_points) applies within each rebase group.
    """

    preset: Preset = Preset.mdc
    shift_points: int | None = None
    trend_points: int | None = None
    screen_outliers: bool | None = None
    outlier_method: OutlierMethod | None = None
    beyond_limits_count_for_two_of_three: bool = False
    rules_cross_recalculations: bool | None = None
    conflict: ConflictRule | None = None
    assurance_inclusive: bool | None = None
    minimum_points: int | None = None
    baseline_overrides_recalculations: bool | None = None
    warning_threshold: int = NHSR_WARNING_THRESHOLD

    def __post_init__(self) -> None:
        """Fill preset defaults and check the numbers."""
        object.__setattr__(self, "preset", Preset(self.preset))
        for name, value in _PRESET_DEFAULTS[self.preset].items():
            if getattr(self, name) is None:
                object.__setattr__(self, name, value)
        if int(self.shift_points) < 1 or int(self.trend_points) < 2:  # type: ignore[arg-type]
            raise ValueError("shift_points must be >= 1 and trend_points >= 2")
        if int(self.minimum_points) < 1:  # type: ignore[arg-type]
            raise ValueError("minimum_points must be >= 1")

"""The synthetic portfolio as the store's models: users, entities, targets, milestones, check-ins."""

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from bench.synthetic import (
    FIRST,
    LAST,
    MILESTONES_PER_INITIATIVE,
    REFORECAST_SHARE,
    RESUBMIT_SHARE,
    STALE_SHARE,
    TARGET_CORRECTION_SHARE,
    TARGET_REVISION_SHARE,
    TARGET_SHARE,
    Scale,
    initiatives,
    month,
    period_starts,
    person,
    series,
)
from tracker.models import (
    Annotation,
    CheckIn,
    Goal,
    Initiative,
    Measure,
    Milestone,
    Programme,
    Target,
    User,
)
from tracker.periods import Frequency, add_periods, last_complete_period


@dataclass(frozen=True)
class Plan:
    """The generated portfolio: models to write and the measures' series parameters."""

    users: list[User]
    entities: list[Programme | Initiative | Measure | Goal]
    targets: list[Target]
    target_corrections: list[Target]
    annotations: list[Annotation]
    milestones: list[Milestone]
    reforecasts: list[Milestone]
    check_ins: list[CheckIn]
    resubmissions: list[CheckIn]
    series: pd.DataFrame


def _users() -> list[User]:
    people = [f"{f} {s}" for f, s in zip(FIRST, LAST, strict=False)]
    return [User(name=p, email=p.lower().replace(" ", ".") + "@example.nhs.uk") for p in people]


def _measures(series: pd.DataFrame) -> list[Measure]:
    return [
        Measure(
            code=r.code,
            initiative=r.initiative,
            name=f"{r.subject} ({r.code})",
            definition=f"{r.subject} for the initiative's service, as reported to the board.",
            type=r.type,
            unit=r.unit,
            direction=r.direction,
            frequency=r.frequency,
            decimals=int(r.decimals),
            data_source="Generated",
            owner=r.owner,
            update_lag_days=7 if r.frequency == "weekly" else 10,
        )
        for r in series.itertuples()
    ]


def _targets(
    series: pd.DataFrame, starts: pd.Series, today: date, rng: np.random.Generator
) -> tuple[list[Target], list[Target]]:
    """Return (targets with revisions, corrections of some of them)."""
    targets, fixes = [], []
    for r in series.itertuples():
        if r.direction == "neither" or rng.random() >= TARGET_SHARE:
            continue
        sign = 1 if r.direction == "increase" else -1
        value = round(r.level + sign * rng.uniform(-3, 3) * r.sd, int(r.decimals))
        if r.unit == "%":
            value = min(max(value, 0.0), 100.0)
        start = starts[r.code].replace(day=1)
        revised = month(today, -int(rng.integers(6, 24)))
        if rng.random() < TARGET_REVISION_SHARE and revised > start:
            first = Target(
                measure=r.code,
                value=value,
                effective_from=start,
                effective_to=revised - timedelta(days=1),
                reason="Operational plan",
                set_by="Board",
            )
            revised_value = round(value + sign * r.sd, int(r.decimals))
            if r.unit == "%":  # within 0–100, as the first: a % target outside is refused
                revised_value = min(max(revised_value, 0.0), 100.0)
            second = Target(
                measure=r.code,
                value=revised_value,
                effective_from=revised,
                reason="Revised operational plan",
                set_by="Board",
            )
            targets += [first, second]
        else:
            targets.append(
                Target(
                    measure=r.code,
                    value=value,
                    effective_from=start,
                    reason="Operational plan",
                    set_by="Board",
                )
            )
        if rng.random() < TARGET_CORRECTION_SHARE:
            last = targets[-1]
            # Up by one, or down where that would pass 100 % (a % target outside is refused).
            fixed = last.value - 1.0 if r.unit == "%" and last.value > 99.0 else last.value + 1.0
            fixes.append(last.model_copy(update={"value": fixed, "reason": "Corrected target"}))
    return targets, fixes


def _annotations(
    series: pd.DataFrame, starts: pd.Series, rng: np.random.Generator
) -> list[Annotation]:
    found = []
    for r in series.itertuples():
        step = timedelta(weeks=1) if r.frequency == "weekly" else None
        start = starts[r.code]

        def at(k: int, step: timedelta | None = step, start: date = start) -> date:
            return start + k * step if step else month(start, k)

        draw = rng.random(4)
        if draw[0] < 0.1 and r.shift_at < r.points:
            found.append(
                Annotation(
                    measure=r.code,
                    date=at(int(r.shift_at)),
                    kind="recalculation",
                    label="Limits recalculated: new pathway",
                    reason="The new pathway changed the process.",
                )
            )
        if draw[1] < 0.1:
            found.append(
                Annotation(
                    measure=r.code,
                    date=at(int(r.shift_at)),
                    kind="intervention",
                    label="New pathway launched",
                )
            )
        if draw[2] < 0.03:
            found.append(
                Annotation(
                    measure=r.code, date=at(19), kind="baseline", label="Baseline: first 20 points"
                )
            )
        if draw[3] < 0.05:
            found.append(
                Annotation(measure=r.code, date=at(5), kind="note", label="Definition clarified")
            )
    return found


def _goals(
    series: pd.DataFrame,
    targets: list[Target],
    starts: pd.Series,
    today: date,
    rng: np.random.Generator,
) -> list[Goal]:
    target_of = {t.measure: t.value for t in targets}
    goals = []
    for initiative, group in series[series["code"].isin(target_of)].groupby("initiative"):
        chosen = group.head(2 if rng.random() < 0.3 else 1)
        for k, r in enumerate(chosen.itertuples(), start=1):
            baseline_period = month(starts[r.code], 12)
            goals.append(
                Goal(
                    code=f"{initiative}-G{k}",
                    initiative=initiative,
                    statement=f"Move {r.subject.lower()} to the target",
                    measure=r.code,
                    baseline_value=round(r.level, int(r.decimals)),
                    baseline_period=baseline_period,
                    target_value=target_of[r.code],
                    target_date=month(today, int(rng.integers(3, 24))),
                )
            )
    return goals


def _milestones(
    initiatives: pd.DataFrame, today: date, rng: np.random.Generator
) -> tuple[list[Milestone], list[Milestone]]:
    """Return (first versions, re-forecast versions) of every initiative's milestones."""
    first, later = [], []
    for r in initiatives.itertuples():
        span = (r.planned_end - r.start_date).days
        owners = person(rng, MILESTONES_PER_INITIATIVE)
        for k in range(MILESTONES_PER_INITIATIVE):
            baseline = r.start_date + timedelta(
                days=span * (k + 1) // (MILESTONES_PER_INITIATIVE + 1)
            )
            common = {
                "code": f"{r.code}-MS{k + 1}",
                "initiative": r.code,
                "title": f"Milestone {k + 1} of {r.code}",
                "owner": str(owners[k]),
                "baseline_date": baseline,
            }
            reforecast = rng.random() < REFORECAST_SHARE
            slip = timedelta(days=int(rng.integers(14, 120))) if reforecast else timedelta(0)
            forecast = baseline + slip
            done = forecast < today - timedelta(days=30) and rng.random() < 0.85
            if done:
                final = {
                    "forecast_date": forecast,
                    "completed_date": forecast,
                    "status": "complete",
                }
            elif forecast < today:
                final = {"forecast_date": forecast, "status": "late"}
            else:
                final = {
                    "forecast_date": forecast,
                    "status": str(rng.choice(["not started", "on track", "at risk"])),
                }
            if reforecast:
                first.append(Milestone(**common, forecast_date=baseline, status="on track"))
                later.append(Milestone(**common, **final, change_reason="Supplier delay"))
            else:
                first.append(Milestone(**common, **final))
    return first, later


PROGRESS = (
    "Delivery is on plan; the latest figures moved as expected.",
    "Slower than planned: staffing gaps delayed the new rota.",
    "The pilot ward went live and early results are encouraging.",
    "Data quality work finished; the figures are now validated weekly.",
)
RISKS = (
    "Recruitment to two posts is behind plan.",
    "Winter pressures may pause the work.",
    "Estates works could slip by a month.",
    "",
)


def _check_ins(
    initiatives: pd.DataFrame, today: date, rng: np.random.Generator
) -> tuple[list[CheckIn], list[CheckIn]]:
    """Return (check-ins from each initiative's start, re-submissions of some of them)."""
    made, again = [], []
    rags = np.array(["red", "amber", "green"])
    for r in initiatives.itertuples():
        frequency = Frequency(r.checkin_frequency)
        last = last_complete_period(today, frequency)
        if rng.random() < STALE_SHARE:
            last = add_periods(last, frequency, -int(rng.integers(2, 4)))
        period = add_periods(r.start_date.replace(day=1), Frequency.monthly, 0)
        if frequency is Frequency.quarterly:
            period = date(period.year, 3 * ((period.month - 1) // 3) + 1, 1)
        state = int(rng.integers(0, 3))
        while period <= last:
            state = int(np.clip(state + rng.integers(-1, 2), 0, 2))
            item = CheckIn(
                initiative=r.code,
                period=period,
                rag=str(rags[state]),
                confidence=int(state + rng.integers(1, 4)),
                progress=str(rng.choice(PROGRESS)),
                risks=str(rng.choice(RISKS)),
                next_steps="Review the figures at the next delivery group.",
                asks="" if rng.random() < 0.8 else "Board support for funding.",
                author=r.lead,
            )
            made.append(item)
            if rng.random() < RESUBMIT_SHARE:
                again.append(
                    item.model_copy(
                        update={
                            "confidence": max(1, item.confidence - 1),
                            "progress": item.progress + " (revised)",
                        }
                    )
                )
            period = add_periods(period, frequency, 1)
    return made, again


def _programmes_and_initiatives(table: pd.DataFrame) -> list[Programme | Initiative]:
    programmes = [
        Programme(
            code=code,
            name=f"System improvement portfolio {k + 1}",
            description="Generated for the scale benchmark.",
            sro=f"{FIRST[k % len(FIRST)]} {LAST[k % len(LAST)]}",
        )
        for k, code in enumerate(sorted(set(table["programme"])))
    ]
    return programmes + [
        Initiative(
            code=row.code,
            programme=row.programme,
            name=f"{row.theme} improvement {row.code}",
            aim=f"Improve {row.theme.lower()} at {row.organisation} by the planned end.",
            lead=row.lead,
            sponsor=row.sponsor,
            theme=row.theme,
            organisation=row.organisation,
            start_date=row.start_date,
            planned_end=row.planned_end,
            status=row.status,
            checkin_frequency=row.checkin_frequency,
        )
        for row in table.itertuples()
    ]


def plan(scale: Scale) -> Plan:
    """Return the whole generated portfolio for a scale (deterministic from its seed)."""
    rng = np.random.default_rng(scale.seed)
    table = initiatives(scale, rng)
    measures = series(scale, table, rng)
    starts = period_starts(measures, scale.today)
    targets, fixes = _targets(measures, starts, scale.today, rng)
    milestones, reforecasts = _milestones(table, scale.today, rng)
    check_ins, resubmissions = _check_ins(table, scale.today, rng)
    return Plan(
        users=_users(),
        entities=[
            *_programmes_and_initiatives(table),
            *_measures(measures),
            *_goals(measures, targets, starts, scale.today, rng),
        ],
        targets=targets,
        target_corrections=fixes,
        annotations=_annotations(measures, starts, rng),
        milestones=milestones,
        reforecasts=reforecasts,
        check_ins=check_ins,
        resubmissions=resubmissions,
        series=measures,
    )

"""The synthetic portfolio's shape: scale, vocabularies, initiatives, measures and data points.

Everything here is pure and seeded: the same Scale always gives the same tables. bench.generate
writes them through the store; bench.synthetic_models turns them into the store's models.
"""

from dataclasses import asdict, dataclass
from datetime import date

import numpy as np
import pandas as pd

from tracker.periods import Frequency, add_periods, last_complete_period

GENERATOR_VERSION = 2
"""Bump when the generated rows change, so files made by an older generator are rebuilt."""

SEED = 20_261_123
TODAY = date(2026, 11, 23)
"""The benchmarks' pinned 'today' (as the tests pin it), so a reused file never goes stale."""

WEEKLY_SHARE = 0.2
"""0.2 × 260 weekly + 0.8 × 60 monthly points ≈ 100 points a measure over five years."""
INITIATIVES_PER_PROGRAMME = 100
MILESTONES_PER_INITIATIVE = 5
STALE_SHARE = 0.05
"""Measures and initiatives whose latest updates are late, so 'overdue' has something to show."""
MISSING_SHARE = 0.003
NOTE_SHARE = 0.005
CORRECTION_SHARES = (0.02, 0.003)
"""Share of data points corrected in each later round: each correction is a history version."""
TARGET_SHARE = 0.7
TARGET_REVISION_SHARE = 0.2
TARGET_CORRECTION_SHARE = 0.05
REFORECAST_SHARE = 0.3
RESUBMIT_SHARE = 0.02

ORGANISATIONS = tuple(
    f"{place} {kind}"
    for place, kind in zip(
        (
            "Northfield",
            "Easterbrook",
            "Kestrel Vale",
            "Harrowmere",
            "Weald",
            "Fenmoor",
            "Ashby",
            "Marlow Down",
            "Stonebridge",
            "Oakhurst",
            "Riverside",
            "Eastmarch",
        ),
        (
            "Hospitals NHS Foundation Trust",
            "University Hospitals NHS Trust",
            "Community Health NHS Trust",
            "Partnership NHS Foundation Trust",
            "Integrated Care Board",
            "Primary Care Network",
            "Hospitals NHS Trust",
            "Healthcare NHS Trust",
            "Ambulance Service NHS Trust",
            "Mental Health NHS Trust",
            "Hospice",
            "Community Interest Company",
        ),
        strict=True,
    )
)
THEMES = (
    "Urgent and emergency care",
    "Elective recovery",
    "Mental health",
    "Prevention",
    "Discharge and flow",
    "Children and young people",
)
FIRST = (
    "Alex",
    "Bethan",
    "Chidi",
    "Dana",
    "Eleri",
    "Farah",
    "Gareth",
    "Hana",
    "Imran",
    "Jo",
    "Kwame",
    "Lena",
    "Marek",
    "Nadia",
    "Owen",
    "Priya",
    "Rhys",
    "Sian",
    "Tomas",
    "Uma",
)
LAST = (
    "Ashworth",
    "Bello",
    "Carver",
    "Dunmore",
    "Ellison",
    "Fairbrother",
    "Griffiths",
    "Hart",
    "Iqbal",
    "Jones",
    "Khan",
    "Llewellyn",
    "Menon",
    "Nowak",
    "Okafor",
    "Pryce",
)
SUBJECTS = {
    "4-hour performance": "%",
    "Day case rate": "%",
    "Theatre utilisation": "%",
    "Discharges before noon": "%",
    "Handover time": "minutes",
    "Time to triage": "minutes",
    "Length of stay": "days",
    "Wait for first appointment": "days",
    "Referrals seen": "count",
    "Patients over 12 hours in ED": "count",
    "Emergency readmissions": "rate per 1,000",
    "Falls per 1,000 bed days": "rate per 1,000",
    "Cost per case": "£",
    "Agency spend per week": "£",
}
"""Measure subject → its unit."""
UNITS = {
    "%": (40, 95, 1),
    "count": (50, 800, 0),
    "days": (2, 15, 1),
    "minutes": (15, 240, 0),
    "rate per 1,000": (1, 25, 2),
    "£": (500, 20_000, 0),
}
"""Unit → (lowest level, highest level, decimals) of a generated measure."""


@dataclass(frozen=True)
class Scale:
    """How big a portfolio to generate, and from which seed."""

    initiatives: int
    measures: int
    years: int
    seed: int = SEED
    today: date = TODAY

    @property
    def name(self) -> str:
        """Return a file-name stem naming the scale, e.g. 'i1000-m10000-y5'."""
        return f"i{self.initiatives}-m{self.measures}-y{self.years}"

    def key(self) -> dict[str, object]:
        """Return what must match for a generated file to be reused."""
        return {**asdict(self), "today": self.today.isoformat(), "generator": GENERATOR_VERSION}


def person(rng: np.random.Generator, n: int) -> np.ndarray:
    """Return n made-up names ("Priya Okafor"), drawn from FIRST and LAST."""
    first = rng.choice(np.array(FIRST), n)
    last = rng.choice(np.array(LAST), n)
    return np.char.add(np.char.add(first.astype(str), " "), last.astype(str))


def month(day: date, n: int) -> date:
    """Return the first day of the month n months after the month of `day` (n may be < 0)."""
    return add_periods(day.replace(day=1), Frequency.monthly, n)


def initiatives(scale: Scale, rng: np.random.Generator) -> pd.DataFrame:
    """Return one row per initiative: code, programme, organisation, theme, dates, people."""
    n = scale.initiatives
    programmes = max(1, n // INITIATIVES_PER_PROGRAMME)
    org = rng.integers(0, len(ORGANISATIONS), n)
    theme = rng.integers(0, len(THEMES), n)
    start_offset = rng.integers(0, 12, n)  # months after the history starts
    length = rng.integers(36, 72, n)  # months the initiative is planned to run
    history_start = month(scale.today, -12 * scale.years)
    table = pd.DataFrame(
        {
            "code": [f"I{k + 1:04d}" for k in range(n)],
            "programme": [f"P{k % programmes + 1:02d}" for k in range(n)],
            "organisation": [ORGANISATIONS[i] for i in org],
            "theme": [THEMES[i] for i in theme],
            "start_date": [month(history_start, int(s)) for s in start_offset],
            "status": rng.choice(
                ["active", "paused", "closed", "proposed"], n, p=[0.87, 0.05, 0.05, 0.03]
            ),
            "checkin_frequency": rng.choice(["monthly", "quarterly"], n, p=[0.9, 0.1]),
            "lead": person(rng, n),
            "sponsor": person(rng, n),
        }
    )
    table["planned_end"] = [
        month(s, int(m)) for s, m in zip(table["start_date"], length, strict=True)
    ]
    return table


def series(scale: Scale, initiatives: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Return one row per measure: code, initiative, unit, direction, frequency and its shape."""
    n = scale.measures
    per = np.full(scale.initiatives, n // scale.initiatives)
    per[: n % scale.initiatives] += 1
    owner = np.repeat(initiatives["code"].to_numpy(), per)
    number = np.concatenate([np.arange(1, k + 1) for k in per])
    subject = rng.choice(np.array(list(SUBJECTS)), n)
    unit = np.array([SUBJECTS[str(x)] for x in subject])
    low = np.array([UNITS[u][0] for u in unit], dtype=float)
    high = np.array([UNITS[u][1] for u in unit], dtype=float)
    weekly = rng.random(n) < WEEKLY_SHARE
    points = np.where(weekly, 52 * scale.years, 12 * scale.years)
    stale = rng.random(n) < STALE_SHARE
    lag = np.where(stale, rng.integers(2, 6, n), 0)
    level = rng.uniform(low, high)
    return pd.DataFrame(
        {
            "code": [f"{i}-M{k:02d}" for i, k in zip(owner, number, strict=True)],
            "initiative": owner,
            "number": number,
            "type": np.where(
                number == 1, "outcome", np.where(number % 4 == 0, "balancing", "process")
            ),
            "unit": unit,
            "decimals": np.array([UNITS[u][2] for u in unit]),
            "direction": rng.choice(["increase", "decrease", "neither"], n, p=[0.45, 0.45, 0.1]),
            "frequency": np.where(weekly, "weekly", "monthly"),
            "points": points - lag,
            "lag": lag,
            "level": level,
            "sd": level * rng.uniform(0.03, 0.08, n),
            "shift_at": (points * rng.uniform(0.4, 0.8, n)).astype(int),
            "shift": np.where(rng.random(n) < 0.3, rng.normal(0, 2.5, n), 0.0),
            "trend": np.where(rng.random(n) < 0.05, rng.normal(0, 0.05, n), 0.0),
            "subject": subject,
            "owner": person(rng, n),
        }
    )


def _period_table(series: pd.DataFrame, today: date) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (row of series, point number, period as datetime64[D]) for every data point.

    A measure's last point is `lag` periods before the last complete period, its first point
    `points - 1` periods before that.
    """
    counts = series["points"].to_numpy()
    row = np.repeat(np.arange(len(series)), counts)
    number = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    back = np.repeat(counts - 1 + series["lag"].to_numpy(), counts) - number
    last_week = np.datetime64(last_complete_period(today, Frequency.weekly), "D")
    last_month = np.datetime64(last_complete_period(today, Frequency.monthly), "M")
    weekly = series["frequency"].to_numpy()[row] == "weekly"
    week_start = last_week - back * np.timedelta64(7, "D")
    month_start = (last_month - back).astype("datetime64[D]")
    return row, number, np.where(weekly, week_start, month_start)


def period_starts(series: pd.DataFrame, today: date) -> pd.Series:
    """Return each measure's first period (date), indexed by measure code."""
    row, _, period = _period_table(series, today)
    first = pd.Series(period).groupby(row).min()
    return pd.Series(pd.to_datetime(first.to_numpy()).date, index=series["code"].to_numpy())


def data_points(series: pd.DataFrame, today: date, seed: int) -> pd.DataFrame:
    """Return every measure's data points (measure, period, value, missing_reason, note)."""
    rng = np.random.default_rng([seed, 1])
    row, number, period = _period_table(series, today)
    s = series.iloc[row]
    sd = s["sd"].to_numpy()
    values = (
        s["level"].to_numpy()
        + rng.normal(0, 1, len(row)) * sd
        + (number >= s["shift_at"].to_numpy()) * s["shift"].to_numpy() * sd
        + number * s["trend"].to_numpy() * sd
    )
    percent = s["unit"].to_numpy() == "%"
    values = np.where(percent, np.clip(values, 0, 100), np.maximum(values, 0))
    scale = 10.0 ** s["decimals"].to_numpy()
    values = np.round(values * scale) / scale
    missing = rng.random(len(row)) < MISSING_SHARE
    noted = rng.random(len(row)) < NOTE_SHARE
    return pd.DataFrame(
        {
            "measure": s["code"].to_numpy(),
            "period": pd.to_datetime(period).date,
            "value": np.where(missing, np.nan, values),
            "missing_reason": np.where(missing, "Source system outage", ""),
            "note": np.where(noted, "Validated by the data quality team", ""),
        }
    )


def corrections(points: pd.DataFrame, series: pd.DataFrame, seed: int) -> list[pd.DataFrame]:
    """Return each correction round: a sample of data points with changed values."""
    rounds = []
    sd = points["measure"].map(series.set_index("code")["sd"]).to_numpy()
    decimals = points["measure"].map(series.set_index("code")["decimals"]).to_numpy()
    current = points.copy()
    for k, share in enumerate(CORRECTION_SHARES):
        rng = np.random.default_rng([seed, 2, k])
        pick = (rng.random(len(current)) < share) & current["value"].notna().to_numpy()
        changed = current[pick].copy()
        step = rng.choice([-1.0, 1.0], int(pick.sum())) * np.maximum(sd[pick] * 0.5, 1.0)
        scale = 10.0 ** decimals[pick]
        value = np.maximum(np.round((changed["value"] + step) * scale) / scale, 0)
        percent = (changed["measure"].map(series.set_index("code")["unit"]) == "%").to_numpy()
        changed["value"] = np.where(percent, np.minimum(value, 100), value)
        changed["note"] = "Corrected after validation"
        current.loc[changed.index, ["value", "note"]] = changed[["value", "note"]]
        rounds.append(changed.reset_index(drop=True))
    return rounds

"""What the Risks and Benefits pages and the overview's register tiles show, read from the store."""

from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from tracker import attention, benefits, due, pdsa, risks, vocabulary
from tracker.formatting import financial_year, number, uk_date
from tracker.models import NPSA_BANDS, NPSA_ESCALATION
from tracker.risks import Band, Movement
from tracker.store import Database, packs, qi, queries, registers
from tracker.store.db import utc_now


@dataclass(frozen=True)
class Registers:
    """The registers as the board reads them on a day."""

    today: date
    risks: pd.DataFrame
    """Every risk, scored (risks.scored) with its movement since the last pack."""
    last_pack: datetime | None
    """The cut-off of the last published pack that movement is measured from (None: none yet)."""
    benefits: pd.DataFrame
    """Every benefit with its financial year's figures (benefits.year_table)."""
    months: pd.DataFrame
    """The reported financial year's benefit months."""
    exceptions: pd.DataFrame
    """The registers' and PDSA cycles' exception rows (attention.REGISTER_COLUMNS)."""
    owed: pd.DataFrame
    """The risk reviews and benefit actuals owed (due.register_items)."""

    @property
    def year(self) -> str:
        """Return the financial year reported, e.g. 'FY 2026/27'."""
        return financial_year(self.benefits.attrs["year"])


def load(
    db: Database, today: date, as_of: datetime | None = None, concern: frozenset[str] = frozenset()
) -> Registers:
    """Return the registers (and the PDSA cycles' exceptions) as they stood at `as_of`
    (default now), judged on `today`; `concern` names the measures whose latest point is
    special cause concern."""
    table = risks.scored(registers.risks(db, as_of), registers.risk_settings(db))
    pack = packs.previous(db, as_of or utc_now())
    before = registers.risks(db, pack.cut_off) if pack else table.iloc[:0]
    table = risks.movement(table, before)
    # Only the reported financial year's months: all five years of an ICS would take seconds.
    first = benefits.fy_start(benefits.reporting_month(today))
    months = registers.benefit_months(db, as_of, first, first.replace(year=first.year + 1))
    year = benefits.year_table(registers.benefits(db), months, today)
    cycles = qi.pdsa_cycles(db, as_of=as_of)
    initiatives = queries.initiatives(db)
    found = pd.concat(
        [
            risks.exceptions(table, today),
            benefits.exceptions(year, set(concern)),
            pdsa.awaiting_study(cycles, today),
            pdsa.quiet_initiatives(initiatives, qi.diagram_nodes(db, as_of=as_of), cycles, today),
        ],
        ignore_index=True,
    )
    owed = due.register_items(table, year, months, initiatives, today)
    return Registers(today, table, pack.cut_off if pack else None, year, months, found, owed)


def _of(frame: pd.DataFrame, initiatives: pd.Series) -> pd.DataFrame:
    """Return the rows of the `initiatives` shown, and the programmes' own (no initiative)."""
    return frame[frame["initiative"].isna() | frame["initiative"].isin(initiatives)]


def exceptions(found: pd.DataFrame, regs: Registers, initiatives: pd.Series) -> pd.DataFrame:
    """Return an exceptions list (attention.exceptions) with the registers' and PDSA cycles'
    rows of the `initiatives` shown (and the programmes' own risks) added."""
    return attention.with_registers(found, _of(regs.exceptions, initiatives))


def owed(owed_items: pd.DataFrame, regs: Registers, initiatives: pd.Series) -> pd.DataFrame:
    """Return who owes what (due.due_items) with the risk reviews and benefit actuals of the
    `initiatives` shown and the programmes' own risks: the one list My updates, the overview
    and the pack show."""
    return due.with_registers(owed_items, _of(regs.owed, initiatives))


def bands(regs: Registers) -> tuple[int, int, int]:
    """Return where moderate, high and extreme begin for the heat map: the one programme's own
    bands when every risk shares them, else NPSA's."""
    found = regs.risks[["moderate_from", "high_from", "extreme_from"]].drop_duplicates()
    if len(found) == 1:
        return tuple(int(v) for v in found.iloc[0])  # type: ignore[return-value]
    return NPSA_BANDS


def heat_map_cells(regs: Registers) -> pd.DataFrame:
    """Return one row per cell of the 5 × 5 matrix: likelihood, consequence, score, band, count
    and its open risks' codes, highest score first."""
    grid = risks.heat_map(regs.risks)
    live = regs.risks[regs.risks["status"] == "open"]
    # Each cell's codes joined from a Python list: a join over the Arrow strings fetches them
    # one by one, half the heat map's time for an ICS's 20,000 risks.
    codes = (
        live.sort_values("code")
        .groupby(["current_likelihood", "current_consequence"])["code"]
        .agg(lambda cell: ", ".join(cell.tolist()))
    )
    frame = pd.Series(grid.stack(), name="count").reset_index()
    frame["score"] = frame["likelihood"] * frame["consequence"]
    labels = {b.value: vocabulary.label(Band, b) for b in Band}
    frame["band"] = risks.band(frame["score"], *bands(regs)).map(labels)
    keys = list(zip(frame["likelihood"], frame["consequence"], strict=True))
    frame["risks"] = [codes.get(k, "") for k in keys]
    frame = frame[["likelihood", "consequence", "score", "band", "count", "risks"]]
    return frame.sort_values(
        ["score", "likelihood"], ascending=False, kind="stable", ignore_index=True
    )


def _movement_texts(kinds: pd.Series, previous: pd.Series) -> pd.Series:
    """Return each risk's movement as symbol and words, 'from' the earlier score if it moved."""
    words = kinds.map({m.value: vocabulary.text(Movement, m) for m in Movement}).astype(object)
    moved = kinds.isin([Movement.up.value, Movement.down.value])
    was = previous.where(moved, 0).fillna(0).astype(int).astype(str)
    return words.where(~moved, words + " from " + was)


def register_rows(regs: Registers) -> pd.DataFrame:
    """Return the open risks, highest current score first, as the register table shows them.

    Eight columns fit a laptop's width; a risk's response is in the export (tracker export)."""
    shown = risks.register(regs.risks)
    texts = {b.value: vocabulary.text(Band, b) for b in Band}
    return pd.DataFrame(
        {
            "Code": shown["code"],
            "Risk": shown["title"],
            "Initiative": shown["initiative"].fillna("Programme"),
            "Owner": shown["owner"],
            "Current": shown["current_score"].astype(str) + " " + shown["band"].map(texts),
            "Since last pack": _movement_texts(shown["movement"], shown["previous_score"]),
            "Target": shown["target_score"],
            "Next review": shown["next_review"].map(
                {d: uk_date(d) for d in shown["next_review"].unique()}
            ),
        }
    )


def movement_rows(regs: Registers) -> pd.DataFrame:
    """Return the open risks whose score moved or that are new since the last pack."""
    moved = risks.register(regs.risks)
    moved = moved[moved["movement"] != Movement.same.value]
    return pd.DataFrame(
        {
            "Code": moved["code"],
            "Risk": moved["title"],
            "Was": moved["previous_score"].map(lambda v: "—" if pd.isna(v) else str(int(v))),
            "Now": moved["current_score"],
            "Movement": moved["movement"].map(
                {m.value: vocabulary.text(Movement, m) for m in Movement}
            ),
        }
    )


def above_line(regs: Registers) -> pd.DataFrame:
    """Return the open risks at or above their programme's escalation line."""
    return regs.risks[regs.risks["above_line"]]


def money_rows(regs: Registers) -> pd.DataFrame:
    """Return the year's £ benefits by initiative and in total, as the Benefits page shows them."""
    summed = benefits.by_initiative(regs.benefits)

    def pounds(column: str) -> list[str]:
        return [number(v, "£", 0) for v in summed[column]]

    return pd.DataFrame(
        {
            "Initiative": summed["initiative"],
            "Plan for the year": pounds("plan_year"),
            "Plan to date": pounds("plan_ytd"),
            "Actual to date": pounds("actual_ytd"),
            "Forecast outturn": pounds("forecast"),
        }
    )


def other_rows(regs: Registers) -> pd.DataFrame:
    """Return the benefits not counted in £, with their linked measures."""
    other = regs.benefits[regs.benefits["unit"] != benefits.POUNDS]
    return pd.DataFrame(
        {
            "Code": other["code"],
            "Benefit": other["title"],
            "Initiative": other["initiative"],
            "Category": other["category"].str.capitalize(),
            "Unit": other["unit"],
            "Plan to date": other["plan_ytd"],
            "Actual to date": other["actual_ytd"],
            "Measure": other["measure"].fillna("—"),
        }
    )


def behind_rows(regs: Registers) -> pd.DataFrame:
    """Return the benefits more than benefits.BEHIND_SHARE behind plan year to date."""
    late = regs.benefits[regs.benefits["behind"]]
    return pd.DataFrame(
        {
            "Code": late["code"],
            "Benefit": late["title"],
            "Initiative": late["initiative"],
            "Plan to date": [number(v, "£", 0) for v in late["plan_ytd"]],
            "Actual to date": [number(v, "£", 0) for v in late["actual_ytd"]],
        }
    )


def forecast_tile(regs: Registers) -> tuple[str, str]:
    """Return the £ forecast outturn and the year's plan as a tile shows them: '£3.3m', '£3.6m'
    (the plan goes in the label: both in the value are cut short on a laptop's tile)."""
    total = benefits.by_initiative(regs.benefits).iloc[-1]
    return _short(total["forecast"]), _short(total["plan_year"])


MILLION = 1_000_000
THOUSAND = 1_000


def _short(value: float) -> str:
    """Return pounds as a tile shows them: £2.1m, £350k or £900."""
    if abs(value) >= MILLION:
        return f"£{value / MILLION:,.1f}m"
    if abs(value) >= THOUSAND:
        return f"£{value / THOUSAND:,.0f}k"
    return number(value, "£", 0)


@dataclass(frozen=True)
class RegisterTile:
    """A headline figure of the registers on the overview, and the page it opens."""

    label: str
    value: str
    explanation: str
    page: str


def tiles(regs: Registers) -> list[RegisterTile]:
    """Return the overview's register tiles: risks above the line and £ forecast against plan."""
    line = sorted(set(regs.risks["escalation"])) or [NPSA_ESCALATION]
    forecast, plan = forecast_tile(regs)
    return [
        RegisterTile(
            "⚠ Risks above the line",
            str(len(above_line(regs))),
            f"Open risks scoring at or above the board's escalation line "
            f"({', '.join(str(n) for n in line)}) on the NHS 5 × 5 matrix.",
            "risks",
        ),
        RegisterTile(
            f"£ Forecast, {regs.year} (plan {plan})",
            forecast,
            "The year's forecast outturn of £ benefits against their plan for the year "
            "(dis-benefits count against).",
            "benefits",
        ),
    ]

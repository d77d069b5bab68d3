"""The overview as its page shows it: headline tiles, the MDC matrix and its cells, the initiatives."""

from dataclasses import dataclass

import pandas as pd

from tracker import due, formatting, registers_view, reports, vocabulary
from tracker.attention import ExceptionKind
from tracker.boardpack.words import PRESET_WORDS, confidence_text
from tracker.charts.labels import assurance_icon_text, variation_icon_text
from tracker.due import DueStatus
from tracker.glossary import GLOSSARY, column_help
from tracker.models import MilestoneStatus
from tracker.progress import GoalStatus
from tracker.screen_words import rag_text
from tracker.spc_settings import AssuranceIcon, VariationFamily

VARIATION_ROWS = {row: vocabulary.text(VariationFamily, row) for row in reports.MATRIX_VARIATION}
"""The matrix's rows: each variation family's value → its words."""
ASSURANCE_COLUMNS = {column: assurance_icon_text(column) for column in reports.MATRIX_ASSURANCE}
"""The matrix's count columns: each assurance icon's value → its words (the column header)."""
MATRIX_CORNER = "Variation \\ Assurance"
"""The header of the matrix's first column, which holds the row names."""
MATRIX_HELP = {
    MATRIX_CORNER: f"{GLOSSARY['Variation']} {GLOSSARY['Assurance']}",
    **{
        header: GLOSSARY[vocabulary.label(AssuranceIcon, icon)]
        if icon != AssuranceIcon.none
        else GLOSSARY["No icon"]
        for icon, header in ASSURANCE_COLUMNS.items()
    },
}
"""Each matrix header → its help mark: what variation and assurance mean, and each icon."""
INITIATIVE_HELP = column_help(["RAG"])
"""The initiatives table's statistical headers → their help marks."""


@dataclass(frozen=True)
class Tile:
    """One headline figure: its label (with a symbol), the key of Portfolio.tiles, and its help.

    `link` is (page, query parameter, value) of the list the figure counts: another page's list,
    or the overview's own list under the tiles (?tile=key, drawn from tile_list).
    """

    label: str
    key: str
    explanation: str
    link: tuple[str, str, str]


GOAL = vocabulary.GOAL_STATUSES
FAMILY = vocabulary.VARIATION_FAMILIES
TILES = [
    *(
        Tile(
            f"{t.emoji} Initiatives {rag}",
            f"rag_{rag}",
            f"Initiatives whose latest check-in is rated {rag}. {GLOSSARY['RAG']}",
            ("overview", "tile", f"rag_{rag}"),
        )
        for rag, t in vocabulary.RAGS.items()
    ),
    Tile(
        f"{GOAL[GoalStatus.on_track].symbol} Goals on track",
        "goals_on_track",
        "On track or achieved, computed from the data.",
        ("overview", "tile", "goals_on_track"),
    ),
    Tile(
        f"{GOAL[GoalStatus.at_risk].symbol} Goals at risk",
        "goals_at_risk",
        "A little behind the trajectory, or signals of concern.",
        ("overview", "tile", "goals_at_risk"),
    ),
    Tile(
        f"{GOAL[GoalStatus.off_track].symbol} Goals off track",
        "goals_off_track",
        "Well behind the trajectory or failing the target.",
        ("exceptions", "kind", ExceptionKind.goal_off_track),
    ),
    Tile(
        f"{FAMILY[VariationFamily.improvement].symbol} Measures improving",
        "measures_improvement",
        f"Latest point is a special cause improvement. {GLOSSARY['Special cause improvement']}",
        ("overview", "tile", "measures_improvement"),
    ),
    Tile(
        f"{FAMILY[VariationFamily.concern].symbol} Measures of concern",
        "measures_concern",
        f"Latest point is a special cause concern. {GLOSSARY['Special cause concern']}",
        ("exceptions", "kind", ExceptionKind.special_cause_concern),
    ),
    Tile(
        f"{vocabulary.ASSURANCE_ICONS[AssuranceIcon.fail].symbol} Failing their target",
        "assurance_fail",
        f"Assurance icon: fail. {GLOSSARY['Fail']}",
        ("exceptions", "kind", ExceptionKind.assurance_fail),
    ),
    Tile(
        f"{vocabulary.MILESTONE_STATUSES[MilestoneStatus.late].symbol} Milestones late",
        "milestones_late",
        "Not complete and past their forecast date.",
        ("milestones", "show", "late"),
    ),
    Tile(
        f"{vocabulary.DUE_STATUSES[DueStatus.overdue].symbol} Updates overdue",
        "updates_overdue",
        "Data, check-ins, risk reviews and benefit actuals past their due date.",
        ("my_updates", "status", DueStatus.overdue),
    ),
]
"""The overview's headline tiles, in the order shown: RAG first, then goals, measures and dates."""


def caption(book: reports.Portfolio) -> str:
    """Return the line under the title: the day, financial year, SPC rules and what is counted."""
    return (
        f"As at {formatting.uk_date(book.today)} ({formatting.financial_year(book.today)}) · "
        f"SPC rules: {PRESET_WORDS[book.preset]} · {book.tiles['initiatives']} initiatives, "
        f"{book.tiles['measures']} measures"
    )


def matrix_table(book: reports.Portfolio) -> pd.DataFrame:
    """Return the MDC matrix: one row per variation family, a count per assurance icon."""
    counts = book.matrix.set_index(["variation", "assurance"])["n"]
    return pd.DataFrame(
        [
            [label, *(int(counts.get((variation, a), 0)) for a in ASSURANCE_COLUMNS)]
            for variation, label in VARIATION_ROWS.items()
        ],
        columns=[MATRIX_CORNER, *ASSURANCE_COLUMNS.values()],
    )


def matrix_cell(book: reports.Portfolio, row: int, column: str) -> tuple[str, pd.DataFrame]:
    """Return the heading and the measures of a matrix cell picked by row number and column name.

    Picking the row-name column lists the whole row.
    """
    variation = list(VARIATION_ROWS)[row]
    assurance = next((a for a, label in ASSURANCE_COLUMNS.items() if label == column), None)
    chosen = reports.matrix_members(book.measures, variation, assurance)
    heading = VARIATION_ROWS[variation] + (f" · {column}" if assurance else "")
    return heading, measure_rows(chosen)


def measure_rows(chosen: pd.DataFrame) -> pd.DataFrame:
    """Return measures (rows of Portfolio.measures) with their initiative and icons in words."""
    return pd.DataFrame(
        {
            "Code": chosen["code"],
            "Measure": chosen["name"],
            "Initiative": chosen["initiative"],
            "Variation": chosen["variation_icon"].map(variation_icon_text),
            "Assurance": chosen["assurance_icon"].map(assurance_icon_text),
        }
    ).reset_index(drop=True)


def initiative_rows(book: reports.Portfolio, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return initiatives at a glance (all, or the rows `table` of book.initiatives): lead,
    status, RAG, confidence, goals, last check-in (and whether the next is overdue)."""
    table = book.initiatives if table is None else table
    return pd.DataFrame(
        {
            "Code": table["code"],
            # Only an initiative not under way says so, which keeps the table narrow
            "Initiative": table["name"]
            + table["status"].map(lambda s: "" if s == "active" else f" ({s})"),
            "Lead": table["lead"],
            "RAG": table["rag"].map(rag_text),
            "Confidence": table["confidence"].map(confidence_text),
            "Goals": (
                f"{GOAL[GoalStatus.on_track].symbol} "
                + (table["goals_on_track"] + table["goals_achieved"]).astype(str)
                + f" {GOAL[GoalStatus.at_risk].symbol} "
                + table["goals_at_risk"].astype(str)
                + f" {GOAL[GoalStatus.off_track].symbol} "
                + table["goals_off_track"].astype(str)
            ),
            # One column, not two, so that the table fits a laptop: the month and, when the
            # next check-in is late, the warning.
            "Last check-in": [
                formatting.uk_month(day)
                + (f" · {vocabulary.text(DueStatus, DueStatus.overdue)}" if late else "")
                for day, late in zip(table["last_check_in"], table["check_in_overdue"], strict=True)
            ],
        }
    )


TOP_EXCEPTIONS = 5
"""How many exceptions the overview shows: enough for a board's first look; the page has all."""


def shown_owed(book: reports.Portfolio, regs: registers_view.Registers) -> pd.DataFrame:
    """Return who owes what (registers_view.owed) for the initiatives the overview shows, with
    the programmes' own risks (no initiative)."""
    return registers_view.owed(book.due, regs, book.initiatives["code"])


def tile_values(book: reports.Portfolio, owed: pd.DataFrame) -> dict[str, int]:
    """Return the tiles' numbers, updates overdue counting the registers' reviews and actuals
    (owed from shown_owed) as the My updates list it opens does."""
    return {**book.tiles, "updates_overdue": len(due.overdue(owed))}


def overdue_line(owed: pd.DataFrame) -> str:
    """Return who owes the overdue updates (registers_view.owed) by name, e.g. 'Overdue updates
    owed by: Ann (2), Bob (1)'."""
    owners = due.overdue_owners(owed)
    if not owners:
        return "✔ No updates are overdue."
    return "Overdue updates owed by: " + ", ".join(f"{name} ({n})" for name, n in owners)


def top_exceptions(book: reports.Portfolio) -> pd.DataFrame:
    """Return the most severe exceptions (at most TOP_EXCEPTIONS) in words."""
    top = book.exceptions.head(TOP_EXCEPTIONS)
    return pd.DataFrame(
        {
            "Code": top["code"],
            "Severity": top["severity"],
            "What": top["kind"].map(lambda k: vocabulary.label(ExceptionKind, k)),
            "Item": top["title"],
            "Reason": top["reason"],
        }
    ).reset_index(drop=True)


def goal_rows(goals: pd.DataFrame) -> pd.DataFrame:
    """Return goals (rows of Portfolio.goals) with their initiative, status in words and why."""
    return pd.DataFrame(
        {
            "Code": goals["code"],
            "Initiative": goals["initiative"],
            "Goal": goals["statement"],
            "Status": goals["status"].map(lambda s: vocabulary.text(GoalStatus, s)),
            "Why": goals["reason"],
        }
    ).reset_index(drop=True)


@dataclass(frozen=True)
class TileList:
    """The list an overview tile counts, shown under the tiles: its rows and where a row leads.

    Selecting a row opens `page` with ?param= the row's `column`, and ?tab=`tab` if given.
    """

    rows: pd.DataFrame
    page: str
    param: str
    column: str = "Code"
    tab: str | None = None


def tile_list(book: reports.Portfolio, key: str) -> TileList | None:
    """Return the list behind the tile `key` that the overview itself shows (None for the
    tiles whose list is on another page, and for an unknown key)."""
    rags = {f"rag_{rag}": rag for rag in vocabulary.RAGS}
    goals = {
        "goals_on_track": reports.ON_TRACK,
        "goals_at_risk": (GoalStatus.at_risk,),
    }
    if key in rags:
        chosen = reports.rated(book.initiatives, rags[key])
        return TileList(initiative_rows(book, chosen), "initiative", "initiative")
    if key in goals:
        rows = goal_rows(reports.goals_with(book.goals, goals[key]))
        return TileList(rows, "initiative", "initiative", column="Initiative", tab="Goals")
    if key == "measures_improvement":
        chosen = reports.matrix_members(book.measures, VariationFamily.improvement, None)
        return TileList(measure_rows(chosen), "measure", "measure")
    return None

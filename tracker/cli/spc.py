"""The `tracker spc` command: Making Data Count XmR or Anhøj run-chart analysis of a CSV file."""

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from tracker.cli.app import app, echo, user_errors
from tracker.errors import TrackerError
from tracker.runcharts import analyse_runs
from tracker.spc import Preset, SpcSettings, analyse
from tracker.spc_io import format_table, parse_spc_csv

POINT_OUTPUT = [
    "measure", "period", "value", "partition", "mean", "lpl", "upl",
    "lower_two_sigma", "upper_two_sigma", "rules", "point_type",
]  # fmt: skip
SUMMARY_OUTPUT = ["measure", "n", "variation_icon", "assurance_icon", "rules_preset"]
RUN_OUTPUT = [
    "measure", "n_obs", "n_useful", "median", "longest_run", "longest_run_max",
    "crossings", "crossings_min", "signal",
]  # fmt: skip


class Direction(StrEnum):
    """Which way is better."""

    increase = "increase"
    decrease = "decrease"
    neither = "neither"


class Chart(StrEnum):
    """The chart to analyse."""

    xmr = "xmr"
    run = "run"


class OutputFormat(StrEnum):
    """How the result is printed."""

    csv = "csv"
    json = "json"


def _recalc_dates(values: list[str]) -> list[date]:
    """Parse --recalculate values as ISO dates or raise a TrackerError naming the bad one."""
    dates = []
    for text in values:
        try:
            dates.append(date.fromisoformat(text.strip()))
        except ValueError:
            raise TrackerError(
                f"--recalculate {text!r} is not an ISO date; use YYYY-MM-DD"
            ) from None
    return dates


@app.command("spc")
def spc_command(
    input_csv: Annotated[
        Path, typer.Argument(help="CSV with period (ISO date), value and optional measure.")
    ],
    direction: Annotated[
        Direction, typer.Option(help="Which way is better (neither: no assurance icon).")
    ] = Direction.neither,
    target: Annotated[float | None, typer.Option(help="Target for the assurance icon.")] = None,
    recalculate: Annotated[
        list[str] | None,
        typer.Option(help="Start new limits at the first point on or after DATE (repeatable)."),
    ] = None,
    baseline: Annotated[
        int | None,
        typer.Option(min=1, help="Limits (or run-chart median) from the first N points only."),
    ] = None,
    rules: Annotated[Preset, typer.Option(help="Rule set: mdc (6/6) or nhsr (7/7).")] = Preset.mdc,
    screen_outliers: Annotated[
        bool | None,
        typer.Option(
            "--screen-outliers/--no-screen-outliers",
            help="Screen moving-range outliers (default: off for mdc, on for nhsr).",
        ),
    ] = None,
    chart: Annotated[Chart, typer.Option(help="xmr (SPC) or run (Anhøj rules).")] = Chart.xmr,
    summary: Annotated[
        bool, typer.Option("--summary", help="One row per measure: n and icons.")
    ] = False,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="Output as csv or json.")
    ] = OutputFormat.csv,
) -> None:
    """Analyse a measure's values as an XmR chart (or a run chart) and print the result.

    Each measure in the file is analysed separately with the same settings; without a measure
    column the measure is named after the file. Rows may be in any order.

    Example: tracker spc waits.csv --direction decrease --target 18 --recalculate 2024-04-01
    """
    with user_errors():
        try:
            text = input_csv.read_text(encoding="utf-8")
        except OSError as err:
            raise TrackerError(f"Cannot read {input_csv}: {err.strerror or err}") from None
        points = parse_spc_csv(text, default_measure=input_csv.stem)
        ids = sorted(points["series_id"].unique())
        if chart == Chart.run:
            base = pd.Series(baseline or 0, index=ids)
            table = analyse_runs(points, base if baseline else None)
            echo(format_table(table.rename(columns={"series_id": "measure"})[RUN_OUTPUT],
                              output_format.value))  # fmt: skip
            return
        series = pd.DataFrame(
            {
                "series_id": ids,
                "direction": direction.value,
                "target": float("nan") if target is None else target,
                "baseline_n": baseline or 0,
            }
        )
        recalcs = None
        if recalculate:
            dates = _recalc_dates(recalculate)
            recalcs = pd.DataFrame(
                [(sid, pd.Timestamp(d)) for sid in ids for d in dates],
                columns=["series_id", "date"],
            )
        settings = SpcSettings(preset=rules, screen_outliers=screen_outliers)
        result = analyse(points, series, recalcs, settings)
        if summary:
            table = result.summary.rename(columns={"series_id": "measure"})[SUMMARY_OUTPUT]
        else:
            table = result.points.rename(columns={"series_id": "measure"})[POINT_OUTPUT]
        echo(format_table(table, output_format.value))

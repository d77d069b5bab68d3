"""`tracker spc`: output columns, options, and clear errors for bad input."""

import json

import pytest
from typer.testing import CliRunner

import tracker.cli.spc  # noqa: F401  (registers the command)
from tracker.cli.app import app

runner = CliRunner()
VALUES = [10, 12] * 7 + [30]


@pytest.fixture
def csv_file(tmp_path):
    lines = ["measure,period,value"]
    for i, v in enumerate(VALUES):
        lines.append(f"A,2024-{i // 12 + 1:02d}-{i % 12 + 1:02d},{v}")
    for i, v in enumerate([1, 2, 3]):
        lines.append(f"B,2024-01-0{i + 1},{v}")
    path = tmp_path / "in.csv"
    path.write_text(lines[0] + "\n" + "\n".join(reversed(lines[1:])))  # unsorted is fine
    return path


def invoke(*args):
    return runner.invoke(app, ["spc", *map(str, args)])


def test_points_csv(csv_file) -> None:
    res = invoke(csv_file, "--direction", "increase")
    assert res.exit_code == 0, res.output
    lines = res.output.strip().splitlines()
    assert lines[0] == (
        "measure,period,value,partition,mean,lpl,upl,lower_two_sigma,"
        "upper_two_sigma,rules,point_type"
    )
    assert len(lines) == 1 + len(VALUES) + 3
    last_a = [line for line in lines if line.startswith("A,")][-1].split(",")
    assert last_a[-2] == "outside_limits" and last_a[-1] == "special_cause_improvement"
    b_row = [line for line in lines if line.startswith("B,")][0].split(",")
    assert b_row[5] == "" and b_row[-1] == "common_cause"  # too few points: no limits


def test_summary_json(csv_file) -> None:
    res = invoke(
        csv_file, "--direction", "increase", "--target", "0", "--summary", "--format", "json"
    )
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)
    assert rows[0] == {
        "measure": "A",
        "n": 15,
        "variation_icon": "improvement_high",
        "assurance_icon": "pass",
        "rules_preset": "mdc",
    }
    assert rows[1]["variation_icon"] == "none"


def test_run_chart_and_options(csv_file) -> None:
    res = invoke(csv_file, "--chart", "run")
    assert res.exit_code == 0, res.output
    assert res.output.splitlines()[0] == (
        "measure,n_obs,n_useful,median,longest_run,longest_run_max,crossings,crossings_min,signal"
    )
    res = invoke(
        csv_file,
        "--rules",
        "nhsr",
        "--no-screen-outliers",
        "--summary",
        "--recalculate",
        "2024-01-10",
        "--baseline",
        "12",
    )
    assert res.exit_code == 0, res.output
    assert "nhsr" in res.output


def test_without_measure_column_uses_file_name(tmp_path) -> None:
    path = tmp_path / "waits.csv"
    path.write_text("period,value\n" + "\n".join(f"2024-01-{d:02d},{d}" for d in range(1, 15)))
    res = invoke(path, "--summary")
    assert res.exit_code == 0, res.output
    assert res.output.splitlines()[1].startswith("waits,14,")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("period,amount\n2024-01-01,1\n", "column value: missing column"),
        ("period,value\n2024-01-01,abc\n", "row 2, column value: 'abc' is not a number"),
        ("period,value\n2024-01-01,1\n2024-01-01,2\n", "row 3, column period: 2024-01-01 repeats"),
        ("period,value\n01/02/2024,1\n", "row 2, column period"),
        ("period,value\n2024-01-01,\n", "row 2, column value: empty value"),
    ],
)
def test_bad_input_is_a_clear_error(tmp_path, body, expected) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(body)
    res = invoke(path)
    assert res.exit_code == 1
    assert expected in res.output
    assert "Traceback" not in res.output


def test_bad_recalculate_date_and_missing_file(tmp_path, csv_file) -> None:
    res = invoke(csv_file, "--recalculate", "2024-13-01")
    assert res.exit_code == 1 and "--recalculate" in res.output
    res = invoke(tmp_path / "nope.csv")
    assert res.exit_code == 1 and "Cannot read" in res.output


def test_help_has_example() -> None:
    res = runner.invoke(app, ["spc", "--help"])
    assert res.exit_code == 0
    assert "Example:" in res.output

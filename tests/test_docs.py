"""The README is tested: its layer table names every part of tracker/, every example in its
command table runs against a copy of the sample, and its settings table lists every setting."""

import csv
import inspect
import re
import shlex
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path

import pytest
import typer
from typer.core import TyperCommand
from typer.testing import CliRunner, Result

from bench.server import served
from tests.conftest import TODAY, sample_rows
from tests.test_layers import LAYERS
from tracker import access, reports
from tracker.cli import app
from tracker.cli.app import COMMANDS
from tracker.config import Settings
from tracker.demo import SAMPLE_DIR
from tracker.periods import Frequency, last_complete_period
from tracker.store import Database, batches, packs
from tracker.store.db import utc_now

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
PACKAGE = ROOT / "tracker"

CELL_DIVIDER = re.compile(r"(?<!\\)\|")
"""A table's cells are divided by `|`; `\\|` inside a cell is a literal bar (an alternative)."""

CODE = re.compile(r"`([^`]+)`")
PLACEHOLDER = re.compile(r"[A-Z][A-Z-]*(\.[a-z]+)?")
"""FILE, DIR, BATCH, NAME, YYYY-MM, FILE.xlsx: a word the reader replaces with their own."""


def table(header: str) -> list[list[str]]:
    """Return the body rows (cells, bars unescaped) of the README table whose first cell is
    `header`."""
    lines = README.read_text(encoding="utf-8").splitlines()
    cells = [[c.strip() for c in CELL_DIVIDER.split(line)[1:-1]] for line in lines]
    starts = [i for i, row in enumerate(cells) if row and row[0] == header]
    assert len(starts) == 1, f"README.md should have one table headed `{header}`"
    body = []
    for line, row in zip(lines[starts[0] + 2 :], cells[starts[0] + 2 :], strict=True):
        if not line.startswith("|"):
            break
        body.append([c.replace("\\|", "|") for c in row])
    return body


# --- the layer table ------------------------------------------------------------------------

README_LAYERS = {
    "models": "models",
    "store": "store",
    "analysis": "analysis",
    "vocabulary": "analysis",
    "charts": "charts",
    "reports": "library",
    "actions": "library",
    "pages and CLI": "interface",
}
"""The README's layer names, each with the layer tests/test_layers.py enforces for it."""

UNNAMED = {"__init__.py", "py.typed", "__pycache__"}
"""Entries under tracker/ that are the package's own markers, not parts a developer looks for."""


def named_paths() -> dict[str, str]:
    """Return each path the layer table names (relative to tracker/, no trailing /) and its
    layer's README name."""
    named = {}
    for layer, where, _contract in table("layer"):
        for path in CODE.findall(where):
            assert path.startswith("tracker/"), f"{path} in the {layer} row is not under tracker/"
            named[path.removeprefix("tracker/").rstrip("/")] = layer
    return named


def enforced_layer(path: str) -> str | None:
    """Return the layer tests/test_layers.py gives `path`: its own entry, else its folder's."""
    parts = path.split("/")
    for end in range(len(parts), 0, -1):
        if "/".join(parts[:end]) in LAYERS:
            return LAYERS["/".join(parts[:end])]
    return None


def test_the_layer_table_names_every_folder_and_module_under_tracker():
    entries = {p.name for p in PACKAGE.iterdir()} - UNNAMED
    assert sorted(entries - set(named_paths())) == []


def test_every_path_the_layer_table_names_exists():
    assert [p for p in named_paths() if not (PACKAGE / p).exists()] == []


def test_the_layer_table_places_each_path_where_the_layer_test_does():
    misplaced = [
        f"{path}: README says {layer}, tests/test_layers.py says {enforced_layer(path)}"
        for path, layer in named_paths().items()
        if enforced_layer(path) is not None and README_LAYERS.get(layer) != enforced_layer(path)
    ]
    assert misplaced == []


# --- the settings table ---------------------------------------------------------------------


def test_the_settings_table_lists_every_setting_and_nothing_else():
    listed = {CODE.findall(row[0])[0] for row in table("environment variable")}
    assert listed == {f"TRACKER_{name.upper()}" for name in Settings.model_fields}


# --- the command table ----------------------------------------------------------------------


def command_examples() -> list[str]:
    """Return every `tracker ...` example in the command table's first column, as written."""
    return [
        code
        for row in table("command")
        for code in CODE.findall(row[0])
        if code.startswith("tracker ")
    ]


def variants(example: str) -> list[list[str]]:
    """Return the example's forms that between them use every alternative and every optional part.

    `[...]` is optional and `a|b` a choice; form k takes choice k of each part (cycling), so an
    example with a three-way option and an optional flag gives three forms, not six.
    """
    parts: list[list[list[str]]] = []
    for token in re.findall(r"\[[^\]]*\]|\S+", example):
        if token.startswith("["):
            inner = token[1:-1].split()
            choices = [
                inner[:i] + [alt] + inner[i + 1 :]
                for i, word in enumerate(inner)
                for alt in word.split("|")
                if "|" in word
            ] or [inner]
            parts.append([[], *choices])
        else:
            parts.append([[alt] for alt in token.split("|")])
    return [
        [word for choices in parts for word in choices[k % len(choices)]]
        for k in range(max(len(choices) for choices in parts))
    ]


def command_of(name: str) -> TyperCommand:
    """Return the click command `tracker NAME` runs."""
    group = typer.main.get_command(app)
    with typer.Context(group) as ctx:
        command = group.get_command(ctx, name)
    assert isinstance(command, TyperCommand), f"`tracker {name}` is not a command"
    return command


def takes_db(name: str) -> bool:
    return any("--db" in param.opts for param in command_of(name).params)


@dataclass
class Sample:
    """Real values from a copy of the sample to put in place of the README's placeholders."""

    db: Path
    folder: Path
    outputs: list[Path]
    """Files and folders the example should have written."""

    def output(self, path: Path) -> str:
        self.outputs.append(path)
        return str(path)

    def import_file(self, kind: str) -> str:
        """A file of `kind` to import: a value the sample owes, or the sample's own rows."""
        if kind != "datapoints":
            return str(SAMPLE_DIR / f"{kind}.csv")
        with Database(self.db, read_only=True) as db:
            book = reports.portfolio(db, TODAY)
            owed = book.due[book.due["kind"] == "data"].iloc[0]
            # Portfolio.points is read on first use, so while the database is open
            latest = book.points[book.points["measure"] == owed["code"]]["value"].dropna().iloc[-1]
        path = self.folder / "owed.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(
                [
                    ["measure", "period", "value"],
                    [owed["code"], owed["period"].date().isoformat(), latest],
                ]
            )
        return str(path)

    def batch(self) -> tuple[str, str]:
        """The sample's own import batch (its id, its source): its 3,091 values need --confirm."""
        with Database(self.db, read_only=True) as db:
            found = batches.import_batches(db)
        return str(found["id"].iloc[-1]), str(found["source"].iloc[-1])

    def person(self) -> str:
        """Someone who owes an update in the sample."""
        with Database(self.db, read_only=True) as db:
            return str(reports.portfolio(db, TODAY).due["owner"].iloc[0])

    def grantee(self, what: str) -> str:
        """Someone to grant a role to, or (to revoke) someone granted editor of UEC-01 first."""
        email = "ed.itor@example.nhs.uk"
        if what == "revoke":
            with Database(self.db) as db:
                access.grant(db, email, "editor", "UEC-01", "sample.loader")
        return email

    def workbook(self) -> str:
        """The sample's own programme workbook, as `tracker export --format xlsx` writes it."""
        out = self.folder / "workbook"
        result = run(["export", str(out), "--format", "xlsx", "--db", str(self.db)])
        assert result.exit_code == 0, result.output
        return str(out / "programme.xlsx")

    def pack(self) -> str:
        """A pack published on the sample, as the Board pack page publishes one."""
        with Database(self.db) as db:
            made = packs.publish(
                db, packs.PackRequest(period=TODAY.replace(day=1), cut_off=utc_now(), author="Pat")
            )
        return str(made.id)

    def spc_csv(self) -> str:
        """One sample measure's values, as `tracker spc` reads them."""
        rows = sample_rows("datapoints.csv")
        first = rows[0]["measure"]
        path = self.folder / "values.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(
                [["period", "value"]]
                + [[r["period"], r["value"]] for r in rows if r["measure"] == first and r["value"]]
            )
        return str(path)


FILLERS: dict[tuple[str, str], Callable[[Sample, list[str]], str]] = {
    ("import", "FILE"): lambda s, w: s.import_file(option(w, "--kind") or "datapoints"),
    ("load", "FILE.xlsx"): lambda s, w: s.workbook(),
    ("template", "FILE.xlsx"): lambda s, w: s.output(s.folder / "programme.xlsx"),
    ("board-pack", "FILE"): lambda s, w: s.output(s.folder / f"pack.{option(w, '--format')}"),
    ("export", "DIR"): lambda s, w: s.output(s.folder / "export"),
    ("import", "BATCH"): lambda s, w: s.batch()[0],
    ("import", "NAME"): lambda s, w: s.batch()[1],
    ("due", "NAME"): lambda s, w: s.person(),
    ("audit", "CODE"): lambda s, w: "UEC-01",
    ("audit", "NAME"): lambda s, w: "sample.loader",
    ("audit", "YYYY-MM-DD"): lambda s, w: f"{TODAY:%Y-%m-%d}",
    ("board-pack", "YYYY-MM"): lambda s, w: (
        f"{last_complete_period(TODAY, Frequency.monthly):%Y-%m}"
    ),
    ("spc", "FILE.csv"): lambda s, w: s.spc_csv(),
    ("pack-public", "ID"): lambda s, w: s.pack(),
    ("serve", "ADDRESS"): lambda s, w: "127.0.0.1",
    ("serve", "FILE"): lambda s, w: str(s.folder / "secrets.toml"),
    ("access", "EMAIL"): lambda s, w: s.grantee(w[2]),
    ("access", "ROLE"): lambda s, w: "editor",
    ("access", "CODE"): lambda s, w: "UEC-01",
    ("copy", "SOURCE"): lambda s, w: str(s.db),
    ("copy", "TARGET"): lambda s, w: s.output(s.folder / "copy.duckdb"),
}
"""(command, placeholder) → a real value for it from the sample."""


def option(words: list[str], name: str) -> str | None:
    return words[words.index(name) + 1] if name in words else None


def fill(words: list[str], sample: Sample) -> list[str]:
    """Return the arguments after `tracker`, placeholders filled and --db the sample's copy."""
    name = words[1]
    filled = []
    for word in words[1:]:
        if not PLACEHOLDER.fullmatch(word):
            filled.append(word)
            continue
        filler = FILLERS.get((name, word))
        assert filler, f"tests/test_docs.py cannot fill {word} in `tracker {name}`; teach it"
        filled.append(filler(sample, words))
    if not takes_db(name):
        return filled
    db = sample.output(sample.folder / "new.duckdb") if name in CREATES else sample.db
    return [*filled, "--db", str(db)]


CREATES = {"demo", "init"}
"""Commands that make a database: their examples run on a new file (demo refuses to replace one
without --force)."""

REFUSALS = {
    "tracker import --revert BATCH": "--confirm",
}
"""Forms the README documents as refused, with what the refusal says: the sample's batch holds
more than 100 values, so reverting it needs its name."""

runner = CliRunner()


def run(args: list[str]) -> Result:
    return runner.invoke(app, args)


def cases() -> list:
    """One test per form of each example; a PDF pack draws its charts with Chromium, and
    `serve` starts a real app server (slow by nature)."""
    forms = [" ".join(form) for example in command_examples() for form in variants(example)]
    return [pytest.param(form, id=form, marks=_marks(form.split())) for form in forms]


def _marks(words: list[str]) -> list[pytest.MarkDecorator]:
    if "pdf" in words:
        return [pytest.mark.browser]
    return [pytest.mark.slow] if words[1] == "serve" else []


def test_the_command_table_has_every_command():
    documented = {example.split()[1] for example in command_examples()}
    assert sorted(set(COMMANDS) - documented) == []


@pytest.mark.parametrize("form", cases())
def test_each_command_example_runs(form, sample_db_path, tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_DB", str(tmp_path / "never.duckdb"))  # --db must be the one used
    sample = Sample(sample_db_path, tmp_path, [])
    args = fill(form.split(), sample)
    if args[0] == "serve":  # runs until stopped: read its arguments, then serve on a free port
        assert command_of("serve").make_context("serve", args[1:]).params["db"] == str(sample.db)
        with served(sample.db, TODAY) as url, urllib.request.urlopen(url) as page:
            assert page.status == HTTPStatus.OK
        return
    result = run(args)
    if form in REFUSALS:
        assert result.exit_code == 1, result.output
        assert REFUSALS[form] in result.output
        assert "Nothing was written" in result.output
        return
    assert result.exit_code == 0, f"tracker {' '.join(args)}\n{result.output}"
    assert [p for p in sample.outputs if not p.exists()] == []


def test_the_commands_that_open_no_database_are_the_ones_the_readme_names():
    paragraphs = README.read_text(encoding="utf-8").split("\n\n")
    [said] = [p for p in paragraphs if p.startswith("Every command that opens a database")]
    named = {code for code in CODE.findall(said) if code in COMMANDS}
    assert named == {name for name in COMMANDS if not takes_db(name)}


@pytest.mark.parametrize("name", list(COMMANDS))
def test_each_help_ends_with_an_example_that_parses(name):
    command = command_of(name)
    last = inspect.cleandoc(command.help or "").split("\n\n")[-1]
    words = shlex.split(last)
    assert words[:3] == ["Example:", "tracker", name], f"`tracker {name} --help` ends with {last!r}"
    command.make_context(name, words[3:])  # raises if the example has an unknown option or value

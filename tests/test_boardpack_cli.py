"""`tracker board-pack`: writes the pack with a progress line, publishes, rebuilds published packs."""

from datetime import timedelta

import pytest
from pptx import Presentation
from typer.testing import CliRunner

from tests.boardpack_helpers import slide_texts
from tracker.cli import app
from tracker.store import Database, packs
from tracker.store.db import utc_now

runner = CliRunner()


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def small_theme(sample_db_path, monkeypatch):
    """The sample, with one theme published as the October pack (kept small for speed)."""
    with Database(sample_db_path) as db:
        pack = packs.publish(
            db,
            packs.PackRequest(
                period="2026-10-01",
                cut_off=utc_now(),
                author="Pat Secretary",
                filters=packs.PackFilters(theme="Prevention"),
            ),
        )
    return sample_db_path, pack


def test_without_as_of_the_periods_published_pack_is_rebuilt(small_theme, tmp_path):
    path, pack = small_theme
    out = tmp_path / "pack.pptx"
    result = run("board-pack", "--period", "2026-10", "--out", out, "--db", path)
    assert result.exit_code == 0, result.output
    assert f"rebuilt from published pack {pack.id}" in result.output
    assert "100%" in result.output  # the progress line reached the end
    cover = slide_texts(out.read_bytes())[0]
    assert "Theme: Prevention" in cover and "Pat Secretary" in cover
    assert len(Presentation(str(out)).slides) > 10


def test_publish_records_the_pack_for_the_page_to_list(small_db, db_path, tmp_path, monkeypatch):
    small_db.close()  # the small programme: a quick pack; the CLI opens the file itself
    monkeypatch.setenv("TRACKER_USER", "Sam Secretary")
    cut_off = (utc_now() - timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M")
    result = run(
        "board-pack", "--period", "2026-09", "--as-of", cut_off, "--publish",
        "--out", tmp_path / "september.pptx", "--db", db_path,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    with Database(db_path) as db:
        [pack] = packs.published(db)
    assert (pack.author, f"{pack.period:%Y-%m}") == ("Sam Secretary", "2026-09")
    assert f"{pack.cut_off:%Y-%m-%dT%H:%M}" == cut_off
    assert f"newly published pack {pack.id}" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--period", "October"), "write it as YYYY-MM"),
        (("--period", "2026-10", "--as-of", "2099-01-01T00:00"), "is in the future"),
        (("--period", "2026-10", "--as-of", "last Friday"), "--as-of 'last Friday' is not a time"),
    ],
)
def test_bad_options_are_explained_and_nothing_is_written(args, message, sample_db_path, tmp_path):
    out = tmp_path / "pack.pptx"
    result = run("board-pack", *args, "--out", out, "--db", sample_db_path)
    assert result.exit_code == 1
    assert message in result.output
    assert not out.exists()


def test_pdf_without_chromium_says_how_to_install_it(small_theme, tmp_path, monkeypatch):
    path, _ = small_theme
    monkeypatch.setenv("BROWSER_PATH", "/nowhere/chromium")
    out = tmp_path / "pack.pdf"
    result = run("board-pack", "--period", "2026-10", "--format", "pdf", "--out", out, "--db", path)
    assert result.exit_code == 1
    assert "apt-get install chromium" in result.output and "--format pptx" in result.output
    assert not out.exists()

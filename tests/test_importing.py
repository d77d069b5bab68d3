"""Import actions without Streamlit: parse (every problem), preview, commit and revert a batch."""

from datetime import date

import pandas as pd
import pytest

from tests.conftest import TODAY
from tracker import importing
from tracker.errors import Conflict, ImportRejected, NotAllowed
from tracker.importers import ImportKind
from tracker.store import Database, batches, queries

SEPTEMBER = date(2026, 9, 1)

FIRST = b"measure,period,value\nUEC-01-M1,2026-08-01,79.1\nUEC-01-M1,2026-09-01,77.7\n"
SECOND = (
    b"measure,period,value,note\n"
    b"UEC-01-M1,2026-09-01,80.5,corrected\n"  # change: 77.7 held
    b"UEC-01-M1,2026-08-01,79.1,\n"  # unchanged
    b"UEC-01-M1,2026-10-01,81,\n"  # add
)


def imported(db: Database, data: bytes, name: str = "first.csv") -> int:
    """Import a file of data points as `ana`; return its batch."""
    parsed = importing.parse_import(db, data, name, ImportKind.datapoints, TODAY)
    batch = importing.commit_import(db, "ana", parsed).batch_id
    assert batch is not None
    return batch


def test_a_bad_file_lists_every_problem_and_writes_nothing(small_db):
    before = queries.write_counter(small_db)
    bad = b"measure,period,value\nUEC-01-M1,2026-09-01,N/A\nUEC-01-M9,2026-09-01,5\n"
    with pytest.raises(ImportRejected) as refused:
        importing.parse_import(small_db, bad, "bad.csv", ImportKind.datapoints, TODAY)
    found = [(e.row, e.column) for e in refused.value.errors]
    assert found == [(2, "value"), (3, "measure")]
    assert queries.write_counter(small_db) == before


def test_rows_of_another_initiative_are_refused_however_the_code_is_typed(small_db):
    with pytest.raises(ImportRejected) as refused:
        importing.parse_import(
            small_db, FIRST, "first.csv", ImportKind.datapoints, TODAY, initiative=" ele-01 "
        )
    assert len(refused.value.errors) == 2
    assert "belongs to UEC-01, not ELE-01" in refused.value.errors[0].reason


def test_preview_counts_what_each_row_would_do_and_writes_nothing(small_db):
    imported(small_db, FIRST)
    before = queries.write_counter(small_db)
    told: list[tuple[float, str]] = []
    parsed = importing.parse_import(
        small_db,
        SECOND,
        "second.csv",
        ImportKind.datapoints,
        TODAY,
        on_progress=lambda done, text: told.append((done, text)),
    )
    checked = importing.preview_import(
        small_db, parsed, on_progress=lambda done, text: told.append((done, text))
    )
    assert checked.counts == {"add": 1, "change": 1, "unchanged": 1}
    assert checked.writing == 2
    assert [done for done, _ in told] == sorted(done for done, _ in told)
    assert told[-1] == (0.8, "Comparing with the values held now …")
    assert "Checking 3 rows …" in [text for _, text in told]
    assert queries.write_counter(small_db) == before


def test_commit_writes_a_batch_and_keeps_the_old_value(small_db):
    imported(small_db, FIRST)
    parsed = importing.parse_import(small_db, SECOND, "second.csv", ImportKind.datapoints, TODAY)
    result = importing.commit_import(small_db, "bo", parsed)
    assert (result.added, result.changed, result.unchanged) == (1, 1, 1)
    history = queries.value_history(small_db, "UEC-01-M1", SEPTEMBER)
    assert history["value"].tolist() == [77.7, 80.5]
    assert history["recorded_by"].tolist() == ["ana", "bo"]
    newest = batches.import_batches(small_db).iloc[0]
    assert (newest["id"], newest["source"], newest["created_by"]) == (
        result.batch_id,
        "second.csv",
        "bo",
    )


def test_revert_puts_back_the_earlier_value_and_cannot_be_repeated(small_db):
    imported(small_db, FIRST)
    second = imported(small_db, SECOND, "second.csv")
    undone = importing.revert_batch(small_db, "cy", second, None)
    assert (undone.reverted, undone.restored, undone.withdrawn) == (second, 1, 1)
    held = queries.data_points(small_db, measure_codes=["UEC-01-M1"]).set_index("period")
    assert held.loc[pd.Timestamp(SEPTEMBER), "value"] == 77.7
    assert pd.Timestamp("2026-10-01") not in held.index
    before = queries.write_counter(small_db)
    with pytest.raises(Conflict, match="already reverted"):
        importing.revert_batch(small_db, "cy", second, None)
    assert queries.write_counter(small_db) == before


def test_a_large_batch_is_reverted_only_with_its_name(small_db):
    weeks = pd.date_range("2024-01-01", periods=batches.CONFIRM_ABOVE + 1, freq="W-MON")
    rows = "".join(f"UEC-01-M2,{day:%Y-%m-%d},{n}\n" for n, day in enumerate(weeks))
    batch = imported(small_db, f"measure,period,value\n{rows}".encode(), "weeks.csv")
    before = queries.write_counter(small_db)
    for typed in (None, "weeks"):
        with pytest.raises(NotAllowed, match="type its name, weeks.csv, to confirm"):
            importing.revert_batch(small_db, "cy", batch, typed)
    assert queries.write_counter(small_db) == before
    undone = importing.revert_batch(small_db, "cy", batch, " weeks.csv ")
    assert undone.withdrawn == batches.CONFIRM_ABOVE + 1


def test_a_batch_is_named_by_what_it_holds_and_a_revert_by_what_it_undid(small_db):
    batch = imported(small_db, FIRST)
    undo = importing.revert_batch(small_db, "cy", batch, None).batch_id
    found = batches.import_batches(small_db)
    assert importing.batch_label(found, batch).startswith(
        f"batch {batch}: data points from first.csv ("
    )
    assert importing.batch_label(found, undo).startswith(f"batch {undo}: revert of batch {batch} (")

"""The longest-texts sample (bench/long_texts.py): every limited text padded to its model's maximum."""

import csv
from pathlib import Path

from bench.long_texts import max_length, padded, write_sample
from tracker.demo import SAMPLE_DIR
from tracker.models import Initiative, Measure


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_long_sample_pads_every_limited_text_to_its_models_maximum(tmp_path) -> None:
    folder = write_sample(tmp_path / "csv")
    limit = max_length(Measure, "definition")
    assert limit is not None and limit > 500  # a long text, far longer than a name
    padded_rows = _rows(folder / "measures.csv")
    assert {len(m["definition"]) for m in padded_rows} == {limit}
    for before, after in zip(_rows(SAMPLE_DIR / "measures.csv"), padded_rows, strict=True):
        assert after["definition"].startswith(before["definition"] + " ")
        assert after["code"] == before["code"]  # codes are not texts the models limit
    leads = {row["code"]: row["lead"] for row in _rows(folder / "initiatives.csv")}
    assert leads["PRV-01"] == padded("Imran Chaudhry", max_length(Initiative, "lead") or 0)
    assert len(leads["PRV-01"]) == max_length(Initiative, "lead")

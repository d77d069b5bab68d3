"""Hostile user text for the sample's UEC-01: what pages, charts and packs must show as typed."""

from datetime import date
from pathlib import Path

from tracker.models import Annotation, CheckIn, Initiative, Measure
from tracker.store import Database, queries, writes

IMAGE = "![b](http://evil.example/beacon.png)"
"""A tracking pixel: rendered as markdown, every reader's browser would fetch it."""
NAME = "Flow <b>bold</b> [link](http://evil.example) :red[red]"
AIM = f'{IMAGE} **All green, nothing to see** <img src=x> $x^2$ <font color="red">& co</font>'
PROGRESS = f"**All green, nothing to see**\n- clinics open\n- staff hired {IMAGE}"
MEASURE = f"4-hour <b>performance</b> {IMAGE}"
DEFINITION = f"Share seen <a href='http://evil.example'>here</a> {IMAGE}"
THEME = f"Care <b>&</b> {IMAGE}"
LABEL = "<b>Go live</b>"
CHECK_IN = date(2026, 11, 1)


def write_hostile(db_path: Path) -> None:
    """Give UEC-01 a hostile name, aim and theme, check-in narrative and author, and its first
    measure a hostile name, definition and annotation."""
    with Database(db_path) as db:
        row = queries.initiatives(db).set_index("code").loc["UEC-01"]
        fields = {k: row[k] for k in Initiative.model_fields if k != "code"}
        initiative = Initiative(
            **{**fields, "code": "UEC-01", "name": NAME, "aim": AIM, "theme": THEME}
        )
        measures = queries.measures(db)
        # Blank optional fields (the measure's own range) come back as NaN; a model takes None.
        measure_row = measures.astype(object).where(measures.notna(), None)
        measure_row = measure_row.set_index("code").loc["UEC-01-M1"]
        fields = {k: measure_row[k] for k in Measure.model_fields if k != "code"}
        measure = Measure(
            **{**fields, "code": "UEC-01-M1", "name": MEASURE, "definition": DEFINITION}
        )
        writes.save_entities(db, [initiative, measure], "test.user")
        check_in = CheckIn(
            initiative="UEC-01",
            period=CHECK_IN,
            rag="green",
            confidence=5,
            progress=PROGRESS,
            author="<b>Boss</b>",
        )
        writes.save_check_ins(db, [check_in], "test.user")
        note = Annotation(measure="UEC-01-M1", date=date(2026, 6, 1), kind="note", label=LABEL)
        writes.add_annotations(db, [note], "test.user")

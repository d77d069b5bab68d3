"""Import rules: only tracker/ui imports streamlit; only tracker/store imports duckdb or holds SQL."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SQL = re.compile(r"\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM)\b")


def sources() -> list[Path]:
    return [*ROOT.glob("tracker/**/*.py"), ROOT / "app.py"]


def imports(path: Path, module: str) -> bool:
    return bool(re.search(rf"^\s*(import|from) {module}\b", path.read_text(), re.MULTILINE))


def test_only_the_store_imports_duckdb():
    offenders = [p for p in sources() if imports(p, "duckdb") and "store" not in p.parts]
    assert offenders == []


def test_only_ui_and_app_import_streamlit():
    offenders = [
        p
        for p in sources()
        if imports(p, "streamlit") and "ui" not in p.parts and p.name != "app.py"
    ]
    assert offenders == []


def test_no_sql_outside_the_store():
    offenders = [p for p in sources() if "store" not in p.parts and SQL.search(p.read_text())]
    assert offenders == []


def test_analysis_modules_do_no_io():
    pure = ["spc.py", "runcharts.py", "progress.py", "attention.py", "due.py", "charts.py"]
    for name in pure:
        path = ROOT / "tracker" / name
        if path.exists():
            text = path.read_text()
            assert not imports(path, "tracker.store"), name
            assert "open(" not in text, name

"""Layers point one way; only the store touches duckdb or SQL, only ui streamlit; pure code does no I/O."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "tracker"
SQL = re.compile(r"\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM)\b")

LAYERS: dict[str, str] = {
    "__init__.py": "models",
    "models.py": "models",
    "periods.py": "models",
    "errors.py": "models",
    "config.py": "models",
    "clock.py": "models",
    "access_rules.py": "models",
    "store": "store",
    "spc.py": "analysis",
    "spc_rules.py": "analysis",
    "spc_settings.py": "analysis",
    "spc_io.py": "analysis",
    "cell_values.py": "analysis",
    "runcharts.py": "analysis",
    "progress.py": "analysis",
    "attention.py": "analysis",
    "due.py": "analysis",
    "risks.py": "analysis",
    "benefits.py": "analysis",
    "formatting.py": "analysis",
    "usertext.py": "analysis",
    "vocabulary.py": "analysis",
    "glossary.py": "analysis",
    "screen_words.py": "analysis",
    "drivers.py": "analysis",
    "pdsa.py": "analysis",
    "boardpack/fit.py": "analysis",
    "charts": "charts",
    "charts/describe.py": "charts",
    "reports.py": "library",
    "measure_view.py": "library",
    "overview_view.py": "library",
    "registers_view.py": "library",
    "setup_edits.py": "library",
    "qi_edits.py": "library",
    "initiative_view.py": "library",
    "qi_view.py": "library",
    "audit_trail.py": "library",
    "checkins.py": "library",
    "register_entry.py": "library",
    "owners.py": "library",
    "checkin_grids.py": "library",
    "importing.py": "library",
    "demo.py": "library",
    "access.py": "library",
    "exporters.py": "library",
    "importers": "library",
    "workbook": "library",
    "boardpack": "library",
    "ui": "interface",
    "cli": "interface",
    "__main__.py": "interface",
}
"""Each module or folder under tracker/ and its layer; a file's own entry beats its folder's.

Every module must be placed (a new one fails the test until it is), and every entry must exist.
"""

MAY_IMPORT: dict[str, set[str]] = {
    "models": {"models"},
    "store": {"models", "store"},
    "analysis": {"models", "analysis"},
    "charts": {"models", "analysis", "charts"},
    "library": {"models", "store", "analysis", "charts", "library"},
    "interface": {"models", "store", "analysis", "charts", "library", "interface"},
}
"""The developers' guide: models → store → analysis → charts → library → pages and CLI.

Analysis and charts sit above the store in the chain but are pure, so they may not reach it.
"""

PURE = {"analysis", "charts"}
IO_MODULES = {"duckdb", "streamlit", "os", "pathlib", "shutil", "subprocess", "socket", "tempfile"}
IO_CALLS = re.compile(r"\bopen\(|\.(read_text|write_text|read_bytes|write_bytes)\(")


def sources() -> list[Path]:
    return [*ROOT.glob("tracker/**/*.py"), ROOT / "app.py"]


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def layer(path: Path) -> str | None:
    """Return the layer of a file under tracker/: its own entry, else its nearest folder's."""
    relative = path.relative_to(PACKAGE)
    for candidate in (relative, *relative.parents):
        if candidate.as_posix() in LAYERS:
            return LAYERS[candidate.as_posix()]
    return None


def imported(path: Path) -> set[str]:
    """Return every module `path` imports, anywhere in it (late imports count too)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            # `from tracker import charts` imports the module tracker.charts
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def tracker_file(name: str) -> Path | None:
    """Return the file of a tracker module name, or None when it is not one (e.g. a function)."""
    parts = name.split(".")
    if parts[0] != "tracker":
        return None
    base = PACKAGE.joinpath(*parts[1:])
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if parts[1:] and path.is_file():
            return path
    return PACKAGE / "__init__.py" if not parts[1:] else None


def imports(path: Path, module: str) -> bool:
    return any(name == module or name.startswith(module + ".") for name in imported(path))


def test_every_layer_entry_exists():
    missing = [entry for entry in LAYERS if not (PACKAGE / entry).exists()]
    assert missing == []


def test_every_module_has_a_layer():
    assert [p for p in modules() if layer(p) is None] == []


def test_the_pure_modules_include_those_the_guide_names():
    pure = {p.relative_to(PACKAGE).as_posix() for p in modules() if layer(p) in PURE}
    named = {"spc.py", "spc_rules.py", "spc_settings.py", "spc_io.py", "runcharts.py"}
    named |= {"progress.py", "attention.py", "due.py", "formatting.py", "usertext.py"}
    named |= {"boardpack/fit.py", "charts/spc_chart.py", "charts/style.py"}
    assert named <= pure


def test_imports_point_one_way():
    offenders = []
    for path in modules():
        allowed = MAY_IMPORT[layer(path) or ""]
        for name in sorted(imported(path)):
            target = tracker_file(name)
            if target is not None and layer(target) not in allowed:
                offenders.append(f"{path.relative_to(ROOT)} ({layer(path)}) imports {name}")
    assert offenders == []


def test_pure_modules_do_no_io():
    offenders = []
    for path in modules():
        if layer(path) not in PURE:
            continue
        found = {name for name in imported(path) if name.split(".")[0] in IO_MODULES}
        if found or IO_CALLS.search(path.read_text()):
            offenders.append(
                f"{path.relative_to(ROOT)}: {sorted(found) or 'reads or writes a file'}"
            )
    assert offenders == []


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

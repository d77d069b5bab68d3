"""The vocabulary: every member of every enum a reader sees has words, a symbol and a colour."""

import inspect
import re
from enum import StrEnum
from types import ModuleType

import pytest

from tracker import attention, due, models, progress, spc_settings, vocabulary
from tracker.models import Rag
from tracker.progress import GoalStatus
from tracker.spc_settings import AssuranceIcon, PointType, VariationFamily, VariationIcon
from tracker.store.packs import PackRequest

ENUM_HOMES: tuple[ModuleType, ...] = (models, spc_settings, progress, attention, due)
"""The modules where the closed vocabularies of the data and the analysis are defined."""

NOT_SHOWN_WITH_SYMBOLS = {
    # Shown as their own text, or never shown: nothing to colour.
    models.InitiativeStatus,  # shown capitalised in tables ("Active")
    models.MeasureType,  # shown as "Outcome measure" in the pack's headings
    models.Unit,  # formatted with values by tracker.formatting.number
    models.Direction,  # shown as a sentence ("Higher is better")
    models.AnnotationKind,  # shown capitalised on the chart's annotation labels
    models.Role,  # access rights, shown as typed
    spc_settings.Preset,
    spc_settings.OutlierMethod,
    spc_settings.ConflictRule,
    attention.LinkPage,  # which page a link opens; never shown
    due.DueKind,
}
"""Enums in ENUM_HOMES that are deliberately not in the vocabulary, each with its reason."""

HEX_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")


def enums_in(module: ModuleType) -> set[type[StrEnum]]:
    return {
        value
        for value in vars(module).values()
        if inspect.isclass(value)
        and issubclass(value, StrEnum)
        and value is not StrEnum
        and value.__module__ == module.__name__
    }


def test_every_enum_is_in_the_vocabulary_or_named_as_not_shown():
    found = set().union(*(enums_in(m) for m in ENUM_HOMES))
    assert found - set(vocabulary.VOCABULARY) - NOT_SHOWN_WITH_SYMBOLS == set()
    assert set(vocabulary.VOCABULARY) <= found


@pytest.mark.parametrize("kind", list(vocabulary.VOCABULARY), ids=lambda k: k.__name__)
def test_every_member_has_words_a_symbol_and_a_colour(kind):
    terms = vocabulary.VOCABULARY[kind]
    assert set(terms) == set(kind), f"{kind.__name__} members without words"
    for member, term in terms.items():
        assert term.label.strip() and term.label[0].isupper(), member
        assert term.symbol.strip() and len(term.symbol) == 1, member
        assert HEX_COLOUR.match(term.colour), member
    # Two members sharing symbol and colour are told apart by their words alone; words must differ.
    assert len({t.label for t in terms.values()}) == len(terms)


def test_mdc_palette_orange_concern_blue_improvement_grey_common_cause():
    for kind in (PointType, VariationIcon, VariationFamily):
        for member, term in vocabulary.VOCABULARY[kind].items():
            if "improvement" in member:
                assert term.colour == "#0090D0", member  # MDC's blue, darkened for 3:1
            elif "concern" in member:
                assert term.colour == "#D45F09", member  # MDC's orange, darkened
            elif "common_cause" in member:
                assert term.colour == "#858585", member  # MDC's grey, darkened
    assert vocabulary.term(AssuranceIcon, "fail").colour == vocabulary.CONCERN_ORANGE
    assert vocabulary.term(AssuranceIcon, "pass").colour == vocabulary.IMPROVEMENT_BLUE


def test_chart_point_types_have_distinct_marker_shapes():
    markers = [t.marker for t in vocabulary.POINT_TYPES.values()]
    assert all(markers) and len(set(markers)) == len(markers)
    assert len({t.marker for t in vocabulary.RAGS.values()}) == len(Rag)


def test_look_up_by_stored_text_or_member():
    assert vocabulary.text(GoalStatus, "off_track") == "✘ Off track"
    assert vocabulary.label(GoalStatus, GoalStatus.at_risk) == "At risk"
    assert vocabulary.term(AssuranceIcon, "hit_and_miss").description == (
        "Hit and miss: will sometimes meet the target"
    )


def test_an_unknown_value_names_the_allowed_ones():
    with pytest.raises(ValueError, match="'purple' is not one of red, amber, green"):
        vocabulary.term(Rag, "purple")


def test_descriptions_are_given_where_a_page_explains_the_term():
    for kind in (PointType, VariationIcon, AssuranceIcon):
        assert all(t.description for t in vocabulary.VOCABULARY[kind].values()), kind.__name__


def test_a_milestone_reads_late_once_late_unless_complete():
    assert vocabulary.milestone_state("on track", late=True) == "⚠ Late"
    assert vocabulary.milestone_state("complete", late=True) == "✔ Complete"
    assert vocabulary.milestone_state("at risk", late=False) == "◐ At risk"


def test_the_vocabulary_is_pure_and_below_charts_reports_and_pages():
    source = inspect.getsource(vocabulary)
    for layer in ("tracker.store", "tracker.charts", "tracker.reports", "tracker.ui", "plotly"):
        assert not re.search(rf"^(import|from) {re.escape(layer)}\b", source, re.MULTILINE), layer
    assert "open(" not in source


AUDITED_MODELS = (
    models.Programme,
    models.Initiative,
    models.Measure,
    models.Goal,
    models.Target,
    models.DataPoint,
    models.Milestone,
    models.CheckIn,
    models.Annotation,
    models.User,
    PackRequest,
)
"""Every model whose records the audit log holds: a new field fails until it has words."""


@pytest.mark.parametrize("model", AUDITED_MODELS, ids=lambda m: m.__name__)
def test_every_field_of_every_audited_model_has_words(model):
    assert set(model.model_fields) - set(vocabulary.FIELDS) == set()


def test_every_audited_table_is_a_record_in_words():
    # Each model's table (as writes and the audit log name it) has a noun; a milestone's
    # facts live in its versions; a person's grants in access_grant (app_user: older audit rows).
    tables = {"programme", "initiative", "measure", "goal", "target", "data_point"}
    tables |= {"milestone", "milestone_version", "check_in", "annotation", "app_user"}
    tables |= {"person", "access_grant"}
    assert tables | {"board_pack"} == set(vocabulary.RECORDS)


@pytest.mark.parametrize(
    ("field", "words"),
    [
        ("forecast_date", "Forecast date"),
        ("change_reason", "Reason for change"),
        ("baseline_period", "Baseline period"),
        ("rag", "RAG"),
        # The store names a reference by the id of the record it refers to.
        ("initiative_id", "Initiative"),
        # A field no word is known for (an old audit row's) still reads as words.
        ("retired_field", "Retired field"),
    ],
)
def test_field_words(field, words):
    assert vocabulary.field_words(field) == words


def test_record_words():
    assert vocabulary.record_words("milestone_version") == "Milestone"
    assert vocabulary.record_words("board_pack") == "Board pack"
    assert vocabulary.record_words("retired_table") == "Retired table"

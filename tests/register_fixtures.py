"""Hand-made risks and benefits on the small programme (tests/conftest.py), for register tests."""

from datetime import date
from typing import Any

import pandas as pd

from tests.conftest import TODAY
from tracker import attention, registers_view, reports
from tracker.models import Benefit, BenefitMonth, Risk, RiskAction
from tracker.store import Database


def risk(**changes: Any) -> Risk:
    """Return an open initiative risk scored 4 × 4 = 16 now (target 2 × 3), with `changes`."""
    fields: dict[str, Any] = {
        "code": "UEC-R01",
        "programme": "TEST",
        "initiative": "UEC-01",
        "title": "Not enough nurses for the new unit",
        "cause": "Because of vacancies in emergency nursing",
        "event": "there is a risk that the unit cannot open at weekends",
        "effect": "which would lead to longer waits in the department",
        "category": "workforce",
        "owner": "Nia Nurse",
        "identified": date(2026, 4, 1),
        "last_reviewed": date(2026, 10, 1),
        "next_review": date(2026, 11, 1),
        "actions": (
            RiskAction(action="Recruit four nurses", owner="Hana HR", due=date(2026, 12, 31)),
        ),
        "initial_likelihood": 5,
        "initial_consequence": 4,
        "current_likelihood": 4,
        "current_consequence": 4,
        "target_likelihood": 2,
        "target_consequence": 3,
    }
    return Risk(**{**fields, **changes})


def benefit(**changes: Any) -> Benefit:
    """Return a cash-releasing £ benefit of UEC-01 profiled over FY 2026/27, with `changes`."""
    fields: dict[str, Any] = {
        "code": "UEC-01-B1",
        "initiative": "UEC-01",
        "title": "Fewer agency shifts",
        "category": "cash-releasing",
        "owner": "Fay Finance",
        "profile_from": date(2026, 4, 1),
        "profile_to": date(2027, 3, 1),
        "measure": "UEC-01-M1",
    }
    return Benefit(**{**fields, **changes})


def month(day: date, **changes: Any) -> BenefitMonth:
    """Return benefit UEC-01-B1's month `day` with `changes`."""
    return BenefitMonth(**{"benefit": "UEC-01-B1", "month": day, **changes})


def sample_exceptions(db: Database) -> pd.DataFrame:
    """Return the exceptions page's whole list on the sample today: the portfolio's and the
    registers' (what tracker.ui.cache computes for the page)."""
    book = reports.portfolio(db, TODAY)
    concern = frozenset(attention.concern_measures(book.exceptions))
    regs = registers_view.load(db, TODAY, None, concern)
    return registers_view.exceptions(book.exceptions, regs, book.initiatives["code"])

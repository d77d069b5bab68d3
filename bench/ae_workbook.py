"""A real programme workbook from NHS England A&E data (../shared/data): one initiative per type-1 trust.

The data stay in ../shared: the workbook is built in memory each time and never saved in the
repository. Contains public sector information licensed under the Open Government Licence v3.0
(NHS England, A&E Attendances and Emergency Admissions, via NHSRdatasets).
"""

from datetime import date
from pathlib import Path

import pandas as pd

from tracker.models import Initiative, Measure, Programme, Target
from tracker.workbook import WorkbookContent

AE_CSV = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ae_attendances.csv"
MONTHS = 36
"""The file covers April 2016 to March 2019: 36 months."""

STANDARD = 95.0
"""The NHS constitutional standard: 95% of A&E attendances within 4 hours."""

PROGRAMME = "AE-T1"
FIRST_MONTH = date(2016, 4, 1)
LAST_DAY = date(2019, 3, 31)
LOADED_ON = date(2019, 4, 1)
"""The first day the workbook can be loaded: March 2019 has a value only once it has ended."""


def missing_reason() -> str | None:
    """Return why the real-data workbook cannot be built here, or None when it can."""
    if not AE_CSV.exists():
        return f"{AE_CSV} is absent (the shared NHS data sit beside the repository, not in it)"
    return None


def type1_months(trusts: int | None = None) -> pd.DataFrame:
    """Return type-1 rows (org_code, period, attendances, breaches, performance %), by trust.

    With `trusts`, only the first that many trusts (by code) that report in all 36 months.
    Performance is 100 × (1 − breaches / attendances).
    """
    ae = pd.read_csv(AE_CSV, dtype={"type": str, "org_code": str}, parse_dates=["period"])
    rows = ae[ae["type"] == "1"].sort_values(["org_code", "period"]).reset_index(drop=True)
    if trusts is not None:
        months = rows.groupby("org_code")["period"].nunique()
        chosen = sorted(months[months == MONTHS].index)[:trusts]
        rows = rows[rows["org_code"].isin(chosen)].reset_index(drop=True)
    rows["performance"] = 100 * (1 - rows["breaches"] / rows["attendances"])
    return rows[["org_code", "period", "attendances", "breaches", "performance"]]


def codes(org: str) -> tuple[str, str, str]:
    """Return the initiative, 4-hour and attendances measure codes of one trust."""
    return f"AE-{org}", f"AE-{org}-4H", f"AE-{org}-ATT"


def content(rows: pd.DataFrame) -> WorkbookContent:
    """Return the workbook content: programme, an initiative and two measures per trust, data."""
    programme = Programme(
        code=PROGRAMME,
        name="A&E 4-hour standard: type 1 departments",
        sro="Chief Operating Officer",
        description="Built from NHS England A&E attendances, April 2016 to March 2019.",
    )
    initiatives, measures, targets, points = [], [], [], []
    for org, trust in rows.groupby("org_code", sort=True):
        initiative, four_hour, attendances = codes(str(org))
        initiatives.append(
            Initiative(
                code=initiative, programme=PROGRAMME, name=f"{org} type 1 A&E flow",
                aim=f"95% of type 1 A&E attendances at {org} within 4 hours.",
                lead=f"{org} urgent care lead", sponsor=f"{org} chief operating officer",
                theme="Urgent and emergency care", organisation=str(org),
                start_date=FIRST_MONTH, planned_end=LAST_DAY,
            )
        )  # fmt: skip
        common = {"initiative": initiative, "frequency": "monthly", "data_source": "NHS England "
                  "A&E attendances", "owner": f"{org} analyst", "update_lag_days": 14}  # fmt: skip
        measures += [
            Measure(
                code=four_hour, name="4-hour performance", type="outcome", unit="%",
                direction="increase", decimals=1, **common,
                definition="Type 1 attendances admitted, transferred or discharged within 4 "
                "hours of arrival, as a % of all type 1 attendances in the month.",
            ),
            Measure(
                code=attendances, name="attendances", type="balancing", unit="count",
                direction="neither", decimals=0, **common,
                definition="Type 1 A&E attendances in the month.",
            ),
        ]  # fmt: skip
        targets.append(
            Target(
                measure=four_hour,
                value=STANDARD,
                effective_from=FIRST_MONTH,
                reason="NHS constitutional standard: 95% within 4 hours",
                set_by="NHS England",
            )  # fmt: skip
        )
        for measure, column in ((four_hour, "performance"), (attendances, "attendances")):
            points.append(
                pd.DataFrame(
                    {
                        "measure": measure,
                        "period": trust["period"].dt.date,
                        "value": trust[column].astype(float),
                        "missing_reason": "",
                        "note": "",
                    }
                )
            )
    entities = {
        "Programme": (programme,),
        "Initiatives": tuple(initiatives),
        "Measures": tuple(measures),
        "Targets": tuple(targets),
    }
    return WorkbookContent(entities, pd.concat(points, ignore_index=True))

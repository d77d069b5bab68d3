"""Generate the fictional North Weald ICS sample programme as CSV files (seeded, deterministic)."""

from __future__ import annotations

import csv
import math
import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from tracker.demo import MONTH_NAMES
from tracker.periods import Frequency, add_periods, is_period_start

SEED = 20_261_001
ANCHOR_MONTH = date(2026, 10, 1)
"""Latest complete month of the sample (monthly series end here)."""
ANCHOR_WEEK = date(2026, 10, 26)
"""Monday of the last complete week before 2 November 2026 (weekly series end here)."""
AS_AT = date(2026, 11, 2)
"""The day the sample describes: milestone statuses and overdue data are judged at this date."""
MONTHS = 30
WEEKS = 122

OUT_DIR = Path(__file__).resolve().parents[1] / "tracker" / "sample_data"
"""Where the CSVs live: in the package, so that an installed tracker has its demo."""

W = Frequency.weekly
M = Frequency.monthly

NWH = "North Weald Hospitals NHS Foundation Trust"
KVH = "Kestrel Vale University Hospitals NHS Trust"
WFP = "Weald and Fenmoor Partnership NHS Foundation Trust"
HCH = "Harrowmere Community Health NHS Trust"
ICB = "North Weald Integrated Care Board"

UEC = "Urgent and emergency care"
ELE = "Elective recovery"
MH = "Mental health"
PRV = "Prevention"
DIS = "Discharge and flow"

Row = dict[str, str]


# --------------------------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------------------------

PEOPLE: tuple[tuple[str, str], ...] = (
    ("Helen Ashworth", "admin"),  # SRO, ICB chief delivery officer
    ("Tom Okafor", "admin"),  # programme manager, PMO
    ("Priya Raman", "editor"),  # BI lead, North Weald Hospitals
    ("Gareth Llewellyn", "editor"),  # BI lead, Kestrel Vale
    ("Aisha Bello", "editor"),  # mental health analyst
    ("Marek Nowak", "editor"),  # ICB population health analyst
    ("Sarah Whitfield", "editor"),
    ("Daniel Osei", "editor"),
    ("Fiona MacLeod", "editor"),
    ("Rajesh Menon", "editor"),
    ("Claire Dunmore", "editor"),
    ("Kwame Asante", "editor"),
    ("Laura Pennington", "editor"),
    ("Imran Chaudhry", "editor"),
    ("Bethan Morgan", "editor"),
    ("Oliver Hart", "editor"),
    ("Grace Ellison", "editor"),
    ("Emma Stroud", "editor"),
    ("Jonathan Pryce", "editor"),
    ("Mark Telford", "viewer"),
    ("Joanna Price", "viewer"),
    ("Simon Adeyemi", "viewer"),
    ("Ruth Carver", "viewer"),
    ("Nadia Hussain", "viewer"),
    ("Anne Fairbrother", "viewer"),
)


def email_for(name: str) -> str:
    """Return the example.nhs.uk address of a person."""
    return name.lower().replace(" ", ".").replace("'", "") + "@example.nhs.uk"


# --------------------------------------------------------------------------------------------
# Programme and initiatives
# --------------------------------------------------------------------------------------------

PROGRAMME: Row = {
    "code": "NWICS",
    "name": "North Weald ICS Improvement Programme 2024–27",
    "description": (
        "The system improvement programme of the fictional North Weald integrated care system: "
        "urgent and emergency care flow, elective recovery, mental health access, prevention, "
        "and discharge. Reported monthly to the ICB Board and the system improvement board."
    ),
    "sro": "Helen Ashworth",
}


@dataclass(frozen=True)
class InitiativeSpec:
    """One initiative of the sample programme."""

    code: str
    name: str
    aim: str
    lead: str
    sponsor: str
    theme: str
    organisation: str
    start_date: date
    planned_end: date
    status: str = "active"


INITIATIVES: tuple[InitiativeSpec, ...] = (
    InitiativeSpec(
        "UEC-01",
        "Same day emergency care (SDEC) expansion",
        "Increase the share of patients in Weald General Hospital's emergency department who are "
        "admitted, transferred or discharged within 4 hours from 71 % (2024/25 average) to 78 % "
        "by 31 March 2027, by extending SDEC opening to 22:00 seven days a week and streaming "
        "suitable patients to SDEC from triage.",
        "Sarah Whitfield",
        "Mark Telford",
        UEC,
        NWH,
        date(2024, 11, 1),
        date(2027, 3, 31),
    ),
    InitiativeSpec(
        "UEC-02",
        "Ambulance handover: release to respond",
        "Reduce the mean ambulance handover time at Kestrel Vale Royal Infirmary from 41 minutes "
        "to 30 minutes, and end handovers over 45 minutes, by 31 March 2027, through a 45-minute "
        "rapid release protocol and a dedicated ambulance receiving area.",
        "Daniel Osei",
        "Joanna Price",
        UEC,
        KVH,
        date(2025, 9, 1),
        date(2027, 3, 31),
    ),
    InitiativeSpec(
        "UEC-03",
        "Virtual wards and frailty same-day response",
        "Increase virtual ward occupancy from 64 % to 80 % by 31 December 2026, and reduce "
        "emergency admissions of people aged 75 and over from 22.6 to 21.0 per 1,000 a month by "
        "31 March 2027, by routing frailty calls from care homes and NHS 111 to the Harrowmere "
        "Hospital at Home team.",
        "Fiona MacLeod",
        "Simon Adeyemi",
        UEC,
        HCH,
        date(2024, 10, 1),
        date(2027, 3, 31),
    ),
    InitiativeSpec(
        "ELE-01",
        "Theatre productivity",
        "Raise capped theatre utilisation at Kestrel Vale from 76 % to 85 % and the day case rate "
        "from 81 % to 85 % by 31 March 2027, delivering £1.6 million a year of CIP savings, "
        "through 6-4-2 list planning, on-time first-case starts and one-stop pre-operative "
        "assessment.",
        "Rajesh Menon",
        "Joanna Price",
        ELE,
        KVH,
        date(2025, 1, 6),
        date(2027, 3, 31),
    ),
    InitiativeSpec(
        "ELE-02",
        "Long waits and RTT recovery",
        "Increase the share of patients waiting under 18 weeks for treatment at North Weald "
        "Hospitals from 58 % to 68 %, and have no patient waiting over 65 weeks, by 31 March "
        "2027, through waiting-list validation, insourced weekend lists and mutual aid with "
        "Kestrel Vale.",
        "Claire Dunmore",
        "Mark Telford",
        ELE,
        NWH,
        date(2024, 9, 1),
        date(2027, 3, 31),
    ),
    InitiativeSpec(
        "MH-01",
        "NHS Talking Therapies access",
        "Increase the number of adults starting NHS Talking Therapies from 1.84 to 2.10 per 1,000 "
        "adults a month by 31 March 2027, while holding reliable recovery at or above 48 %, "
        "through digital self-referral, evening clinics and employment advisers in every "
        "primary care network.",
        "Kwame Asante",
        "Ruth Carver",
        MH,
        WFP,
        date(2024, 7, 1),
        date(2027, 3, 31),
    ),
    InitiativeSpec(
        "MH-02",
        "Crisis alternatives and out-of-area placements",
        "Reduce inappropriate out-of-area placement bed days for adult acute mental health from "
        "640 to under 150 a month by 31 March 2027, by opening the Harrowmere crisis house and a "
        "24/7 crisis assessment centre as an alternative to the emergency department.",
        "Laura Pennington",
        "Ruth Carver",
        MH,
        WFP,
        date(2025, 4, 1),
        date(2027, 3, 31),
    ),
    InitiativeSpec(
        "PRV-01",
        "Hypertension case-finding and optimisation",
        "Increase the share of patients with hypertension treated to target across North "
        "Weald's 14 primary care networks from 62 % to 77 % by 31 March 2027, by commissioning "
        "blood pressure checks in community pharmacies and running PCN optimisation clinics.",
        "Imran Chaudhry",
        "Simon Adeyemi",
        PRV,
        ICB,
        date(2025, 2, 3),
        date(2027, 3, 31),
    ),
    InitiativeSpec(
        "DIS-01",
        "Discharge to assess",
        "Reduce the number of patients in Weald General Hospital with no criteria to reside from "
        "120 to 90, and adult general and acute bed occupancy from 95 % to 92 %, by 31 March "
        "2027, through a home-first discharge to assess pathway run with Harrowmere Community "
        "Health and North Weald County Council.",
        "Bethan Morgan",
        "Mark Telford",
        DIS,
        NWH,
        date(2025, 4, 1),
        date(2027, 3, 31),
    ),
    InitiativeSpec(
        "DIS-02",
        "Criteria-led discharge on medical wards",
        "Increase the share of discharges from Kestrel Vale medical wards made under "
        "criteria-led discharge from 6 % to 15 %, and weekend discharges to 70 % of the weekday "
        "average, by 31 December 2026.",
        "Oliver Hart",
        "Joanna Price",
        DIS,
        KVH,
        date(2025, 6, 2),
        date(2026, 12, 31),
        "paused",
    ),
    InitiativeSpec(
        "PRV-02",
        "Smokefree pregnancy",
        "Reduce smoking at time of delivery among women booked at Kestrel Vale maternity from "
        "8.6 % to 6.0 % by 31 March 2028, through an opt-out tobacco dependence service at "
        "booking and carbon monoxide monitoring at every antenatal contact.",
        "Grace Ellison",
        "Simon Adeyemi",
        PRV,
        KVH,
        date(2027, 1, 4),
        date(2028, 3, 31),
        "proposed",
    ),
)


# --------------------------------------------------------------------------------------------
# Measures and how their data behave
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """A change in the underlying level from `start`: a step, or a linear ramp over `days`."""

    start: date
    delta: float
    days: int = 0


@dataclass(frozen=True)
class MeasureSpec:
    """A measure's definition plus the parameters of its synthetic process."""

    code: str
    name: str
    definition: str
    type: str
    unit: str
    direction: str
    frequency: Frequency
    decimals: int
    data_source: str
    owner: str
    update_lag_days: int
    base: float
    sd: float
    poisson: bool = False
    season: float = 0.0
    changes: tuple[Change, ...] = ()
    stop_early: int = 0
    """Number of latest periods with no data yet (the measure's data is overdue)."""

    @property
    def initiative(self) -> str:
        """Return the code of the initiative the measure belongs to."""
        return self.code.rsplit("-", 1)[0]


D = date

# The tables below are laid out by hand for reading; keep the formatter off them.
# fmt: off
MEASURES: tuple[MeasureSpec, ...] = (
    # ---- UEC-01 SDEC ----------------------------------------------------------------------
    MeasureSpec(
        "UEC-01-M1",
        "4-hour performance (type 1 ED)",
        "Attendances at Weald General Hospital's type 1 emergency department in the calendar "
        "month where the patient was admitted, transferred or discharged within 4 hours of "
        "arrival, divided by all type 1 attendances in the month, as a percentage. Planned "
        "follow-up attendances are excluded.",
        "outcome", "%", "increase", M, 1,
        "Emergency Care Data Set (ECDS), monthly A&E sitrep", "Priya Raman", 10,
        base=71.3, sd=1.0, season=-1.0,
        changes=(Change(D(2025, 6, 1), 4.4), Change(D(2026, 2, 1), 1.0)),
    ),
    MeasureSpec(
        "UEC-01-M2",
        "Patients streamed to SDEC",
        "Adult patients seen in the Weald General same day emergency care unit in the week "
        "(Monday to Sunday), whether streamed from ED triage, referred by a GP or conveyed "
        "directly by ambulance. Each patient counted once per day.",
        "process", "count", "increase", W, 0,
        "SDEC activity extract (Symphony)", "Priya Raman", 7,
        base=205, sd=6, poisson=True,
        changes=(Change(D(2025, 6, 1), 102),),
    ),
    MeasureSpec(
        "UEC-01-M3",
        "Patients more than 12 hours in ED",
        "Type 1 attendances in the month whose time from arrival to admission, transfer or "
        "discharge was over 12 hours, as a percentage of all type 1 attendances.",
        "outcome", "%", "decrease", M, 1,
        "Emergency Care Data Set (ECDS)", "Priya Raman", 10,
        base=11.8, sd=0.4, season=0.9,
        changes=(Change(D(2025, 6, 1), -2.4, 365),),
    ),
    MeasureSpec(
        "UEC-01-M4",
        "Unplanned re-attendance within 7 days",
        "Type 1 attendances in the month that are unplanned re-attendances at the same ED within "
        "7 days of a previous attendance, as a percentage of all type 1 attendances.",
        "balancing", "%", "decrease", M, 1,
        "Emergency Care Data Set (ECDS)", "Priya Raman", 10,
        base=8.2, sd=0.35,
    ),
    MeasureSpec(
        "UEC-01-M5",
        "Type 1 ED attendances",
        "All new and unplanned follow-up attendances at Weald General Hospital's type 1 "
        "emergency department in the week (Monday to Sunday). Context measure for demand.",
        "process", "count", "neither", W, 0,
        "Emergency Care Data Set (ECDS)", "Priya Raman", 7,
        base=2330, sd=45, poisson=True, season=110,
        changes=(Change(D(2024, 7, 1), 160, 850),),
    ),
    # ---- UEC-02 Ambulance handover --------------------------------------------------------
    MeasureSpec(
        "UEC-02-M1",
        "Mean ambulance handover time",
        "Mean time in minutes from ambulance arrival at Kestrel Vale Royal Infirmary to the "
        "clinical handover of the patient being recorded as complete, over all conveyances in "
        "the week (Monday to Sunday). Handovers with no recorded completion are excluded.",
        "outcome", "minutes", "decrease", W, 1,
        "Eastmarch Ambulance Service hospital arrival screens", "Gareth Llewellyn", 7,
        base=41.5, sd=2.4, season=2.5,
        changes=(Change(D(2025, 11, 3), -9.0),),
    ),
    MeasureSpec(
        "UEC-02-M2",
        "Ambulance handovers over 45 minutes",
        "Ambulance conveyances to Kestrel Vale Royal Infirmary in the week whose handover took "
        "longer than 45 minutes from arrival.",
        "process", "count", "decrease", W, 0,
        "Eastmarch Ambulance Service hospital arrival screens", "Gareth Llewellyn", 7,
        base=92, sd=5, poisson=True, season=14,
        changes=(Change(D(2025, 11, 3), -50),),
    ),
    MeasureSpec(
        "UEC-02-M3",
        "Category 2 mean response time",
        "Mean time in minutes from call connect to the first ambulance resource arriving for "
        "category 2 incidents in the Kestrel Vale catchment in the month.",
        "outcome", "minutes", "decrease", M, 0,
        "Eastmarch Ambulance Service ambulance quality indicators", "Gareth Llewellyn", 15,
        base=39.0, sd=1.0, season=3.0,
        changes=(Change(D(2025, 11, 1), -3.5),),
    ),
    MeasureSpec(
        "UEC-02-M4",
        "Patients cared for in temporary escalation spaces",
        "Patients in the Kestrel Vale emergency department recorded in a temporary escalation "
        "space (corridor or non-clinical area) at any point in the week. Balancing measure for "
        "the rapid release protocol.",
        "balancing", "count", "decrease", W, 0,
        "ED nursing escalation log", "Gareth Llewellyn", 7,
        base=14, sd=1.5, poisson=True,
        changes=(Change(D(2025, 11, 3), 9),),
    ),
    # ---- UEC-03 Virtual wards -------------------------------------------------------------
    MeasureSpec(
        "UEC-03-M1",
        "Virtual ward occupancy",
        "Mean daily number of patients on the Harrowmere frailty and respiratory virtual wards "
        "over the week, divided by the commissioned virtual ward capacity, as a percentage.",
        "process", "%", "increase", W, 1,
        "Community EPR virtual ward caseload report", "Marek Nowak", 7,
        base=64.0, sd=2.6,
        changes=(Change(D(2025, 3, 3), 16.0, 364),),
        stop_early=2,
    ),
    MeasureSpec(
        "UEC-03-M2",
        "Step-up admissions to virtual wards",
        "Patients admitted to a Harrowmere virtual ward in the week from the community (care "
        "home, GP, NHS 111 or ambulance) rather than stepped down from a hospital bed.",
        "process", "count", "increase", W, 0,
        "Community EPR virtual ward caseload report", "Marek Nowak", 7,
        base=38, sd=2, poisson=True,
        changes=(Change(D(2025, 3, 3), 22, 280),),
    ),
    MeasureSpec(
        "UEC-03-M3",
        "Emergency admissions aged 75 and over",
        "Emergency admissions of North Weald residents aged 75 and over in the month, per 1,000 "
        "registered population aged 75 and over.",
        "outcome", "rate per 1,000", "decrease", M, 2,
        "Secondary Uses Service (SUS) admitted patient care", "Marek Nowak", 20,
        base=22.6, sd=0.3, season=1.0,
        changes=(Change(D(2025, 4, 1), -1.4, 365),),
    ),
    MeasureSpec(
        "UEC-03-M4",
        "Readmission within 30 days of virtual ward discharge",
        "Patients discharged from a Harrowmere virtual ward in the month who had an emergency "
        "hospital admission within 30 days, as a percentage of all virtual ward discharges.",
        "balancing", "%", "decrease", M, 1,
        "Community EPR linked to SUS", "Marek Nowak", 45,
        base=9.4, sd=0.7,
    ),
    # ---- ELE-01 Theatre productivity -------------------------------------------------------
    MeasureSpec(
        "ELE-01-M1",
        "Theatre capped utilisation",
        "Planned session time used for operating at Kestrel Vale's elective theatres in the "
        "week, with overruns capped at the scheduled session end (GIRFT capped utilisation), as "
        "a percentage of planned session time.",
        "outcome", "%", "increase", W, 1,
        "Theatre management system, GIRFT definitions", "Gareth Llewellyn", 7,
        base=76.4, sd=1.0,
        changes=(Change(D(2025, 9, 1), 4.0),),
    ),
    MeasureSpec(
        "ELE-01-M2",
        "Day case rate (BADS procedures)",
        "Elective procedures on the British Association of Day Surgery directory done as a day "
        "case in the month, as a percentage of all elective BADS procedures.",
        "outcome", "%", "increase", M, 1,
        "Secondary Uses Service (SUS) admitted patient care", "Gareth Llewellyn", 20,
        base=80.8, sd=0.6,
        changes=(Change(D(2025, 4, 1), 3.6, 365),),
    ),
    MeasureSpec(
        "ELE-01-M3",
        "On-the-day cancellations for non-clinical reasons",
        "Elective operations cancelled on the day of surgery (or after admission) for reasons "
        "other than the patient's clinical condition, in the week.",
        "process", "count", "decrease", W, 0,
        "Theatre management system cancellation codes", "Gareth Llewellyn", 7,
        base=21, sd=1.5, poisson=True,
        changes=(Change(D(2025, 9, 1), -7),),
    ),
    MeasureSpec(
        "ELE-01-M4",
        "Minutes lost to late starts per list",
        "Total minutes between the scheduled session start and knife-to-skin of the first "
        "patient, divided by the number of elective lists in the week.",
        "process", "minutes", "decrease", W, 0,
        "Theatre management system", "Gareth Llewellyn", 7,
        base=24, sd=2.6,
        changes=(Change(D(2025, 9, 1), -9),),
    ),
    MeasureSpec(
        "ELE-01-M5",
        "Theatre productivity CIP savings delivered",
        "Recurrent cost improvement savings recognised in the month in the finance ledger "
        "against the theatre productivity scheme (released sessions, reduced agency and "
        "insourcing spend).",
        "outcome", "£", "increase", M, 0,
        "Finance ledger, CIP tracker", "Nadia Hussain", 20,
        base=62_000, sd=8_000,
        changes=(Change(D(2025, 4, 1), 56_000, 300),),
    ),
    # ---- ELE-02 RTT ------------------------------------------------------------------------
    MeasureSpec(
        "ELE-02-M1",
        "RTT pathways within 18 weeks",
        "Incomplete referral-to-treatment pathways at North Weald Hospitals at month end that "
        "had waited 18 weeks or less, as a percentage of all incomplete pathways.",
        "outcome", "%", "increase", M, 1,
        "RTT patient tracking list, monthly submission", "Priya Raman", 25,
        base=57.8, sd=0.35,
        changes=(Change(D(2025, 1, 1), 3.6, 600),),
    ),
    MeasureSpec(
        "ELE-02-M2",
        "Patients waiting over 52 weeks",
        "Incomplete RTT pathways at North Weald Hospitals at month end that had waited more "
        "than 52 weeks.",
        "outcome", "count", "decrease", M, 0,
        "RTT patient tracking list, monthly submission", "Priya Raman", 25,
        base=2350, sd=30, poisson=True,
        changes=(Change(D(2025, 1, 1), -700, 550),),
    ),
    MeasureSpec(
        "ELE-02-M3",
        "Patients waiting over 65 weeks",
        "Incomplete RTT pathways at North Weald Hospitals at month end that had waited more "
        "than 65 weeks.",
        "outcome", "count", "decrease", M, 0,
        "RTT patient tracking list, monthly submission", "Priya Raman", 25,
        base=165, sd=4, poisson=True,
        changes=(Change(D(2025, 3, 1), -150, 480),),
    ),
    MeasureSpec(
        "ELE-02-M4",
        "RTT waiting list size",
        "All incomplete referral-to-treatment pathways at North Weald Hospitals at month end. "
        "Context measure: the list grows when referrals outpace clock stops.",
        "process", "count", "neither", M, 0,
        "RTT patient tracking list, monthly submission", "Priya Raman", 25,
        base=61_200, sd=260,
        changes=(Change(D(2024, 5, 1), 2_600, 880), Change(D(2025, 9, 1), 1_150)),
    ),
    MeasureSpec(
        "ELE-02-M5",
        "Pathways validated",
        "Incomplete RTT pathways whose administrative and clinical validation was completed in "
        "the week (Monday to Sunday), by the validation team or insourced validators.",
        "process", "count", "increase", W, 0,
        "PTL validation log", "Priya Raman", 7,
        base=310, sd=12, poisson=True,
        changes=(Change(D(2025, 2, 3), 260), Change(D(2026, 5, 4), -180)),
    ),
    # ---- MH-01 Talking Therapies -----------------------------------------------------------
    MeasureSpec(
        "MH-01-M1",
        "Talking Therapies access rate",
        "Adults (18+) registered with a North Weald GP who had their first NHS Talking Therapies "
        "treatment appointment in the month, per 1,000 adults registered.",
        "outcome", "rate per 1,000", "increase", M, 2,
        "Mental Health Services Data Set (MHSDS) / IAPT data set", "Aisha Bello", 40,
        base=1.84, sd=0.035,
        changes=(Change(D(2025, 10, 1), 0.32),),
    ),
    MeasureSpec(
        "MH-01-M2",
        "Reliable recovery rate",
        "Referrals finishing a course of treatment in the month (two or more sessions) that "
        "showed reliable improvement and moved to recovery, as a percentage of those that "
        "started above caseness.",
        "outcome", "%", "increase", M, 1,
        "Mental Health Services Data Set (MHSDS) / IAPT data set", "Aisha Bello", 40,
        base=48.3, sd=1.0,
    ),
    MeasureSpec(
        "MH-01-M3",
        "First treatment within 6 weeks of referral",
        "Referrals that had their first treatment appointment in the month within 6 weeks of "
        "referral, as a percentage of all first treatments in the month.",
        "process", "%", "increase", M, 1,
        "Mental Health Services Data Set (MHSDS) / IAPT data set", "Aisha Bello", 40,
        base=91.5, sd=1.0,
    ),
    MeasureSpec(
        "MH-01-M4",
        "Hidden waits over 90 days",
        "Patients at month end who had their first treatment appointment but have waited more "
        "than 90 days for their second ('hidden waits').",
        "process", "count", "decrease", M, 0,
        "Talking Therapies patient record system", "Aisha Bello", 10,
        base=405, sd=8, poisson=True,
        changes=(Change(D(2025, 10, 1), 130, 330),),
    ),
    MeasureSpec(
        "MH-01-M5",
        "First appointment did-not-attend rate",
        "First Talking Therapies appointments in the week that the patient did not attend "
        "without notice, as a percentage of first appointments booked.",
        "balancing", "%", "decrease", W, 1,
        "Talking Therapies patient record system", "Aisha Bello", 7,
        base=11.4, sd=1.2,
        changes=(Change(D(2025, 10, 6), 1.2),),
    ),
    # ---- MH-02 Crisis / OAPs ---------------------------------------------------------------
    MeasureSpec(
        "MH-02-M1",
        "Inappropriate out-of-area placement bed days",
        "Bed days in the month of adults placed in an acute mental health bed outside the "
        "North Weald footprint for want of a local bed (inappropriate out-of-area placements).",
        "outcome", "count", "decrease", M, 0,
        "Out-of-area placements data set", "Aisha Bello", 20,
        base=640, sd=25, poisson=True,
        changes=(Change(D(2025, 9, 1), -290),),
    ),
    MeasureSpec(
        "MH-02-M2",
        "Mental health patients over 12 hours in ED",
        "Patients with a primary mental health presentation in Weald General and Kestrel Vale "
        "emergency departments in the week whose stay exceeded 12 hours from arrival.",
        "outcome", "count", "decrease", W, 0,
        "Emergency Care Data Set (ECDS)", "Aisha Bello", 7,
        base=9, sd=0.5, poisson=True,
        changes=(Change(D(2025, 9, 1), -3),),
    ),
    MeasureSpec(
        "MH-02-M3",
        "NHS 111 option 2 calls answered within 60 seconds",
        "Calls to the NHS 111 mental health option (option 2) for North Weald answered by a "
        "crisis practitioner within 60 seconds, as a percentage of calls offered in the week.",
        "process", "%", "increase", W, 1,
        "Crisis line telephony reports", "Aisha Bello", 7,
        base=77.5, sd=2.4,
        changes=(Change(D(2025, 6, 2), 9.0, 217),),
    ),
    MeasureSpec(
        "MH-02-M4",
        "Adult acute mental health admissions",
        "Admissions to Weald and Fenmoor adult acute mental health wards in the month. Context "
        "measure.",
        "process", "count", "neither", M, 0,
        "Mental Health Services Data Set (MHSDS)", "Aisha Bello", 20,
        base=118, sd=2, poisson=True,
    ),
    # ---- PRV-01 Hypertension ---------------------------------------------------------------
    MeasureSpec(
        "PRV-01-M1",
        "Hypertension treated to target",
        "Patients on the hypertension register at month end whose latest blood pressure in the "
        "previous 12 months was at or below the age-appropriate NICE threshold, as a percentage "
        "of all patients on the register.",
        "outcome", "%", "increase", M, 1,
        "GP clinical systems monthly extract (CVDPREVENT definitions)", "Marek Nowak", 15,
        base=62.4, sd=0.3,
        changes=(Change(D(2025, 3, 1), 4.2, 540),),
        stop_early=2,
    ),
    MeasureSpec(
        "PRV-01-M2",
        "Blood pressure checks in community pharmacy",
        "Blood pressure checks claimed under the NHS Pharmacy Contraception and Blood Pressure "
        "Check service by North Weald pharmacies in the week.",
        "process", "count", "increase", W, 0,
        "NHS Business Services Authority pharmacy claims", "Marek Nowak", 7,
        base=430, sd=14, poisson=True,
        changes=(Change(D(2025, 3, 3), 170), Change(D(2025, 9, 1), 50, 180)),
    ),
    MeasureSpec(
        "PRV-01-M3",
        "New hypertension diagnoses",
        "Patients newly added to the hypertension register in the month, per 1,000 registered "
        "adults (18+).",
        "outcome", "rate per 1,000", "increase", M, 2,
        "GP clinical systems monthly extract", "Marek Nowak", 15,
        base=0.48, sd=0.028,
        changes=(Change(D(2025, 4, 1), 0.085),),
    ),
    MeasureSpec(
        "PRV-01-M4",
        "Pharmacy blood pressure checks referred to GP",
        "Pharmacy blood pressure checks in the month with a reading at or above 140/90 mmHg "
        "(clinic) that led to a referral to the patient's GP practice, as a percentage of all "
        "checks. Balancing measure for GP workload.",
        "balancing", "%", "neither", M, 1,
        "NHS Business Services Authority pharmacy claims", "Marek Nowak", 15,
        base=17.5, sd=1.2,
    ),
    # ---- DIS-01 Discharge to assess --------------------------------------------------------
    MeasureSpec(
        "DIS-01-M1",
        "Patients with no criteria to reside",
        "Adult inpatients in Weald General Hospital general and acute beds at 08:00 on "
        "Thursday of the week who meet none of the national criteria to reside (NCTR "
        "snapshot).",
        "outcome", "count", "decrease", W, 0,
        "Daily discharge sitrep", "Priya Raman", 7,
        base=121, sd=3, poisson=True, season=6,
        changes=(Change(D(2025, 10, 6), -32),),
    ),
    MeasureSpec(
        "DIS-01-M2",
        "Adult general and acute bed occupancy",
        "Mean of the daily midnight occupied adult general and acute beds at Weald General "
        "Hospital over the week, divided by the mean of the beds available, as a percentage.",
        "outcome", "%", "decrease", W, 1,
        "Daily bed availability and occupancy sitrep", "Priya Raman", 7,
        base=95.4, sd=0.45, season=0.4,
        changes=(Change(D(2025, 10, 6), -1.3),),
    ),
    MeasureSpec(
        "DIS-01-M3",
        "Emergency length of stay",
        "Mean length of stay in days of adult emergency admissions to Weald General Hospital "
        "discharged in the month, excluding zero-day stays.",
        "outcome", "days", "decrease", M, 1,
        "Secondary Uses Service (SUS) admitted patient care", "Priya Raman", 20,
        base=8.9, sd=0.14, season=0.25,
        changes=(Change(D(2025, 10, 1), -0.75),),
    ),
    MeasureSpec(
        "DIS-01-M4",
        "Discharges before noon",
        "Adult inpatient discharges from Weald General Hospital wards in the week with a "
        "discharge time before 12:00, as a percentage of all adult inpatient discharges.",
        "process", "%", "increase", W, 1,
        "Inpatient EPR discharge times", "Priya Raman", 7,
        base=16.5, sd=1.6,
        changes=(Change(D(2025, 10, 6), 4.0),),
    ),
    MeasureSpec(
        "DIS-01-M5",
        "Emergency readmissions within 30 days",
        "Adult patients discharged from Weald General Hospital in the month who had an "
        "emergency readmission to any hospital within 30 days, as a percentage of all adult "
        "discharges.",
        "balancing", "%", "decrease", M, 1,
        "Secondary Uses Service (SUS) admitted patient care", "Priya Raman", 45,
        base=13.1, sd=0.4,
    ),
    # ---- DIS-02 Criteria-led discharge -----------------------------------------------------
    MeasureSpec(
        "DIS-02-M1",
        "Discharges under criteria-led discharge",
        "Discharges from Kestrel Vale medical wards in the week made by a nurse or therapist "
        "against criteria set by the consultant (criteria-led discharge), as a percentage of "
        "all discharges from those wards.",
        "process", "%", "increase", W, 1,
        "Inpatient EPR discharge summary flag", "Gareth Llewellyn", 7,
        base=6.0, sd=1.2,
        changes=(Change(D(2025, 7, 7), 7.0), Change(D(2026, 6, 1), -4.5)),
        stop_early=3,
    ),
    MeasureSpec(
        "DIS-02-M2",
        "Weekend discharges relative to weekdays",
        "Mean daily discharges from Kestrel Vale medical wards on Saturdays and Sundays in the "
        "month, as a percentage of the mean daily discharges Monday to Friday.",
        "outcome", "%", "increase", M, 1,
        "Inpatient EPR discharge times", "Gareth Llewellyn", 10,
        base=52.0, sd=2.2,
        changes=(Change(D(2025, 8, 1), 6.0),),
    ),
    # ---- PRV-02 Smokefree pregnancy --------------------------------------------------------
    MeasureSpec(
        "PRV-02-M1",
        "Smoking at time of delivery",
        "Women who gave birth at Kestrel Vale in the month and were known to smoke at the time "
        "of delivery, as a percentage of all maternities with a known smoking status.",
        "outcome", "%", "decrease", M, 1,
        "Maternity Services Data Set (MSDS)", "Gareth Llewellyn", 30,
        base=8.6, sd=0.45,
    ),
    MeasureSpec(
        "PRV-02-M2",
        "Smokers referred to tobacco dependence service",
        "Pregnant women identified as smokers at booking in the month who were referred to a "
        "tobacco dependence adviser, as a percentage of those identified as smokers.",
        "process", "%", "increase", M, 1,
        "Maternity EPR booking form", "Gareth Llewellyn", 30,
        base=71.0, sd=3.5,
    ),
)

MISSING: dict[tuple[str, date], str] = {
    ("UEC-02-M1", D(2026, 1, 12)): "Data not submitted: ambulance arrival screen system outage",
    ("ELE-01-M1", D(2026, 2, 16)): "Data not submitted: theatre system upgrade, 16–20 February",
}

NOTES: dict[tuple[str, date], str] = {
    ("UEC-01-M1", D(2025, 1, 1)): "Critical incident declared 6–8 January (norovirus on two wards)",
    ("UEC-01-M1", D(2026, 1, 1)): "Winter peak; 11 days at OPEL 4",
    ("UEC-01-M5", D(2025, 12, 29)): "Bank holiday week",
    ("UEC-02-M1", D(2025, 12, 22)): "Christmas week; rapid release suspended for 36 hours",
    ("ELE-01-M1", D(2025, 12, 22)): "Reduced elective programme over Christmas",
    ("ELE-02-M4", D(2025, 9, 1)): "Includes 1,150 community paediatric pathways moved onto the PTL",
    ("MH-01-M1", D(2025, 10, 1)): "First full month of digital self-referral",
    ("DIS-01-M1", D(2025, 12, 29)): "Snapshot taken on Friday 2 January (bank holiday Thursday)",
    ("ELE-01-M5", D(2026, 3, 1)): "Includes £18k year-end non-recurrent adjustment",
}

# --------------------------------------------------------------------------------------------
# Targets, goals and annotations
# --------------------------------------------------------------------------------------------

FY25 = D(2025, 4, 1)
FY26 = D(2026, 4, 1)
EOFY25 = D(2026, 3, 31)

# measure, value, effective_from, effective_to, reason, set_by
TARGETS: tuple[tuple[str, float, date, date | None, str, str], ...] = (
    ("UEC-01-M1", 76.0, D(2024, 4, 1), EOFY25,
     "Interim national ambition for 2025/26: 76 % within 4 hours", "Mark Telford"),
    ("UEC-01-M1", 78.0, FY26, None,
     "Operational plan 2026/27: 78 % within 4 hours by March 2027", "Mark Telford"),
    ("UEC-01-M2", 240.0, FY25, None,
     "SDEC business case: 240 patients a week once open to 22:00", "Sarah Whitfield"),
    ("UEC-01-M3", 10.0, FY25, None,
     "UEC plan 2025/26: fewer than 10 % of patients over 12 hours in ED", "Mark Telford"),
    ("UEC-02-M1", 30.0, D(2025, 9, 1), None,
     "System handover standard agreed with Eastmarch Ambulance Service", "Joanna Price"),
    ("UEC-02-M2", 0.0, D(2025, 9, 1), None,
     "No handover over 45 minutes (national release-to-respond expectation)", "Joanna Price"),
    ("UEC-02-M3", 30.0, FY25, None,
     "National category 2 mean response ambition for 2025/26: 30 minutes", "Helen Ashworth"),
    ("UEC-03-M1", 80.0, FY25, None,
     "National virtual ward occupancy expectation of 80 %", "Simon Adeyemi"),
    ("UEC-03-M2", 45.0, FY25, None,
     "Hospital at Home business case: 45 step-up admissions a week", "Fiona MacLeod"),
    ("UEC-03-M3", 21.5, FY25, None,
     "ICB frailty plan: 5 % fewer emergency admissions of people aged 75+", "Simon Adeyemi"),
    ("UEC-03-M4", 13.0, FY25, None,
     "Clinical reference group ceiling for safe virtual ward discharge", "Fiona MacLeod"),
    ("ELE-01-M1", 85.0, FY25, None,
     "GIRFT capped utilisation benchmark of 85 %", "Joanna Price"),
    ("ELE-01-M2", 85.0, FY25, None,
     "BADS directory: 85 % of listed procedures as day cases", "Rajesh Menon"),
    ("ELE-01-M5", 120_000.0, FY25, EOFY25,
     "CIP plan 2025/26: £1.44 million a year from theatre productivity", "Nadia Hussain"),
    ("ELE-01-M5", 135_000.0, FY26, None,
     "CIP plan 2026/27 raised to £1.62 million after M12 review", "Nadia Hussain"),
    ("ELE-02-M1", 65.0, FY25, EOFY25,
     "National milestone for March 2026: 65 % within 18 weeks", "Mark Telford"),
    ("ELE-02-M1", 68.0, FY26, None,
     "Operational plan 2026/27: trust share of the 92 % standard by March 2029",
     "Mark Telford"),
    ("ELE-02-M2", 600.0, FY25, None,
     "Planning guidance: under 1 % of the waiting list over 52 weeks", "Mark Telford"),
    ("ELE-02-M3", 0.0, D(2024, 9, 1), None,
     "No patient waiting over 65 weeks", "Helen Ashworth"),
    ("ELE-02-M5", 500.0, D(2025, 2, 3), None,
     "Validation plan: 500 pathways a week until every pathway over 12 weeks is validated",
     "Claire Dunmore"),
    ("MH-01-M1", 2.0, FY25, None,
     "Fair share of the national access ambition: 24 per 1,000 adults a year", "Ruth Carver"),
    ("MH-01-M2", 48.0, D(2024, 4, 1), None,
     "National reliable recovery standard of 48 %", "Ruth Carver"),
    ("MH-01-M3", 75.0, D(2024, 4, 1), None,
     "National waiting time standard: 75 % within 6 weeks", "Ruth Carver"),
    ("MH-01-M4", 300.0, FY25, None,
     "Trust board ambition to bring hidden waits below 300", "Kwame Asante"),
    ("MH-02-M1", 0.0, FY25, None,
     "National ambition to eliminate inappropriate out-of-area placements", "Ruth Carver"),
    ("MH-02-M3", 90.0, FY25, None,
     "Crisis line specification: 90 % of calls answered within 60 seconds", "Laura Pennington"),
    ("PRV-01-M1", 77.0, FY25, None,
     "National CVD prevention ambition: 77 % treated to target by March 2025, held since",
     "Simon Adeyemi"),
    ("PRV-01-M2", 500.0, D(2025, 3, 3), None,
     "Pharmacy service specification: 500 checks a week across North Weald", "Imran Chaudhry"),
    ("PRV-01-M3", 0.55, FY25, None,
     "Case-finding plan: close half the gap to expected hypertension prevalence",
     "Imran Chaudhry"),
    ("DIS-01-M1", 90.0, D(2025, 10, 6), None,
     "ICB discharge plan: no more than 90 NCTR patients at Weald General", "Mark Telford"),
    ("DIS-01-M2", 92.0, FY25, None,
     "UEC plan 2025/26: adult G&A bed occupancy of 92 % or lower", "Mark Telford"),
    ("DIS-01-M3", 9.0, FY25, None,
     "Trust plan: emergency length of stay under 9 days", "Bethan Morgan"),
    ("DIS-01-M4", 33.0, FY25, None,
     "Trust discharge standard: a third of discharges before noon", "Bethan Morgan"),
    ("DIS-02-M1", 15.0, D(2025, 7, 7), None,
     "Criteria-led discharge for 15 % of medical ward discharges", "Oliver Hart"),
    ("DIS-02-M2", 60.0, FY25, None,
     "Interim Seven Day Services ambition: weekend discharges at 60 % of the weekday rate",
     "Joanna Price"),
    ("PRV-02-M1", 6.0, D(2024, 4, 1), None,
     "National maternity ambition: 6 % or fewer smoking at time of delivery", "Simon Adeyemi"),
)

# code, initiative, statement, measure, baseline_period, target_value, target_date
GOALS: tuple[tuple[str, str, str, str, date, float, date], ...] = (
    ("UEC-01-G1", "UEC-01", "Reach 78 % of ED patients within 4 hours by March 2027",
     "UEC-01-M1", D(2024, 11, 1), 78.0, D(2027, 3, 1)),
    ("UEC-01-G2", "UEC-01", "Bring 12-hour stays in ED below 9.5 % of attendances by March 2027",
     "UEC-01-M3", D(2024, 11, 1), 9.5, D(2027, 3, 1)),
    ("UEC-02-G1", "UEC-02", "Cut the mean ambulance handover time to 30 minutes by March 2027",
     "UEC-02-M1", D(2025, 10, 27), 30.0, D(2027, 3, 29)),
    ("UEC-02-G2", "UEC-02", "End ambulance handovers over 45 minutes by March 2027",
     "UEC-02-M2", D(2025, 10, 27), 0.0, D(2027, 3, 29)),
    ("UEC-03-G1", "UEC-03", "Fill 80 % of virtual ward capacity by December 2026",
     "UEC-03-M1", D(2025, 3, 3), 80.0, D(2026, 12, 28)),
    ("UEC-03-G2", "UEC-03", "Reduce emergency admissions aged 75+ to 21.0 per 1,000 a month",
     "UEC-03-M3", D(2025, 4, 1), 21.0, D(2027, 3, 1)),
    ("ELE-01-G1", "ELE-01", "Raise capped theatre utilisation to 85 % by March 2027",
     "ELE-01-M1", D(2025, 1, 6), 85.0, D(2027, 3, 29)),
    ("ELE-01-G2", "ELE-01", "Raise the BADS day case rate to 85 % by March 2027",
     "ELE-01-M2", D(2025, 1, 1), 85.0, D(2027, 3, 1)),
    ("ELE-02-G1", "ELE-02", "Treat 68 % of patients within 18 weeks by March 2027",
     "ELE-02-M1", D(2024, 9, 1), 68.0, D(2027, 3, 1)),
    ("ELE-02-G2", "ELE-02", "No patient waiting over 65 weeks by December 2026",
     "ELE-02-M3", D(2024, 9, 1), 0.0, D(2026, 12, 1)),
    ("MH-01-G1", "MH-01", "Increase Talking Therapies access to 2.10 per 1,000 adults a month",
     "MH-01-M1", D(2024, 7, 1), 2.1, D(2027, 3, 1)),
    ("MH-02-G1", "MH-02", "Reduce inappropriate out-of-area bed days below 150 a month",
     "MH-02-M1", D(2025, 4, 1), 150.0, D(2027, 3, 1)),
    ("PRV-01-G1", "PRV-01", "Treat 77 % of patients with hypertension to target by March 2027",
     "PRV-01-M1", D(2025, 2, 1), 77.0, D(2027, 3, 1)),
    ("PRV-01-G2", "PRV-01", "Deliver 700 pharmacy blood pressure checks a week by March 2027",
     "PRV-01-M2", D(2025, 2, 3), 700.0, D(2027, 3, 29)),
    ("DIS-01-G1", "DIS-01", "Reduce patients with no criteria to reside to 90 by March 2027",
     "DIS-01-M1", D(2025, 4, 7), 90.0, D(2027, 3, 29)),
    ("DIS-01-G2", "DIS-01", "Bring adult G&A bed occupancy down to 92 % by March 2027",
     "DIS-01-M2", D(2025, 4, 7), 92.0, D(2027, 3, 29)),
    ("DIS-02-G1", "DIS-02", "Make 15 % of medical ward discharges criteria-led by December 2026",
     "DIS-02-M1", D(2025, 6, 2), 15.0, D(2026, 12, 28)),
    ("PRV-02-G1", "PRV-02", "Reduce smoking at time of delivery to 6 % by March 2028",
     "PRV-02-M1", D(2026, 3, 1), 6.0, D(2028, 3, 1)),
)

# measure, date, kind, label, reason
ANNOTATIONS: tuple[tuple[str, date, str, str, str], ...] = (
    ("UEC-01-M1", D(2025, 6, 1), "intervention", "SDEC extended to 22:00, seven days", ""),
    ("UEC-01-M1", D(2025, 6, 1), "recalculation", "Limits recalculated: SDEC to 22:00",
     "SDEC opening hours changed the ED process; limits from June 2025 reflect the new system."),
    ("UEC-01-M1", D(2026, 2, 1), "intervention", "Streaming nurse at the front door 08:00–00:00",
     ""),
    ("UEC-01-M1", D(2025, 1, 1), "note", "Norovirus critical incident", ""),
    ("UEC-01-M2", D(2025, 6, 2), "intervention", "SDEC extended to 22:00, seven days", ""),
    ("UEC-01-M2", D(2025, 6, 2), "recalculation", "Limits recalculated: SDEC to 22:00",
     "Extended opening hours and triage streaming changed the volume SDEC can take."),
    ("UEC-01-M3", D(2025, 6, 1), "intervention", "SDEC extended to 22:00, seven days", ""),
    ("UEC-02-M1", D(2025, 11, 3), "intervention", "45-minute rapid release protocol live", ""),
    ("UEC-02-M1", D(2025, 11, 3), "recalculation", "Limits recalculated: rapid release",
     "Rapid release at 45 minutes is a new process; the old limits no longer describe it."),
    ("UEC-02-M2", D(2025, 11, 3), "intervention", "45-minute rapid release protocol live", ""),
    ("UEC-02-M4", D(2024, 7, 1), "baseline", "Baseline before rapid release",
     "Escalation-space use is judged against the pre-rapid-release period."),
    ("UEC-02-M4", D(2025, 11, 3), "intervention", "45-minute rapid release protocol live", ""),
    ("UEC-03-M1", D(2025, 3, 3), "intervention", "Frailty virtual ward expanded to 60 beds", ""),
    ("UEC-03-M1", D(2026, 10, 19), "note", "Community EPR migration: caseload report paused", ""),
    ("UEC-03-M2", D(2025, 7, 14), "intervention", "Care home call-before-convey line live", ""),
    ("ELE-01-M1", D(2025, 9, 1), "intervention", "6-4-2 list planning in all specialties", ""),
    ("ELE-01-M1", D(2025, 9, 1), "recalculation", "Limits recalculated: 6-4-2 planning",
     "Lists are now booked 6 weeks ahead and confirmed at 2 weeks; a different process."),
    ("ELE-01-M4", D(2025, 9, 1), "intervention", "First patient sent for at 08:00", ""),
    ("ELE-01-M4", D(2025, 9, 1), "recalculation", "Limits recalculated: on-time starts",
     "Pre-list huddles at 07:45 and sending for the first patient at 08:00 changed the process."),
    ("ELE-02-M1", D(2025, 2, 1), "intervention", "Validation sprint with insourced validators",
     ""),
    ("ELE-02-M5", D(2025, 2, 3), "intervention", "Insourced validation team started", ""),
    ("ELE-02-M5", D(2026, 5, 4), "recalculation", "Limits recalculated: validation contract ended",
     "The insourced validation contract ended on 1 May 2026; only the in-house team remains."),
    ("MH-01-M1", D(2025, 10, 1), "intervention", "Digital self-referral and evening clinics", ""),
    ("MH-01-M1", D(2025, 10, 1), "recalculation", "Limits recalculated: self-referral",
     "Digital self-referral opened a new route into the service from October 2025."),
    ("MH-01-M4", D(2025, 10, 1), "note", "Higher access is feeding second-appointment waits", ""),
    ("MH-02-M1", D(2025, 9, 1), "intervention", "Harrowmere crisis house opened (6 beds)", ""),
    ("MH-02-M3", D(2025, 6, 2), "intervention", "Crisis practitioner recruitment begins", ""),
    ("MH-02-M3", D(2026, 1, 5), "recalculation", "Limits recalculated: line staffed 24/7",
     "From January 2026 every shift on the crisis line has a full practitioner complement."),
    ("MH-02-M1", D(2025, 9, 1), "recalculation", "Limits recalculated: crisis house open",
     "Six crisis house beds opened as an alternative to admission, changing local bed demand."),
    ("PRV-01-M2", D(2025, 3, 3), "intervention", "Pharmacy BP check service commissioned", ""),
    ("PRV-01-M2", D(2025, 3, 3), "recalculation", "Limits recalculated: service commissioned",
     "42 pharmacies were commissioned to offer checks from March 2025; a new service level."),
    ("PRV-01-M1", D(2025, 3, 1), "intervention", "PCN optimisation clinics begin", ""),
    ("DIS-01-M1", D(2025, 10, 6), "intervention", "Discharge to assess pathway launched", ""),
    ("DIS-01-M1", D(2025, 10, 6), "recalculation", "Limits recalculated: discharge to assess",
     "Home-first discharge to assess replaced assessment in hospital for pathway 1 patients."),
    ("DIS-01-M2", D(2025, 10, 6), "intervention", "Discharge to assess pathway launched", ""),
    ("DIS-01-M3", D(2025, 10, 1), "intervention", "Discharge to assess pathway launched", ""),
    ("DIS-01-M3", D(2025, 10, 1), "recalculation", "Limits recalculated: discharge to assess",
     "Pathway 1 patients now go home to be assessed, shortening stays from October 2025."),
    ("DIS-01-M4", D(2025, 10, 6), "intervention", "Discharge lounge opens at 08:00", ""),
    ("DIS-02-M1", D(2025, 7, 7), "intervention", "Criteria-led discharge live on Beech and Rowan",
     ""),
    ("DIS-02-M1", D(2026, 6, 1), "note", "Initiative paused during ward reconfiguration", ""),
)


# --------------------------------------------------------------------------------------------
# Milestones and check-ins
# --------------------------------------------------------------------------------------------

# code, title, owner, baseline_date, forecast_date, completed_date, status, change_reason
MILESTONES: tuple[tuple[str, str, str, date, date, date | None, str, str], ...] = (
    ("UEC-01-MS1", "SDEC business case approved by Trust Executive Group", "Sarah Whitfield",
     D(2025, 3, 31), D(2025, 3, 31), D(2025, 3, 26), "complete", ""),
    ("UEC-01-MS2", "SDEC open to 22:00 seven days a week", "Emma Stroud",
     D(2025, 5, 31), D(2025, 6, 2), D(2025, 6, 2), "complete",
     "Two band 6 SDEC nurses started a week later than planned."),
    ("UEC-01-MS3", "Streaming nurse at the ED front door 08:00 to midnight", "Emma Stroud",
     D(2025, 12, 1), D(2026, 2, 2), D(2026, 2, 2), "complete",
     "Held until after the winter peak so the band 7 rota could be filled safely."),
    ("UEC-01-MS4", "Direct SDEC referrals from Eastmarch ambulance crews", "Sarah Whitfield",
     D(2026, 9, 30), D(2027, 1, 15), None, "at risk",
     "Clinical safety case needs sign-off by the ambulance service medical director; the next "
     "panel sits on 10 December."),
    ("UEC-01-MS5", "SDEC moves into the refurbished Ash Unit", "Jonathan Pryce",
     D(2026, 9, 30), D(2026, 10, 16), None, "late",
     "Contractor lost two weeks to a supply delay on ceiling panels; medical gas sign-off "
     "outstanding."),
    ("UEC-02-MS1", "Rapid release protocol agreed with Eastmarch Ambulance Service",
     "Daniel Osei", D(2025, 10, 15), D(2025, 10, 24), D(2025, 10, 24), "complete",
     "Final wording agreed at the system UEC board on 23 October."),
    ("UEC-02-MS2", "45-minute rapid release live at Kestrel Vale Royal Infirmary", "Daniel Osei",
     D(2025, 11, 3), D(2025, 11, 3), D(2025, 11, 3), "complete", ""),
    ("UEC-02-MS3", "Ambulance receiving area (6 trolleys) open", "Jonathan Pryce",
     D(2026, 4, 30), D(2026, 12, 14), None, "at risk",
     "Estates works stopped when asbestos was found in the old plaster room; the contractor "
     "returned on 2 November."),
    ("UEC-02-MS4", "Winter handover escalation plan signed off by the system UEC board",
     "Daniel Osei", D(2026, 10, 30), D(2026, 10, 30), D(2026, 10, 28), "complete", ""),
    ("UEC-03-MS1", "Frailty virtual ward expanded to 60 beds", "Fiona MacLeod",
     D(2025, 3, 1), D(2025, 3, 3), D(2025, 3, 3), "complete", "Go-live moved to a Monday."),
    ("UEC-03-MS2", "Care home call-before-convey line live 08:00–20:00", "Fiona MacLeod",
     D(2025, 6, 30), D(2025, 7, 14), D(2025, 7, 14), "complete",
     "Telephony configuration delayed by the supplier."),
    ("UEC-03-MS3", "Remote monitoring kit for 40 more patients procured", "Fiona MacLeod",
     D(2026, 6, 30), D(2026, 9, 30), None, "late",
     "Procurement re-run after the framework supplier withdrew."),
    ("UEC-03-MS4", "Community EPR migration complete", "Marek Nowak",
     D(2026, 9, 30), D(2026, 12, 7), None, "at risk",
     "The data migration rehearsal found duplicate patient records; go-live moved to December."),
    ("UEC-03-MS5", "Virtual ward outcome evaluation presented to the ICB Board", "Fiona MacLeod",
     D(2027, 3, 25), D(2027, 3, 25), None, "not started", ""),
    ("ELE-01-MS1", "6-4-2 list planning in place for all specialties", "Rajesh Menon",
     D(2025, 8, 31), D(2025, 8, 31), D(2025, 8, 29), "complete", ""),
    ("ELE-01-MS2", "One-stop pre-operative assessment clinic open", "Rajesh Menon",
     D(2025, 11, 30), D(2026, 2, 28), D(2026, 3, 9), "complete",
     "Recruitment of two pre-operative assessment nurses took longer than planned."),
    ("ELE-01-MS3", "Saturday day case lists running", "Rajesh Menon",
     D(2026, 7, 31), D(2026, 9, 30), None, "late",
     "Anaesthetic rota gaps; two consultant posts out to advert."),
    ("ELE-01-MS4", "Theatre scheduling software live", "Gareth Llewellyn",
     D(2026, 12, 7), D(2026, 12, 7), None, "on track", ""),
    ("ELE-01-MS5", "Theatre productivity CIP plan for 2026/27 signed off", "Nadia Hussain",
     D(2026, 4, 30), D(2026, 4, 30), D(2026, 4, 22), "complete", ""),
    ("ELE-02-MS1", "Every pathway over 40 weeks validated", "Claire Dunmore",
     D(2025, 3, 31), D(2025, 3, 31), D(2025, 3, 28), "complete", ""),
    ("ELE-02-MS2", "Insourced weekend lists for orthopaedics and ENT", "Claire Dunmore",
     D(2025, 6, 30), D(2025, 7, 19), D(2025, 7, 19), "complete",
     "Contract award delayed two weeks by a procurement challenge."),
    ("ELE-02-MS3", "Mutual aid: 300 gynaecology pathways moved to Kestrel Vale",
     "Claire Dunmore", D(2026, 6, 30), D(2026, 10, 30), None, "late",
     "Transfer criteria disputed by consultants; settled at the clinical reference group in "
     "September."),
    ("ELE-02-MS4", "No patient waiting over 65 weeks", "Claire Dunmore",
     D(2026, 9, 30), D(2026, 12, 31), None, "at risk",
     "Twelve complex spinal patients need capacity at the regional centre."),
    ("ELE-02-MS5", "Validation contract re-procured for 2026/27", "Priya Raman",
     D(2026, 5, 1), D(2027, 1, 29), None, "at risk",
     "Funding was not confirmed in the 2026/27 plan; a bid goes to the January investment "
     "panel."),
    ("MH-01-MS1", "Digital self-referral live on the trust website and the NHS App",
     "Kwame Asante", D(2025, 9, 30), D(2025, 9, 30), D(2025, 9, 29), "complete", ""),
    ("MH-01-MS2", "Evening clinics in four primary care networks", "Kwame Asante",
     D(2025, 10, 31), D(2025, 10, 31), D(2025, 10, 27), "complete", ""),
    ("MH-01-MS3", "Employment advisers in all 14 primary care networks", "Kwame Asante",
     D(2026, 6, 30), D(2026, 12, 31), None, "on track",
     "Funding confirmed in Q2 rather than Q1; 9 of 14 PCNs covered so far."),
    ("MH-01-MS4", "Hidden waits recovery plan agreed by the care group board", "Aisha Bello",
     D(2026, 9, 30), D(2026, 10, 30), None, "late",
     "Plan rewritten after the September data showed waits over 90 days still rising."),
    ("MH-02-MS1", "Harrowmere crisis house open (6 beds)", "Laura Pennington",
     D(2025, 7, 31), D(2025, 9, 1), D(2025, 9, 1), "complete",
     "CQC registration took four weeks longer than expected."),
    ("MH-02-MS2", "24/7 crisis assessment centre open", "Laura Pennington",
     D(2026, 3, 31), D(2027, 2, 1), None, "at risk",
     "The site at Weald General was withdrawn; Fenmoor Lodge is being surveyed instead."),
    ("MH-02-MS3", "Daily out-of-area placement panel in place", "Laura Pennington",
     D(2025, 5, 31), D(2025, 5, 31), D(2025, 5, 12), "complete", ""),
    ("MH-02-MS4", "Section 136 suite refurbished", "Jonathan Pryce",
     D(2027, 6, 30), D(2027, 6, 30), None, "not started", ""),
    ("PRV-01-MS1", "Pharmacy blood pressure check service commissioned in 42 pharmacies",
     "Imran Chaudhry", D(2025, 3, 1), D(2025, 3, 3), D(2025, 3, 3), "complete",
     "Start moved to the first Monday of the month."),
    ("PRV-01-MS2", "PCN optimisation clinics running in all 14 PCNs", "Imran Chaudhry",
     D(2025, 12, 31), D(2026, 3, 31), D(2026, 3, 20), "complete",
     "Two PCNs delayed by GP partner retirements."),
    ("PRV-01-MS3", "Searches for untreated high-risk patients live in every practice",
     "Marek Nowak", D(2026, 8, 31), D(2026, 10, 15), None, "late",
     "Three practices are changing GP clinical system supplier."),
    ("PRV-01-MS4", "Year 2 evaluation to the ICB Quality Committee", "Imran Chaudhry",
     D(2027, 1, 21), D(2027, 1, 21), None, "on track", ""),
    ("DIS-01-MS1", "Discharge to assess pathway 1 (home first) launched", "Bethan Morgan",
     D(2025, 10, 1), D(2025, 10, 6), D(2025, 10, 6), "complete",
     "Launch aligned with the start of a week."),
    ("DIS-01-MS2", "Transfer of care hub co-located with council social workers",
     "Bethan Morgan", D(2025, 12, 1), D(2025, 12, 1), D(2025, 12, 1), "complete", ""),
    ("DIS-01-MS3", "Pathway 2 step-down beds (18) at Fenmoor Court", "Bethan Morgan",
     D(2026, 6, 30), D(2026, 9, 30), None, "late",
     "The first care home provider was rated inadequate; an alternative provider is being "
     "contracted."),
    ("DIS-01-MS4", "Criteria to reside reviewed at every medical ward board round",
     "Emma Stroud", D(2026, 11, 30), D(2026, 11, 30), None, "on track", ""),
    ("DIS-01-MS5", "Weekend discharge team (therapy and pharmacy) recruited", "Bethan Morgan",
     D(2026, 12, 31), D(2027, 2, 15), None, "not started",
     "Recruitment held until the month 9 financial review."),
    ("DIS-02-MS1", "Criteria-led discharge policy approved", "Oliver Hart",
     D(2025, 6, 20), D(2025, 6, 20), D(2025, 6, 20), "complete", ""),
    ("DIS-02-MS2", "Criteria-led discharge live on Beech and Rowan wards", "Oliver Hart",
     D(2025, 7, 7), D(2025, 7, 7), D(2025, 7, 7), "complete", ""),
    ("DIS-02-MS3", "Criteria-led discharge on all 8 medical wards", "Oliver Hart",
     D(2026, 5, 31), D(2027, 4, 30), None, "at risk",
     "Initiative paused in June 2026 during the medical ward reconfiguration; restart date to "
     "be agreed by the Trust Executive Group."),
    ("PRV-02-MS1", "Business case to the ICB investment panel", "Grace Ellison",
     D(2026, 10, 29), D(2026, 12, 10), None, "on track",
     "Panel meeting moved from October to December."),
    ("PRV-02-MS2", "Tobacco dependence advisers recruited (3 WTE)", "Grace Ellison",
     D(2027, 3, 31), D(2027, 3, 31), None, "not started", ""),
)

AUG = D(2026, 8, 1)
SEP = D(2026, 9, 1)
OCT = D(2026, 10, 1)

# initiative, period, rag, confidence, progress, risks, next_steps, asks
# Text may quote data as {MEASURE@YYYY-MM-DD}; the generated value is put in its place.
CHECKINS: tuple[tuple[str, date, str, int, str, str, str, str], ...] = (
    ("UEC-01", AUG, "amber", 3,
     "4-hour performance was {UEC-01-M1@2026-08-01} % in August, above the 78 % plan, and SDEC "
     "saw {UEC-01-M2@2026-08-24} patients in the last week of the month. Summer flatters us: "
     "the process limits say we will still dip below 78 % in some months.",
     "Ash Unit refurbishment is two weeks behind; if it slips further SDEC stays in the "
     "12-chair space through winter.",
     "Agree the ambulance direct-referral criteria with Eastmarch; confirm the Ash Unit "
     "handover date with Estates.",
     ""),
    ("UEC-01", SEP, "amber", 3,
     "September 4-hour performance {UEC-01-M1@2026-09-01} %, just under the 78 % plan. The "
     "streaming nurse redirected 14 % of walk-ins to SDEC or the urgent treatment centre.",
     "The Ash Unit is now forecast for mid-October. Ambulance direct referral needs a clinical "
     "safety case we had not planned for.",
     "Finish the safety case; prepare a winter rota for SDEC that keeps 22:00 closing.",
     "Board to note that direct ambulance referral will not be live before January."),
    ("UEC-01", OCT, "amber", 2,
     "4-hour performance {UEC-01-M1@2026-10-01} % in October, on the 78 % plan; 12-hour stays "
     "{UEC-01-M3@2026-10-01} % of attendances. SDEC saw {UEC-01-M2@2026-10-26} patients in the "
     "last week of October.",
     "Ash Unit handover missed its 16 October date (snagging on medical gases). Without it, SDEC "
     "cannot take the extra 8 trolleys we planned for winter.",
     "Estates to give a firm handover date by 13 November; SDEC to run the winter rota from 1 "
     "December.",
     "Support from the Board to prioritise the Ash Unit medical gas sign-off over other capital "
     "schemes this quarter."),
    ("UEC-02", AUG, "green", 4,
     "Mean handover time {UEC-02-M1@2026-08-24} minutes in the last week of August, against 41 "
     "minutes before rapid release. {UEC-02-M2@2026-08-24} handovers went over 45 minutes that "
     "week.",
     "Corridor care is higher than before rapid release; the nursing escalation log shows "
     "{UEC-02-M4@2026-08-24} patients in temporary spaces that week.",
     "Agree the winter escalation plan with Eastmarch by the end of October.",
     ""),
    ("UEC-02", SEP, "amber", 3,
     "Handovers averaged {UEC-02-M1@2026-09-28} minutes in the last week of September. Category 2 "
     "response was {UEC-02-M3@2026-09-01} minutes in September.",
     "The receiving area is delayed by asbestos removal; until it opens, released patients wait "
     "in the corridor by Bay 4.",
     "Revised estates programme to the October UEC board; daily 10:00 handover huddle to "
     "continue.",
     "Executive support to keep rapid release running when the trust is at OPEL 4."),
    ("UEC-02", OCT, "amber", 3,
     "Mean handover {UEC-02-M1@2026-10-26} minutes in the last week of October; the winter "
     "escalation plan was signed off on 28 October, two days early.",
     "Patients in temporary escalation spaces remain above the pre-rapid-release level "
     "({UEC-02-M4@2026-10-26} in the last week of October). The receiving area is now forecast "
     "for 14 December.",
     "Open the receiving area; audit corridor care for harm each week through winter.",
     "Board to accept corridor care as a known risk on the corporate risk register until the "
     "receiving area opens."),
    ("UEC-03", AUG, "green", 4,
     "Virtual ward occupancy {UEC-03-M1@2026-08-31} % in the last week of August; step-up "
     "admissions {UEC-03-M2@2026-08-31} that week, ahead of the business case.",
     "The remote monitoring kit procurement has to be re-run; we are short of 40 kits.",
     "Re-run the procurement through the regional framework; plan the EPR migration freeze.",
     ""),
    ("UEC-03", SEP, "amber", 3,
     "Occupancy was {UEC-03-M1@2026-09-28} % in the last week of September. Emergency "
     "admissions aged 75+ were {UEC-03-M3@2026-09-01} per 1,000 in September.",
     "Kit procurement missed its 30 September date. EPR migration rehearsal found duplicate "
     "records.",
     "Award the kit contract in November; rerun the migration rehearsal.",
     "ICB digital team to lend two data migration analysts for six weeks."),
    ("UEC-03", OCT, "amber", 3,
     "Step-up admissions {UEC-03-M2@2026-10-26} in the last week of October. Admissions aged 75+ "
     "{UEC-03-M3@2026-10-01} per 1,000 in October.",
     "Occupancy for the last two weeks of October is missing because the caseload report is "
     "paused during the EPR migration; we are counting by hand and will backfill.",
     "Backfill occupancy from the manual count by 20 November; go live on the new EPR on 7 "
     "December.",
     "Accept a short gap in the virtual ward data until the migration is complete."),
    ("ELE-01", AUG, "amber", 3,
     "Capped utilisation {ELE-01-M1@2026-08-24} % in the last week of August; day case rate "
     "{ELE-01-M2@2026-08-01} % in August.",
     "Saturday lists cannot start until two consultant anaesthetist posts are filled.",
     "Interview for the anaesthetist posts on 18 September; finalise the scheduling software "
     "contract.",
     ""),
    ("ELE-01", SEP, "amber", 3,
     "CIP delivered £{ELE-01-M5@2026-09-01} in September against a plan of £135,000. Late "
     "starts averaged {ELE-01-M4@2026-09-28} minutes a list in the last week of September.",
     "Saturday lists now late; one anaesthetist appointed, the second post re-advertised.",
     "Run Saturday lists with a locum from November if the second post is not filled.",
     "Finance to approve locum cover for Saturday lists (about £9,000 a month)."),
    ("ELE-01", OCT, "red", 2,
     "Capped utilisation {ELE-01-M1@2026-10-26} % in the last week of October, well above the "
     "76 % baseline but the process is not capable of 85 %. CIP £{ELE-01-M5@2026-10-01} in "
     "October.",
     "At the current level we will miss the 85 % GIRFT benchmark and the 2026/27 CIP plan by "
     "about £180,000.",
     "Go live with the scheduling software on 7 December; review list templates for "
     "orthopaedics and general surgery.",
     "Board to decide whether the 85 % target stays for 2026/27 or is re-phased to March "
     "2028."),
    ("ELE-02", AUG, "amber", 3,
     "{ELE-02-M1@2026-08-01} % of patients waiting under 18 weeks in August; "
     "{ELE-02-M3@2026-08-01} patients over 65 weeks, most in spinal surgery.",
     "Validation has dropped to {ELE-02-M5@2026-08-24} pathways a week since the insourced "
     "contract ended.",
     "Bid for validation funding; agree the gynaecology mutual aid transfer criteria.",
     "Decision on validation funding for the rest of 2026/27."),
    ("ELE-02", SEP, "red", 2,
     "RTT 18-week performance {ELE-02-M1@2026-09-01} % in September, against a plan of 68 %. "
     "52-week waiters {ELE-02-M2@2026-09-01}.",
     "We will not reach 68 % by March 2027 at the current rate of improvement. Mutual aid with "
     "Kestrel Vale is late.",
     "Transfer the first 120 gynaecology patients in October; write to the regional team about "
     "spinal capacity.",
     "ICB to broker spinal surgery capacity at the regional centre for 12 patients."),
    ("MH-01", AUG, "green", 4,
     "Access rate {MH-01-M1@2026-08-01} per 1,000 adults in August, above the 2.0 fair-share "
     "level for the eleventh month running. Reliable recovery {MH-01-M2@2026-08-01} %.",
     "Hidden waits are rising: {MH-01-M4@2026-08-01} people waiting over 90 days for a second "
     "appointment.",
     "Draft a hidden waits recovery plan; recruit 4 psychological wellbeing practitioners.",
     ""),
    ("MH-01", SEP, "amber", 3,
     "Access held at {MH-01-M1@2026-09-01} per 1,000. 6-week waits are comfortably met "
     "({MH-01-M3@2026-09-01} %).",
     "Hidden waits reached {MH-01-M4@2026-09-01}; the recovery plan is being rewritten because "
     "the first draft did not cover step 3 therapies.",
     "Agree the rewritten plan at the care group board in October.",
     "None this month."),
    ("MH-01", OCT, "amber", 3,
     "Access {MH-01-M1@2026-10-01} per 1,000 adults in October. Reliable recovery was "
     "{MH-01-M2@2026-10-01} %, but it moves either side of the 48 % standard month to month.",
     "{MH-01-M4@2026-10-01} people waiting over 90 days for a second appointment. The recovery "
     "plan missed its October date.",
     "Move two high-intensity therapists from assessment to treatment; offer group CBT to the "
     "longest waiters.",
     "Board to agree that access growth pauses for one quarter while hidden waits come down."),
    ("MH-02", AUG, "amber", 3,
     "Out-of-area bed days {MH-02-M1@2026-08-01} in August, down from about 640 before the "
     "crisis house opened.",
     "The Weald General site for the crisis assessment centre has been withdrawn.",
     "Survey Fenmoor Lodge as the alternative site.",
     "Capital bid for the Fenmoor Lodge conversion (£1.2 million)."),
    ("MH-02", SEP, "amber", 2,
     "111 option 2 answered {MH-02-M3@2026-09-28} % of calls within 60 seconds in the last "
     "week of September. {MH-02-M2@2026-09-28} mental health patients waited over 12 hours in ED that "
     "week.",
     "Crisis assessment centre now forecast for February 2027; until then ED remains the "
     "default place of safety overnight.",
     "Finish the Fenmoor Lodge survey; extend crisis house stays to 14 days where clinically "
     "appropriate.",
     "Decision on the capital bid at the October Board."),
    ("PRV-01", AUG, "amber", 3,
     "{PRV-01-M1@2026-08-01} % of patients with hypertension treated to target in August. "
     "Pharmacies did {PRV-01-M2@2026-08-24} blood pressure checks in the last week of August.",
     "Three practices are changing clinical system supplier, which delays the searches and the "
     "September extract.",
     "Agree a manual extract with the three practices; publish PCN league tables.",
     ""),
    ("PRV-01", SEP, "amber", 3,
     "Pharmacy checks reached {PRV-01-M2@2026-09-28} in the last week of September. New "
     "diagnoses {PRV-01-M3@2026-09-01} per 1,000 adults in September.",
     "The September treated-to-target figure has not arrived: the GP extract failed after the "
     "supplier change.",
     "Chase the supplier through the ICB digital team; run the extract by hand if needed.",
     "None this month."),
    ("PRV-01", OCT, "red", 2,
     "Pharmacy checks {PRV-01-M2@2026-10-26} in the last week of October, well above the 500 "
     "specification. Referrals to GP {PRV-01-M4@2026-10-01} % of checks.",
     "Still no September or October treated-to-target data. At the August level of "
     "{PRV-01-M1@2026-08-01} % we are far from the 77 % ambition.",
     "Restore the extract; target the 4 PCNs below 60 % with pharmacist-led optimisation "
     "clinics.",
     "ICB to escalate the extract failure with the GP system supplier."),
    ("DIS-01", AUG, "green", 4,
     "NCTR patients {DIS-01-M1@2026-08-24} in the last week of August against about 120 before "
     "discharge to assess. Bed occupancy {DIS-01-M2@2026-08-24} %.",
     "Pathway 2 step-down beds at Fenmoor Court are late: the provider was rated inadequate.",
     "Contract an alternative pathway 2 provider; agree board-round criteria to reside "
     "prompts.",
     ""),
    ("DIS-01", SEP, "amber", 3,
     "Emergency length of stay {DIS-01-M3@2026-09-01} days in September. Discharges before noon "
     "{DIS-01-M4@2026-09-28} % in the last week of September.",
     "Pathway 2 beds missed their 30 September date; 11 patients are waiting for a pathway 2 "
     "bed today.",
     "Sign the alternative provider contract in October.",
     "Council to release two social workers to the transfer of care hub at weekends."),
    ("DIS-01", OCT, "amber", 3,
     "NCTR patients {DIS-01-M1@2026-10-26} in the last week of October; occupancy "
     "{DIS-01-M2@2026-10-26} %, still above the 92 % plan.",
     "Bed occupancy is unlikely to reach 92 % this winter without the pathway 2 beds. 30-day "
     "readmissions rose to {DIS-01-M5@2026-10-01} % in October, above the upper process limit.",
     "Clinical audit of 40 October readmissions to see whether earlier discharge is a cause; "
     "pathway 2 provider mobilises in December.",
     "Board to note occupancy will stay around 94 % until pathway 2 beds open."),
    ("DIS-02", AUG, "amber", 2,
     "Criteria-led discharge {DIS-02-M1@2026-08-24} % of discharges in the last week of August, "
     "down from about 13 % before the pause.",
     "The initiative is paused while medical wards are reconfigured; Beech ward has moved to "
     "the old surgical block.",
     "Keep CLD running on Rowan ward; agree a restart date with the Trust Executive Group.",
     "Trust Executive Group to set a restart date."),
    ("DIS-02", SEP, "amber", 2,
     "Paused. Weekend discharges were {DIS-02-M2@2026-09-01} % of the weekday average in "
     "September.",
     "No restart date yet; ward staff trained in criteria-led discharge are being redeployed.",
     "Restart proposal to the Trust Executive Group in October.",
     "Decision on restart."),
    ("DIS-02", OCT, "red", 1,
     "Still paused. The Trust Executive Group deferred the restart decision to January.",
     "Weekly CLD data has not been submitted for the last three weeks since the ward moves; the "
     "15 % goal for December 2026 will not be met.",
     "Restore the weekly data submission from Rowan ward; propose a new end date of September "
     "2027.",
     "Board to agree the initiative is re-planned with an end date of September 2027."),
    ("PRV-02", AUG, "green", 4,
     "Proposed. Business case drafted with the local maternity and neonatal system; smoking at "
     "time of delivery was {PRV-02-M1@2026-08-01} % in August.",
     "Recurrent funding for 3 WTE advisers is not yet identified.",
     "Take the business case to the ICB investment panel.",
     ""),
    ("PRV-02", SEP, "green", 4,
     "Business case endorsed by the maternity safety champions. "
     "{PRV-02-M2@2026-09-01} % of smokers identified at booking were referred in September.",
     "Investment panel moved from October to December.",
     "Refresh the business case with 2026/27 prices.",
     ""),
    ("PRV-02", OCT, "amber", 3,
     "Business case ready for the 10 December investment panel. Smoking at time of delivery "
     "{PRV-02-M1@2026-10-01} % in October.",
     "If funding is not agreed in December the January 2027 start cannot hold.",
     "Pre-meet the panel chair in November.",
     "ICB Board to support the case at the December investment panel."),
)
# fmt: on


# --------------------------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------------------------


def periods_for(frequency: Frequency) -> list[date]:
    """Return every period start of the sample for `frequency`, oldest first."""
    if frequency is Frequency.weekly:
        return [add_periods(ANCHOR_WEEK, W, -i) for i in range(WEEKS - 1, -1, -1)]
    return [add_periods(ANCHOR_MONTH, M, -i) for i in range(MONTHS - 1, -1, -1)]


def level_at(spec: MeasureSpec, day: date) -> float:
    """Return the underlying (noise-free) level of a measure on `day`."""
    level = spec.base
    phase = (day.timetuple().tm_yday - 1) / 365.25
    level += spec.season * math.cos(2 * math.pi * phase)
    for change in spec.changes:
        elapsed = (day - change.start).days
        if elapsed < 0:
            continue
        fraction = 1.0 if change.days == 0 else min(1.0, elapsed / change.days)
        level += change.delta * fraction
    return level


def series(spec: MeasureSpec) -> list[tuple[date, float]]:
    """Return the (period, value) pairs of one measure, rounded, before any overdue cut."""
    rng = np.random.default_rng([SEED, zlib.crc32(spec.code.encode())])
    periods = periods_for(spec.frequency)
    levels = np.array([level_at(spec, p) for p in periods])
    if spec.poisson:
        values = rng.poisson(np.clip(levels, 0, None)).astype(float)
        values += rng.normal(0.0, spec.sd, len(periods))
    else:
        values = levels + rng.normal(0.0, spec.sd, len(periods))
    values = np.clip(values, 0.0, 100.0 if spec.unit == "%" else None)
    return [(p, round(float(v), spec.decimals)) for p, v in zip(periods, values, strict=True)]


def fmt(value: float, decimals: int) -> str:
    """Format a number with a fixed number of decimals (never '-0')."""
    text = f"{value:.{decimals}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def iso(day: date | None) -> str:
    """Return an ISO date, or an empty string for None."""
    return "" if day is None else day.isoformat()


MONTH_WORDS = "|".join(MONTH_NAMES)
DATE_WORDS = re.compile(
    rf"\b(?:(?P<day>[12]?\d|3[01]) )?(?P<month>{MONTH_WORDS})(?: (?P<year>20\d\d)\b)?"
    r"|\b(?P<fy>20\d\d)/\d\d\b"
)
"""A date in words ('16 October', 'March 2027', '1 May 2026', 'October') or a financial year."""


def nearest_year(month: int, anchor: date) -> int:
    """Return the year of the month named without one: the one closest to `anchor`."""
    years = (anchor.year - 1, anchor.year, anchor.year + 1)
    return min(years, key=lambda y: abs((y - anchor.year) * 12 + month - anchor.month))


def dated(text: str, anchor: date) -> str:
    """Return `text` with its dates as the loader's placeholders, so they move with the sample.

    The prose is written as of the sample's own dates; `anchor` (the row's period or due date)
    gives the year of a month named without one.
    """

    def placeholder(match: re.Match[str]) -> str:
        if match["fy"]:
            start = date(int(match["fy"]), 4, 1)
            # The row's own financial year is named by the row's date, so it moves alike.
            same = start <= anchor < date(start.year + 1, 4, 1)
            return f"{{fy:{(anchor if same else start).isoformat()}}}"
        month = MONTH_NAMES.index(match["month"]) + 1
        year = int(match["year"]) if match["year"] else nearest_year(month, anchor)
        day = date(year, month, int(match["day"] or 1))
        if not match["day"] and (year, month) == (anchor.year, anchor.month):
            # The row's own month stands for the row's date: both then move alike (a weekly
            # goal's target date moves by whole weeks, which can cross a month end).
            day = anchor
        kind = ("day_" if match["day"] else "") + "month" + ("_year" if match["year"] else "")
        return f"{{{kind}:{day.isoformat()}}}"

    return DATE_WORDS.sub(placeholder, text)


def datapoint_rows(specs: Sequence[MeasureSpec]) -> tuple[list[Row], dict[tuple[str, date], str]]:
    """Return the data point rows and a lookup of formatted values by (measure, period)."""
    rows: list[Row] = []
    lookup: dict[tuple[str, date], str] = {}
    for spec in specs:
        points = series(spec)
        if spec.stop_early:
            points = points[: -spec.stop_early]
        for period, value in points:
            reason = MISSING.get((spec.code, period), "")
            text = "" if reason else fmt(value, spec.decimals)
            if text:
                lookup[(spec.code, period)] = text
            rows.append(
                {
                    "measure": spec.code,
                    "period": period.isoformat(),
                    "value": text,
                    "missing_reason": reason,
                    "note": NOTES.get((spec.code, period), ""),
                }
            )
    return rows, lookup


def programme_rows() -> list[Row]:
    """Return the one programme row."""
    return [dict(PROGRAMME)]


def initiative_rows() -> list[Row]:
    """Return one row per initiative."""
    return [
        {
            "code": i.code,
            "programme": PROGRAMME["code"],
            "name": i.name,
            "aim": dated(i.aim, i.planned_end),
            "lead": i.lead,
            "sponsor": i.sponsor,
            "theme": i.theme,
            "organisation": i.organisation,
            "start_date": iso(i.start_date),
            "planned_end": iso(i.planned_end),
            "status": i.status,
            "checkin_frequency": "monthly",
        }
        for i in INITIATIVES
    ]


def measure_rows() -> list[Row]:
    """Return one row per measure."""
    return [
        {
            "code": m.code,
            "initiative": m.initiative,
            "name": m.name,
            "definition": m.definition,
            "type": m.type,
            "unit": m.unit,
            "direction": m.direction,
            "frequency": m.frequency.value,
            "decimals": str(m.decimals),
            "data_source": m.data_source,
            "owner": m.owner,
            "update_lag_days": str(m.update_lag_days),
            # Empty: every sample measure keeps its unit's plausible range.
            "min_value": "",
            "max_value": "",
        }
        for m in MEASURES
    ]


def target_rows() -> list[Row]:
    """Return every target row, revisions included."""
    decimals = {m.code: m.decimals for m in MEASURES}
    return [
        {
            "measure": measure,
            "value": fmt(value, decimals[measure]),
            "effective_from": iso(start),
            "effective_to": iso(end),
            "reason": dated(reason, start),
            "set_by": set_by,
        }
        for measure, value, start, end, reason, set_by in TARGETS
    ]


BASELINE_SPAN = {Frequency.weekly: 13, Frequency.monthly: 6}
"""A goal's baseline value is the mean of this many periods, ending with the baseline period."""


def baseline_value(spec: MeasureSpec, period: date, lookup: dict[tuple[str, date], str]) -> str:
    """Return the formatted mean of the measure over the baseline span ending at `period`."""
    span = [add_periods(period, spec.frequency, -i) for i in range(BASELINE_SPAN[spec.frequency])]
    values = [float(lookup[(spec.code, p)]) for p in span if (spec.code, p) in lookup]
    return fmt(sum(values) / len(values), spec.decimals)


def goal_rows(lookup: dict[tuple[str, date], str]) -> list[Row]:
    """Return the goals; each baseline value is a short average ending at the baseline period."""
    specs = {m.code: m for m in MEASURES}
    decimals = {m.code: m.decimals for m in MEASURES}
    return [
        {
            "code": code,
            "initiative": initiative,
            "statement": dated(statement, target_date),
            "measure": measure,
            "baseline_value": baseline_value(specs[measure], baseline, lookup),
            "baseline_period": iso(baseline),
            "target_value": fmt(target, decimals[measure]),
            "target_date": iso(target_date),
        }
        for code, initiative, statement, measure, baseline, target, target_date in GOALS
    ]


def annotation_rows() -> list[Row]:
    """Return the chart annotations, ordered by measure and date."""
    ordered = sorted(ANNOTATIONS, key=lambda a: (a[0], a[1]))
    return [
        {
            "measure": m,
            "date": iso(d),
            "kind": kind,
            "label": dated(label, d),
            "reason": dated(reason, d),
        }
        for m, d, kind, label, reason in ordered
    ]


def milestone_rows() -> list[Row]:
    """Return the milestones."""
    return [
        {
            "code": code,
            "initiative": code.rsplit("-", 1)[0],
            "title": dated(title, forecast),
            "owner": owner,
            "baseline_date": iso(baseline),
            "forecast_date": iso(forecast),
            "completed_date": iso(completed),
            "status": status,
            "change_reason": dated(reason, forecast),
        }
        for code, title, owner, baseline, forecast, completed, status, reason in MILESTONES
    ]


PLACEHOLDER = re.compile(r"\{([A-Z0-9-]+)@(\d{4}-\d{2}-\d{2})\}")


def fill(text: str, lookup: dict[tuple[str, date], str]) -> str:
    """Replace each {MEASURE@date} in `text` with that data point's value."""

    def value(match: re.Match[str]) -> str:
        raw = lookup[(match.group(1), date.fromisoformat(match.group(2)))]
        return f"{float(raw):,.0f}" if "." not in raw else raw

    return PLACEHOLDER.sub(value, text)


def checkin_rows(lookup: dict[tuple[str, date], str]) -> list[Row]:
    """Return the check-ins, with data values quoted from the generated series."""
    leads = {i.code: i.lead for i in INITIATIVES}
    return [
        {
            "initiative": initiative,
            "period": iso(period),
            "rag": rag,
            "confidence": str(confidence),
            "progress": dated(fill(progress, lookup), period),
            "risks": dated(fill(risks, lookup), period),
            "next_steps": dated(fill(next_steps, lookup), period),
            "asks": dated(fill(asks, lookup), period),
            "author": leads[initiative],
            "on_behalf_of": "",
        }
        for initiative, period, rag, confidence, progress, risks, next_steps, asks in CHECKINS
    ]


def user_rows() -> list[Row]:
    """Return the people, sorted by name; no grants: the sample works as a one-person database."""
    return [{"name": name, "email": email_for(name)} for name, _ in sorted(PEOPLE)]


def build() -> dict[str, list[Row]]:
    """Return every table of the sample programme, keyed by file name."""
    datapoints, lookup = datapoint_rows(MEASURES)
    return {
        "programmes.csv": programme_rows(),
        "initiatives.csv": initiative_rows(),
        "measures.csv": measure_rows(),
        "datapoints.csv": datapoints,
        "targets.csv": target_rows(),
        "goals.csv": goal_rows(lookup),
        "annotations.csv": annotation_rows(),
        "milestones.csv": milestone_rows(),
        "checkins.csv": checkin_rows(lookup),
        "users.csv": user_rows(),
    }


def check(tables: dict[str, list[Row]]) -> None:
    """Fail fast on internal inconsistencies that would make the sample misleading."""
    frequencies = {m.code: m.frequency for m in MEASURES}
    for row in tables["annotations.csv"]:
        day = date.fromisoformat(row["date"])
        if row["kind"] in ("recalculation", "baseline", "intervention") and not is_period_start(
            day, frequencies[row["measure"]]
        ):
            raise ValueError(f"annotation {row} is not at a period start")
    for row in tables["milestones.csv"]:
        forecast = date.fromisoformat(row["forecast_date"])
        if row["status"] == "late" and forecast >= AS_AT:
            raise ValueError(f"milestone {row['code']} is 'late' but not yet due")
        if row["status"] not in ("late", "complete") and forecast < AS_AT:
            raise ValueError(f"milestone {row['code']} is overdue but not marked late")


def write_csv(path: Path, rows: Iterable[Row]) -> None:
    """Write rows (all with the same keys) to a UTF-8 CSV file with '\\n' line endings."""
    rows = list(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(out_dir: Path = OUT_DIR) -> None:
    """Generate every table and write the CSV files into `out_dir`."""
    tables = build()
    check(tables)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        write_csv(out_dir / name, rows)


if __name__ == "__main__":
    main()

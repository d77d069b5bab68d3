"""Write the sample programme's risk and benefit registers (tracker/sample_data/risks.csv,
benefits.csv, benefit_months.csv): 24 risks and a QIPP-style benefits plan for FY 2026/27.

Run from the repository root: python sample_data/generate_registers.py. Deterministic: the same
files every run. Dates are those of the sample (its last month is October 2026); the demo moves
them with the rest of the sample.
"""

import csv
import random
from datetime import date
from pathlib import Path

SEED = 20_261_018
OUT_DIR = Path(__file__).resolve().parents[1] / "tracker" / "sample_data"
FY_MONTHS = [date(2026 + (m < 4), m, 1) for m in (*range(4, 13), 1, 2, 3)]
TO_DATE = 7
"""April to October 2026: the months with actuals."""

INITIATIVES = {
    "UEC-01": "Sarah Whitfield", "UEC-02": "Daniel Osei", "UEC-03": "Fiona MacLeod",
    "ELE-01": "Rajesh Menon", "ELE-02": "Claire Dunmore", "MH-01": "Kwame Asante",
    "MH-02": "Laura Pennington", "PRV-01": "Imran Chaudhry", "DIS-01": "Bethan Morgan",
    "DIS-02": "Oliver Hart", "PRV-02": "Grace Ellison",
}  # fmt: skip

RISKS = [
    # (initiative or "" for the programme, title, category, cause, event, effect)
    (
        "",
        "System financial plan not agreed",
        "finance",
        "Because the ICB's allocation is not yet confirmed",
        "there is a risk that savings plans are not signed off",
        "which would delay schemes and reduce savings in the year",
    ),
    (
        "",
        "Digital shared care record delayed",
        "digital",
        "Because the shared care record upgrade has slipped",
        "there is a risk that teams cannot see each other's records",
        "which would slow discharges and referrals across the system",
    ),
    (
        "UEC-01",
        "SDEC nurse vacancies",
        "workforce",
        "Because of nurse vacancies in the emergency department",
        "there is a risk that SDEC cannot open at weekends",
        "which would push patients back into the main department",
    ),
    (
        "UEC-01",
        "SDEC space taken for escalation beds",
        "operational",
        "Because of winter bed pressure",
        "there is a risk that the SDEC area is used for escalation beds",
        "which would stop same-day streaming",
    ),
    (
        "UEC-02",
        "Corridor care during surges",
        "quality",
        "Because of exit block from the department",
        "there is a risk that patients wait in corridors after handover",
        "which would harm patient safety and dignity",
    ),
    (
        "UEC-02",
        "Handover data incomplete",
        "data",
        "Because handover times are keyed by hand",
        "there is a risk that reported handover times are wrong",
        "which would hide the true delays from the board",
    ),
    (
        "UEC-03",
        "Virtual ward referrals below plan",
        "operational",
        "Because GPs are not aware of the service",
        "there is a risk that virtual ward capacity is unused",
        "which would waste staff time and miss avoided admissions",
    ),
    (
        "UEC-03",
        "Remote monitoring kit supply",
        "supplier",
        "Because of a single supplier of monitoring kits",
        "there is a risk that kits run out",
        "which would cap the number of patients on the ward",
    ),
    (
        "ELE-01",
        "Anaesthetist rota gaps",
        "workforce",
        "Because of anaesthetist vacancies at Kestrel Vale",
        "there is a risk that lists are cancelled",
        "which would lower theatre utilisation and lengthen waits",
    ),
    (
        "ELE-01",
        "Theatre scheduling system change",
        "digital",
        "Because the scheduling system is being replaced",
        "there is a risk that lists are booked late",
        "which would leave theatre sessions unused",
    ),
    (
        "ELE-02",
        "Validation team funding ends",
        "finance",
        "Because non-recurrent funding for validation ends in March",
        "there is a risk that waiting lists are not validated",
        "which would leave long waiters unseen",
    ),
    (
        "ELE-02",
        "Independent sector capacity withdrawn",
        "supplier",
        "Because the independent sector contract is under review",
        "there is a risk that outsourced activity stops",
        "which would add to the 65-week backlog",
    ),
    (
        "MH-01",
        "Therapist recruitment",
        "workforce",
        "Because of national shortages of high-intensity therapists",
        "there is a risk that access targets are missed",
        "which would lengthen waits for therapy",
    ),
    (
        "MH-01",
        "Digital therapy uptake",
        "operational",
        "Because of low uptake of digital courses",
        "there is a risk that step-one capacity is unused",
        "which would increase waits for face-to-face therapy",
    ),
    (
        "MH-02",
        "Crisis house lease",
        "estates",
        "Because the crisis house lease ends next year",
        "there is a risk that the crisis alternative closes",
        "which would increase out-of-area placements",
    ),
    (
        "MH-02",
        "Out-of-area bed prices rise",
        "finance",
        "Because private bed prices are rising",
        "there is a risk that each placement costs more",
        "which would erode the savings from fewer placements",
    ),
    (
        "PRV-01",
        "Blood pressure monitors not returned",
        "operational",
        "Because home monitors are not returned",
        "there is a risk that case-finding stalls",
        "which would miss people with high blood pressure",
    ),
    (
        "PRV-01",
        "Pharmacy contract uptake",
        "supplier",
        "Because community pharmacies have not all signed up",
        "there is a risk that checks are not offered widely",
        "which would widen inequalities in case-finding",
    ),
    (
        "DIS-01",
        "Care home capacity",
        "system",
        "Because of care home closures in the area",
        "there is a risk that pathway 3 placements are delayed",
        "which would keep patients in hospital beds",
    ),
    (
        "DIS-01",
        "Domiciliary care workforce",
        "workforce",
        "Because of carer vacancies in home care agencies",
        "there is a risk that pathway 1 packages start late",
        "which would delay discharges home",
    ),
    (
        "DIS-02",
        "Consultant sign-off of criteria",
        "clinical",
        "Because consultants have not all agreed the criteria",
        "there is a risk that nurse-led discharge is not used",
        "which would keep weekend discharges low",
    ),
    (
        "DIS-02",
        "Pharmacy discharge medicines",
        "operational",
        "Because discharge medicines are dispensed late",
        "there is a risk that criteria-led discharges wait",
        "which would lose the morning discharge slots",
    ),
    (
        "PRV-02",
        "Incentive scheme funding",
        "finance",
        "Because the voucher scheme is funded year by year",
        "there is a risk that incentives stop",
        "which would lower quit rates in pregnancy",
    ),
    (
        "PRV-02",
        "Carbon monoxide monitor supply",
        "supplier",
        "Because of delays in monitor supply",
        "there is a risk that screening at booking is missed",
        "which would miss women who smoke",
    ),
]

SCORES = [
    # (initial L, C), (current L, C), (target L, C), days since review, days to next review
    ((5, 4), (3, 4), (2, 3), 20, 30),
    ((4, 4), (3, 4), (2, 2), 40, 45),
]
CURRENT = [(3, 4), (2, 4), (3, 3), (4, 3), (2, 3), (3, 2), (2, 2), (4, 2), (1, 4), (2, 5)]
"""Current scores of the risks below the line: spread over the matrix, 2 to 12."""
PEOPLE = ("Helen Ashworth", "Tom Okafor", "Aisha Bello", "Marek Nowak", "Emma Stroud")

# £ cash-releasing plan for FY 2026/27 per initiative, and the share of plan delivered so far.
SAVINGS = {
    "UEC-01": (420_000, 1.02), "UEC-02": (310_000, 0.95), "UEC-03": (380_000, 0.97),
    "ELE-01": (560_000, 0.98), "ELE-02": (450_000, 0.70), "MH-01": (150_000, 1.0),
    "MH-02": (520_000, 0.82), "PRV-01": (90_000, 1.05), "DIS-01": (480_000, 1.0),
    "DIS-02": (210_000, 0.93), "PRV-02": (60_000, 1.1),
}  # fmt: skip
RAMP = (0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.09, 0.10, 0.10, 0.10, 0.11, 0.11)
"""Share of a year's plan in each month April to March: savings build up through the year."""
OTHER = [
    ("ELE-01-B2", "ELE-01", "Theatre hours released", "non-cash-releasing", "hours", "ELE-01-M1", 120),
    ("DIS-01-B2", "DIS-01", "Bed days released", "non-cash-releasing", "bed days", "DIS-01-M1", 400),
    ("MH-01-B2", "MH-01", "Adults completing therapy", "quality", "people", "MH-01-M1", 90),
]  # fmt: skip


def _day(days: int) -> date:
    return date.fromordinal(date(2026, 11, 2).toordinal() + days)


def risks(rng: random.Random) -> list[dict[str, object]]:
    rows = []
    for n, (initiative, title, category, cause, event, effect) in enumerate(RISKS, start=1):
        prefix = initiative or "NWICS"
        (il, ic), (cl, cc), (tl, tc), since, until = SCORES[n % 2]
        # A few risks above the board's line (15): scores of 15, 16 and 20.
        if n in (1, 9, 19):
            cl, cc = (4, 5) if n == 19 else (3, 5) if n == 1 else (4, 4)
            il, ic = 5, 5
        else:
            cl, cc = rng.choice(CURRENT)
            tl, tc = 1, 2
        owner = INITIATIVES.get(initiative) or PEOPLE[n % len(PEOPLE)]
        reviewed = _day(-since - rng.randrange(0, 10))
        # Some reviews and actions late: every fifth review, every sixth action.
        late_review = n % 5 == 2
        due = _day(-rng.randrange(5, 40)) if n % 6 == 0 else _day(rng.randrange(5, 60))
        done = f" | {_day(-50).isoformat()}" if n % 5 == 0 else ""
        rows.append(
            {
                "code": f"{prefix}-R{n:02d}",
                "programme": "NWICS",
                "initiative": initiative,
                "title": title,
                "cause": cause,
                "event": event,
                "effect": effect,
                "category": category,
                "owner": owner,
                "identified": date(2026, 1 + n % 6, 1).isoformat(),
                "last_reviewed": reviewed.isoformat(),
                "next_review": _day(-rng.randrange(8, 18)).isoformat()
                if late_review
                else _day(until - rng.randrange(0, 5)).isoformat(),
                "controls": "Monthly review at the programme board; escalation to the SRO.",
                "actions": f"Agree a recovery plan | {owner} | {due.isoformat()}{done}",
                "status": "closed" if n == 24 else "open",
                "response": "tolerate" if n % 7 == 0 else "treat",
                "initial_likelihood": il,
                "initial_consequence": ic,
                "current_likelihood": cl,
                "current_consequence": cc,
                "target_likelihood": tl,
                "target_consequence": tc,
                "review_note": "",
            }  # fmt: skip
        )
    return rows


def benefits() -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    found, months = [], []
    for initiative, (plan, share) in SAVINGS.items():
        code = f"{initiative}-B1"
        linked = "DIS-01-M5" if initiative == "DIS-01" else f"{initiative}-M1"
        found.append({"code": code, "initiative": initiative,
                      "title": f"Cash-releasing savings: {initiative}", "category": "cash-releasing",
                      "dis_benefit": "false", "owner": INITIATIVES[initiative], "unit": "£",
                      "recurrent": "true", "baseline": 0, "profile_from": FY_MONTHS[0].isoformat(),
                      "profile_to": FY_MONTHS[-1].isoformat(), "measure": linked})  # fmt: skip
        for n, month in enumerate(FY_MONTHS):
            planned = round(plan * RAMP[n])
            row: dict[str, object] = {"benefit": code, "month": month.isoformat(),
                                      "planned": planned, "actual": "", "forecast": "",
                                      "confidence": ""}  # fmt: skip
            if n < TO_DATE:
                row["actual"] = round(planned * share)
            if n in (TO_DATE - 2, TO_DATE - 1):
                row["forecast"] = round(plan * min(share, 1.0) / 1000) * 1000
                row["confidence"] = 4 if share >= 0.95 else 2
            months.append(row)
    for code, initiative, title, category, unit, measure, per_month in OTHER:
        found.append({"code": code, "initiative": initiative, "title": title,
                      "category": category, "dis_benefit": "false",
                      "owner": INITIATIVES[initiative], "unit": unit, "recurrent": "true",
                      "baseline": 0, "profile_from": FY_MONTHS[0].isoformat(),
                      "profile_to": FY_MONTHS[-1].isoformat(), "measure": measure})  # fmt: skip
        for n, month in enumerate(FY_MONTHS):
            months.append({"benefit": code, "month": month.isoformat(), "planned": per_month,
                           "actual": per_month - 10 * (n % 3) if n < TO_DATE else "",
                           "forecast": "", "confidence": ""})  # fmt: skip
    return found, months


def _write(out_dir: Path, name: str, rows: list[dict[str, object]]) -> None:
    with (out_dir / name).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(out_dir: Path = OUT_DIR) -> None:
    """Write the three register files into `out_dir`."""
    rng = random.Random(SEED)
    _write(out_dir, "risks.csv", risks(rng))
    found, months = benefits()
    _write(out_dir, "benefits.csv", found)
    _write(out_dir, "benefit_months.csv", months)


if __name__ == "__main__":
    main()

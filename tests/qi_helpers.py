"""A small driver diagram and PDSA ramp for UEC-01 of the small programme (tests/conftest.py)."""

from datetime import date

from tracker.models import DriverNode, PdsaCycle


def node(code: str, kind: str, *parents: str, **more: object) -> DriverNode:
    """Return a node of UEC-01 linking strongly to `parents` (a code ending '?' is hypothesised)."""
    links = [
        {"code": p.rstrip("?"), "strength": "hypothesised" if p.endswith("?") else "strong"}
        for p in parents
    ]
    return DriverNode.model_validate(
        {
            "code": code,
            "initiative": "UEC-01",
            "kind": kind,
            "title": f"Title of {code}",
            "parents": links,
            **more,
        }
    )


def diagram() -> list[DriverNode]:
    """Return two primary drivers, two secondary drivers and two change ideas, linked."""
    return [
        node("P1", "primary"),
        node("P2", "primary"),
        node("S1", "secondary", "P1"),
        node("S2", "secondary", "P1", "P2?", measures=["UEC-01-M2"]),
        node("C1", "change idea", "S1"),
        node("C2", "change idea", "S1", "S2"),
    ]


def cycle(code: str, idea: str = "C1", number: int = 1, **more: object) -> PdsaCycle:
    """Return a planned PDSA cycle of `idea` running through Oct 2026."""
    return PdsaCycle.model_validate(
        {
            "code": code,
            "change_idea": idea,
            "number": number,
            "objective": "Test it",
            "prediction": "It will help",
            "start_date": date(2026, 10, 1),
            "end_date": date(2026, 10, 31),
            "owner": "Lee Lead",
            **more,
        }
    )

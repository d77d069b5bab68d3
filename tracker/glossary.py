"""Plain words for the statistics: each term's one-sentence explanation and the glossary's guide."""

from collections.abc import Iterable, Mapping

from tracker.spc_settings import MDC_MINIMUM_POINTS

GLOSSARY: Mapping[str, str] = {
    "Variation": "Whether a measure is changing: the chart tells the ordinary ups and downs "
    "(common cause) from a real change (special cause).",
    "Common cause": "The ordinary ups and downs every process has: nothing in the chart says "
    "the measure has changed.",
    "Special cause": "A pattern too unlikely to be chance (a point outside the process limits, "
    "a long run on one side of the mean, a steady rise or fall, or two of three points near a "
    "limit), so something has probably changed.",
    "Special cause improvement": "A special cause in the better direction (blue): the measure "
    "has really improved.",
    "Special cause concern": "A special cause in the worse direction (orange): the measure has "
    "really got worse and needs attention.",
    "Special cause neutral": "A special cause in a measure with no better direction (purple): "
    "a real change, high or low, that is neither improvement nor concern.",
    "Assurance": "Whether the measure can be relied on to meet its target, judged by where the "
    "target lies against the process limits.",
    "Pass": "The target lies beyond the process limits on the good side, so the measure will "
    "meet it consistently unless the process changes.",
    "Hit and miss": "The target lies between the process limits, so the measure will sometimes "
    "meet it and sometimes miss it, by chance alone.",
    "Fail": "The target lies beyond the process limits on the bad side, so the measure will miss "
    "it consistently until the process changes.",
    "No icon": "The chart gives no icon: too few points for process limits or, for assurance, "
    "no target or no better direction.",
    "Mean": "The average of the points, drawn as the chart's centre line.",
    "Process limits": "The upper and lower lines (the mean plus or minus 2.66 times the average "
    "change from one point to the next) between which nearly all ordinary variation falls.",
    "2σ lines": "Lines two thirds of the way from the mean to each process limit: two of three "
    "points in a row beyond the same one is a special cause.",
    "Shift": "A run of 6 or more points all above, or all below, the mean (7 or more under "
    "plot-the-dots): a special cause.",
    "Trend": "A run of 6 or more points each higher, or each lower, than the one before (7 or "
    "more under plot-the-dots): a special cause.",
    "Run chart": f"Under NHS Making Data Count, a chart of fewer than {MDC_MINIMUM_POINTS} "
    "points, drawn around the median without process limits, because so few points cannot give "
    "reliable limits or icons.",
    "Way from baseline": "How far the latest value has come from the baseline towards the "
    "target: 0% at the baseline, 100% at the target.",
    "Planned by now": "The value the goal's planned path from baseline to target expects for "
    "the latest period with data.",
    "RAG": "The initiative owner's own red, amber or green rating at the latest check-in: a "
    "judgement, not a measurement.",
    "Rule set": "Which published SPC rules the charts follow: NHS Making Data Count (runs of 6) "
    "or NHS-R plot-the-dots compatible (runs of 7, as the NHS-R package draws them).",
}
"""Every statistical term a page shows → one sentence for a board member; the Glossary page
lists them all and the pages' help marks quote them."""

GUIDE: list[tuple[str, str]] = [
    (
        "What variation means",
        "Every measure goes up and down from month to month. Most of that movement is common "
        "cause: the ordinary noise of a process that has not changed, and reacting to it wastes "
        "effort. A special cause is a pattern too unlikely to be noise, so something real has "
        "changed: blue when it is better, orange when it is worse, purple when the measure has "
        "no better direction.",
    ),
    (
        "What assurance means",
        "Assurance asks whether the target will be met if things carry on as they are. The "
        "process limits show the range the measure will keep to: if the target is beyond them "
        "on the good side the measure passes every time, if it is between them it is hit and "
        "miss, and if it is beyond them on the bad side the measure fails every time until "
        "something changes.",
    ),
    (
        "How to read an SPC chart",
        "Read the dots left to right against the centre line (the mean) and the process limits "
        "above and below it. Dots inside the limits that wander either side of the mean are "
        "common cause. Look for the signals: a dot outside a limit, a run of dots on one side of "
        "the mean, a run rising or falling, or two of three dots beyond a 2σ line. Coloured dots "
        "mark them; the icons beside the chart sum up the latest point (variation) and the "
        "target (assurance).",
    ),
    (
        "Why RAG is not enough",
        "A red, amber or green rating is one person's judgement at one moment, and it compares "
        "a single number with a target. It cannot say whether a change is real or noise, nor "
        "whether the target is reachable at all. Read the RAG beside the SPC icons: a green "
        "rating on a measure that fails its target, or a red one on a measure improving, is a "
        "question for the board.",
    ),
]
"""The Glossary page's sections for a board member: (heading, paragraph)."""


def column_help(columns: Iterable[str], terms: Mapping[str, str] | None = None) -> dict[str, str]:
    """Return header → explanation for each of `columns` that is a term, or that `terms` names
    by one (header → term), for the help mark on that column."""
    named = {column: (terms or {}).get(column, column) for column in columns}
    return {header: GLOSSARY[term] for header, term in named.items() if term in GLOSSARY}

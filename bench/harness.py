"""The benchmark table: each benchmark module gives results; this times them and prints the table."""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    """One row of the benchmark table; `target` is seconds, or a rate (unit "/s") to reach, or
    None where only reported."""

    name: str
    size: str
    median: float
    target: float | None
    unit: str = "s"

    @property
    def verdict(self) -> str:
        """Return 'pass', 'FAIL' or 'report' (no target)."""
        if self.target is None:
            return "report"
        if self.unit == "/s":
            return "pass" if self.median >= self.target else "FAIL"
        return "pass" if self.median < self.target else "FAIL"


def median_seconds(fn: Callable[[], object], runs: int = 5, warmup: int = 1) -> float:
    """Return the median wall time of `runs` calls of `fn` after `warmup` untimed calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def format_table(results: list[Result]) -> str:
    """Return the results as a fixed-width text table."""
    header = f"{'benchmark':<58} {'size':<26} {'median':>10} {'target':>9}  result"
    lines = [header, "-" * len(header)]
    for r in results:
        target = "-" if r.target is None else f"{r.target:g}{r.unit}"
        lines.append(f"{r.name:<58} {r.size:<26} {r.median:>9.4g}{r.unit} {target:>9}  {r.verdict}")
    return "\n".join(lines)

"""`python -m bench` (make bench): runs every benchmark module and prints one table."""

import importlib
import pkgutil
import sys

import bench
from bench.harness import Result, format_table


def main(tiny: bool = False) -> list[Result]:
    """Run each `bench/bench_*.py` module's `run(tiny)` and print the table; return the rows."""
    results: list[Result] = []
    for info in sorted(pkgutil.iter_modules(bench.__path__), key=lambda i: i.name):
        if not info.name.startswith("bench_"):
            continue
        module = importlib.import_module(f"bench.{info.name}")
        print(f"running {info.name} …", file=sys.stderr, flush=True)
        results.extend(module.run(tiny=tiny))
    print(format_table(results))
    return results


if __name__ == "__main__":
    main(tiny="--tiny" in sys.argv)

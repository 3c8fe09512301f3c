"""`heli bench allocate`: seeded synthetic instances; `seconds` times building the problem and the solve,
not generating the instance or the baselines."""

from __future__ import annotations

import time
from typing import Any

from matching.allocation import allocate, allocate_fcfs, allocate_utilitarian
from matching.allocation.synthetic import instance


def bench_allocate(*, lines: int = 5000, warehouses: int = 20, seed: int = 1, **_: Any) -> dict[str, Any]:
    houses, needs = instance(lines, warehouses, seed)
    # The solver imports these lazily (web workers never load them); loading them is not solving.
    import ortools.graph.python.min_cost_flow  # noqa: F401
    import scipy.spatial  # noqa: F401

    started = time.perf_counter()
    plan = allocate(houses, needs)  # direct arcs up to 250,000 line×warehouse pairs, else zone network
    seconds = time.perf_counter() - started
    fcfs = allocate_fcfs(houses, needs).metrics
    util = allocate_utilitarian(houses, needs).metrics
    m = plan.metrics
    return {
        "lines": lines,
        "warehouses": warehouses,
        "seconds": round(seconds, 3),
        "unmet_ratio_vs_fcfs": _ratio(m.weighted_unmet, fcfs.weighted_unmet),
        "gini_ratio_vs_fcfs": _ratio(m.gini, fcfs.gini),
        "km_ratio_vs_fcfs": _ratio(m.km_per_unit, fcfs.km_per_unit),
        "unmet_ratio_vs_utilitarian": _ratio(m.weighted_unmet, util.weighted_unmet),
    }


def _ratio(a: float, b: float, digits: int = 3) -> float | None:
    return round(a / b, digits) if b else None

"""`heli bench match`: seeded synthetic instances; `seconds` times the index build, candidates and solve,
not generating the instance, importing the solvers (a server worker does that once, on its first
solve) or the k = 50 comparison."""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from matching.assignment import VolunteerIndex, assign, rank_volunteers
from matching.assignment import synthetic as match_synthetic


def bench_match(
    *, tasks: int = 10000, volunteers: int = 1000, k: int = 10, seed: int = 1, online: int = 50_000, **_: Any
) -> dict[str, Any]:
    todo = match_synthetic.tasks(tasks, seed)
    pool = match_synthetic.volunteers(volunteers, seed)
    _import_solvers()
    started, cpu = time.perf_counter(), time.process_time()
    result = assign(todo, pool, k=k)  # includes building the volunteer index
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    wide = assign(todo, pool, k=50)
    return {
        "tasks": tasks,
        "volunteers": volunteers,
        "k": k,
        "seconds": round(seconds, 3),
        "assigned": result.assigned,
        "gap_vs_k50": _ratio(result.objective - wide.objective, abs(wide.objective), 5),
        "online_p95_ms": _online_p95_ms(online, seed) if online else None,
        "cpu_seconds": round(cpu, 3),
        "solves": result.solves,
        "assigned_k50": wide.assigned,
        "km_per_assignment": round(result.km_total / max(result.assigned, 1), 3),
    }


def _import_solvers() -> None:
    """The matcher imports OR-Tools and SciPy on first use (web workers should not pay for them up
    front); import them here so ``seconds`` measures the solve, as it did when they loaded eagerly."""
    import ortools.graph.python.max_flow  # noqa: F401
    import ortools.graph.python.min_cost_flow  # noqa: F401
    import scipy.sparse.csgraph  # noqa: F401
    import scipy.spatial  # noqa: F401


def _online_p95_ms(volunteers: int, seed: int, queries: int = 200) -> float:
    index = VolunteerIndex.build(match_synthetic.volunteers(volunteers, seed))
    probes = match_synthetic.tasks(queries, seed + 1)
    rank_volunteers(probes[0], index)  # first call builds the KD-trees of the common skill sets
    times = []
    for task in probes:
        started = time.perf_counter()
        rank_volunteers(task, index)
        times.append((time.perf_counter() - started) * 1000)
    return round(float(np.percentile(times, 95)), 2)


def _ratio(a: float, b: float, digits: int = 3) -> float | None:
    return round(a / b, digits) if b else None

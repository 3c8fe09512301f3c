"""The allocation engine: a min-cost flow where each need line's value of fill is concave.

Graph: source (stock pool) → [zone node →] need line → sink. Every line has several parallel arcs to the
sink, one per *segment* of its fill (segments.py), each with a negative unit cost (= value) that falls
from segment to segment, so the flow fills the first, most valuable, segment of many lines before the
later segments of any line ("deprivation grows fast at zero"). Arc costs add kilometres, so among
equally valuable uses of a unit the nearest warehouse wins. Max flow first: stock is never left idle
because it is far away.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from matching.geo import haversine_km

from .metrics import plan_metrics
from .network import Flow, nearest_warehouses, solve_direct, solve_zones
from .problem import Arcs, Problem, candidate_arcs
from .segments import VALUE_SCALE, Policy, fair_segments, proportional_limit
from .types import UNMET_WEIGHT, NeedLine, Plan, Warehouse

__all__ = ["Policy", "allocate", "allocate_utilitarian", "build_plan", "proportional_limit"]

# Up to this many (line × warehouse) pairs every pair gets an arc; above it, zone nodes (network.py).
ALL_ARCS_LIMIT = 250_000
# Nearest warehouses (zone nodes) per line in the zone network.
DEFAULT_K = 4

# The utilitarian baseline is the *optimum* of urgency-weighted service: distance only breaks ties
# (1 km = 7 % of a level-4 unit), so it is not made worse by the fair engine's stronger km weight.
UTILITARIAN_KM_COST = 700

Segs = tuple[np.ndarray, np.ndarray, np.ndarray]


def choose_k(n_lines: int, n_warehouses: int, k: int | None | str) -> int | None:
    if k == "auto":
        return None if n_lines * n_warehouses <= ALL_ARCS_LIMIT else DEFAULT_K
    return k  # type: ignore[return-value]


def allocate(
    warehouses: Sequence[Warehouse],
    lines: Sequence[NeedLine],
    *,
    policy: Policy | None = None,
    k: int | None | str = "auto",
) -> Plan:
    """Fair, urgency-first, distance-aware plan. ``k``: zone nodes per line; None = all direct arcs."""
    policy = policy or Policy()
    p = Problem.build(warehouses, lines)
    return _run(
        p, fair_segments(p, policy), choose_k(len(p.lines), len(p.warehouses), k), policy.km_cost, "fair"
    )


def allocate_utilitarian(
    warehouses: Sequence[Warehouse],
    lines: Sequence[NeedLine],
    *,
    k: int | None | str = "auto",
    km_cost: float = UTILITARIAN_KM_COST,
) -> Plan:
    """Baseline on the same network: maximise urgency-weighted served quantity (linear value per unit,
    so low urgency starves)."""
    p = Problem.build(warehouses, lines)
    weight = np.array([0.0] + [UNMET_WEIGHT[u] for u in (1, 2, 3, 4)])
    cost = -np.rint(weight[p.urgency] * VALUE_SCALE).astype(np.int64)
    segs = (np.arange(len(p.lines)), p.q.copy(), cost)
    return _run(p, segs, choose_k(len(p.lines), len(p.warehouses), k), km_cost, "utilitarian")


def _run(p: Problem, segs: Segs, k: int | None, km_cost: float, method: str) -> Plan:
    seg_line, seg_cap, seg_cost = segs
    by_item_seg = _groups(p.item[seg_line], len(p.items))
    by_item_line = _groups(p.item, len(p.items))
    live = np.flatnonzero(p.src_qty > 0)
    by_item_src = _groups(p.src_item[live], len(p.items))
    solve_one: Callable[[int, np.ndarray, np.ndarray, Segs], Flow]
    if k is None:
        arcs = candidate_arcs(p, None)
        arc_cost = np.rint(arcs.km * km_cost).astype(np.int64)
        by_item_arc = _groups(p.item[arcs.line], len(p.items))

        def solve_one(c: int, src: np.ndarray, lines: np.ndarray, s: Segs) -> Flow:
            a = by_item_arc[c]
            return solve_direct(p, src, lines, arcs.src[a], arcs.line[a], arc_cost[a], s)
    else:
        knn = nearest_warehouses(p, k)
        wlat, wlon = p.wh_latlon()
        wh_km = haversine_km(wlat[:, None], wlon[:, None], wlat[None, :], wlon[None, :])

        def solve_one(c: int, src: np.ndarray, lines: np.ndarray, s: Segs) -> Flow:
            return solve_zones(p, src, lines, knn[lines], wh_km, km_cost, s)

    parts = []
    for c in range(len(p.items)):
        src, lines = live[by_item_src[c]], by_item_line[c]
        if len(src) and len(lines):
            g = by_item_seg[c]
            parts.append(solve_one(c, src, lines, (seg_line[g], seg_cap[g], seg_cost[g])))
    flow = _merge(Flow.concat(parts))
    wlat, wlon = p.wh_latlon()
    km = haversine_km(p.lat[flow.line], p.lon[flow.line], wlat[p.src_wh[flow.src]], wlon[p.src_wh[flow.src]])
    return build_plan(p, Arcs(flow.line, flow.src, km), flow.qty, method)


def _groups(keys: np.ndarray, n: int) -> list[np.ndarray]:
    """Indices of ``keys`` grouped by value 0..n-1 (one stable sort instead of n scans)."""
    order = np.argsort(keys, kind="stable")
    bounds = np.searchsorted(keys[order], np.arange(n + 1))
    return [order[bounds[i] : bounds[i + 1]] for i in range(n)]


def _merge(f: Flow) -> Flow:
    """One row per (source, line): zone routes can carry the same pair twice."""
    if not len(f.qty):
        return f
    key = f.src * (int(f.line.max()) + 1) + f.line
    uniq, first, inv = np.unique(key, return_index=True, return_inverse=True)
    qty = np.bincount(inv, weights=f.qty, minlength=len(uniq)).astype(np.int64)
    return Flow(f.src[first], f.line[first], qty)


def build_plan(p: Problem, arcs: Arcs, flow: np.ndarray, method: str) -> Plan:
    used = flow > 0
    line, src = arcs.line[used], arcs.src[used]
    served = np.bincount(line, weights=flow[used], minlength=len(p.lines)).astype(np.int64)
    plan = Plan(
        method=method,
        warehouses=p.warehouses,
        lines=p.lines,
        wh=p.src_wh[src],
        lot=p.src_lot[src],
        line=line,
        qty=flow[used],
        km=arcs.km[used],
        served=served,
        metrics=None,  # type: ignore[arg-type]
    )
    plan.metrics = plan_metrics(p.q, p.urgency, served, plan.qty, plan.km)
    return plan

"""The allocation engine: a min-cost flow where each need line's value of fill is concave.

Graph: source (stock pool) → need line → sink. Every line has several parallel arcs to the sink, one per
*segment* of its fill, each with a negative unit cost (= value) that falls from segment to segment, so
the flow fills the first, most valuable, segment of many lines before the later segments of any line
("deprivation grows fast at zero"). Arc costs add kilometres, so among equally valuable uses of a unit
the nearest warehouse wins. Unused stock drains to the sink at cost 0.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from ortools.graph.python import min_cost_flow

from .metrics import plan_metrics
from .problem import Arcs, Problem, candidate_arcs
from .types import UNMET_WEIGHT, NeedLine, Plan, Warehouse

# Above this many (line × warehouse) pairs, only each line's k nearest warehouses get arcs.
ALL_ARCS_LIMIT = 250_000
DEFAULT_K = 10
# One unit-kilometre costs KM_COST; a unit of the least valuable segment is worth about VALUE_SCALE.
# So 20 km weigh about as much as one low-urgency unit: distance decides between similar uses of
# stock but cannot undo the fairness split (first-segment values are ≥ 6× higher, see Policy).
KM_COST = 500
VALUE_SCALE = 10_000


@dataclass(frozen=True)
class Policy:
    """Shape of the value of fill. Defaults are explained and measured in matching/README.md."""

    # value of a unit at urgency u is weight[u] × g'(fill), g(f) = log(epsilon + f) (weighted
    # proportional fairness: fills end up roughly proportional to the weights).
    urgency_weight: Mapping[int, float] = field(
        default_factory=lambda: {1: 1.7**3, 2: 1.7**2, 3: 1.7, 4: 1.0}
    )
    epsilon: float = 0.05
    breakpoints: tuple[float, ...] = (0.1, 0.25, 0.4, 0.55, 0.7, 0.85, 1.0)
    # Fairness: beyond its proportional share plus this fraction of its need, a line's units are worth
    # strictly less than any line's first units at the same or a more urgent level.
    fair_cap: float = 0.1
    # cost of one unit-kilometre, against VALUE_SCALE per unit of the least valuable segment
    km_cost: float = KM_COST

    def segment_values(self) -> np.ndarray:
        """(4 urgency levels, segments) average marginal value of g on each segment, before weighting."""
        b = np.array((0.0, *self.breakpoints))
        g = np.log(self.epsilon + b)
        avg = np.diff(g) / np.diff(b)
        return np.array([[self.urgency_weight[u] * a for a in avg] for u in (1, 2, 3, 4)])


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
    """Fair, urgency-first, distance-aware plan. ``k``: nearest warehouses per line, None = all arcs."""
    policy = policy or Policy()
    p = Problem.build(warehouses, lines)
    arcs = candidate_arcs(p, choose_k(len(p.lines), len(p.warehouses), k))
    seg_line, seg_cap, seg_cost = _fair_segments(p, policy)
    return _solve(p, arcs, seg_line, seg_cap, seg_cost, "fair", policy.km_cost)


def allocate_utilitarian(
    warehouses: Sequence[Warehouse], lines: Sequence[NeedLine], *, k: int | None | str = "auto"
) -> Plan:
    """Baseline: maximise urgency-weighted served quantity (linear value, so low urgency can starve)."""
    p = Problem.build(warehouses, lines)
    arcs = candidate_arcs(p, choose_k(len(p.lines), len(p.warehouses), k))
    weight = np.array([0.0] + [UNMET_WEIGHT[u] for u in (1, 2, 3, 4)])
    cost = -np.rint(weight[p.urgency] * VALUE_SCALE).astype(np.int64)
    return _solve(p, arcs, np.arange(len(p.lines)), p.q.copy(), cost, "utilitarian")


def _fair_segments(p: Problem, policy: Policy) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per line: capacities and costs of its value segments, as flat arrays (line, capacity, cost)."""
    q = p.q
    b = np.array(policy.breakpoints)
    # Cumulative segment ends in units; the first unit of every line always gets the top value, so
    # small lines are not pushed to the back (and the fairness argument below holds for them too).
    cum = np.minimum(np.maximum(np.rint(np.outer(q, b)), 1), q[:, None]).astype(np.int64)
    cum = np.maximum.accumulate(cum, axis=1)
    cum[:, -1] = q
    caps = np.diff(np.concatenate([np.zeros((len(q), 1), np.int64), cum], axis=1), axis=1)
    vals = policy.segment_values()[p.urgency - 1]
    # Fairness split: units beyond the proportional share + cap never get the first segment's value.
    demand = np.bincount(p.item, weights=q, minlength=len(p.items))
    stock = np.bincount(p.src_item, weights=p.src_qty, minlength=len(p.items))
    share = np.minimum(1.0, stock / np.maximum(demand, 1))[p.item]
    limit = np.clip(np.ceil((share + policy.fair_cap) * q - 1e-9), 1, None).astype(np.int64)
    first = np.minimum(caps[:, 0], limit)
    caps = np.column_stack([first, caps[:, 0] - first, caps[:, 1:]])
    vals = np.column_stack([vals[:, 0], vals[:, 1], vals[:, 1:]])
    cost = -np.rint(vals * VALUE_SCALE).astype(np.int64)
    line = np.repeat(np.arange(len(q)), caps.shape[1])
    caps, cost = caps.reshape(-1), cost.reshape(-1)
    keep = caps > 0
    return line[keep], caps[keep], cost[keep]


def _solve(
    p: Problem,
    arcs: Arcs,
    seg_line: np.ndarray,
    seg_cap: np.ndarray,
    seg_cost: np.ndarray,
    method: str,
    km_cost: float = KM_COST,
) -> Plan:
    n_src, n_line = len(p.src_qty), len(p.lines)
    sink = n_src + n_line
    # No arc for unused stock: solve_max_flow_with_min_cost ships as much as can be shipped, so stock
    # never idles because it is far away; distance only decides who gets which units.
    tails = np.concatenate([arcs.src, n_src + seg_line])
    heads = np.concatenate([n_src + arcs.line, np.full(len(seg_line), sink)])
    caps = np.concatenate([np.minimum(p.src_qty[arcs.src], p.q[arcs.line]), seg_cap])
    costs = np.concatenate([np.rint(arcs.km * km_cost), seg_cost]).astype(np.int64)
    smcf = min_cost_flow.SimpleMinCostFlow()
    smcf.add_arcs_with_capacity_and_unit_cost(tails.astype(np.int32), heads.astype(np.int32), caps, costs)
    supplies = np.concatenate([p.src_qty, np.zeros(n_line, np.int64), [-int(p.src_qty.sum())]])
    smcf.set_nodes_supplies(np.arange(sink + 1, dtype=np.int32), supplies)
    status = smcf.solve_max_flow_with_min_cost()
    if status != smcf.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed: {status}")
    flow = np.asarray(smcf.flows(np.arange(len(arcs.line), dtype=np.int32)), dtype=np.int64)
    return build_plan(p, arcs, flow, method)


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


def proportional_limit(share: float, fair_cap: float, quantity: int) -> int:
    """Units a line may receive while an equally urgent line reachable from the same stock gets none."""
    return max(1, math.ceil((min(1.0, share) + fair_cap) * quantity - 1e-9))

"""The min-cost flow on the candidate graph (one OR-Tools solve).

Nodes: tasks (supply = people needed), (volunteer, hour) slots, volunteers, one sink. Arcs:
  task → (volunteer, start hour)   capacity 1, cost = travel + scarce-skill penalty (+1 for a later start)
  (volunteer, hour) → volunteer    capacity 1: one task per volunteer per hour, so a plan never has
                                   one person in two places at once
  volunteer → sink                 one arc per free place, cost rising with load (spreads the work)
  task → sink                      "left open", cost open[urgency]
``open`` exceeds any task → volunteer → sink path (see ``open_costs``), so a place is only left open
when no candidate has room, and grows ×LEVEL_STEP per urgency level so urgent tasks win contested
places.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

from .index import I64, TaskArrays, VolunteerIndex

LEVEL_STEP = 4


@dataclass
class Arcs:
    """Candidate arcs, one per (task, volunteer, start hour); a pair has one or two start options."""

    t: I64
    v: I64
    hour: I64
    km: np.ndarray
    cost: I64

    def __len__(self) -> int:
        return len(self.t)

    def take(self, keep: np.ndarray) -> Arcs:
        return Arcs(self.t[keep], self.v[keep], self.hour[keep], self.km[keep], self.cost[keep])

    @staticmethod
    def join(parts: list[Arcs]) -> Arcs:
        return Arcs(
            *(np.concatenate([getattr(p, f) for p in parts]) for f in ("t", "v", "hour", "km", "cost"))
        )


def open_costs(ix: VolunteerIndex, ta: TaskArrays, pen_km: int, pen_scarce: int, pen_load: int) -> I64:
    """Cost of leaving one place open, per task.

    Fixed by the instance (its bounding box, scarce skills, capacities), not by which arcs the graph
    has: solves with different k then share one objective and can be compared.
    """
    xy = np.concatenate([ta.xy, ix.xy]) if len(ix.xy) else ta.xy
    span = float(np.hypot(*(xy.max(axis=0) - xy.min(axis=0)))) if len(xy) else 0.0
    cap = int(ix.capacity.max(initial=0) + ix.load.max(initial=0))
    top = int(np.ceil(span * 1.01 * pen_km)) + pen_scarce * 8 + pen_load * cap + 1
    return (2 * top + 1) * LEVEL_STEP ** (4 - ta.urgency)


def slots(ix: VolunteerIndex, ta: TaskArrays, arcs: Arcs) -> I64:
    """Free places per volunteer: capacity − load, and no more tasks than fit in the wellbeing hours
    even if the longest candidate tasks were chosen (a safe bound that keeps the problem a flow)."""
    n = len(ix.volunteers)
    pair = np.unique(arcs.v * max(len(ta.people), 1) + arcs.t)  # a pair with two start options counts once
    v, t = pair // max(len(ta.people), 1), pair % max(len(ta.people), 1)
    order = np.lexsort((-ta.hours[t], v))
    vs, hs = v[order], ta.hours[t][order]
    cum = np.cumsum(hs)
    start = np.r_[0, np.flatnonzero(np.diff(vs)) + 1] if len(vs) else np.zeros(0, np.int64)
    base = np.repeat(cum[start] - hs[start], np.diff(np.r_[start, len(vs)]))
    fits = (cum - base) <= ix.hours_left[vs] + 1e-9
    by_hours = np.bincount(vs[fits], minlength=n)
    return np.minimum(np.maximum(ix.capacity - ix.load, 0), by_hours)


@dataclass
class Solution:
    used: np.ndarray  # bool per arc
    objective: int


def solve(ix: VolunteerIndex, ta: TaskArrays, arcs: Arcs, open_cost: I64, pen_load: int) -> Solution:
    n_t, n_v = len(ta.people), len(ix.volunteers)
    span = int(arcs.hour.max(initial=0) - arcs.hour.min(initial=0)) + 1
    hmin = int(arcs.hour.min(initial=0))
    keys, vh = np.unique(arcs.v * span + (arcs.hour - hmin), return_inverse=True)
    vh = vh.reshape(-1)
    n_vh = len(keys)
    vol0, sink = n_t + n_vh, n_t + n_vh + n_v
    free = slots(ix, ta, arcs)
    sv = np.repeat(np.arange(n_v), free)
    sj = np.arange(len(sv)) - np.repeat(np.cumsum(free) - free, free)
    live = np.flatnonzero(ta.people > 0)
    tails = np.concatenate([arcs.t, n_t + np.arange(n_vh), vol0 + sv, live])
    heads = np.concatenate([n_t + vh, vol0 + keys // span, np.full(len(sv) + len(live), sink)])
    caps = np.concatenate([np.ones(len(arcs) + n_vh + len(sv), np.int64), ta.people[live]])
    costs = np.concatenate(
        [arcs.cost, np.zeros(n_vh, np.int64), pen_load * (ix.load[sv] + sj), open_cost[live]]
    )
    smcf = min_cost_flow.SimpleMinCostFlow()
    smcf.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32), heads.astype(np.int32), caps, costs.astype(np.int64)
    )
    supplies = np.zeros(sink + 1, np.int64)
    supplies[:n_t] = ta.people
    supplies[sink] = -int(ta.people.sum())
    smcf.set_nodes_supplies(np.arange(sink + 1, dtype=np.int32), supplies)
    status = smcf.solve()
    if status != smcf.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed: {status}")
    flow = np.asarray(smcf.flows(np.arange(len(arcs), dtype=np.int32)), np.int64)
    return Solution(flow > 0, int(smcf.optimal_cost()))

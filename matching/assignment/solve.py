"""Batch matching as a min-cost flow on the candidate graph.

Nodes: tasks (supply = people needed), volunteers, one sink. Arcs:
  task → volunteer   capacity 1, cost = travel + penalty for tying up scarce skills the task does not use
  volunteer → sink   one arc per free place, cost rising with load (spreads work; the rotation lesson)
  task → sink        "left open", cost U[urgency]
U[4] exceeds any task→volunteer→sink path, so a task is only left open when no candidate has a free
place; U grows ×LEVEL_STEP per urgency level, so when places are short the more urgent tasks win them. Level 1
is additionally re-checked against the *whole* pool (not just its k candidates), see ``assign``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from ortools.graph.python import min_cost_flow

from matching.geo import haversine_km

from .candidates import candidates, diagnose
from .index import I64, TaskArrays, VolunteerIndex
from .types import Assignment, Reason, Task, Volunteer

# Leaving a level-u place open costs LEVEL_STEP× more than leaving a level-(u+1) one open.
LEVEL_STEP = 4
SCARCE = frozenset({"doctor", "nurse", "counsellor", "driver", "translator", "sign_language"})


@dataclass(frozen=True)
class Penalties:
    km: int = 100  # cost units per km (so 1 unit = 10 m)
    load: int = 200  # per task the volunteer already holds: 2 km detour to spread work
    scarce: int = 300  # per scarce skill of the volunteer the task does not need
    scarce_skills: frozenset[str] = field(default_factory=lambda: SCARCE)

    def scarce_mask(self, ix: VolunteerIndex) -> np.ndarray:
        mask = np.zeros(ix.words, np.uint64)
        for s in self.scarce_skills & ix.skill_bit.keys():
            b = ix.skill_bit[s]
            mask[b // 64] |= np.uint64(1) << np.uint64(b % 64)
        return mask


def pair_costs(ix: VolunteerIndex, ta: TaskArrays, t: I64, v: I64, pen: Penalties) -> tuple[np.ndarray, ...]:
    km = haversine_km(ta.lat[t], ta.lon[t], ix.lat[v], ix.lon[v])
    unused = ix.mask[v] & pen.scarce_mask(ix) & ~ta.mask[t]
    cost = np.rint(km * pen.km).astype(np.int64) + pen.scarce * np.bitwise_count(unused).sum(axis=1)
    return km, cost.astype(np.int64)


def _slots(ix: VolunteerIndex, ta: TaskArrays, t: I64, v: I64) -> I64:
    """Free places per volunteer: capacity − load, and no more tasks than fit in the wellbeing hours
    even if the longest candidate tasks were chosen (a safe bound that keeps the problem a flow)."""
    n = len(ix.volunteers)
    order = np.lexsort((-ta.hours[t], v))
    vs, hs = v[order], ta.hours[t][order]
    cum = np.cumsum(hs)
    start = np.r_[0, np.flatnonzero(np.diff(vs)) + 1] if len(vs) else np.zeros(0, np.int64)
    base = np.repeat(cum[start] - hs[start], np.diff(np.r_[start, len(vs)]))
    fits = (cum - base) <= ix.hours_left[vs] + 1e-9
    by_hours = np.bincount(vs[fits], minlength=n)
    return np.minimum(np.maximum(ix.capacity - ix.load, 0), by_hours)


def _flow(ix: VolunteerIndex, ta: TaskArrays, t: I64, v: I64, cost: I64, pen: Penalties):
    n_t, n_v = len(ta.people), len(ix.volunteers)
    sink = n_t + n_v
    slots = _slots(ix, ta, t, v)
    sv = np.repeat(np.arange(n_v), slots)
    sj = np.arange(len(sv)) - np.repeat(np.cumsum(slots) - slots, slots)
    slot_cost = pen.load * (ix.load[sv] + sj)
    top = int(cost.max(initial=0) + slot_cost.max(initial=0))
    u4 = 2 * top + 1
    left_open = u4 * LEVEL_STEP ** (4 - ta.urgency)
    live = np.flatnonzero(ta.people > 0)
    tails = np.concatenate([t, n_t + sv, live])
    heads = np.concatenate([n_t + v, np.full(len(sv) + len(live), sink)])
    caps = np.concatenate([np.ones(len(t), np.int64), np.ones(len(sv), np.int64), ta.people[live]])
    costs = np.concatenate([cost, slot_cost, left_open[live]]).astype(np.int64)
    smcf = min_cost_flow.SimpleMinCostFlow()
    smcf.add_arcs_with_capacity_and_unit_cost(tails.astype(np.int32), heads.astype(np.int32), caps, costs)
    supplies = np.concatenate([ta.people, np.zeros(n_v, np.int64), [-int(ta.people.sum())]])
    smcf.set_nodes_supplies(np.arange(sink + 1, dtype=np.int32), supplies)
    status = smcf.solve()
    if status != smcf.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed: {status}")
    flow = np.asarray(smcf.flows(np.arange(len(t), dtype=np.int32)), np.int64)
    return flow > 0, int(smcf.optimal_cost()), slots


def assign(
    tasks: Sequence[Task],
    volunteers: Sequence[Volunteer] | VolunteerIndex,
    *,
    k: int = 10,
    penalties: Penalties | None = None,
    widen_all: bool = False,
) -> Assignment:
    """Optimal on the graph of each task's k nearest feasible volunteers (plus the level-1 repair)."""
    pen = penalties or Penalties()
    ix = volunteers if isinstance(volunteers, VolunteerIndex) else VolunteerIndex.build(volunteers)
    tasks = list(tasks)
    ta = ix.tasks(tasks)
    spare = np.maximum(ix.capacity - ix.load, 0)
    t, v, found = candidates(ix, ta, np.flatnonzero(ta.people > 0), k, spare)
    km, cost = pair_costs(ix, ta, t, v, pen)
    for _ in range(5):
        used, objective, slots = _flow(ix, ta, t, v, cost, pen)
        got = np.bincount(t[used], minlength=len(tasks))
        # Level 1 must not stay open while *any* volunteer who could do it has a free place, even one
        # beyond its k nearest: add those volunteers as candidates and solve again.
        short = np.flatnonzero(((ta.urgency == 1) | widen_all) & (got < ta.people))
        n_v = len(ix.volunteers)
        held = np.bincount(v[used], minlength=n_v)
        hours = ix.hours_left - np.bincount(v[used], weights=ta.hours[t[used]], minlength=n_v)
        left = (spare - held) * (hours >= ta.hours[short].min(initial=0) - 1e-9)
        et, ev, _ = candidates(ix, ta, short, k, left)
        new = ~np.isin(et * len(ix.volunteers) + ev, t * len(ix.volunteers) + v)
        if not new.any():
            break
        ekm, ecost = pair_costs(ix, ta, et[new], ev[new], pen)
        t, v = np.r_[t, et[new]], np.r_[v, ev[new]]
        km, cost = np.r_[km, ekm], np.r_[cost, ecost]
    unfilled = ta.people - got
    reasons = {}
    for i in np.flatnonzero(unfilled > 0).tolist():
        # a task that had enough candidates lost them to others; otherwise find the rule that bit
        reasons[tasks[i].id] = diagnose(ix, ta, i, spare) if found[i] < ta.people[i] else Reason.AT_CAPACITY
    return Assignment(tasks, ix.volunteers, t[used], v[used], km[used], objective, unfilled, reasons)

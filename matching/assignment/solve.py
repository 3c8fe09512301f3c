"""Batch matching: build the candidate graph, solve the flow, widen where places stayed open.

1. Candidates: each task's k nearest feasible volunteers with room, plus each such volunteer's
   ``reach`` nearest tasks it could do (see ``candidates``).
2. Solve the min-cost flow (``flow``).
3. Widen incrementally: tasks left with open places are re-queried for their 4k nearest volunteers
   who could actually help — free at an hour the task allows, or holding a less urgent task then —
   in KD-trees over only those volunteers; the new arcs are added and the flow solved again. Later
   rounds repeat this for level 1 alone, 4× further each time, so a level-1 task is never left open
   while a volunteer who could take it has room.
4. Tasks longer than an hour occupy several hour slots; if two of one volunteer's tasks overlap, the
   less urgent one loses that arc and the flow is solved again (rare: most tasks fit one hour).

The result is optimal on the final candidate graph (every arc the rounds added).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from matching.geo import haversine_km

from .candidates import backward, diagnose, forward
from .flow import Arcs, open_costs, solve
from .index import I64, TaskArrays, VolunteerIndex
from .types import Assignment, Reason, Task, Volunteer

FIRST = 1  # the first widening looks at 4k volunteers per short task
GROWTH = 4  # each widening round looks 4× further
L1_ROUNDS = 4  # extra rounds for level 1 only
MAX_SOLVES = 12
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


def pair_costs(ix: VolunteerIndex, ta: TaskArrays, t: I64, v: I64, pen: Penalties) -> tuple[np.ndarray, I64]:
    km = haversine_km(ta.lat[t], ta.lon[t], ix.lat[v], ix.lon[v])
    unused = ix.mask[v] & pen.scarce_mask(ix) & ~ta.mask[t]
    cost = np.rint(km * pen.km).astype(np.int64) + pen.scarce * np.bitwise_count(unused).sum(axis=1)
    return km, cost.astype(np.int64)


def arcs_for(ix: VolunteerIndex, ta: TaskArrays, t: I64, v: I64, pen: Penalties, options: int) -> Arcs:
    """One arc per start option. A task needing several people gets one option per volunteer, so a
    volunteer can never fill two of its places at two different hours."""
    starts = ix.starts(ta, t, v, options)
    starts[ta.people[t] > 1, 1:] = np.nan
    km, cost = pair_costs(ix, ta, t, v, pen)
    row, col = np.nonzero(~np.isnan(starts))
    return Arcs(t[row], v[row], starts[row, col].astype(np.int64), km[row], cost[row] + col)


def _overlaps(ix: VolunteerIndex, ta: TaskArrays, arcs: Arcs, used: np.ndarray) -> I64:
    """Arcs (indices into ``arcs``) to drop so no volunteer holds two tasks at overlapping hours."""
    idx = np.flatnonzero(used)
    long = np.ceil(ta.hours[arcs.t[idx]] - 1e-9) > 1
    if not long.any():
        return np.zeros(0, np.int64)
    order = idx[np.lexsort((arcs.hour[idx], arcs.v[idx]))]
    v, h, t = arcs.v[order], arcs.hour[order], arcs.t[order]
    end = h + np.ceil(ta.hours[t] - 1e-9).astype(np.int64)
    clash = np.flatnonzero((v[1:] == v[:-1]) & (h[1:] < end[:-1]))
    # drop the less urgent of the two (the later one on a tie)
    worse = np.where(ta.urgency[t[clash]] > ta.urgency[t[clash + 1]], clash, clash + 1)
    return order[np.unique(worse)]


def _widen(
    ix: VolunteerIndex,
    ta: TaskArrays,
    arcs: Arcs,
    used: np.ndarray,
    short: I64,
    k: int,
    pool: np.ndarray,
    options: int,
) -> tuple[I64, I64]:
    """New candidates for tasks with open places: the nearest volunteers who could take one — free at a
    start hour the task allows, or holding a less urgent task then (the flow may move that one) — and
    who have a place and hours left, or hold a less urgent task they could give up. Searched in a tree
    over only those volunteers, so saturated neighbours are skipped rather than re-found."""
    n_v = len(ix.volunteers)
    vu, tu, hu = arcs.v[used], arcs.t[used], arcs.hour[used]
    hours = ix.hours_left - np.bincount(vu, weights=ta.hours[tu], minlength=n_v)
    room = (ix.capacity - ix.load > np.bincount(vu, minlength=n_v)) & (hours >= ta.hours[short].min() - 1e-9)
    least = np.zeros(n_v, np.int64)  # least urgent level each volunteer holds (0: nothing)
    np.maximum.at(least, vu, ta.urgency[tu])
    h0 = int(np.floor(ta.start.min(initial=0)))
    held = np.zeros((n_v, int(np.ceil(ta.end.max(initial=0))) - h0 + 2), np.int8)  # level held at (v, hour)
    held[vu, hu - h0] = ta.urgency[tu]

    def useful(t: I64, v: I64) -> np.ndarray:
        ok = np.zeros(len(t), np.bool_)
        for h in ix.starts(ta, t, v, options).T:
            has = ~np.isnan(h)
            at = held[v, np.where(has, h - h0, 0).astype(np.int64)]
            ok |= has & ((at == 0) | (at > ta.urgency[t]))
        return ok

    skip = np.sort(arcs.t * n_v + arcs.v)
    out_t, out_v = [np.zeros(0, np.int64)], [np.zeros(0, np.int64)]
    for level in np.unique(ta.urgency[short]).tolist():
        # a full volunteer helps a level only by giving up a less urgent task
        helpers = pool & (room | (least > level))
        t, v, _ = forward(ix, ta, short[ta.urgency[short] == level], k, helpers, skip=skip, extra=useful)
        out_t.append(t)
        out_v.append(v)
    return np.concatenate(out_t), np.concatenate(out_v)


def assign(
    tasks: Sequence[Task],
    volunteers: Sequence[Volunteer] | VolunteerIndex,
    *,
    k: int = 10,
    penalties: Penalties | None = None,
    options: int = 2,
    reach: int = 30,
    rounds: int = 1,
) -> Assignment:
    """Assign volunteers to task places; see the module docstring. ``options``: start hours offered per
    (task, volunteer) pair; ``rounds``: widening rounds for levels 1–3 before level 1 goes on alone."""
    pen = penalties or Penalties()
    ix = volunteers if isinstance(volunteers, VolunteerIndex) else VolunteerIndex.build(volunteers)
    tasks = list(tasks)
    ta = ix.tasks(tasks)
    n_v = len(ix.volunteers)
    spare = np.maximum(ix.capacity - ix.load, 0)
    pool = (spare > 0) & ix.fit & (ix.hours_left > 0)
    ft, fv, found = forward(ix, ta, np.flatnonzero(ta.people > 0), k, pool)
    bt, bv = backward(ix, ta, np.flatnonzero(pool), reach)
    key = np.unique(np.r_[ft * n_v + fv, bt * n_v + bv])
    arcs = arcs_for(ix, ta, key // max(n_v, 1), key % max(n_v, 1), pen, options)
    open_cost = open_costs(ix, ta, pen.km, pen.scarce, pen.load)
    widen, solves = 0, 0
    while True:
        sol = solve(ix, ta, arcs, open_cost, pen.load)
        solves += 1
        clash = _overlaps(ix, ta, arcs, sol.used)
        if len(clash) and solves < MAX_SOLVES:
            arcs = arcs.take(~np.isin(np.arange(len(arcs)), clash))
            continue
        got = np.bincount(arcs.t[sol.used], minlength=len(tasks))
        # round 0 widens every level, the next rounds levels 1–3, and level 1 keeps going (4× further
        # each time) until no volunteer who could take it is left unexamined
        top = 4 if widen == 0 else (3 if widen < rounds else 1)
        short = np.flatnonzero((got < ta.people) & ta.known & (ta.urgency <= top))
        if not len(short) or widen >= rounds + L1_ROUNDS:
            break
        et, ev = _widen(ix, ta, arcs, sol.used, short, k * GROWTH ** (widen + FIRST), pool, options)
        widen += 1
        if not len(et):
            break
        arcs = Arcs.join([arcs, arcs_for(ix, ta, et, ev, pen, options)])
    used = sol.used
    unfilled = ta.people - got
    reasons = {}
    for i in np.flatnonzero(unfilled > 0).tolist():
        # a task that had enough candidates lost them to others; otherwise find the rule that bit
        reasons[tasks[i].id] = diagnose(ix, ta, i) if found[i] < ta.people[i] else Reason.AT_CAPACITY
    return Assignment(
        tasks,
        ix.volunteers,
        arcs.t[used],
        arcs.v[used],
        arcs.km[used],
        sol.objective,
        unfilled,
        reasons,
        start=arcs.hour[used].astype(np.float64),
        solves=solves,
    )

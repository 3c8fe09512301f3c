"""Batch matching: build the candidate graph, solve the flow, make sure level 1 is never left behind.

1. Candidates: each task's k nearest feasible volunteers with room, plus each such volunteer's nearest
   tasks it could do per urgency level (see ``candidates``).
2. Solve the flow (``flow``): the most places filled level by level, then the least cost.
3. Level 1: every open level-1 place is checked against the whole pool; each volunteer who could take
   it — free at an hour the task allows, or holding a less urgent task then, with a place and hours
   left or a less urgent task to give up — gets an arc and the flow is solved again. Repeated until
   no such volunteer is left (usually zero or one extra solve).
4. Tasks longer than an hour occupy several hour slots; if two of one volunteer's tasks overlap, the
   less urgent one loses that arc and the flow is solved again (rare: most tasks fit one hour).

The result is optimal on the final candidate graph (every arc the steps added).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from matching.geo import haversine_km

from .candidates import backward, diagnose, forward, helpers
from .flow import LEVELS, Arcs, fill, open_costs, slots, solve
from .index import I64, TaskArrays, VolunteerIndex
from .types import Assignment, Reason, Task, Volunteer

# volunteer-side arcs per urgency level: what lets the flow move a volunteer from a level-4 task next
# door to an open level-2 place in a cluster (measured on the bench: these close the gap to k = 50)
REACH = {1: 8, 2: 8, 3: 40, 4: 4}
# widening for open places of levels 1–3, each round after a (cheap) fill step: a short task looks at
# its WIDEN_TASK nearest volunteers who could help, a volunteer with room at its WIDEN_SPARE nearest
# short tasks per level; ×4 in the second round. Independent of k, so k = 10 and k = 50 differ only
# in their first candidates. Two rounds fill every level-2 place of the 100,000 × 10,000 bench.
WIDEN = (1, 4)
WIDEN_TASK = 100
WIDEN_SPARE = 10
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
    return Arcs(
        t[row], v[row], starts[row, col].astype(np.int64), km[row], cost[row] + col, col.astype(np.int64)
    )


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


def _useful(
    ix: VolunteerIndex, ta: TaskArrays, arcs: Arcs, used: np.ndarray, options: int, level: int
) -> Callable[[I64, I64], np.ndarray]:
    """Whether volunteer v could take a place of task t (of ``level``) in a new plan: free at a start
    hour the task allows or holding a less urgent task then (the flow may move that one), and with a
    place and hours left, or a less urgent task to give up."""
    n_v = len(ix.volunteers)
    vu, tu, hu = arcs.v[used], arcs.t[used], arcs.hour[used]
    hours = ix.hours_left - np.bincount(vu, weights=ta.hours[tu], minlength=n_v)
    room = ix.capacity - ix.load > np.bincount(vu, minlength=n_v)
    least = np.zeros(n_v, np.int64)  # least urgent level each volunteer holds (0: nothing)
    np.maximum.at(least, vu, ta.urgency[tu])
    if ta.hour_bits is not None and ix.h0 is not None:
        # hours (as bits) at which each volunteer is free or holds a task of level > u, per u: one
        # lookup per candidate instead of a float start-hour table per start option
        rel = hu - ix.h0
        fits = (rel >= 0) & (rel < 64)
        bit = np.left_shift(np.uint64(1), rel[fits].astype(np.uint64))
        lv = ta.urgency[tu][fits]
        open_at = np.empty((len(LEVELS) + 1, n_v), np.uint64)  # row u: free or holding a level > u
        for u in LEVELS:
            busy = np.zeros(n_v, np.uint64)
            np.bitwise_or.at(busy, vu[fits][lv <= u], bit[lv <= u])
            open_at[u] = ~busy

        def useful_bits(t: I64, v: I64) -> np.ndarray:
            ok = (room[v] & (hours[v] >= ta.hours[t] - 1e-9)) | (least[v] > level)
            bits, first = ix.start_bits(ta, t, v), np.zeros(len(t), np.uint64)
            for _ in range(options):  # a pair's arcs are its first ``options`` start hours
                low = bits & (~bits + np.uint64(1))
                first |= low
                bits &= ~low
            return ok & ((first & open_at[ta.urgency[t], v]) != 0)

        return useful_bits

    h0 = min(int(np.floor(ta.start.min(initial=0))), int(hu.min(initial=0)))
    width = max(int(np.ceil(ta.end.max(initial=0))), int(hu.max(initial=0))) - h0 + 2
    held = np.zeros((n_v, width), np.int8)  # level held at (volunteer, hour)
    held[vu, hu - h0] = ta.urgency[tu]

    def useful(t: I64, v: I64) -> np.ndarray:
        ok = (room[v] & (hours[v] >= ta.hours[t] - 1e-9)) | (least[v] > level)
        at_hour = np.zeros(len(t), np.bool_)
        for h in ix.starts(ta, t, v, options).T:
            has = ~np.isnan(h)
            at = held[v, np.where(has, h - h0, 0).astype(np.int64)]
            at_hour |= has & ((at == 0) | (at > ta.urgency[t]))
        return ok & at_hour

    return useful


def _widen(
    ix: VolunteerIndex,
    ta: TaskArrays,
    arcs: Arcs,
    used: np.ndarray,
    grow: int,
    pool: np.ndarray,
    options: int,
) -> I64:
    """New pairs (keys ``task × volunteers + volunteer``) for tasks of levels 1–3 with open places, from
    both ends: each such task's ``WIDEN_TASK × grow`` nearest volunteers who could take one (see
    ``_useful``), and each volunteer with a free place its ``WIDEN_SPARE × grow`` nearest such tasks per
    level that it could take. Only pairs
    not yet in the graph; KD-trees over only those volunteers or tasks, so saturated neighbours are
    skipped rather than re-found. The second end matters in dense clusters: their open places need
    volunteers from kilometres away, more hops than nearest-neighbour chains bridge."""
    n_v = max(len(ix.volunteers), 1)
    got = np.bincount(arcs.t[used], minlength=len(ta.people))
    short = np.flatnonzero((got < ta.people) & ta.known & (ta.urgency <= 3))
    have = _unique(arcs.t * n_v + arcs.v)
    vu = arcs.v[used]
    room = ix.capacity - ix.load > np.bincount(vu, minlength=n_v)
    least = np.zeros(n_v, np.int64)
    np.maximum.at(least, vu, ta.urgency[arcs.t[used]])
    out = [np.zeros(0, np.int64)]
    for level in np.unique(ta.urgency[short]).tolist():
        useful = _useful(ix, ta, arcs, used, options, level)

        def fresh(t: I64, v: I64, useful: Callable[[I64, I64], np.ndarray] = useful) -> np.ndarray:
            ok = useful(t, v)
            key = t[ok] * n_v + v[ok]
            ok[ok] = have[np.minimum(np.searchsorted(have, key), len(have) - 1)] != key if len(have) else True
            return ok

        # a full volunteer helps this level only by giving up a less urgent task
        helpers = pool & (room | (least > level))
        rows = short[ta.urgency[short] == level]
        breadth = min(WIDEN_TASK * grow, max(WIDEN_TASK, n_v // 10))
        t, v, _ = forward(ix, ta, rows, breadth, helpers, extra=fresh, exhaustive=False)
        out.append(t * n_v + v)
        spare = np.flatnonzero(pool & room)
        is_short = np.zeros(len(ta.people), np.bool_)
        is_short[rows] = True
        t, v = backward(ix, ta, spare, {level: WIDEN_SPARE * grow}, tasks=is_short, extra=fresh)
        out.append(t * n_v + v)
    return _unique(np.concatenate(out))


def _prune(arcs: Arcs, used: np.ndarray, near: I64, n_v: int) -> np.ndarray:
    """Arcs to keep: the k nearest pairs and, of the volunteer-side and widening pairs, those the fill
    plan uses (both start options of a pair).

    The fill plan stays feasible, so the final graph fills exactly as many places per level; the cost
    step then works on 40 % of the arcs (measured at 100,000 × 10,000: 4.1 M → 1.7 M)."""
    pair = arcs.t * n_v + arcs.v
    keep = _unique(np.r_[near, pair[used]])
    return keep[np.minimum(np.searchsorted(keep, pair), len(keep) - 1)] == pair


def _unique(x: I64) -> I64:
    """Sorted unique values (a sort is faster than numpy's hashing ``unique`` on millions of keys)."""
    x = np.sort(x)
    return x[np.r_[True, x[1:] != x[:-1]]] if len(x) else x


def assign(
    tasks: Sequence[Task],
    volunteers: Sequence[Volunteer] | VolunteerIndex,
    *,
    k: int = 10,
    penalties: Penalties | None = None,
    options: int = 2,
    reach: dict[int, int] | None = None,
) -> Assignment:
    """Assign volunteers to task places; see the module docstring. ``options``: start hours offered per
    (task, volunteer) pair; ``reach``: volunteer-side arcs per urgency level (default ``REACH``)."""
    pen = penalties or Penalties()
    ix = volunteers if isinstance(volunteers, VolunteerIndex) else VolunteerIndex.build(volunteers)
    tasks = list(tasks)
    ta = ix.tasks(tasks)
    n_v = max(len(ix.volunteers), 1)
    spare = np.maximum(ix.capacity - ix.load, 0)
    pool = (spare > 0) & ix.fit & (ix.hours_left > 0)
    ft, fv, found = forward(ix, ta, np.flatnonzero(ta.people > 0), k, pool)
    bt, bv = backward(ix, ta, np.flatnonzero(pool), REACH if reach is None else reach)
    near = _unique(ft * n_v + fv)
    key = _unique(np.r_[near, bt * n_v + bv])
    arcs = arcs_for(ix, ta, key // n_v, key % n_v, pen, options)
    plan = None  # the last round's fill plan; arcs are only appended, so it stays valid
    for grow in WIDEN:
        # level 4 is left out: nothing widens for it, and its max flow is the largest. Each round
        # fills from scratch: resuming from the last plan keeps its open places where they were, and
        # widening then reached fewer of them (16 level-2 places left open at 100,000 × 10,000)
        plan = fill(ix, ta, arcs, (1, 2, 3))
        new = _widen(ix, ta, arcs, plan, grow, pool, options)
        if not len(new):
            break
        arcs = Arcs.join([arcs, arcs_for(ix, ta, new // n_v, new % n_v, pen, options)])
        plan = np.r_[plan, np.zeros(len(arcs) - len(plan), np.bool_)]
    filled, free = None, None
    if len(arcs) > len(near):
        # the fill plan on the whole graph stays maximal on the pruned one as long as the places per
        # volunteer are bounded with every candidate (pruning can only loosen the hours bound)
        free = slots(ix, ta, arcs)
        # resumes from the last round's plan: levels it fills completely (1 and 2 on the bench)
        # cost no max flow, and level 3 only augments
        used = fill(ix, ta, arcs, start=plan, free=free)
        keep = _prune(arcs, used, near, n_v)
        arcs, filled = arcs.take(keep), used[keep]
    open_cost = open_costs(ix, ta, pen.km, pen.scarce, pen.load)
    solves = 0
    while True:
        sol = solve(ix, ta, arcs, open_cost, pen.load, filled, free)
        filled, free = None, None
        solves += 1
        if solves >= MAX_SOLVES:
            break
        clash = _overlaps(ix, ta, arcs, sol.used)
        if len(clash):
            arcs = arcs.take(~np.isin(np.arange(len(arcs)), clash))
            continue
        got = np.bincount(arcs.t[sol.used], minlength=len(tasks))
        short = np.flatnonzero((got < ta.people) & ta.known & (ta.urgency == 1))
        if not len(short):
            break
        et, ev = helpers(ix, ta, short, _useful(ix, ta, arcs, sol.used, options, 1))
        have = _unique(arcs.t * n_v + arcs.v)
        new = et * n_v + ev
        fresh = have[np.minimum(np.searchsorted(have, new), len(have) - 1)] != new if len(have) else new >= 0
        if not fresh.any():
            break
        arcs = Arcs.join([arcs, arcs_for(ix, ta, et[fresh], ev[fresh], pen, options)])
    used = sol.used
    got = np.bincount(arcs.t[used], minlength=len(tasks))
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

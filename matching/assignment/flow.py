"""The flow on the candidate graph: places filled level by level, then the cheapest such plan.

Network: level node L_u → task (capacity = people) → (volunteer, start hour) slot (capacity 1, cost =
travel + scarce-skill penalty, +1 for the later of two start options) → volunteer (capacity 1 per
slot: one task per volunteer per hour) → sink (one unit arc per free place, cost rising with load).

The objective is lexicographic: first the most level-1 places filled, then level 2, 3, 4, then the
least cost. Solving it in that shape is what makes it fast (``solve``):

1. *Fill*: one max flow per level on the residual network of the levels before it (OR-Tools
   push-relabel, ~10× cheaper than a min-cost flow). The residual network has no arc back into
   an earlier level's source, so later levels can swap which tasks of an earlier level are served
   but never lower its count.
2. *Cost*: any other plan with the same fills differs from this one by cycles in its residual graph,
   and a cycle stays inside one strongly connected component (SciPy). Arcs between components keep
   their flow; one OR-Tools min-cost flow re-optimises the arcs inside components, starting from
   the divergence the fill step left there. About half the arcs drop out.

The reported objective adds ``open_costs`` per open place, so plans from different candidate graphs
(k = 10 against k = 50) are compared on one scale. Those costs exceed any single task → volunteer →
sink path and grow ×LEVEL_STEP per level, so the lexicographic optimum is also the optimum of that
sum unless an exchange chain costs more than 3 × the level-4 cost (six cross-city detours).

OR-Tools and SciPy are imported inside the functions: web workers import this package for the
dataclasses and should not pay for the solvers until a solve runs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .index import I64, TaskArrays, VolunteerIndex

LEVEL_STEP = 4
LEVELS = (1, 2, 3, 4)


@dataclass
class Arcs:
    """Candidate arcs, one per (task, volunteer, start hour); a pair has one or two start options."""

    t: I64
    v: I64
    hour: I64
    km: np.ndarray
    cost: I64
    option: I64 | None = None  # 0 for a pair's first start hour, 1 for its second (None: unknown)

    _FIELDS = ("t", "v", "hour", "km", "cost", "option")

    def __len__(self) -> int:
        return len(self.t)

    def take(self, keep: np.ndarray) -> Arcs:
        return Arcs(*(None if (x := getattr(self, f)) is None else x[keep] for f in self._FIELDS))

    @staticmethod
    def join(parts: list[Arcs]) -> Arcs:
        known = all(p.option is not None for p in parts)
        return Arcs(
            *(
                np.concatenate([getattr(p, f) for p in parts]) if f != "option" or known else None
                for f in Arcs._FIELDS
            )
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
    durations, cls = np.unique(-ta.hours, return_inverse=True)  # longest first
    if arcs.option is not None and len(durations) <= 16:
        # count candidate tasks per (volunteer, duration) and take the longest while the hours last:
        # the same bound as the sort below, in a few passes over the arcs
        first = arcs.option == 0
        count = np.bincount(
            arcs.v[first] * len(durations) + cls.reshape(-1)[arcs.t[first]], minlength=n * len(durations)
        ).reshape(n, len(durations))
        left = ix.hours_left + 1e-9
        total = np.zeros(n, np.int64)
        going = np.ones(n, np.bool_)
        for j, d in enumerate((-durations).tolist()):
            fit = count[:, j] if d <= 0 else np.minimum(count[:, j], np.floor(np.maximum(left, 0) / d))
            take = np.where(going, fit, 0).astype(np.int64)
            going &= take == count[:, j]
            left -= take * d
            total += take
        return np.minimum(np.maximum(ix.capacity - ix.load, 0), total)
    pair = np.sort(arcs.v * max(len(ta.people), 1) + arcs.t)
    pair = pair[np.r_[True, pair[1:] != pair[:-1]]] if len(pair) else pair  # two start options count once
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


@dataclass
class _Net:
    """The network as arrays, arcs in blocks: level → task, task → slot, slot → volunteer → sink."""

    tail: I64
    head: I64
    cap: I64
    cost: I64
    level: I64  # level of the task an arc serves (0 for slot and volunteer arcs: every stage needs them)
    n_nodes: int
    sink: int
    lev0: int  # node of level 1; level u is lev0 + u - 1
    task_arcs: slice
    vol_arcs: slice
    vol0: int


def _network(ix: VolunteerIndex, ta: TaskArrays, arcs: Arcs, free: I64) -> _Net:
    n_t, n_v = len(ta.people), len(ix.volunteers)
    h0 = int(arcs.hour.min(initial=0))
    span = int(arcs.hour.max(initial=0)) - h0 + 1
    slot, slot_key = _number(arcs.v * span + (arcs.hour - h0), n_v * span)
    n_s = len(slot_key)
    vol0 = n_t + n_s
    lev0 = vol0 + n_v
    sink = lev0 + len(LEVELS)
    live = np.flatnonzero(ta.people > 0)
    blocks = [
        (lev0 + ta.urgency[live] - 1, live, ta.people[live], np.zeros(len(live), np.int64), ta.urgency[live]),
        (arcs.t, n_t + slot, np.ones(len(arcs), np.int64), arcs.cost, ta.urgency[arcs.t]),
        (n_t + np.arange(n_s), vol0 + slot_key // span, np.ones(n_s, np.int64), 0 * slot_key, None),
        (vol0 + np.arange(n_v), np.full(n_v, sink), free, np.zeros(n_v, np.int64), None),
    ]
    sizes = np.cumsum([0] + [len(b[0]) for b in blocks])
    tail, head, cap, cost = (np.concatenate([b[i] for b in blocks]).astype(np.int64) for i in range(4))
    level = np.concatenate([b[4] if b[4] is not None else np.zeros(len(b[0]), np.int64) for b in blocks])
    return _Net(
        tail, head, cap, cost, level, sink + 1, sink, lev0,
        slice(int(sizes[1]), int(sizes[2])), slice(int(sizes[3]), int(sizes[4])), vol0,
    )  # fmt: skip


def _number(key: I64, size: int) -> tuple[I64, I64]:
    """Dense numbers for the distinct keys (in key order), and the distinct keys. A table over the key
    range when it is small (a clock of a day or two: volunteers × hours), else a sort; numpy's
    hashing ``unique`` is slow on millions of keys."""
    if size <= 64 * len(key) + 1_000_000:
        present = np.zeros(size, np.bool_)
        present[key] = True
        return (np.cumsum(present) - 1)[key], np.flatnonzero(present)
    order = np.argsort(key, kind="stable")
    new = np.r_[True, key[order][1:] != key[order][:-1]] if len(key) else np.zeros(0, np.bool_)
    slot = np.empty(len(key), np.int64)
    slot[order] = np.cumsum(new) - 1
    return slot, key[order][new]


def _fill(net: _Net, ta: TaskArrays, levels: tuple[int, ...] = LEVELS, start: I64 | None = None) -> I64:
    """A flow that fills the most places level by level (see the module docstring, step 1), from the
    flow ``start`` if given (it must carry no flow of a level after the first one it leaves open:
    a stage never takes a place from a less urgent level)."""
    from ortools.graph.python import max_flow

    flow = np.zeros(len(net.tail), np.int64) if start is None else start.copy()
    src = net.n_nodes
    for u in levels:
        demand = int(ta.people[ta.urgency == u].sum())
        if not demand:
            continue
        if (
            start is not None
            and flow[: net.task_arcs.start][ta.urgency[net.head[: net.task_arcs.start]] == u].sum() == demand
        ):
            continue  # every place of this level is filled already: nothing to augment
        arc = np.flatnonzero(net.level <= u)  # arcs of later levels cannot carry flow yet
        fwd = arc[flow[arc] < net.cap[arc]]
        bwd = arc[flow[arc] > 0]
        mf = max_flow.SimpleMaxFlow()
        mf.add_arcs_with_capacity(
            np.r_[net.tail[fwd], net.head[bwd], src].astype(np.int32),
            np.r_[net.head[fwd], net.tail[bwd], net.lev0 + u - 1].astype(np.int32),
            np.r_[net.cap[fwd] - flow[fwd], flow[bwd], demand].astype(np.int64),
        )
        if mf.solve(src, net.sink) != mf.OPTIMAL:
            raise RuntimeError("max flow failed")
        got = np.asarray(mf.flows(np.arange(len(fwd) + len(bwd), dtype=np.int32)), np.int64)
        flow[fwd] += got[: len(fwd)]  # each index once per block, so plain indexing adds correctly
        flow[bwd] -= got[len(fwd) :]
    return flow


def _cheapest(net: _Net, flow: I64, ix: VolunteerIndex, pen_load: int) -> I64:
    """Re-optimise cost inside the strongly connected components of ``flow``'s residual graph (step 2)."""
    import scipy.sparse as sp
    from ortools.graph.python import min_cost_flow
    from scipy.sparse.csgraph import connected_components

    fwd, bwd = flow < net.cap, flow > 0
    rt, rh = np.r_[net.tail[fwd], net.head[bwd]], np.r_[net.head[fwd], net.tail[bwd]]
    graph = sp.csr_matrix((np.ones(len(rt), np.int8), (rt, rh)), shape=(net.n_nodes, net.n_nodes))
    _, comp = connected_components(graph, directed=True, connection="strong")
    inside = comp[net.tail] == comp[net.head]
    if not inside.any():
        return flow
    is_vol = np.zeros(len(flow), np.bool_)
    is_vol[net.vol_arcs] = True
    plain = np.flatnonzero(inside & ~is_vol)
    vols = np.flatnonzero(inside & is_vol)
    # a volunteer's places are unit arcs with rising cost, so the solver fills the cheapest first
    v = net.tail[vols] - net.vol0
    per = net.cap[vols]
    pv = np.repeat(v, per)
    pj = np.arange(len(pv)) - np.repeat(np.cumsum(per) - per, per)
    tails = np.r_[net.tail[plain], net.vol0 + pv]
    supply = np.bincount(net.tail[inside], flow[inside], net.n_nodes) - np.bincount(
        net.head[inside], flow[inside], net.n_nodes
    )
    order = np.argsort(tails, kind="stable")  # OR-Tools runs markedly faster on tail-sorted arcs
    smcf = min_cost_flow.SimpleMinCostFlow()
    smcf.add_arcs_with_capacity_and_unit_cost(
        tails[order].astype(np.int32),
        np.r_[net.head[plain], np.full(len(pv), net.sink)][order].astype(np.int32),
        np.r_[net.cap[plain], np.ones(len(pv), np.int64)][order],
        np.r_[net.cost[plain], pen_load * (ix.load[pv] + pj)][order].astype(np.int64),
    )
    smcf.set_nodes_supplies(np.arange(net.n_nodes, dtype=np.int32), np.rint(supply).astype(np.int64))
    if smcf.solve() != smcf.OPTIMAL:
        raise RuntimeError("min-cost flow failed")
    got = np.empty(len(tails), np.int64)
    got[order] = smcf.flows(np.arange(len(tails), dtype=np.int32))
    out = flow.copy()
    out[plain] = got[: len(plain)]
    owner = np.repeat(np.arange(len(vols)), per)
    out[vols] = np.bincount(owner, got[len(plain) :], len(vols)).astype(np.int64)
    return out


def fill(
    ix: VolunteerIndex,
    ta: TaskArrays,
    arcs: Arcs,
    levels: tuple[int, ...] = LEVELS,
    start: np.ndarray | None = None,
    free: I64 | None = None,
) -> np.ndarray:
    """Arcs used by a plan that fills the most places of ``levels``, level by level, ignoring cost
    (step 1 alone): cheap enough to run while the candidate graph is still growing.

    ``start``: a plan (used arcs) that stays valid on ``arcs``, typically the previous round's on a
    graph that has only gained arcs. Its levels up to the first one it leaves open are kept and the
    stages resume there; a level it fills completely costs no max flow. Flow of later levels is
    dropped (it could block the open level, and a stage never takes a place from a later level)."""
    free = slots(ix, ta, arcs) if free is None else free
    net = _network(ix, ta, arcs, free)
    flow = None
    if start is not None:
        keep = start & ~(np.bincount(arcs.v[start], minlength=len(free)) > free)[arcs.v]  # bound shrank
        got = np.bincount(arcs.t[keep], minlength=len(ta.people))
        open_levels = [u for u in levels if (got < ta.people)[ta.urgency == u].any()]
        if open_levels:
            keep &= ta.urgency[arcs.t] <= open_levels[0]
        flow = _as_flow(net, ta, keep)
    return _fill(net, ta, levels, flow)[net.task_arcs] > 0


def _as_flow(net: _Net, ta: TaskArrays, used: np.ndarray) -> I64:
    """The network flow of a plan given as used task → slot arcs."""
    flow = np.zeros(len(net.tail), np.int64)
    n_t = len(ta.people)
    tails, heads = net.tail[net.task_arcs][used], net.head[net.task_arcs][used]
    flow[: net.task_arcs.start] = np.bincount(tails, minlength=n_t)[net.head[: net.task_arcs.start]]
    flow[net.task_arcs] = used
    flow[net.task_arcs.stop : net.vol_arcs.start] = np.bincount(heads - n_t, minlength=net.vol0 - n_t)
    n_v = net.vol_arcs.stop - net.vol_arcs.start
    flow[net.vol_arcs] = np.bincount(
        net.head[net.task_arcs.stop : net.vol_arcs.start][heads - n_t] - net.vol0, minlength=n_v
    )
    return flow


def solve(
    ix: VolunteerIndex,
    ta: TaskArrays,
    arcs: Arcs,
    open_cost: I64,
    pen_load: int,
    filled: np.ndarray | None = None,
    free: I64 | None = None,
) -> Solution:
    """Lexicographically optimal plan on ``arcs`` (both steps). ``filled``: a plan from ``fill`` (used
    arcs, every level) that is already lexicographically maximal here, to skip step 1; ``free``:
    places per volunteer, if not ``slots`` of these arcs."""
    net = _network(ix, ta, arcs, slots(ix, ta, arcs) if free is None else free)
    start = _fill(net, ta) if filled is None else _as_flow(net, ta, filled)
    flow = _cheapest(net, start, ix, pen_load)
    used = flow[net.task_arcs] > 0
    filled = np.bincount(arcs.t[used], minlength=len(ta.people))
    n = flow[net.vol_arcs]
    load_cost = pen_load * (ix.load * n + n * (n - 1) // 2)
    objective = int(arcs.cost[used].sum() + load_cost.sum() + (open_cost * (ta.people - filled)).sum())
    return Solution(used, objective)

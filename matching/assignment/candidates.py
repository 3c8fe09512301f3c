"""Candidate arcs for the flow, and the reason when a task cannot be placed.

Three sources, because tasks cluster (help requests come from the worst-hit compounds) while
volunteers live everywhere, and because the flow fills urgent places first:

* *task side* (``forward``): each task's k nearest feasible volunteers with a free place. One
  KD-tree per (required skills, sealed zone) over the volunteers who hold the skills and the pass;
  the time and wellbeing rules are checked on the neighbours found, and tasks short of k re-query
  with 4× as many until the pool is exhausted — fewer than k candidates then means there are no
  others.
* *volunteer side* (``backward``): each volunteer with a free place gets arcs to its nearest tasks it
  could do, *per urgency level*. Without these, a volunteer 15 km from every cluster is nobody's
  candidate and fills nearby level-4 tasks while level-2 tasks in a cluster stay open: the flow
  can only trade places along arcs that exist.
* *level-1 check* (``helpers``): every volunteer who could still take an open level-1 place.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .index import BOOL, I64, TaskArrays, VolunteerIndex
from .types import Reason

Pairs = tuple[I64, I64]


def _empty() -> Pairs:
    return np.zeros(0, np.int64), np.zeros(0, np.int64)


def _skilled(ix: VolunteerIndex, ta: TaskArrays, t: I64, v: I64) -> BOOL:
    return np.all((ix.mask[v] & ta.mask[t]) == ta.mask[t], axis=1)


def _rest(ix: VolunteerIndex, ta: TaskArrays, t: I64, v: I64) -> BOOL:
    """Every hard rule but skills and pass (those are fixed per KD-tree)."""
    return ix.well(ta, t, v) & ix.available(ta, t, v)


def _nearest(
    tree_xy: np.ndarray,
    members: I64,
    query_xy: np.ndarray,
    rows: I64,
    k: int,
    ok: Callable[[I64, I64], BOOL],
    first: int,
    exhaustive: bool = True,
) -> tuple[I64, I64, I64]:
    """Up to k members per row that pass ``ok(row, member)``, nearest first; and the count found.

    Queries ``first`` neighbours, then (if ``exhaustive``) 4× as many for the rows still short, until
    the tree is exhausted."""
    from scipy.spatial import cKDTree

    found = np.zeros(len(rows), np.int64)
    out_r, out_m = [np.zeros(0, np.int64)], [np.zeros(0, np.int64)]
    if not len(members) or not len(rows):
        return out_r[0], out_m[0], found
    tree = cKDTree(tree_xy)
    todo = np.arange(len(rows))
    kq = min(len(members), max(first, k))
    while len(todo):
        _, idx = tree.query(query_xy[todo], k=kq)
        m = members[np.asarray(idx).reshape(len(todo), kq)]
        good = ok(np.repeat(rows[todo], kq), m.reshape(-1)).reshape(m.shape)
        keep = good & (np.cumsum(good, axis=1) <= k)
        count = keep.sum(axis=1)
        done = (count >= k) | (kq >= len(members)) | (not exhaustive)
        found[todo[done]] = count[done]
        out_r.append(np.repeat(todo[done], count[done]))
        out_m.append(m[done][keep[done]])
        todo = todo[~done]
        kq = min(len(members), kq * 4)
    return rows[np.concatenate(out_r)], np.concatenate(out_m), found


def _classes(ta: TaskArrays, rows: I64) -> tuple[np.ndarray, I64]:
    """Tasks that share the volunteer-side rules a KD-tree can hold: skills and sealed zone."""
    zone = np.where(ta.sealed[rows], ta.zone[rows], -2)  # -1: sealed, and nobody holds its pass
    keys = np.concatenate([ta.mask[rows].view(np.int64), zone[:, None]], axis=1)
    uniq, inverse = np.unique(keys, axis=0, return_inverse=True)
    return uniq, inverse.reshape(-1)


def forward(
    ix: VolunteerIndex,
    ta: TaskArrays,
    rows: I64,
    k: int,
    pool: BOOL,
    extra: Callable[[I64, I64], BOOL] | None = None,
    exhaustive: bool = True,
) -> tuple[I64, I64, I64]:
    """Up to k (task, volunteer) pairs per row of ``rows`` among feasible volunteers in ``pool`` that
    ``extra`` (if given) accepts, nearest first; and the count found per task (fewer than k: there
    are no others, if ``exhaustive``; else only 3k neighbours are looked at). ``extra`` replaces the
    availability check, so it must check the start hours itself."""
    found = np.zeros(len(ta.people), np.int64)
    rows = rows[ta.known[rows]]
    if not len(rows):
        return *_empty(), found
    keys, cls = _classes(ta, rows)
    words = ta.mask.shape[1]
    out_t, out_v = [np.zeros(0, np.int64)], [np.zeros(0, np.int64)]
    for c, key in enumerate(keys):
        zone = key[words]
        if zone == -1:
            continue
        members = np.flatnonzero(pool & ix.has_skills(key[:words].view(np.uint64)))
        if zone >= 0:
            members = members[ix.pass_holders(int(zone))[members]]
        todo = rows[cls == c]

        def ok(t: I64, v: I64) -> BOOL:
            if extra is None:
                return _rest(ix, ta, t, v)
            good = ix.well(ta, t, v)
            good[good] = extra(t[good], v[good])  # checks the start hours itself
            return good

        t, v, n = _nearest(ix.xy[members], members, ta.xy[todo], todo, k, ok, 3 * k, exhaustive)
        found[todo] = n
        out_t.append(t)
        out_v.append(v)
    return np.concatenate(out_t), np.concatenate(out_v), found


def backward(
    ix: VolunteerIndex,
    ta: TaskArrays,
    vols: I64,
    per_level: dict[int, int],
    tasks: BOOL | None = None,
    extra: Callable[[I64, I64], BOOL] | None = None,
) -> Pairs:
    """For each volunteer in ``vols``, its ``per_level[u]`` nearest tasks of level u (among ``tasks``,
    default all open ones) it could do and ``extra(task, volunteer)`` accepts.

    One KD-tree over the tasks of each level; a volunteer's neighbours are checked against every hard
    rule (skills, pass, wellbeing, a common start hour). One query of 4× as many neighbours: these
    arcs add reach, they need not be exhaustive."""
    if not len(vols):
        return _empty()

    def ok(v: I64, t: I64) -> BOOL:
        good = _skilled(ix, ta, t, v)
        good[good] = ix.feasible(ta, t[good], v[good])
        if extra is not None:
            good[good] = extra(t[good], v[good])
        return good

    live = (ta.people > 0) & ta.known if tasks is None else tasks
    out_t, out_v = [np.zeros(0, np.int64)], [np.zeros(0, np.int64)]
    for level, r in per_level.items():
        rows = np.flatnonzero(live & (ta.urgency == level))
        if not r or not len(rows):
            continue
        v, t, _ = _nearest(ta.xy[rows], rows, ix.xy[vols], vols, r, ok, 4 * r, exhaustive=False)
        out_t.append(t)
        out_v.append(v)
    return np.concatenate(out_t), np.concatenate(out_v)


def helpers(ix: VolunteerIndex, ta: TaskArrays, rows: I64, useful: Callable[[I64, I64], BOOL]) -> Pairs:
    """Every (task, volunteer) pair for ``rows`` that passes the hard rules and ``useful`` (has room at
    a start hour the task allows). Exhaustive over the pool, so only for the few open level-1 tasks."""
    n_v = len(ix.volunteers)
    out_t, out_v = [np.zeros(0, np.int64)], [np.zeros(0, np.int64)]
    step = max(1, 2_000_000 // max(n_v, 1))
    for i in range(0, len(rows), step):
        t = np.repeat(rows[i : i + step], n_v)
        v = np.tile(np.arange(n_v), len(rows[i : i + step]))
        good = _skilled(ix, ta, t, v)
        t, v = t[good], v[good]
        good = ix.feasible(ta, t, v)
        t, v = t[good], v[good]
        good = useful(t, v)
        out_t.append(t[good])
        out_v.append(v[good])
    return np.concatenate(out_t), np.concatenate(out_v)


def diagnose(ix: VolunteerIndex, ta: TaskArrays, t: int) -> Reason:
    """The first hard rule that leaves fewer volunteers than the task needs, over the whole pool."""
    need = int(ta.people[t])
    if not ta.known[t]:
        return Reason.NO_SKILL
    v = np.flatnonzero(ix.has_skills(ta.mask[t]))
    tt = np.full(len(v), t)
    stages = (
        (Reason.NO_SKILL, np.ones(len(v), np.bool_)),
        (Reason.NO_PASS, ix.has_pass(ta, tt, v)),
        (Reason.WELLBEING, ix.well(ta, tt, v)),
        (Reason.NOT_AVAILABLE, ix.available(ta, tt, v)),
    )
    alive = np.ones(len(v), np.bool_)
    for reason, ok in stages:
        alive &= ok
        if alive.sum() < need:
            return reason
    return Reason.AT_CAPACITY

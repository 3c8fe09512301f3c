"""Candidate arcs for the flow, and the reason when a task cannot be placed.

Two directions, because tasks cluster (help requests come from the worst-hit compounds) while
volunteers live everywhere:

* *task side*: each task's k nearest feasible volunteers with a free place. The KD-tree is built over
  the volunteers who hold the skills *and* still have room, so saturated neighbours are not searched
  again and again; tasks short of k re-query with 4× as many neighbours until the pool is exhausted —
  fewer than k candidates then means there are no others.
* *volunteer side*: each volunteer with a free place gets arcs to its k nearest tasks it could do.
  Without these, a volunteer 15 km from every cluster is nobody's candidate and stays idle while the
  clusters leave places open; with them the flow can shift work outwards along chains of shared
  candidates (task → near volunteer → that volunteer's other task → a farther volunteer).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy.spatial import cKDTree

from .index import BOOL, I64, TaskArrays, VolunteerIndex
from .types import Reason


def _groups(ta: TaskArrays, rows: I64) -> tuple[np.ndarray, I64]:
    """Tasks that share every volunteer-side rule: skills, allowed start hours, duration, sealed zone."""
    first = np.ceil(ta.start[rows] - 1e-9)
    last = np.floor(ta.end[rows] - ta.hours[rows] + 1e-9)
    zone = np.where(ta.sealed[rows], ta.zone[rows], -2)  # -1: sealed, and nobody holds its pass
    cols = [
        ta.mask[rows].view(np.int64),
        first[:, None],
        last[:, None],
        ta.hours[rows, None] * 60,
        zone[:, None],
    ]
    keys = np.concatenate([c.astype(np.int64).reshape(len(rows), -1) for c in cols], axis=1)
    uniq, inverse = np.unique(keys, axis=0, return_inverse=True)
    return uniq, inverse.reshape(-1)


def _group_pool(ix: VolunteerIndex, key: np.ndarray, words: int, pool: BOOL) -> BOOL:
    """Volunteers in ``pool`` who pass every hard rule for a task group (see ``_groups``)."""
    mask = key[:words].view(np.uint64)
    first, last, hours, zone = key[words], key[words + 1], key[words + 2] / 60, key[words + 3]
    ok = pool & ix.fit & (ix.hours_left >= hours - 1e-9) & np.all((ix.mask & mask) == mask, axis=1)
    lo = np.maximum(first, np.ceil(ix.wstart - 1e-9))
    hi = np.minimum(last, ix.wend - hours + 1e-9)
    ok &= np.any(lo <= hi, axis=1)
    if zone == -1:
        ok[:] = False
    elif zone >= 0:
        ok &= ix.pass_holders(int(zone))
    return ok


def forward(
    ix: VolunteerIndex,
    ta: TaskArrays,
    rows: I64,
    k: int,
    pool: BOOL,
    skip: I64 | None = None,
    extra: Callable[[I64, I64], BOOL] | None = None,
) -> tuple[I64, I64, I64]:
    """Up to k (task, volunteer) pairs per row of ``rows`` among volunteers in ``pool``, leaving out
    pairs whose key ``task × volunteers + volunteer`` is in ``skip`` (sorted) or that ``extra`` rejects;
    and the count found per task.

    Tasks are grouped by every rule that depends on the volunteer (see ``_groups``) and each group
    searches a KD-tree over exactly the volunteers who pass them, so the k nearest are the k nearest
    *feasible* ones — no filtering, no re-querying — unless ``skip``/``extra`` reject some.
    """
    n_v = len(ix.volunteers)
    found = np.zeros(len(ta.people), np.int64)
    out_t: list[I64] = [np.zeros(0, np.int64)]
    out_v: list[I64] = [np.zeros(0, np.int64)]
    rows = rows[ta.known[rows]]
    if not len(rows):
        return out_t[0], out_v[0], found
    keys, group = _groups(ta, rows)
    order = np.argsort(group, kind="stable")
    bounds = np.r_[0, np.cumsum(np.bincount(group, minlength=len(keys)))]
    for g, key in enumerate(keys):
        members = np.flatnonzero(_group_pool(ix, key, ta.mask.shape[1], pool))
        if not len(members):
            continue
        tree = cKDTree(ix.xy[members])
        todo = rows[order[bounds[g] : bounds[g + 1]]]
        filtered = skip is not None or extra is not None
        kq = min(len(members), 3 * k if filtered else k)
        while len(todo):
            _, idx = tree.query(ta.xy[todo], k=kq)
            v = members[idx.reshape(len(todo), kq)]
            ok = np.ones(v.shape, np.bool_)
            if extra is not None:
                ok = extra(np.repeat(todo, kq), v.reshape(-1)).reshape(v.shape)
            if skip is not None and len(skip):
                pair = todo[:, None][np.nonzero(ok)[0]][:, 0] * n_v + v[ok]
                ok[ok] = skip[np.minimum(np.searchsorted(skip, pair), len(skip) - 1)] != pair
            keep = ok & (np.cumsum(ok, axis=1) <= k)
            found[todo] = keep.sum(axis=1)
            done = (found[todo] >= k) | (kq >= len(members))
            out_t.append(np.repeat(todo[done], keep[done].sum(axis=1)))
            out_v.append(v[done][keep[done]])
            todo = todo[~done]
            kq = min(len(members), kq * 4)
    return np.concatenate(out_t), np.concatenate(out_v), found


def backward(ix: VolunteerIndex, ta: TaskArrays, vols: I64, k: int) -> tuple[I64, I64]:
    """Up to k (task, volunteer) pairs per volunteer in ``vols``: its nearest tasks it could do.

    One pass with 6k neighbours (enough for most; these arcs add reach, they need not be exhaustive).
    """
    live = np.flatnonzero((ta.people > 0) & ta.known)
    if not len(live) or not len(vols):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    kq = min(len(live), 6 * k)
    _, idx = cKDTree(ta.xy[live]).query(ix.xy[vols], k=kq)
    t = live[idx.reshape(len(vols), kq)]
    v = np.repeat(vols, kq)
    tf = t.reshape(-1)
    skilled = np.all((ix.mask[v] & ta.mask[tf]) == ta.mask[tf], axis=1)
    ok = np.zeros(len(tf), np.bool_)
    ok[skilled] = ix.feasible(ta, tf[skilled], v[skilled])
    ok = ok.reshape(len(vols), kq)
    keep = ok & (np.cumsum(ok, axis=1) <= k)
    return t[keep], np.repeat(vols, keep.sum(axis=1))


def diagnose(ix: VolunteerIndex, ta: TaskArrays, t: int) -> Reason:
    """The first hard rule that leaves fewer volunteers than the task needs, over the whole pool."""
    need = int(ta.people[t])
    if not ta.known[t]:
        return Reason.NO_SKILL
    _, v = ix.skilled(ta.mask[t])
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

"""k nearest *feasible* volunteers per task, and the reason when a task has too few.

The KD-tree over the volunteers with the required skills is queried for more than k neighbours; the
other hard rules (pass, wellbeing, availability, spare capacity) are filtered with numpy, and tasks
still short of k are re-queried with 4× as many neighbours until the whole skilled pool is searched.
So a task with fewer than k candidates really has no other feasible volunteer.
"""

from __future__ import annotations

import numpy as np

from .index import I64, TaskArrays, VolunteerIndex
from .types import Reason


def candidates(ix: VolunteerIndex, ta: TaskArrays, rows: I64, k: int, spare: I64) -> tuple[I64, I64, I64]:
    """(task, volunteer) pairs, nearest first per task, and the number found per row of ``rows``."""
    found = np.zeros(len(ta.people), np.int64)
    out_t: list[I64] = []
    out_v: list[I64] = []
    rows = rows[ta.known[rows]]
    masks, group = np.unique(ta.mask[rows], axis=0, return_inverse=True)
    for g, mask in enumerate(masks):
        tree, members = ix.skilled(mask)
        if tree is None:
            continue
        todo = rows[group.reshape(-1) == g]
        kq = min(len(members), 3 * k)
        while len(todo):
            _, idx = tree.query(ta.xy[todo], k=kq)
            v = members[idx.reshape(len(todo), kq)]
            t = np.repeat(todo, kq)
            ok = (ix.feasible(ta, t, v.reshape(-1)) & (spare[v.reshape(-1)] > 0)).reshape(len(todo), kq)
            keep = ok & (np.cumsum(ok, axis=1) <= k)
            out_t.append(np.repeat(todo, keep.sum(axis=1)))
            out_v.append(v[keep])
            found[todo] = keep.sum(axis=1)
            done = (found[todo] >= k) | (kq >= len(members))
            todo = todo[~done]
            kq = min(len(members), kq * 4)
    if not out_t:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), found
    return np.concatenate(out_t), np.concatenate(out_v), found


def diagnose(ix: VolunteerIndex, ta: TaskArrays, t: int, spare: I64) -> Reason:
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

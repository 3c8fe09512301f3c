"""Online ranking: the best volunteers for one new task, each with the reason for its place."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .index import VolunteerIndex
from .solve import Penalties, pair_costs
from .types import Task


@dataclass(frozen=True)
class Ranked:
    rank: int
    volunteer_id: str
    score: int  # same cost units as batch matching (1 km = 100)
    km: float
    load: int
    capacity: int
    has_pass: bool | None  # None when the task is not in a sealed zone
    reason: str  # in English, for the CLI and logs; the web page words it from the fields
    spare_scarce: tuple[str, ...] = ()  # scarce skills the task does not use (why it ranks lower)


def rank_volunteers(
    task: Task, index: VolunteerIndex, n: int = 10, penalties: Penalties | None = None
) -> list[Ranked]:
    """Exact top ``n`` by score among feasible volunteers with a free place.

    The score is at least the travel cost, so the search widens until the farthest volunteer looked
    at is already farther than the n-th best score allows; nobody unseen can then rank higher.
    """
    pen = penalties or Penalties()
    ta = index.tasks([task])
    if not ta.known[0] or task.people == 0:
        return []
    tree, members = index.skilled(ta.mask[0])
    if tree is None:
        return []
    free = index.capacity - index.load
    kq = min(len(members), 4 * n + 16)
    while True:
        dist, idx = tree.query(ta.xy[0], k=kq)
        dist, idx = np.atleast_1d(dist), np.atleast_1d(idx)
        v = members[idx]
        t = np.zeros(len(v), np.int64)
        ok = index.feasible(ta, t, v) & (free[v] > 0)
        v = v[ok]
        km, cost = pair_costs(index, ta, t[ok], v, pen)
        score = cost + pen.load * index.load[v]
        order = np.argsort(score, kind="stable")[:n]
        # projected distance ≈ haversine; 1 % slack keeps the stopping rule safe
        bound = dist[-1] * pen.km * 0.99
        if kq >= len(members) or (len(order) == n and score[order[-1]] <= bound):
            break
        kq = min(len(members), kq * 4)
    return [_ranked(r + 1, index, task, int(v[i]), int(score[i]), float(km[i])) for r, i in enumerate(order)]


def _ranked(rank: int, index: VolunteerIndex, task: Task, v: int, score: int, km: float) -> Ranked:
    vol = index.volunteers[v]
    has_pass = (task.zone in vol.passes) if task.sealed else None
    parts = [f"{km:.1f} km"]
    parts.append("skills: " + ", ".join(sorted(task.skills)) if task.skills else "no special skill needed")
    parts.append(f"load {vol.load}/{vol.capacity}")
    if has_pass is not None:
        parts.append(f"pass for {task.zone}")
    spare_scarce = sorted((vol.skills - task.skills) & Penalties().scarce_skills)
    if spare_scarce:
        parts.append("ranked lower to keep " + ", ".join(spare_scarce) + " free")
    return Ranked(
        rank, vol.id, score, round(km, 3), vol.load, vol.capacity, has_pass, "; ".join(parts),
        tuple(spare_scarce),
    )

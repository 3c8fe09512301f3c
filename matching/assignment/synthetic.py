"""Seeded synthetic matching instances for the benchmark and tests (described in the README).

Tasks and volunteers spread over the same ~40 × 40 km city (tasks clustered like help requests,
volunteers more evenly, as they live everywhere). 60 % of tasks need no special skill, the rest one
skill; skills are held by 2–30 % of volunteers. 10 % of tasks lie in one of 20 sealed zones and 70 %
of volunteers hold a pass for one or two zones. Windows are a day of 8 two-hour slots; volunteers are
available in one or two 4–8 h blocks; 5 % are unfit; tasks take 0.5 or 1 h; capacity 6–16 tasks,
wellbeing hours left 6–16. By capacity the pool's places roughly match the places needed (about 1.2
per task); with one task per volunteer-hour (the matcher never double-books) only about half the
places can be filled, nearly all of them the level-1 and level-2 ones.
"""

from __future__ import annotations

import numpy as np

from matching.allocation.synthetic import _points

from .types import Task, Volunteer

SKILLS = (
    "driver",
    "doctor",
    "nurse",
    "counsellor",
    "social_worker",
    "translator",
    "sign_language",
    "logistics",
)
SKILL_P = (0.30, 0.03, 0.05, 0.05, 0.10, 0.04, 0.02, 0.25)
ZONES = tuple(f"Z{i:02d}" for i in range(20))


def tasks(n: int, seed: int = 1) -> list[Task]:
    rng = np.random.default_rng(seed)
    lat, lon = _points(rng, n, clustered=True)
    needs = rng.random(n) < 0.4
    skill = rng.choice(len(SKILLS), size=n, p=np.array(SKILL_P) / sum(SKILL_P))
    sealed = rng.random(n) < 0.1
    zone = rng.integers(0, len(ZONES), n)
    start = rng.integers(8, 20, n).astype(float)
    urgency = rng.choice([1, 2, 3, 4], size=n, p=[0.1, 0.2, 0.3, 0.4])
    people = rng.choice([1, 2, 3], size=n, p=[0.85, 0.12, 0.03])
    hours = rng.choice([0.5, 1.0], size=n)
    return [
        Task(
            id=f"T{i}",
            lat=float(lat[i]),
            lon=float(lon[i]),
            skills=frozenset({SKILLS[skill[i]]}) if needs[i] else frozenset(),
            zone=ZONES[zone[i]] if sealed[i] else None,
            sealed=bool(sealed[i]),
            start=float(start[i]),
            end=float(start[i] + 2),
            hours=float(hours[i]),
            urgency=int(urgency[i]),
            people=int(people[i]),
        )
        for i in range(n)
    ]


def volunteers(n: int, seed: int = 1) -> list[Volunteer]:
    rng = np.random.default_rng(seed + 10_000)
    lat, lon = _points(rng, n, clustered=False)
    has = rng.random((n, len(SKILLS))) < np.array(SKILL_P)
    passes = rng.random(n) < 0.7
    z1, z2 = rng.integers(0, len(ZONES), n), rng.integers(0, len(ZONES), n)
    s1 = rng.integers(6, 14, n)
    d1 = rng.integers(4, 9, n)
    second = rng.random(n) < 0.5
    s2 = rng.integers(15, 20, n)
    out = []
    for i in range(n):
        windows = ((float(s1[i]), float(s1[i] + d1[i])),)
        if second[i]:
            windows += ((float(s2[i]), float(s2[i] + 4)),)
        out.append(
            Volunteer(
                id=f"V{i}",
                lat=float(lat[i]),
                lon=float(lon[i]),
                skills=frozenset(SKILLS[j] for j in np.flatnonzero(has[i])),
                passes=frozenset({ZONES[z1[i]], ZONES[z2[i]]}) if passes[i] else frozenset(),
                windows=windows,
                capacity=int(rng.integers(6, 17)),
                load=0,
                hours_left=float(rng.integers(6, 17)),
                fit=bool(rng.random() > 0.05),
            )
        )
    return out

"""Inputs and outputs of task ↔ volunteer matching (plain dataclasses; the volunteers app maps to these).

Times are hours on any common clock (e.g. hours since the incident started); windows are [start, end).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray


class Reason(StrEnum):
    """Why a task (or some of its places) stayed open, checked in this order."""

    NO_SKILL = "no volunteer has the required skills"
    NO_PASS = "no volunteer with the skills holds a pass for the sealed zone"
    WELLBEING = "every such volunteer is unfit or has too few wellbeing hours left"
    NOT_AVAILABLE = "nobody suitable is available in the time window"
    AT_CAPACITY = "all suitable candidates are at capacity"


@dataclass(frozen=True)
class Task:
    id: str
    lat: float
    lon: float
    skills: frozenset[str] = frozenset()
    zone: str | None = None
    sealed: bool = False
    start: float = 0.0
    end: float = 24.0
    hours: float = 1.0  # time on the task; the volunteer must be free this long inside the window
    urgency: int = 3  # 1 (critical) … 4 (low)
    people: int = 1


@dataclass(frozen=True)
class Volunteer:
    id: str
    lat: float
    lon: float
    skills: frozenset[str] = frozenset()
    passes: frozenset[str] = frozenset()  # zones this volunteer may enter while sealed
    windows: tuple[tuple[float, float], ...] = ((0.0, 24.0),)
    capacity: int = 1  # open tasks this volunteer may hold at once
    load: int = 0  # open tasks already held
    hours_left: float = 8.0  # before a wellbeing limit (day/week hours, rest) is hit
    fit: bool = True  # False when sick, quarantined or flagged for rest


@dataclass
class Assignment:
    """Batch result, columnar (one entry per task–volunteer pair); ``pairs()`` gives readable rows."""

    tasks: list[Task]
    volunteers: list[Volunteer]
    task: NDArray[np.int64]
    volunteer: NDArray[np.int64]
    km: NDArray[np.float64]
    objective: int  # travel + penalties + unassigned penalties, in cost units (1 km = 100)
    unfilled: NDArray[np.int64]  # open places per task
    reasons: dict[str, Reason]  # task id → reason, for tasks with open places
    start: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))  # start hour per pair
    solves: int = 1  # full solves (level-1 re-solves, overlap repairs; widening runs only the fill step)

    @property
    def assigned(self) -> int:
        return len(self.task)

    @property
    def km_total(self) -> float:
        return float(self.km.sum())

    def pairs(self) -> list[tuple[str, str, float]]:
        return [
            (self.tasks[t].id, self.volunteers[v].id, round(float(d), 3))
            for t, v, d in zip(self.task, self.volunteer, self.km, strict=True)
        ]

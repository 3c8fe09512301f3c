"""Volunteers as arrays, plus one KD-tree per required-skill set, shared by batch and online matching.

Skills are bitmasks, so "has every required skill" is one vectorised AND. Trees are built per
required-skill set over only the volunteers who have those skills: a task needing a sign-language
interpreter then searches the few interpreters, not 50,000 volunteers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from matching.geo import project

from .types import Task, Volunteer

if TYPE_CHECKING:
    from scipy.spatial import cKDTree

I64 = NDArray[np.int64]
F64 = NDArray[np.float64]
BOOL = NDArray[np.bool_]


@dataclass
class TaskArrays:
    xy: F64
    lat: F64
    lon: F64
    mask: NDArray[np.uint64]  # (tasks, words)
    known: BOOL  # False if a required skill is unknown to every volunteer
    zone: I64  # -1: no zone or a zone nobody has a pass for
    sealed: BOOL
    start: F64
    end: F64
    hours: F64
    urgency: I64
    people: I64
    # start hours as bits (bit i = hour h0 + i) where the task window allows a start, and the index of
    # the task's duration in ``VolunteerIndex`` bit tables; None when the clock spans over 64 hours
    hour_bits: NDArray[np.uint64] | None = None
    duration: I64 | None = None


@dataclass
class VolunteerIndex:
    volunteers: list[Volunteer]
    lat0: float
    xy: F64
    lat: F64
    lon: F64
    mask: NDArray[np.uint64]
    skill_bit: dict[str, int]
    fit: BOOL
    hours_left: F64
    capacity: I64
    load: I64
    wstart: F64  # (volunteers, max windows), padded with empty windows
    wend: F64
    zone_code: dict[str, int]
    pass_keys: I64  # sorted volunteer * zones + zone
    _trees: dict[bytes, tuple[Any, I64]] = field(default_factory=dict)
    _skills: dict[bytes, BOOL] = field(default_factory=dict)
    _holders: dict[int, BOOL] = field(default_factory=dict)
    _wfirst: F64 | None = None
    _h0: int | None = -(2**62)  # not computed yet
    _durations: dict[float, int] = field(default_factory=dict)
    _vbits: list[NDArray[np.uint64]] = field(default_factory=list)
    _vtable: NDArray[np.uint64] | None = None  # _vbits stacked, (durations, volunteers)

    @classmethod
    def build(cls, volunteers: Sequence[Volunteer]) -> VolunteerIndex:
        vols = list(volunteers)
        n = len(vols)
        for v in vols:
            if any(e < s for s, e in v.windows):
                raise ValueError(f"volunteer {v.id}: an availability window ends before it starts")
            if v.capacity < 0 or v.load < 0:
                raise ValueError(f"volunteer {v.id}: capacity and load must be ≥ 0")
        skill_bit = {s: i for i, s in enumerate(sorted({s for v in vols for s in v.skills}))}
        zone_code = {z: i for i, z in enumerate(sorted({z for v in vols for z in v.passes}))}
        lat = np.fromiter((v.lat for v in vols), np.float64, n)
        lon = np.fromiter((v.lon for v in vols), np.float64, n)
        lat0 = float(lat.mean()) if n else 0.0
        m = max((len(v.windows) for v in vols), default=1) or 1
        wstart, wend = np.full((n, m), np.inf), np.full((n, m), -np.inf)
        for i, v in enumerate(vols):
            for j, (s, e) in enumerate(v.windows):
                wstart[i, j], wend[i, j] = s, e
        keys = [i * len(zone_code) + zone_code[z] for i, v in enumerate(vols) for z in v.passes]
        return cls(
            volunteers=vols,
            lat0=lat0,
            xy=project(lat, lon, lat0),
            lat=lat,
            lon=lon,
            mask=_masks([v.skills for v in vols], skill_bit),
            skill_bit=skill_bit,
            fit=np.fromiter((v.fit for v in vols), np.bool_, n),
            hours_left=np.fromiter((v.hours_left for v in vols), np.float64, n),
            capacity=np.fromiter((v.capacity for v in vols), np.int64, n),
            load=np.fromiter((v.load for v in vols), np.int64, n),
            wstart=wstart,
            wend=wend,
            zone_code=zone_code,
            pass_keys=np.sort(np.array(keys, np.int64)),
        )

    @property
    def words(self) -> int:
        return max(1, (len(self.skill_bit) + 63) // 64)

    def tasks(self, tasks: Sequence[Task]) -> TaskArrays:
        n = len(tasks)
        for t in tasks:
            if t.end - t.start < t.hours or t.people < 0 or t.urgency not in (1, 2, 3, 4):
                raise ValueError(f"task {t.id}: window shorter than its hours, people < 0 or bad urgency")
        lat = np.fromiter((t.lat for t in tasks), np.float64, n)
        lon = np.fromiter((t.lon for t in tasks), np.float64, n)
        ta = TaskArrays(
            xy=project(lat, lon, self.lat0),
            lat=lat,
            lon=lon,
            mask=_masks([t.skills for t in tasks], self.skill_bit, self.words),
            known=np.fromiter((t.skills <= self.skill_bit.keys() for t in tasks), np.bool_, n),
            zone=np.fromiter((self.zone_code.get(t.zone, -1) if t.zone else -1 for t in tasks), np.int64, n),
            sealed=np.fromiter((t.sealed for t in tasks), np.bool_, n),
            start=np.fromiter((t.start for t in tasks), np.float64, n),
            end=np.fromiter((t.end for t in tasks), np.float64, n),
            hours=np.fromiter((t.hours for t in tasks), np.float64, n),
            urgency=np.fromiter((t.urgency for t in tasks), np.int64, n),
            people=np.fromiter((t.people for t in tasks), np.int64, n),
        )
        if self.h0 is not None:
            ta.duration = np.array([self._duration(float(q)) for q in ta.hours.tolist()], np.int64)
            lo = np.ceil(ta.start - 1e-9) - self.h0
            hi = np.floor(ta.end - ta.hours + 1e-9) - self.h0
            ta.hour_bits = _bits(lo, hi)
        return ta

    @property
    def h0(self) -> int | None:
        """First hour of the start-hour bit tables; None if the windows span more than 63 hours."""
        if self._h0 == -(2**62):
            finite = np.isfinite(self.wstart)
            h0 = int(np.floor(self.wstart[finite].min())) if finite.any() else 0
            self._h0 = h0 if not finite.any() or self.wend[finite].max() - h0 <= 63 else None
        return self._h0

    def _duration(self, hours: float) -> int:
        """Index of the bit table of starts per volunteer for tasks lasting ``hours`` (built once)."""
        if hours not in self._durations:
            h0 = self.h0 or 0
            lo = np.ceil(self.wstart - 1e-9) - h0
            hi = np.floor(self.wend - hours + 1e-9) - h0
            bits = np.bitwise_or.reduce(_bits(lo, hi), axis=1) if self.wstart.size else np.zeros(0, np.uint64)
            self._vbits.append(bits.reshape(len(self.volunteers)))
            # published after the table exists: an index may be shared by threads (online ranking)
            self._durations[hours] = len(self._vbits) - 1
        return self._durations[hours]

    def start_bits(self, ta: TaskArrays, t: I64, v: I64) -> NDArray[np.uint64]:
        """Start hours (as bits) at which ``v`` can do ``t``: inside the task window and one window of v."""
        assert ta.hour_bits is not None and ta.duration is not None
        if len(self._vbits) == 1:
            return ta.hour_bits[t] & self._vbits[0][v]
        table = self._vtable  # read once: another thread may add a duration meanwhile
        if table is None or len(table) != len(self._vbits):
            table = self._vtable = np.stack(self._vbits)
        return ta.hour_bits[t] & table[ta.duration[t], v]

    def has_skills(self, mask: NDArray[np.uint64]) -> BOOL:
        """Volunteers holding every skill in ``mask`` (cached per mask)."""
        key = mask.tobytes()
        if key not in self._skills:
            self._skills[key] = np.all((self.mask & mask) == mask, axis=1)
        return self._skills[key]

    def skilled(self, mask: NDArray[np.uint64]) -> tuple[cKDTree | None, I64]:
        """KD-tree and ids of the volunteers holding every skill in ``mask`` (cached per mask)."""
        from scipy.spatial import cKDTree  # imported here: building an index must not load SciPy

        key = mask.tobytes()
        if key not in self._trees:
            members = np.flatnonzero(self.has_skills(mask))
            self._trees[key] = (cKDTree(self.xy[members]) if len(members) else None, members)
        return self._trees[key]

    def pass_holders(self, zone: int) -> BOOL:
        """Volunteers holding a pass for zone code ``zone`` (cached)."""
        if zone not in self._holders:
            n_z = max(len(self.zone_code), 1)
            held = self.pass_keys[self.pass_keys % n_z == zone] // n_z
            self._holders[zone] = np.isin(np.arange(len(self.volunteers)), held)
        return self._holders[zone]

    # Hard rules, vectorised over (task, volunteer) pairs -------------------------------------------
    def has_pass(self, ta: TaskArrays, t: I64, v: I64) -> BOOL:
        ok = ~ta.sealed[t]
        check = np.flatnonzero(~ok)  # only sealed-zone tasks need the (slower) pass lookup
        if len(self.pass_keys) and len(check):
            z = ta.zone[t[check]]
            keys = v[check] * len(self.zone_code) + z
            pos = np.minimum(np.searchsorted(self.pass_keys, keys), len(self.pass_keys) - 1)
            ok[check] = (z >= 0) & (self.pass_keys[pos] == keys)
        return ok

    def well(self, ta: TaskArrays, t: I64, v: I64) -> BOOL:
        return self.fit[v] & (self.hours_left[v] >= ta.hours[t] - 1e-9)

    def starts(self, ta: TaskArrays, t: I64, v: I64, options: int = 1) -> F64:
        """The first ``options`` start hours (whole hours) at which ``v`` can do ``t``, NaN where none.

        Plans put tasks on the hour: [h, h + hours) must lie inside the task window and one
        availability window. Each (volunteer, hour) then takes one task, so a volunteer's tasks never
        overlap (a task under an hour keeps the rest of the hour for travel).
        """
        if ta.hour_bits is not None:
            bits = self.start_bits(ta, t, v)
            out = np.full((len(t), options), np.nan)
            for i in range(options):
                low = bits & (~bits + np.uint64(1))  # lowest set bit
                has = low != 0
                out[has, i] = (self.h0 or 0) + np.bitwise_count(low[has] - np.uint64(1)).astype(np.float64)
                bits &= ~low
            return out
        first, last = self._bounds(ta, t, v)
        cols = [np.where(first + i <= last, first + i, np.inf) for i in range(options)]
        out = np.concatenate(cols, axis=1)
        out = out.min(axis=1, keepdims=True) if options == 1 else np.sort(out, axis=1)[:, :options]
        return np.where(np.isfinite(out), out, np.nan)

    def available(self, ta: TaskArrays, t: I64, v: I64) -> BOOL:
        if ta.hour_bits is not None:
            return self.start_bits(ta, t, v) != 0
        first, last = self._bounds(ta, t, v)
        return np.any(first <= last, axis=1)

    def _bounds(self, ta: TaskArrays, t: I64, v: I64) -> tuple[F64, F64]:
        """First and last whole start hour per (pair, availability window); empty where first > last."""
        if self._wfirst is None:
            self._wfirst = np.ceil(self.wstart - 1e-9)
        first = np.maximum(np.ceil(ta.start[t] - 1e-9)[:, None], self._wfirst[v])
        last = np.minimum(ta.end[t][:, None], self.wend[v]) - ta.hours[t][:, None] + 1e-9
        return first, last

    def feasible(self, ta: TaskArrays, t: I64, v: I64) -> BOOL:
        return self.has_pass(ta, t, v) & self.well(ta, t, v) & self.available(ta, t, v)


_ALL = np.uint64(0xFFFF_FFFF_FFFF_FFFF)


def _bits(lo: F64, hi: F64) -> NDArray[np.uint64]:
    """Bits lo..hi (inclusive, clipped to 0..63) set; 0 where the range is empty."""
    empty = (hi < lo) | (hi < 0) | (lo > 63) | ~np.isfinite(lo) | ~np.isfinite(hi)
    lo_c = np.clip(np.where(empty, 0, lo), 0, 63).astype(np.uint64)
    hi_c = np.clip(np.where(empty, 0, hi), 0, 63).astype(np.uint64)
    out = (_ALL >> (np.uint64(63) - hi_c)) & (_ALL << lo_c)
    return np.where(empty, np.uint64(0), out)


def _masks(
    sets: Sequence[frozenset[str]], bit: dict[str, int], words: int | None = None
) -> NDArray[np.uint64]:
    words = words or max(1, (len(bit) + 63) // 64)
    out = np.zeros((len(sets), words), np.uint64)
    for i, s in enumerate(sets):
        for name in s:
            if name in bit:
                b = bit[name]
                out[i, b // 64] |= np.uint64(1) << np.uint64(b % 64)
    return out

"""Columnar view of an allocation instance and its candidate (source → need line) arcs.

A *source* is one pool of stock that can be shipped as a unit: the unrestricted stock of one item in
one warehouse, or one restricted lot. Restrictions are enforced by which arcs exist, so no solver or
baseline can send restricted stock where the donor did not allow it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from matching.geo import haversine_km, project

from .types import NeedLine, Restriction, Warehouse

I64 = NDArray[np.int64]
F64 = NDArray[np.float64]


def _codes(values: Sequence[object]) -> tuple[I64, list[object]]:
    index: dict[object, int] = {}
    codes = np.fromiter((index.setdefault(v, len(index)) for v in values), dtype=np.int64, count=len(values))
    return codes, list(index)


@dataclass
class Problem:
    warehouses: list[Warehouse]
    lines: list[NeedLine]
    items: list[object]
    # per line
    item: I64
    q: I64
    urgency: I64
    lat: F64
    lon: F64
    # per source
    src_wh: I64
    src_lot: I64  # -1 = unrestricted stock
    src_item: I64
    src_qty: I64
    allowed: NDArray[np.bool_]  # (sources, lines); only built for restricted sources, see allows()
    src_restr: I64  # row of ``allowed`` or -1

    @classmethod
    def build(cls, warehouses: Sequence[Warehouse], lines: Sequence[NeedLine]) -> Problem:
        warehouses, lines = list(warehouses), list(lines)
        for line in lines:
            if line.quantity < 0 or line.urgency not in (1, 2, 3, 4):
                raise ValueError(f"need line {line.id}: quantity must be ≥ 0 and urgency 1–4")
        item_names = [ln.item for ln in lines]
        srcs: list[tuple[int, int, str, int, Restriction | None]] = []
        for w, house in enumerate(warehouses):
            srcs += [(w, -1, it, qty, None) for it, qty in house.stock.items()]
            srcs += [(w, j, lot.item, lot.quantity, lot.restriction) for j, lot in enumerate(house.lots)]
        if any(s[3] < 0 for s in srcs):
            raise ValueError("stock quantities must be ≥ 0")
        item_codes, items = _codes(item_names + [s[2] for s in srcs])
        n = len(lines)
        restrictions = list(dict.fromkeys(s[4] for s in srcs if s[4] is not None))
        allowed = _allowed_matrix(restrictions, lines)
        r_index = {r: i for i, r in enumerate(restrictions)}
        return cls(
            warehouses=warehouses,
            lines=lines,
            items=items,
            item=item_codes[:n],
            q=np.fromiter((ln.quantity for ln in lines), np.int64, n),
            urgency=np.fromiter((ln.urgency for ln in lines), np.int64, n),
            lat=np.fromiter((ln.lat for ln in lines), np.float64, n),
            lon=np.fromiter((ln.lon for ln in lines), np.float64, n),
            src_wh=np.array([s[0] for s in srcs], np.int64),
            src_lot=np.array([s[1] for s in srcs], np.int64),
            src_item=item_codes[n:],
            src_qty=np.array([s[3] for s in srcs], np.int64),
            allowed=allowed,
            src_restr=np.array([r_index[s[4]] if s[4] is not None else -1 for s in srcs], np.int64),
        )

    def wh_latlon(self) -> tuple[F64, F64]:
        return (
            np.array([w.lat for w in self.warehouses], np.float64),
            np.array([w.lon for w in self.warehouses], np.float64),
        )

    def allows(self, src: I64, line: I64) -> NDArray[np.bool_]:
        r = self.src_restr[src]
        ok = r < 0
        if self.allowed.size:
            ok = ok | self.allowed[np.maximum(r, 0), line] & (r >= 0)
        return ok


def _allowed_matrix(restrictions: list[Restriction], lines: list[NeedLine]) -> NDArray[np.bool_]:
    """(restrictions, lines) booleans, computed on the few distinct kinds/districts/groups, not per line."""
    out = np.ones((len(restrictions), len(lines)), dtype=np.bool_)
    if not restrictions:
        return out
    kind, kinds = _codes([ln.site_kind for ln in lines])
    dist, dists = _codes([ln.district for ln in lines])
    grp, grps = _codes([ln.groups for ln in lines])
    for i, r in enumerate(restrictions):
        if r.site_kinds is not None:
            out[i] &= np.array([k in r.site_kinds for k in kinds], np.bool_)[kind]
        if r.district_prefixes is not None:
            out[i] &= np.array([str(d).startswith(r.district_prefixes) for d in dists], np.bool_)[dist]
        if r.groups is not None:
            out[i] &= np.array([bool(r.groups & g) for g in grps], np.bool_)[grp]  # type: ignore[operator]
    return out


@dataclass
class Arcs:
    line: I64
    src: I64
    km: F64


def candidate_arcs(p: Problem, k: int | None) -> Arcs:
    """Arcs from every source to the lines of its item, restricted to each line's k nearest warehouses
    holding that item (all of them when ``k`` is None), minus arcs a donor restriction forbids."""
    wlat, wlon = p.wh_latlon()
    lat0 = float(np.mean(p.lat)) if len(p.lat) else 0.0
    parts: list[tuple[I64, I64]] = []
    for c in range(len(p.items)):
        lines_c = np.flatnonzero(p.item == c)
        srcs_c = np.flatnonzero((p.src_item == c) & (p.src_qty > 0))
        if not len(lines_c) or not len(srcs_c):
            continue
        srcs_c = srcs_c[np.argsort(p.src_wh[srcs_c], kind="stable")]
        whs_c, start, count = np.unique(p.src_wh[srcs_c], return_index=True, return_counts=True)
        if k is None or k >= len(whs_c):
            pos = np.tile(np.arange(len(whs_c)), len(lines_c))
            ln = np.repeat(lines_c, len(whs_c))
        else:
            from scipy.spatial import cKDTree  # lazy: importing the package must not load SciPy

            tree = cKDTree(project(wlat[whs_c], wlon[whs_c], lat0))
            _, idx = tree.query(project(p.lat[lines_c], p.lon[lines_c], lat0), k=k)
            pos = idx.reshape(-1)
            ln = np.repeat(lines_c, k)
        # expand (line, warehouse) to (line, each source of that warehouse for this item)
        reps = count[pos]
        ln = np.repeat(ln, reps)
        first = np.repeat(start[pos] - (np.cumsum(reps) - reps), reps)
        src = srcs_c[first + np.arange(len(ln))]
        parts.append((ln, src))
    if not parts:
        return Arcs(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float64))
    line = np.concatenate([a for a, _ in parts])
    src = np.concatenate([b for _, b in parts])
    keep = p.allows(src, line)
    line, src = line[keep], src[keep]
    km = haversine_km(p.lat[line], p.lon[line], wlat[p.src_wh[src]], wlon[p.src_wh[src]])
    return Arcs(line, src, km)

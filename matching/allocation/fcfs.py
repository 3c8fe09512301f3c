"""Baseline: first come, first served from the nearest warehouse that still has stock.

This is what a hub does without an engine: take requests in the order they arrive and fill each one
in full from the nearest warehouse, then the next nearest, until the need is met or stock runs out.
Donor restrictions are respected (an allowed restricted lot is used before general stock).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from matching.geo import haversine_km

from .problem import Arcs, Problem
from .solve import build_plan
from .types import NeedLine, Plan, Warehouse


def allocate_fcfs(warehouses: Sequence[Warehouse], lines: Sequence[NeedLine]) -> Plan:
    """Lines are served in the order given (their arrival order)."""
    p = Problem.build(warehouses, lines)
    wlat, wlon = p.wh_latlon()
    left = p.src_qty.copy()
    out_line: list[int] = []
    out_src: list[int] = []
    out_qty: list[int] = []
    for c in range(len(p.items)):
        srcs_c = np.flatnonzero((p.src_item == c) & (p.src_qty > 0))
        lines_c = np.flatnonzero(p.item == c)
        if not len(srcs_c) or not len(lines_c):
            continue
        # restricted lots first within a warehouse, then general stock
        srcs_c = srcs_c[np.lexsort((p.src_restr[srcs_c] < 0, p.src_wh[srcs_c]))]
        whs_c, start = np.unique(p.src_wh[srcs_c], return_index=True)
        bounds = [*start.tolist(), len(srcs_c)]
        groups = [srcs_c[bounds[i] : bounds[i + 1]].tolist() for i in range(len(whs_c))]
        dist = haversine_km(p.lat[lines_c, None], p.lon[lines_c, None], wlat[whs_c], wlon[whs_c])
        order = np.argsort(dist, axis=1, kind="stable")
        total_left = int(left[srcs_c].sum())
        for row, i in enumerate(lines_c.tolist()):
            need = int(p.q[i])
            for pos in order[row].tolist():
                if need == 0 or total_left == 0:
                    break
                for s in groups[pos]:
                    if left[s] == 0 or (p.src_restr[s] >= 0 and not p.allowed[p.src_restr[s], i]):
                        continue
                    take = min(need, int(left[s]))
                    left[s] -= take
                    total_left -= take
                    need -= take
                    out_line.append(i)
                    out_src.append(s)
                    out_qty.append(take)
                    if need == 0:
                        break
    line = np.array(out_line, np.int64)
    src = np.array(out_src, np.int64)
    km = haversine_km(p.lat[line], p.lon[line], wlat[p.src_wh[src]], wlon[p.src_wh[src]])
    return build_plan(p, Arcs(line, src, km), np.array(out_qty, np.int64), "fcfs")

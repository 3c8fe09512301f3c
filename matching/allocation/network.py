"""Build and solve the flow network, one item at a time (items share no stock, and several small flows
solve faster than one large one).

Two shapes of network:

* **direct** — source → need line for every warehouse holding the item (small instances);
* **zones** — source → *zone node* (restriction class, warehouse b) → need line, with a line linked
  only to the zone nodes of its k nearest warehouses. Every source reaches every zone node (W arcs per
  source, at the warehouse-to-warehouse distance), so any stock can reach any line while a line still
  has only k × (classes allowing it) arcs. The cost of a route a → b → line over-estimates the direct
  trip a → line by the detour via b (zero when a is among the line's k nearest), so the plan leans
  to near stock; the plan ships directly and reports the direct kilometres.

Restrictions are still *which arcs exist*: a zone node carries one restriction class, only sources of
that class feed it, and it links only to lines that class allows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matching.geo import haversine_km, project

from .problem import I64, Problem


@dataclass
class Flow:
    """Shipped quantities as parallel arrays: source, line, quantity (all positive)."""

    src: I64
    line: I64
    qty: I64

    @classmethod
    def concat(cls, parts: list[Flow]) -> Flow:
        if not parts:
            z = np.zeros(0, np.int64)
            return cls(z, z.copy(), z.copy())
        return cls(*(np.concatenate([getattr(f, a) for f in parts]) for a in ("src", "line", "qty")))


def solve_graph(tails: I64, heads: I64, caps: I64, costs: I64, supplies: I64) -> np.ndarray:
    """Max flow at min cost (stock never idles because it is far: value and distance decide who gets
    it); returns the flow on every arc."""
    from ortools.graph.python import min_cost_flow  # lazy: web workers load OR-Tools only to plan

    smcf = min_cost_flow.SimpleMinCostFlow()
    smcf.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32), heads.astype(np.int32), caps.astype(np.int64), costs.astype(np.int64)
    )
    smcf.set_nodes_supplies(np.arange(len(supplies), dtype=np.int32), supplies.astype(np.int64))
    status = smcf.solve_max_flow_with_min_cost()
    if status != smcf.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed: {status}")
    return np.asarray(smcf.flows(np.arange(len(tails), dtype=np.int32)), dtype=np.int64)


def solve_direct(
    p: Problem, src: I64, lines: I64, arc_src: I64, arc_line: I64, arc_cost: I64, segs: tuple[I64, I64, I64]
) -> Flow:
    """One item: ``src``/``lines`` are global indices, arcs given globally (all of this item)."""
    seg_line, seg_cap, seg_cost = segs
    n_s, n_l = len(src), len(lines)
    s_pos, l_pos = _positions(src, len(p.src_qty)), _positions(lines, len(p.lines))
    sink = n_s + n_l
    tails = np.concatenate([s_pos[arc_src], n_s + l_pos[seg_line]])
    heads = np.concatenate([n_s + l_pos[arc_line], np.full(len(seg_line), sink)])
    caps = np.concatenate([np.minimum(p.src_qty[arc_src], p.q[arc_line]), seg_cap])
    costs = np.concatenate([arc_cost, seg_cost])
    supplies = np.concatenate([p.src_qty[src], np.zeros(n_l, np.int64), [-int(p.src_qty[src].sum())]])
    flow = solve_graph(tails, heads, caps, costs, supplies)[: len(arc_src)]
    used = flow > 0
    return Flow(arc_src[used], arc_line[used], flow[used])


def nearest_warehouses(p: Problem, k: int) -> I64:
    """(lines, k) indices of each line's k nearest warehouses (any, holding stock or not)."""
    from scipy.spatial import cKDTree  # lazy, like OR-Tools above

    wlat, wlon = p.wh_latlon()
    k = min(k, len(wlat))
    lat0 = float(np.mean(p.lat)) if len(p.lat) else 0.0
    tree = cKDTree(project(wlat, wlon, lat0))
    _, idx = tree.query(project(p.lat, p.lon, lat0), k=k)
    return np.asarray(idx, np.int64).reshape(len(p.lat), k)


def solve_zones(
    p: Problem, src: I64, lines: I64, knn: I64, wh_km: np.ndarray, km_cost: float, segs: tuple[I64, I64, I64]
) -> Flow:
    """One item through zone nodes; ``knn`` is (len(lines), k), ``wh_km`` warehouse × warehouse km."""
    seg_line, seg_cap, seg_cost = segs
    n_w = len(p.warehouses)
    classes, src_class = np.unique(p.src_restr[src], return_inverse=True)  # -1 = unrestricted
    n_s, n_l, n_z = len(src), len(lines), len(classes) * n_w
    zone0, line0 = n_s, n_s + len(classes) * n_w
    sink = line0 + n_l
    # source → every zone node of its class
    s_rep = np.repeat(np.arange(n_s), n_w)
    b_rep = np.tile(np.arange(n_w), n_s)
    t1, h1 = s_rep, zone0 + src_class[s_rep] * n_w + b_rep
    c1 = np.rint(wh_km[p.src_wh[src][s_rep], b_rep] * km_cost)
    cap1 = p.src_qty[src][s_rep]
    # zone node → line, for the line's k nearest warehouses and every class that allows the line
    k = knn.shape[1]
    l_rep = np.repeat(np.arange(n_l), k)
    b_of = knn.reshape(-1)
    wlat, wlon = p.wh_latlon()
    km_bl = haversine_km(wlat[b_of], wlon[b_of], p.lat[lines[l_rep]], p.lon[lines[l_rep]])
    t2, h2, c2, cap2 = [], [], [], []
    for ci, r in enumerate(classes.tolist()):
        ok = np.ones(len(l_rep), bool) if r < 0 else p.allowed[r, lines[l_rep]]
        t2.append(zone0 + ci * n_w + b_of[ok])
        h2.append(line0 + l_rep[ok])
        c2.append(np.rint(km_bl[ok] * km_cost))
        cap2.append(p.q[lines[l_rep[ok]]])
    l_pos = _positions(lines, len(p.lines))
    tails = np.concatenate([t1, *t2, line0 + l_pos[seg_line]])
    heads = np.concatenate([h1, *h2, np.full(len(seg_line), sink)])
    caps = np.concatenate([cap1, *cap2, seg_cap])
    costs = np.concatenate([c1, *c2, seg_cost]).astype(np.int64)
    supplies = np.concatenate([p.src_qty[src], np.zeros(n_z + n_l, np.int64), [-int(p.src_qty[src].sum())]])
    flow = solve_graph(tails, heads, caps, costs, supplies)
    n1, n2 = len(t1), sum(len(x) for x in t2)
    f1, f2 = flow[:n1], flow[n1 : n1 + n2]
    return _pair_through_zones(
        zone_in=h1[f1 > 0] - zone0,
        src_in=src[s_rep[f1 > 0]],
        q_in=f1[f1 > 0],
        zone_out=np.concatenate(t2)[f2 > 0] - zone0,
        line_out=lines[np.concatenate(h2)[f2 > 0] - line0],
        q_out=f2[f2 > 0],
    )


def _pair_through_zones(
    zone_in: I64, src_in: I64, q_in: I64, zone_out: I64, line_out: I64, q_out: I64
) -> Flow:
    """Decompose the flow through zone nodes into (source, line) pairs. In- and outflow balance at each
    zone node, so after sorting both sides by zone their running totals meet at every zone boundary and
    one merge of the two cumulative sums pairs them without crossing zones. All sources entering a zone
    node share its restriction class, so any pairing respects the donors' conditions."""
    a, b = np.argsort(zone_in, kind="stable"), np.argsort(zone_out, kind="stable")
    src_in, q_in, line_out, q_out = src_in[a], q_in[a], line_out[b], q_out[b]
    cum_in, cum_out = np.cumsum(q_in), np.cumsum(q_out)
    ends = np.union1d(cum_in, cum_out)
    qty = np.diff(ends, prepend=0)
    i = np.searchsorted(cum_in, ends, side="left")
    j = np.searchsorted(cum_out, ends, side="left")
    keep = qty > 0
    return Flow(src_in[i[keep]], line_out[j[keep]], qty[keep])


def _positions(idx: I64, n: int) -> I64:
    pos = np.full(n, -1, np.int64)
    pos[idx] = np.arange(len(idx))
    return pos

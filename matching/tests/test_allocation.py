import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from matching.allocation import (
    Lot,
    NeedLine,
    Policy,
    Restriction,
    Warehouse,
    allocate,
    allocate_fcfs,
    allocate_utilitarian,
    gini,
)
from matching.allocation.problem import Problem, candidate_arcs
from matching.allocation.segments import fair_segments, proportional_limit

ITEMS = ("mask", "rice")
KINDS = ("hospital", "community", "care_home")
RESTRICTIONS = (
    Restriction(site_kinds=frozenset({"hospital"})),
    Restriction(district_prefixes=("420102",)),
    Restriction(groups=frozenset({"elderly"})),
)


@st.composite
def instances(draw):
    n_wh = draw(st.integers(1, 3))
    houses = []
    for w in range(n_wh):
        stock = {it: draw(st.integers(0, 40)) for it in ITEMS if draw(st.booleans())}
        lots = tuple(
            Lot(
                f"W{w}-{j}",
                draw(st.sampled_from(ITEMS)),
                draw(st.integers(0, 30)),
                draw(st.sampled_from(RESTRICTIONS)),
            )
            for j in range(draw(st.integers(0, 2)))
        )
        lat, lon = draw(st.floats(30.4, 30.8)), draw(st.floats(114.1, 114.5))
        houses.append(Warehouse(f"W{w}", lat, lon, stock, lots))
    lines = []
    for i in range(draw(st.integers(1, 7))):
        kind = draw(st.sampled_from(KINDS))
        lines.append(
            NeedLine(
                id=f"L{i}",
                site_id=f"S{i}",
                site_kind=kind,
                district=draw(st.sampled_from(("420102", "420103"))),
                lat=draw(st.floats(30.4, 30.8)),
                lon=draw(st.floats(114.1, 114.5)),
                item=draw(st.sampled_from(ITEMS)),
                quantity=draw(st.integers(0, 50)),
                urgency=draw(st.integers(1, 4)),
                groups=frozenset({"elderly"}) if kind == "care_home" else frozenset(),
            )
        )
    return houses, lines


def _check_limits(plan, houses, lines):
    by_id = {ln.id: ln for ln in lines}
    drawn: dict[tuple[str, str | None, str], int] = {}
    for m in plan.moves():
        line = by_id[m.need_id]
        assert m.item == line.item and m.quantity > 0
        drawn[(m.warehouse_id, m.lot_id, m.item)] = (
            drawn.get((m.warehouse_id, m.lot_id, m.item), 0) + m.quantity
        )
        if m.lot_id is not None:
            lot = next(lt for h in houses for lt in h.lots if lt.id == m.lot_id)
            assert lot.restriction.allows(line), (lot, line)
    for (wid, lot_id, item), qty in drawn.items():
        house = next(h for h in houses if h.id == wid)
        limit = (
            house.stock.get(item, 0)
            if lot_id is None
            else sum(lt.quantity for lt in house.lots if lt.id == lot_id)
        )
        assert qty <= limit
    served = plan.served_by_line()
    assert all(0 <= served[ln.id] <= ln.quantity for ln in lines)


@settings(max_examples=60, deadline=None)
@given(instances())
def test_it_never_exceeds_stock_or_need_and_respects_restrictions(inst):
    houses, lines = inst
    plans = (
        allocate(houses, lines),
        allocate(houses, lines, k=1),  # zone network: one nearest warehouse per line, transfers between
        allocate_fcfs(houses, lines),
        allocate_utilitarian(houses, lines),
        allocate_utilitarian(houses, lines, k=1),
    )
    for plan in plans:
        _check_limits(plan, houses, lines)


@settings(max_examples=60, deadline=None)
@given(instances())
def test_it_is_fair_between_lines_sharing_stock(inst):
    """No line gets more than share + cap while an equally or more urgent line that the same stock
    could have reached gets nothing."""
    houses, lines = inst
    policy = Policy()
    plan = allocate(houses, lines, policy=policy)
    p = Problem.build(houses, lines)
    demand = {it: sum(ln.quantity for ln in lines if ln.item == it) for it in ITEMS}
    stock = {it: sum(p.src_qty[p.src_item == p.items.index(it)]) if it in p.items else 0 for it in ITEMS}
    starved = [j for j, ln in enumerate(lines) if ln.quantity > 0 and plan.served[j] == 0]
    for w, lot, a in zip(plan.wh, plan.lot, plan.line, strict=True):
        line_a = lines[a]
        share = stock[line_a.item] / max(demand[line_a.item], 1)
        if plan.served[a] <= proportional_limit(share, policy.fair_cap, line_a.quantity):
            continue
        src = np.flatnonzero(
            (p.src_wh == w) & (p.src_lot == lot) & (p.src_item == p.items.index(line_a.item))
        )
        for b in starved:
            same_stock = lines[b].item == line_a.item and p.allows(src, np.array([b]))[0]
            assert not (same_stock and lines[b].urgency <= line_a.urgency), (line_a, lines[b])


def _lp_optimum(p: Problem, arcs, seg_line, seg_cap, seg_cost, km_cost):
    """Max flow, then min cost at that flow, solved independently with HiGHS."""
    n_a, n_s = len(arcs.line), len(seg_line)
    if n_a == 0:
        return 0.0, 0.0
    a_src = np.zeros((len(p.src_qty), n_a + n_s))
    a_src[arcs.src, np.arange(n_a)] = 1
    a_bal = np.zeros((len(p.lines), n_a + n_s))
    a_bal[arcs.line, np.arange(n_a)] = 1
    a_bal[seg_line, n_a + np.arange(n_s)] = -1
    bounds = [(0, c) for c in np.minimum(p.src_qty[arcs.src], p.q[arcs.line])] + [(0, c) for c in seg_cap]
    flow = linprog(
        -np.r_[np.ones(n_a), np.zeros(n_s)],
        A_ub=a_src,
        b_ub=p.src_qty,
        A_eq=a_bal,
        b_eq=np.zeros(len(p.lines)),
        bounds=bounds,
        method="highs",
    )
    cost = np.r_[np.rint(arcs.km * km_cost), seg_cost]
    a_eq = np.vstack([a_bal, np.r_[np.ones(n_a), np.zeros(n_s)]])
    best = linprog(
        cost,
        A_ub=a_src,
        b_ub=p.src_qty,
        A_eq=a_eq,
        b_eq=np.r_[np.zeros(len(p.lines)), -flow.fun],
        bounds=bounds,
        method="highs",
    )
    return -flow.fun, best.fun


@settings(max_examples=30, deadline=None)
@given(instances())
def test_it_matches_an_independent_lp_solver(inst):
    houses, lines = inst
    policy = Policy()
    plan = allocate(houses, lines, policy=policy, k=None)
    p = Problem.build(houses, lines)
    arcs = candidate_arcs(p, None)
    seg_line, seg_cap, seg_cost = fair_segments(p, policy)
    max_flow, lp_cost = _lp_optimum(p, arcs, seg_line, seg_cap, seg_cost, policy.km_cost)
    assert plan.qty.sum() == round(max_flow)
    # our cost: travel + the cheapest segments each line's served quantity can fill
    ours = float(np.dot(np.rint(plan.km * policy.km_cost), plan.qty))
    for j, served in enumerate(plan.served):
        mine = seg_line == j
        caps, costs = seg_cap[mine], seg_cost[mine]
        order = np.argsort(costs, kind="stable")
        take = np.clip(served - np.r_[0, np.cumsum(caps[order])[:-1]], 0, caps[order])
        ours += float(np.dot(take, costs[order]))
    assert abs(ours - lp_cost) <= 1e-6 * max(1.0, abs(lp_cost))


def test_it_serves_urgent_lines_first_and_spreads_the_rest():
    house = Warehouse("W", 30.6, 114.3, {"mask": 100})
    lines = [
        NeedLine("U1", "A", "hospital", "420102", 30.6, 114.31, "mask", 50, 1),
        *(NeedLine(f"U4-{i}", f"B{i}", "community", "420102", 30.6, 114.31, "mask", 50, 4) for i in range(4)),
    ]
    plan = allocate([house], lines)
    served = plan.served_by_line()
    assert served["U1"] == 50
    assert all(served[f"U4-{i}"] > 0 for i in range(4))
    util = allocate_utilitarian([house], lines).served_by_line()
    assert util["U1"] == 50 and sum(util[f"U4-{i}"] == 0 for i in range(4)) >= 2


def test_it_prefers_the_nearer_warehouse():
    near = Warehouse("near", 30.60, 114.30, {"mask": 10})
    far = Warehouse("far", 30.80, 114.60, {"mask": 10})
    plan = allocate([far, near], [NeedLine("L", "S", "hospital", "420102", 30.60, 114.31, "mask", 10, 2)])
    assert [(m.warehouse_id, m.quantity) for m in plan.moves()] == [("near", 10)]


def test_it_reports_the_metrics():
    assert gini(np.array([1.0, 1.0, 1.0])) == 0.0
    assert abs(gini(np.array([0.0, 0.0, 0.0, 1.0])) - 0.75) < 1e-12
    house = Warehouse("W", 30.6, 114.3, {"mask": 30})
    lines = [NeedLine(f"L{u}", f"S{u}", "hospital", "420102", 30.6, 114.3, "mask", 20, u) for u in (1, 4)]
    m = allocate_fcfs([house], lines).metrics
    assert m.served_fraction == 0.75 and m.weighted_unmet == 10.0
    assert m.min_fill_by_urgency == {1: 1.0, 4: 0.5} and m.km_per_unit < 0.01


def test_zone_network_reaches_stock_beyond_the_nearest_warehouses():
    """With k=1 a line is linked to its nearest warehouse only, yet stock elsewhere still reaches it."""
    empty = Warehouse("near", 30.60, 114.30, {})
    far = Warehouse("far", 30.70, 114.40, {"mask": 10})
    lines = [NeedLine("L", "S", "hospital", "420102", 30.60, 114.301, "mask", 10, 2)]
    plan = allocate([empty, far], lines, k=1)
    assert [(m.warehouse_id, m.quantity) for m in plan.moves()] == [("far", 10)]
    assert plan.moves()[0].km > 10  # reported as the direct trip, not via the zone node


def test_zone_and_direct_networks_agree_on_small_instances():
    houses = [Warehouse(f"W{i}", 30.55 + 0.05 * i, 114.3, {"mask": 40}) for i in range(3)]
    lines = [
        NeedLine(f"L{i}", f"S{i}", "community", "420102", 30.5 + 0.03 * i, 114.31, "mask", 30, 1 + i % 4)
        for i in range(6)
    ]
    direct, zones = allocate(houses, lines, k=None), allocate(houses, lines, k=3)
    assert direct.served.sum() == zones.served.sum() == 120
    assert abs(direct.metrics.km_per_unit - zones.metrics.km_per_unit) < 1e-6

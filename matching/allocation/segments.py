"""The concave value of each need line's fill, cut into linear segments for the min-cost flow.

Value of fill f for a line of urgency u: ``w_u · log(ε + f)`` per unit of need (weighted proportional
fairness). A piecewise-linear cut of it is only exact at its breakpoints; between two breakpoints every
unit is worth the same, so distance alone decides which lines of a class end up at the low or the high
end of a segment. Fixed breakpoints (every 15 %) therefore spread the fills of one urgency class over
a whole segment. We place the breakpoints where the optimum will be instead: first the continuous
problem is solved on aggregates (one fill per item and urgency, by bisection on the multiplier), then
each line gets breakpoints tightly around its class's target fill. It is the same concave function,
linearised where it matters.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from matching.geo import haversine_km

from .problem import Problem

# A unit of the least valuable segment is worth about VALUE_SCALE cost units; one unit-km costs
# Policy.km_cost. Integer costs keep OR-Tools exact.
VALUE_SCALE = 10_000
MAX_UNIT_VALUE = 1e12
# Every line's first segment ends at 10 % of its need; its value (≥ 11·w per unit) is above any later
# segment (≤ 6.7·w), so no stock goes beyond 10 % of one line while an equally urgent line it could
# reach gets nothing, unless the detour exceeds 4.3 · VALUE_SCALE / km_cost km (README).
FIRST_BREAK = 0.1


@dataclass(frozen=True)
class Policy:
    """Shape of the value of fill. Defaults are explained and measured in matching/README.md."""

    urgency_weight: Mapping[int, float] = field(
        default_factory=lambda: {1: 2.6**3, 2: 2.6**2, 3: 2.6, 4: 1.0}
    )
    epsilon: float = 0.05
    # A line's value is q^size_exponent · w_u · log(ε + fill). 1 = every unit of need counts the same
    # (large lines dominate); 0 = every need line counts the same, as in the Gini of fill rates;
    # below 0 small lines are filled a little sooner still. Urgency classes keep the shares the
    # per-unit optimum gives them (class_targets), so this only moves stock *within* a class and the
    # urgency-weighted unmet demand does not change with it.
    size_exponent: float = -0.5
    # Breakpoints as multiples of the line's target fill (plus FIRST_BREAK and 1.0).
    around: tuple[float, ...] = (0.5, 0.8, 0.93, 1.0, 1.07, 1.2, 1.5)
    # Beyond its proportional share plus this fraction of its need, a line's units are worth strictly
    # less than any line's first units at the same or a more urgent level (see fairness_floor).
    fair_cap: float = 0.1
    # cost of one unit-kilometre, against VALUE_SCALE per unit of a median line's value at its target
    km_cost: float = 8000

    def weights(self) -> np.ndarray:
        return np.array([0.0] + [self.urgency_weight[u] for u in (1, 2, 3, 4)])


def class_targets(p: Problem, policy: Policy) -> np.ndarray:
    """(items, 5) fill per item and urgency (column 0 unused) that maximises Σ D·w·log(ε + f)
    with Σ D·f = min(stock, demand): f = clip(w/λ − ε, 0, 1), λ found by bisection."""
    n_items = len(p.items)
    demand = np.zeros((n_items, 5))
    np.add.at(demand, (p.item, p.urgency), p.q)
    stock = np.bincount(p.src_item, weights=p.src_qty, minlength=n_items)
    goal = np.minimum(stock, demand.sum(axis=1))[:, None]
    w = policy.weights()[None, :]
    lo, hi = np.full((n_items, 1), 1e-6), np.full((n_items, 1), 1e6)
    for _ in range(80):  # bisection in log space, all items at once
        mid = np.sqrt(lo * hi)
        served = (demand * np.clip(w / mid - policy.epsilon, 0.0, 1.0)).sum(axis=1, keepdims=True)
        too_much = served > goal
        lo, hi = np.where(too_much, mid, lo), np.where(too_much, hi, mid)
    return np.clip(w / hi - policy.epsilon, 0.0, 1.0)


def _bisect(
    weight: np.ndarray, group: np.ndarray, n: int, q: np.ndarray, goal: np.ndarray, eps: float
) -> np.ndarray:
    """Per group g: λ with Σ_{i∈g} q_i · clip(weight_i/λ − ε, 0, 1) = goal_g (in log space)."""
    lo, hi = np.full(n, 1e-12), np.full(n, 1e12)
    for _ in range(100):
        mid = np.sqrt(lo * hi)
        served = np.bincount(group, weights=q * np.clip(weight / mid[group] - eps, 0.0, 1.0), minlength=n)
        too_much = served > goal
        lo, hi = np.where(too_much, mid, lo), np.where(too_much, hi, mid)
    return hi


def line_weights(p: Problem, policy: Policy) -> tuple[np.ndarray, np.ndarray]:
    """Per-unit weight of each line and its target fill. Within a class (item, urgency) the weights
    follow q^(size_exponent − 1); each class is scaled so that its lines' marginal value at their
    targets equals the item's multiplier, i.e. the class still receives exactly its class_targets
    share. Classes served fully or not at all keep the plain urgency weight."""
    eps, w = policy.epsilon, policy.weights()
    tc = class_targets(p, policy)
    n_cls = len(p.items) * 5
    cls = p.item * 5 + p.urgency
    q = p.q.astype(np.float64)
    size = np.maximum(q, 1.0) ** (policy.size_exponent - 1.0)
    t_cls = tc.reshape(-1)
    lam = _bisect(size, cls, n_cls, q, np.bincount(cls, weights=q * t_cls[cls], minlength=n_cls), eps)
    interior = (t_cls > 1e-6) & (t_cls < 1 - 1e-6)
    w_cls = np.tile(w, len(p.items))
    scale = np.where(interior, w_cls / (eps + t_cls) / lam, 0.0)  # item multiplier / class multiplier
    weight = np.where(interior[cls], scale[cls] * size, w_cls[cls])
    target = np.where(interior[cls], np.clip(size / lam[cls] - eps, 0.0, 1.0), t_cls[cls])
    return weight, target


def fair_segments(p: Problem, policy: Policy) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per line: capacities and (negative) unit costs of its value segments, flat (line, cap, cost)."""
    q = p.q
    weight, t = line_weights(p, policy)
    mult = np.array(policy.around)
    breaks = np.column_stack([np.full(len(q), FIRST_BREAK), np.outer(t, mult), np.ones(len(q))])
    breaks = np.sort(np.clip(breaks, 0.01, 1.0), axis=1)
    # Cumulative segment ends in units; a line's first unit always gets the top value, so small lines
    # are not pushed to the back.
    cum = np.minimum(np.maximum(np.rint(q[:, None] * breaks), 1), q[:, None]).astype(np.int64)
    cum = np.maximum.accumulate(cum, axis=1)
    cum[:, -1] = q
    caps = np.diff(cum, axis=1, prepend=0)
    lows = np.column_stack([np.zeros(len(q)), breaks[:, :-1]])
    g = np.log(policy.epsilon + breaks) - np.log(policy.epsilon + lows)
    width = breaks - lows
    slope = np.where(width > 1e-12, g / np.maximum(width, 1e-12), 1.0 / (policy.epsilon + breaks))
    value = weight[:, None] * slope * VALUE_SCALE
    floor = fairness_floor(p, policy, value, breaks)
    value[:, 0] = np.maximum(value[:, 0], floor)
    # The tiniest lines' weights (q^(size_exponent − 1)) reach 10^5 × a median line's: above every
    # floor they only compete with other first segments, so capping them changes little and keeps the
    # cost range (and OR-Tools' cost-scaling rounds) small.
    if len(floor):
        np.minimum(value, 2 * floor.max(), out=value)
    # Degenerate classes (a class multiplier of ~0, e.g. zero-quantity lines beside a tiny stock) can
    # make a weight infinite; an unbounded unit cost overflows OR-Tools' cost range (BAD_COST_RANGE).
    # Ordinary values stay below ~1e10, so the cap only ties the pathological ones.
    value = np.nan_to_num(value, nan=0.0, posinf=MAX_UNIT_VALUE)
    np.minimum(value, MAX_UNIT_VALUE, out=value)
    cost = -np.rint(value).astype(np.int64)
    line = np.repeat(np.arange(len(q)), caps.shape[1])
    caps, cost = caps.reshape(-1), cost.reshape(-1)
    keep = caps > 0
    return line[keep], caps[keep], cost[keep]


def fairness_floor(p: Problem, policy: Policy, value: np.ndarray, breaks: np.ndarray) -> np.ndarray:
    """Per line, a value for its first segment (its first unit at least) above every unit any equally
    or less urgent line of the item could get beyond share + fair_cap, plus the cost of shipping
    across the whole instance twice (a zone route is at most that long). So no line ever gets more
    than its proportional share plus the cap while an equally or more urgent line that the same stock
    could reach gets nothing, however far it is."""
    n_items = len(p.items)
    stock = np.bincount(p.src_item, weights=p.src_qty, minlength=n_items)
    demand = np.bincount(p.item, weights=p.q, minlength=n_items)
    limit = (np.minimum(1.0, stock / np.maximum(demand, 1)) + policy.fair_cap)[p.item]
    beyond = np.where(breaks > limit[:, None] + 1e-9, value, 0.0).max(axis=1)
    top = np.zeros((n_items, 6))
    np.maximum.at(top, (p.item, p.urgency), beyond)
    top = np.maximum.accumulate(top[:, ::-1], axis=1)[:, ::-1]  # max over this level and less urgent ones
    return top[p.item, p.urgency] * 1.1 + 1 + policy.km_cost * 2 * _diameter_km(p)


def _diameter_km(p: Problem) -> float:
    wlat, wlon = p.wh_latlon()
    lat, lon = np.r_[p.lat, wlat], np.r_[p.lon, wlon]
    if not len(lat):
        return 0.0
    return float(haversine_km(lat.min(), lon.min(), lat.max(), lon.max()))


def proportional_limit(share: float, fair_cap: float, quantity: int) -> int:
    """Units a line may receive while an equally urgent line reachable from the same stock gets none."""
    return max(1, int(np.ceil((min(1.0, share) + fair_cap) * quantity - 1e-9)))

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

from .problem import Problem

# A unit of the least valuable segment is worth about VALUE_SCALE cost units; one unit-km costs
# Policy.km_cost. Integer costs keep OR-Tools exact.
VALUE_SCALE = 10_000
# Every line's first segment ends at 10 % of its need; its value (≥ 11·w per unit) is above any later
# segment (≤ 6.7·w), so no stock goes beyond 10 % of one line while an equally urgent line it could
# reach gets nothing, unless the detour exceeds 4.3 · VALUE_SCALE / km_cost km (README).
FIRST_BREAK = 0.1


@dataclass(frozen=True)
class Policy:
    """Shape of the value of fill. Defaults are explained and measured in matching/README.md."""

    urgency_weight: Mapping[int, float] = field(
        default_factory=lambda: {1: 1.7**3, 2: 1.7**2, 3: 1.7, 4: 1.0}
    )
    epsilon: float = 0.05
    # Breakpoints as multiples of the class target fill (plus FIRST_BREAK and 1.0).
    around: tuple[float, ...] = (0.5, 0.8, 0.93, 1.0, 1.07, 1.2, 1.5)
    # Beyond its proportional share plus this fraction of its need, a line's units are worth strictly
    # less than any line's first units at the same or a more urgent level (see the README).
    fair_cap: float = 0.1
    # cost of one unit-kilometre, against VALUE_SCALE per unit of the least valuable segment
    km_cost: float = 700

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


def fair_segments(p: Problem, policy: Policy) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per line: capacities and (negative) unit costs of its value segments, flat (line, cap, cost)."""
    q = p.q
    t = class_targets(p, policy)[p.item, p.urgency]
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
    cost = -np.rint(policy.weights()[p.urgency][:, None] * slope * VALUE_SCALE).astype(np.int64)
    line = np.repeat(np.arange(len(q)), caps.shape[1])
    caps, cost = caps.reshape(-1), cost.reshape(-1)
    keep = caps > 0
    return line[keep], caps[keep], cost[keep]


def proportional_limit(share: float, fair_cap: float, quantity: int) -> int:
    """Units a line may receive while an equally urgent line reachable from the same stock gets none."""
    return max(1, int(np.ceil((min(1.0, share) + fair_cap) * quantity - 1e-9)))

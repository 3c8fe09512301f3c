"""Figures every plan reports, so the engine and the baselines are compared on the same terms."""

from __future__ import annotations

import numpy as np

from .types import UNMET_WEIGHT, Metrics


def gini(x: np.ndarray) -> float:
    """Gini coefficient of non-negative values (0 = all equal); 0 for an all-zero vector."""
    x = np.sort(np.asarray(x, dtype=np.float64))
    n, total = len(x), x.sum()
    if n == 0 or total <= 0:
        return 0.0
    ranks = np.arange(1, n + 1)
    return float(2 * np.dot(ranks, x) / (n * total) - (n + 1) / n)


def plan_metrics(
    q: np.ndarray, urgency: np.ndarray, served: np.ndarray, move_qty: np.ndarray, move_km: np.ndarray
) -> Metrics:
    """Fill rates are per need line (lines with quantity 0 are ignored)."""
    live = q > 0
    q, urgency, served = q[live], urgency[live], served[live]
    fill = served / np.maximum(q, 1)
    weight = np.array([0.0] + [UNMET_WEIGHT[u] for u in (1, 2, 3, 4)])
    shipped = float(move_qty.sum())
    return Metrics(
        served_fraction=float(served.sum() / max(q.sum(), 1)),
        weighted_unmet=float(np.dot(weight[urgency], q - served)),
        gini=gini(fill),
        min_fill_by_urgency={int(u): float(fill[urgency == u].min()) for u in np.unique(urgency)},
        km_per_unit=float(np.dot(move_qty, move_km) / shipped) if shipped else 0.0,
    )

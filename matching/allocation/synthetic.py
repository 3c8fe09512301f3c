"""Seeded synthetic allocation instances for the benchmark and the tests (described in the README).

A city of about 40 × 40 km centred on Wuhan: sites cluster around six centres plus a uniform
background; warehouses are scattered at random and hold an uneven share of each item; total stock of
each item is 50–70 % of demand; about a fifth of the stock is in restricted lots; need lines arrive
in random order, unrelated to urgency (10 % level 1, 20 % level 2, 30 % level 3, 40 % level 4).
"""

from __future__ import annotations

import numpy as np

from .types import Lot, NeedLine, Restriction, Warehouse

CENTRE = (30.59, 114.30)
KM_PER_DEG_LAT = 111.2
ITEMS = ("n95", "gown", "goggles", "gloves", "disinfectant", "thermometer", "rice", "oil")
KINDS = ("hospital", "community", "isolation_point", "shelter", "care_home")
KIND_P = (0.15, 0.45, 0.15, 0.10, 0.15)
DISTRICTS = tuple(f"4201{n:02d}" for n in (2, 3, 4, 5, 6, 7, 11, 12, 13, 14, 15, 16, 17))
LINES_PER_SITE = 4


def _points(rng: np.random.Generator, n: int, clustered: bool) -> tuple[np.ndarray, np.ndarray]:
    xy = rng.uniform(-20, 20, size=(n, 2))
    if clustered:
        centres = rng.uniform(-12, 12, size=(6, 2))
        near = rng.random(n) < 0.7
        xy[near] = centres[rng.integers(0, 6, near.sum())] + rng.normal(0, 4, size=(near.sum(), 2))
    lat = CENTRE[0] + xy[:, 1] / KM_PER_DEG_LAT
    lon = CENTRE[1] + xy[:, 0] / (KM_PER_DEG_LAT * np.cos(np.radians(CENTRE[0])))
    return lat, lon


def instance(lines: int, warehouses: int, seed: int = 1) -> tuple[list[Warehouse], list[NeedLine]]:
    rng = np.random.default_rng(seed)
    n_sites = max(1, lines // LINES_PER_SITE)
    s_lat, s_lon = _points(rng, n_sites, clustered=True)
    kind = rng.choice(len(KINDS), size=n_sites, p=KIND_P)
    district = rng.integers(0, len(DISTRICTS), n_sites)
    site = np.arange(lines) % n_sites
    # distinct items per site: line j of a site takes item (offset + j) mod 8
    offset = rng.integers(0, len(ITEMS), n_sites)
    item = (offset[site] + np.arange(lines) // n_sites) % len(ITEMS)
    qty = np.clip(np.rint(rng.lognormal(np.log(80), 1.0, lines)), 1, 5000).astype(np.int64)
    urgency = rng.choice([1, 2, 3, 4], size=lines, p=[0.1, 0.2, 0.3, 0.4])
    order = rng.permutation(lines)  # arrival order, independent of urgency
    need_lines = [
        NeedLine(
            id=f"L{j}",
            site_id=f"S{site[j]}",
            site_kind=KINDS[kind[site[j]]],
            district=DISTRICTS[district[site[j]]],
            lat=float(s_lat[site[j]]),
            lon=float(s_lon[site[j]]),
            item=ITEMS[item[j]],
            quantity=int(qty[j]),
            urgency=int(urgency[j]),
            groups=frozenset({"elderly"}) if KINDS[kind[site[j]]] == "care_home" else frozenset(),
        )
        for j in order.tolist()
    ]
    return _warehouses(rng, warehouses, item, qty), need_lines


def _warehouses(rng: np.random.Generator, n: int, item: np.ndarray, qty: np.ndarray) -> list[Warehouse]:
    w_lat, w_lon = _points(rng, n, clustered=False)
    restrictions = [
        Restriction(site_kinds=frozenset({"hospital"})),
        Restriction(groups=frozenset({"elderly"})),
        *(Restriction(district_prefixes=(d,)) for d in DISTRICTS[:4]),
    ]
    stock: list[dict[str, int]] = [{} for _ in range(n)]
    lots: list[list[Lot]] = [[] for _ in range(n)]
    for c, name in enumerate(ITEMS):
        total = int(qty[item == c].sum() * rng.uniform(0.5, 0.7))
        holds = rng.random(n) < 0.8
        holds[rng.integers(0, n)] = True
        share = rng.dirichlet(np.ones(n)) * holds
        amounts = np.floor(total * share / share.sum()).astype(np.int64)
        for w in np.flatnonzero(amounts):
            amount = int(amounts[w])
            if rng.random() < 0.3:  # a fifth-ish of stock is a donor-restricted lot
                r = restrictions[rng.integers(0, len(restrictions))]
                lot_qty = int(amount * rng.uniform(0.4, 0.8))
                lots[w].append(Lot(id=f"W{w}-{name}-lot", item=name, quantity=lot_qty, restriction=r))
                amount -= lot_qty
            stock[w][name] = amount
    return [
        Warehouse(id=f"W{w}", lat=float(w_lat[w]), lon=float(w_lon[w]), stock=stock[w], lots=tuple(lots[w]))
        for w in range(n)
    ]

"""Inputs and outputs of the allocation engine (plain dataclasses the supplies app maps its models to)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

# Weight of one unit of unmet need by urgency level (1 = most urgent). Used by the reported metric and
# by the utilitarian baseline; a level-1 unit counts as much as eight level-4 units.
UNMET_WEIGHT: Mapping[int, float] = {1: 8.0, 2: 4.0, 3: 2.0, 4: 1.0}


@dataclass(frozen=True)
class Restriction:
    """A donor's condition on a lot. Every field that is set must match (None = no condition)."""

    site_kinds: frozenset[str] | None = None
    # GB/T 2260 codes are hierarchical, so "4201" allows every district of Wuhan.
    district_prefixes: tuple[str, ...] | None = None
    # e.g. {"elderly"}: the need line must carry at least one of these groups.
    groups: frozenset[str] | None = None

    def allows(self, line: NeedLine) -> bool:
        if self.site_kinds is not None and line.site_kind not in self.site_kinds:
            return False
        if self.district_prefixes is not None and not line.district.startswith(self.district_prefixes):
            return False
        return self.groups is None or bool(self.groups & line.groups)


@dataclass(frozen=True)
class Lot:
    """Restricted stock of one item in a warehouse; unrestricted stock goes in ``Warehouse.stock``."""

    id: str
    item: str
    quantity: int
    restriction: Restriction


@dataclass(frozen=True)
class Warehouse:
    id: str
    lat: float
    lon: float
    stock: Mapping[str, int] = field(default_factory=dict)
    lots: tuple[Lot, ...] = ()


@dataclass(frozen=True)
class NeedLine:
    id: str
    site_id: str
    site_kind: str
    district: str
    lat: float
    lon: float
    item: str
    quantity: int
    urgency: int  # 1 (critical) … 4 (low)
    groups: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Move:
    """One proposed shipment: ``quantity`` of ``item`` from a warehouse (and lot, if restricted) to a line."""

    warehouse_id: str
    lot_id: str | None
    need_id: str
    site_id: str
    item: str
    quantity: int
    km: float


@dataclass(frozen=True)
class Metrics:
    served_fraction: float
    weighted_unmet: float
    gini: float
    min_fill_by_urgency: dict[int, float]
    km_per_unit: float

    def as_dict(self) -> dict[str, object]:
        return {
            "served_fraction": round(self.served_fraction, 4),
            "weighted_unmet": round(self.weighted_unmet, 1),
            "gini": round(self.gini, 4),
            "min_fill_by_urgency": {k: round(v, 4) for k, v in self.min_fill_by_urgency.items()},
            "km_per_unit": round(self.km_per_unit, 3),
        }


@dataclass
class Plan:
    """A proposal, kept columnar so 50,000-line plans stay cheap; ``moves()`` gives the readable rows.

    Arrays are parallel, one entry per (source, line) pair with positive flow: ``wh``/``lot`` index
    ``warehouses`` and that warehouse's ``lots`` (-1 = unrestricted stock), ``line`` indexes ``lines``.
    """

    method: str
    warehouses: list[Warehouse]
    lines: list[NeedLine]
    wh: NDArray[np.int64]
    lot: NDArray[np.int64]
    line: NDArray[np.int64]
    qty: NDArray[np.int64]
    km: NDArray[np.float64]
    served: NDArray[np.int64]  # per line
    metrics: Metrics

    def moves(self) -> list[Move]:
        out = []
        for w, lt, ln, q, km in zip(self.wh, self.lot, self.line, self.qty, self.km, strict=True):
            house, need = self.warehouses[w], self.lines[ln]
            lot_id = house.lots[lt].id if lt >= 0 else None
            out.append(Move(house.id, lot_id, need.id, need.site_id, need.item, int(q), round(float(km), 3)))
        return out

    def served_by_line(self) -> dict[str, int]:
        return {line.id: int(s) for line, s in zip(self.lines, self.served, strict=True)}

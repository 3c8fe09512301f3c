"""Distance helpers shared by both solvers.

Candidate search uses a KD-tree on a local equirectangular projection (fast, good to well under 1 %
inside a city or a prefecture); costs and reported kilometres use the haversine formula.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

EARTH_RADIUS_KM = 6371.0088


def project(lat: ArrayLike, lon: ArrayLike, lat0: float) -> NDArray[np.float64]:
    """(n, 2) array of x/y kilometres around latitude ``lat0``; pass the same lat0 for points you compare."""
    lat_r = np.radians(np.asarray(lat, dtype=np.float64))
    lon_r = np.radians(np.asarray(lon, dtype=np.float64))
    x = EARTH_RADIUS_KM * np.cos(np.radians(lat0)) * lon_r
    y = EARTH_RADIUS_KM * lat_r
    return np.column_stack([x, y])


def haversine_km(lat1: ArrayLike, lon1: ArrayLike, lat2: ArrayLike, lon2: ArrayLike) -> NDArray[np.float64]:
    """Great-circle distance, vectorised over broadcastable arrays."""
    p1, l1, p2, l2 = (np.radians(np.asarray(a, dtype=np.float64)) for a in (lat1, lon1, lat2, lon2))
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin((l2 - l1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))

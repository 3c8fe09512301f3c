"""Entry points for `heli bench allocate` and `heli bench match` (each lives beside its solver)."""

from matching.allocation.bench import bench_allocate
from matching.assignment.bench import bench_match

__all__ = ["bench_allocate", "bench_match"]

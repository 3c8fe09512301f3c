"""Solvers for heli: supply allocation and task ↔ volunteer assignment.

Plain Python + numpy/scipy/OR-Tools; nothing here needs Django to be configured, so the product
layers (supplies, volunteers) call these modules with dataclasses and store the plans themselves.
"""

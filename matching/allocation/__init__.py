"""Supply allocation: the fair min-cost-flow engine and the two baselines it is measured against."""

from .fcfs import allocate_fcfs
from .metrics import gini
from .segments import Policy
from .solve import allocate, allocate_utilitarian
from .types import UNMET_WEIGHT, Lot, Metrics, Move, NeedLine, Plan, Restriction, Warehouse

__all__ = [
    "UNMET_WEIGHT",
    "Lot",
    "Metrics",
    "Move",
    "NeedLine",
    "Plan",
    "Policy",
    "Restriction",
    "Warehouse",
    "allocate",
    "allocate_fcfs",
    "allocate_utilitarian",
    "gini",
]

"""Task ↔ volunteer matching: batch min-cost flow on k-nearest candidates, and online ranking."""

from .index import VolunteerIndex
from .online import Ranked, rank_volunteers
from .solve import Penalties, assign
from .types import Assignment, Reason, Task, Volunteer

__all__ = [
    "Assignment",
    "Penalties",
    "Ranked",
    "Reason",
    "Task",
    "Volunteer",
    "VolunteerIndex",
    "assign",
    "rank_volunteers",
]

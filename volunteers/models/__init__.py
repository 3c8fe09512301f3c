from volunteers.models.choices import Duty, Health, Skill, Tier, Vehicle, ZoneStatus
from volunteers.models.profile import (
    Availability,
    AvailabilityException,
    Subsidy,
    VolunteerProfile,
    VolunteerSkill,
)
from volunteers.models.shift import FatigueCheck, Shift, ShiftAssignment, ShiftTemplate, WellbeingPolicy
from volunteers.models.task import LIVE, MatchPlan, Task, TaskAssignment
from volunteers.models.team import Team
from volunteers.models.zone import Pass, Zone, ZoneStatusChange

__all__ = [
    "LIVE",
    "Availability",
    "AvailabilityException",
    "Duty",
    "FatigueCheck",
    "Health",
    "MatchPlan",
    "Pass",
    "Shift",
    "ShiftAssignment",
    "ShiftTemplate",
    "Skill",
    "Subsidy",
    "Task",
    "TaskAssignment",
    "Team",
    "Tier",
    "Vehicle",
    "VolunteerProfile",
    "VolunteerSkill",
    "WellbeingPolicy",
    "Zone",
    "ZoneStatus",
    "ZoneStatusChange",
]

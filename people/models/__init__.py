from people.models.care import (
    INTERVAL,
    CheckIn,
    CheckInDay,
    CheckInPlan,
    GuardianAbsence,
    Guardianship,
    Medication,
)
from people.models.choices import (
    Cadence,
    Channel,
    ConsentPurpose,
    ConsentScope,
    DisabilityType,
    Outcome,
    Vulnerability,
)
from people.models.links import PersonRequest, ShareGrant
from people.models.person import HouseholdMember, Person

__all__ = [
    "INTERVAL",
    "Cadence",
    "Channel",
    "CheckIn",
    "CheckInDay",
    "CheckInPlan",
    "ConsentPurpose",
    "ConsentScope",
    "DisabilityType",
    "GuardianAbsence",
    "Guardianship",
    "HouseholdMember",
    "Medication",
    "Outcome",
    "Person",
    "PersonRequest",
    "ShareGrant",
    "Vulnerability",
]

"""Every write to the registry: `person_*`, `guardian_*`, `medication_*`, `checkin_*`, `plan_set`."""

from people.services.checkins import checkin_record, plan_set
from people.services.guardians import guardian_assign, guardian_candidates, guardian_handover
from people.services.importing import import_preview, person_import
from people.services.medication import MedicationInput, medication_count, medication_set, medication_stop
from people.services.registry import (
    household_add,
    person_register,
    person_reveal,
    person_share,
    person_update,
    person_view_log,
)

__all__ = [
    "MedicationInput",
    "checkin_record",
    "guardian_assign",
    "guardian_candidates",
    "guardian_handover",
    "household_add",
    "import_preview",
    "medication_count",
    "medication_set",
    "medication_stop",
    "person_import",
    "person_register",
    "person_reveal",
    "person_share",
    "person_update",
    "person_view_log",
    "plan_set",
]

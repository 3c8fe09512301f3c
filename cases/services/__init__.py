"""Every write to help requests. `grep help_request_` lists them."""

from cases.services._base import ALLOWED, OPEN
from cases.services.bulk import help_request_bulk_insert
from cases.services.claims import (
    help_request_assign_org,
    help_request_assign_volunteer,
    help_request_claim,
    help_request_release,
    help_request_start,
    help_request_unassign_volunteer,
    transfer_decide,
    transfer_request,
)
from cases.services.closing import (
    help_request_close,
    help_request_hold,
    help_request_reopen,
    help_request_resume,
    help_request_reveal,
)
from cases.services.delivery import followup_record, help_request_deliver, need_lines_add_delivered
from cases.services.intake import (
    InvalidInput,
    NeedInput,
    RequestInput,
    find_possible_duplicates,
    help_request_bulk_create,
    help_request_create,
    help_request_update,
)
from cases.services.offers import offer_create, offer_set_status
from cases.services.verify import verification_record

__all__ = [
    "ALLOWED",
    "OPEN",
    "InvalidInput",
    "NeedInput",
    "RequestInput",
    "find_possible_duplicates",
    "followup_record",
    "help_request_assign_org",
    "help_request_assign_volunteer",
    "help_request_unassign_volunteer",
    "help_request_bulk_create",
    "help_request_bulk_insert",
    "help_request_claim",
    "help_request_close",
    "help_request_create",
    "help_request_deliver",
    "help_request_hold",
    "help_request_release",
    "help_request_reopen",
    "help_request_resume",
    "help_request_reveal",
    "offer_create",
    "offer_set_status",
    "help_request_start",
    "help_request_update",
    "need_lines_add_delivered",
    "transfer_decide",
    "transfer_request",
    "verification_record",
]

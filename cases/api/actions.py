"""One endpoint per lifecycle transition: POST /api/requests/<code>/<action>/.

Each subclass names the access it needs, its body serializer and the one service it calls; the base
class does access → validate → call → answer with the request's (masked) detail.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cases import services
from cases.access import Action, get_help_request_for_user, parse_code
from cases.api import inputs
from cases.api.render import detail_json
from cases.api.schema import ActionSchema, UpdateSerializer
from cases.api.serializers import (
    AssignSerializer,
    CloseSerializer,
    DeliverSerializer,
    FollowUpSerializer,
    OrgSerializer,
    ReasonSerializer,
    TransferDecideSerializer,
    TransferSerializer,
    VerifySerializer,
    validated,
)
from cases.models import HelpRequest
from cases.services._base import stale_error
from cases.services.intake import CORRECTABLE
from core.errors import DomainError
from heli.api_parsing import LimitedJSONParser
from orgs.access import Seat, orgs_in_network
from orgs.models import Organisation

Data = dict[str, Any]


class ActionView(APIView):
    need: Action
    body: type[serializers.Serializer] | None = None
    parser_classes = [LimitedJSONParser]
    schema = ActionSchema()

    def post(self, request: Request, code: str) -> Response:
        hr, seat = get_help_request_for_user(request.user, code, need=self.need)
        expect_version(request.data, hr)
        data = self.validate(request)
        self.perform(request.user, hr, seat, data)
        # Read back: services change the row (and needs, transfers) in ways the instance may not show.
        fresh = HelpRequest.objects.select_related("incident", "claimed_by").get(pk=hr.pk)
        return Response(detail_json(fresh))

    def validate(self, request: Request) -> Data:
        return validated(self.body, request.data) if self.body else {}

    def perform(self, user: Any, hr: HelpRequest, seat: Seat, data: Data) -> None:
        raise NotImplementedError


def expect_version(body: Any, hr: HelpRequest) -> None:
    """Optimistic locking for clients that send the `version` they read: any write since is a 409.

    Without it, a client that read a request, waited, and then corrected or moved it acted on a
    request that someone else had changed in between (the services only guard their own read).
    """
    expected = body.get("version") if isinstance(body, dict) else None
    if expected is None:
        return
    if not inputs.is_int(expected):
        raise services.InvalidInput({"version": [_("须为整数。")]})
    if expected != hr.version:
        raise stale_error(hr)


def network_org(hr: HelpRequest, pk: int, field: str) -> Organisation:
    org = orgs_in_network(hr.incident.hub_id).filter(pk=pk).first()
    if org is None:
        raise DomainError(_("该机构不属于本事件的协作网络。"), field=field)
    return org


class Verify(ActionView):
    need, body = Action.VERIFY, VerifySerializer

    def validate(self, request: Request) -> Data:
        data = super().validate(request)
        data["changes"] = corrections(data.get("changes") or {})
        return data

    def perform(self, user: Any, hr: HelpRequest, seat: Seat, data: Data) -> None:
        services.verification_record(actor=user, help_request=hr, **data)


class Update(ActionView):
    # PATCH-like: any correctable request field, plus `reason`; typed like create, judged by the service.
    need, body = Action.VERIFY, UpdateSerializer  # who may verify a request may correct it

    def validate(self, request: Request) -> Data:
        reason = request.data.get("reason")
        reason = reason[:300] if isinstance(reason, str) else ""
        return {"changes": corrections(request.data), "reason": reason}

    def perform(self, user: Any, hr: HelpRequest, seat: Seat, data: Data) -> None:
        services.help_request_update(actor=user, help_request=hr, **data)


def corrections(body: Any) -> Data:
    """Correctable fields present in `body`, type-checked like create; values are the service's to judge."""
    if not isinstance(body, dict):
        raise services.InvalidInput({"changes": [_("须为对象。")]})
    values, errors = inputs.typed_fields(body, tuple(CORRECTABLE))
    if errors:
        raise services.InvalidInput(errors)
    return values


class Claim(ActionView):
    need = Action.CLAIM

    def perform(self, user: Any, hr: HelpRequest, seat: Seat, data: Data) -> None:
        services.help_request_claim(actor=user, help_request=hr, org=Organisation.objects.get(pk=seat.org_id))


class AssignOrg(ActionView):
    need, body = Action.ASSIGN_ORG, OrgSerializer

    def perform(self, user: Any, hr: HelpRequest, seat: Seat, data: Data) -> None:
        services.help_request_assign_org(actor=user, help_request=hr, org=network_org(hr, data["org"], "org"))


class Release(ActionView):
    need, body = Action.MANAGE, ReasonSerializer

    def perform(self, user: Any, hr: HelpRequest, seat: Seat, data: Data) -> None:
        services.help_request_release(actor=user, help_request=hr, reason=data["reason"])


class HandBack(ActionView):
    need, body = Action.HAND_BACK, ReasonSerializer

    def perform(self, user: Any, hr: HelpRequest, seat: Seat, data: Data) -> None:
        services.help_request_unassign_volunteer(actor=user, help_request=hr, reason=data["reason"])


class Transfer(ActionView):
    need, body = Action.MANAGE, TransferSerializer

    def perform(self, user: Any, hr: HelpRequest, seat: Seat, data: Data) -> None:
        to_org = network_org(hr, data["to_org"], "to_org")
        services.transfer_request(actor=user, help_request=hr, to_org=to_org, reason=data["reason"])


class TransferDecide(ActionView):
    need, body = Action.DECIDE_TRANSFER, TransferDecideSerializer

    def perform(self, user: Any, hr: HelpRequest, seat: Seat, data: Data) -> None:
        transfer = hr.transfers.filter(status="pending").select_related("from_org", "to_org").first()
        if transfer is None:  # decided by someone else since the access check
            raise DomainError(_("没有待处理的转介。"))
        transfer.help_request = hr
        services.transfer_decide(actor=user, transfer=transfer, **data)


class Assign(ActionView):
    need, body = Action.MANAGE, AssignSerializer

    def perform(self, user: Any, hr: HelpRequest, seat: Seat, data: Data) -> None:
        volunteer = get_user_model().objects.filter(pk=data["volunteer"], is_active=True).first()
        if volunteer is None:
            raise DomainError(_("只能派给认领机构的志愿者。"), field="volunteer")
        services.help_request_assign_volunteer(actor=user, help_request=hr, volunteer=volunteer)


class Start(ActionView):
    need = Action.MANAGE

    def perform(self, user: Any, hr: HelpRequest, seat: Seat, data: Data) -> None:
        services.help_request_start(actor=user, help_request=hr)


class Deliver(ActionView):
    need, body = Action.DELIVER, DeliverSerializer

    def perform(self, user: Any, hr: HelpRequest, seat: Seat, data: Data) -> None:
        services.help_request_deliver(actor=user, help_request=hr, **data)


class FollowUp(ActionView):
    need, body = Action.FOLLOW_UP, FollowUpSerializer

    def perform(self, user: Any, hr: HelpRequest, seat: Seat, data: Data) -> None:
        followup = hr.followups.filter(done_at__isnull=True).order_by("due_at").first()
        if followup is None:
            raise DomainError(_("该求助没有待回访的记录。"))
        followup.help_request = hr
        services.followup_record(actor=user, followup=followup, **data)


class Hold(ActionView):
    need, body = Action.MANAGE, ReasonSerializer

    def perform(self, user: Any, hr: HelpRequest, seat: Seat, data: Data) -> None:
        services.help_request_hold(actor=user, help_request=hr, reason=data["reason"])


class Resume(ActionView):
    need = Action.MANAGE

    def perform(self, user: Any, hr: HelpRequest, seat: Seat, data: Data) -> None:
        services.help_request_resume(actor=user, help_request=hr)


class Close(ActionView):
    need, body = Action.CLOSE, CloseSerializer

    def perform(self, user: Any, hr: HelpRequest, seat: Seat, data: Data) -> None:
        original = duplicate(hr, data.pop("duplicate_of"))
        services.help_request_close(actor=user, help_request=hr, duplicate_of=original, **data)


def duplicate(hr: HelpRequest, code: str) -> HelpRequest | None:
    if not code:
        return None
    parsed = parse_code(code)
    original = parsed and HelpRequest.objects.select_related("incident").filter(
        pk=parsed[1], incident__code_prefix=parsed[0], incident_id=hr.incident_id).first()
    if not original:
        raise DomainError(_("原求助须是同一事件中的另一条求助。"), field="duplicate_of")
    return original


class Reopen(ActionView):
    need, body = Action.REOPEN, ReasonSerializer

    def perform(self, user: Any, hr: HelpRequest, seat: Seat, data: Data) -> None:
        services.help_request_reopen(actor=user, help_request=hr, reason=data["reason"])

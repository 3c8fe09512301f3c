"""Create, bulk create, list and detail. Each view: access → validate → one service call → JSON."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.access import Action, get_help_request_for_user, visible_help_requests
from cases.api import inputs, schema
from cases.api.pagination import paginate
from cases.api.render import detail_json, row_json
from cases.api.serializers import validated
from cases.services import InvalidInput, help_request_bulk_insert, help_request_create, help_request_reveal
from heli.api_parsing import LimitedJSONParser
from orgs.access import get_incident_for_user
from orgs.models import Incident, Membership, Organisation

BULK_MAX_ROWS = 10_000
IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key", str, OpenApiParameter.HEADER, required=False,
    description="A retried POST with the same key returns the first request (200) instead of a new one.",
)

BULK_IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key", str, OpenApiParameter.HEADER, required=False,
    description="A retried batch with the same key returns the first answer and creates nothing.",
)


def acting_org(user: Any, incident_id: Any) -> tuple[Incident, Organisation]:
    """The incident and the org the user enters requests for: their seat in its network, staff only."""
    if not isinstance(incident_id, int) or isinstance(incident_id, bool):
        raise InvalidInput({"incident": [_("请填写事件编号(整数)。")]})
    incident, seat = get_incident_for_user(user, incident_id)
    if seat.role not in (Membership.Role.COORDINATOR, Membership.Role.OPERATOR):
        raise PermissionDenied
    # Only the pk is written (created_by_org); a stub saves a query on the hot path.
    org = incident.hub if seat.org_id == incident.hub_id else Organisation(pk=seat.org_id)
    return incident, org


def idempotency_key(request: Request) -> str | None:
    key = request.headers.get("Idempotency-Key", "").strip()
    if len(key) > 100:
        raise InvalidInput({"Idempotency-Key": [_("最多 100 个字符。")]})
    return key or None


class RequestListCreate(APIView):
    parser_classes = [LimitedJSONParser]

    @extend_schema(request=schema.RequestSerializer, parameters=[IDEMPOTENCY_HEADER],
                   responses={201: schema.HelpRequestSerializer, 200: schema.HelpRequestSerializer})
    def post(self, request: Request) -> Response:
        incident, org = acting_org(request.user, request.data.get("incident"))
        data = inputs.request_input(request.data)
        hr, created = help_request_create(actor=request.user, incident=incident, data=data, org=org,
                                          idempotency_key=idempotency_key(request))
        body = detail_json(hr, attempts=0 if created else None)
        return Response(body, status=201 if created else 200)

    @extend_schema(parameters=[schema.ListQuerySerializer],
                   responses=schema.HelpRequestRowSerializer(many=True))
    def get(self, request: Request) -> Response:
        # `?urgency=&county=` is what a filter form sends for "any": no filter, as on the queue page.
        params = {k: v for k, v in request.query_params.items() if v.strip()}
        query = validated(schema.ListQuerySerializer, params)
        qs = visible_help_requests(request.user).prefetch_related("needs")
        filters = {"incident_id": "incident", "status": "status", "urgency": "urgency",
                   "county_code": "county", "needs__category": "need", "claimed_by_id": "claimed_by"}
        qs = qs.filter(**{lookup: query[name] for lookup, name in filters.items() if name in query})
        if "need" in query:
            qs = qs.distinct()  # a request with two food lines must show once
        if query.get("overdue"):
            qs = qs.filter(next_due_at__lt=timezone.now())
        rows, next_url = paginate(request, qs, query.get("cursor"), query.get("page_size"))
        return Response({"next": next_url, "results": [row_json(hr) for hr in rows]})


class RequestBulkCreate(APIView):
    parser_classes = [LimitedJSONParser]
    max_body = 32 * 1024 * 1024  # 10,000 rows with long Chinese descriptions
    # Rows are checked field by field for NUL (`_check`), so one pasted binary blob refuses its row,
    # with its index, rather than the whole batch with no hint which row it was.
    checks_nul = True

    @extend_schema(request=schema.BulkSerializer, parameters=[BULK_IDEMPOTENCY_HEADER],
                   responses={201: schema.BulkResultSerializer, 400: schema.BulkResultSerializer})
    def post(self, request: Request) -> Response:
        incident, org = acting_org(request.user, request.data.get("incident"))
        rows = request.data.get("requests")
        if not isinstance(rows, list) or not rows or len(rows) > BULK_MAX_ROWS:
            raise InvalidInput({"requests": [_("须为 1 到 %(n)s 条求助的列表。") % {"n": BULK_MAX_ROWS}]})
        errors: dict[int, dict[str, list[str]]] = {}
        good: list[tuple[int, inputs.RequestInput]] = []
        for i, row in enumerate(rows):
            try:
                good.append((i, inputs.request_input(row)))
            except InvalidInput as exc:
                errors[i] = exc.errors
        created, rejected = help_request_bulk_insert(actor=request.user, incident=incident,
                                                     rows=[data for _, data in good], org=org,
                                                     idempotency_key=idempotency_key(request))
        errors.update({good[j][0]: errs for j, errs in rejected.items()})  # back to the client's indexes
        body = {"created": len(created), "codes": [f"{incident.code_prefix}-{pk:06d}" for pk in created],
                "errors": {str(i): errors[i] for i in sorted(errors)}}
        # All rows refused is a client error; otherwise the accepted rows are saved and reported.
        return Response(body, status=201 if created else 400)


class RequestDetail(APIView):
    @extend_schema(parameters=[schema.DetailQuerySerializer], responses=schema.HelpRequestSerializer)
    def get(self, request: Request, code: str) -> Response:
        query = validated(schema.DetailQuerySerializer, request.query_params)
        reveal = query.get("reveal", False)
        need = Action.VIEW_FULL if reveal else Action.VIEW
        hr, _ = get_help_request_for_user(request.user, code, need=need)
        if reveal:
            help_request_reveal(actor=request.user, help_request=hr, reason=query.get("reason", ""))
        return Response(detail_json(hr, reveal=reveal, timeline=query.get("timeline", False)))

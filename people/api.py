"""JSON for the registry under /api/people/: the same access helpers and services as the pages."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.services import InvalidInput, NeedInput
from people.access import Need, aggregate_scope, get_person_for_user, visible_persons
from people.coverage import coverage
from people.models import Person
from people.services import checkin_record, person_view_log

PAGE = 200


def row(person: Person) -> dict[str, Any]:
    return {
        "id": person.pk,
        "name": person.name,
        "phone": person.masked_phone,
        "id_number": person.masked_id,
        "vulnerabilities": person.vulnerabilities,
        "county_code": person.county_code,
        "township_code": person.township_code,
        "status": person.status,
        "org": person.org_id,
        "guardian": person.guardian_id,
        "backup": person.backup_id,
    }


class PersonList(APIView):
    @extend_schema(operation_id="people_list", responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        after = request.query_params.get("after", "0")
        # isdigit() alone accepts "²", which int() then refuses (a 500).
        if not (after.isascii() and after.isdigit()) or len(after) > 18:
            raise InvalidInput({"after": [_("须为整数。")]})
        rows = list(visible_persons(request.user).filter(pk__gt=int(after)).order_by("pk")[:PAGE])
        return Response(
            {"results": [row(p) for p in rows], "next_after": rows[-1].pk if len(rows) == PAGE else None}
        )


class PersonDetail(APIView):
    @extend_schema(operation_id="people_detail", responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, pk: int) -> Response:
        person, rel = get_person_for_user(request.user, pk)
        person_view_log(actor=request.user, person=person)
        meds = [
            {
                "id": m.pk,
                "item": m.item,
                "daily_use": str(m.daily_use),
                "on_hand": str(m.on_hand),
                "last_counted_at": m.last_counted_at,
                "days_left": m.days_left(),
                "cold_chain": m.cold_chain,
            }
            for m in person.medications.filter(active=True)
        ]
        plan = getattr(person, "plan", None)
        return Response(
            {
                **row(person),
                "relations": sorted(rel),
                "medications": meds,
                "next_checkin_due": plan.next_due_at if plan else None,
            }
        )


class PersonCheckIn(APIView):
    @extend_schema(request=OpenApiTypes.OBJECT, responses={201: OpenApiTypes.OBJECT})
    def post(self, request: Request, pk: int) -> Response:
        person, _unused = get_person_for_user(request.user, pk, need=Need.CHECKIN)
        data = request.data if isinstance(request.data, dict) else {}
        try:
            needs = [
                NeedInput(
                    category=str(n["category"]),
                    item=str(n.get("item", ""))[:100],
                    qty_requested=n.get("qty_requested"),
                    unit=str(n.get("unit", ""))[:12],
                )
                for n in data.get("needs") or []
            ]
            urgency = int(data.get("urgency", 3))
        except (KeyError, TypeError, ValueError, AttributeError):
            raise InvalidInput({"needs": [_("需求格式应为 [{category, item, qty_requested, unit}]。")]})
        checkin = checkin_record(
            actor=request.user,
            person=person,
            # JSON null means "not given": str(None) stored the word "None" as the note.
            outcome=str(data.get("outcome") or ""),
            channel=str(data.get("channel") or ""),
            note=str(data.get("note") or ""),
            needs=needs or None,
            urgency=urgency,
        )
        return Response({"id": checkin.pk, "at": checkin.at, "on_time": checkin.on_time}, status=201)


class Coverage(APIView):
    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        scope = aggregate_scope(request.user)
        if scope is None:
            raise PermissionDenied
        return Response(coverage(scope, timezone.now()))

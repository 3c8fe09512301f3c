"""OpenAPI documentation of the shapes `inputs.py` and `render.py` handle by hand, for drf-spectacular.

Tests compare these field lists with what the code reads and writes, so the schema cannot drift.
"""

from typing import Any

from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

from cases.api.serializers import NeedSerializer
from cases.models import HelpRequest
from core.choices import NeedCategory, VulnerableGroup


class RequestSerializer(serializers.Serializer):
    incident = serializers.IntegerField()
    channel = serializers.ChoiceField(choices=HelpRequest.Channel.choices)
    requester_name = serializers.CharField(max_length=60)
    requester_phone = serializers.CharField()
    division_code = serializers.CharField(required=False, help_text="County (6) or township (9) digits.")
    address_detail = serializers.CharField(required=False, max_length=200)
    people_count = serializers.IntegerField(required=False, min_value=1, default=1)
    urgency = serializers.IntegerField(required=False, min_value=1, max_value=4, default=3)
    description = serializers.CharField(required=False, max_length=5000)
    raw_text = serializers.CharField(required=False, max_length=5000)
    for_other = serializers.BooleanField(required=False)
    beneficiary_name = serializers.CharField(required=False, max_length=60)
    beneficiary_phone = serializers.CharField(required=False)
    groups = serializers.ListField(child=serializers.ChoiceField(choices=VulnerableGroup.choices),
                                   required=False)
    consent_share = serializers.BooleanField(required=False)
    lat = serializers.FloatField(required=False, allow_null=True)
    lon = serializers.FloatField(required=False, allow_null=True)
    needs = NeedSerializer(many=True, required=False)


class UpdateSerializer(RequestSerializer):
    reason = serializers.CharField(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("incident", "channel", "raw_text", "needs"):
            self.fields.pop(name)
        for f in self.fields.values():
            f.required = False


class BulkSerializer(serializers.Serializer):
    incident = serializers.IntegerField()
    requests = serializers.ListField(child=serializers.DictField(), max_length=10_000,
                                     help_text="Request objects as for create, without `incident`.")


class BulkResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    codes = serializers.ListField(child=serializers.CharField())
    errors = serializers.DictField(child=serializers.DictField(child=serializers.ListField()),
                                   help_text="Row index -> field -> messages.")


class NeedLineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    category = serializers.CharField()
    item = serializers.CharField()
    qty_requested = serializers.IntegerField(allow_null=True)
    qty_delivered = serializers.IntegerField()
    unit = serializers.CharField()


class OrgRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class TimelineEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    kind = serializers.CharField()
    actor = serializers.CharField(allow_null=True)
    data = serializers.DictField()


class HelpRequestRowSerializer(serializers.Serializer):
    code = serializers.CharField()
    incident = serializers.IntegerField()
    status = serializers.ChoiceField(choices=HelpRequest.Status.choices)
    # Plain text here: an enum on both request and response would collide with the call channel of verify.
    channel = serializers.CharField(help_text="As given at create.")
    urgency = serializers.IntegerField()
    people_count = serializers.IntegerField()
    groups = serializers.ListField(child=serializers.CharField())
    requester_name = serializers.CharField(help_text="Masked (张*) unless revealed.")
    requester_phone = serializers.CharField(help_text="Masked (138****5678) unless revealed.")
    for_other = serializers.BooleanField()
    beneficiary_name = serializers.CharField()
    beneficiary_phone = serializers.CharField()
    province_code = serializers.CharField()
    city_code = serializers.CharField()
    county_code = serializers.CharField()
    township_code = serializers.CharField()
    address_detail = serializers.CharField(help_text="*** unless revealed.")
    lat = serializers.FloatField(allow_null=True, help_text="Rounded to 0.01 unless revealed.")
    lon = serializers.FloatField(allow_null=True)
    description = serializers.CharField(help_text="Mobile numbers masked unless revealed.")
    consent_share = serializers.BooleanField()
    needs = NeedLineSerializer(many=True)
    claimed_by = OrgRefSerializer(allow_null=True)
    assigned_to = serializers.IntegerField(allow_null=True, help_text="Volunteer user id.")
    close_reason = serializers.CharField()
    duplicate_of = serializers.CharField(allow_null=True)
    created_at = serializers.DateTimeField()
    claim_due_at = serializers.DateTimeField()
    resolve_due_at = serializers.DateTimeField()
    next_due_at = serializers.DateTimeField(allow_null=True)
    overdue = serializers.BooleanField()
    masked = serializers.BooleanField()


class HelpRequestSerializer(HelpRequestRowSerializer):
    raw_text = serializers.CharField(help_text="*** unless revealed (it names the person and the place).")
    attempts = serializers.IntegerField(help_text="Verification call attempts.")
    no_answer_count = serializers.IntegerField()
    held_from = serializers.CharField()
    updated_at = serializers.DateTimeField()
    verified_at = serializers.DateTimeField(allow_null=True)
    claimed_at = serializers.DateTimeField(allow_null=True)
    delivered_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    version = serializers.IntegerField(
        help_text="Send it back as `version` in any transition's body: if the request changed since, 409.")
    timeline = TimelineEntrySerializer(many=True, required=False, help_text="Only with ?timeline=1.")


# Ids are 64-bit; a longer number overflowed the foreign-key lookup (a 500) instead of a 400.
MAX_ID = 2**63 - 1


class ListQuerySerializer(serializers.Serializer):
    """Query parameters of the list; also validates them. An empty value means no filter."""

    incident = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    status = serializers.ChoiceField(choices=HelpRequest.Status.choices, required=False)
    urgency = serializers.IntegerField(min_value=1, max_value=4, required=False)
    county = serializers.RegexField(r"^\d{6}$", required=False, help_text="County code (6 digits).")
    need = serializers.ChoiceField(choices=NeedCategory.choices, required=False)
    overdue = serializers.BooleanField(required=False, help_text="1 = only requests past their deadline.")
    claimed_by = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False,
                                          help_text="Organisation id.")
    cursor = serializers.CharField(required=False)
    page_size = serializers.IntegerField(min_value=1, max_value=200, required=False)


class DetailQuerySerializer(serializers.Serializer):
    reveal = serializers.BooleanField(required=False, help_text="1 = show contact details (audited).")
    reason = serializers.CharField(required=False, help_text="Why the details are revealed.")
    timeline = serializers.BooleanField(required=False, help_text="1 = include the event timeline.")


class ActionSchema(AutoSchema):
    """Transition views declare their body as `body`; all of them answer with the request's detail."""

    def get_request_serializer(self) -> Any:
        return getattr(self.view, "body", None)

    def get_response_serializers(self) -> Any:
        return HelpRequestSerializer

"""Request bodies of the transition endpoints.

Transitions are not a hot path, so their bodies go through DRF serializers; errors are flattened into
the same `{"detail", "errors": {field: [...]}}` shape the services' InvalidInput produces.
"""

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers

from cases.models import FollowUp, HelpRequest, VerificationAttempt
from cases.services import InvalidInput, NeedInput
from cases.services.intake import MAX_QTY
from core.choices import NeedCategory

REASON = {"max_length": 300, "allow_blank": True, "default": ""}
NOTE = {"max_length": 1000, "allow_blank": True, "default": ""}


def flatten(errors: Any, prefix: str = "") -> dict[str, list[str]]:
    """{"new_needs": [{"category": [...]}]} -> {"new_needs[0].category": [...]}, like the services."""
    if isinstance(errors, dict):
        out: dict[str, list[str]] = {}
        for key, value in errors.items():
            if key == "non_field_errors" and prefix:
                name = prefix
            elif isinstance(key, int) or str(key).isdigit():  # list index or dict key of a list/dict field
                name = f"{prefix}[{key}]"
            else:
                name = f"{prefix}.{key}" if prefix else str(key)
            out.update(flatten(value, name))
        return out
    if isinstance(errors, list) and errors and not all(isinstance(e, str) for e in errors):
        out = {}
        for i, value in enumerate(errors):
            if value:
                out.update(flatten(value, f"{prefix}[{i}]"))
        return out
    return {prefix or "non_field_errors": [str(e) for e in errors]}


def validated(serializer_class: type[serializers.Serializer], data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    if not serializer.is_valid():
        raise InvalidInput(flatten(serializer.errors))
    return dict(serializer.validated_data)


class NeedSerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=NeedCategory.choices)
    item = serializers.CharField(max_length=100, allow_blank=True, default="")
    qty_requested = serializers.IntegerField(min_value=1, max_value=MAX_QTY, allow_null=True, default=None)
    unit = serializers.CharField(max_length=12, allow_blank=True, default="")

    def to_internal_value(self, data: Any) -> NeedInput:
        return NeedInput(**super().to_internal_value(data))


class VerifySerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=VerificationAttempt.Outcome.choices)
    channel = serializers.ChoiceField(choices=VerificationAttempt.Channel.choices, default="phone")
    note = serializers.CharField(max_length=300, allow_blank=True, default="")
    changes = serializers.DictField(required=False, help_text="Corrected request fields (outcome=corrected).")


class OrgSerializer(serializers.Serializer):
    org = serializers.IntegerField(help_text="Organisation id in the incident's network.")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(**REASON)


class TransferSerializer(serializers.Serializer):
    to_org = serializers.IntegerField()
    reason = serializers.CharField(**REASON)


class TransferDecideSerializer(serializers.Serializer):
    accept = serializers.BooleanField()
    reason = serializers.CharField(**REASON)


class AssignSerializer(serializers.Serializer):
    volunteer = serializers.IntegerField(help_text="User id of a volunteer of the claiming org.")


class DeliverSerializer(serializers.Serializer):
    delivered = serializers.DictField(
        child=serializers.IntegerField(min_value=0, max_value=MAX_QTY),
        default=dict,
        help_text="need line id -> quantity delivered now; empty = all.",
    )
    note = serializers.CharField(**NOTE)

    def validate_delivered(self, value: dict[str, int]) -> dict[int, int]:
        # ASCII digits of a sane length: "²" passes str.isdigit() but not int().
        if not all(str(key).isascii() and str(key).isdigit() and len(str(key)) <= 18 for key in value):
            raise serializers.ValidationError(_("键须为需求明细编号。"))
        return {int(key): qty for key, qty in value.items()}


class FollowUpSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=FollowUp.Outcome.choices)
    note = serializers.CharField(max_length=300, allow_blank=True, default="")
    new_needs = NeedSerializer(many=True, required=False, default=list)


class CloseSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=HelpRequest.CloseReason.choices)
    note = serializers.CharField(**NOTE)
    duplicate_of = serializers.CharField(max_length=20, allow_blank=True, default="",
                                         help_text="Code of the original request (reason=duplicate).")

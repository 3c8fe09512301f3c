"""JSON → `RequestInput` without serializer machinery: create and bulk run this per row, thousands a second.

Only types are checked here; every rule about values (phones, divisions, ranges, lengths) lives in the
service's own validation so the form, the API and bulk import report the same messages.
"""

from typing import Any

from django.utils.translation import gettext as _

from cases.services import InvalidInput, NeedInput, RequestInput

TEXT = ("channel", "requester_name", "requester_phone", "division_code", "address_detail", "description",
        "raw_text", "beneficiary_name", "beneficiary_phone")
INTEGER = ("people_count", "urgency")
BOOLEAN = ("for_other", "consent_share")
NUMBER = ("lat", "lon")
# Every field a client may send for a request; `RequestSerializer` documents the same list.
FIELDS = (*TEXT, *INTEGER, *BOOLEAN, *NUMBER, "groups", "needs")

Errors = dict[str, list[str]]


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _typed(name: str, value: Any, errors: Errors) -> Any:
    """The value if its JSON type fits the field, else record an error and return None."""
    if name in TEXT:
        if isinstance(value, str):
            return value
        msg = _("须为文本。")
    elif name in INTEGER:
        if is_int(value):
            return value
        msg = _("须为整数。")
    elif name in BOOLEAN:
        if isinstance(value, bool):
            return value
        msg = _("须为 true 或 false。")
    elif name in NUMBER:
        if value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
            return value
        msg = _("须为数字。")
    elif name == "groups":
        if isinstance(value, list) and all(isinstance(g, str) for g in value):
            return value
        msg = _("须为文本列表。")
    else:  # needs
        return needs_from_json(value, errors, name)
    errors.setdefault(name, []).append(msg)
    return None


def needs_from_json(value: Any, errors: Errors, name: str = "needs") -> list[NeedInput]:
    if not isinstance(value, list):
        errors.setdefault(name, []).append(_("须为列表。"))
        return []
    needs = []
    for i, row in enumerate(value):
        if not isinstance(row, dict):
            errors.setdefault(f"{name}[{i}]", []).append(_("须为对象。"))
            continue
        category, item, unit = row.get("category", ""), row.get("item") or "", row.get("unit") or ""
        qty = row.get("qty_requested")
        if not isinstance(category, str):
            errors.setdefault(f"{name}[{i}].category", []).append(_("须为文本。"))
        if not isinstance(item, str) or not isinstance(unit, str):
            errors.setdefault(f"{name}[{i}].item", []).append(_("物品名称和单位须为文本。"))
        if qty is not None and not is_int(qty):
            errors.setdefault(f"{name}[{i}].qty_requested", []).append(_("须为整数。"))
        needs.append(NeedInput(category=category, item=item, qty_requested=qty, unit=unit))
    return needs


def typed_fields(body: dict[str, Any], names: tuple[str, ...] = FIELDS) -> tuple[dict[str, Any], Errors]:
    """The known fields present in `body`, type-checked; null counts as absent except for coordinates."""
    values: dict[str, Any] = {}
    errors: Errors = {}
    for name in names:
        if name not in body or (body[name] is None and name not in NUMBER):
            continue
        value = _typed(name, body[name], errors)
        if name not in errors:
            values[name] = value
    return values, errors


def request_input(body: Any) -> RequestInput:
    """A full request (create, one bulk row); raises InvalidInput on type errors."""
    if not isinstance(body, dict):
        raise InvalidInput({"": [_("须为对象。")]})
    values, errors = typed_fields(body)
    # Required fields left out reach the service empty, which reports them in its own words.
    for name in ("channel", "requester_name", "requester_phone"):
        values.setdefault(name, "")
    if errors:
        raise InvalidInput(errors)
    return RequestInput(**values)

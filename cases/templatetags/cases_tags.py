from django import template
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.models import HelpRequest
from cases.presenters import countdown as _countdown
from cases.presenters import redact_phones as _redact_phones
from geo.divisions import display_name, path_names

register = template.Library()


@register.filter
def countdown(hr: HelpRequest) -> tuple[str, str]:
    return _countdown(hr.next_due_at)


@register.filter
def get_item(mapping: dict, key: str) -> object:
    return mapping.get(key, "")


@register.simple_tag
def division_levels() -> list[tuple[str, str]]:
    return [("province", _("省")), ("city", _("市")), ("county", _("区县")), ("township", _("街道/乡镇"))]


@register.filter
def joinlist(items: list) -> str:
    """Join with the list separator of the active language (、 in Chinese, a comma in English)."""
    return gettext("、").join(str(i) for i in items)


@register.filter
def division_name(code: str) -> str:
    """雁塔区 for 610113: people read names, not GB/T 2260 codes."""
    return display_name(code) if code else ""


@register.filter
def division_path(code: str) -> str:
    """陕西省 西安市 雁塔区 … for a county or township code."""
    return path_names(code) if code else ""


@register.filter
def redact_phones(text: str) -> str:
    """139****5678 for mobile numbers in free text a user sees masked."""
    return _redact_phones(text or "")

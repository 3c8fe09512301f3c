from django import template
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.models import HelpRequest
from cases.presenters import countdown as _countdown

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

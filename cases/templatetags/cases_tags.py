from django import template

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
    return [("province", "省"), ("city", "市"), ("county", "区县"), ("township", "街道/乡镇")]

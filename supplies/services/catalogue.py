"""The item catalogue: one item, many names ("N95", "医用防护口罩", "GB 19083-2010")."""

import re
import unicodedata
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.services import event_record
from supplies.models import Category, Item, Unit

_NOISE = re.compile(r"[\s\-_/()()【】\[\]·,,。.、]+")


def normalise(name: str) -> str:
    """Full-width to half-width, lower case, no spaces or punctuation: "N95 口罩" ~ "n95口罩"."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", name)).lower()


def item_keys(item: Item) -> set[str]:
    keys = {normalise(item.name), *(normalise(a) for a in item.aliases)}
    if item.specification:
        keys.add(normalise(item.specification))
    return {k for k in keys if k}


def item_resolve(name: str, items: list[Item] | None = None) -> Item | None:
    """The catalogue item a free-text name means, by exact normalised name, alias or standard."""
    key = normalise(name)
    if not key:
        return None
    for item in items if items is not None else Item.objects.all():
        if key in item_keys(item):
            return item
    return None


@transaction.atomic
def item_create(
    *,
    actor: Any,
    name: str,
    category: str,
    unit: str,
    pack_size: int = 1,
    specification: str = "",
    aliases: list[str] | None = None,
) -> Item:
    if category not in Category.values:
        raise DomainError(_("未知的物资类别。"), field="category")
    if unit not in Unit.values:
        raise DomainError(_("未知的单位「{unit}」。").format(unit=unit), field="unit")
    if pack_size < 1:
        raise DomainError(_("每包装数量至少为 1。"), field="pack_size")
    item = Item(
        name=name.strip(),
        category=category,
        unit=unit,
        pack_size=pack_size,
        specification=specification.strip(),
        aliases=[a.strip() for a in aliases or [] if a.strip()],
    )
    clash = set()
    for other in Item.objects.all():
        clash |= item_keys(other) & item_keys(item)
    if clash:
        raise DomainError(
            _("名称或别名已被其他品目使用:{names}").format(names="、".join(sorted(clash))), field="aliases"
        )
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError as exc:
        raise DomainError(_("该品目已存在。"), field="name") from exc
    event_record(actor=actor, kind="item_created", subject=item, data={"name": item.name})
    return item

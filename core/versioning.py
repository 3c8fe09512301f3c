"""The compare-and-set write shared by every versioned model (help requests, registry persons).

A row carries `version` and `updated_at`; a service reads it, decides, and writes back only if
nobody wrote in between. The loser gets no row updated and tells its user to reload, instead of
silently overwriting a colleague's change (two verifiers on one call, two coordinators on one
person).
"""

from typing import Any

from django.db.models import F, Model
from django.utils import timezone


def cas_update(obj: Model, *, expect: dict[str, Any] | None = None, **fields: Any) -> bool:
    """Write `fields` if the row still has the version `obj` was read at (and the `expect`ed values).

    Bumps `version`, stamps `updated_at` and updates `obj` to match. False: someone wrote first.
    """
    now = timezone.now()
    manager = type(obj)._default_manager
    rows = manager.filter(pk=obj.pk, version=obj.version, **(expect or {})).update(  # type: ignore[attr-defined]
        version=F("version") + 1, updated_at=now, **fields
    )
    if rows != 1:
        return False
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.version += 1  # type: ignore[attr-defined]
    obj.updated_at = now  # type: ignore[attr-defined]
    return True

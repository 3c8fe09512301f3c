"""Near-identical text among an incident's open requests, for the duplicate warning at intake.

Each server process keeps one MinHash index per incident, built from the database on first use and
topped up with newer rows on every query (only rows with a higher id are read), so a check costs a
few milliseconds instead of a scan. Closed requests stay in the index and are filtered out at the end.
"""

import threading
from datetime import timedelta
from typing import Any

from django.utils import timezone

from cases.access import visible_help_requests
from cases.models import HelpRequest
from cases.services import OPEN, find_possible_duplicates
from intake.parser.dedup import DedupIndex

WINDOW = timedelta(days=60)  # a lockdown's requests; older ones are not "the same plea" any more
_lock = threading.Lock()
_indexes: dict[int, tuple[DedupIndex, int]] = {}


def _text(hr_text: str, description: str) -> str:
    return hr_text or description


def _refresh(incident_id: int) -> DedupIndex:
    index, last_pk = _indexes.get(incident_id) or (DedupIndex(num_perm=32, bands=16), 0)
    since = timezone.now() - WINDOW
    rows = (
        HelpRequest.objects.filter(incident_id=incident_id, pk__gt=last_pk, created_at__gte=since)
        .order_by("pk")
        .values_list("pk", "raw_text", "description")
    )
    for pk, raw, description in rows.iterator(chunk_size=5000):
        text = _text(raw, description)
        if text:
            index.add(pk, text)
        last_pk = pk
    _indexes[incident_id] = (index, last_pk)
    return index


def similar_open_requests(*, incident_id: int, text: str, limit: int = 5) -> list[HelpRequest]:
    if len(text.strip()) < 10:
        return []  # too short to say anything about
    with _lock:
        ids = _refresh(incident_id).query(text, min_similarity=0.6)[:50]
    found = HelpRequest.objects.filter(pk__in=ids, status__in=OPEN).select_related("incident")
    order = {pk: n for n, pk in enumerate(ids)}
    return sorted(found, key=lambda hr: order[hr.pk])[:limit]


def reset() -> None:
    """Forget the indexes (tests roll rows back, so ids can be reused)."""
    with _lock:
        _indexes.clear()


def possible_duplicates(
    *, user: Any, incident: Any, phones: list[str], address_key: str = "", text: str = ""
) -> list[HelpRequest]:
    """Open requests of the incident with one of these phones, the same address or near-identical text,
    limited to those this user may open: a member org's operator must not learn the code and status
    of another org's unshared request by typing its number."""
    matches = find_possible_duplicates(incident=incident, phones=phones, address_key=address_key)
    matches += [hr for hr in similar_open_requests(incident_id=incident.pk, text=text) if hr not in matches]
    visible = set(
        visible_help_requests(user).filter(pk__in=[m.pk for m in matches]).values_list("pk", flat=True)
    )
    return [m for m in matches if m.pk in visible]

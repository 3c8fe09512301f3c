"""Turn a pasted WeChat / Weibo / hotline message into the structured fields of issue 7.

Plain Python (no Django) so it can be imported by the CLI, the intake form and the benchmarks.
"""

from collections.abc import Iterable, Iterator

from .groups import find_groups
from .kind import classify_kind
from .needs import find_needs
from .people import count_people
from .phones import find_phones
from .places import find_place
from .stream import DupTracker, assign_dups
from .text import normalise
from .urgency import score_urgency

KEYS = (
    "id",
    "kind",
    "phones",
    "province",
    "city",
    "district",
    "people",
    "needs",
    "groups",
    "urgency",
    "dup_of",
)


def _parse(text: str, id: object = None) -> tuple[dict, str]:
    norm = normalise(text)
    province, city, district = find_place(norm)
    needs = find_needs(norm)
    phones = find_phones(norm, city)
    groups = find_groups(norm)
    people = count_people(norm)
    urgency = score_urgency(norm)
    kind = classify_kind(
        norm, needs, phones=phones, dependants=bool(groups) or people is not None, urgency=urgency
    )
    is_request = kind == "request"
    if is_request and urgency == 4:
        # Every labelled request is time-critical to some degree (none is level 4); without a
        # cue the commonest case is serious harm within days, e.g. a flooded village's plea.
        urgency = 2
    if kind == "offer" and "transport" in needs and "medical_care" in needs:
        # "rides to dialysis / antenatal checks" offers transport; the treatment names the riders.
        needs = [n for n in needs if n != "medical_care"]
    record = {
        "id": id,
        "kind": kind,
        "phones": phones,
        "province": province,
        "city": city,
        "district": district,
        "people": people if is_request else None,
        "needs": needs if kind != "other" else [],
        "groups": groups if is_request else [],
        "urgency": urgency if is_request else 4,
        "dup_of": None,
    }
    return record, norm


def parse_one(text: str, id: object = None) -> tuple[dict, str]:
    """(record, normalised text); the text is what DupTracker.check needs."""
    return _parse(text, id)


def parse_message(text: str, id: object = None) -> dict:
    """One message on its own (dup_of is always None: there is nothing earlier to compare)."""
    return _parse(text, id)[0]


def parse_stream(messages: Iterable[str | dict]) -> Iterator[dict]:
    """Messages in input order (strings, or dicts with "id" and "text"); fills dup_of."""

    def parsed() -> Iterator[tuple[dict, str]]:
        for n, msg in enumerate(messages, start=1):
            if isinstance(msg, dict):
                yield _parse(msg["text"], msg.get("id"))
            else:
                yield _parse(msg, n)

    yield from assign_dups(parsed())


__all__ = ["KEYS", "DupTracker", "parse_message", "parse_one", "parse_stream"]

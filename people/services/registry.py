"""Registering a person, their household, sharing, and every look at a record (access log)."""

from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from orgs.models import Incident, Organisation
from people.access import Need, register_orgs
from people.models import INTERVAL, CheckInPlan, ConsentScope, HouseholdMember, Person, ShareGrant
from people.models.care import GRACE
from people.services._base import person_cas, record, require
from people.validation import HouseholdInput, PersonInput, person_clean


def duplicate_of(hub_id: int, clean: dict[str, Any]) -> str | None:
    """The reason this person is already registered in the network, or None."""
    if clean["id_number"] and Person.objects.filter(hub_id=hub_id, id_number=clean["id_number"]).exists():
        return _("该身份证号已在本协作网络登记。")
    if Person.objects.filter(hub_id=hub_id, name=clean["name"], phone=clean["phone"]).exists():
        return _("同名同电话的人员已在本协作网络登记。")
    return None


def build(
    *, actor: Any, org: Organisation, clean: dict[str, Any], incident: Incident | None, now: datetime
) -> tuple[Person, list[HouseholdMember], CheckInPlan]:
    fields = {k: v for k, v in clean.items() if k not in ("household", "cadence", "channel")}
    person = Person(
        org=org,
        hub_id=org.hub_id,
        incident=incident,
        created_by=actor,
        created_at=now,
        updated_at=now,
        **fields,
    )
    household = [HouseholdMember(person=person, **vars(m)) for m in clean["household"]]
    # The registration call counts as the first contact; the next is due one interval later.
    due = now + INTERVAL[clean["cadence"]]
    plan = CheckInPlan(
        person=person,
        cadence=clean["cadence"],
        channel=clean["channel"],
        next_due_at=due,
        escalate_at=due + GRACE[clean["cadence"]],
    )
    return person, household, plan


def require_registrar(actor: Any, org: Organisation) -> None:
    if actor is not None and org not in register_orgs(actor):
        raise DomainError(_("只有本机构协调员可以登记重点人群。"))


@transaction.atomic
def person_register(
    *, actor: Any, org: Organisation, data: PersonInput, incident: Incident | None = None
) -> Person:
    require_registrar(actor, org)
    clean = person_clean(data)
    reason = duplicate_of(org.hub_id, clean)
    if reason:
        raise DomainError(
            reason, field="id_number" if reason == _("该身份证号已在本协作网络登记。") else "phone"
        )
    now = timezone.now()
    person, household, plan = build(actor=actor, org=org, clean=clean, incident=incident, now=now)
    try:
        with transaction.atomic():
            person.save(force_insert=True)
    except IntegrityError:
        raise DomainError(_("该人员刚被他人登记,请勿重复登记。"))
    HouseholdMember.objects.bulk_create(household)
    plan.save(force_insert=True)
    record(
        actor=actor,
        kind="person_registered",
        person=person,
        at=now,
        data={"vulnerabilities": person.vulnerabilities, "cadence": plan.cadence},
    )
    return person


@transaction.atomic
def household_add(*, actor: Any, person: Person, member: HouseholdInput) -> HouseholdMember:
    require(actor, person, Need.MANAGE)
    clean = person_clean(
        PersonInput(
            name=person.name, phone=person.phone, vulnerabilities=person.vulnerabilities, household=[member]
        )
    )
    row = HouseholdMember.objects.create(person=person, **vars(clean["household"][0]))
    record(actor=actor, kind="household_added", person=person, data={"relation": row.relation})
    return row


@transaction.atomic
def person_update(*, actor: Any, person: Person, data: PersonInput) -> Person:
    """Correct the record; ID and phone changes are checked against duplicates again."""
    require(actor, person, Need.MANAGE)
    clean = person_clean(data)
    for key in ("household", "cadence", "channel"):
        clean.pop(key)
    clash = (
        Person.objects.filter(hub_id=person.hub_id)
        .exclude(pk=person.pk)
        .filter(
            Q(name=clean["name"], phone=clean["phone"]) | (Q(id_number=clean["id_number"]) & ~Q(id_number=""))
        )
    )
    if clash.exists():
        raise DomainError(_("与已登记人员重复(身份证号或姓名+电话相同)。"))
    changed = {k: v for k, v in clean.items() if getattr(person, k) != v}
    if changed:
        person_cas(person, **changed)
        record(actor=actor, kind="person_updated", person=person, data={"fields": sorted(changed)})
    return person


@transaction.atomic
def person_view_log(*, actor: Any, person: Person) -> None:
    """Every look at a record is written down (访问记录); the owning org's coordinators read it."""
    record(actor=actor, kind="person_viewed", person=person)


@transaction.atomic
def person_reveal(*, actor: Any, person: Person, reason: str = "") -> None:
    require(actor, person, Need.REVEAL)
    record(actor=actor, kind="person_revealed", person=person, data={"reason": reason[:200]})


@transaction.atomic
def person_share(
    *, actor: Any, person: Person, org: Organisation, purpose: str, reason: str = ""
) -> ShareGrant:
    """Share with another org in the network: by the person's consent, or with a written reason."""
    require(actor, person, Need.MANAGE)
    if org.pk == person.org_id or org.hub_id != person.hub_id or org.kind == Organisation.Kind.GOVERNMENT:
        raise DomainError(_("只能共享给本协作网络内的其他机构。"), field="org")
    consented = person.consent_scope == ConsentScope.NETWORK and purpose in person.consent_purposes
    reason = (reason or "").strip()
    if not consented and len(reason) < 10:
        raise DomainError(
            _("本人未同意此用途的共享:请写明不经同意共享的理由(至少 10 个字)。"), field="reason"
        )
    if ShareGrant.objects.filter(person=person, org=org, revoked_at__isnull=True).exists():
        raise DomainError(_("已与该机构共享。"), field="org")
    grant = ShareGrant.objects.create(
        person=person, org=org, purpose=purpose, by_consent=consented, reason=reason[:500], granted_by=actor
    )
    record(
        actor=actor,
        kind="person_shared",
        person=person,
        data={
            "org": org.pk,
            "org_name": org.name,
            "purpose": purpose,
            "by_consent": consented,
            "reason": reason,
        },
    )
    return grant

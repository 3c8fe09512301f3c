"""Batch matching into a saved plan (调配方案 for people: 派单建议), and the online ranked list."""

import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.services import event_record
from matching.assignment import Ranked, Reason, VolunteerIndex, assign, rank_volunteers
from orgs.models import Organisation
from volunteers.models import LIVE, MatchPlan, Skill, Task, TaskAssignment, VolunteerProfile
from volunteers.services.snapshot import Snapshot, profiles_for_matching, take

# Stored in plans as these msgids and translated when shown ({% translate u.reason %}).
REASONS = {
    Reason.NO_SKILL: gettext_noop("没有志愿者具备所需技能"),
    Reason.NO_PASS: gettext_noop("有技能的志愿者都没有该封控区的通行证"),
    Reason.WELLBEING: gettext_noop("符合条件的志愿者都在休息、生病或已到工时上限"),
    Reason.NOT_AVAILABLE: gettext_noop("时间窗内没有合适的志愿者有空"),
    Reason.AT_CAPACITY: gettext_noop("合适的志愿者都已排满"),
}
K = 10


def open_tasks(org: Organisation, now: datetime) -> list[Task]:
    qs = Task.objects.filter(hub_id=org.hub_id, status=Task.Status.OPEN, window_end__gt=now)
    if org.kind != Organisation.Kind.HUB:
        qs = qs.filter(org=org)
    return list(qs.select_related("zone", "help_request").prefetch_related("assignments"))


def pool(org: Organisation) -> Any:
    qs = VolunteerProfile.objects.filter(hub_id=org.hub_id)
    return qs if org.kind == Organisation.Kind.HUB else qs.filter(org=org)


@dataclass
class Proposal:
    task: Task
    profile: VolunteerProfile
    km: float
    starts_at: datetime


def solve(snap: Snapshot) -> tuple[list[Proposal], list[dict[str, Any]], int]:
    """One solve per (org, duty line), most urgent first.

    A task goes only to volunteers of the org that does it (a help request's volunteer must belong to
    the claiming org). A volunteer is offered a line only on days they hold no other (shifts,
    confirmed tasks), and one placed in this plan is not offered another line: verification,
    delivery and hotline duties stay apart per volunteer.
    """
    proposals: list[Proposal] = []
    unassigned: list[dict[str, Any]] = []
    objective = 0
    used: dict[int, str] = {}  # profile → the line it was given in this plan
    groups = sorted(
        {(t.org_id, t.duty) for t in snap.tasks},
        key=lambda g: min(t.urgency for t in snap.tasks if (t.org_id, t.duty) == g),
    )
    for org_id, duty in groups:
        ti = [i for i, t in enumerate(snap.tasks) if (t.org_id, t.duty) == (org_id, duty)]
        vi = [
            j
            for j, p in enumerate(snap.profiles)
            if org_id in snap.orgs[p.pk] and used.get(p.pk, duty) == duty
        ]
        result = assign([snap.m_tasks[i] for i in ti], [snap.for_duty(j, duty) for j in vi], k=K)
        objective += result.objective
        unfilled = result.unfilled.copy()
        retry = []
        for t, v, km, start in zip(result.task, result.volunteer, result.km, result.start, strict=True):
            task, profile = snap.tasks[ti[t]], snap.profiles[vi[v]]
            if profile.pk in _not_again(task):
                unfilled[t] += 1  # already on this task, or declined it: never offered it twice
                retry.append(t)
                continue
            used[profile.pk] = duty
            proposals.append(Proposal(task, profile, float(km), snap.at(float(start))))
        for t in sorted(set(retry)):
            # one task at a time among the volunteers still free in this plan, minus those excluded
            task = snap.tasks[ti[t]]
            rest = [
                j
                for j in vi
                if snap.profiles[j].pk not in used and snap.profiles[j].pk not in _not_again(task)
            ]
            again = assign([snap.m_tasks[ti[t]]], [snap.for_duty(j, duty) for j in rest], k=K)
            for v, km, start in zip(again.volunteer, again.km, again.start, strict=True):
                profile = snap.profiles[rest[v]]
                used[profile.pk] = duty
                unfilled[t] -= 1
                proposals.append(Proposal(task, profile, float(km), snap.at(float(start))))
        for i, t in enumerate(ti):
            task = snap.tasks[t]
            if unfilled[i] > 0:
                reason = result.reasons.get(str(task.pk), Reason.AT_CAPACITY)
                unassigned.append(
                    {
                        "task": task.pk,
                        "title": task.title,
                        "urgency": task.urgency,
                        "open": int(unfilled[i]),
                        "reason": REASONS[reason],
                    }
                )
    return proposals, unassigned, objective


def _not_again(task: Task) -> set[int]:
    held = (*LIVE, TaskAssignment.Status.DECLINED)
    return {r.profile_id for r in task.assignments.all() if r.status in held}


@transaction.atomic
def match_run(*, actor: Any, org: Organisation, now: datetime | None = None) -> MatchPlan:
    """Propose volunteers for every open task of the org (the whole network for the hub)."""
    now = now or timezone.now()
    for old in MatchPlan.objects.filter(org=org, status=MatchPlan.Status.DRAFT):
        plan_discard(actor=actor, plan=old)
    started = time.perf_counter()
    snap = take(open_tasks(org, now), profiles_for_matching(pool(org), now), now)
    proposals, unassigned, objective = solve(snap)
    plan = MatchPlan.objects.create(
        hub_id=org.hub_id,
        org=org,
        objective=objective,
        assigned=len(proposals),
        unassigned=unassigned,
        seconds=round(time.perf_counter() - started, 3),
        created_by=actor,
    )
    TaskAssignment.objects.bulk_create(
        TaskAssignment(task=p.task, profile=p.profile, plan=plan, starts_at=p.starts_at, km=round(p.km, 2))
        for p in proposals
    )
    Task.objects.filter(pk__in={p.task.pk for p in proposals}, status=Task.Status.OPEN).update(
        status=Task.Status.PROPOSED
    )
    event_record(
        actor=actor,
        kind="match_planned",
        subject=plan,
        org_id=org.pk,
        data={"assigned": len(proposals), "unassigned": len(unassigned), "objective": objective},
    )
    return plan


@transaction.atomic
def plan_discard(*, actor: Any, plan: MatchPlan) -> None:
    if (
        MatchPlan.objects.filter(pk=plan.pk, status=MatchPlan.Status.DRAFT).update(
            status=MatchPlan.Status.DISCARDED
        )
        != 1
    ):
        return
    rows = plan.rows.filter(status=TaskAssignment.Status.PROPOSED)
    task_ids = list(rows.values_list("task_id", flat=True))
    rows.update(status=TaskAssignment.Status.REMOVED)
    Task.objects.filter(pk__in=task_ids, status=Task.Status.PROPOSED).update(status=Task.Status.OPEN)
    event_record(actor=actor, kind="match_discarded", subject=plan, org_id=plan.org_id)


@dataclass
class RankedProfile:
    ranked: Ranked
    profile: VolunteerProfile
    task: Task

    @property
    def reason(self) -> str:
        """Why this place, in the reader's language (the solver's own reason is English)."""
        r = self.ranked
        labels = self.task.skill_labels
        parts = [
            _("{km} 公里").format(km=f"{r.km:.1f}"),
            _("技能:{skills}").format(skills="、".join(labels)) if labels else _("无需特殊技能"),
            _("负荷 {load}/{capacity}").format(load=r.load, capacity=r.capacity),
        ]
        if r.has_pass and self.task.zone:
            parts.append(_("持有{zone}通行证").format(zone=self.task.zone.name))
        spare = [str(Skill(s).label) for s in r.spare_scarce if s in Skill.values]
        if spare:
            parts.append(_("排在后面,把{skills}留给更需要的任务").format(skills="、".join(spare)))
        return ";".join(parts)


def rank_for_task(task: Task, now: datetime | None = None, n: int = 10) -> list[RankedProfile]:
    """The best n volunteers for one task, each with the reason for its place (online, < 50 ms core)."""
    now = now or timezone.now()
    org = task.org
    profiles = [p for p in profiles_for_matching(pool(org), now)]
    snap = take([task], profiles, now)
    keep = [j for j, p in enumerate(profiles) if task.org_id in snap.orgs[p.pk]]
    index = VolunteerIndex.build([snap.for_duty(j, task.duty) for j in keep])
    by_id = {str(p.pk): p for p in profiles}
    ranked = rank_volunteers(snap.m_tasks[0], index, n=n)
    return [RankedProfile(r, by_id[r.volunteer_id], task) for r in ranked]

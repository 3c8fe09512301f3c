"""Teams (小组): list and create, members and lead; subsidies on a volunteer's profile."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from orgs.access import Seat
from volunteers import services as svc
from volunteers.access import (
    Need,
    get_profile_for_user,
    get_team_for_user,
    scope,
    staff_seat,
    visible_profiles,
)
from volunteers.forms import LeadForm, SubsidyForm, TeamForm, VolunteerPickForm
from volunteers.models import Duty, Team, VolunteerProfile
from volunteers.views._base import form_errors, run, seat_org
from volunteers.views.people import profile_page

APPROVED = VolunteerProfile.Status.APPROVED


@require_GET
@login_required
def teams(request: HttpRequest) -> HttpResponse:
    return _teams(request, staff_seat(request.user), TeamForm())


def _teams(request: HttpRequest, seat: Seat, form: TeamForm) -> HttpResponse:
    rows = (
        scope(Team.objects.all(), seat)
        .select_related("org", "lead")
        .annotate(size=Count("members"))
        .order_by("org__name", "name")
    )
    return render(
        request,
        "volunteers/teams.html",
        {
            "teams": rows,
            "form": form,
            "duties": Duty.choices,
            "volunteers": visible_profiles(seat).filter(status=APPROVED).order_by("name"),
            "can_manage": seat.role == "coordinator",
        },
    )


@require_POST
@login_required
def team_create(request: HttpRequest) -> HttpResponse:
    seat = staff_seat(request.user, Need.MANAGE)
    form = TeamForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return _teams(request, seat, form)  # what was typed stays in the form
    d = form.cleaned_data
    lead = get_profile_for_user(request.user, d["lead"], Need.MANAGE)[0] if d["lead"] else None
    team = run(
        request,
        lambda: svc.team_create(
            actor=request.user, org=seat_org(seat), name=d["name"], duty=d["duty"], lead=lead
        ),
        _("已创建小组。"),
    )
    return redirect("volunteers:team", team.pk) if team else _teams(request, seat, form)


@require_GET
@login_required
def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    team, seat = get_team_for_user(request.user, pk)
    members = team.members.select_related("org").prefetch_related("skills").order_by("name")
    candidates = visible_profiles(seat).filter(status=APPROVED, hub_id=team.hub_id)
    if team.org_id != team.hub_id:  # a member org's team takes that org's volunteers
        candidates = candidates.filter(org_id=team.org_id)
    return render(
        request,
        "volunteers/team.html",
        {
            "team": team,
            "members": members,
            "candidates": candidates.exclude(pk__in=members.values("pk")).order_by("name"),
            "can_manage": seat.role == "coordinator",
        },
    )


def _member_action(
    request: HttpRequest, pk: int, volunteer: int | None, call: Callable[..., Any], ok: str
) -> HttpResponse:
    team = get_team_for_user(request.user, pk, Need.MANAGE)[0]
    if volunteer is None:
        form = VolunteerPickForm(request.POST)
        if not form.is_valid():
            form_errors(request, form)
            return redirect("volunteers:team", pk)
        volunteer = form.cleaned_data["volunteer"]
    profile = get_profile_for_user(request.user, volunteer, Need.MANAGE)[0]
    run(request, lambda: call(actor=request.user, team=team, profile=profile), ok)
    return redirect("volunteers:team", pk)


@require_POST
@login_required
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _member_action(request, pk, None, svc.team_add_member, _("已加入小组。"))


@require_POST
@login_required
def member_remove(request: HttpRequest, pk: int, volunteer: int) -> HttpResponse:
    return _member_action(request, pk, volunteer, svc.team_remove_member, _("已移出小组。"))


@require_POST
@login_required
def set_lead(request: HttpRequest, pk: int) -> HttpResponse:
    team = get_team_for_user(request.user, pk, Need.MANAGE)[0]
    form = LeadForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("volunteers:team", pk)
    profile = get_profile_for_user(request.user, form.cleaned_data["volunteer"], Need.MANAGE)[0]
    if "lead_was" in request.POST:
        # Compare against the lead the coordinator saw, not the one read just now: otherwise two
        # coordinators naming different leads from the same page both "succeed", the last silently.
        team.lead_id = form.cleaned_data["lead_was"]
    run(request, lambda: svc.team_set_lead(actor=request.user, team=team, profile=profile), _("已设为组长。"))
    return redirect("volunteers:team", pk)


@require_POST
@login_required
def subsidy(request: HttpRequest, pk: int) -> HttpResponse:
    p, seat = get_profile_for_user(request.user, pk, Need.MANAGE)
    form = SubsidyForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
    elif run(request, lambda: svc.subsidy_record(actor=request.user, profile=p, **form.cleaned_data),
             _("已登记补贴。")):
        return redirect("volunteers:profile", pk)
    return profile_page(request, p, seat, subsidy_form=form)  # what was typed stays in the form

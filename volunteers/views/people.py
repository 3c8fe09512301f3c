"""Volunteer list, profile, self-registration and the approval queue."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from orgs.access import Seat
from orgs.models import Organisation
from volunteers import services as svc
from volunteers.access import Need, get_profile_for_user, get_zone_for_user, staff_seat, visible_profiles
from volunteers.forms import ExceptionForm, HealthForm, PassForm, ReasonForm, RegisterForm, SubsidyForm
from volunteers.models import Health, Skill, Tier, VolunteerProfile, Zone
from volunteers.services.importing import LANGS, parse_availability
from volunteers.views._base import form_errors, run

PAGE = 200


@login_required
def volunteer_list(request: HttpRequest) -> HttpResponse:
    seat = staff_seat(request.user)
    qs = visible_profiles(seat).filter(status=VolunteerProfile.Status.APPROVED).select_related("org")
    f = {k: request.GET.get(k, "") for k in ("tier", "skill", "health", "q")}
    if f["tier"]:
        qs = qs.filter(tier=f["tier"])
    if f["health"]:
        qs = qs.filter(health=f["health"])
    if f["skill"]:
        qs = qs.filter(skills__skill=f["skill"])
    if f["q"]:
        qs = qs.filter(Q(name__contains=f["q"]) | Q(phone__contains=f["q"]))
    rows = qs.prefetch_related("skills").order_by("name")[:PAGE]
    pending = visible_profiles(seat).filter(status=VolunteerProfile.Status.PENDING).count()
    return render(
        request,
        "volunteers/list.html",
        {
            "rows": rows,
            "f": f,
            "tiers": Tier.choices,
            "skills": Skill.choices,
            "healths": Health.choices,
            "pending": pending,
            "can_manage": seat.role == "coordinator",
        },
    )


@login_required
def profile(request: HttpRequest, pk: int) -> HttpResponse:
    p, seat = get_profile_for_user(request.user, pk)
    return profile_page(request, p, seat)


def profile_page(
    request: HttpRequest,
    p: VolunteerProfile,
    seat: Seat,
    exception_form: ExceptionForm | None = None,
    subsidy_form: SubsidyForm | None = None,
    pass_form: PassForm | None = None,
    health_form: HealthForm | None = None,
) -> HttpResponse:
    """The profile; a refused form from it comes back here bound, with what was typed."""
    return render(
        request,
        "volunteers/profile.html",
        {
            "p": p,
            "can_manage": seat.role == "coordinator",
            "skills": p.skills.all(),
            "availability": p.availability.all(),
            "passes": p.passes.select_related("zone").order_by("-valid_until"),
            "shifts": p.shift_assignments.select_related("shift").order_by("-starts_at")[:20],
            # A member org's staff cannot open the hub's shifts or teams (404): no links to them.
            "own_org": None if seat.is_hub else seat.org_id,
            "tasks": p.task_assignments.select_related("task").order_by("-starts_at")[:20],
            "checks": p.fatigue_checks.order_by("-created")[:5],
            "subsidies": p.subsidies.order_by("-paid_on"),
            "subsidy_total": p.subsidies.aggregate(total=Sum("amount"))["total"] or 0,
            "subsidy_form": subsidy_form or SubsidyForm(),
            "teams": p.teams.all(),
            "exceptions": p.exceptions.filter(ends_at__gt=timezone.now()).order_by("starts_at"),
            "exception_form": exception_form or ExceptionForm(),
            "zones": Zone.objects.filter(hub_id=p.hub_id),
            "pass_form": pass_form or PassForm(),
            "health_form": health_form or HealthForm(initial={"health": p.health}),
            "healths": Health.choices,
            "now": timezone.now(),
        },
    )


@login_required
def approvals(request: HttpRequest) -> HttpResponse:
    seat = staff_seat(request.user)
    rows = visible_profiles(seat).filter(status=VolunteerProfile.Status.PENDING).select_related("org")
    return render(request, "volunteers/approvals.html", {"rows": rows.prefetch_related("skills")})


@require_POST
@login_required
def decide(request: HttpRequest, pk: int, approve: bool) -> HttpResponse:
    p = get_profile_for_user(request.user, pk, Need.MANAGE)[0]
    form = ReasonForm(request.POST)
    form.is_valid()
    run(
        request,
        lambda: svc.volunteer_decide(
            actor=request.user, profile=p, approve=approve, reason=form.cleaned_data.get("reason", "")
        ),
        _("已通过。") if approve else _("已标记为未通过。"),
    )
    return redirect("volunteers:approvals")


@require_POST
@login_required
def health(request: HttpRequest, pk: int) -> HttpResponse:
    p, seat = get_profile_for_user(request.user, pk, Need.MANAGE)
    form = HealthForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
    elif run(
        request,
        lambda: svc.volunteer_set_health(actor=request.user, profile=p, **form.cleaned_data),
        _("已更新。"),
    ):
        return redirect("volunteers:profile", pk)
    return profile_page(request, p, seat, health_form=form)  # what was typed stays in the form


@require_POST
@login_required
def issue_pass(request: HttpRequest, pk: int) -> HttpResponse:
    p, seat = get_profile_for_user(request.user, pk, Need.MANAGE)
    form = PassForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return profile_page(request, p, seat, pass_form=form)
    zone = get_zone_for_user(request.user, form.cleaned_data["zone"], Need.MANAGE)[0]
    issued = run(
        request,
        lambda: svc.pass_issue(
            actor=request.user,
            profile=p,
            zone=zone,
            valid_until=form.cleaned_data["valid_until"],
            number=form.cleaned_data["number"],
        ),
        _("已登记通行证。"),
    )
    if issued:
        return redirect("volunteers:profile", pk)
    return profile_page(request, p, seat, pass_form=form)  # what was typed stays in the form


def register(request: HttpRequest) -> HttpResponse:
    """Public self-registration; the org's coordinators approve it in the queue."""
    form = RegisterForm(request.POST or None)
    orgs = Organisation.objects.exclude(kind__in=["government", "company"]).annotate(n=Count("memberships"))
    form.fields["org"].queryset = orgs
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        errors: list[str] = []
        langs = [
            LANGS.get(x.strip(), x.strip().lower())
            for x in d["languages"].replace("/", "/").split("/")
            if x.strip()
        ]
        data = svc.ProfileInput(
            name=d["name"],
            phone=d["phone"],
            tier=d["tier"],
            division_code=d["division_code"],
            lat=d["lat"],
            lon=d["lon"],
            insurance_policy=d["insurance_policy"],
            insurance_valid_to=d["insurance_valid_to"],
            skills=[
                svc.SkillInput(
                    s, 2, d["vehicle"] if s == "driver" else "", langs if s == "translator" else []
                )
                for s in d["skills"]
            ],
            availability=parse_availability(d["availability"], errors),
        )
        if errors:
            form.add_error("availability", ";".join(errors))
        elif run(
            request,
            lambda: svc.volunteer_register(actor=None, org=d["org"], data=data, password=d["password"]),
            _("报名已提交,机构审核通过后即可登录。"),
        ):
            return redirect("login")
    return render(request, "volunteers/register.html", {"form": form})

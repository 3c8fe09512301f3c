"""Drives every demo request through the real service functions, one step at a time."""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from cases.models import HelpRequest, Transfer
from cases.services import (
    NeedInput,
    RequestInput,
    followup_record,
    help_request_assign_org,
    help_request_assign_volunteer,
    help_request_claim,
    help_request_close,
    help_request_create,
    help_request_deliver,
    help_request_hold,
    help_request_release,
    help_request_start,
    transfer_decide,
    transfer_request,
    verification_record,
)
from heli.demo.fake import Faker
from heli.demo.network import MEMBERS, Network
from heli.demo.plan import GAP_HOURS, PATHS, Path, scaled_count
from heli.demo.timeline import Timeline
from orgs.models import Organisation

Channel = HelpRequest.Channel
HOLD_REASONS = ("所在楼栋升级为封控区,志愿者暂时无法进入", "求助人已被转运集中隔离,待返回后再联系",
                "等待药品到货,预计两天后", "求助人要求先等社区统一配送")
FOLLOWUP_NOTES = ("东西都收到了,表示感谢", "情况已经缓解,暂时没有其他需要")
CONFIRM_NOTES = ("电话核实,情况属实", "本人接听,需求与登记一致", "家属接听确认", "")


@dataclass
class Planned:
    path: Path
    created: datetime
    data: RequestInput
    quantified: bool
    original: "Planned | None" = None
    steps: list[tuple[str, datetime]] = field(default_factory=list)
    hr: HelpRequest | None = None


class Runner:
    def __init__(self, net: Network, rng: random.Random, timeline: Timeline, now: datetime) -> None:
        self.net, self.rng, self.timeline, self.now = net, rng, timeline, now
        self.faker = Faker(rng)
        self.earliest = net.incident.started_at + timedelta(hours=1)
        areas = {key: (counties, caps) for key, _n, _k, counties, caps, _v in MEMBERS}
        self.areas = {net.members[key].pk: value for key, value in areas.items()}

    # -- planning ----------------------------------------------------------------------------------
    def plan(self, scale: float) -> list[Planned]:
        plans: list[Planned] = []
        duplicates: list[Path] = []
        for path in PATHS:
            if path.name == "duplicate":
                duplicates += [path] * scaled_count(path, scale)
                continue
            for _ in range(scaled_count(path, scale)):
                quantified = "deliver_partial" in path.steps
                data = self.faker.request(self.faker.scenario(quantified=quantified))
                created = self.now - timedelta(hours=self.rng.uniform(*path.age_hours))
                plans.append(self._timed(Planned(path, created, data, quantified)))
        originals = list(plans)
        for path in duplicates:
            original = self.rng.choice(originals)
            created = min(original.created + timedelta(hours=self.rng.uniform(0.5, 24)),
                          self.now - timedelta(minutes=10))
            again = self.faker.repeat_of(original.data)
            plans.append(self._timed(Planned(path, created, again, False, original)))
        # Codes (XA-000123) follow the primary key: create in the order the requests came in.
        return sorted(plans, key=lambda p: p.created)

    def _timed(self, p: Planned) -> Planned:
        gaps = [self.rng.uniform(*GAP_HOURS[step]) for step in p.path.steps]
        total = timedelta(hours=sum(gaps))
        latest = self.now - timedelta(minutes=5)
        if p.created + total > latest:  # too young for its history: it came in earlier
            p.created = max(self.earliest, latest - total * 1.1)
        squeeze = min(1.0, (latest - p.created) / total) if gaps else 1.0
        at = p.created
        for step, gap in zip(p.path.steps, gaps, strict=True):
            at += timedelta(hours=gap * squeeze)
            p.steps.append((step, at))
        return p

    # -- running -----------------------------------------------------------------------------------
    def run(self, plans: list[Planned]) -> None:
        for p in plans:
            actor, org = self._creator(p.data)
            self.timeline.step(p.created)
            p.hr, _ = help_request_create(actor=actor, incident=self.net.incident, data=p.data, org=org)
            # The returned object caches its need lines as created; later steps (partial delivery, then
            # the follow-up's "was it partial?") must read them from the database, as a new page would.
            p.hr.refresh_from_db()
            for step, at in p.steps:
                self.timeline.step(at)
                getattr(self, f"_{step}")(p)

    def _creator(self, data: RequestInput) -> tuple[Any, Organisation | None]:
        if data.channel == Channel.WEB_FORM:
            return None, None  # the public form has no login
        if data.channel in (Channel.COMMUNITY_WORKER, Channel.PARTNER_ORG):
            org = self._org_for(data.division_code[:6], None)
            return self.net.coords[org.pk], org
        return self.rng.choice(self.net.operators), self.net.hub

    def _org_for(self, county: str, category: str | None, exclude: int | None = None) -> Organisation:
        members = [o for o in self.net.members.values() if o.pk != exclude]
        fits = [o for o in members if (county in self.areas[o.pk][0] or "6101" in self.areas[o.pk][0])
                and (category is None or category in self.areas[o.pk][1])]
        fits = fits or [o for o in members if category in self.areas[o.pk][1]] or members
        # The demo `member` login's organisation takes a fair share, so its board is worth opening.
        weights = [3 if o.pk == self.net.members["yanta"].pk else 1 for o in fits]
        return self.rng.choices(fits, weights)[0]

    def _hr(self, p: Planned) -> HelpRequest:
        assert p.hr is not None
        return p.hr

    def _operator(self) -> Any:
        return self.rng.choice(self.net.operators)

    def _hub_coord(self) -> Any:
        return self.rng.choice(self.net.hub_coords)

    def _verify(self, p: Planned, outcome: str, note: str = "", **extra: Any) -> None:
        verification_record(actor=self._operator(), help_request=self._hr(p), outcome=outcome, note=note,
                            **extra)

    def _no_answer(self, p: Planned) -> None:
        self._verify(p, "no_answer", self.rng.choice(("无人接听", "关机", "占线", "")))

    def _wrong_number(self, p: Planned) -> None:
        self._verify(p, "wrong_number", "对方称不认识求助人")

    def _confirm(self, p: Planned) -> None:
        self._verify(p, "confirmed", self.rng.choice(CONFIRM_NOTES))

    def _correct(self, p: Planned) -> None:
        hr = self._hr(p)
        changes = {"people_count": hr.people_count + 1, "urgency": max(1, hr.urgency - 1)}
        self._verify(p, "corrected", "核实时得知家中还有一位老人,情况比登记时更急", changes=changes)

    def _already_helped(self, p: Planned) -> None:
        self._verify(p, "already_helped", "社区网格员昨天已送去物资")

    def _not_needed(self, p: Planned) -> None:
        self._verify(p, "not_needed", "小区已解封,可以自己去超市")

    def _false(self, p: Planned) -> None:
        self._verify(p, "false", "核实地址不存在,求助人无法说明情况")

    def _claim(self, p: Planned) -> None:
        hr = self._hr(p)
        category = p.data.needs[0].category if p.data.needs else None
        org = self._org_for(hr.county_code, category)
        help_request_claim(actor=self.net.coords[org.pk], help_request=hr, org=org)

    def _assign_org(self, p: Planned) -> None:
        hr = self._hr(p)
        org = self._org_for(hr.county_code, p.data.needs[0].category if p.data.needs else None)
        help_request_assign_org(actor=self._hub_coord(), help_request=hr, org=org)

    def _coord(self, hr: HelpRequest) -> Any:
        return self.net.coords[hr.claimed_by_id]  # type: ignore[index]

    def _assign(self, p: Planned) -> None:
        hr = self._hr(p)
        volunteers = self.net.volunteers[hr.claimed_by_id]  # type: ignore[index]
        # The first volunteer of each org is its busiest (the demo `volunteer` login has tasks to see).
        volunteer = volunteers[0] if self.rng.random() < 0.3 else self.rng.choice(volunteers)
        help_request_assign_volunteer(actor=self._coord(hr), help_request=hr, volunteer=volunteer)

    def _start(self, p: Planned) -> None:
        help_request_start(actor=self._coord(self._hr(p)), help_request=self._hr(p))

    def _transfer(self, p: Planned) -> None:
        hr = self._hr(p)
        to_org = self._org_for(hr.county_code, None, exclude=hr.claimed_by_id)
        transfer_request(actor=self._coord(hr), help_request=hr, to_org=to_org,
                         reason="本机构在该街道暂无可出门的志愿者,转给就近机构")

    def _accept(self, p: Planned) -> None:
        transfer = Transfer.objects.get(help_request=self._hr(p), status=Transfer.Status.PENDING)
        transfer_decide(actor=self.net.coords[transfer.to_org_id], transfer=transfer, accept=True)
        self._hr(p).refresh_from_db()

    def _release(self, p: Planned) -> None:
        hr = self._hr(p)
        help_request_release(actor=self._coord(hr), help_request=hr, reason="需要医疗资源,本机构无法提供")

    def _deliver(self, p: Planned, partial: bool = False) -> None:
        hr = self._hr(p)
        delivered = None
        if partial:
            line = next(n for n in hr.needs.order_by("pk") if (n.qty_requested or 0) >= 2)
            delivered = {line.pk: line.qty_requested // 2}  # type: ignore[operator]
        actor = hr.assigned_to or self._coord(hr)
        help_request_deliver(actor=actor, help_request=hr, delivered=delivered,
                             note="物资已送到楼下,与求助人当面确认" if not partial else "货源不足,先送一半")

    def _deliver_partial(self, p: Planned) -> None:
        self._deliver(p, partial=True)

    def _followup(self, p: Planned, outcome: str, **extra: Any) -> None:
        hr = self._hr(p)
        followup = hr.followups.filter(done_at__isnull=True).latest("pk")
        followup_record(actor=self._operator(), followup=followup, outcome=outcome, **extra)

    def _followup_ok(self, p: Planned) -> None:
        self._followup(p, "satisfied", note=self.rng.choice(FOLLOWUP_NOTES))

    def _followup_more(self, p: Planned) -> None:
        first = p.data.needs[0]
        more = [NeedInput(category=first.category, item=first.item, qty_requested=first.qty_requested,
                          unit=first.unit)]
        self._followup(p, "still_in_need", note="封控延长,同样的需求还要一次", new_needs=more)

    def _followup_unreachable(self, p: Planned) -> None:
        self._followup(p, "unreachable", note="回访电话无人接听,明天再打")

    def _close(self, p: Planned, reason: str, note: str, actor: Any = None, **extra: Any) -> None:
        help_request_close(actor=actor or self._hub_coord(), help_request=self._hr(p), reason=reason,
                           note=note, **extra)

    def _close_duplicate(self, p: Planned) -> None:
        assert p.original is not None
        self._close(p, "duplicate", "同一求助人重复登记", duplicate_of=p.original.hr)

    def _close_unreachable(self, p: Planned) -> None:
        self._close(p, "unreachable", "三次电话未接通,短信无回复")

    def _close_out_of_scope(self, p: Planned) -> None:
        self._close(p, "out_of_scope", "咨询核酸检测结果,已告知拨打12345")

    def _close_done_by_others(self, p: Planned) -> None:
        hr = self._hr(p)
        self._close(p, "done_by_others", "街道办已统一配送", actor=self._coord(hr))

    def _hold(self, p: Planned) -> None:
        reason = self.rng.choice(HOLD_REASONS)
        help_request_hold(actor=self._hub_coord(), help_request=self._hr(p), reason=reason)

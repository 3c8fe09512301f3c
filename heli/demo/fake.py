"""Synthetic requesters, addresses and request texts, drawn from one seeded random generator."""

import random
from dataclasses import replace

from cases.models import HelpRequest
from cases.services import NeedInput, RequestInput
from geo.divisions import names as division_names
from heli.demo.texts import (
    GIVEN,
    PLACE_HEADS,
    PLACE_TAILS,
    POLITE,
    RELATIVES,
    SCENARIOS,
    SURNAMES,
    WECHAT_WRAP,
    WEIBO_WRAP,
    Scenario,
)

Channel = HelpRequest.Channel
# Weighted like a hotline-led response: most calls by phone, then chat groups.
CHANNELS = ((Channel.HOTLINE, 34), (Channel.WECHAT, 24), (Channel.WEB_FORM, 12),
            (Channel.COMMUNITY_WORKER, 12), (Channel.PARTNER_ORG, 8), (Channel.WEIBO, 6),
            (Channel.WALK_IN, 4))
# County code -> weight: the dense central districts send most requests.
COUNTIES = (("610113", 24), ("610103", 14), ("610112", 16), ("610116", 14), ("610104", 12), ("610102", 11),
            ("610111", 9))


class Faker:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        table = division_names()
        self.streets: dict[str, list[str]] = {c: [] for c, _ in COUNTIES}
        for code in table:
            if len(code) == 9 and code[:6] in self.streets:
                self.streets[code[:6]].append(code)
        for codes in self.streets.values():
            codes.sort()
        self.county_names = {c: table[c] for c, _ in COUNTIES}
        self.phones: set[str] = set()

    def pick(self, weighted: tuple[tuple[str, int], ...]) -> str:
        return self.rng.choices([k for k, _ in weighted], [w for _, w in weighted])[0]

    def phone(self) -> str:
        while True:  # unique, so only the planted duplicates share a number
            number = self.rng.choice("3578") + "".join(self.rng.choices("0123456789", k=9))
            if number not in self.phones:
                self.phones.add(number)
                return "1" + number

    def name(self) -> str:
        surname = self.rng.choice(SURNAMES)
        return surname + (self.rng.choice(POLITE) if self.rng.random() < 0.6 else self.rng.choice(GIVEN))

    def place(self) -> str:
        return self.rng.choice(PLACE_HEADS) + self.rng.choice(PLACE_TAILS)

    def scenario(self, quantified: bool = False) -> Scenario:
        pool = [s for s in SCENARIOS if not quantified or s.needs[0][2] is not None]
        return self.rng.choices(pool, [s.weight for s in pool])[0]

    def request(self, scenario: Scenario) -> RequestInput:
        rng = self.rng
        county = self.pick(COUNTIES)
        place = self.place()
        n = rng.randint(*scenario.people)
        text = rng.choice(scenario.texts).format(
            n=n, d=rng.randint(2, 9), place=place, who=rng.choice(RELATIVES), age=rng.randint(3, 18),
            w=rng.randint(12, 38))
        channel = self.pick(CHANNELS)
        name, phone = self.name(), self.phone()
        raw = ""
        if channel == Channel.WECHAT:
            raw = rng.choice(WECHAT_WRAP).format(county=self.county_names[county], place=place, text=text,
                                                 name=name, phone=phone)
        elif channel == Channel.WEIBO:
            raw = rng.choice(WEIBO_WRAP).format(county=self.county_names[county], place=place, text=text,
                                                phone=phone)
        for_other = bool(scenario.groups) and "elderly" in scenario.groups and rng.random() < 0.4
        division = rng.choice(self.streets[county]) if rng.random() < 0.8 else county
        needs = [
            NeedInput(category=cat, item=item, qty_requested=rng.randint(*qty) if qty else None, unit=unit)
            for i, (cat, item, qty, unit) in enumerate(scenario.needs) if i == 0 or rng.random() < 0.7
        ]
        located = rng.random() < 0.7
        room = f"{rng.randint(1, 28)}0{rng.randint(1, 4)}"
        return RequestInput(
            channel=channel, requester_name=name, requester_phone=phone, division_code=division,
            address_detail=f"{place}{rng.randint(1, 24)}号楼{rng.randint(1, 4)}单元{room}",
            people_count=n, urgency=rng.choice(scenario.urgency), description=text, raw_text=raw,
            for_other=for_other, beneficiary_name=self.name() if for_other else "",
            beneficiary_phone=self.phone() if for_other and rng.random() < 0.5 else "",
            groups=list(scenario.groups), consent_share=rng.random() < 0.85,
            lat=round(rng.uniform(34.17, 34.35), 5) if located else None,
            lon=round(rng.uniform(108.82, 109.08), 5) if located else None,
            needs=needs,
        )

    def repeat_of(self, original: RequestInput) -> RequestInput:
        """The same caller asking again through another channel: same phone and address, new words."""
        channel = self.pick(CHANNELS)
        text = self.rng.choice(("之前已经登记过,一直没人联系,再问一下进展。", "重复提交:",
                                "家属又在群里发了一遍:")) + original.description
        return replace(original, channel=channel, description=text, raw_text="", needs=list(original.needs))

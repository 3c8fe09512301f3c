"""Donor conditions (定向捐赠) in one place: as the solver's Restriction and as a direct check."""

from matching.allocation import Restriction
from supplies.models import Donation, Site


def restriction_of(donation: Donation | None) -> Restriction:
    if donation is None:
        return Restriction()
    return Restriction(
        site_kinds=frozenset(donation.only_site_kinds) or None,
        district_prefixes=(donation.only_division,) if donation.only_division else None,
        groups=frozenset(donation.only_groups) or None,
    )


def donation_allows(donation: Donation | None, *, kind: str, division: str, groups: list[str]) -> bool:
    r = restriction_of(donation)
    if r.site_kinds is not None and kind not in r.site_kinds:
        return False
    if r.district_prefixes is not None and not division.startswith(r.district_prefixes):
        return False
    return r.groups is None or bool(r.groups & set(groups))


def site_allowed(donation: Donation | None, site: Site) -> bool:
    return donation_allows(donation, kind=site.kind, division=site.division_code, groups=site.groups)

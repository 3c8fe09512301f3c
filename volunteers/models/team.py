"""Teams with a lead; a volunteer can be in several (a team's duty line is what the board keeps apart)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from orgs.models import Organisation
from volunteers.models.choices import Duty
from volunteers.models.profile import VolunteerProfile


class Team(models.Model):
    hub = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    org = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="volunteer_teams")
    name = models.CharField(_("名称"), max_length=60)
    duty = models.CharField(_("职责"), max_length=10, choices=Duty.choices, default=Duty.OTHER)
    lead = models.ForeignKey(
        VolunteerProfile, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    members = models.ManyToManyField(VolunteerProfile, blank=True, related_name="teams")

    class Meta:
        verbose_name = _("志愿者小组")
        verbose_name_plural = _("志愿者小组")
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="team_name_per_org")]

    def __str__(self) -> str:
        return self.name

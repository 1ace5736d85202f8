"""Month-end population snapshots (人口统计月末快照): the statistics tables of every org unit as they
stood when the month was closed, so a past report can be reproduced exactly."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PopulationSnapshot(models.Model):
    org_unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="population_snapshots", verbose_name=_("org unit")
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month the snapshot stands for."))
    reference_date = models.DateField(_("ages counted on"))
    taken_at = models.DateTimeField(_("taken at"))
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    # The rows and totals as computed, with unit names and codes of the time (statistics.PopulationStatistics).
    tables = models.JSONField(_("tables"))

    class Meta:
        verbose_name = _("population snapshot")
        verbose_name_plural = _("population snapshots")
        ordering = ["-month", "org_unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "month"], name="unique_population_snapshot_per_month"),
            models.CheckConstraint(condition=models.Q(month__day=1), name="population_snapshot_month_first_day"),
        ]
        indexes = [models.Index(fields=["month"])]

    def __str__(self):
        return f"{self.org_unit} {self.month:%Y-%m}"

"""Which sites are baked to static files, and how their last build went."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BakedSite(models.Model):
    """A Wagtail site that has had its first full build; from then on publishing rebuilds it incrementally."""

    site = models.OneToOneField(
        "wagtailcore.Site", on_delete=models.CASCADE, related_name="baked", verbose_name=_("site")
    )
    build_name = models.CharField(_("current build"), max_length=64, blank=True)
    full_build_at = models.DateTimeField(_("last full build"), null=True, blank=True)
    built_at = models.DateTimeField(_("last build"), null=True, blank=True)
    page_count = models.PositiveIntegerField(_("baked pages"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    last_error_at = models.DateTimeField(_("last error at"), null=True, blank=True)

    class Meta:
        verbose_name = _("baked site")
        verbose_name_plural = _("baked sites")

    def __str__(self):
        return self.site.hostname

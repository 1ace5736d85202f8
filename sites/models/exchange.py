"""Exchange between levels (协作与交换): notices pushed down the org tree, items submitted up to the portal.

Push-down is one `PushedNotice` row (sender unit, target subtree, the notice itself), not one page
copy per community: community notice lists union the rows that reach them into their query, so a
push to 200 communities is one insert, and updating or withdrawing it is one update that every
site sees at the same moment. Streets and districts have no website of their own, so the row
holds the original text; its public address on each community site is a route of that site's
notice list.

Submission upward is a draft copy of the community's page under the portal, moderated by a Wagtail
workflow; `PortalSubmission` remembers where it came from, who sent it and the outcome.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.fields import StreamField

from sites.blocks import BodyBlock


class PushedNoticeQuerySet(models.QuerySet):
    def reaching(self, unit):
        """Pushes whose target subtree contains `unit`: the target is `unit` or one of its ancestors.

        The ancestors' tree paths are prefixes of the unit's own path, so no query is needed for them.
        """
        steplen = type(unit).steplen
        return self.filter(target__path__in=[unit.path[:end] for end in range(steplen, len(unit.path) + 1, steplen)])

    def current(self):
        """Not withdrawn and not past its valid-until date (the same rule as notice pages)."""
        today = timezone.localdate()
        return self.filter(withdrawn_at__isnull=True).filter(
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=today)
        )


class PushedNotice(models.Model):
    """A notice a street, district or the city sends to every community below a unit (下发通知)."""

    sender = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="sent_notices", verbose_name=_("sent by")
    )
    target = models.ForeignKey(
        "orgs.OrgUnit",
        on_delete=models.PROTECT,
        related_name="received_notices",
        verbose_name=_("sent to"),
        help_text=_("Every community site at or below this unit shows the notice."),
    )
    title = models.CharField(_("title"), max_length=255)
    summary = models.TextField(_("summary"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("content"))
    pinned = models.BooleanField(_("pinned"), default=False)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PushedNoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("pushed notice")
        verbose_name_plural = _("pushed notices")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["target", "withdrawn_at"])]

    def __str__(self):
        return self.title

    @property
    def first_published_at(self):
        """The name notice pages use, so one list template shows both."""
        return self.published_at

    @property
    def is_withdrawn(self):
        return self.withdrawn_at is not None

    @property
    def is_expired(self):
        return self.valid_until is not None and self.valid_until < timezone.localdate()


class SubmissionStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


class PortalSubmission(models.Model):
    """An item a community submits to the portal (信息报送) and what became of it."""

    source_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        on_delete=models.SET_NULL,
        related_name="portal_submissions",
        verbose_name=_("original page"),
    )
    source_unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="portal_submissions", verbose_name=_("community")
    )
    portal_page = models.OneToOneField(
        "wagtailcore.Page",
        null=True,
        on_delete=models.SET_NULL,
        related_name="portal_submission",
        verbose_name=_("page on the portal"),
    )
    title = models.CharField(_("title"), max_length=255)
    note = models.TextField(_("note to the reviewers"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("submitted by")
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=16, choices=SubmissionStatus.choices, default=SubmissionStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("portal submission")
        verbose_name_plural = _("portal submissions")
        ordering = ["-submitted_at", "-pk"]

    def __str__(self):
        return self.title

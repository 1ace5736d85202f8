"""The approval engine's data: process definitions (ordered steps by org level), cases moving
through them, the decisions taken on them, public notices (公示) with objections, and the
calendar of working days.

Glossary: 审批 approval; 公示 public notice; 入户调查 household survey; 调休 make-up working day.
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from cms.orgs.models import OrgLevel

# Org levels from the bottom of the tree up: a process climbs them in this order.
LEVEL_RANK = {OrgLevel.COMMUNITY: 0, OrgLevel.STREET: 1, OrgLevel.DISTRICT: 2, OrgLevel.CITY: 3}


class FinalLevel(models.TextChoices):
    """Where a process ends; configurable per business type (elderly-care subsidies, assistance)."""

    STREET = "street", _("Street / township")
    DISTRICT = "district", _("District / county")
    CITY = "city", _("City")


class StepKind(models.TextChoices):
    REVIEW = "review", _("Review")
    APPROVE = "approve", _("Approval")
    PUBLIC_NOTICE = "public_notice", _("Public notice")
    SURVEY = "survey", _("Household survey")


class CaseStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    RETURNED = "returned", _("Returned for correction")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_STATUSES = (CaseStatus.IN_PROGRESS, CaseStatus.RETURNED)


class DecisionKind(models.TextChoices):
    PASS = "pass", _("Pass to the next step")
    RETURN = "return", _("Return for correction")
    REJECT = "reject", _("Reject")
    APPROVE = "approve", _("Approve")
    SKIP = "skip", _("Skip this optional step")
    RESUBMIT = "resubmit", _("Resubmitted after correction")
    WITHDRAW = "withdraw", _("Withdrawn")


business_type_validator = RegexValidator(
    r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$",
    _("Use lower-case letters, digits, underscores and dots, e.g. assistance.urban_dibao."),
)


class ApprovalProcess(ClusterableModel):
    business_type = models.CharField(
        _("business type"), max_length=64, unique=True, validators=[business_type_validator]
    )
    name = models.CharField(_("name"), max_length=100)
    final_level = models.CharField(
        _("final approval level"),
        max_length=16,
        choices=FinalLevel.choices,
        default=FinalLevel.DISTRICT,
        help_text=_("Steps above this level are left out; the last step at this level gives the final approval."),
    )
    description = models.TextField(_("description"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("approval process")
        verbose_name_plural = _("approval processes")
        ordering = ["business_type"]

    def __str__(self):
        return self.name

    def active_steps(self, steps=None):
        """The steps a case goes through: those at or below the final level, in order."""
        steps = list(self.steps.all()) if steps is None else steps
        limit = LEVEL_RANK[OrgLevel(self.final_level)]
        return sorted(
            (step for step in steps if LEVEL_RANK[OrgLevel(step.level)] <= limit), key=lambda step: step.order
        )


class ApprovalStep(models.Model):
    process = ParentalKey(ApprovalProcess, on_delete=models.CASCADE, related_name="steps", verbose_name=_("process"))
    order = models.PositiveIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=16, choices=StepKind.choices, default=StepKind.REVIEW)
    level = models.CharField(_("level"), max_length=16, choices=OrgLevel.choices)
    name = models.CharField(_("name"), max_length=100)
    time_limit_days = models.PositiveSmallIntegerField(
        _("time limit (working days)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    notice_days = models.PositiveSmallIntegerField(
        _("public notice (working days)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Only for public-notice steps."),
    )
    optional = models.BooleanField(
        _("optional"), default=False, help_text=_("The unit at this step may skip it, with a recorded reason.")
    )

    sort_order_field = "order"

    class Meta:
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")
        ordering = ["process", "order", "pk"]

    def __str__(self):
        return self.name


class ApprovalCase(models.Model):
    number = models.CharField(_("case number"), max_length=32, unique=True)
    process = models.ForeignKey(
        ApprovalProcess, on_delete=models.PROTECT, related_name="cases", verbose_name=_("process")
    )
    org_unit = models.ForeignKey(
        "orgs.OrgUnit",
        on_delete=models.PROTECT,
        related_name="approval_cases",
        verbose_name=_("applicant's community"),
    )
    current_step = models.ForeignKey(
        ApprovalStep,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="current_cases",
        verbose_name=_("current step"),
    )
    current_org_unit = models.ForeignKey(
        "orgs.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="waiting_approval_cases",
        verbose_name=_("waiting at"),
    )
    status = models.CharField(_("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.IN_PROGRESS)
    title = models.CharField(_("title"), max_length=200)
    subject_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT)
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    step_started_at = models.DateTimeField(_("step started at"), default=timezone.now)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    is_overdue = models.BooleanField(_("overdue"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("approval case")
        verbose_name_plural = _("approval cases")
        ordering = ["-created_at", "-id"]
        permissions = [("decide_approvalcase", _("Can decide approval cases"))]
        constraints = [
            # One open case per business record, also when two clerks submit it at the same moment.
            models.UniqueConstraint(
                fields=["subject_type", "subject_id"],
                condition=models.Q(status__in=["in_progress", "returned"]),
                name="approvals_one_open_case_per_subject",
            ),
        ]
        indexes = [
            models.Index(fields=["current_org_unit", "status"]),
            models.Index(fields=["status", "due_at"]),
            models.Index(fields=["subject_type", "subject_id"]),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES


class ApprovalDecision(models.Model):
    case = models.ForeignKey(ApprovalCase, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("case"))
    step = models.ForeignKey(
        ApprovalStep, null=True, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("step")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("decided by")
    )
    actor_name = models.CharField(_("decided by"), max_length=150, blank=True)
    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("org unit"))
    level = models.CharField(_("level"), max_length=16, choices=OrgLevel.choices)
    decision = models.CharField(_("decision"), max_length=16, choices=DecisionKind.choices)
    comment = models.TextField(_("comment"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta:
        verbose_name = _("approval decision")
        verbose_name_plural = _("approval decisions")
        ordering = ["decided_at", "id"]

    def __str__(self):
        return f"{self.case.number} {self.get_decision_display()}"


def attachment_path(instance, filename):
    # A random name: attachments are served only through the permission-checked view.
    suffix = PurePath(filename).suffix.lower()
    return f"approvals/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class DecisionAttachment(models.Model):
    decision = models.ForeignKey(
        ApprovalDecision, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("decision")
    )
    file = models.FileField(_("file"), upload_to=attachment_path)
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size"), default=0)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self):
        return self.name


class NoticeStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    FINISHED = "finished", _("Finished")


class PublicNotice(models.Model):
    """公示: the case is shown publicly for a number of working days; anyone may object."""

    case = models.ForeignKey(ApprovalCase, on_delete=models.CASCADE, related_name="notices", verbose_name=_("case"))
    step = models.ForeignKey(ApprovalStep, on_delete=models.PROTECT, related_name="+", verbose_name=_("step"))
    org_unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("posted by")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("started by")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("public notice")
        verbose_name_plural = _("public notices")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "step"], name="approvals_one_notice_per_case_step"),
        ]

    def __str__(self):
        return f"{self.case.number} {self.starts_on:%Y-%m-%d}–{self.ends_on:%Y-%m-%d}"

    def has_ended(self, today=None):
        return (today or timezone.localdate()) > self.ends_on


class NoticeObjection(models.Model):
    notice = models.ForeignKey(
        PublicNotice, on_delete=models.CASCADE, related_name="objections", verbose_name=_("public notice")
    )
    text = models.TextField(_("objection"))
    objector = models.CharField(_("raised by"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    resolution = models.TextField(_("resolution"), blank=True)
    upheld = models.BooleanField(_("upheld"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("resolved by")
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["recorded_at", "id"]

    def __str__(self):
        return self.text[:40]

    @property
    def is_resolved(self):
        return self.resolved_at is not None


class WorkdayAdjustment(models.Model):
    """A date whose working-day status differs from Mon–Fri: a public holiday on a weekday
    (is_workday False) or a make-up working day 调休 on a weekend (is_workday True)."""

    date = models.DateField(_("date"), unique=True)
    is_workday = models.BooleanField(_("is a working day"), default=False)
    name = models.CharField(_("name"), max_length=100, blank=True, help_text=_("e.g. 国庆节 or 国庆节调休"))

    class Meta:
        verbose_name = _("holiday or make-up working day")
        verbose_name_plural = _("holidays and make-up working days")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}"


class CaseNumberCounter(models.Model):
    """The last sequence number handed out per day, for case numbers like SP20261126-000123."""

    day = models.DateField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("case number counter")
        verbose_name_plural = _("case number counters")

    def __str__(self):
        return f"{self.day:%Y%m%d}: {self.last}"

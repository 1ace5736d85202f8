"""Social assistance records: standards per area and date, cases of a household in a programme with
their members, incomes, assets and documents, benefit periods versioned by date, review tasks,
standard adjustments (调标), migrations, payroll runs and compliance findings.

Money is in yuan with two decimal places; benefits are monthly amounts (one-off programmes pay once).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from services.assistance.programmes import DocumentKind, Programme

MONEY = {"max_digits": 12, "decimal_places": 2}


class Standard(models.Model):
    """保障标准: the amount of a programme in an area from a date. Lookups walk up the org tree to the
    nearest area that has one, and take the newest row in force on the date asked for."""

    programme = models.CharField(_("programme"), max_length=32, choices=Programme.choices)
    org_unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="assistance_standards", verbose_name=_("area")
    )
    effective_from = models.DateField(_("effective from"))
    amount = models.DecimalField(
        _("standard (yuan per month)"),
        **MONEY,
        help_text=_(
            "Dibao, low-income and extreme-poverty: the monthly line per head; medical and temporary aid: the cap."
        ),
    )
    minimum_benefit = models.DecimalField(
        _("minimum benefit per head"), **MONEY, null=True, blank=True,
        help_text=_("Dibao: the least a covered member receives; low-income: the monthly allowance per head."),
    )  # fmt: skip
    ratio = models.DecimalField(
        _("aid ratio"), max_digits=4, decimal_places=3, null=True, blank=True,
        help_text=_("Medical aid: the share of the expenses paid, e.g. 0.700."),
    )  # fmt: skip
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("assistance standard")
        verbose_name_plural = _("assistance standards")
        ordering = ["programme", "org_unit__path", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "org_unit", "effective_from"], name="unique_standard_per_day")
        ]

    def __str__(self):
        return f"{self.get_programme_display()} {self.org_unit} {self.effective_from}: {self.amount}"


class CaseStatus(models.TextChoices):
    APPLYING = "applying", _("Applying")
    ACTIVE = "active", _("Receiving")
    SUSPENDED = "suspended", _("Suspended")
    TERMINATED = "terminated", _("Terminated")
    REJECTED = "rejected", _("Rejected")
    COMPLETED = "completed", _("Paid (one-off)")


OPEN_STATUSES = (CaseStatus.APPLYING, CaseStatus.ACTIVE, CaseStatus.SUSPENDED)


class Housing(models.TextChoices):
    OWNED = "owned", _("Own home")
    PUBLIC_RENTAL = "public_rental", _("Public rental housing")
    RENTED = "rented", _("Rented privately")
    RELATIVES = "relatives", _("Living with relatives")
    OTHER = "other", _("Other")


class ReviewInterval(models.IntegerChoices):
    # dynamic management: yearly for stable households, half-yearly for irregular income
    YEARLY = 12, _("Yearly (stable household)")
    HALF_YEARLY = 6, _("Every six months (irregular income)")


class AssistanceCase(models.Model):
    """One household in one programme, from the application to its end."""

    number = models.CharField(_("case number"), max_length=24, unique=True, blank=True)
    programme = models.CharField(_("programme"), max_length=32, choices=Programme.choices, db_index=True)
    household = models.ForeignKey(
        "datacenter.Household", on_delete=models.PROTECT, related_name="assistance_cases", verbose_name=_("household")
    )
    org_unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="assistance_cases", verbose_name=_("community")
    )
    applicant = models.ForeignKey(
        "datacenter.Resident", on_delete=models.PROTECT, related_name="assistance_applications",
        verbose_name=_("applicant"),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.APPLYING, db_index=True
    )
    applied_on = models.DateField(_("applied on"))
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("reason"), max_length=255, blank=True)
    housing = models.CharField(_("housing"), max_length=16, choices=Housing.choices, default=Housing.OWNED)
    irregular_income = models.BooleanField(_("irregular income"), default=False)
    review_interval = models.PositiveSmallIntegerField(
        _("review interval"), choices=ReviewInterval.choices, default=ReviewInterval.YEARLY
    )
    next_review_on = models.DateField(_("next review"), null=True, blank=True, db_index=True)
    no_legal_supporter = models.BooleanField(_("no legal supporter able to help"), default=False)
    medical_expense = models.DecimalField(_("medical expenses paid by the household"), **MONEY, default=0)
    requested_amount = models.DecimalField(_("amount of help needed"), **MONEY, default=0)
    reason = models.TextField(_("reason for the application"), blank=True)
    bank_name = models.CharField(_("bank"), max_length=64, blank=True)
    bank_account_encrypted = models.TextField(blank=True, editable=False)
    bank_account_masked = models.CharField(_("bank account"), max_length=32, blank=True, editable=False)
    # The figures in force now (the benefit periods keep every earlier state).
    member_count = models.PositiveSmallIntegerField(_("members"), default=0)
    covered_count = models.PositiveSmallIntegerField(_("covered members"), default=0)
    monthly_income = models.DecimalField(_("household monthly income"), **MONEY, default=0)
    per_capita_income = models.DecimalField(_("monthly income per head"), **MONEY, default=0)
    financial_assets = models.DecimalField(_("financial assets"), **MONEY, default=0)
    monthly_amount = models.DecimalField(_("benefit (yuan)"), **MONEY, default=0)
    approval_number = models.CharField(_("approval case number"), max_length=32, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("assistance case")
        verbose_name_plural = _("assistance cases")
        ordering = ["-applied_on", "-pk"]
        permissions = [
            ("adjust_standard", _("Can adjust assistance standards")),
            ("export_bank_file", _("Can export bank disbursement files")),
        ]
        indexes = [models.Index(fields=["programme", "status", "org_unit"])]

    def __str__(self):
        return f"{self.number} {self.get_programme_display()}"

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES


class CaseMember(models.Model):
    case = models.ForeignKey(AssistanceCase, on_delete=models.CASCADE, related_name="members")
    resident = models.ForeignKey(
        "datacenter.Resident", on_delete=models.PROTECT, related_name="assistance_memberships",
        verbose_name=_("resident"),
    )  # fmt: skip
    covered = models.BooleanField(_("covered"), default=True)
    monthly_income = models.DecimalField(_("monthly income"), **MONEY, default=0)

    class Meta:
        verbose_name = _("case member")
        verbose_name_plural = _("case members")
        constraints = [models.UniqueConstraint(fields=["case", "resident"], name="unique_case_member")]
        indexes = [models.Index(fields=["resident", "covered"])]

    def __str__(self):
        return str(self.resident)


class IncomeKind(models.TextChoices):
    WAGES = "wages", _("Wages")
    BUSINESS = "business", _("Business income")
    FARMING = "farming", _("Farming income")
    PENSION = "pension", _("Pension")
    PROPERTY = "property", _("Rent and interest")
    TRANSFER = "transfer", _("Support from relatives and transfers")
    OTHER = "other", _("Other income")


class IncomeLine(models.Model):
    case = models.ForeignKey(AssistanceCase, on_delete=models.CASCADE, related_name="incomes")
    member = models.ForeignKey(CaseMember, on_delete=models.CASCADE, related_name="incomes", null=True, blank=True)
    kind = models.CharField(_("income type"), max_length=16, choices=IncomeKind.choices)
    monthly_amount = models.DecimalField(_("monthly amount"), **MONEY)

    class Meta:
        verbose_name = _("income")
        verbose_name_plural = _("incomes")

    def __str__(self):
        return f"{self.get_kind_display()} {self.monthly_amount}"


class AssetKind(models.TextChoices):
    DEPOSITS = "deposits", _("Bank deposits")
    SECURITIES = "securities", _("Securities and insurance")
    VEHICLE = "vehicle", _("Motor vehicle")
    EXTRA_PROPERTY = "extra_property", _("Housing beyond the own home")
    OTHER = "other", _("Other assets")


FINANCIAL_ASSETS = (AssetKind.DEPOSITS, AssetKind.SECURITIES)


class AssetLine(models.Model):
    case = models.ForeignKey(AssistanceCase, on_delete=models.CASCADE, related_name="assets")
    kind = models.CharField(_("asset type"), max_length=16, choices=AssetKind.choices)
    value = models.DecimalField(_("value"), **MONEY, default=0)
    description = models.CharField(_("description"), max_length=255, blank=True)
    exempt = models.BooleanField(_("exempt (e.g. vehicle for a disabled person)"), default=False)

    class Meta:
        verbose_name = _("asset")
        verbose_name_plural = _("assets")

    def __str__(self):
        return f"{self.get_kind_display()} {self.value}"


class CaseDocument(models.Model):
    case = models.ForeignKey(AssistanceCase, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=32, choices=DocumentKind.choices)
    file = models.FileField(_("file"), upload_to="assistance/documents/%Y/%m/", blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("case document")
        verbose_name_plural = _("case documents")

    def __str__(self):
        return self.get_kind_display()


class HouseholdSurvey(models.Model):
    """入户调查: what the surveyors found at home; their income figure replaces the declared one."""

    case = models.ForeignKey(AssistanceCase, on_delete=models.CASCADE, related_name="surveys")
    surveyed_on = models.DateField(_("surveyed on"))
    surveyors = models.CharField(_("surveyors"), max_length=255)
    findings = models.TextField(_("findings"))
    verified_monthly_income = models.DecimalField(
        _("verified household monthly income"), **MONEY, null=True, blank=True
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("household survey")
        verbose_name_plural = _("household surveys")
        ordering = ["-surveyed_on", "-pk"]

    def __str__(self):
        return f"{self.surveyed_on} {self.surveyors}"


class DemocraticAppraisal(models.Model):
    """民主评议: the community's appraisal meeting and its vote."""

    case = models.ForeignKey(AssistanceCase, on_delete=models.CASCADE, related_name="appraisals")
    held_on = models.DateField(_("held on"))
    participants = models.PositiveSmallIntegerField(_("participants"))
    votes_for = models.PositiveSmallIntegerField(_("votes for"))
    votes_against = models.PositiveSmallIntegerField(_("votes against"))
    minutes = models.TextField(_("minutes"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("democratic appraisal")
        verbose_name_plural = _("democratic appraisals")
        ordering = ["-held_on", "-pk"]

    @property
    def passed(self):
        return self.votes_for * 2 > self.participants

    def __str__(self):
        return f"{self.held_on} {self.votes_for}/{self.participants}"


class StandardAdjustment(models.Model):
    """调标: a new standard from a date and the batch recalculation it caused."""

    standard = models.OneToOneField(Standard, on_delete=models.PROTECT, related_name="adjustment")
    previous_amount = models.DecimalField(_("previous standard"), **MONEY, null=True, blank=True)
    case_count = models.PositiveIntegerField(_("households recalculated"), default=0)
    total_before = models.DecimalField(_("monthly total before"), max_digits=16, decimal_places=2, default=0)
    total_after = models.DecimalField(_("monthly total after"), max_digits=16, decimal_places=2, default=0)
    ineligible_count = models.PositiveIntegerField(_("households no longer below the standard"), default=0)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("standard adjustment")
        verbose_name_plural = _("standard adjustments")
        ordering = ["-created_at"]

    def __str__(self):
        return str(self.standard)


class PeriodKind(models.TextChoices):
    GRANT = "grant", _("Granted")
    CHANGE = "change", _("Changed")
    STANDARD = "standard", _("Standard adjusted")
    MIGRATION = "migration", _("Migrated")
    SUSPENSION = "suspension", _("Suspended")
    RESUMPTION = "resumption", _("Resumed")
    TERMINATION = "termination", _("Terminated")
    ONE_OFF = "one_off", _("One-off payment")
    ONE_OFF_END = "one_off_end", _("End of one-off payment")


class BenefitPeriod(models.Model):
    """The benefit of a case from a month on, until a later row. The row in force in month M is the
    one with the greatest (effective_from, id) not after M, so recalculations never rewrite history:
    they add rows, and any past month can be recomputed."""

    case = models.ForeignKey(AssistanceCase, on_delete=models.CASCADE, related_name="periods")
    org_unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("community")
    )
    effective_from = models.DateField(pgettext_lazy("effective from", "from"))
    kind = models.CharField(_("change"), max_length=16, choices=PeriodKind.choices)
    monthly_amount = models.DecimalField(_("amount"), **MONEY)
    member_count = models.PositiveSmallIntegerField(_("members"), default=0)
    covered_count = models.PositiveSmallIntegerField(_("covered members"), default=0)
    per_capita_income = models.DecimalField(_("income per head"), **MONEY, default=0)
    standard_amount = models.DecimalField(_("standard"), **MONEY, default=0)
    minimum_benefit = models.DecimalField(_("minimum benefit"), **MONEY, null=True, blank=True)
    adjustment = models.ForeignKey(
        StandardAdjustment, null=True, blank=True, on_delete=models.PROTECT, related_name="periods"
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("benefit period")
        verbose_name_plural = _("benefit periods")
        ordering = ["case", "effective_from", "id"]
        indexes = [models.Index(fields=["case", "effective_from", "id"], name="benefit_period_in_force")]

    def __str__(self):
        return f"{self.effective_from:%Y-%m} {self.get_kind_display()} {self.monthly_amount}"


EVENT_LABELS = {
    "applied": _("Applied"),
    "document": _("Document added"),
    "surveyed": _("Household survey recorded"),
    "appraised": _("Democratic appraisal recorded"),
    "submitted": _("Submitted for approval"),
    "approved": _("Approved"),
    "rejected": _("Rejected"),
    "returned": _("Returned for correction"),
    "changed": _("Changed"),
    "suspended": _("Suspended"),
    "resumed": _("Resumed"),
    "terminated": _("Terminated"),
    "migrated": _("Migrated"),
    "reviewed": _("Reviewed"),
}


class CaseEvent(models.Model):
    """The case's history as staff read it: application, survey, decisions, changes, moves."""

    case = models.ForeignKey(AssistanceCase, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(pgettext_lazy("step in a case history", "event"), max_length=32)
    on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    detail = models.JSONField(default=dict, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.on} {self.label}"

    @property
    def label(self):
        return EVENT_LABELS.get(self.kind, self.kind)


class HouseholdMigration(models.Model):
    """迁移: a household moving to another community, street or district with its cases."""

    household = models.ForeignKey("datacenter.Household", on_delete=models.PROTECT, related_name="+")
    from_org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    to_org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=255, blank=True)
    case_numbers = models.JSONField(default=list)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("household migration")
        verbose_name_plural = _("household migrations")
        ordering = ["-on", "-pk"]

    def __str__(self):
        return f"{self.on} {self.from_org_unit} → {self.to_org_unit}"


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")


class ReviewTask(models.Model):
    """动态管理: a periodic review of an active case, created automatically from its schedule."""

    case = models.ForeignKey(AssistanceCase, on_delete=models.CASCADE, related_name="reviews")
    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(_("due on"), db_index=True)
    status = models.CharField(_("status"), max_length=8, choices=ReviewStatus.choices, default=ReviewStatus.OPEN)
    outcome = models.CharField(_("outcome"), max_length=255, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("review task")
        verbose_name_plural = _("review tasks")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=models.Q(status="open"), name="one_open_review_per_case")
        ]

    def __str__(self):
        return f"{self.case} {self.due_on}"


class PayrollStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONFIRMED = "confirmed", _("Confirmed")
    CANCELLED = "cancelled", _("Cancelled")


class PayrollRun(models.Model):
    """发放名册: the month's payments of one programme in one area."""

    programme = models.CharField(_("programme"), max_length=32, choices=Programme.choices)
    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("area"))
    month = models.DateField(_("month"))
    status = models.CharField(_("status"), max_length=16, choices=PayrollStatus.choices, default=PayrollStatus.DRAFT)
    line_count = models.PositiveIntegerField(_("households"), default=0)
    total = models.DecimalField(_("total (yuan)"), max_digits=16, decimal_places=2, default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("payroll")
        verbose_name_plural = _("payrolls")
        ordering = ["-month", "programme", "org_unit__path"]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.get_programme_display()} {self.org_unit}"


class PayrollLine(models.Model):
    run = models.ForeignKey(PayrollRun, on_delete=models.CASCADE, related_name="lines")
    case = models.ForeignKey(AssistanceCase, on_delete=models.PROTECT, related_name="payroll_lines")
    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    payee = models.ForeignKey("datacenter.Resident", on_delete=models.PROTECT, related_name="+")
    covered_count = models.PositiveSmallIntegerField(default=0)
    amount = models.DecimalField(_("amount"), **MONEY)

    class Meta:
        verbose_name = _("payroll line")
        verbose_name_plural = _("payroll lines")
        constraints = [models.UniqueConstraint(fields=["run", "case"], name="one_line_per_case_and_run")]

    def __str__(self):
        return f"{self.case} {self.amount}"


class FindingKind(models.TextChoices):
    DUPLICATE_MEMBER = "duplicate_member", _("Same ID number in two active households")
    DECEASED_COVERED = "deceased_covered", _("Deceased member still covered")
    INCOME_ABOVE_STANDARD = "income_above_standard", _("Income per head above the standard")
    EXCLUSIVE_PROGRAMMES = "exclusive_programmes", _("Mutually exclusive programmes held together")
    STAFF_RELATIVE = "staff_relative", _("Relative of staff among the applicants (to be filed)")
    MISSING_DOCUMENTS = "missing_documents", _("Required documents missing")


class ComplianceFinding(models.Model):
    kind = models.CharField(_("finding"), max_length=32, choices=FindingKind.choices, db_index=True)
    case = models.ForeignKey(AssistanceCase, on_delete=models.CASCADE, related_name="findings")
    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    resident = models.ForeignKey("datacenter.Resident", null=True, blank=True, on_delete=models.PROTECT)
    detail = models.CharField(_("detail"), max_length=255, blank=True)
    found_at = models.DateTimeField(_("found at"), auto_now_add=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)

    class Meta:
        verbose_name = _("compliance finding")
        verbose_name_plural = _("compliance findings")
        ordering = ["resolved_at", "-found_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "case", "resident"],
                condition=models.Q(resolved_at__isnull=True),
                name="one_open_finding_per_kind_case_resident",
                nulls_distinct=False,
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.case}"


class StaffRelative(models.Model):
    """备案: a resident who is a close relative of assistance staff; their applications are flagged."""

    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    resident = models.ForeignKey("datacenter.Resident", on_delete=models.CASCADE, related_name="+")
    relation = models.CharField(_("relation"), max_length=64)
    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("filed relative of staff")
        verbose_name_plural = _("filed relatives of staff")
        constraints = [models.UniqueConstraint(fields=["staff", "resident"], name="unique_staff_relative")]

    def __str__(self):
        return f"{self.resident} ({self.relation})"

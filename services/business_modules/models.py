"""Business modules defined by staff without programming (业务自定义).

A module has fields; its records keep their values in one JSON column keyed by each field's
stable `key`, never by its label, so renaming a label or retiring a field loses nothing.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FieldKind(models.TextChoices):
    TEXT = "text", _("Text")
    NUMBER = "number", _("Number")
    DATE = "date", _("Date")
    CHOICE = "choice", _("Single choice")
    MULTI_CHOICE = "multi_choice", _("Multiple choice")
    BOOLEAN = "boolean", _("Yes / no")
    RESIDENT = "resident", _("Resident")
    HOUSEHOLD = "household", _("Household")
    FILE = "file", _("File")


# Kinds whose values can be offered as a filter, a group-by and a list column sort of their own.
FILTERABLE_KINDS = {
    FieldKind.TEXT,
    FieldKind.NUMBER,
    FieldKind.DATE,
    FieldKind.CHOICE,
    FieldKind.MULTI_CHOICE,
    FieldKind.BOOLEAN,
}
GROUPABLE_KINDS = {FieldKind.TEXT, FieldKind.DATE, FieldKind.CHOICE, FieldKind.MULTI_CHOICE, FieldKind.BOOLEAN}
# Linked data-centre records: kind → "app_label.ModelName", resolved lazily.
LINKED_MODELS = {FieldKind.RESIDENT: "datacenter.Resident", FieldKind.HOUSEHOLD: "datacenter.Household"}


class BusinessModule(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)
    description = models.TextField(_("description"), blank=True)
    # The unit that defined the module; it is used by that unit and every unit below it.
    org_unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="business_modules", verbose_name=_("owner unit")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("business module")
        verbose_name_plural = _("business modules")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name

    def active_fields(self):
        """Fields shown in forms and lists, in order (retired fields keep their data but are hidden)."""
        return [field for field in self.ordered_fields() if not field.retired]

    def ordered_fields(self):
        cached = getattr(self, "_ordered_fields", None)
        if cached is None:
            cached = list(self.fields.order_by("position", "id"))
            self._ordered_fields = cached
        return cached

    def forget_fields(self):
        self._ordered_fields = None


class ModuleField(models.Model):
    module = models.ForeignKey(BusinessModule, on_delete=models.CASCADE, related_name="fields")
    # The machine key under which records store the value; never changes after creation.
    key = models.CharField(_("key"), max_length=40)
    label = models.CharField(_("label"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=FieldKind.choices)
    help_text = models.CharField(_("help text"), max_length=255, blank=True)
    required = models.BooleanField(_("required"), default=False)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    # Validation rules; each applies only to the kinds named in its help text.
    min_value = models.DecimalField(_("minimum"), max_digits=20, decimal_places=6, null=True, blank=True)
    max_value = models.DecimalField(_("maximum"), max_digits=20, decimal_places=6, null=True, blank=True)
    max_length = models.PositiveIntegerField(_("maximum length"), null=True, blank=True)
    pattern = models.CharField(_("pattern (regular expression)"), max_length=255, blank=True)
    pattern_message = models.CharField(_("message when the pattern does not match"), max_length=255, blank=True)
    min_date = models.DateField(_("earliest date"), null=True, blank=True)
    max_date = models.DateField(_("latest date"), null=True, blank=True)
    show_in_list = models.BooleanField(_("show as a list column"), default=False)
    is_filter = models.BooleanField(_("offer as a query filter"), default=False)
    position = models.PositiveIntegerField(_("position"), default=0)
    retired = models.BooleanField(_("retired"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("module field")
        verbose_name_plural = _("module fields")
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["module", "key"], name="business_module_field_key_unique")]

    def __str__(self):
        return self.label

    @property
    def choice_values(self):
        return [str(choice) for choice in self.choices or []]


class ModuleRecord(models.Model):
    module = models.ForeignKey(BusinessModule, on_delete=models.PROTECT, related_name="records")
    org_unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="business_module_records", verbose_name=_("org unit")
    )
    # Field key → JSON value (text, number, ISO date, list of choices, bool, linked id, file id).
    data = models.JSONField(_("data"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("module record")
        verbose_name_plural = _("module records")
        ordering = ["-id"]
        # The GIN index on `data` (PostgreSQL only) is created by migration 0002.
        indexes = [
            models.Index(fields=["module", "id"], name="business_record_module_id"),
            models.Index(fields=["module", "org_unit"], name="business_record_module_unit"),
        ]

    def __str__(self):
        return f"{self.module} #{self.pk}"


class ModuleRecordFile(models.Model):
    """A file uploaded into a record's file field; the record's data keeps this row's id."""

    module = models.ForeignKey(BusinessModule, on_delete=models.PROTECT, related_name="files")
    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    file = models.FileField(_("file"), upload_to="business_modules/%Y/%m/")
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("module record file")
        verbose_name_plural = _("module record files")

    def __str__(self):
        return self.name


class Aggregate(models.TextChoices):
    COUNT = "count", _("Count")
    SUM = "sum", _("Sum")
    AVERAGE = "avg", _("Average")


class GroupBy(models.TextChoices):
    NOTHING = "", _("No grouping (one total)")
    FIELD = "field", _("A field")
    ORG_UNIT = "org_unit", _("Org unit")


class ModuleStatistic(models.Model):
    module = models.ForeignKey(BusinessModule, on_delete=models.CASCADE, related_name="statistics")
    label = models.CharField(_("label"), max_length=100)
    aggregate = models.CharField(_("aggregate"), max_length=8, choices=Aggregate.choices, default=Aggregate.COUNT)
    value_field = models.ForeignKey(
        ModuleField,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("number field to sum or average"),
    )
    group_by = models.CharField(_("group by"), max_length=16, choices=GroupBy.choices, blank=True, default="")
    group_field = models.ForeignKey(
        ModuleField,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("field to group by"),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("module statistic")
        verbose_name_plural = _("module statistics")
        ordering = ["position", "id"]

    def __str__(self):
        return self.label

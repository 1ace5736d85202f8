"""The data centre's records: buildings and houses, households, residents and their moves,
organisations in the area. Every record belongs to one community OrgUnit.

Glossary: 户 household; 户主 head of household; 楼栋 building; 房屋 house (a dwelling or unit);
驻区单位 organisation in the area; 低保 minimum living guarantee.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from cms.personal_data import decrypt_text


class Building(models.Model):
    org_unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="buildings", verbose_name=_("community")
    )
    name = models.CharField(_("building"), max_length=64, help_text=_("e.g. No. 3 building"))
    address = models.CharField(_("address"), max_length=255, blank=True)
    floors = models.PositiveSmallIntegerField(_("floors"), null=True, blank=True)
    built_year = models.PositiveSmallIntegerField(_("year built"), null=True, blank=True)

    class Meta:
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        constraints = [models.UniqueConstraint(fields=["org_unit", "name"], name="unique_building_per_community")]
        ordering = ["org_unit", "name"]

    def __str__(self):
        return self.name


class HouseUse(models.TextChoices):
    RESIDENTIAL = "residential", _("Residential")
    COMMERCIAL = "commercial", _("Commercial")
    OFFICE = "office", _("Office")
    OTHER = "other", _("Other")


class House(models.Model):
    building = models.ForeignKey(Building, on_delete=models.PROTECT, related_name="houses", verbose_name=_("building"))
    unit = models.CharField(_("entrance"), max_length=16, blank=True, help_text=_("单元, e.g. 2"))
    floor = models.SmallIntegerField(_("floor"), null=True, blank=True)
    number = models.CharField(_("number"), max_length=16, help_text=_("e.g. 301"))
    area_m2 = models.DecimalField(_("area (m²)"), max_digits=8, decimal_places=2, null=True, blank=True)
    use = models.CharField(_("use"), max_length=16, choices=HouseUse.choices, default=HouseUse.RESIDENTIAL)

    class Meta:
        verbose_name = _("house")
        verbose_name_plural = _("houses")
        constraints = [models.UniqueConstraint(fields=["building", "unit", "number"], name="unique_house_number")]
        ordering = ["building", "unit", "number"]

    def __str__(self):
        entrance = f"{self.unit}-" if self.unit else ""
        return f"{self.building.name} {entrance}{self.number}"


class HouseholdKind(models.TextChoices):
    URBAN = "urban", _("Urban")
    RURAL = "rural", _("Rural")


class Household(models.Model):
    org_unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="households", verbose_name=_("community")
    )
    number = models.CharField(_("household number"), max_length=32, blank=True)
    house = models.ForeignKey(
        House, null=True, blank=True, on_delete=models.SET_NULL, related_name="households", verbose_name=_("house")
    )
    address = models.CharField(_("address"), max_length=255)
    kind = models.CharField(
        _("household type"), max_length=8, choices=HouseholdKind.choices, default=HouseholdKind.URBAN
    )
    head = models.ForeignKey(
        "Resident",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("head of household"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["org_unit", "address"]

    def __str__(self):
        return self.address


class Relation(models.TextChoices):
    HEAD = "head", _("Head of household")
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    GRANDCHILD = "grandchild", _("Grandchild")
    GRANDPARENT = "grandparent", _("Grandparent")
    SIBLING = "sibling", _("Sibling")
    OTHER = "other", _("Other relative or lodger")


class ResidentStatus(models.TextChoices):
    ACTIVE = "active", _("Living here")
    MOVED_OUT = "moved_out", _("Moved out")
    DECEASED = "deceased", _("Deceased")


class Education(models.TextChoices):
    NONE = "none", _("None")
    PRIMARY = "primary", _("Primary school")
    JUNIOR = "junior", _("Junior secondary")
    SENIOR = "senior", _("Senior secondary / vocational")
    COLLEGE = "college", _("College")
    BACHELOR = "bachelor", _("Bachelor")
    POSTGRADUATE = "postgraduate", _("Postgraduate")


class Employment(models.TextChoices):
    EMPLOYED = "employed", _("Employed")
    UNEMPLOYED = "unemployed", _("Unemployed")
    RETIRED = "retired", _("Retired")
    STUDENT = "student", _("Student")
    OTHER = "other", _("Other")


class PoliticalStatus(models.TextChoices):
    MASSES = "masses", _("Ordinary citizen")
    PARTY_MEMBER = "party_member", _("Party member")
    PROBATIONARY = "probationary", _("Probationary party member")
    LEAGUE_MEMBER = "league_member", _("League member")
    OTHER_PARTY = "other_party", _("Member of another party")


class MaritalStatus(models.TextChoices):
    SINGLE = "single", _("Single")
    MARRIED = "married", _("Married")
    DIVORCED = "divorced", _("Divorced")
    WIDOWED = "widowed", _("Widowed")


class Gender(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class Resident(models.Model):
    """One person, one record city-wide: the ID number's keyed hash is unique."""

    org_unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="residents", verbose_name=_("community")
    )
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.SET_NULL, related_name="members", verbose_name=_("household")
    )
    relation_to_head = models.CharField(
        _("relation to head"), max_length=16, choices=Relation.choices, default=Relation.OTHER
    )
    name = models.CharField(_("name"), max_length=64, db_index=True)
    # The ID number is never stored in clear: ciphertext, a keyed hash for lookups, and a masked form.
    id_number_encrypted = models.TextField(editable=False)
    id_number_hash = models.CharField(max_length=64, unique=True, editable=False)
    id_number_masked = models.CharField(_("ID number"), max_length=18, editable=False)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, editable=False)
    birth_date = models.DateField(_("birth date"), editable=False, db_index=True)
    phone_encrypted = models.TextField(blank=True, editable=False)
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    phone_masked = models.CharField(_("phone"), max_length=20, blank=True, editable=False)
    ethnicity = models.CharField(_("ethnicity"), max_length=16, blank=True)
    education = models.CharField(_("education"), max_length=16, choices=Education.choices, blank=True)
    employment = models.CharField(_("employment"), max_length=16, choices=Employment.choices, blank=True)
    political_status = models.CharField(
        _("political status"), max_length=16, choices=PoliticalStatus.choices, default=PoliticalStatus.MASSES
    )
    marital_status = models.CharField(_("marital status"), max_length=16, choices=MaritalStatus.choices, blank=True)
    disability_grade = models.PositiveSmallIntegerField(
        _("disability grade"),
        null=True,
        blank=True,
        choices=[(grade, grade) for grade in range(1, 5)],
        help_text=_("1 (most severe) to 4; empty if none."),
    )
    lives_alone = models.BooleanField(_("lives alone"), default=False)
    is_veteran = models.BooleanField(_("veteran"), default=False)
    is_left_behind_child = models.BooleanField(_("left-behind child"), default=False)
    is_low_income = models.BooleanField(_("low-income"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=ResidentStatus.choices, default=ResidentStatus.ACTIVE, db_index=True
    )
    moved_in_on = models.DateField(_("moved in on"), null=True, blank=True)
    moved_out_on = models.DateField(_("moved out on"), null=True, blank=True)
    died_on = models.DateField(_("died on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        ordering = ["org_unit", "name", "pk"]
        permissions = [("view_full_id_number", _("Can see full ID and phone numbers"))]
        indexes = [
            models.Index(fields=["org_unit", "status"]),
            # the list's own order, so a page of a 100k-resident area is an index range scan
            models.Index(fields=["org_unit", "name", "id"], name="resident_list_order"),
        ]

    def __str__(self):
        return f"{self.name} ({self.id_number_masked})"

    @cached_property
    def id_number(self):
        """The full number. Callers must check permission and record the view (services.reveal_resident)."""
        return decrypt_text(self.id_number_encrypted)

    @cached_property
    def phone(self):
        return decrypt_text(self.phone_encrypted) if self.phone_encrypted else ""

    def age_on(self, day=None):
        day = day or timezone.localdate()
        return day.year - self.birth_date.year - ((day.month, day.day) < (self.birth_date.month, self.birth_date.day))

    @property
    def age(self):
        return self.age_on()


def birth_date_cutoff(age, today=None):
    """Residents born on or before this date are at least `age` years old today."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - age)
    except ValueError:  # 29 February
        return today.replace(year=today.year - age, day=28)


class ResidenceChangeKind(models.TextChoices):
    MOVE_IN = "move_in", _("Moved in")
    MOVE_OUT = "move_out", _("Moved out")
    TRANSFER = "transfer", _("Moved to another community")
    DEATH = "death", _("Died")


class ResidenceChange(models.Model):
    """The history of a resident's moves in and out, transfers and death."""

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(_("change"), max_length=16, choices=ResidenceChangeKind.choices)
    on = models.DateField(_("date"), default=datetime.date.today)
    from_org_unit = models.ForeignKey(
        "orgs.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("from")
    )
    to_org_unit = models.ForeignKey(
        "orgs.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("to")
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("residence change")
        verbose_name_plural = _("residence changes")
        ordering = ["-on", "-pk"]

    def __str__(self):
        return f"{self.on} {self.get_kind_display()}"


class OrganisationKind(models.TextChoices):
    COMPANY = "company", _("Company")
    GOVERNMENT = "government", _("Government agency")
    INSTITUTION = "institution", _("Public institution")
    SOCIAL = "social", _("Social organisation")
    SCHOOL = "school", _("School")
    HOSPITAL = "hospital", _("Hospital or clinic")
    OTHER = "other", _("Other")


class AreaOrganisation(models.Model):
    """An organisation located in the community (驻区单位)."""

    org_unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="area_organisations", verbose_name=_("community")
    )
    name = models.CharField(_("name"), max_length=255)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    kind = models.CharField(
        _("type"), max_length=16, choices=OrganisationKind.choices, default=OrganisationKind.COMPANY
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=64, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("organisation in the area")
        verbose_name_plural = _("organisations in the area")
        ordering = ["org_unit", "name"]

    def __str__(self):
        return self.name


from services.datacenter.models_snapshots import PopulationSnapshot  # noqa

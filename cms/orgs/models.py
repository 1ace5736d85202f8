"""OrgUnit: one node of the administrative tree. Every staff account and record hangs off one."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

IDEOGRAPHIC_SPACE = "\u3000"  # a full-width space lines up with Chinese names


class OrgLevel(models.TextChoices):
    CITY = "city", _("City")
    DISTRICT = "district", _("District / county")
    STREET = "street", _("Street / township")
    COMMUNITY = "community", _("Community / village")


# The level a child must have under a parent of each level.
CHILD_LEVEL = {
    OrgLevel.CITY: OrgLevel.DISTRICT,
    OrgLevel.DISTRICT: OrgLevel.STREET,
    OrgLevel.STREET: OrgLevel.COMMUNITY,
}

# Administrative division codes (GB/T 2260 for city/district, 9 digits for a street,
# 12 digits for a community/village committee, as in the statistical division codes).
administrative_code_validator = RegexValidator(
    r"^\d{6}(\d{3}(\d{3})?)?$",
    _("An administrative code has 6, 9 or 12 digits."),
)


class OrgUnit(MP_Node):
    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(
        _("administrative code"), max_length=12, unique=True, validators=[administrative_code_validator]
    )
    level = models.CharField(_("level"), max_length=16, choices=OrgLevel.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    node_order_by = ["code"]

    class Meta:
        verbose_name = _("org unit")
        verbose_name_plural = _("org units")

    def __str__(self):
        return self.name

    @property
    def full_name(self):
        """Names from the city down, e.g. 江城市 / 东湖区 / 和平街道 / 和平里社区."""
        return " / ".join(unit.name for unit in [*self.get_ancestors(), self])

    @classmethod
    def full_names(cls, units):
        """{pk: full_name} for many units with one query for all their ancestors (not one per unit)."""
        units = list(units)
        prefixes = {unit.path[:end] for unit in units for end in range(cls.steplen, len(unit.path), cls.steplen)}
        names_by_path = dict(cls.objects.filter(path__in=prefixes).values_list("path", "name"))
        names_by_path.update((unit.path, unit.name) for unit in units)
        return {
            unit.pk: " / ".join(
                names_by_path[unit.path[:end]] for end in range(cls.steplen, len(unit.path) + 1, cls.steplen)
            )
            for unit in units
        }

    @property
    def postal_name(self):
        """Names from the city down written as in an address, e.g. 江城市东湖区和平街道和平里社区."""
        return "".join(unit.name for unit in [*self.get_ancestors(), self])

    @property
    def indented_name(self):
        """The name indented by depth, for tree-shaped lists without extra queries."""
        return IDEOGRAPHIC_SPACE * (self.depth - 1) + self.name

    def contains(self, other):
        """True when `other` is this unit or one of its descendants."""
        return other is not None and other.path.startswith(self.path)

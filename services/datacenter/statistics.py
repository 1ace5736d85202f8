"""Population statistics (人口统计) that departments pull themselves: active residents by age band,
gender, household type and special group, one row per child unit of an org unit plus a total row.

All tables come from ONE grouped query with conditional aggregation (`Count(filter=Q(...))`), grouped
by the prefix of the residents' org-unit path that identifies the child unit, so the cost does not
grow with the number of units. Ages are taken on a reference date (today, or the month end of a
snapshot); the results are plain data (`as_dict`/`from_dict`) so snapshots can store them verbatim.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, F, Q
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.accounts.models import Role
from cms.orgs.models import OrgLevel, OrgUnit
from cms.orgs.scoping import org_unit_of, scope_to_org_unit, sees_everything, visible_org_units
from services.datacenter.models import (
    Gender,
    HouseholdKind,
    Resident,
    ResidentStatus,
    birth_date_cutoff,
)

# Age bands in whole years on the reference date; None means no upper bound.
AGE_BANDS = [("0_6", 0, 6), ("7_17", 7, 17), ("18_34", 18, 34), ("35_59", 35, 59), ("60_79", 60, 79), ("80", 80, None)]
ELDERLY_AGE, OLDEST_OLD_AGE = 60, 80

TABLE_TITLES = {
    "age": _("Residents by age band"),
    "gender": _("Residents by gender"),
    "household": _("Residents by household type"),
    "special": _("Residents in special groups"),
}
TABLE_KEYS = list(TABLE_TITLES)

COLUMN_LABELS = {
    "age": {
        "0_6": _("0–6"),
        "7_17": _("7–17"),
        "18_34": _("18–34"),
        "35_59": _("35–59"),
        "60_79": _("60–79"),
        "80": _("80 and over"),
        "total": _("Total"),
    },
    "gender": {"M": _("Male"), "F": _("Female"), "total": _("Total")},
    "household": {
        "urban": _("Urban households"),
        "rural": _("Rural households"),
        "none": _("No household recorded"),
        "total": _("Total"),
    },
    "special": {
        "60": _("Aged 60 and over"),
        "80": _("Aged 80 and over"),
        "disability": _("With a disability"),
        "lives_alone": _("Living alone"),
        "veteran": _("Veterans"),
        "left_behind_child": _("Left-behind children"),
        "low_income": _("Low-income"),
    },
}

# Roles whose work includes reading population statistics; community editors only edit websites.
STATISTICS_ROLES = {
    Role.CITY_ADMIN,
    Role.DISTRICT_STAFF,
    Role.STREET_STAFF,
    Role.COMMUNITY_STAFF,
    Role.DEPARTMENT_VIEWER,
}


def table_columns(reference_date):
    """{table key: [(column key, condition on Resident)]}, in display order."""
    everyone = Q(pk__isnull=False)
    age_columns = []
    for key, youngest, oldest in AGE_BANDS:
        condition = Q(birth_date__lte=birth_date_cutoff(youngest, reference_date))
        if oldest is not None:
            condition &= Q(birth_date__gt=birth_date_cutoff(oldest + 1, reference_date))
        age_columns.append((key, condition))
    return {
        "age": [*age_columns, ("total", everyone)],
        "gender": [("M", Q(gender=Gender.MALE)), ("F", Q(gender=Gender.FEMALE)), ("total", everyone)],
        "household": [
            ("urban", Q(household__kind=HouseholdKind.URBAN)),
            ("rural", Q(household__kind=HouseholdKind.RURAL)),
            ("none", Q(household__isnull=True)),
            ("total", everyone),
        ],
        "special": [
            ("60", Q(birth_date__lte=birth_date_cutoff(ELDERLY_AGE, reference_date))),
            ("80", Q(birth_date__lte=birth_date_cutoff(OLDEST_OLD_AGE, reference_date))),
            ("disability", Q(disability_grade__isnull=False)),
            ("lives_alone", Q(lives_alone=True)),
            ("veteran", Q(is_veteran=True)),
            ("left_behind_child", Q(is_left_behind_child=True)),
            ("low_income", Q(is_low_income=True)),
        ],
    }


@dataclass
class StatisticsRow:
    name: str
    code: str
    values: list[int]


@dataclass
class StatisticsTable:
    key: str
    column_keys: list[str]
    rows: list[StatisticsRow]
    total: list[int]

    @property
    def title(self):
        return TABLE_TITLES.get(self.key, self.key)

    @property
    def columns(self):
        labels = COLUMN_LABELS.get(self.key, {})
        return [(key, labels.get(key, key)) for key in self.column_keys]

    @property
    def column_labels(self):
        return [label for _key, label in self.columns]

    def row_of(self, code):
        return next(row for row in self.rows if row.code == code)

    def as_dict(self):
        return {
            "key": self.key,
            "columns": self.column_keys,
            "rows": [{"name": row.name, "code": row.code, "values": row.values} for row in self.rows],
            "total": self.total,
        }

    @classmethod
    def from_dict(cls, data):
        rows = [StatisticsRow(row["name"], row["code"], list(row["values"])) for row in data["rows"]]
        return cls(data["key"], list(data["columns"]), rows, list(data["total"]))


@dataclass
class PopulationStatistics:
    """The tables for one org unit on one reference date; `month`/`taken_at` are set for snapshots."""

    unit_name: str
    unit_code: str
    unit_level: str
    reference_date: date
    tables: list[StatisticsTable]
    month: date | None = None
    taken_at: datetime | None = None
    row_level: str = ""  # the level of the rows: the child level, or the unit's own for a community

    def table(self, key):
        return next(table for table in self.tables if table.key == key)

    @property
    def row_level_label(self):
        return OrgLevel(self.row_level).label if self.row_level in OrgLevel.values else _("Org unit")

    def as_dict(self):
        return {
            "unit": {"name": self.unit_name, "code": self.unit_code, "level": self.unit_level},
            "row_level": self.row_level,
            "reference_date": self.reference_date.isoformat(),
            "tables": [table.as_dict() for table in self.tables],
        }

    @classmethod
    def from_dict(cls, data, *, month=None, taken_at=None):
        return cls(
            unit_name=data["unit"]["name"],
            unit_code=data["unit"]["code"],
            unit_level=data["unit"]["level"],
            reference_date=date.fromisoformat(data["reference_date"]),
            tables=[StatisticsTable.from_dict(table) for table in data["tables"]],
            month=month,
            taken_at=taken_at,
            row_level=data.get("row_level", ""),
        )

    def chart_data(self):
        """What the charts draw: the total row of the age, gender and special-group tables."""

        def series(key):
            table = self.table(key)
            pairs = [
                (str(label), value)
                for (column, label), value in zip(table.columns, table.total, strict=True)
                if column != "total"
            ]
            return {
                "title": str(table.title),
                "labels": [label for label, _value in pairs],
                "values": [value for _label, value in pairs],
            }

        return {"age": series("age"), "gender": series("gender"), "special": series("special")}


def _aggregates(reference_date):
    """Annotation name → Count(filter=...), and (table, column) → annotation name."""
    aggregates, names = {}, {}
    for table_key, columns in table_columns(reference_date).items():
        for column_key, condition in columns:
            name = f"{table_key}_{column_key}"
            aggregates[name] = Count("pk", filter=condition)
            names[table_key, column_key] = name
    return aggregates, names


def _grouped_counts(residents, group_expression, reference_date):
    """{group value: {annotation name: count}} for active residents, from one grouped query."""
    aggregates, _names = _aggregates(reference_date)
    grouped = (
        residents.filter(status=ResidentStatus.ACTIVE)
        .annotate(group=group_expression)
        .order_by()  # the model's default ordering would otherwise join the GROUP BY
        .values("group")
        .annotate(**aggregates)
    )
    return {row.pop("group"): row for row in grouped}


def _add_counts(into, counts):
    for name, value in counts.items():
        into[name] = into.get(name, 0) + value


def _build_statistics(unit, row_units, counts_by_path, total_counts, reference_date):
    names = _aggregates(reference_date)[1]
    tables = []
    for table_key, columns in table_columns(reference_date).items():
        column_keys = [column_key for column_key, _condition in columns]

        def values(counts, table_key=table_key, column_keys=column_keys):
            return [counts.get(names[table_key, column_key], 0) for column_key in column_keys]

        rows = [StatisticsRow(row.name, row.code, values(counts_by_path.get(row.path, {}))) for row in row_units]
        tables.append(StatisticsTable(table_key, column_keys, rows, values(total_counts)))
    return PopulationStatistics(
        unit_name=unit.name,
        unit_code=unit.code,
        unit_level=unit.level,
        reference_date=reference_date,
        tables=tables,
        row_level=row_units[0].level,
    )


def population_statistics(org_unit, *, reference_date=None):
    """Live tables for `org_unit`: a row per child unit (a community: itself) and the total.

    Two queries whatever the size of the subtree: the child units, and one grouped aggregation.
    """
    reference_date = reference_date or timezone.localdate()
    row_units = []
    if org_unit.level != OrgLevel.COMMUNITY:  # not get_children(): it trusts a possibly stale numchild
        children = scope_to_org_unit(OrgUnit.objects.filter(depth=org_unit.depth + 1), org_unit, via="")
        row_units = list(children.order_by("path"))
    row_units = row_units or [org_unit]
    # Children share one depth, so one prefix length identifies each child of every resident's unit.
    prefix = Substr("org_unit__path", 1, len(row_units[0].path))
    counts = _grouped_counts(scope_to_org_unit(Resident.objects.all(), org_unit), prefix, reference_date)
    total = {}
    for group_counts in counts.values():
        _add_counts(total, group_counts)
    return _build_statistics(org_unit, row_units, counts, total, reference_date)


def population_statistics_for_every_unit(*, reference_date):
    """{org unit: its tables} for every unit of the tree, from one grouped query (used by snapshots).

    Counts are grouped by each resident's own unit and then rolled up the tree in memory.
    """
    units = list(OrgUnit.objects.order_by("path"))
    counts = _grouped_counts(Resident.objects.all(), F("org_unit__path"), reference_date)
    subtree_counts = defaultdict(dict)
    for path, group_counts in counts.items():
        for length in range(OrgUnit.steplen, len(path) + 1, OrgUnit.steplen):
            _add_counts(subtree_counts[path[:length]], group_counts)
    children = defaultdict(list)
    for unit in units:
        children[unit.path[: -OrgUnit.steplen]].append(unit)
    result = {}
    for unit in units:
        row_units = (children.get(unit.path) if unit.level != OrgLevel.COMMUNITY else None) or [unit]
        result[unit] = _build_statistics(
            unit, row_units, subtree_counts, subtree_counts.get(unit.path, {}), reference_date
        )
    return result


def user_may_view_population_statistics(user):
    if user is None or not user.is_authenticated:
        return False
    if sees_everything(user):
        return True
    profile = getattr(user, "staff_profile", None)
    return profile is not None and profile.role in STATISTICS_ROLES


def statistics_units_for(user):
    """The units a user may choose: their own subtree, in tree order."""
    return visible_org_units(user).order_by("path")


def default_statistics_unit(user):
    """The user's own unit; for those who see everything, the first city."""
    unit = org_unit_of(user)
    if unit is None and sees_everything(user):
        unit = OrgUnit.get_first_root_node()
    return unit

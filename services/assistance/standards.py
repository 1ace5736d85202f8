"""Standards (保障标准) per programme, area and date, and standard adjustment (调标): a new standard from
a date recalculates every household it governs in one batch.

The preview and the commit run the same planning function, so what staff see is what is written.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from cms.audit.services import record_audit
from cms.orgs.models import OrgUnit
from cms.orgs.scoping import user_can_access_org_unit
from services.assistance.models import BenefitPeriod, PeriodKind, Standard, StandardAdjustment
from services.assistance.programmes import RULES, Programme, money, recurring_amount, rules_for

# Period kinds whose amount does not come from the standard: a standard change leaves them alone.
UNPAID_KINDS = (PeriodKind.SUSPENSION, PeriodKind.TERMINATION, PeriodKind.ONE_OFF, PeriodKind.ONE_OFF_END)
WRITE_BATCH = 20_000


def first_of_month(day):
    return day.replace(day=1)


def ancestor_paths(path):
    step = OrgUnit.steplen
    return [path[:end] for end in range(step, len(path) + 1, step)]


def standard_in_force(programme, org_unit, on):
    """The standard of the nearest area (the unit itself, else its parent, ...) in force on `on`."""
    return (
        Standard.objects.filter(
            programme=programme, org_unit__path__in=ancestor_paths(org_unit.path), effective_from__lte=on
        )
        .select_related("org_unit")
        .order_by("-org_unit__depth", "-effective_from", "-pk")
        .first()
    )


class StandardBook:
    """Every standard of one programme in memory, for batch lookups by (unit path, date)."""

    def __init__(self, programme, *, extra=()):
        rows = list(Standard.objects.filter(programme=programme).select_related("org_unit"))
        rows.extend(extra)
        self.by_path = {}
        for row in rows:
            self.by_path.setdefault(row.org_unit.path, []).append(row)
        for entries in self.by_path.values():
            entries.sort(key=lambda row: (row.effective_from, row.pk or 10**18), reverse=True)
        self._cache = {}

    def lookup(self, path, on):
        key = (path, on)
        if key not in self._cache:
            found = None
            for prefix in reversed(ancestor_paths(path)):
                for row in self.by_path.get(prefix, ()):
                    if row.effective_from <= on:
                        found = row
                        break
                if found is not None:
                    break
            self._cache[key] = found
        return self._cache[key]


def validate_standard_values(programme, amount, minimum_benefit, ratio):
    errors = {}
    if amount is None or Decimal(amount) <= 0:
        errors["amount"] = _("The standard must be a positive amount.")
    if minimum_benefit is not None and Decimal(minimum_benefit) < 0:
        errors["minimum_benefit"] = _("The minimum benefit cannot be negative.")
    if ratio is not None and not (0 < Decimal(ratio) <= 1):
        errors["ratio"] = _("The aid ratio lies between 0 and 1.")
    if programme == Programme.MEDICAL_AID and ratio is None:
        errors["ratio"] = _("Medical aid needs an aid ratio.")
    if errors:
        raise ValidationError(errors)


@dataclass
class PlanRow:
    case_id: int
    number: str
    effective_from: datetime.date
    org_unit_id: int
    before: Decimal
    after: Decimal
    member_count: int
    covered_count: int
    per_capita_income: Decimal
    standard_amount: Decimal
    minimum_benefit: Decimal | None
    updates_current: bool  # the new row becomes the case's latest benefit

    @property
    def difference(self):
        return self.after - self.before


@dataclass
class AdjustmentPlan:
    programme: str
    org_unit: OrgUnit
    effective_from: datetime.date
    amount: Decimal
    minimum_benefit: Decimal | None
    ratio: Decimal | None
    previous_amount: Decimal | None
    rows: list = field(default_factory=list)

    @property
    def case_count(self):
        return len({row.case_id for row in self.rows})

    def _at_start(self):
        return [row for row in self.rows if row.effective_from == self.effective_from]

    @property
    def total_before(self):
        return sum((row.before for row in self._at_start()), Decimal("0.00"))

    @property
    def total_after(self):
        return sum((row.after for row in self._at_start()), Decimal("0.00"))

    @property
    def ineligible_count(self):
        return sum(1 for row in self._at_start() if row.after == 0 and row.before > 0)


def plan_standard_adjustment(*, programme, org_unit, effective_from, amount, minimum_benefit=None, ratio=None):
    """What a new standard from `effective_from` changes: one row per benefit period to add.

    Every case receiving a benefit on that day whose nearest standard is the adjusted area's gets a
    recalculated period from that day; its later periods (changes, moves) are recalculated too.
    Suspended and terminated periods stay as they are.
    """
    programme = Programme(programme)
    if not rules_for(programme).recurring:
        raise ValidationError(_("One-off programmes have no monthly benefit to recalculate."))
    amount = money(amount)
    minimum_benefit = money(minimum_benefit) if minimum_benefit not in (None, "") else None
    previous = standard_in_force(programme, org_unit, effective_from)
    new_standard = Standard(
        programme=programme, org_unit=org_unit, effective_from=effective_from, amount=amount,
        minimum_benefit=minimum_benefit, ratio=ratio,
    )  # fmt: skip
    book = StandardBook(programme, extra=[new_standard])
    plan = AdjustmentPlan(
        programme, org_unit, effective_from, amount, minimum_benefit, ratio, previous.amount if previous else None
    )
    in_force, later, latest = _periods_from(programme, org_unit, effective_from)
    paths = dict(OrgUnit.objects.filter(path__startswith=org_unit.path).values_list("pk", "path"))
    for period in in_force:
        case_id = period["case_id"]
        if period["kind"] in UNPAID_KINDS:
            continue
        if book.lookup(paths[period["org_unit_id"]], effective_from) is not new_standard:
            continue  # a nearer area has its own standard
        sequence = [dict(period, effective_from=effective_from), *later.get(case_id, ())]
        for row in sequence:
            if row["kind"] in UNPAID_KINDS:
                continue
            path = paths.get(row["org_unit_id"])
            if path is None or book.lookup(path, row["effective_from"]) is not new_standard:
                continue  # governed by another standard (a nearer area, or a later row)
            after = recurring_amount(programme, amount, minimum_benefit, row["per_capita_income"], row["covered_count"])
            plan.rows.append(
                PlanRow(
                    case_id=case_id,
                    number=period["number"],
                    effective_from=row["effective_from"],
                    org_unit_id=row["org_unit_id"],
                    before=row["monthly_amount"],
                    after=after,
                    member_count=row["member_count"],
                    covered_count=row["covered_count"],
                    per_capita_income=row["per_capita_income"],
                    standard_amount=amount,
                    minimum_benefit=minimum_benefit,
                    updates_current=row["effective_from"] >= latest[case_id],
                )
            )
    return plan


PERIOD_COLUMNS = (
    "case_id", "kind", "org_unit_id", "effective_from", "monthly_amount", "member_count", "covered_count",
    "per_capita_income",
)  # fmt: skip


def _periods_from(programme, org_unit, day):
    """Periods in force on `day` (one per case, in the area), later periods by case, latest start by case."""
    columns = ", ".join(f"bp.{name}" for name in PERIOD_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT * FROM (
                SELECT DISTINCT ON (bp.case_id) {columns}, c.number
                FROM assistance_benefitperiod bp
                JOIN assistance_assistancecase c ON c.id = bp.case_id
                WHERE c.programme = %s AND bp.effective_from <= %s
                ORDER BY bp.case_id, bp.effective_from DESC, bp.id DESC
            ) current
            JOIN orgs_orgunit o ON o.id = current.org_unit_id
            WHERE o.path LIKE %s
            ORDER BY current.case_id
            """,
            [programme, day, org_unit.path + "%"],
        )
        names = [*PERIOD_COLUMNS, "number"]
        in_force = [dict(zip(names, row[: len(names)], strict=True)) for row in cursor.fetchall()]
        cursor.execute(
            f"""
            SELECT {columns} FROM assistance_benefitperiod bp
            JOIN assistance_assistancecase c ON c.id = bp.case_id
            WHERE c.programme = %s AND bp.effective_from > %s
            ORDER BY bp.case_id, bp.effective_from, bp.id
            """,
            [programme, day],
        )
        later = {}
        for row in cursor.fetchall():
            period = dict(zip(PERIOD_COLUMNS, row, strict=True))
            later.setdefault(period["case_id"], []).append(period)
    latest = {period["case_id"]: period["effective_from"] for period in in_force}
    for case_id, periods in later.items():
        latest[case_id] = periods[-1]["effective_from"]
    return in_force, later, latest


def adjust_standard(
    *, programme, org_unit, effective_from, amount, minimum_benefit=None, ratio=None, note="", actor=None
):
    """调标: save the new standard and write the recalculated periods of the plan, all or nothing."""
    programme = Programme(programme)
    validate_standard_values(programme, amount, minimum_benefit, ratio)
    if actor is not None and not user_can_access_org_unit(actor, org_unit):
        raise ValidationError(_("You can only set standards for your own area."))
    with transaction.atomic():
        # One adjustment of a programme at a time: two concurrent plans would both miss the other's rows.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [7_000, list(RULES).index(programme)])
        if Standard.objects.filter(programme=programme, org_unit=org_unit, effective_from=effective_from).exists():
            raise ValidationError(_("This area already has a standard from that day."))
        plan = plan_standard_adjustment(
            programme=programme, org_unit=org_unit, effective_from=effective_from, amount=amount,
            minimum_benefit=minimum_benefit, ratio=ratio,
        )  # fmt: skip
        standard = Standard.objects.create(
            programme=programme, org_unit=org_unit, effective_from=effective_from, amount=plan.amount,
            minimum_benefit=plan.minimum_benefit, ratio=ratio, note=note, created_by=actor,
        )  # fmt: skip
        adjustment = StandardAdjustment.objects.create(
            standard=standard, previous_amount=plan.previous_amount, case_count=plan.case_count,
            total_before=plan.total_before, total_after=plan.total_after,
            ineligible_count=plan.ineligible_count, actor=actor,
        )  # fmt: skip
        write_plan(plan, adjustment)
        record_audit(
            "assistance.standard_adjust",
            actor=actor,
            obj=standard,
            org_unit=org_unit,
            detail={
                "programme": programme,
                "effective_from": effective_from.isoformat(),
                "amount": str(plan.amount),
                "previous": str(plan.previous_amount) if plan.previous_amount is not None else None,
                "cases": plan.case_count,
                "total_before": str(plan.total_before),
                "total_after": str(plan.total_after),
            },
        )
    return adjustment


def write_plan(plan, adjustment):
    """Insert the plan's periods and update the cases' current figures with set-based SQL in batches."""
    note = _("Standard %(amount)s from %(day)s") % {"amount": plan.amount, "day": plan.effective_from.isoformat()}
    table = BenefitPeriod._meta.db_table
    with connection.cursor() as cursor:
        for start in range(0, len(plan.rows), WRITE_BATCH):
            batch = plan.rows[start : start + WRITE_BATCH]
            cursor.execute(
                f"""
                INSERT INTO {table} (case_id, org_unit_id, effective_from, kind, monthly_amount, member_count,
                    covered_count, per_capita_income, standard_amount, minimum_benefit, adjustment_id, note,
                    created_at)
                SELECT case_id, org_unit_id, effective_from, %s, amount, members, covered, income, standard,
                    minimum, %s, %s, now()
                FROM unnest(%s::bigint[], %s::bigint[], %s::date[], %s::numeric[], %s::int[], %s::int[],
                    %s::numeric[], %s::numeric[], %s::numeric[])
                    AS v(case_id, org_unit_id, effective_from, amount, members, covered, income, standard, minimum)
                """,
                [
                    PeriodKind.STANDARD, adjustment.pk, note,
                    [row.case_id for row in batch], [row.org_unit_id for row in batch],
                    [row.effective_from for row in batch], [row.after for row in batch],
                    [row.member_count for row in batch], [row.covered_count for row in batch],
                    [row.per_capita_income for row in batch], [row.standard_amount for row in batch],
                    [row.minimum_benefit for row in batch],
                ],
            )  # fmt: skip
            current = [row for row in batch if row.updates_current]
            cursor.execute(
                """
                UPDATE assistance_assistancecase c SET monthly_amount = v.amount, updated_at = now()
                FROM unnest(%s::bigint[], %s::numeric[]) AS v(id, amount) WHERE c.id = v.id
                """,
                [[row.case_id for row in current], [row.after for row in current]],
            )

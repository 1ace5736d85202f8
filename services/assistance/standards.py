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
from services.assistance.programmes import RULES, Programme, money, recurring_amount_sql, rules_for

# Period kinds whose amount does not come from the standard: a standard change leaves them alone.
UNPAID_KINDS = (PeriodKind.SUSPENSION, PeriodKind.TERMINATION, PeriodKind.ONE_OFF, PeriodKind.ONE_OFF_END)


def require_postgresql():
    """The batch operations (调标, payrolls, fund statistics) are set-based PostgreSQL queries."""
    if connection.vendor != "postgresql":
        raise ValidationError(
            _("Standard adjustments and payrolls need the PostgreSQL database of a production install."),
            code="postgresql",
        )


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
    org_unit_id: int
    effective_from: datetime.date
    before: Decimal
    after: Decimal
    member_count: int
    covered_count: int
    per_capita_income: Decimal

    @property
    def difference(self):
        return self.after - self.before


@dataclass
class AdjustmentPlan:
    """The periods a new standard adds: totals over all of them, and `rows` (all, or the first few)."""

    programme: str
    org_unit: OrgUnit
    effective_from: datetime.date
    amount: Decimal
    minimum_benefit: Decimal | None
    ratio: Decimal | None
    previous_amount: Decimal | None
    sql: str = ""
    params: dict = field(default_factory=dict)
    row_count: int = 0
    case_count: int = 0
    total_before: Decimal = Decimal("0.00")
    total_after: Decimal = Decimal("0.00")
    ineligible_count: int = 0
    rows: list = field(default_factory=list)


# The planning query: the period in force on the day for every case of the programme in a governed
# unit (recalculated from that day), plus the later in-force versions in units governed then.
PLAN_SQL = """
    WITH current AS (
        SELECT DISTINCT ON (bp.case_id) bp.case_id, bp.org_unit_id, bp.kind, bp.monthly_amount, bp.member_count,
            bp.covered_count, bp.per_capita_income
        FROM assistance_benefitperiod bp
        JOIN assistance_assistancecase c ON c.id = bp.case_id
        WHERE c.programme = %(programme)s AND bp.effective_from <= %(day)s
        ORDER BY bp.case_id, bp.effective_from DESC, bp.id DESC
    ), starts AS (
        SELECT case_id, org_unit_id, %(day)s::date AS effective_from, monthly_amount AS before, member_count,
            covered_count, per_capita_income AS income
        FROM current
        WHERE kind <> ALL(%(unpaid)s) AND org_unit_id = ANY(%(governed)s)
    ), later AS (
        SELECT DISTINCT ON (bp.case_id, bp.effective_from) bp.case_id, bp.org_unit_id, bp.effective_from,
            bp.monthly_amount AS before, bp.member_count, bp.covered_count, bp.per_capita_income AS income, bp.kind
        FROM assistance_benefitperiod bp
        WHERE bp.case_id IN (SELECT case_id FROM starts) AND bp.effective_from > %(day)s
        ORDER BY bp.case_id, bp.effective_from, bp.id DESC
    ), rows AS (
        SELECT * FROM starts
        UNION ALL
        SELECT l.case_id, l.org_unit_id, l.effective_from, l.before, l.member_count, l.covered_count, l.income
        FROM later l
        JOIN unnest(%(later_units)s::bigint[], %(later_days)s::date[]) AS g(unit, day)
            ON g.unit = l.org_unit_id AND g.day = l.effective_from
        WHERE l.kind <> ALL(%(unpaid)s)
    )
    SELECT r.case_id, r.org_unit_id, r.effective_from, r.before, {formula} AS after, r.member_count,
        r.covered_count, r.income
    FROM rows r
"""


def plan_standard_adjustment(
    *, programme, org_unit, effective_from, amount, minimum_benefit=None, ratio=None, limit=None
):
    """What a new standard from `effective_from` changes: one new benefit period per row.

    Every case receiving a benefit on that day whose nearest standard is the adjusted area's gets a
    recalculated period from that day; its later periods (changes, moves) in areas the new standard
    governs then are recalculated too. Suspended and terminated periods stay as they are. The plan is
    one SQL query: the preview reads its totals and first `limit` rows, the commit inserts all of it.
    """
    require_postgresql()
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
    units = list(OrgUnit.objects.filter(path__startswith=org_unit.path).values_list("pk", "path"))
    paths = dict(units)
    governed = [pk for pk, path in units if book.lookup(path, effective_from) is new_standard]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT DISTINCT bp.org_unit_id, bp.effective_from FROM assistance_benefitperiod bp
            JOIN assistance_assistancecase c ON c.id = bp.case_id
            WHERE c.programme = %s AND bp.effective_from > %s AND bp.org_unit_id = ANY(%s)
            """,
            [programme, effective_from, list(paths)],
        )
        later_pairs = [(unit, day) for unit, day in cursor.fetchall() if book.lookup(paths[unit], day) is new_standard]
    plan = AdjustmentPlan(
        programme, org_unit, effective_from, amount, minimum_benefit, ratio, previous.amount if previous else None
    )
    plan.sql = PLAN_SQL.format(formula=recurring_amount_sql(programme, income="r.income", covered="r.covered_count"))
    plan.params = {
        "programme": programme, "day": effective_from, "unpaid": [str(kind) for kind in UNPAID_KINDS],
        "governed": governed, "later_units": [unit for unit, _day in later_pairs],
        "later_days": [day for _unit, day in later_pairs], "amount": amount, "minimum": minimum_benefit,
    }  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT COUNT(*), COUNT(DISTINCT case_id),
                COALESCE(SUM(before) FILTER (WHERE effective_from = %(day)s), 0),
                COALESCE(SUM(after) FILTER (WHERE effective_from = %(day)s), 0),
                COUNT(*) FILTER (WHERE effective_from = %(day)s AND after = 0 AND before > 0)
            FROM ({plan.sql}) plan
            """,
            plan.params,
        )
        plan.row_count, plan.case_count, total_before, total_after, plan.ineligible_count = cursor.fetchone()
        plan.total_before, plan.total_after = money(total_before), money(total_after)
        cursor.execute(
            f"""
            SELECT plan.case_id, c.number, plan.org_unit_id, plan.effective_from, plan.before, plan.after,
                plan.member_count, plan.covered_count, plan.income
            FROM ({plan.sql}) plan JOIN assistance_assistancecase c ON c.id = plan.case_id
            ORDER BY plan.case_id, plan.effective_from
            {"LIMIT %(limit)s" if limit is not None else ""}
            """,
            {**plan.params, "limit": limit},
        )
        plan.rows = [PlanRow(*row) for row in cursor.fetchall()]
    return plan


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
            programme=programme,
            org_unit=org_unit,
            effective_from=effective_from,
            amount=amount,
            minimum_benefit=minimum_benefit,
            ratio=ratio,
            limit=0,
        )  # fmt: skip  (the rows themselves are inserted by the same query, not read)
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
    """Insert the plan's periods with one INSERT ... SELECT of the planning query, then set the current
    benefit of every case whose new period is now its latest version."""
    note = _("Standard %(amount)s from %(day)s") % {"amount": plan.amount, "day": plan.effective_from.isoformat()}
    table = BenefitPeriod._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {table} (case_id, org_unit_id, effective_from, kind, monthly_amount, member_count,
                covered_count, per_capita_income, standard_amount, minimum_benefit, adjustment_id, note, created_at)
            SELECT case_id, org_unit_id, effective_from, %(kind)s, after, member_count, covered_count, income,
                %(amount)s, %(minimum)s, %(adjustment)s, %(note)s, now()
            FROM ({plan.sql}) plan
            ORDER BY case_id, effective_from
            """,
            {**plan.params, "kind": PeriodKind.STANDARD, "adjustment": adjustment.pk, "note": note},
        )
        cursor.execute(
            f"""
            UPDATE assistance_assistancecase c SET monthly_amount = bp.monthly_amount, updated_at = now()
            FROM {table} bp
            WHERE bp.adjustment_id = %s AND bp.case_id = c.id AND c.monthly_amount <> bp.monthly_amount
              AND NOT EXISTS (
                SELECT 1 FROM {table} newer WHERE newer.case_id = bp.case_id
                  AND (newer.effective_from, newer.id) > (bp.effective_from, bp.id))
            """,
            [adjustment.pk],
        )

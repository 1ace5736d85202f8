"""Monthly payroll (发放名册) per programme and area, the bank disbursement file, and fund statistics.

A payroll line is the benefit period in force in the month for each case of the programme whose
community (at that time) lies in the area; a case is paid at most once per programme and month.
"""

import csv
import io
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.audit.services import record_audit
from cms.orgs.models import OrgUnit
from cms.personal_data import decrypt_text
from services.assistance.models import PayrollRun, PayrollStatus
from services.assistance.programmes import Programme
from services.assistance.services import check_actor_area
from services.assistance.standards import first_of_month, require_postgresql


def generate_payroll(*, programme, org_unit, month, actor=None):
    """Build the draft payroll of `programme` in `org_unit`'s area for `month` in one INSERT ... SELECT."""
    try:
        programme = Programme(programme)
    except ValueError as error:
        raise ValidationError(_("Unknown assistance programme."), code="programme") from error
    check_actor_area(actor, org_unit)
    require_postgresql()
    month = first_of_month(month)
    with transaction.atomic():
        run = PayrollRun.objects.create(programme=programme, org_unit=org_unit, month=month, created_by=actor)
        with connection.cursor() as cursor:
            cursor.execute(
                """
                INSERT INTO assistance_payrollline (run_id, case_id, org_unit_id, payee_id, covered_count, amount)
                SELECT %(run)s, p.case_id, p.org_unit_id, c.applicant_id, p.covered_count, p.monthly_amount
                FROM (
                    SELECT DISTINCT ON (bp.case_id) bp.case_id, bp.org_unit_id, bp.covered_count, bp.monthly_amount
                    FROM assistance_benefitperiod bp
                    JOIN assistance_assistancecase cc ON cc.id = bp.case_id
                    WHERE cc.programme = %(programme)s AND bp.effective_from <= %(month)s
                    ORDER BY bp.case_id, bp.effective_from DESC, bp.id DESC
                ) p
                JOIN assistance_assistancecase c ON c.id = p.case_id
                JOIN orgs_orgunit o ON o.id = p.org_unit_id
                WHERE p.monthly_amount > 0 AND o.path LIKE %(path)s
                  AND NOT EXISTS (
                    SELECT 1 FROM assistance_payrollline l JOIN assistance_payrollrun r ON r.id = l.run_id
                    WHERE l.case_id = p.case_id AND r.month = %(month)s AND r.programme = %(programme)s
                      AND r.status <> %(cancelled)s AND r.id <> %(run)s)
                """,
                {
                    "run": run.pk,
                    "programme": programme,
                    "month": month,
                    "path": org_unit.path + "%",
                    "cancelled": PayrollStatus.CANCELLED,
                },
            )
        totals = run.lines.aggregate(count=Count("pk"), total=Sum("amount"))
        run.line_count, run.total = totals["count"], totals["total"] or Decimal("0")
        run.save(update_fields=["line_count", "total"])
        record_audit(
            "assistance.payroll_generate",
            actor=actor,
            obj=run,
            org_unit=org_unit,
            detail={"month": month.isoformat(), "lines": run.line_count, "total": str(run.total)},
        )
    return run


@transaction.atomic
def confirm_payroll(run, *, actor):
    check_actor_area(actor, run.org_unit)
    if PayrollRun.objects.select_for_update().get(pk=run.pk).status != PayrollStatus.DRAFT:
        raise ValidationError(_("Only a draft payroll can be confirmed."), code="not_draft")
    run.status, run.confirmed_at = PayrollStatus.CONFIRMED, timezone.now()
    run.save(update_fields=["status", "confirmed_at"])
    record_audit("assistance.payroll_confirm", actor=actor, obj=run, org_unit=run.org_unit)
    return run


@transaction.atomic
def cancel_payroll(run, *, actor):
    check_actor_area(actor, run.org_unit)
    if PayrollRun.objects.select_for_update().get(pk=run.pk).status != PayrollStatus.DRAFT:
        raise ValidationError(_("A confirmed payroll cannot be cancelled."), code="not_draft")
    run.status = PayrollStatus.CANCELLED
    run.save(update_fields=["status"])
    record_audit("assistance.payroll_cancel", actor=actor, obj=run, org_unit=run.org_unit)
    return run


def payroll_headers():
    return [
        _("No."), _("Case number"), _("Community"), _("Payee"), _("ID number"), _("Bank"), _("Bank account"),
        _("Covered members"), _("Amount (yuan)"),
    ]  # fmt: skip


def payroll_rows(run, *, full_identifiers=False):
    """Rows of the payroll; the bank file (full_identifiers) carries full ID and account numbers."""
    lines = (
        run.lines.order_by("org_unit__path", "case__number")
        .values_list(
            "case__number",
            "org_unit__name",
            "payee__name",
            "payee__id_number_encrypted",
            "payee__id_number_masked",
            "case__bank_name",
            "case__bank_account_encrypted",
            "case__bank_account_masked",
            "covered_count",
            "amount",
        )  # fmt: skip
        .iterator(chunk_size=5_000)
    )
    for index, line in enumerate(lines, start=1):
        number, community, payee, id_encrypted, id_masked, bank, account_encrypted, account_masked, covered, amount = (
            line
        )
        if full_identifiers:
            id_number = decrypt_text(id_encrypted)
            account = decrypt_text(account_encrypted) if account_encrypted else ""
        else:
            id_number, account = id_masked, account_masked
        yield [index, number, community, payee, id_number, bank, account, covered, amount]


def bank_file_csv(run, *, actor):
    """The bank disbursement file as UTF-8 CSV (with a BOM, so Excel opens it in Chinese); audited."""
    check_bank_file_allowed(run, actor)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(payroll_headers())
    for row in payroll_rows(run, full_identifiers=True):
        writer.writerow([str(value) for value in row])
    record_audit("assistance.bank_file", actor=actor, obj=run, org_unit=run.org_unit, detail={"format": "csv"})
    return buffer.getvalue().encode("utf-8")


def bank_file_rows(run, *, actor):
    check_bank_file_allowed(run, actor)
    record_audit("assistance.bank_file", actor=actor, obj=run, org_unit=run.org_unit, detail={"format": "xlsx"})
    return payroll_rows(run, full_identifiers=True)


def check_bank_file_allowed(run, actor):
    check_actor_area(actor, run.org_unit)
    if actor is not None and not actor.has_perm("assistance.export_bank_file"):
        raise ValidationError(_("You may not export bank disbursement files."), code="permission")
    if run.status != PayrollStatus.CONFIRMED:
        raise ValidationError(_("Confirm the payroll before sending it to the bank."), code="not_confirmed")


def fund_statistics(org_unit, *, year):
    """Paid amounts of `year` (confirmed payrolls) by area one level below `org_unit`, programme and month.

    Returns {"areas": [(unit, {programme: total})], "months": {programme: [12 totals]}, "total": Decimal}.
    """
    require_postgresql()
    step = OrgUnit.steplen
    child_length = len(org_unit.path) + step
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT LEFT(o.path, %s), r.programme, EXTRACT(MONTH FROM r.month)::int, SUM(l.amount)
            FROM assistance_payrollline l
            JOIN assistance_payrollrun r ON r.id = l.run_id
            JOIN orgs_orgunit o ON o.id = l.org_unit_id
            WHERE r.status = %s AND o.path LIKE %s AND EXTRACT(YEAR FROM r.month) = %s
            GROUP BY 1, 2, 3
            """,
            [child_length, PayrollStatus.CONFIRMED, org_unit.path + "%", year],
        )
        rows = cursor.fetchall()
    children = {unit.path: unit for unit in OrgUnit.objects.filter(path__in={row[0] for row in rows})}
    by_area, by_month, total = {}, {}, Decimal("0")
    for path, programme, month, amount in rows:
        unit = children.get(path, org_unit)
        by_area.setdefault(unit, {}).setdefault(programme, Decimal("0"))
        by_area[unit][programme] += amount
        by_month.setdefault(programme, [Decimal("0")] * 12)[month - 1] += amount
        total += amount
    areas = sorted(by_area.items(), key=lambda item: item[0].path)
    return {"areas": areas, "months": by_month, "total": total}

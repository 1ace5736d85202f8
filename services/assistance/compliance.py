"""Compliance checks (数据比对) against missed coverage, wrong coverage and misuse of funds.

They run on every new application (for that case) and nightly on all cases, each as one set-based
query, and record a finding per (kind, case, resident) that staff must resolve; a finding still open
is not recorded twice.
"""

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.audit.services import record_audit
from services.assistance.models import OPEN_STATUSES, CaseStatus, ComplianceFinding, FindingKind
from services.assistance.programmes import RECURRING_PROGRAMMES, RULES
from services.assistance.services import check_actor_area
from services.assistance.standards import StandardBook

RECEIVING = (CaseStatus.ACTIVE, CaseStatus.SUSPENDED)
INSERT_BATCH = 5_000


def _rows(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _case_filter(case_ids, alias="c"):
    if case_ids is None:
        return "", []
    return f" AND {alias}.id = ANY(%s)", [list(case_ids)]


def find_duplicate_members(case_ids=None):
    """The same person (one ID number, one resident record) covered in open cases of two households."""
    where, params = _case_filter(case_ids)
    return [
        (case_id, unit, resident, _("Also covered in a case of another household."))
        for case_id, unit, resident in _rows(
            f"""
            SELECT c.id, c.org_unit_id, m.resident_id
            FROM assistance_casemember m JOIN assistance_assistancecase c ON c.id = m.case_id
            WHERE m.covered AND c.status = ANY(%s) AND c.programme = ANY(%s){where}
              AND EXISTS (
                SELECT 1 FROM assistance_casemember m2 JOIN assistance_assistancecase c2 ON c2.id = m2.case_id
                WHERE m2.resident_id = m.resident_id AND m2.covered AND c2.household_id <> c.household_id
                  AND c2.status = ANY(%s) AND c2.programme = ANY(%s))
            """,
            [list(OPEN_STATUSES), list(RECURRING_PROGRAMMES), *params, list(OPEN_STATUSES), list(RECURRING_PROGRAMMES)],
        )
    ]


def find_deceased_covered(case_ids=None):
    where, params = _case_filter(case_ids)
    return [
        (case_id, unit, resident, _("Died on %(day)s, still covered.") % {"day": died_on or "?"})
        for case_id, unit, resident, died_on in _rows(
            f"""
            SELECT c.id, c.org_unit_id, m.resident_id, r.died_on
            FROM assistance_casemember m
            JOIN assistance_assistancecase c ON c.id = m.case_id
            JOIN datacenter_resident r ON r.id = m.resident_id
            WHERE m.covered AND r.status = 'deceased' AND c.status = ANY(%s){where}
            """,
            [list(OPEN_STATUSES), *params],
        )
    ]


def find_income_above_standard(case_ids=None, today=None):
    """Receiving cases whose income per head reached the standard in force in their area today."""
    today = today or timezone.localdate()
    where, params = _case_filter(case_ids)
    pairs = _rows(
        f"""
        SELECT DISTINCT c.programme, c.org_unit_id, o.path FROM assistance_assistancecase c
        JOIN orgs_orgunit o ON o.id = c.org_unit_id
        WHERE c.status = ANY(%s) AND c.programme = ANY(%s){where}
        """,
        [list(RECEIVING), list(RECURRING_PROGRAMMES), *params],
    )
    books, programmes, units, amounts = {}, [], [], []
    for programme, unit, path in pairs:
        book = books.get(programme) or books.setdefault(programme, StandardBook(programme))
        standard = book.lookup(path, today)
        if standard is not None:
            programmes.append(programme)
            units.append(unit)
            amounts.append(standard.amount)
    if not programmes:
        return []
    return [
        (
            case_id,
            unit,
            None,
            _("Income per head %(income)s yuan, standard %(standard)s yuan.") % {"income": income, "standard": amount},
        )
        for case_id, unit, income, amount in _rows(
            f"""
            SELECT c.id, c.org_unit_id, c.per_capita_income, s.amount
            FROM assistance_assistancecase c
            JOIN unnest(%s::text[], %s::bigint[], %s::numeric[]) AS s(programme, org_unit_id, amount)
              ON s.programme = c.programme AND s.org_unit_id = c.org_unit_id
            WHERE c.status = ANY(%s) AND c.per_capita_income >= s.amount{where}
            """,
            [programmes, units, amounts, list(RECEIVING), *params],
        )
    ]


def exclusive_pairs():
    return sorted({(programme, other) for programme, rules in RULES.items() for other in rules.exclusive_with})


def find_exclusive_programmes(case_ids=None):
    """A person covered at the same time by programmes that exclude each other (e.g. dibao and 特困)."""
    where, params = _case_filter(case_ids)
    pairs = exclusive_pairs()
    return [
        (case_id, unit, resident, _("Also covered by %(number)s.") % {"number": other_number})
        for case_id, unit, resident, other_number in _rows(
            f"""
            SELECT DISTINCT ON (c.id, m.resident_id) c.id, c.org_unit_id, m.resident_id, c2.number
            FROM assistance_casemember m
            JOIN assistance_assistancecase c ON c.id = m.case_id
            JOIN assistance_casemember m2 ON m2.resident_id = m.resident_id AND m2.case_id <> m.case_id AND m2.covered
            JOIN assistance_assistancecase c2 ON c2.id = m2.case_id
            JOIN unnest(%s::text[], %s::text[]) AS x(first, second)
              ON x.first = c.programme AND x.second = c2.programme
            WHERE m.covered AND c.status = ANY(%s) AND c2.status = ANY(%s){where}
            ORDER BY c.id, m.resident_id, c2.id
            """,
            [
                [first for first, _second in pairs],
                [second for _first, second in pairs],
                list(OPEN_STATUSES),
                list(OPEN_STATUSES),
                *params,
            ],
        )  # fmt: skip
    ]


def find_staff_relatives(case_ids=None):
    """Applicants and members filed as relatives of staff (备案): the case needs a second look."""
    where, params = _case_filter(case_ids)
    return [
        (
            case_id,
            unit,
            resident,
            _("Filed as %(relation)s of staff member %(staff)s.") % {"relation": relation, "staff": staff},
        )
        for case_id, unit, resident, relation, staff in _rows(
            f"""
            SELECT DISTINCT ON (c.id, m.resident_id) c.id, c.org_unit_id, m.resident_id, f.relation, u.username
            FROM assistance_casemember m
            JOIN assistance_assistancecase c ON c.id = m.case_id
            JOIN assistance_staffrelative f ON f.resident_id = m.resident_id
            JOIN auth_user u ON u.id = f.staff_id
            WHERE c.status = ANY(%s){where}
            ORDER BY c.id, m.resident_id, f.id
            """,
            [list(OPEN_STATUSES), *params],
        )
    ]


def find_missing_documents(case_ids=None):
    where, params = _case_filter(case_ids)
    found = []
    for programme, rules in RULES.items():
        required = [str(kind) for kind in rules.required_documents]
        for case_id, unit, present in _rows(
            f"""
            SELECT c.id, c.org_unit_id, COALESCE(array_agg(DISTINCT d.kind) FILTER (WHERE d.kind IS NOT NULL), '{{}}')
            FROM assistance_assistancecase c
            LEFT JOIN assistance_casedocument d ON d.case_id = c.id AND d.kind = ANY(%s)
            WHERE c.programme = %s AND c.status = ANY(%s){where}
            GROUP BY c.id
            HAVING COUNT(DISTINCT d.kind) < %s
            """,
            [required, programme, list(OPEN_STATUSES), *params, len(required)],
        ):
            missing = [kind for kind in rules.required_documents if kind not in present]
            found.append((case_id, unit, None, "、".join(str(kind.label) for kind in missing)[:255]))
    return found


CHECKS = {
    FindingKind.DUPLICATE_MEMBER: find_duplicate_members,
    FindingKind.DECEASED_COVERED: find_deceased_covered,
    FindingKind.INCOME_ABOVE_STANDARD: find_income_above_standard,
    FindingKind.EXCLUSIVE_PROGRAMMES: find_exclusive_programmes,
    FindingKind.STAFF_RELATIVE: find_staff_relatives,
    FindingKind.MISSING_DOCUMENTS: find_missing_documents,
}


def run_compliance_checks(case_ids=None):
    """Run every check (on `case_ids`, or all cases) and record new findings; {kind: hits} is returned."""
    hits = {}
    with transaction.atomic():
        for kind, check in CHECKS.items():
            rows = check(case_ids)
            hits[str(kind)] = len(rows)
            findings = [
                ComplianceFinding(kind=kind, case_id=case_id, org_unit_id=unit, resident_id=resident, detail=detail)
                for case_id, unit, resident, detail in rows
            ]
            ComplianceFinding.objects.bulk_create(findings, batch_size=INSERT_BATCH, ignore_conflicts=True)
        if case_ids is None:
            record_audit("assistance.compliance_run", detail=hits)
    return hits


def check_case(case):
    return run_compliance_checks([case.pk])


@transaction.atomic
def resolve_finding(finding, *, actor, resolution):
    check_actor_area(actor, finding.org_unit)
    finding = ComplianceFinding.objects.select_for_update().get(pk=finding.pk)
    if finding.resolved_at is not None:
        raise ValidationError(_("This finding was already resolved."), code="resolved")
    if not str(resolution or "").strip():
        raise ValidationError(_("Write down how the finding was resolved."), code="resolution")
    finding.resolved_by, finding.resolved_at, finding.resolution = actor, timezone.now(), resolution.strip()
    finding.save()
    record_audit(
        "assistance.finding_resolve",
        actor=actor,
        obj=finding.case,
        org_unit=finding.org_unit,
        detail={"kind": finding.kind, "resolution": finding.resolution},
    )
    return finding


@transaction.atomic
def file_staff_relative(*, staff, resident, relation, actor):
    """备案: record that `resident` is a relative of `staff`; their cases are flagged by the checks."""
    from services.assistance.models import StaffRelative

    check_actor_area(actor, resident.org_unit)
    if not str(relation or "").strip():
        raise ValidationError(_("Name the relation."), code="relation")
    if StaffRelative.objects.filter(staff=staff, resident=resident).exists():
        raise ValidationError(_("This relative is already filed."), code="duplicate")
    filing = StaffRelative.objects.create(
        staff=staff, resident=resident, relation=relation.strip(), org_unit=resident.org_unit
    )
    record_audit("assistance.staff_relative", actor=actor, obj=resident, org_unit=resident.org_unit)
    return filing

"""Compliance checks (数据比对) against missed coverage, wrong coverage and misuse of funds.

They run on every new application (for that case) and nightly on all cases, each as a few set-based
queries (no query per case), and record a finding per (kind, case, resident) that staff must resolve;
a finding still open is not recorded twice.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.audit.services import record_audit
from services.assistance.models import (
    OPEN_STATUSES,
    AssistanceCase,
    CaseDocument,
    CaseMember,
    CaseStatus,
    ComplianceFinding,
    FindingKind,
    StaffRelative,
)
from services.assistance.programmes import RECURRING_PROGRAMMES, RULES
from services.assistance.services import check_actor_area
from services.assistance.standards import StandardBook
from services.datacenter.models import ResidentStatus

RECEIVING = (CaseStatus.ACTIVE, CaseStatus.SUSPENDED)
INSERT_BATCH = 5_000


def _members(case_ids, statuses=OPEN_STATUSES):
    """Covered members of cases in `statuses` (of `case_ids` when given)."""
    members = CaseMember.objects.filter(covered=True, case__status__in=statuses)
    if case_ids is not None:
        members = members.filter(case_id__in=list(case_ids))
    return members


def _cases(case_ids, statuses=OPEN_STATUSES):
    cases = AssistanceCase.objects.filter(status__in=statuses)
    if case_ids is not None:
        cases = cases.filter(pk__in=list(case_ids))
    return cases


def find_duplicate_members(case_ids=None):
    """The same person (one ID number, one resident record) covered in open cases of two households."""
    recurring = CaseMember.objects.filter(
        covered=True, case__status__in=OPEN_STATUSES, case__programme__in=RECURRING_PROGRAMMES
    )
    doubled = (
        recurring.values("resident_id")
        .annotate(households=Count("case__household_id", distinct=True))
        .filter(households__gt=1)
        .values("resident_id")
    )
    rows = (
        _members(case_ids)
        .filter(case__programme__in=RECURRING_PROGRAMMES, resident_id__in=doubled)
        .values_list("case_id", "case__org_unit_id", "resident_id")
    )
    return [(case, unit, resident, _("Also covered in a case of another household.")) for case, unit, resident in rows]


def find_deceased_covered(case_ids=None):
    rows = (
        _members(case_ids)
        .filter(resident__status=ResidentStatus.DECEASED)
        .values_list("case_id", "case__org_unit_id", "resident_id", "resident__died_on")
    )
    return [
        (case, unit, resident, _("Died on %(day)s, still covered.") % {"day": died_on or "?"})
        for case, unit, resident, died_on in rows
    ]


def find_income_above_standard(case_ids=None, today=None):
    """Receiving cases whose income per head reached the standard in force in their area today."""
    today = today or timezone.localdate()
    receiving = _cases(case_ids, RECEIVING).filter(programme__in=RECURRING_PROGRAMMES)
    pairs = receiving.values_list("programme", "org_unit_id", "org_unit__path").distinct()
    books, units_by_line = {}, {}
    for programme, unit, path in pairs:
        book = books.get(programme) or books.setdefault(programme, StandardBook(programme))
        standard = book.lookup(path, today)
        if standard is not None:
            units_by_line.setdefault((programme, standard.amount), []).append(unit)
    # one condition per distinct standard (a handful), not one per community
    condition = Q(pk__in=[])
    for (programme, amount), units in units_by_line.items():
        condition |= Q(programme=programme, org_unit_id__in=units, per_capita_income__gte=amount)
    rows = receiving.filter(condition).values_list(
        "pk", "org_unit_id", "per_capita_income", "programme", "org_unit__path"
    )
    return [
        (
            case,
            unit,
            None,
            _("Income per head %(income)s yuan, standard %(standard)s yuan.")
            % {"income": income, "standard": books[programme].lookup(path, today).amount},
        )
        for case, unit, income, programme, path in rows
    ]


def find_exclusive_programmes(case_ids=None):
    """A person covered at the same time by programmes that exclude each other (e.g. dibao and 特困)."""
    found = {}
    for programme, rules in RULES.items():
        if not rules.exclusive_with:
            continue
        others = CaseMember.objects.filter(
            covered=True, case__status__in=OPEN_STATUSES, case__programme__in=list(rules.exclusive_with)
        )
        rows = (
            _members(case_ids)
            .filter(case__programme=programme, resident_id__in=others.values("resident_id"))
            .values_list("case_id", "case__org_unit_id", "resident_id")
        )
        for case, unit, resident in rows:
            found[(case, resident)] = (unit, programme)
    if not found:
        return []
    others = {}  # resident -> [(case number, programme)] of their open cases
    for resident, number, programme in (
        CaseMember.objects.filter(
            covered=True, case__status__in=OPEN_STATUSES, resident_id__in={resident for _case, resident in found}
        )
        .order_by("case_id")
        .values_list("resident_id", "case__number", "case__programme")
    ):
        others.setdefault(resident, []).append((number, programme))
    rows = []
    for (case, resident), (unit, case_programme) in sorted(found.items()):
        excluded = RULES[case_programme].exclusive_with
        other = next((number for number, programme in others[resident] if programme in excluded), "?")
        rows.append((case, unit, resident, _("Also covered by %(number)s.") % {"number": other}))
    return rows


def find_staff_relatives(case_ids=None):
    """Applicants and members filed as relatives of staff (备案): the case needs a second look."""
    filings = {}
    for resident, relation, username in StaffRelative.objects.values_list("resident_id", "relation", "staff__username"):
        filings.setdefault(resident, (relation, username))
    if not filings:
        return []
    members = CaseMember.objects.filter(case__status__in=OPEN_STATUSES, resident_id__in=list(filings))
    if case_ids is not None:
        members = members.filter(case_id__in=list(case_ids))
    return [
        (
            case,
            unit,
            resident,
            _("Filed as %(relation)s of staff member %(staff)s.")
            % {"relation": filings[resident][0], "staff": filings[resident][1]},
        )
        for case, unit, resident in members.values_list("case_id", "case__org_unit_id", "resident_id").distinct()
    ]


def find_missing_documents(case_ids=None):
    found = []
    for programme, rules in RULES.items():
        required = [str(kind) for kind in rules.required_documents]
        cases = (
            _cases(case_ids)
            .filter(programme=programme)
            .annotate(present=Count("documents__kind", filter=Q(documents__kind__in=required), distinct=True))
            .filter(present__lt=len(required))
            .values_list("pk", "org_unit_id")
        )
        cases = list(cases)
        present = {}
        for case, kind in CaseDocument.objects.filter(case_id__in=[case for case, _unit in cases]).values_list(
            "case_id", "kind"
        ):
            present.setdefault(case, set()).add(kind)
        for case, unit in cases:
            missing = [kind for kind in rules.required_documents if kind not in present.get(case, set())]
            found.append((case, unit, None, "、".join(str(kind.label) for kind in missing)[:255]))
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
            if not rows:
                continue
            # Only the open findings of the cases just found, not every open finding in the city.
            open_keys = set(
                ComplianceFinding.objects.filter(
                    kind=kind, resolved_at__isnull=True, case_id__in={row[0] for row in rows}
                ).values_list("case_id", "resident_id")
            )
            findings = [
                ComplianceFinding(kind=kind, case_id=case_id, org_unit_id=unit, resident_id=resident, detail=detail)
                for case_id, unit, resident, detail in rows
                if (case_id, resident) not in open_keys
            ]
            # the partial unique constraint backs this up against a concurrent run (PostgreSQL)
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

"""Each compliance check finds its case, reports nothing on clean data, and its findings must be resolved."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from services.assistance.compliance import file_staff_relative, resolve_finding, run_compliance_checks
from services.assistance.models import CaseDocument, CaseMember, ComplianceFinding, FindingKind
from services.assistance.programmes import DocumentKind, Programme
from services.assistance.selectors import findings_for
from services.assistance.services import grant_case
from services.datacenter.services import record_death
from tests.assistance.conftest import apply, make_household
from tests.assistance.test_case_life import active_case

pytestmark = pytest.mark.django_db


def kinds():
    return sorted(ComplianceFinding.objects.values_list("kind", flat=True))


def test_clean_data_gives_no_findings(area, standards):
    active_case(area)
    active_case(area, community="binhe")
    household, people = make_household(area["heping"], people=[("孙大爷", datetime.date(1948, 5, 1))])
    apply(household, people, programme=Programme.EXTREME_POVERTY, no_legal_supporter=True, actor=area["heping_staff"])
    hits = run_compliance_checks()
    assert set(hits.values()) == {0}
    assert not ComplianceFinding.objects.exists()


def test_same_person_in_two_active_households(area, standards):
    first, people = active_case(area)
    second, _ = active_case(area, community="binhe")
    # the data centre moved a member, but the old case still covers them
    CaseMember.objects.create(case=second, resident=people[1], covered=True)
    run_compliance_checks()
    findings = ComplianceFinding.objects.filter(kind=FindingKind.DUPLICATE_MEMBER)
    assert {(finding.case_id, finding.resident_id) for finding in findings} == {
        (first.pk, people[1].pk), (second.pk, people[1].pk),
    }  # fmt: skip


def test_deceased_member_still_covered(area, standards):
    case, people = active_case(area)
    record_death(people[2], on=datetime.date(2026, 4, 3))
    run_compliance_checks()
    finding = ComplianceFinding.objects.get()
    assert (finding.kind, finding.case, finding.resident) == (FindingKind.DECEASED_COVERED, case, people[2])
    assert "2026-04-03" in finding.detail


def test_income_per_head_above_the_standard(area, standards):
    case, _ = active_case(area)
    type(case).objects.filter(pk=case.pk).update(per_capita_income=1000)  # as a nightly income import leaves it
    run_compliance_checks()
    finding = ComplianceFinding.objects.get()
    assert (finding.kind, finding.case_id) == (FindingKind.INCOME_ABOVE_STANDARD, case.pk)
    assert "1000.00" in finding.detail


def test_mutually_exclusive_programmes_held_together(area, standards):
    household, people = make_household(area["heping"], people=[("孙大爷", datetime.date(1948, 5, 1))])
    dibao = apply(household, people, actor=area["heping_staff"])
    grant_case(dibao, on=datetime.date(2026, 2, 1))
    support = apply(
        household, people, programme=Programme.EXTREME_POVERTY, no_legal_supporter=True, actor=area["heping_staff"]
    )
    findings = ComplianceFinding.objects.filter(kind=FindingKind.EXCLUSIVE_PROGRAMMES)
    assert [finding.case for finding in findings] == [support]  # found on the application at once
    run_compliance_checks()
    assert {finding.case for finding in findings.all()} == {dibao, support}
    assert dibao.number in findings.get(case=support).detail


def test_relative_of_staff_among_applicants_is_flagged_for_filing(area, standards):
    household, people = make_household(area["heping"], people=[("王芳", None), ("李强", None)])
    file_staff_relative(staff=area["heping_staff"], resident=people[1], relation="弟弟", actor=area["street_staff"])
    case = apply(household, people, actor=area["heping_staff"])
    finding = ComplianceFinding.objects.get()
    assert (finding.kind, finding.case, finding.resident) == (FindingKind.STAFF_RELATIVE, case, people[1])
    assert "heping_clerk" in finding.detail
    with pytest.raises(ValidationError):
        file_staff_relative(staff=area["heping_staff"], resident=people[1], relation="弟弟", actor=area["street_staff"])


def test_missing_documents(area, standards):
    case, _ = active_case(area)
    CaseDocument.objects.filter(case=case, kind=DocumentKind.INCOME_PROOF).delete()
    run_compliance_checks()
    finding = ComplianceFinding.objects.get()
    assert (finding.kind, finding.case) == (FindingKind.MISSING_DOCUMENTS, case)
    assert finding.detail == str(DocumentKind.INCOME_PROOF.label)


def test_an_open_finding_is_not_recorded_twice_and_resolution_needs_a_note_in_scope(area, standards):
    case, people = active_case(area)
    record_death(people[2], on=datetime.date(2026, 4, 3))
    run_compliance_checks()
    run_compliance_checks()
    finding = ComplianceFinding.objects.get()
    with pytest.raises(ValidationError) as error:
        resolve_finding(finding, actor=area["heping_staff"], resolution=" ")
    assert error.value.code == "resolution"
    with pytest.raises(ValidationError) as error:
        resolve_finding(finding, actor=area["binhe_staff"], resolution="已核实")
    assert error.value.code == "scope"
    assert list(findings_for(area["binhe_staff"])) == []
    assert list(findings_for(area["street_staff"])) == [finding]
    resolve_finding(finding, actor=area["heping_staff"], resolution="已停止该成员的保障")
    finding.refresh_from_db()
    assert finding.resolved_by == area["heping_staff"] and finding.resolved_at is not None
    with pytest.raises(ValidationError):
        resolve_finding(finding, actor=area["heping_staff"], resolution="again")
    run_compliance_checks()  # still true: a new finding, since the old one was closed
    assert ComplianceFinding.objects.filter(resolved_at__isnull=True).count() == 1

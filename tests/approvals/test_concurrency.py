"""Two people approving the same case at the same moment: the row lock lets exactly one decision through."""

import threading

import pytest
from django.db import connection

from services.approvals.models import ApprovalCase, ApprovalDecision, CaseStatus
from services.approvals.services import ApprovalError, decide, set_final_level

pytestmark = pytest.mark.django_db(transaction=True)


def test_simultaneous_approvals_record_one_decision(area, process, case):
    set_final_level(process, "street")
    ApprovalCase.objects.filter(pk=case.pk).update(
        current_step=process.steps.get(name="街道审核"), current_org_unit=area["street"]
    )
    copies = [ApprovalCase.objects.get(pk=case.pk) for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes = []

    def approve(copy):
        try:
            barrier.wait(timeout=10)
            decide(copy, actor=area["street_staff"], decision="approve", comment="同意")
            outcomes.append("approved")
        except ApprovalError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(copy,)) for copy in copies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["approved", "case_finished"]
    assert ApprovalDecision.objects.filter(case=case, decision="approve").count() == 1
    assert ApprovalCase.objects.get(pk=case.pk).status == CaseStatus.APPROVED

"""Demo data for social assistance: city standards and a few cases per community of the demo network.

`add_demo_assistance(report=None)` is idempotent (households that already have a case are left
alone) and works on whatever the data centre holds; run it after the demo loader:
`manage.py load_assistance_demo`. Cases are granted directly (the demo has no approval history).
"""

import datetime
from collections import Counter
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cms.orgs.models import OrgLevel, OrgUnit
from services.assistance.compliance import run_compliance_checks
from services.assistance.models import AssistanceCase, Standard
from services.assistance.programmes import Programme, rules_for
from services.assistance.services import apply_for_assistance, grant_case, record_appraisal, record_survey
from services.datacenter.models import Household, ResidentStatus

CASES_PER_COMMUNITY = 3
DEMO_STANDARDS = [
    (Programme.URBAN_DIBAO, Decimal("1050"), Decimal("150"), None),
    (Programme.RURAL_DIBAO, Decimal("880"), Decimal("120"), None),
    (Programme.LOW_INCOME, Decimal("1580"), Decimal("100"), None),
    (Programme.EXTREME_POVERTY, Decimal("1365"), None, None),
    (Programme.MEDICAL_AID, Decimal("30000"), None, Decimal("0.700")),
    (Programme.TEMPORARY_AID, Decimal("3150"), None, None),
]


def ensure_demo_standards(city, start):
    created = 0
    for programme, amount, minimum, ratio in DEMO_STANDARDS:
        _standard, was_created = Standard.objects.get_or_create(
            programme=programme, org_unit=city, effective_from=start,
            defaults={"amount": amount, "minimum_benefit": minimum, "ratio": ratio, "note": "演示数据"},
        )  # fmt: skip
        created += was_created
    return created


def add_demo_assistance(report=None):
    created = report.created if report is not None else Counter()
    city = OrgUnit.objects.filter(level=OrgLevel.CITY).order_by("path").first()
    if city is None:
        return created
    today = timezone.localdate()
    start = datetime.date(today.year, 1, 1)
    created["assistance_standards"] += ensure_demo_standards(city, start)
    for community in OrgUnit.objects.filter(level=OrgLevel.COMMUNITY, path__startswith=city.path).order_by("path"):
        households = (
            Household.objects.filter(org_unit=community)
            .exclude(assistance_cases__isnull=False)
            .order_by("pk")[: CASES_PER_COMMUNITY * 3]
        )
        made = AssistanceCase.objects.filter(org_unit=community).count()
        for index, household in enumerate(households):
            if made >= CASES_PER_COMMUNITY:
                break
            members = list(household.members.filter(status=ResidentStatus.ACTIVE).order_by("pk"))
            if not members:
                continue
            programme = Programme.URBAN_DIBAO if household.kind == "urban" else Programme.RURAL_DIBAO
            try:
                with transaction.atomic():
                    case = apply_for_assistance(
                        programme=programme,
                        household=household,
                        applicant=members[0],
                        members=[
                            {"resident": person, "incomes": [{"kind": "wages", "monthly_amount": 200 * (position % 2)}]}
                            for position, person in enumerate(members)
                        ],
                        documents=[{"kind": kind} for kind in rules_for(programme).required_documents],
                        irregular_income=index % 2 == 1,
                        bank_name="江城农商银行",
                        bank_account=f"62284800{household.pk:08d}",
                        applied_on=start + datetime.timedelta(days=10),
                    )
                    record_survey(case, surveyed_on=start + datetime.timedelta(days=15), surveyors="李明、王芳",
                                  findings="家庭情况与申报一致")  # fmt: skip
                    record_appraisal(case, held_on=start + datetime.timedelta(days=20), participants=9, votes_for=9,
                                     votes_against=0)  # fmt: skip
                    if made < CASES_PER_COMMUNITY - 1:  # the last one stays an open application
                        grant_case(case, on=start + datetime.timedelta(days=40))
            except ValidationError:  # an ineligible demo household is simply skipped
                continue
            made += 1
            created["assistance_cases"] += 1
    run_compliance_checks()
    return created

"""An org tree with staff at every level, standards, and households of the data centre."""

import datetime
import itertools
from decimal import Decimal

import pytest

from cms.accounts.models import Role
from cms.orgs.services import create_org_unit
from services.assistance.models import Standard
from services.assistance.programmes import DIBAO_DOCUMENTS, Programme, rules_for
from services.assistance.services import apply_for_assistance, record_appraisal, record_survey, submit_for_approval
from services.datacenter.idnumbers import id_check_character
from services.datacenter.services import create_household, register_resident
from tests.factories import staff

_serials = itertools.count(1)
START = datetime.date(2026, 1, 1)


def make_id_number(birth=None):
    serial = next(_serials)
    birth = birth or datetime.date(1960, 1, 1) + datetime.timedelta(days=serial * 37)
    first_17 = f"330102{birth:%Y%m%d}{(serial * 2 + 1) % 1000:03d}"
    return first_17 + id_check_character(first_17)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def area(db):
    city = create_org_unit(name="江城市", code="330100", level="city")
    district = create_org_unit(name="东湖区", code="330102", level="district", parent=city)
    street = create_org_unit(name="和平街道", code="330102001", level="street", parent=district)
    heping = create_org_unit(name="和平里社区", code="330102001001", level="community", parent=street)
    binhe = create_org_unit(name="滨河社区", code="330102001002", level="community", parent=street)
    other_district = create_org_unit(name="西湖区", code="330106", level="district", parent=city)
    other_street = create_org_unit(name="北山街道", code="330106001", level="street", parent=other_district)
    beishan = create_org_unit(name="北山社区", code="330106001001", level="community", parent=other_street)
    return {
        "city": city, "district": district, "street": street, "heping": heping, "binhe": binhe,
        "other_district": other_district, "other_street": other_street, "beishan": beishan,
        "city_admin": staff(city, Role.CITY_ADMIN, username="city_admin"),
        "district_staff": staff(district, Role.DISTRICT_STAFF, username="district_clerk"),
        "street_staff": staff(street, Role.STREET_STAFF, username="street_clerk"),
        "heping_staff": staff(heping, Role.COMMUNITY_STAFF, username="heping_clerk"),
        "binhe_staff": staff(binhe, Role.COMMUNITY_STAFF, username="binhe_clerk"),
        "beishan_staff": staff(beishan, Role.COMMUNITY_STAFF, username="beishan_clerk"),
        "other_district_staff": staff(other_district, Role.DISTRICT_STAFF, username="west_clerk"),
    }  # fmt: skip


@pytest.fixture
def standards(area):
    """City-wide standards from 2026-01-01; the West Lake district has its own, higher dibao standard."""
    city = area["city"]
    rows = {
        Programme.URBAN_DIBAO: Standard.objects.create(
            programme=Programme.URBAN_DIBAO, org_unit=city, effective_from=START, amount=Decimal("1000.00"),
            minimum_benefit=Decimal("150.00"),
        ),
        Programme.RURAL_DIBAO: Standard.objects.create(
            programme=Programme.RURAL_DIBAO, org_unit=city, effective_from=START, amount=Decimal("800.00")
        ),
        Programme.LOW_INCOME: Standard.objects.create(
            programme=Programme.LOW_INCOME, org_unit=city, effective_from=START, amount=Decimal("1500.00"),
            minimum_benefit=Decimal("100.00"),
        ),
        Programme.EXTREME_POVERTY: Standard.objects.create(
            programme=Programme.EXTREME_POVERTY, org_unit=city, effective_from=START, amount=Decimal("1300.00")
        ),
        Programme.MEDICAL_AID: Standard.objects.create(
            programme=Programme.MEDICAL_AID, org_unit=city, effective_from=START, amount=Decimal("20000.00"),
            ratio=Decimal("0.700"),
        ),
        Programme.TEMPORARY_AID: Standard.objects.create(
            programme=Programme.TEMPORARY_AID, org_unit=city, effective_from=START, amount=Decimal("3000.00")
        ),
        "west_dibao": Standard.objects.create(
            programme=Programme.URBAN_DIBAO, org_unit=area["other_district"], effective_from=START,
            amount=Decimal("1100.00"),
        ),
    }  # fmt: skip
    return rows


def make_household(community, *, people=(("张伟", None),), kind="urban", address=None):
    """A household with its residents; `people` are (name, birth date or None)."""
    household = create_household(
        org_unit=community, address=address or f"{community.name}{next(_serials)}号", kind=kind
    )
    residents = []
    for index, (name, birth) in enumerate(people):
        residents.append(
            register_resident(
                org_unit=community,
                id_number=make_id_number(birth),
                name=name,
                household=household,
                relation_to_head="head" if index == 0 else "child",
            )
        )
    return household, residents


def all_documents(programme):
    return [{"kind": kind} for kind in rules_for(programme).required_documents]


def apply(household, residents, *, programme=Programme.URBAN_DIBAO, incomes=(), actor=None, covered=None, **kwargs):
    """Apply with each resident's monthly income from `incomes` (default nothing)."""
    incomes = list(incomes) + [0] * (len(residents) - len(incomes))
    covered = covered if covered is not None else [True] * len(residents)
    kwargs.setdefault("documents", all_documents(programme))
    return apply_for_assistance(
        programme=programme,
        household=household,
        applicant=residents[0],
        members=[
            {"resident": resident, "covered": is_covered, "incomes": [{"kind": "wages", "monthly_amount": income}]}
            for resident, income, is_covered in zip(residents, incomes, covered, strict=True)
        ],
        bank_name="江城农商银行",
        bank_account=kwargs.pop("bank_account", "6228480012345678"),
        actor=actor,
        **kwargs,
    )


def prepare_for_approval(case, area, *, surveyed_income=None):
    rules = rules_for(case.programme)
    if rules.needs_survey:
        record_survey(
            case,
            surveyed_on=datetime.date.today(),
            surveyors="李明、王芳",
            findings="家庭情况属实",
            verified_monthly_income=surveyed_income,
            actor=area["street_staff"],
        )
    if rules.needs_appraisal:
        record_appraisal(
            case, held_on=datetime.date.today(), participants=9, votes_for=8, votes_against=1,
            actor=area["heping_staff"],
        )  # fmt: skip


def run_approval(case, area, *, outcome="approve", community_staff=None):
    """Submit the case and take it through every step of the engine: the real process of the programme."""
    from services.approvals.models import PublicNotice, StepKind
    from services.approvals.services import decide, start_public_notice

    community_staff = community_staff or area["heping_staff"]
    approval = submit_for_approval(case, actor=community_staff)
    by_level = {
        "community": community_staff,
        "street": area["street_staff"],
        "district": area["district_staff"],
        "city": area["city_admin"],
    }
    while approval.status == "in_progress":
        step = approval.current_step
        actor = by_level[step.level]
        remaining = approval.process.active_steps()
        is_final = step == remaining[-1]
        if step.kind == StepKind.PUBLIC_NOTICE:
            notice = start_public_notice(approval, actor=actor, starts_on=datetime.date.today())
            # the notice ran its days: move its dates into the past rather than waiting a week
            PublicNotice.objects.filter(pk=notice.pk).update(
                starts_on=datetime.date.today() - datetime.timedelta(days=14),
                ends_on=datetime.date.today() - datetime.timedelta(days=1),
            )
        if is_final:
            decide(approval, actor=actor, decision=outcome, comment="" if outcome == "approve" else "不符合条件")
        else:
            decide(approval, actor=actor, decision="pass", comment="入户调查属实" if step.kind == "survey" else "")
    case.refresh_from_db()
    return approval


__all__ = ["DIBAO_DOCUMENTS"]

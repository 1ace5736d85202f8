"""An area with two streets, staff at every level, and a dibao-like process that climbs to the district."""

import pytest
from django.utils import translation

from cms.accounts.models import Role
from cms.orgs.services import create_org_unit
from services.approvals.services import ensure_process, start_case
from tests.factories import staff

BUSINESS_TYPE = "tests.dibao"

STEPS = [
    {"kind": "review", "level": "community", "name": "社区受理审核", "time_limit_days": 5},
    {"kind": "public_notice", "level": "community", "name": "社区公示", "notice_days": 7},
    {"kind": "survey", "level": "street", "name": "入户调查", "time_limit_days": 10, "optional": True},
    {"kind": "review", "level": "street", "name": "街道审核", "time_limit_days": 10},
    {"kind": "approve", "level": "district", "name": "区民政审批", "time_limit_days": 10},
]


@pytest.fixture(autouse=True)
def english():
    """Messages compared by code; English keeps any printed message readable in test output."""
    with translation.override("en"):
        yield


@pytest.fixture
def area(db):
    city = create_org_unit(name="江城市", code="330100", level="city")
    district = create_org_unit(name="东湖区", code="330102", level="district", parent=city)
    street = create_org_unit(name="和平街道", code="330102001", level="street", parent=district)
    heping = create_org_unit(name="和平里社区", code="330102001001", level="community", parent=street)
    ankang = create_org_unit(name="安康社区", code="330102001002", level="community", parent=street)
    other_street = create_org_unit(name="滨河街道", code="330102002", level="street", parent=district)
    binhe = create_org_unit(name="滨河社区", code="330102002001", level="community", parent=other_street)
    return {
        "city": city,
        "district": district,
        "street": street,
        "heping": heping,
        "ankang": ankang,
        "other_street": other_street,
        "binhe": binhe,
        "city_admin": staff(city, Role.CITY_ADMIN, username="city"),
        "district_staff": staff(district, Role.DISTRICT_STAFF, username="district"),
        "street_staff": staff(street, Role.STREET_STAFF, username="street"),
        "other_street_staff": staff(other_street, Role.STREET_STAFF, username="other_street"),
        "heping_staff": staff(heping, Role.COMMUNITY_STAFF, username="heping"),
        "ankang_staff": staff(ankang, Role.COMMUNITY_STAFF, username="ankang"),
        "binhe_staff": staff(binhe, Role.COMMUNITY_STAFF, username="binhe"),
    }


@pytest.fixture
def process(db):
    return ensure_process(BUSINESS_TYPE, "低保审批", steps=STEPS, final_level="district")


@pytest.fixture
def case(area, process):
    return start_case(
        business_type=BUSINESS_TYPE,
        subject=None,
        org_unit=area["heping"],
        title="张三 低保申请",
        actor=area["heping_staff"],
    )

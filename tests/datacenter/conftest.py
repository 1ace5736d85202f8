"""A small tree with staff at each level, and a maker of valid ID numbers."""

import itertools

import pytest
from django.contrib.auth.models import Permission

from cms.accounts.models import Role
from cms.orgs.services import create_org_unit
from services.datacenter.idnumbers import id_check_character
from tests.factories import staff

_sequence = itertools.count(50)


def valid_id_number(birth="19800101", male=True, region="330102"):
    sequence = (next(_sequence) * 2 + (1 if male else 0)) % 1000  # odd for men, even for women
    first_17 = f"{region}{birth}{sequence:03d}"
    return first_17 + id_check_character(first_17)


@pytest.fixture
def area(db):
    city = create_org_unit(name="江城市", code="330100", level="city")
    district = create_org_unit(name="东湖区", code="330102", level="district", parent=city)
    street = create_org_unit(name="和平街道", code="330102001", level="street", parent=district)
    heping = create_org_unit(name="和平里社区", code="330102001001", level="community", parent=street)
    ankang = create_org_unit(name="安康社区", code="330102001002", level="community", parent=street)
    return {
        "city": city, "district": district, "street": street, "heping": heping, "ankang": ankang,
        "heping_staff": staff(heping, Role.COMMUNITY_STAFF, username="heping_clerk"),
        "ankang_staff": staff(ankang, Role.COMMUNITY_STAFF, username="ankang_clerk"),
        "street_staff": staff(street, Role.STREET_STAFF, username="street_clerk"),
    }  # fmt: skip


def grant_full_numbers(user):
    user.user_permissions.add(Permission.objects.get(codename="view_full_id_number"))
    return type(user).objects.get(pk=user.pk)  # fresh object: permission caches are per instance

"""An org tree with two communities, their staff with data-centre permissions, residents and workbooks."""

import datetime
import io
import itertools

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from cms.accounts.models import Role
from cms.orgs.services import create_org_unit
from services.datacenter.idnumbers import id_check_character
from services.datacenter.services import register_resident
from tests.factories import staff

DATACENTER_PERMISSIONS = [
    "view_resident", "add_resident", "change_resident", "view_household", "view_building",
    "view_areaorganisation", "add_areaorganisation",
]  # fmt: skip
_serials = itertools.count(1)


def make_id_number(serial=None, *, region="330102", male=True):
    """A valid GB 11643 number; each serial gives a different one."""
    serial = next(_serials) if serial is None else serial
    birth = datetime.date(1950, 1, 1) + datetime.timedelta(days=serial // 400)
    sequence = (serial % 400) * 2 + (1 if male else 0)
    first_17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return first_17 + id_check_character(first_17)


def make_phone(serial=None):
    serial = next(_serials) if serial is None else serial
    return f"139{serial:08d}"


def grant(user, *codenames):
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="datacenter", codename__in=codenames))
    for cache in ("_perm_cache", "_user_perm_cache"):
        user.__dict__.pop(cache, None)
    return user


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def area(db):
    city = create_org_unit(name="江城市", code="330100", level="city")
    district = create_org_unit(name="东湖区", code="330102", level="district", parent=city)
    street = create_org_unit(name="和平街道", code="330102001", level="street", parent=district)
    first = create_org_unit(name="和平里社区", code="330102001001", level="community", parent=street)
    second = create_org_unit(name="滨河社区", code="330102001002", level="community", parent=street)
    return {"city": city, "district": district, "street": street, "first": first, "second": second}


@pytest.fixture
def clerk(area):
    """Community staff of the first community, with the data-centre permissions (not full numbers)."""
    return grant(staff(area["first"], Role.COMMUNITY_STAFF, username="clerk"), *DATACENTER_PERMISSIONS)


@pytest.fixture
def other_clerk(area):
    return grant(staff(area["second"], Role.COMMUNITY_STAFF, username="other_clerk"), *DATACENTER_PERMISSIONS)


@pytest.fixture
def officer(area):
    """Street staff allowed to see full numbers."""
    user = staff(area["street"], Role.STREET_STAFF, username="officer")
    return grant(user, *DATACENTER_PERMISSIONS, "view_full_id_number")


@pytest.fixture
def clerk_client(client, clerk):
    client.force_login(clerk)
    return client


def add_resident(org_unit, name="张三", **fields):
    fields.setdefault("id_number", make_id_number())
    fields.setdefault("phone", make_phone())
    return register_resident(org_unit=org_unit, name=name, **fields)


def workbook_upload(rows, headers=None, name="residents.xlsx"):
    from services.datacenter.imports import HEADERS

    headers = headers or HEADERS
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(header, "") for header in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def assert_refused(response):
    """Wagtail's admin turns PermissionDenied into a redirect to the dashboard with a message."""
    from django.urls import reverse

    assert response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    ), response.status_code

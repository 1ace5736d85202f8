"""The org tree, staff accounts and audit log screens obey the scoping rule."""

import io

import openpyxl
import pytest

from cms.accounts.models import Role, StaffProfile
from cms.audit.models import AuditEntry
from cms.audit.services import record_audit
from cms.orgs.models import OrgUnit
from cms.orgs.services import create_org_unit
from tests.factories import staff


@pytest.fixture
def two_streets(network):
    other_street = create_org_unit(name="滨河街道", code="330102002", level="street", parent=network["district"])
    other_community = create_org_unit(name="滨河社区", code="330102002001", level="community", parent=other_street)
    return {**network, "other_street": other_street, "other_community": other_community}


@pytest.fixture
def street_client(two_streets, client):
    user = staff(two_streets["street"], Role.STREET_STAFF, username="street_clerk")
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_org_tree_list_shows_only_own_subtree(two_streets, street_client):
    body = street_client.get("/admin/org_units/").content.decode()
    assert "第1社区" in body and "和平街道" in body
    assert "滨河社区" not in body and "东湖区" not in body


@pytest.mark.django_db
def test_adding_a_unit_outside_ones_subtree_is_refused(two_streets, street_client):
    response = street_client.post(
        "/admin/org_units/new/",
        {
            "parent": two_streets["other_street"].pk,
            "name": "越界社区",
            "code": "330102002009",
            "level": "community",
        },
    )
    assert response.status_code == 200
    assert not OrgUnit.objects.filter(code="330102002009").exists()


@pytest.mark.django_db
def test_adding_a_unit_inside_ones_subtree_goes_through_the_service(two_streets, street_client):
    response = street_client.post(
        "/admin/org_units/new/",
        {
            "parent": two_streets["street"].pk,
            "name": "新苑社区",
            "code": "330102001030",
            "level": "community",
        },
    )
    assert response.status_code == 302
    unit = OrgUnit.objects.get(code="330102001030")
    assert unit.get_parent() == two_streets["street"]
    assert AuditEntry.objects.filter(action="org_unit.create", object_id=str(unit.pk)).exists()


@pytest.mark.django_db
def test_wrong_level_under_a_parent_is_explained(two_streets, street_client):
    response = street_client.post(
        "/admin/org_units/new/",
        {
            "parent": two_streets["street"].pk,
            "name": "错层",
            "code": "330102001031",
            "level": "street",
        },
    )
    assert response.status_code == 200
    assert not OrgUnit.objects.filter(code="330102001031").exists()


@pytest.mark.django_db
def test_staff_list_and_edit_stop_at_the_subtree(two_streets, street_client):
    inside = staff(two_streets["communities"][0], Role.COMMUNITY_STAFF, username="inside_clerk")
    outside = staff(two_streets["other_community"], Role.COMMUNITY_STAFF, username="outside_clerk")
    body = street_client.get("/admin/staff_accounts/").content.decode()
    assert "inside_clerk" in body and "outside_clerk" not in body
    assert street_client.get(f"/admin/staff_accounts/edit/{inside.staff_profile.pk}/").status_code == 200
    assert street_client.get(f"/admin/staff_accounts/edit/{outside.staff_profile.pk}/").status_code in (302, 403, 404)


@pytest.mark.django_db
def test_creating_staff_checks_role_level_and_scope(two_streets, street_client):
    base = {"username": "new_clerk", "full_name": "王芳", "email": "", "password": "Long-enough-pass-2026", "phone": ""}
    wrong_level = street_client.post(
        "/admin/staff_accounts/new/",
        {
            **base,
            "org_unit": two_streets["communities"][0].pk,
            "role": Role.STREET_STAFF,
        },
    )
    assert wrong_level.status_code == 200
    out_of_scope = street_client.post(
        "/admin/staff_accounts/new/",
        {
            **base,
            "org_unit": two_streets["other_community"].pk,
            "role": Role.COMMUNITY_STAFF,
        },
    )
    assert out_of_scope.status_code == 200
    assert not StaffProfile.objects.filter(user__username="new_clerk").exists()

    created = street_client.post(
        "/admin/staff_accounts/new/",
        {
            **base,
            "org_unit": two_streets["communities"][0].pk,
            "role": Role.COMMUNITY_STAFF,
        },
    )
    assert created.status_code == 302
    profile = StaffProfile.objects.get(user__username="new_clerk")
    assert profile.org_unit == two_streets["communities"][0]
    assert profile.user.check_password("Long-enough-pass-2026")


@pytest.mark.django_db
def test_audit_log_is_read_only_and_scoped(two_streets, street_client):
    record_audit("resident.view", org_unit=two_streets["communities"][0], detail={})
    record_audit("resident.view", org_unit=two_streets["other_community"], detail={})
    body = street_client.get("/admin/audit_log/", {"q": "resident.view"}).content.decode()
    assert body.count("resident.view") >= 1
    assert street_client.get("/admin/audit_log/new/").status_code in (302, 403)
    other = AuditEntry.objects.get(action="resident.view", org_unit=two_streets["other_community"])
    assert street_client.get(f"/admin/audit_log/inspect/{other.pk}/").status_code in (302, 403, 404)


@pytest.mark.django_db
def test_audit_log_exports_to_excel_within_scope(two_streets, street_client):
    record_audit("resident.export", org_unit=two_streets["communities"][0])
    record_audit("resident.export", org_unit=two_streets["other_community"])
    response = street_client.get("/admin/audit_log/", {"export": "xlsx"})
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    exported_actions = [row[2] for row in rows[1:]]
    assert exported_actions.count("resident.export") == 1

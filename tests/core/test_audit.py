"""Audit entries are written with the change, carry the client's address, and roll back with it."""

import pytest
from django.db import transaction

from cms.accounts.models import Role
from cms.audit.models import AuditEntry
from cms.audit.selectors import audit_entries_for
from cms.audit.services import record_audit, record_view
from cms.orgs.services import create_org_unit
from tests.factories import staff


@pytest.mark.smoke
@pytest.mark.django_db
def test_audit_entry_rolls_back_with_the_change():
    with pytest.raises(RuntimeError), transaction.atomic():
        create_org_unit(name="江城市", code="330100", level="city")
        raise RuntimeError("the change failed")
    assert not AuditEntry.objects.filter(action="org_unit.create").exists()


@pytest.mark.django_db
def test_audit_entry_records_who_what_and_which_object(network):
    city_admin = staff(network["city"], Role.CITY_ADMIN, username="chief")
    unit = create_org_unit(name="新区", code="330109", level="district", parent=network["city"], actor=city_admin)
    entry = AuditEntry.objects.get(action="org_unit.create", object_id=str(unit.pk))
    assert entry.actor == city_admin and entry.actor_name == "chief"
    assert entry.object_repr == "新区" and entry.success


@pytest.mark.django_db
def test_views_of_sensitive_records_can_be_recorded(network):
    viewer = staff(network["communities"][0], Role.COMMUNITY_STAFF)
    entry = record_view(viewer, network["communities"][0], org_unit=network["communities"][0], detail={"field": "id"})
    assert entry.action == "view" and entry.detail == {"field": "id"}


@pytest.mark.django_db
def test_admin_actions_record_the_client_ip(network, client):
    from wagtail.models import Site

    client.force_login(staff(network["street"], Role.STREET_STAFF))
    community = create_org_unit(name="新社区", code="330102001050", level="community", parent=network["street"])
    client.post(
        "/admin/sites/new/",
        {"org_unit": community.pk, "hostname": "new.localhost", "theme": "fresh_green"},
        REMOTE_ADDR="10.1.2.3",
    )
    assert Site.objects.filter(hostname="new.localhost").exists()
    entry = AuditEntry.objects.get(action="site.create", success=True, org_unit=community)
    assert entry.ip_address == "10.1.2.3"


@pytest.mark.django_db
def test_staff_read_only_the_audit_entries_of_their_subtree(network):
    first, second = network["communities"]
    record_audit("view", org_unit=first)
    record_audit("view", org_unit=second)
    reader = staff(second, Role.COMMUNITY_STAFF)
    assert {entry.org_unit for entry in audit_entries_for(reader).filter(action="view")} == {second}

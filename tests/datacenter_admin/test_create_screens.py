"""Adding households, buildings and houses: through the services, in scope, with the right permission."""

import pytest
from django.urls import reverse

from cms.accounts.models import Role
from cms.audit.models import AuditEntry
from services.datacenter.models import Building, House, Household
from services.datacenter.services import create_building, create_house
from tests.datacenter_admin.conftest import assert_refused
from tests.factories import staff

HOUSEHOLD_CREATE = reverse("datacenter:household_create")
BUILDING_CREATE = reverse("datacenter:building_create")


@pytest.fixture
def adder_client(client, clerk):
    """Community staff: their role adds households, buildings and houses."""
    assert clerk.has_perm("datacenter.add_household") and clerk.has_perm("datacenter.add_house")
    client.force_login(clerk)
    return client


@pytest.fixture
def viewer_client(client, area):
    """May view the data centre's records but not add them."""
    viewer = staff(area["first"], Role.DEPARTMENT_VIEWER, username="viewer")
    assert viewer.has_perm("datacenter.view_household") and viewer.has_perm("datacenter.view_building")
    assert not viewer.has_perm("datacenter.add_building")
    client.force_login(viewer)
    return client


@pytest.fixture
def building(area):
    return create_building(org_unit=area["first"], name="3号楼", address="和平路3号", floors=6)


@pytest.fixture
def their_building(area):
    return create_building(org_unit=area["second"], name="滨河1号楼")


def house_create(building):
    return reverse("datacenter:house_create", args=[building.pk])


def test_list_and_detail_pages_link_to_the_create_screens_for_those_allowed(adder_client, building):
    households = adder_client.get(reverse("datacenter:households")).content.decode()
    buildings = adder_client.get(reverse("datacenter:buildings")).content.decode()
    detail = adder_client.get(reverse("datacenter:building", args=[building.pk])).content.decode()
    assert HOUSEHOLD_CREATE in households and BUILDING_CREATE in buildings and house_create(building) in detail


def test_links_are_hidden_without_the_permission(viewer_client, building):
    assert HOUSEHOLD_CREATE not in viewer_client.get(reverse("datacenter:households")).content.decode()
    assert BUILDING_CREATE not in viewer_client.get(reverse("datacenter:buildings")).content.decode()
    detail = viewer_client.get(reverse("datacenter:building", args=[building.pk])).content.decode()
    assert house_create(building) not in detail


def test_add_a_household_with_a_house(adder_client, area, building):
    house = create_house(building=building, unit="2", number="301")
    form = adder_client.get(HOUSEHOLD_CREATE, {"community": area["first"].pk})
    assert form.status_code == 200 and form.context["form"].initial["org_unit"] == area["first"]
    response = adder_client.post(
        HOUSEHOLD_CREATE,
        {"org_unit": area["first"].pk, "address": "和平路3号2-301", "kind": "rural", "house": house.pk, "number": "H1"},
    )
    household = Household.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("datacenter:household", args=[household.pk])
    assert (household.org_unit, household.kind, household.house, household.number) == (
        area["first"],
        "rural",
        house,
        "H1",
    )
    assert AuditEntry.objects.filter(action="household.create", object_id=str(household.pk)).exists()


def test_a_household_cannot_take_a_house_of_another_community(client, officer, area, building):
    """The street officer sees both communities; the service refuses the mismatched pair on the house field."""
    client.force_login(officer)
    house = create_house(building=building, number="101")
    data = {"org_unit": area["second"].pk, "address": "滨河路1号", "kind": "urban", "house": house.pk}
    response = client.post(HOUSEHOLD_CREATE, data)
    assert response.status_code == 200 and response.context["form"].errors["house"]
    assert not Household.objects.exists()


def test_add_a_building(adder_client, area):
    assert adder_client.get(BUILDING_CREATE).status_code == 200
    data = {"org_unit": area["first"].pk, "name": "5号楼", "address": "和平路5号", "floors": "18"}
    response = adder_client.post(BUILDING_CREATE, data)
    building = Building.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("datacenter:building", args=[building.pk])
    assert (building.org_unit, building.name, building.floors) == (area["first"], "5号楼", 18)
    assert AuditEntry.objects.filter(action="building.create", object_id=str(building.pk)).exists()


def test_a_duplicate_building_name_is_explained_and_nothing_is_saved(adder_client, area, building):
    response = adder_client.post(BUILDING_CREATE, {"org_unit": area["first"].pk, "name": "3号楼"})
    assert response.status_code == 200
    assert "3号楼" in " ".join(response.context["form"].errors["name"])
    assert Building.objects.count() == 1
    assert AuditEntry.objects.filter(action="building.create").count() == 1


def test_add_a_house(adder_client, building):
    assert adder_client.get(house_create(building)).status_code == 200
    data = {"unit": "2", "floor": "3", "number": "301", "area_m2": "89.50", "use": "residential"}
    response = adder_client.post(house_create(building), data)
    assert response.status_code == 302 and response["Location"] == reverse("datacenter:building", args=[building.pk])
    house = House.objects.get()
    assert (house.building, house.unit, house.floor, house.number, str(house.area_m2)) == (
        building,
        "2",
        3,
        "301",
        "89.50",
    )
    assert AuditEntry.objects.filter(action="house.create", object_id=str(house.pk)).exists()
    assert "301" in adder_client.get(response["Location"]).content.decode()


def test_a_duplicate_house_number_is_explained_and_nothing_is_saved(adder_client, building):
    create_house(building=building, unit="2", number="301")
    response = adder_client.post(house_create(building), {"unit": "2", "number": "301", "use": "residential"})
    assert response.status_code == 200 and response.context["form"].errors["number"]
    assert House.objects.count() == 1


def test_out_of_scope_communities_and_buildings_are_refused(adder_client, area, their_building):
    # Another community is not a choice: the form refuses it and nothing is saved.
    response = adder_client.post(BUILDING_CREATE, {"org_unit": area["second"].pk, "name": "越界楼"})
    assert response.status_code == 200 and response.context["form"].errors["org_unit"]
    data = {"org_unit": area["second"].pk, "address": "滨河路9号", "kind": "urban"}
    response = adder_client.post(HOUSEHOLD_CREATE, data)
    assert response.status_code == 200 and response.context["form"].errors["org_unit"]
    assert Building.objects.count() == 1 and not Household.objects.exists()
    # Preselecting another community, or adding a house to its building, finds nothing.
    assert adder_client.get(HOUSEHOLD_CREATE, {"community": area["second"].pk}).status_code == 404
    assert adder_client.get(BUILDING_CREATE, {"community": area["second"].pk}).status_code == 404
    assert adder_client.get(house_create(their_building)).status_code == 404
    response = adder_client.post(house_create(their_building), {"number": "101", "use": "residential"})
    assert response.status_code == 404 and not House.objects.exists()


def test_their_houses_are_not_offered_to_a_household(adder_client, area, building, their_building):
    mine = create_house(building=building, number="101")
    theirs = create_house(building=their_building, number="909")
    houses = adder_client.get(HOUSEHOLD_CREATE).context["form"].fields["house"].queryset
    assert list(houses) == [mine] and theirs not in houses


def test_staff_without_the_add_permissions_are_refused(viewer_client, area, building):
    assert_refused(viewer_client.get(HOUSEHOLD_CREATE))
    assert_refused(
        viewer_client.post(HOUSEHOLD_CREATE, {"org_unit": area["first"].pk, "address": "x", "kind": "urban"})
    )
    assert_refused(viewer_client.get(BUILDING_CREATE))
    assert_refused(viewer_client.post(BUILDING_CREATE, {"org_unit": area["first"].pk, "name": "6号楼"}))
    assert_refused(viewer_client.get(house_create(building)))
    assert_refused(viewer_client.post(house_create(building), {"number": "101", "use": "residential"}))
    assert not Household.objects.exists() and Building.objects.count() == 1 and not House.objects.exists()

"""The resident and household choosers offer only records in the viewer's subtree, masked, and searchable."""

import pytest
from django.urls import reverse

from services.datacenter.services import create_household
from tests.datacenter_admin.conftest import add_resident, assert_refused

pytestmark = pytest.mark.django_db

RESIDENT_CHOOSE = "datacenter_resident_chooser:choose"
RESIDENT_RESULTS = "datacenter_resident_chooser:choose_results"
RESIDENT_CHOSEN = "datacenter_resident_chooser:chosen"
HOUSEHOLD_CHOOSE = "datacenter_household_chooser:choose"
HOUSEHOLD_CHOSEN = "datacenter_household_chooser:chosen"


@pytest.fixture
def people(area):
    own = add_resident(area["first"], name="王秀英")
    other = add_resident(area["second"], name="王建国")
    return {"own": own, "other": other}


def test_the_chooser_lists_only_residents_of_the_viewers_community_with_masked_numbers(clerk_client, people):
    page = clerk_client.get(reverse(RESIDENT_CHOOSE)).json()["html"]
    assert "王秀英" in page and "王建国" not in page
    assert people["own"].id_number_masked in page and people["own"].id_number not in page


def test_searching_by_name_or_full_id_number_finds_only_what_the_viewer_may_see(clerk_client, people):
    by_name = clerk_client.get(reverse(RESIDENT_RESULTS), {"q": "王"}).content.decode()
    assert "王秀英" in by_name and "王建国" not in by_name
    by_number = clerk_client.get(reverse(RESIDENT_RESULTS), {"q": people["own"].id_number}).content.decode()
    assert "王秀英" in by_number
    elsewhere = clerk_client.get(reverse(RESIDENT_RESULTS), {"q": people["other"].id_number}).content.decode()
    assert "王建国" not in elsewhere


def test_choosing_a_guessed_number_outside_ones_area_reveals_nothing(clerk_client, people):
    assert clerk_client.get(reverse(RESIDENT_CHOSEN, args=[people["other"].pk])).status_code == 404
    chosen = clerk_client.get(reverse(RESIDENT_CHOSEN, args=[people["own"].pk])).json()
    assert chosen["result"]["id"] == str(people["own"].pk) and "王秀英" in chosen["result"]["title"]


def test_the_street_sees_both_communities_in_the_chooser(client, officer, people):
    client.force_login(officer)
    page = client.get(reverse(RESIDENT_CHOOSE)).json()["html"]
    assert "王秀英" in page and "王建国" in page


def test_staff_without_resident_permission_cannot_open_the_chooser(client, area, people):
    from cms.accounts.models import Role
    from tests.factories import staff

    client.force_login(staff(area["first"], Role.COMMUNITY_EDITOR, username="editor_only"))
    assert_refused(client.get(reverse(RESIDENT_CHOOSE)))


def test_the_household_chooser_searches_address_and_head_and_stays_in_scope(clerk_client, area, clerk, officer):
    own = create_household(org_unit=area["first"], address="和平路8号", actor=officer)
    other = create_household(org_unit=area["second"], address="滨河路8号", actor=officer)
    page = clerk_client.get(reverse(HOUSEHOLD_CHOOSE), {"q": "8号"}).json()["html"]
    assert "和平路8号" in page and "滨河路8号" not in page
    assert clerk_client.get(reverse(HOUSEHOLD_CHOSEN, args=[other.pk])).status_code == 404
    assert clerk_client.get(reverse(HOUSEHOLD_CHOSEN, args=[own.pk])).json()["result"]["title"] == "和平路8号"

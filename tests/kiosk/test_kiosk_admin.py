"""The kiosk registry in the admin: staff register and watch the kiosks of their own area only, device
tokens are shown once, and the monitor tells which kiosks stopped reporting."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from cms.accounts.models import Role
from cms.orgs.services import create_org_unit
from kiosk_app.models import OFFLINE_AFTER, Kiosk
from kiosk_app.selectors import kiosk_for_token
from kiosk_app.services import issue_token, store_screenshot
from tests.factories import build_network, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_streets(db):
    """和平街道 with two communities and their kiosks; 新华街道 with one community and its kiosk."""
    network = build_network(communities=2, with_portal=False)
    other_street = create_org_unit(name="新华街道", code="330102002", level="street", parent=network["district"])
    far_community = create_org_unit(name="新华里社区", code="330102002001", level="community", parent=other_street)
    kiosks = {
        "first": Kiosk.objects.create(name="一社区大厅机", org_unit=network["communities"][0]),
        "second": Kiosk.objects.create(name="二社区大厅机", org_unit=network["communities"][1]),
        "far": Kiosk.objects.create(name="新华里大厅机", org_unit=far_community),
    }
    return {**network, "other_street": other_street, "far_community": far_community, "kiosks": kiosks}


@pytest.fixture
def street_staff(two_streets):
    return staff(two_streets["street"], Role.STREET_STAFF)


@pytest.fixture
def community_staff(two_streets):
    return staff(two_streets["communities"][0], Role.COMMUNITY_STAFF)


def form_data(org_unit, name="新登记查询机", **fields):
    data = {
        "name": name,
        "org_unit": org_unit.pk,
        "location": "一楼服务大厅",
        "orientation": "portrait",
        "screen_inches": 43,
        "idle_timeout_seconds": 90,
        "is_active": "on",
    }
    for formset in ("opening_hours", "attract_slides"):
        data.update(
            {
                f"{formset}-TOTAL_FORMS": 0,
                f"{formset}-INITIAL_FORMS": 0,
                f"{formset}-MIN_NUM_FORMS": 0,
                f"{formset}-MAX_NUM_FORMS": 1000,
            }
        )
    data.update(fields)
    return data


def test_street_staff_list_only_their_streets_kiosks(client, two_streets, street_staff):
    client.force_login(street_staff)
    response = client.get(reverse("kiosks:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "一社区大厅机" in html and "二社区大厅机" in html
    assert "新华里大厅机" not in html


def test_community_staff_list_only_their_communitys_kiosks(client, two_streets, community_staff):
    client.force_login(community_staff)
    html = client.get(reverse("kiosks:index")).content.decode()
    assert "一社区大厅机" in html
    assert "二社区大厅机" not in html and "新华里大厅机" not in html


def test_another_areas_kiosk_does_not_exist_for_staff(client, two_streets, street_staff):
    far = two_streets["kiosks"]["far"]
    client.force_login(street_staff)
    assert client.get(reverse("kiosks:edit", args=[far.pk])).status_code == 404
    assert client.get(reverse("kiosks:inspect", args=[far.pk])).status_code == 404
    response = client.post(reverse("kiosks:edit", args=[far.pk]), form_data(far.org_unit, name="改名"))
    assert response.status_code == 404
    assert Kiosk.objects.get(pk=far.pk).name == "新华里大厅机"


def test_staff_cannot_issue_a_token_for_another_areas_kiosk(client, two_streets, community_staff):
    neighbour = two_streets["kiosks"]["second"]
    token = issue_token(neighbour)
    client.force_login(community_staff)
    assert client.get(reverse("kiosk_token", args=[neighbour.pk])).status_code == 404
    assert client.post(reverse("kiosk_token", args=[neighbour.pk])).status_code == 404
    assert kiosk_for_token(token) == neighbour  # the working token was not replaced


def test_the_community_choices_are_the_communities_of_the_users_area(client, two_streets, street_staff):
    client.force_login(street_staff)
    response = client.get(reverse("kiosks:add"))
    assert response.status_code == 200
    choices = {str(unit) for unit in response.context["form"].fields["org_unit"].queryset}
    assert choices == {str(unit) for unit in two_streets["communities"]}


def test_staff_register_a_kiosk_for_a_community_of_their_area(client, two_streets, street_staff):
    client.force_login(street_staff)
    response = client.post(reverse("kiosks:add"), form_data(two_streets["communities"][1]))
    assert response.status_code == 302, response.context["form"].errors
    kiosk = Kiosk.objects.get(name="新登记查询机")
    assert kiosk.org_unit == two_streets["communities"][1]
    assert kiosk.token_hash is None  # a token is issued on its own screen, shown once


def test_staff_cannot_register_a_kiosk_for_another_areas_community(client, two_streets, street_staff):
    client.force_login(street_staff)
    response = client.post(reverse("kiosks:add"), form_data(two_streets["far_community"]))
    assert response.status_code == 200
    assert "org_unit" in response.context["form"].errors
    assert not Kiosk.objects.filter(name="新登记查询机").exists()


def test_staff_cannot_move_their_kiosk_to_another_areas_community(client, two_streets, street_staff):
    kiosk = two_streets["kiosks"]["first"]
    client.force_login(street_staff)
    response = client.post(reverse("kiosks:edit", args=[kiosk.pk]), form_data(two_streets["far_community"]))
    assert response.status_code == 200
    assert "org_unit" in response.context["form"].errors
    assert Kiosk.objects.get(pk=kiosk.pk).org_unit == two_streets["communities"][0]


def test_a_kiosk_cannot_be_bound_to_a_street(client, two_streets, street_staff):
    client.force_login(street_staff)
    response = client.post(reverse("kiosks:add"), form_data(two_streets["street"]))
    assert "org_unit" in response.context["form"].errors


def test_opening_hours_that_close_before_they_open_are_refused(client, two_streets, street_staff):
    client.force_login(street_staff)
    data = form_data(
        two_streets["communities"][0],
        **{
            "opening_hours-TOTAL_FORMS": 1,
            "opening_hours-0-weekday": 1,
            "opening_hours-0-opens_at": "18:00",
            "opening_hours-0-closes_at": "08:00",
            "opening_hours-0-ORDER": 1,
        },
    )
    response = client.post(reverse("kiosks:add"), data)
    assert response.status_code == 200
    assert not Kiosk.objects.filter(name="新登记查询机").exists()


def test_a_new_token_is_shown_once_and_the_old_one_stops_working(client, two_streets, community_staff):
    kiosk = two_streets["kiosks"]["first"]
    old = issue_token(kiosk)
    client.force_login(community_staff)
    page = client.get(reverse("kiosk_token", args=[kiosk.pk])).content.decode()
    assert old[:10] in page and old not in page  # only the prefix of the working token

    response = client.post(reverse("kiosk_token", args=[kiosk.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    new = response.context["clear_token"]
    assert f"/kiosk/{new}/" in response.content.decode()
    assert kiosk_for_token(new) == kiosk
    assert kiosk_for_token(old) is None
    assert new not in client.get(reverse("kiosk_token", args=[kiosk.pk])).content.decode()


def test_the_monitor_marks_kiosks_whose_heartbeat_is_stale_offline(
    client, two_streets, street_staff, django_assert_max_num_queries
):
    now = timezone.now()
    kiosks = two_streets["kiosks"]
    Kiosk.objects.filter(pk=kiosks["first"].pk).update(
        last_heartbeat_at=now - timedelta(seconds=30), app_version="1.0.0", current_screen="通知公告"
    )
    Kiosk.objects.filter(pk=kiosks["second"].pk).update(last_heartbeat_at=now - OFFLINE_AFTER - timedelta(seconds=1))
    Kiosk.objects.filter(pk=kiosks["far"].pk).update(last_heartbeat_at=now - timedelta(days=2))
    client.force_login(street_staff)
    response = client.get(reverse("kiosk_monitor"))
    assert response.status_code == 200
    by_name = {kiosk.name: kiosk for kiosk in response.context["kiosks"]}
    assert set(by_name) == {"一社区大厅机", "二社区大厅机"}  # not the other street's
    assert by_name["一社区大厅机"].is_online
    assert not by_name["二社区大厅机"].is_online
    assert response.context["offline_count"] == 1
    html = response.content.decode()
    assert "在线" in html and "离线" in html and "通知公告" in html

    for number in range(20):  # the monitor does not ask once per kiosk
        Kiosk.objects.create(name=f"加装{number}号机", org_unit=two_streets["communities"][number % 2])
    with django_assert_max_num_queries(20):
        response = client.get(reverse("kiosk_monitor"))
    assert len(response.context["kiosks"]) == 22
    assert response.context["offline_count"] == 21  # never connected counts as offline


def test_the_monitor_shows_the_screenshot_a_kiosk_uploaded(client, two_streets, community_staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    kiosk = two_streets["kiosks"]["first"]
    buffer = io.BytesIO()
    Image.new("RGB", (108, 192), (183, 28, 28)).save(buffer, "PNG")
    store_screenshot(kiosk, SimpleUploadedFile("screen.png", buffer.getvalue(), content_type="image/png"))
    client.force_login(community_staff)
    html = client.get(reverse("kiosk_monitor")).content.decode()
    assert f'src="{Kiosk.objects.get(pk=kiosk.pk).screenshot.url}"' in html
    assert "从未连接" in html  # it uploaded a picture but never reported a heartbeat


def test_staff_without_the_kiosk_permission_cannot_open_the_monitor(client, two_streets):
    editor = staff(two_streets["communities"][0], Role.COMMUNITY_EDITOR)
    client.force_login(editor)
    assert client.get(reverse("kiosk_monitor")).status_code in (302, 403)
    assert client.get(reverse("kiosks:index")).status_code in (302, 403)

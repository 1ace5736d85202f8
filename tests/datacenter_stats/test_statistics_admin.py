"""The admin page and its Excel exports: scoped to the user's subtree, accessible tables, the month
selector showing stored numbers, our own copy of ECharts, and a bounded number of queries."""

import io
import re
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.accounts.models import Role
from cms.orgs.services import create_org_unit
from services.datacenter.services import move_out
from services.datacenter.snapshots import previous_month, take_population_snapshot
from tests.datacenter_stats.conftest import EXPECTED, born_aged
from tests.factories import staff

pytestmark = pytest.mark.django_db

PAGE = "/admin/datacenter/statistics/"


def export_url(table_key):
    return f"/admin/datacenter/statistics/export/{table_key}/"


@pytest.fixture
def client(client):
    # The assertions read English labels, whatever the Chinese catalogue says.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def street_client(tree, client):
    client.force_login(staff(tree["street"], Role.STREET_STAFF))
    return client


@pytest.fixture
def community_client(tree, client):
    client.force_login(staff(tree["first"], Role.COMMUNITY_STAFF))
    return client


def assert_refused(response):
    """Wagtail's admin answers PermissionDenied with a redirect to the dashboard and a message."""
    assert (response.status_code, response.get("Location")) in ((302, "/admin/"), (403, None))


def main_content(body):
    return body.split('class="population-choice"', 1)[1].split('id="population-chart-data"', 1)[0]


def cells(body, table_caption_start):
    """The numbers of the table whose caption starts with the given words, row by row."""
    table = next(chunk for chunk in body.split("<table")[1:] if table_caption_start in chunk.split("</caption>")[0])
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    return [
        [re.sub(r"\s+", "", header)] + [int(value) for value in re.findall(r"<td>(\d+)</td>", row)]
        for row in rows
        for header in re.findall(r'<th scope="row">(.*?)</th>', row, re.S)
    ]


def test_street_staff_see_their_communities_and_the_total_by_default(street_client, residents):
    response = street_client.get(PAGE)
    assert response.status_code == 200
    body = response.content.decode()
    assert cells(body, "Residents by gender") == [["第一社区", 3, 3, 6], ["第二社区", 2, 1, 3], ["Total", 5, 4, 9]]
    assert cells(body, "Residents by age band")[-1] == ["Total", *EXPECTED["age"][2]]
    assert cells(body, "Residents in special groups")[-1] == ["Total", *EXPECTED["special"][2]]
    assert "滨河社区" not in body


def test_tables_are_readable_without_the_charts(street_client, residents):
    full = street_client.get(PAGE).content.decode()
    assert 'id="population-chart-data"' in full
    body = main_content(full)
    assert body.count("<caption>") == 4
    assert body.count('<th scope="col">') == 4 + 7 + 3 + 4 + 7  # a unit column and each table's columns
    assert body.count('<th scope="row">') == 4 * 3  # two communities and the total in each table


def test_street_staff_may_pick_one_of_their_communities(street_client, tree, residents):
    response = street_client.get(PAGE, {"unit": tree["second"].pk})
    assert cells(response.content.decode(), "Residents by gender") == [["第二社区", 2, 1, 3], ["Total", 2, 1, 3]]


def test_street_staff_cannot_pick_a_community_of_another_street(street_client, tree, residents):
    assert_refused(street_client.get(PAGE, {"unit": tree["other"].pk}))
    assert_refused(street_client.get(PAGE, {"unit": tree["district"].pk}))
    assert_refused(street_client.get(export_url("age"), {"unit": tree["other"].pk}))


def test_community_staff_cannot_request_another_community(community_client, tree, residents):
    assert_refused(community_client.get(PAGE, {"unit": tree["second"].pk}))
    assert_refused(community_client.get(export_url("gender"), {"unit": tree["second"].pk}))
    assert_refused(community_client.get(PAGE, {"unit": "999999"}))
    own = community_client.get(PAGE).content.decode()
    assert cells(own, "Residents by gender") == [["第一社区", 3, 3, 6], ["Total", 3, 3, 6]]
    assert "第二社区" not in own


def test_the_unit_picker_lists_only_the_users_subtree(street_client, tree, residents):
    body = street_client.get(PAGE).content.decode()
    picker = body.split('name="unit"', 1)[1].split("</select>", 1)[0]
    assert "和平街道" in picker and "第一社区" in picker and "第二社区" in picker
    assert "滨河" not in picker and "东湖区" not in picker


def test_community_editors_do_not_see_population_statistics(tree, residents, client):
    client.force_login(staff(tree["first"], Role.COMMUNITY_EDITOR))
    assert_refused(client.get(PAGE))
    assert_refused(client.get(export_url("age")))


def test_the_menu_shows_the_page_to_staff(street_client, residents):
    body = street_client.get("/admin/").content.decode()
    assert PAGE in body


def test_a_stored_month_shows_the_stored_numbers_while_live_shows_the_new(
    street_client, tree, residents, make_resident
):
    month = previous_month()
    take_population_snapshot(month)
    make_resident(tree["first"], born_aged(30), "F")
    move_out(residents["man_18"])

    stored = street_client.get(PAGE, {"month": f"{month:%Y-%m}"}).content.decode()
    assert cells(stored, "Residents by gender") == [["第一社区", 3, 3, 6], ["第二社区", 2, 1, 3], ["Total", 5, 4, 9]]
    assert "Month-end snapshot" in stored
    live = street_client.get(PAGE).content.decode()
    assert cells(live, "Residents by gender") == [["第一社区", 3, 4, 7], ["第二社区", 1, 1, 2], ["Total", 4, 5, 9]]
    assert f'value="{month:%Y-%m}"' in live  # the month selector offers the stored month


def test_a_month_without_a_snapshot_says_so(street_client, residents):
    body = street_client.get(PAGE, {"month": "2001-01"}).content.decode()
    assert "No snapshot was stored" in body
    assert '<table class="listing">' not in body


def test_a_malformed_month_falls_back_to_live_figures(street_client, residents):
    response = street_client.get(PAGE, {"month": "last-year"})
    assert response.status_code == 200
    assert "Live figures" in response.content.decode()


def read_export(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("table_key", list(EXPECTED))
def test_each_table_exports_the_same_numbers_as_xlsx(street_client, tree, residents, table_key):
    rows = read_export(street_client.get(export_url(table_key)))
    first, second, total = EXPECTED[table_key]
    assert len(rows[0]) == 2 + len(total)
    assert rows[1] == ["第一社区", "330102001001", *first]
    assert rows[2] == ["第二社区", "330102001002", *second]
    assert rows[3][1:] == ["330102001", *total]
    assert len(rows) == 4


def test_the_export_of_a_stored_month_has_the_stored_numbers(street_client, tree, residents, make_resident):
    month = previous_month()
    take_population_snapshot(month)
    make_resident(tree["second"], born_aged(30), "F")
    rows = read_export(street_client.get(export_url("gender"), {"month": f"{month:%Y-%m}"}))
    assert rows[1:] == [
        ["第一社区", "330102001001", 3, 3, 6],
        ["第二社区", "330102001002", 2, 1, 3],
        [rows[3][0], "330102001", 5, 4, 9],
    ]
    live = read_export(street_client.get(export_url("gender")))
    assert live[2] == ["第二社区", "330102001002", 2, 2, 4]


def test_unknown_tables_and_missing_months_are_not_found(street_client, residents):
    assert street_client.get(export_url("income")).status_code == 404
    assert street_client.get(export_url("age"), {"month": "2001-01"}).status_code == 404


def test_the_page_needs_a_bounded_number_of_queries(
    street_client, tree, residents, make_resident, django_assert_max_num_queries
):
    street_client.get(PAGE)  # warm the session, content types and menu caches
    with CaptureQueriesContext(connection) as small:
        street_client.get(PAGE)
    for index in range(5):
        unit = create_org_unit(
            name=f"扩展社区{index}", code=f"330102001{100 + index:03d}", level="community", parent=tree["street"]
        )
        make_resident(unit, born_aged(20 + index), "M", is_veteran=True)
    with django_assert_max_num_queries(15):  # 10 of them are Wagtail's admin frame and the session
        body = street_client.get(PAGE).content.decode()
    assert cells(body, "Residents in special groups")[-1] == ["Total", 3, 2, 2, 2, 7, 2, 2]
    with CaptureQueriesContext(connection) as large:
        street_client.get(PAGE)
    assert len(large) == len(small)


def test_echarts_is_served_from_our_static_files(street_client, residents):
    body = street_client.get(PAGE).content.decode()
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', body)
    assert f"{settings.STATIC_URL}datacenter/vendor/echarts.min.js" in scripts
    assert f"{settings.STATIC_URL}datacenter/statistics.js" in scripts
    assert not [src for src in scripts if src.startswith(("http:", "https:", "//"))]
    vendored = Path(finders.find("datacenter/vendor/echarts.min.js"))
    assert vendored.stat().st_size > 500_000
    assert (vendored.parent / "LICENSE").read_text().lstrip().startswith("Apache License")

"""Population statistics: exact counts of the worked example, per child unit and in total, and a
query count that does not grow with the tree or the residents."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms.orgs.services import create_org_unit
from services.datacenter.statistics import population_statistics, population_statistics_for_every_unit
from tests.datacenter_stats.conftest import EXPECTED, born_aged

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("table_key", list(EXPECTED))
def test_street_rows_are_its_communities_with_exact_counts_and_a_total(tree, residents, table_key):
    statistics = population_statistics(tree["street"])
    table = statistics.table(table_key)
    first, second, total = EXPECTED[table_key]
    assert [row.name for row in table.rows] == ["第一社区", "第二社区"]
    assert table.row_of("330102001001").values == first
    assert table.row_of("330102001002").values == second
    assert table.total == total
    assert statistics.row_level == "community"


def test_age_bands_follow_birthdays_to_the_day(tree, residents):
    # The girl turns 7 tomorrow (0–6), the boy turned 7 today (7–17), the man turned 60 today (60–79).
    table = population_statistics(tree["first"]).table("age")
    assert dict(zip(table.column_keys, table.total, strict=True)) == {
        "0_6": 2, "7_17": 1, "18_34": 0, "35_59": 1, "60_79": 1, "80": 1, "total": 6,
    }  # fmt: skip


def test_moved_out_and_deceased_residents_are_not_counted(tree, residents):
    statistics = population_statistics(tree["first"])
    assert statistics.table("gender").total == [3, 3, 6]
    assert all(table.total[-1] in (6, 1) for table in statistics.tables if table.key != "special")


def test_a_community_shows_itself_as_its_only_row(tree, residents):
    table = population_statistics(tree["second"]).table("special")
    assert [row.code for row in table.rows] == ["330102001002"]
    assert table.rows[0].values == table.total == EXPECTED["special"][1]


def test_district_rows_are_streets_and_city_rows_are_districts(tree, residents):
    district = population_statistics(tree["district"]).table("gender")
    assert [(row.name, row.values) for row in district.rows] == [("和平街道", [5, 4, 9]), ("滨河街道", [1, 0, 1])]
    assert district.total == [6, 4, 10]
    city = population_statistics(tree["city"]).table("gender")
    assert [(row.name, row.values) for row in city.rows] == [("东湖区", [6, 4, 10])]


def test_units_without_residents_show_zero_rows(tree, residents):
    empty = create_org_unit(name="新建社区", code="330102001009", level="community", parent=tree["street"])
    table = population_statistics(tree["street"]).table("age")
    assert table.row_of(empty.code).values == [0] * 7
    assert table.total == EXPECTED["age"][2]


def test_ages_are_counted_on_the_reference_date(tree, residents):
    # A year later the newborn is 1 and still 0–6; the girl is 7; the 6-year-old band loses her.
    next_year = population_statistics(tree["first"], reference_date=timezone.localdate() + datetime.timedelta(days=366))
    assert next_year.table("age").total[:2] == [1, 2]


def test_the_whole_tree_in_one_pass_matches_each_unit_computed_alone(tree, residents):
    today = timezone.localdate()
    every_unit = population_statistics_for_every_unit(reference_date=today)
    assert len(every_unit) == 7
    for unit, statistics in every_unit.items():
        assert statistics.as_dict() == population_statistics(unit, reference_date=today).as_dict(), unit.name


def _grow(tree, make_resident, communities, residents_each):
    for index in range(communities):
        unit = create_org_unit(
            name=f"扩展社区{index}", code=f"330102001{100 + index:03d}", level="community", parent=tree["street"]
        )
        for number in range(residents_each):
            make_resident(unit, born_aged(5 + 9 * number), "M" if number % 2 else "F", lives_alone=number % 3 == 0)


def test_query_count_does_not_grow_with_units_or_residents(
    tree, residents, make_resident, django_assert_max_num_queries
):
    with CaptureQueriesContext(connection) as small:
        population_statistics(tree["street"])
        population_statistics_for_every_unit(reference_date=timezone.localdate())
    _grow(tree, make_resident, communities=8, residents_each=5)
    with django_assert_max_num_queries(2):  # the child units, one grouped aggregation
        grown = population_statistics(tree["street"])
    with django_assert_max_num_queries(2):  # every unit, one grouped aggregation
        population_statistics_for_every_unit(reference_date=timezone.localdate())
    with CaptureQueriesContext(connection) as large:
        population_statistics(tree["street"])
        population_statistics_for_every_unit(reference_date=timezone.localdate())
    assert len(large) == len(small)
    assert len(grown.table("age").rows) == 10
    assert grown.table("gender").total[-1] == 9 + 8 * 5


def test_the_grouped_query_does_not_group_by_the_default_ordering(tree, residents):
    with CaptureQueriesContext(connection) as queries:
        population_statistics(tree["street"])
    aggregation = queries.captured_queries[-1]["sql"]
    assert "GROUP BY SUBSTRING" in aggregation.upper().replace('"', "") or "GROUP BY 1" in aggregation.upper()
    assert "name" not in aggregation.upper().split("GROUP BY", 1)[1].lower()

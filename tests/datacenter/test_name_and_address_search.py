"""Name and address search: any substring of two or more characters, served by the bigram indexes on PostgreSQL."""

import pytest
from django.db import connection

from services.datacenter.selectors import search_households, search_residents
from services.datacenter.services import create_household, register_resident
from services.datacenter.text_search import bigrams
from tests.datacenter.conftest import valid_id_number

pytestmark = pytest.mark.django_db


@pytest.fixture
def street_staff(area):
    return area["street_staff"]


@pytest.fixture
def people(area, street_staff):
    home = create_household(org_unit=area["heping"], address="和平路12号3单元", actor=street_staff)
    elsewhere = create_household(org_unit=area["ankang"], address="滨河路7号", actor=street_staff)
    made = {}
    for name, unit, household in [
        ("王伟", "heping", home),
        ("欧阳伟明", "heping", None),
        ("李娜", "ankang", elsewhere),
        ("Zhang Wei", "ankang", None),
    ]:
        made[name] = register_resident(
            org_unit=area[unit], id_number=valid_id_number(), name=name, household=household, actor=street_staff
        )
    home.head = made["王伟"]
    home.save()
    return made


def names(residents):
    return sorted(resident.name for resident in residents)


def test_bigrams_split_like_the_database_function():
    assert bigrams("和平路12号") == sorted(["和平", "平路", "路1", "12", "2号"])
    assert bigrams("王") == [] and bigrams("AB") == ["ab"]
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            pytest.skip("the SQL function exists on PostgreSQL only")
        cursor.execute("SELECT datacenter_bigrams(%s)", ["和平路12号"])
        assert sorted(cursor.fetchone()[0]) == bigrams("和平路12号")


@pytest.mark.parametrize(
    "query, expected",
    [
        ("王伟", ["王伟"]),  # a whole two-character name
        ("伟", ["欧阳伟明", "王伟"]),  # one character: plain substring test
        ("阳伟明", ["欧阳伟明"]),  # the middle of a longer name
        ("和平路12", ["王伟"]),  # part of the household address
        ("12号3单元", ["王伟"]),
        ("zhang wei", ["Zhang Wei"]),  # letters in any case
        ("滨河", ["李娜"]),
        ("王伟明", []),  # every bigram must be there, in order
        ("和平路13号", []),
    ],
)
def test_residents_are_found_by_any_part_of_their_name_or_address(street_staff, people, query, expected):
    assert names(search_residents(street_staff, query)) == expected


def test_search_stays_inside_the_viewers_community(area, people):
    clerk = area["heping_staff"]
    assert names(search_residents(clerk, "滨河")) == []
    assert names(search_residents(clerk, "伟")) == ["欧阳伟明", "王伟"]


def test_households_are_found_by_address_or_by_the_heads_name(street_staff, people):
    assert [h.address for h in search_households(street_staff, "王伟")] == ["和平路12号3单元"]
    assert [h.address for h in search_households(street_staff, "河路7")] == ["滨河路7号"]
    assert list(search_households(street_staff, "不存在的路")) == []


def test_postgresql_answers_a_name_search_from_the_bigram_index(street_staff, people):
    if connection.vendor != "postgresql":
        pytest.skip("the bigram index exists on PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")  # a tiny table would be scanned otherwise
        try:
            plan = search_residents(street_staff, "王伟").explain()
        finally:
            cursor.execute("SET enable_seqscan = on")
    assert "resident_name_bigrams" in plan and "household_address_bigrams" in plan

"""Hard limits checked before anything runs: page size, nesting depth and estimated cost."""

import pytest
from django.core.cache import cache

from tests.headless.conftest import data_of, post_graphql


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def errors_of(response):
    return response.json()["errors"]


@pytest.mark.parametrize("arguments", ["pageSize: 51", "pageSize: 0", "pageSize: -1", "page: 0"])
def test_page_size_has_a_hard_maximum(client, kiosk_network, arguments):
    response = post_graphql(client, f"{{ site {{ notices({arguments}) {{ total }} }} }}", token=kiosk_network["token"])
    error = errors_of(response)[0]
    assert error["extensions"]["code"] == "BAD_PAGE_SIZE"
    assert error["extensions"]["max_page_size"] == 50


def test_page_size_from_a_variable_is_checked_too(client, kiosk_network):
    response = post_graphql(
        client,
        "query($n: Int) { site { serviceGuides(pageSize: $n) { total } } }",
        token=kiosk_network["token"],
        variables={"n": 1000},
    )
    assert errors_of(response)[0]["extensions"]["code"] == "BAD_PAGE_SIZE"


def test_the_largest_page_is_allowed(client, kiosk_network):
    data = data_of(
        post_graphql(client, "{ site { notices(pageSize: 50) { pageSize total } } }", token=kiosk_network["token"])
    )
    assert data["site"]["notices"]["pageSize"] == 50


def test_deep_queries_are_refused_before_running(client, kiosk_network, django_assert_max_num_queries):
    nested = "parent { " * 6 + "title" + " }" * 6
    query = "query($id: ID!) { site { page(id: $id) { " + nested + " } } }"
    with django_assert_max_num_queries(5):  # the kiosk behind the token and its site, nothing of the query
        response = post_graphql(client, query, token=kiosk_network["token"], variables={"id": 1})
    assert response.status_code == 400
    error = errors_of(response)[0]
    assert error["extensions"]["code"] == "QUERY_TOO_DEEP"
    assert error["extensions"]["max_depth"] == 8


def test_fragments_count_towards_depth(client, kiosk_network):
    query = """query($id: ID!) { site { page(id: $id) { ...Up } } }
      fragment Up on PageNode { parent { parent { parent { parent { parent { ...Leaf } } } } } }
      fragment Leaf on PageNode { parent { title } }"""
    response = post_graphql(client, query, token=kiosk_network["token"], variables={"id": 1})
    assert errors_of(response)[0]["extensions"]["code"] == "QUERY_TOO_DEEP"


def test_expensive_queries_are_refused_before_running(client, kiosk_network):
    # shallow enough, but 50 × 50 pages with several fields each
    query = """query($id: ID!) { site { page(id: $id) { children(pageSize: 50) { items {
        children(pageSize: 50) { items { id title url fullUrl kind } } } } } } }"""
    response = post_graphql(client, query, token=kiosk_network["token"], variables={"id": 1})
    error = errors_of(response)[0]
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert error["extensions"]["cost"] > error["extensions"]["max_cost"]


def test_many_aliases_add_up(client, kiosk_network):
    lists = " ".join(f"a{i}: notices(pageSize: 50) {{ items {{ id title summary url fullUrl }} }}" for i in range(25))
    response = post_graphql(client, f"{{ site {{ {lists} }} }}", token=kiosk_network["token"])
    assert errors_of(response)[0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"


def test_limits_can_be_tuned_in_settings(client, kiosk_network, settings):
    settings.HEADLESS_MAX_DEPTH = 2
    response = post_graphql(client, "{ site { notices { total } } }", token=kiosk_network["token"])
    assert errors_of(response)[0]["extensions"]["code"] == "QUERY_TOO_DEEP"

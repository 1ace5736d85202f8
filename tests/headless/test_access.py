"""Who may call /graphql/: kiosks by device token (rate-limited per token), staff by cookie session with
CSRF; introspection off outside development; answers carry ETags so clients revalidate cheaply."""

import json

import pytest
from django.core.cache import cache
from django.test import Client

from cms.accounts.models import Role
from kiosk_app.models import Kiosk
from tests.factories import staff
from tests.headless.conftest import data_of, post_graphql

QUERY = "{ site { hostname notices { total } } }"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def error_code(response):
    return response.json()["errors"][0]["extensions"]["code"]


def test_a_query_without_a_token_is_refused(client, kiosk_network):
    response = post_graphql(client, QUERY)
    assert response.status_code == 401
    assert error_code(response) == "UNAUTHENTICATED"


@pytest.mark.parametrize("token", ["ksk_not-a-real-token", "", "x" * 500])
def test_an_unknown_token_is_refused(client, kiosk_network, token):
    response = client.post(
        "/graphql/",
        data=json.dumps({"query": QUERY}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 401


def test_a_deactivated_kiosk_is_refused(client, kiosk_network):
    Kiosk.objects.filter(pk=kiosk_network["kiosk"].pk).update(is_active=False)
    assert post_graphql(client, QUERY, token=kiosk_network["token"]).status_code == 401


def test_a_new_token_replaces_the_old_one(client, kiosk_network):
    from kiosk_app.services import issue_token

    old = kiosk_network["token"]
    new = issue_token(kiosk_network["kiosk"])
    assert post_graphql(client, QUERY, token=old).status_code == 401
    assert data_of(post_graphql(client, QUERY, token=new))["site"]["hostname"] == "c1.localhost"


def test_only_a_hash_of_the_token_is_stored(kiosk_network):
    kiosk = Kiosk.objects.get(pk=kiosk_network["kiosk"].pk)
    token = kiosk_network["token"]
    stored = [str(value) for value in Kiosk.objects.filter(pk=kiosk.pk).values_list()[0]]
    assert token not in stored
    assert kiosk.token_hash != token and len(kiosk.token_hash) == 64
    assert token.startswith(kiosk.token_prefix)


def test_the_kiosk_reads_its_own_site_without_naming_it(client, kiosk_network):
    data = data_of(
        post_graphql(client, "{ kiosk { name site { hostname } } site { hostname } }", token=kiosk_network["token"])
    )
    assert data["kiosk"]["name"] == "大厅一号机"
    assert data["kiosk"]["site"]["hostname"] == data["site"]["hostname"] == "c1.localhost"


def test_get_queries_work_for_kiosks(client, kiosk_network):
    response = client.get("/graphql/", {"query": QUERY}, HTTP_AUTHORIZATION=f"Bearer {kiosk_network['token']}")
    assert response.status_code == 200
    assert response.json()["data"]["site"]["notices"]["total"] == 1


def test_rate_limit_per_token(client, kiosk_network, settings):
    settings.HEADLESS_RATE_LIMIT_PER_MINUTE = 3
    for _ in range(3):
        assert post_graphql(client, QUERY, token=kiosk_network["token"]).status_code == 200
    refused = post_graphql(client, QUERY, token=kiosk_network["token"])
    assert refused.status_code == 429
    assert error_code(refused) == "RATE_LIMITED"
    assert 1 <= int(refused["Retry-After"]) <= 60
    # another kiosk has its own budget
    assert post_graphql(client, QUERY, token=kiosk_network["other_token"]).status_code == 200


def test_staff_session_needs_a_csrf_token(kiosk_network):
    user = staff(kiosk_network["communities"][0], Role.COMMUNITY_STAFF)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    query = '{ site(hostname: "c1.localhost") { hostname } }'
    refused = post_graphql(browser, query)
    assert refused.status_code == 403
    assert error_code(refused) == "CSRF_FAILED"

    browser.get("/graphql/", {"query": query})  # sets the CSRF cookie (GET is safe)
    csrf = browser.cookies["csrftoken"].value
    accepted = post_graphql(browser, query, HTTP_X_CSRFTOKEN=csrf)
    assert data_of(accepted)["site"]["hostname"] == "c1.localhost"


def test_signed_in_visitors_without_admin_access_are_refused(kiosk_network, django_user_model):
    user = django_user_model.objects.create_user("resident", password="x-Pass-2026")
    browser = Client()
    browser.force_login(user)
    assert post_graphql(browser, QUERY).status_code == 401


def test_staff_must_name_the_site(kiosk_network, client):
    user = staff(kiosk_network["communities"][0], Role.COMMUNITY_STAFF)
    client.force_login(user)
    body = post_graphql(client, QUERY).json()
    assert body["data"]["site"] is None
    assert body["errors"][0]["extensions"]["code"] == "SITE_REQUIRED"


def test_introspection_is_off_outside_development(client, kiosk_network, settings):
    settings.HEADLESS_INTROSPECTION = False
    response = post_graphql(client, "{ __schema { types { name } } }", token=kiosk_network["token"])
    assert response.status_code == 400
    assert error_code(response) == "INTROSPECTION_DISABLED"
    # __typename is not introspection of the schema; clients add it
    assert data_of(post_graphql(client, "{ __typename }", token=kiosk_network["token"])) == {"__typename": "Query"}


def test_introspection_is_on_in_development(client, kiosk_network, settings):
    settings.HEADLESS_INTROSPECTION = True
    data = data_of(post_graphql(client, "{ __schema { queryType { name } } }", token=kiosk_network["token"]))
    assert data["__schema"]["queryType"]["name"] == "Query"


def test_graphiql_only_in_development(client, kiosk_network, settings, admin_user):
    client.force_login(admin_user)
    settings.HEADLESS_GRAPHIQL = False
    response = client.get("/graphql/", HTTP_ACCEPT="text/html")
    assert b"graphiql" not in response.content.lower()
    settings.HEADLESS_GRAPHIQL = True
    response = client.get("/graphql/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert b"graphiql" in response.content.lower()


def test_etag_lets_clients_revalidate(client, kiosk_network):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {kiosk_network['token']}"}
    first = client.get("/graphql/", {"query": QUERY}, **headers)
    assert first.status_code == 200
    assert "no-cache" in first["Cache-Control"] and "private" in first["Cache-Control"]
    etag = first["ETag"]
    again = client.get("/graphql/", {"query": QUERY}, HTTP_IF_NONE_MATCH=etag, **headers)
    assert again.status_code == 304
    assert again.content == b""

    from sites.models import NoticeIndexPage, NoticePage

    index = NoticeIndexPage.objects.descendant_of(kiosk_network["sites"][0].home).get()
    index.add_child(instance=NoticePage(title="停水通知", summary=""))
    changed = client.get("/graphql/", {"query": QUERY}, HTTP_IF_NONE_MATCH=etag, **headers)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_errors_are_never_cached(client, kiosk_network):
    response = post_graphql(client, QUERY)
    assert response["Cache-Control"] == "no-store"

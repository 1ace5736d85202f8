"""The exchange API: token authentication, partner scope, granted operations, rate limit, audit,
identity verification without leaks, flag updates through the data-centre service, OpenAPI document."""

import datetime
import json

import pytest
from django.core.cache import cache
from django.utils import timezone

from cms.accounts.models import Role
from cms.audit.models import AuditEntry
from services.datacenter.idnumbers import id_check_character
from services.datacenter.services import create_household, register_resident
from services.exchange.models import Operation, PartnerToken
from services.exchange.services import create_partner, issue_token, revoke_token
from services.exchange.urls import urlpatterns
from tests.factories import staff

ALL_OPERATIONS = [
    Operation.READ_RESIDENTS,
    Operation.VERIFY_IDENTITY,
    Operation.READ_HOUSEHOLDS,
    Operation.WRITE_RESIDENT_FLAGS,
]


def id_number(region="330102", birth="19800101", sequence="123"):
    first_17 = region + birth + sequence
    return first_17 + id_check_character(first_17)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def data(network):
    first, second = network["communities"]
    household = create_household(org_unit=first, address="和平路1号1幢101室", number="H1")
    zhang = register_resident(
        org_unit=first, id_number=id_number(), name="张三", phone="13800138000", household=household,
        relation_to_head="head",
    )  # fmt: skip
    li = register_resident(org_unit=first, id_number=id_number(sequence="124"), name="李四", household=household)
    other_household = create_household(org_unit=second, address="建设路2号", number="H2")
    wang = register_resident(
        org_unit=second, id_number=id_number(sequence="125"), name="王五", household=other_household
    )
    partner = create_partner(name="社保局", org_unit=first, operations=ALL_OPERATIONS)
    token, raw = issue_token(partner)
    return {
        "first": first,
        "second": second,
        "household": household,
        "other_household": other_household,
        "zhang": zhang,
        "li": li,
        "wang": wang,
        "partner": partner,
        "token": token,
        "raw": raw,
    }


def call(client, method, path, token=None, body=None, **extra):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    kwargs = {"content_type": "application/json", "data": json.dumps(body)} if body is not None else {}
    return getattr(client, method)(f"/api/exchange/v1/{path}", **kwargs, **headers, **extra)


def error_code(response):
    return response.json()["error"]["code"]


# ---------------------------------------------------------------- authentication
@pytest.mark.django_db
def test_calls_without_a_token_or_with_a_wrong_one_are_unauthorized(client, data):
    for token in (None, "cx_wrong", data["raw"] + "x"):
        response = call(client, "get", "residents", token)
        assert response.status_code == 401
        assert error_code(response) == "unauthorized"
        assert set(response.json()["error"]) == {"code", "message", "fields"}
        assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.django_db
def test_revoked_expired_or_inactive_partner_tokens_are_unauthorized(client, data):
    revoke_token(data["token"])
    assert call(client, "get", "residents", data["raw"]).status_code == 401

    token, raw = issue_token(data["partner"])
    PartnerToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert call(client, "get", "residents", raw).status_code == 401

    _token, raw = issue_token(data["partner"])
    assert call(client, "get", "residents", raw).status_code == 200
    data["partner"].is_active = False
    data["partner"].save()
    assert call(client, "get", "residents", raw).status_code == 401


@pytest.mark.django_db
def test_only_a_hash_of_the_token_is_stored_and_its_use_is_recorded(client, data):
    token = PartnerToken.objects.get(pk=data["token"].pk)
    assert data["raw"] not in (token.token_hash, token.prefix) and token.last_used_at is None
    call(client, "get", "residents", data["raw"])
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.django_db
def test_cookie_sessions_are_never_accepted(client, data, network):
    admin = staff(network["city"], Role.CITY_ADMIN)
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)

    assert call(client, "get", "residents").status_code == 401
    assert call(client, "post", "verify", body={"id_number": id_number(), "name": "张三"}).status_code == 401
    assert call(client, "patch", f"residents/{data['zhang'].pk}/flags", body={"is_low_income": True}).status_code == 401
    data["zhang"].refresh_from_db()
    assert data["zhang"].is_low_income is False


@pytest.mark.django_db
def test_post_without_a_csrf_token_works_with_a_bearer_token(data):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = call(strict, "post", "verify", data["raw"], body={"id_number": id_number(), "name": "张三"})
    assert response.status_code == 200


# ---------------------------------------------------------------- scope
@pytest.mark.django_db
def test_a_partner_sees_only_residents_of_its_scope_and_masked_numbers(client, data, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):  # constant: does not grow with the page
        response = call(client, "get", "residents", data["raw"])
    body = response.json()
    assert body["count"] == 2
    assert {row["name"] for row in body["results"]} == {"张三", "李四"}
    zhang = next(row for row in body["results"] if row["name"] == "张三")
    assert zhang["id_number"] == "330102********" + id_number()[-4:]
    assert zhang["phone"] == "138****8000"
    assert "birth_date" not in zhang
    assert id_number() not in response.content.decode()


@pytest.mark.django_db
def test_residents_are_paginated_and_filtered(client, data):
    body = call(client, "get", "residents?page_size=1&page=2", data["raw"]).json()
    assert body["count"] == 2 and len(body["results"]) == 1 and body["next_page"] is None
    body = call(client, "get", f"residents?id_number={id_number(sequence='124')}", data["raw"]).json()
    assert [row["name"] for row in body["results"]] == ["李四"]
    assert call(client, "get", f"residents?id_number={id_number(sequence='125')}", data["raw"]).json()["count"] == 0
    response = call(client, "get", "residents?status=alive&page=0", data["raw"])
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"status", "page"}


@pytest.mark.django_db
def test_another_communitys_household_or_resident_is_not_found(client, data):
    response = call(client, "get", f"households/{data['other_household'].pk}", data["raw"])
    assert response.status_code == 404 and error_code(response) == "not_found"
    response = call(client, "patch", f"residents/{data['wang'].pk}/flags", data["raw"], body={"is_low_income": True})
    assert response.status_code == 404
    data["wang"].refresh_from_db()
    assert data["wang"].is_low_income is False


@pytest.mark.django_db
def test_household_lists_its_members_masked(client, data):
    body = call(client, "get", f"households/{data['household'].pk}", data["raw"]).json()
    assert body["head_id"] == data["zhang"].pk
    assert {member["name"] for member in body["members"]} == {"张三", "李四"}
    assert all("*" in member["id_number"] for member in body["members"])


@pytest.mark.django_db
def test_full_identifiers_grant_reveals_numbers_and_is_audited_as_a_reveal(client, data):
    data["partner"].operations = [*ALL_OPERATIONS, Operation.FULL_IDENTIFIERS]
    data["partner"].save()

    body = call(client, "get", "residents", data["raw"]).json()

    zhang = next(row for row in body["results"] if row["name"] == "张三")
    assert zhang["id_number"] == id_number() and zhang["phone"] == "13800138000"
    reveal = AuditEntry.objects.get(action="exchange.reveal_identifiers")
    assert set(reveal.detail["resident_ids"]) == {data["zhang"].pk, data["li"].pk}
    assert reveal.detail["partner"] == "社保局"


# ---------------------------------------------------------------- operations
@pytest.mark.django_db
def test_operations_not_granted_are_forbidden(client, data):
    data["partner"].operations = [Operation.VERIFY_IDENTITY]
    data["partner"].save()

    assert call(client, "get", "residents", data["raw"]).status_code == 403
    assert call(client, "get", f"households/{data['household'].pk}", data["raw"]).status_code == 403
    response = call(client, "patch", f"residents/{data['zhang'].pk}/flags", data["raw"], body={"is_low_income": True})
    assert response.status_code == 403 and error_code(response) == "forbidden"
    assert (
        call(client, "post", "verify", data["raw"], body={"id_number": id_number(), "name": "张三"}).status_code == 200
    )


@pytest.mark.django_db
def test_wrong_method_is_refused(client, data):
    response = call(client, "delete", "residents", data["raw"])
    assert response.status_code == 405 and response["Allow"] == "GET"


# ---------------------------------------------------------------- verify
@pytest.mark.django_db
def test_verify_answers_match_and_status_only(client, data):
    response = call(client, "post", "verify", data["raw"], body={"id_number": id_number().lower(), "name": " 张三 "})
    assert response.json() == {"match": True, "status": "active"}


@pytest.mark.django_db
def test_verify_does_not_tell_a_wrong_name_from_an_unknown_or_out_of_scope_number(client, data):
    wrong_name = call(client, "post", "verify", data["raw"], body={"id_number": id_number(), "name": "张四"})
    unknown = call(client, "post", "verify", data["raw"], body={"id_number": id_number(sequence="999"), "name": "张三"})
    other_scope = call(
        client, "post", "verify", data["raw"], body={"id_number": id_number(sequence="125"), "name": "王五"}
    )
    for response in (wrong_name, unknown, other_scope):
        assert response.status_code == 200
        assert response.json() == {"match": False, "status": "no_match"}


@pytest.mark.django_db
def test_verify_rejects_invalid_input_with_field_messages(client, data):
    response = call(client, "post", "verify", data["raw"], body={"id_number": id_number()[:-1] + "0", "name": ""})
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"id_number", "name"}
    response = client.post(
        "/api/exchange/v1/verify", data="not json", content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {data['raw']}",
    )  # fmt: skip
    assert response.status_code == 400 and error_code(response) == "invalid"


# ---------------------------------------------------------------- flags
@pytest.mark.django_db
def test_patch_flags_saves_through_the_data_centre_service(client, data):
    response = call(
        client, "patch", f"residents/{data['zhang'].pk}/flags", data["raw"],
        body={"is_low_income": True, "disability_grade": 2},
    )  # fmt: skip
    assert response.status_code == 200
    assert response.json()["flags"]["is_low_income"] is True
    data["zhang"].refresh_from_db()
    assert data["zhang"].is_low_income is True and data["zhang"].disability_grade == 2
    change = AuditEntry.objects.get(action="resident.change", object_id=str(data["zhang"].pk))
    assert change.detail["changes"]["is_low_income"] == ["False", "True"]


@pytest.mark.django_db
def test_patch_flags_refuses_other_fields_and_bad_values(client, data):
    path = f"residents/{data['zhang'].pk}/flags"
    for body, field in (
        ({"name": "改名"}, "name"),
        ({"is_low_income": "maybe"}, "is_low_income"),
        ({"disability_grade": 7}, "disability_grade"),
    ):
        response = call(client, "patch", path, data["raw"], body=body)
        assert response.status_code == 400
        assert field in response.json()["error"]["fields"]
    assert call(client, "patch", path, data["raw"], body={}).status_code == 400
    data["zhang"].refresh_from_db()
    assert data["zhang"].name == "张三" and data["zhang"].disability_grade is None


# ---------------------------------------------------------------- rate limit and audit
@pytest.mark.django_db
def test_rate_limit_answers_429_with_retry_after(client, data, settings):
    settings.EXCHANGE_RATE_LIMIT_PER_MINUTE = 3
    statuses = [call(client, "get", "residents", data["raw"]).status_code for _index in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = call(client, "get", "residents", data["raw"])
    assert error_code(response) == "rate_limited"
    assert 1 <= int(response["Retry-After"]) <= 60
    # Another token has its own budget.
    _token, raw = issue_token(data["partner"])
    assert call(client, "get", "residents", raw).status_code == 200


@pytest.mark.django_db
def test_every_call_is_audited_with_partner_success_and_client_ip(client, data):
    call(client, "get", "residents", data["raw"], REMOTE_ADDR="10.1.2.3")
    call(client, "get", "residents", "cx_wrong")
    call(client, "post", "verify", data["raw"], body={"id_number": id_number(), "name": "张三"})
    call(client, "get", f"households/{data['other_household'].pk}", data["raw"])

    entries = list(AuditEntry.objects.filter(action__startswith="exchange.").order_by("id"))
    entries = [entry for entry in entries if entry.action not in ("exchange.partner_create", "exchange.token_issue")]
    assert [(entry.action, entry.success) for entry in entries] == [
        ("exchange.read_residents", True),
        ("exchange.read_residents", False),
        ("exchange.verify_identity", True),
        ("exchange.read_households", False),
    ]
    assert entries[0].detail["partner"] == "社保局" and entries[0].ip_address == "10.1.2.3"
    assert entries[1].detail["error"] == "unauthorized" and "partner" not in entries[1].detail
    assert entries[3].detail["error"] == "not_found"
    assert all(data["raw"] not in json.dumps(entry.detail) for entry in entries)


@pytest.mark.django_db
def test_api_responses_never_enter_the_public_page_cache(client, data, settings):
    settings.PAGE_CACHE_SECONDS = 300
    assert call(client, "get", "residents", data["raw"]).status_code == 200
    assert call(client, "get", "residents").status_code == 401


@pytest.mark.django_db
def test_error_messages_follow_the_request_language(client, data):
    # The catalogue (locale/) is maintained separately; here only the language choice is checked.
    assert call(client, "get", "residents")["Content-Language"] == "zh-hans"
    client.cookies["django_language"] = "en"
    response = call(client, "get", "residents")
    english = response.json()["error"]["message"]
    assert response["Content-Language"] == "en"
    assert "Bearer" in english and "token" in english


# ---------------------------------------------------------------- OpenAPI
def test_openapi_document_is_json_and_describes_every_endpoint(client):
    response = client.get("/api/exchange/v1/openapi.json")
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.1")
    described = set(document["paths"])
    placeholders = {"<int:pk>": "{id}", "<str:file_format>": "{format}"}
    routes = set()
    for pattern in urlpatterns:
        route = "/" + str(pattern.pattern).removeprefix("v1/")
        for django_form, openapi_form in placeholders.items():
            route = route.replace(django_form, openapi_form)
        routes.add(route)
    assert routes == described
    assert document["components"]["securitySchemes"]["bearerToken"]["scheme"] == "bearer"
    error = document["components"]["schemas"]["Error"]["properties"]["error"]
    assert set(error["required"]) == {"code", "message", "fields"}
    for path, operations in document["paths"].items():
        for operation in operations.values():
            if path != "/openapi.json":
                assert {"400", "401", "403", "429"} <= set(operation["responses"]), path

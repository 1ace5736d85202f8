"""A network of two community sites with a registered kiosk, and a helper that posts GraphQL."""

import json

import pytest
from django.utils import timezone

from kiosk_app.models import Kiosk
from kiosk_app.services import issue_token
from tests.factories import build_network


def add_page(parent, page):
    return parent.add_child(instance=page)


def section(built, model):
    return model.objects.child_of(built.home).get()


@pytest.fixture
def kiosk_network(db):
    network = build_network(communities=2)
    kiosk = Kiosk.objects.create(name="大厅一号机", org_unit=network["communities"][0])
    network["kiosk"] = kiosk
    network["token"] = issue_token(kiosk)
    other = Kiosk.objects.create(name="二社区机", org_unit=network["communities"][1])
    network["other_token"] = issue_token(other)
    return network


def post_graphql(client, query, *, token=None, variables=None, **extra):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    response = client.post(
        "/graphql/",
        data=json.dumps({"query": query, "variables": variables or {}}),
        content_type="application/json",
        **headers,
        **extra,
    )
    return response


def data_of(response):
    body = response.json()
    assert response.status_code == 200, body
    assert "errors" not in body, body["errors"]
    return body["data"]


def now():
    return timezone.now()

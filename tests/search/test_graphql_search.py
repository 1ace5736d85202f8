"""The kiosk's GraphQL search goes through search_content: synonyms and pinyin work there too."""

import pytest

from kiosk_app.models import Kiosk
from kiosk_app.services import issue_token
from tests.headless.conftest import data_of, post_graphql
from tests.search.conftest import add_guide

QUERY = "query($q: String!) { site { search(query: $q, pageSize: 10) { total items { title titleHtml } } } }"


@pytest.mark.django_db
def test_kiosk_search_uses_synonyms_and_pinyin_and_stays_on_its_site(client, network):
    token = issue_token(Kiosk.objects.create(name="大厅一号机", org_unit=network["communities"][0]))
    add_guide(network["sites"][0], "城市最低生活保障申请")
    add_guide(network["sites"][1], "农村最低生活保障申请")
    for typed in ("低保", "dibao"):
        data = data_of(post_graphql(client, QUERY, token=token, variables={"q": typed}))
        items = data["site"]["search"]["items"]
        assert [item["title"] for item in items] == ["城市最低生活保障申请"], typed
        assert "<mark>最低生活保障</mark>" in items[0]["titleHtml"]

from tests.headless.conftest import data_of, post_graphql


def test_kiosk_reads_its_own_site(client, kiosk_network):
    query = "{ kiosk { name isOpen site { hostname name notices { total items { id title fullUrl } } } } }"
    data = data_of(post_graphql(client, query, token=kiosk_network["token"]))
    assert data["kiosk"]["name"] == "大厅一号机"
    assert data["kiosk"]["site"]["hostname"] == "c1.localhost"
    assert data["kiosk"]["site"]["notices"]["total"] == 1

"""Admin screens of the exchange: partners and tokens, for city administrators only; a token is shown once."""

import pytest

from cms.accounts.models import Role
from services.exchange.models import ExchangePartner, PartnerToken
from tests.factories import staff


@pytest.mark.django_db
def test_city_admin_creates_a_partner_issues_and_revokes_a_token_others_cannot(client, network):
    admin = staff(network["city"], Role.CITY_ADMIN)
    client.force_login(admin)
    r = client.get("/admin/exchange_partners/")
    assert r.status_code == 200, r.status_code
    r = client.post(
        "/admin/exchange_partners/new/",
        {
            "name": "社保局",
            "org_unit": network["communities"][0].pk,
            "operations": ["read_residents", "verify_identity"],
            "contact": "",
            "is_active": "on",
        },
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    p = ExchangePartner.objects.get()
    assert p.operations == ["read_residents", "verify_identity"]
    assert f"exchange/partners/{p.pk}/tokens" in client.get("/admin/exchange_partners/").content.decode()
    r = client.post(f"/admin/exchange/partners/{p.pk}/tokens/", {"label": "x", "days": 30})
    assert r.status_code == 200
    assert "clear-token" in r.content.decode()
    t = PartnerToken.objects.get()
    r = client.post(f"/admin/exchange/partners/{p.pk}/tokens/", {"revoke": t.pk})
    t.refresh_from_db()
    assert t.revoked_at
    editor = staff(network["communities"][0], Role.COMMUNITY_STAFF)
    client.force_login(editor)
    assert client.get(f"/admin/exchange/partners/{p.pk}/tokens/").status_code in (302, 403)

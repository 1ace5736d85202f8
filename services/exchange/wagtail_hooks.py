from django.urls import path
from wagtail import hooks

from services.exchange.admin_views import PartnerTokensView, PartnerViewSet


@hooks.register("register_admin_viewset")
def register_partner_viewset():
    return PartnerViewSet("exchange_partners")


@hooks.register("register_admin_urls")
def register_token_urls():
    return [path("exchange/partners/<int:pk>/tokens/", PartnerTokensView.as_view(), name="exchange_tokens")]

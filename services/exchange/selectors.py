"""Reads for exchange partners: always limited to the partner's org subtree."""

from django.db.models import Prefetch

from cms.orgs.scoping import scope_to_org_unit
from services.datacenter.models import Household, Resident


def in_partner_scope(queryset, partner, *, via="org_unit"):
    return scope_to_org_unit(queryset, partner.org_unit, via=via)


def residents_for_partner(partner):
    return in_partner_scope(Resident.objects.select_related("org_unit"), partner)


def households_for_partner(partner):
    members = Prefetch("members", queryset=Resident.objects.select_related("org_unit").order_by("pk"))
    return in_partner_scope(
        Household.objects.select_related("org_unit", "house__building").prefetch_related(members), partner
    )

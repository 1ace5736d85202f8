"""Reads for exchange partners: always limited to the partner's org subtree.

The subtree rule is the one of `cms.orgs.scoping` (an org unit's path is a prefix of its
descendants' paths); a partner is not a user, so it is applied here to the partner's unit.
"""

from django.db.models import Prefetch

from services.datacenter.models import Household, Resident


def in_partner_scope(queryset, partner, *, via="org_unit"):
    return queryset.filter(**{f"{via}__path__startswith": partner.org_unit.path})


def residents_for_partner(partner):
    return in_partner_scope(Resident.objects.select_related("org_unit"), partner)


def households_for_partner(partner):
    members = Prefetch("members", queryset=Resident.objects.select_related("org_unit").order_by("pk"))
    return in_partner_scope(
        Household.objects.select_related("org_unit", "house__building").prefetch_related(members), partner
    )

"""The demo's people: valid ID numbers and credit codes, realistic households, nothing added twice."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from services.datacenter.idnumbers import parse_credit_code, parse_id_number
from services.datacenter.models import AreaOrganisation, Building, House, Household, Resident


def counts():
    return [model.objects.count() for model in (Resident, Household, Building, House, AreaOrganisation)]


@pytest.mark.django_db
def test_demo_residents_have_valid_id_numbers_and_a_second_load_adds_none(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", scale=2, pages_per_site=0, stdout=StringIO(), stderr=StringIO())
    residents = list(Resident.objects.select_related("household"))

    assert len(residents) > 200
    for resident in residents:
        parsed = parse_id_number(resident.id_number)
        assert (parsed.gender, parsed.birth_date) == (resident.gender, resident.birth_date)
        assert resident.household.org_unit_id == resident.org_unit_id
    ages = [resident.age for resident in residents]
    assert min(ages) < 10 and max(ages) >= 80
    assert Counter(resident.relation_to_head for resident in residents)["head"] == Household.objects.count()
    assert all(household.head_id for household in Household.objects.all())
    for organisation in AreaOrganisation.objects.all():
        parse_credit_code(organisation.credit_code)
    before = counts()

    call_command("load_demo", scale=2, pages_per_site=0, stdout=StringIO(), stderr=StringIO())

    assert counts() == before

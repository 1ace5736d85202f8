"""Residents: one person one record city-wide, identifiers encrypted and masked, every reveal audited,
every change scoped to the staff member's own area."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from cms.audit.models import AuditEntry
from services.datacenter import selectors
from services.datacenter.models import Relation, ResidenceChangeKind, Resident, ResidentStatus
from services.datacenter.services import (
    create_household,
    record_death,
    register_organisation,
    register_resident,
    reveal_identifiers,
    transfer_resident,
    update_resident,
)
from tests.datacenter.conftest import grant_full_numbers, valid_id_number


def register(area, community="heping", **overrides):
    fields = {
        "org_unit": area[community],
        "id_number": valid_id_number(),
        "name": "张伟",
        "actor": area[f"{community}_staff"],
    }
    fields.update(overrides)
    return register_resident(**fields)


@pytest.mark.django_db
def test_gender_and_birth_date_come_from_the_id_number(area):
    resident = register(area, id_number=valid_id_number(birth="19450817", male=False))
    assert resident.gender == "F" and resident.birth_date == datetime.date(1945, 8, 17)


@pytest.mark.django_db
def test_identifiers_are_encrypted_at_rest_and_found_by_exact_number(area):
    number = valid_id_number()
    resident = register(area, id_number=number, phone="138 0013 8000")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number_encrypted, phone_encrypted FROM datacenter_resident WHERE id = %s", [resident.pk]
        )
        stored = " ".join(cursor.fetchone())
    assert number not in stored and "13800138000" not in stored
    assert resident.id_number_masked == number[:6] + "********" + number[-4:]
    assert resident.phone_masked == "138****8000"
    user = area["heping_staff"]
    assert list(selectors.search_residents(user, number)) == [resident]
    assert list(selectors.search_residents(user, number.lower())) == [resident]
    assert list(selectors.search_residents(user, "13800138000")) == [resident]
    assert list(selectors.search_residents(user, "张")) == [resident]


@pytest.mark.django_db
def test_one_person_one_record_city_wide(area):
    number = valid_id_number()
    register(area, id_number=number)
    with pytest.raises(ValidationError) as same_area:
        register(area, id_number=number, name="张伟二")
    assert "和平里社区" in str(same_area.value)
    with pytest.raises(ValidationError) as other_area:
        register(area, community="ankang", id_number=number)
    message = str(other_area.value)
    assert "和平里社区" not in message and "张伟" not in message  # not told where, not allowed to know
    assert Resident.objects.count() == 1


@pytest.mark.django_db
def test_a_legacy_15_digit_number_matches_its_18_digit_record(area):
    register(area, id_number="11010519491231002X")
    with pytest.raises(ValidationError):
        register(area, id_number="110105491231002")


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["", "123", "11010519491231002Y", "110105194912310021", "990105194912310021"])
def test_bad_id_numbers_save_nothing(area, bad):
    with pytest.raises(ValidationError) as error:
        register(area, id_number=bad)
    assert "id_number" in error.value.message_dict
    assert Resident.objects.count() == 0
    assert not AuditEntry.objects.filter(action="resident.create").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("phone", ["12345", "2380013800", "1380013800012"])
def test_bad_phone_numbers_are_refused(area, phone):
    with pytest.raises(ValidationError) as error:
        register(area, phone=phone)
    assert "phone" in error.value.message_dict
    assert Resident.objects.count() == 0


@pytest.mark.django_db
def test_staff_cannot_register_residents_outside_their_area(area):
    with pytest.raises(ValidationError) as error:
        register(area, org_unit=area["ankang"], actor=area["heping_staff"])
    assert "org_unit" in error.value.message_dict


@pytest.mark.django_db
def test_community_staff_never_see_another_communitys_residents(area):
    mine = register(area)
    theirs = register(area, community="ankang", name="李娜")
    assert list(selectors.residents_for(area["heping_staff"])) == [mine]
    assert list(selectors.search_residents(area["heping_staff"], "李娜")) == []
    assert list(selectors.search_residents(area["heping_staff"], theirs.id_number)) == []
    assert set(selectors.residents_for(area["street_staff"])) == {mine, theirs}


@pytest.mark.django_db
def test_revealing_full_numbers_needs_the_permission_and_is_audited(area):
    number = valid_id_number()
    resident = register(area, id_number=number, phone="13800138000")
    with pytest.raises(PermissionDenied):
        reveal_identifiers(resident, actor=area["heping_staff"])
    assert AuditEntry.objects.filter(action="resident.reveal", success=False).count() == 1

    allowed = grant_full_numbers(area["heping_staff"])
    assert reveal_identifiers(resident, actor=allowed, reason="低保复核") == {
        "id_number": number,
        "phone": "13800138000",
    }
    entry = AuditEntry.objects.get(action="resident.reveal", success=True)
    assert entry.actor == allowed and entry.detail == {"reason": "低保复核"}

    outsider = grant_full_numbers(area["ankang_staff"])
    with pytest.raises(PermissionDenied):
        reveal_identifiers(resident, actor=outsider)


@pytest.mark.django_db
def test_changes_are_audited_without_full_numbers(area):
    resident = register(area, phone="13800138000")
    update_resident(resident, actor=area["heping_staff"], name="张卫", phone="13900139000", is_veteran=True)
    entry = AuditEntry.objects.get(action="resident.change")
    assert entry.detail["changes"]["name"] == ["张伟", "张卫"]
    assert entry.detail["changes"]["phone"] == ["138****8000", "139****9000"]
    assert "13900139000" not in str(entry.detail)


@pytest.mark.django_db
def test_transfer_keeps_one_record_and_its_history(area):
    resident = register(area)
    transfer_resident(resident, to_org_unit=area["ankang"], on=datetime.date(2026, 3, 1), actor=area["street_staff"])
    resident.refresh_from_db()
    assert resident.org_unit == area["ankang"] and Resident.objects.count() == 1
    change = resident.changes.get()
    assert change.kind == ResidenceChangeKind.TRANSFER and change.from_org_unit == area["heping"]
    assert list(selectors.residents_for(area["heping_staff"])) == []
    assert list(selectors.residents_for(area["ankang_staff"])) == [resident]


@pytest.mark.django_db
def test_death_is_recorded_once_and_not_in_the_future(area):
    resident = register(area)
    with pytest.raises(ValidationError):
        record_death(resident, on=datetime.date.today() + datetime.timedelta(days=1), actor=area["heping_staff"])
    record_death(resident, on=datetime.date(2026, 1, 5), actor=area["heping_staff"])
    assert Resident.objects.get().status == ResidentStatus.DECEASED
    with pytest.raises(ValidationError):
        transfer_resident(resident, to_org_unit=area["ankang"], actor=area["street_staff"])


@pytest.mark.django_db
def test_household_head_is_set_from_the_relation(area):
    household = create_household(org_unit=area["heping"], address="和平里3号楼2单元301", actor=area["heping_staff"])
    head = register(area, household=household, relation_to_head=Relation.HEAD)
    register(area, household=household, relation_to_head=Relation.SPOUSE, name="王芳")
    household.refresh_from_db()
    assert household.head == head
    assert selectors.households_for(area["heping_staff"]).get().member_count == 2
    with pytest.raises(ValidationError):
        register(area, community="ankang", household=household)


@pytest.mark.django_db
def test_organisations_need_a_valid_unique_credit_code(area):
    register_organisation(
        org_unit=area["heping"], name="江城市和平里幼儿园", credit_code="91350100M000100Y43", actor=area["heping_staff"]
    )
    for code in ("91350100M000100Y43", "91350100M000100Y44"):
        with pytest.raises(ValidationError) as error:
            register_organisation(org_unit=area["heping"], name="另一家", credit_code=code, actor=area["heping_staff"])
        assert "credit_code" in error.value.message_dict

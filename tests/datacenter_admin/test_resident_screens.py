"""Resident screens: masking, search, scope, create/edit through the service, reveal, moves, query counts."""

import pytest
from django.urls import reverse

from cms.audit.models import AuditEntry
from services.datacenter.models import Resident, ResidentStatus
from tests.datacenter_admin.conftest import add_resident, assert_refused, make_id_number, make_phone

LIST = reverse("datacenter:residents")


def test_list_shows_masked_numbers_and_never_the_full_ones(clerk_client, area):
    number, phone = make_id_number(), make_phone()
    resident = add_resident(area["first"], "李四", id_number=number, phone=phone)
    body = clerk_client.get(LIST).content.decode()
    assert "李四" in body
    assert resident.id_number_masked in body and resident.phone_masked in body
    assert number not in body and phone not in body


@pytest.mark.parametrize("by", ["id_number", "phone", "name"])
def test_search_finds_by_full_id_number_phone_or_name(clerk_client, area, by):
    number, phone = make_id_number(), make_phone()
    add_resident(area["first"], "王小明", id_number=number, phone=phone)
    add_resident(area["first"], "赵大海")
    query = {"id_number": number.lower(), "phone": phone, "name": "小明"}[by]
    body = clerk_client.get(LIST, {"q": query}).content.decode()
    assert "王小明" in body and "赵大海" not in body


def test_filters_narrow_the_list(clerk_client, area):
    add_resident(area["first"], "独居老人", is_veteran=True)
    add_resident(area["first"], "普通居民")
    body = clerk_client.get(LIST, {"special_group": "veteran"}).content.decode()
    assert "独居老人" in body and "普通居民" not in body


def test_another_communitys_residents_are_absent_and_their_pages_do_not_exist(clerk_client, area):
    mine = add_resident(area["first"], "本社区人")
    theirs_number = make_id_number()
    theirs = add_resident(area["second"], "外社区人", id_number=theirs_number)
    assert "外社区人" not in clerk_client.get(LIST).content.decode()
    assert "外社区人" not in clerk_client.get(LIST, {"q": theirs_number}).content.decode()
    assert "外社区人" not in clerk_client.get(LIST, {"q": "外社区"}).content.decode()
    assert clerk_client.get(reverse("datacenter:resident", args=[mine.pk])).status_code == 200
    for name in ("resident", "resident_edit"):
        assert clerk_client.get(reverse(name.join(["datacenter:", ""]), args=[theirs.pk])).status_code == 404
    assert clerk_client.get(reverse("datacenter:resident_action", args=[theirs.pk, "move-out"])).status_code == 404
    assert clerk_client.get(reverse("datacenter:household", args=[theirs.pk])).status_code == 404


def test_staff_without_data_centre_permission_are_refused(client, area):
    from cms.accounts.models import Role
    from tests.factories import staff

    client.force_login(staff(area["first"], Role.COMMUNITY_EDITOR, username="editor"))
    assert_refused(client.get(LIST))


def resident_post(area, **overrides):
    data = {
        "org_unit": area["first"].pk,
        "name": "钱多多",
        "id_number": make_id_number(),
        "phone": make_phone(),
        "relation_to_head": "other",
        "political_status": "masses",
        "ethnicity": "汉族",
    }
    return {**data, **overrides}


def test_create_registers_through_the_service_and_audits(clerk_client, area):
    response = clerk_client.post(reverse("datacenter:resident_create"), resident_post(area))
    resident = Resident.objects.get(name="钱多多")
    assert response.status_code == 302 and response["Location"] == reverse("datacenter:resident", args=[resident.pk])
    assert AuditEntry.objects.filter(action="resident.create", object_id=str(resident.pk)).exists()


def test_create_with_a_bad_id_number_explains_and_saves_nothing(clerk_client, area):
    number = make_id_number()
    corrupted = number[:17] + ("0" if number[17] != "0" else "1")
    response = clerk_client.post(reverse("datacenter:resident_create"), resident_post(area, id_number=corrupted))
    assert response.status_code == 200
    assert response.context["form"].errors["id_number"]
    assert not Resident.objects.exists()


def test_create_with_a_registered_id_number_says_where_and_saves_nothing(clerk_client, area):
    number = make_id_number()
    add_resident(area["first"], "原登记人", id_number=number)
    response = clerk_client.post(reverse("datacenter:resident_create"), resident_post(area, id_number=number))
    assert response.status_code == 200
    message = " ".join(response.context["form"].errors["id_number"])
    assert "原登记人" in message and "和平里社区" in message
    assert Resident.objects.count() == 1


def test_edit_keeps_the_number_when_left_empty_and_records_changes(clerk_client, area):
    resident = add_resident(area["first"], "孙悟空")
    data = resident_post(area, name="孙大圣", id_number="", phone="")
    data.pop("org_unit")
    response = clerk_client.post(reverse("datacenter:resident_edit", args=[resident.pk]), data)
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.name == "孙大圣" and resident.id_number_hash
    entry = AuditEntry.objects.get(action="resident.change", object_id=str(resident.pk))
    assert entry.detail["changes"]["name"] == ["孙悟空", "孙大圣"]


def test_reveal_needs_the_permission(clerk_client, area):
    number = make_id_number()
    resident = add_resident(area["first"], "周密", id_number=number)
    detail = clerk_client.get(reverse("datacenter:resident", args=[resident.pk])).content.decode()
    assert reverse("datacenter:resident_reveal", args=[resident.pk]) not in detail
    response = clerk_client.post(reverse("datacenter:resident_reveal", args=[resident.pk]))
    assert_refused(response)
    assert number not in response.content.decode()


def test_reveal_shows_the_full_number_and_is_audited(client, officer, area):
    number, phone = make_id_number(), make_phone()
    resident = add_resident(area["first"], "吴用", id_number=number, phone=phone)
    client.force_login(officer)
    detail = client.get(reverse("datacenter:resident", args=[resident.pk])).content.decode()
    assert number not in detail and reverse("datacenter:resident_reveal", args=[resident.pk]) in detail
    response = client.post(reverse("datacenter:resident_reveal", args=[resident.pk]), {"reason": "核对低保"})
    body = response.content.decode()
    assert number in body and phone in body
    entry = AuditEntry.objects.get(action="resident.reveal", object_id=str(resident.pk))
    assert entry.actor == officer and entry.success and entry.detail["reason"] == "核对低保"


def test_history_lists_changes_and_audit_entries(clerk_client, area):
    resident = add_resident(area["first"], "郑和")
    clerk_client.post(reverse("datacenter:resident_action", args=[resident.pk, "move-out"]), {"note": "搬家"})
    resident.refresh_from_db()
    assert resident.status == ResidentStatus.MOVED_OUT
    body = clerk_client.get(reverse("datacenter:resident", args=[resident.pk])).content.decode()
    assert "搬家" in body and "resident.move_out" in body and "resident.create" in body


def test_transfer_to_another_community_hands_the_record_over(clerk_client, area):
    resident = add_resident(area["first"], "徐霞客")
    response = clerk_client.post(
        reverse("datacenter:resident_action", args=[resident.pk, "transfer"]), {"to_org_unit": area["second"].pk}
    )
    assert response.status_code == 302 and response["Location"] == LIST
    resident.refresh_from_db()
    assert resident.org_unit == area["second"]
    assert clerk_client.get(reverse("datacenter:resident", args=[resident.pk])).status_code == 404


def test_death_in_the_future_is_refused(clerk_client, area):
    resident = add_resident(area["first"], "李白")
    response = clerk_client.post(
        reverse("datacenter:resident_action", args=[resident.pk, "death"]), {"on": "2999-01-01"}
    )
    assert response.status_code == 200 and response.context["form"].errors["on"]
    resident.refresh_from_db()
    assert resident.status == ResidentStatus.ACTIVE


def count_list_queries(client, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit) as queries:
        assert client.get(LIST).status_code == 200
    return len(queries)


def test_resident_list_queries_do_not_grow_with_residents(clerk_client, area, django_assert_max_num_queries):
    from services.datacenter.services import create_household

    household = create_household(org_unit=area["first"], address="和平路1号")
    for index in range(5):
        add_resident(area["first"], f"甲{index}", household=household)
    few = count_list_queries(clerk_client, django_assert_max_num_queries, 20)
    for index in range(45):
        add_resident(area["first"], f"乙{index}", household=household)
    many = count_list_queries(clerk_client, django_assert_max_num_queries, 20)
    assert many == few


def test_household_page_lists_members_in_one_query(clerk_client, area, django_assert_max_num_queries):
    from services.datacenter.services import create_household

    household = create_household(org_unit=area["first"], address="和平路2号")
    add_resident(area["first"], "户主甲", household=household, relation_to_head="head")
    for index in range(10):
        add_resident(area["first"], f"成员{index}", household=household, relation_to_head="child")
    with django_assert_max_num_queries(20):
        body = clerk_client.get(reverse("datacenter:household", args=[household.pk])).content.decode()
    assert "户主甲" in body and "成员9" in body


def test_organisation_with_a_bad_credit_code_is_explained(clerk_client, area):
    response = clerk_client.post(
        reverse("datacenter:organisation_create"),
        {"org_unit": area["first"].pk, "name": "某公司", "credit_code": "91330100MA2ABCDE1X", "kind": "company"},
    )
    assert response.status_code == 200 and response.context["form"].errors["credit_code"]


def test_organisation_registration_and_scope(clerk_client, other_clerk, area, client):
    from services.datacenter.idnumbers import credit_code_check_character

    first_17 = "91330100MA2H12345"
    code = first_17 + credit_code_check_character(first_17)
    response = clerk_client.post(
        reverse("datacenter:organisation_create"),
        {"org_unit": area["first"].pk, "name": "江城科技有限公司", "credit_code": code, "kind": "company"},
    )
    assert response.status_code == 302
    assert "江城科技有限公司" in clerk_client.get(reverse("datacenter:organisations")).content.decode()
    client.force_login(other_clerk)
    assert "江城科技有限公司" not in client.get(reverse("datacenter:organisations")).content.decode()

"""Resident and household fields link to data-centre records that exist and lie in the user's area."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from services.business_modules.models import ModuleRecord
from services.business_modules.selectors import display_value, linked_labels
from services.business_modules.services import add_field, update_record
from tests.business_modules.conftest import add_visit


@pytest.fixture
def datacenter(area, people):
    """A resident and a household in each of 和平里 and 安康 (skipped only while the data centre is missing)."""
    try:
        apps.get_model("datacenter", "Resident")
        apps.get_model("datacenter", "Household")
    except LookupError:
        pytest.skip("the data centre models do not exist yet")
    from services.datacenter.services import create_household, register_resident
    from tests.datacenter.conftest import valid_id_number

    made = {}
    for unit in ("heping", "ankang"):
        household = create_household(org_unit=area[unit], address=f"{unit}路1号", actor=people["street"])
        made[f"{unit}_household"] = household
        made[f"{unit}_resident"] = register_resident(
            org_unit=area[unit], id_number=valid_id_number(), name=f"{unit}居民", household=household,
            actor=people["street"],
        )  # fmt: skip
    return made


@pytest.fixture
def linked_module(module, people):
    add_field(module, key="person", label="走访对象", kind="resident", show_in_list=True, actor=people["street"])
    add_field(module, key="family", label="家庭", kind="household", actor=people["street"])
    module.forget_fields()
    return module


@pytest.mark.django_db
def test_a_resident_and_household_of_ones_own_community_are_linked_by_id(linked_module, datacenter, area, people):
    resident, household = datacenter["heping_resident"], datacenter["heping_household"]
    record = add_visit(linked_module, area["heping"], people["heping"], person=str(resident.pk), family=household.pk)
    assert record.data["person"] == resident.pk and record.data["family"] == household.pk
    fields = linked_module.active_fields()
    labels = linked_labels(fields, [record])
    person = next(field for field in fields if field.key == "person")
    assert display_value(person, record.data["person"], labels) == str(resident)


@pytest.mark.django_db
def test_a_resident_of_another_community_is_refused_and_nothing_is_saved(linked_module, datacenter, area, people):
    other = datacenter["ankang_resident"]
    with pytest.raises(ValidationError) as caught:
        add_visit(linked_module, area["heping"], people["heping"], person=other.pk)
    assert caught.value.message_dict["person"] == [f"No 走访对象 with number {other.pk} in your area."]
    with pytest.raises(ValidationError) as caught:  # the street sees both, but the record is 和平里's
        add_visit(linked_module, area["heping"], people["street"], family=datacenter["ankang_household"].pk)
    assert "belongs to 安康社区" in caught.value.message_dict["family"][0]
    with pytest.raises(ValidationError) as caught:
        add_visit(linked_module, area["heping"], people["heping"], person="999999")
    assert "person" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        add_visit(linked_module, area["heping"], people["heping"], person="王芳")
    assert caught.value.message_dict["person"] == ["Enter the number of a record in the data centre."]
    assert not ModuleRecord.objects.exists()


@pytest.mark.django_db
def test_editing_keeps_a_valid_link_and_refuses_a_foreign_one(linked_module, datacenter, area, people):
    record = add_visit(linked_module, area["heping"], people["heping"], person=datacenter["heping_resident"].pk)
    with pytest.raises(ValidationError):
        update_record(record, data={**record.data, "person": datacenter["ankang_resident"].pk}, actor=people["heping"])
    record.refresh_from_db()
    assert record.data["person"] == datacenter["heping_resident"].pk


@pytest.mark.django_db
def test_the_admin_list_shows_the_linked_resident_without_extra_queries_per_row(
    client, linked_module, datacenter, area, people
):
    for _index in range(3):
        add_visit(linked_module, area["heping"], people["heping"], person=datacenter["heping_resident"].pk)
    client.force_login(people["heping"])
    response = client.get(f"/admin/business-modules/{linked_module.pk}/")
    assert str(datacenter["heping_resident"]) in response.content.decode()
    response = client.post(
        f"/admin/business-modules/{linked_module.pk}/new/",
        {"org_unit": area["heping"].pk, "name": "甲", "category": "低保", "person": datacenter["ankang_resident"].pk},
    )
    assert "person" in response.context["form"].errors
    assert ModuleRecord.objects.count() == 3


@pytest.mark.django_db
def test_the_record_form_offers_the_data_centres_choosers_for_links(client, linked_module, datacenter, area, people):
    client.force_login(people["heping"])
    page = client.get(f"/admin/business-modules/{linked_module.pk}/new/").content.decode()
    assert "/admin/datacenter/choose/resident/" in page and "/admin/datacenter/choose/household/" in page
    response = client.post(
        f"/admin/business-modules/{linked_module.pk}/new/",
        {"org_unit": area["heping"].pk, "name": "甲", "category": "低保", "person": datacenter["heping_resident"].pk},
    )
    assert response.status_code == 302
    assert ModuleRecord.objects.get().data["person"] == datacenter["heping_resident"].pk

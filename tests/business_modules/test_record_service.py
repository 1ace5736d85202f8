"""Record values go through validate_record_data: typed, checked against the field rules, and keyed by field key."""

import pytest
from django.core.exceptions import ValidationError

from cms.audit.models import AuditEntry
from services.business_modules.models import ModuleRecord
from services.business_modules.services import (
    add_field,
    set_field_retired,
    update_field,
    update_record,
    validate_record_data,
)
from tests.business_modules.conftest import add_visit


@pytest.mark.django_db
def test_a_record_stores_typed_values_under_field_keys(module, area, people):
    record = add_visit(
        module,
        area["heping"],
        people["heping"],
        name=" 王芳 ",
        phone="13800138000",
        age="70",
        amount="12.50",
        visited_on="2024/03/08",
        needs=["住房", "医疗"],
        lives_alone="true",
    )
    record.refresh_from_db()
    assert record.data == {
        "name": "王芳",
        "phone": "13800138000",
        "age": 70,
        "amount": 12.5,
        "visited_on": "2024-03-08",
        "category": "低保",
        "needs": ["医疗", "住房"],  # in the order the choices were defined
        "lives_alone": True,
    }
    assert record.created_by == people["heping"]
    assert AuditEntry.objects.filter(action="business_module.record.create", object_id=str(record.pk)).exists()


@pytest.mark.parametrize(
    ("values", "key", "message"),
    [
        ({"age": "seventy"}, "age", "Enter a number."),
        ({"age": "151"}, "age", "Enter a number of at most 150."),
        ({"age": "-1"}, "age", "Enter a number of at least 0."),
        ({"age": "NaN"}, "age", "Enter a number."),
        ({"visited_on": "2024-02-30"}, "visited_on", "Enter a date such as 2024-03-08."),
        ({"visited_on": "2019-12-31"}, "visited_on", "Enter a date on or after 2020-01-01."),
        ({"category": "五保"}, "category", "五保 is not one of the choices."),
        ({"category": ""}, "category", "类别 is required."),
        ({"name": ""}, "name", "姓名 is required."),
        ({"name": "长" * 21}, "name", "Enter at most 20 characters (you entered 21)."),
        ({"needs": ["医疗", "养老"]}, "needs", "养老 is not one of the choices."),
        ({"phone": "12345"}, "phone", "请输入11位手机号码"),
        ({"lives_alone": "maybe"}, "lives_alone", "Answer yes or no."),
    ],
)
@pytest.mark.django_db
def test_bad_values_are_refused_with_a_message_per_field_and_nothing_is_saved(
    module, area, people, values, key, message
):
    with pytest.raises(ValidationError) as caught:
        add_visit(module, area["heping"], people["heping"], **values)
    assert caught.value.message_dict[key] == [message]
    assert not ModuleRecord.objects.exists()


@pytest.mark.django_db
def test_several_bad_values_are_reported_together(module):
    with pytest.raises(ValidationError) as caught:
        validate_record_data(module, {"age": "x", "category": "?"})
    assert set(caught.value.message_dict) == {"name", "age", "category"}


@pytest.mark.django_db
def test_messages_follow_the_users_language(module):
    from django.utils import translation

    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        validate_record_data(module, {"name": "甲", "category": "低保", "age": "x"})
    assert caught.value.message_dict["age"] == ["请输入数字。"]  # the project's catalogue


@pytest.mark.django_db
def test_a_record_outside_the_module_or_the_users_area_is_refused(module, area, people):
    with pytest.raises(ValidationError) as caught:
        add_visit(module, area["binhe"], people["street"])  # another street: does not use this module
    assert "org_unit" in caught.value.message_dict
    with pytest.raises(ValidationError):
        add_visit(module, area["ankang"], people["heping"])  # a neighbour community
    assert not ModuleRecord.objects.exists()


@pytest.mark.django_db
def test_renaming_a_field_label_keeps_the_values(module, visits, people):
    name = module.fields.get(key="name")
    update_field(name, label="户主姓名", required=True, max_length=20, actor=people["street"])
    module.forget_fields()
    record = ModuleRecord.objects.get(pk=visits[0].pk)
    assert record.data["name"] == "王芳"
    assert [field.label for field in module.active_fields()][0] == "户主姓名"


@pytest.mark.django_db
def test_retiring_a_field_hides_it_but_editing_the_record_keeps_its_value(module, visits, people):
    set_field_retired(module.fields.get(key="amount"), True, actor=people["street"])
    module.forget_fields()
    assert "amount" not in [field.key for field in module.active_fields()]
    record = ModuleRecord.objects.get(pk=visits[0].pk)
    update_record(record, data={"name": "王芳芳", "category": "特困"}, actor=people["heping"])
    record.refresh_from_db()
    assert record.data["amount"] == 100  # retired, untouched
    assert record.data["name"] == "王芳芳"
    assert "age" not in record.data  # an active field left empty is cleared
    set_field_retired(module.fields.get(key="amount"), False, actor=people["street"])
    assert ModuleRecord.objects.get(pk=record.pk).data["amount"] == 100


@pytest.mark.django_db
def test_a_field_added_later_works_for_old_records(module, visits, area, people):
    add_field(module, key="remark", label="备注", kind="text", required=True, actor=people["street"])
    module.refresh_from_db()
    old = ModuleRecord.objects.get(pk=visits[0].pk)
    assert "remark" not in old.data
    with pytest.raises(ValidationError) as caught:  # now required: editing the old record asks for it
        update_record(old, data=dict(old.data), actor=people["heping"])
    assert caught.value.message_dict["remark"] == ["备注 is required."]
    update_record(old, data={**old.data, "remark": "已回访"}, actor=people["heping"])
    old.refresh_from_db()
    assert old.data["remark"] == "已回访" and old.data["age"] == 70


@pytest.mark.django_db
def test_update_is_refused_for_a_record_outside_the_users_area(module, visits, people):
    with pytest.raises(ValidationError):
        update_record(visits[3], data={"name": "x", "category": "低保"}, actor=people["heping"])
    visits[3].refresh_from_db()
    assert visits[3].data["name"] == "孙伟"


@pytest.mark.django_db
def test_field_definitions_are_checked(module, people):
    actor = people["street"]
    with pytest.raises(ValidationError) as caught:
        add_field(module, label="状态", kind="choice", choices=[], actor=actor)
    assert "choices" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        add_field(module, label="编号", kind="text", pattern="([a-z", actor=actor)
    assert "pattern" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        add_field(module, key="name", label="重名", kind="text", actor=actor)
    assert "key" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        add_field(module, key="Bad Key", label="坏键", kind="text", actor=actor)
    assert "key" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        add_field(module, label="附件", kind="file", is_filter=True, actor=actor)
    assert "is_filter" in caught.value.message_dict
    generated = add_field(module, label="备注", kind="text", actor=actor)
    assert generated.key.startswith("f")


@pytest.mark.django_db
def test_a_file_field_stores_the_upload_and_keeps_it_on_edit(module, area, people, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    add_field(module, key="photo", label="照片", kind="file", actor=people["street"])
    module.forget_fields()
    upload = SimpleUploadedFile("visit.jpg", b"\xff\xd8\xff fake jpeg", content_type="image/jpeg")
    record = add_visit(module, area["heping"], people["heping"], photo=upload)
    file_id = record.data["photo"]
    assert isinstance(file_id, int)
    update_record(record, data={**record.data, "name": "改名"}, actor=people["heping"])
    assert ModuleRecord.objects.get(pk=record.pk).data["photo"] == file_id
    with pytest.raises(ValidationError) as caught:
        add_visit(module, area["heping"], people["heping"], photo=SimpleUploadedFile("run.exe", b"MZ"))
    assert "photo" in caught.value.message_dict
    with pytest.raises(ValidationError):  # another record's file cannot be borrowed by id
        add_visit(module, area["heping"], people["heping"], photo=file_id)

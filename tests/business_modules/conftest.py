"""A street with two communities, staff allowed to use business modules, and one module defined by the street."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.utils import translation

from cms.accounts.models import Role
from cms.orgs.services import create_org_unit
from services.business_modules.services import add_field, create_module, create_record
from tests.factories import staff

RECORD_PERMISSIONS = ["view_modulerecord", "add_modulerecord", "change_modulerecord", "delete_modulerecord"]


def grant(user, *codenames):
    """Give a user business-module permissions (roles do not carry them yet) and return a fresh object."""
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="business_modules", codename__in=codenames)
    )
    return type(user).objects.get(pk=user.pk)  # permission caches are per instance


@pytest.fixture(autouse=True)
def english():
    """Assert on the English msgids; the language test switches to Chinese itself."""
    with translation.override("en"):
        yield


@pytest.fixture
def area(db):
    city = create_org_unit(name="江城市", code="330100", level="city")
    district = create_org_unit(name="东湖区", code="330102", level="district", parent=city)
    street = create_org_unit(name="和平街道", code="330102001", level="street", parent=district)
    heping = create_org_unit(name="和平里社区", code="330102001001", level="community", parent=street)
    ankang = create_org_unit(name="安康社区", code="330102001002", level="community", parent=street)
    other_street = create_org_unit(name="滨河街道", code="330102002", level="street", parent=district)
    binhe = create_org_unit(name="滨河社区", code="330102002001", level="community", parent=other_street)
    return {
        "city": city, "district": district, "street": street, "heping": heping, "ankang": ankang,
        "other_street": other_street, "binhe": binhe,
    }  # fmt: skip


@pytest.fixture
def people(area):
    return {
        "heping": grant(staff(area["heping"], Role.COMMUNITY_STAFF, username="heping_clerk"), *RECORD_PERMISSIONS),
        "ankang": grant(staff(area["ankang"], Role.COMMUNITY_STAFF, username="ankang_clerk"), *RECORD_PERMISSIONS),
        "street": grant(
            staff(area["street"], Role.STREET_STAFF, username="street_clerk"),
            "change_businessmodule",
            *RECORD_PERMISSIONS,
        ),
        "binhe": grant(staff(area["binhe"], Role.COMMUNITY_STAFF, username="binhe_clerk"), *RECORD_PERMISSIONS),
    }


@pytest.fixture
def module(area, people):
    """困难群众走访 (visits to families in difficulty), defined by the street for its communities."""
    actor = people["street"]
    module = create_module(name="困难群众走访", org_unit=area["street"], actor=actor, description="每月走访记录")
    add_field(
        module,
        key="name",
        label="姓名",
        kind="text",
        required=True,
        max_length=20,
        show_in_list=True,
        is_filter=True,
        actor=actor,
    )
    add_field(
        module,
        key="phone",
        label="电话",
        kind="text",
        pattern=r"^1\d{10}$",
        pattern_message="请输入11位手机号码",
        actor=actor,
    )
    add_field(
        module,
        key="age",
        label="年龄",
        kind="number",
        min_value=0,
        max_value=150,
        show_in_list=True,
        is_filter=True,
        actor=actor,
    )
    add_field(module, key="amount", label="补助金额", kind="number", min_value=0, actor=actor)
    add_field(
        module,
        key="visited_on",
        label="走访日期",
        kind="date",
        min_date=datetime.date(2020, 1, 1),
        is_filter=True,
        show_in_list=True,
        actor=actor,
    )
    add_field(
        module,
        key="category",
        label="类别",
        kind="choice",
        choices=["低保", "特困", "残疾"],
        required=True,
        show_in_list=True,
        is_filter=True,
        actor=actor,
    )
    add_field(
        module,
        key="needs",
        label="需求",
        kind="multi_choice",
        choices=["医疗", "住房", "就业"],
        is_filter=True,
        actor=actor,
    )
    add_field(module, key="lives_alone", label="独居", kind="boolean", is_filter=True, actor=actor)
    return module  # fmt: skip


def add_visit(module, unit, user, **values):
    data = {"name": "张三", "category": "低保", **values}
    return create_record(module, org_unit=unit, data=data, actor=user)


@pytest.fixture
def visits(module, area, people):
    """Five records with worked numbers: 和平里 3 (amounts 100, 200, 300), 安康 2 (amounts 50, 150)."""
    heping, ankang = people["heping"], people["ankang"]
    return [
        add_visit(module, area["heping"], heping, name="王芳", age=70, amount=100, category="低保",
                  needs=["医疗", "住房"], lives_alone=True, visited_on="2024-03-01"),
        add_visit(module, area["heping"], heping, name="李强", age=45, amount=200, category="特困",
                  needs=["就业"], lives_alone=False, visited_on="2024-04-15"),
        add_visit(module, area["heping"], heping, name="赵敏", age=82, amount=300, category="低保",
                  needs=["医疗"], lives_alone=True, visited_on="2024-05-20"),
        add_visit(module, area["ankang"], ankang, name="孙伟", age=60, amount=50, category="残疾",
                  needs=["住房"], visited_on="2024-03-10"),
        add_visit(module, area["ankang"], ankang, name="周丽", age=33, amount=150, category="低保",
                  needs=[], lives_alone=False, visited_on="2024-06-01"),
    ]  # fmt: skip

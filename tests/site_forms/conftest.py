"""A community network with one resident form on each of two community sites."""

import pytest
from django.core.cache import cache

from services.datacenter.idnumbers import id_check_character
from sites.collection.models import FormField, FormPage


def valid_id_number(first_17="11010519491231002"):
    return first_17 + id_check_character(first_17)


def add_form_page(home, title="居民信息登记", slug="registration"):
    page = FormPage(title=title, slug=slug, introduction="请如实填写。", thank_you_text="我们会尽快联系您。")
    page.form_fields = [
        FormField(label="姓名", field_type="singleline", required=True),
        FormField(label="联系电话", field_type="phone", required=True),
        FormField(label="身份证号码", field_type="id_number", required=True),
        FormField(label="预约日期", field_type="date", required=False),
        FormField(label="服务类型", field_type="dropdown", required=True, choices="养老服务\n社会救助\n就业登记"),
    ]
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def field_names(page):
    """clean_name by field type, as the form posts them."""
    return {field.field_type: field.clean_name for field in page.get_form_fields()}


def good_answers(page, **overrides):
    names = field_names(page)
    answers = {
        names["singleline"]: "王小明",
        names["phone"]: "138 0013 8000",
        names["id_number"]: valid_id_number(),
        names["date"]: "2026-12-01",
        names["dropdown"]: "社会救助",
    }
    answers.update({names.get(key, key): value for key, value in overrides.items()})
    return answers


@pytest.fixture(autouse=True)
def empty_rate_limit_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def forms_network(network):
    site_a, site_b = network["sites"]
    return {
        **network,
        "form_a": add_form_page(site_a.home, title="第一社区居民登记"),
        "form_b": add_form_page(site_b.home, title="第二社区满意度调查", slug="survey"),
    }

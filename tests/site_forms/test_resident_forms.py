"""Residents fill in a form page: validated phone and ID numbers, a reference number, nothing saved on bad input."""

import json

import pytest
from django.utils.html import escape
from django.utils.translation import gettext as _

from cms.personal_data import decrypt_text
from sites.collection.forms import HONEYPOT_FIELD
from sites.collection.models import FormPageSubmission
from tests.site_forms.conftest import field_names, good_answers, valid_id_number


def error_codes(response):
    """Codes of the form-wide errors (our own messages reach the catalogue when the lead merges it)."""
    return [error.code for error in response.context["form"].non_field_errors().as_data()]


def post(client, page, data, host="c1.localhost"):
    return client.post(page.url_path[len(page.get_parent().url_path) - 1 :], data, HTTP_HOST=host)


@pytest.mark.django_db
def test_a_site_can_add_a_form_page(forms_network, client):
    from sites.collection.models import FormPage
    from sites.models import CommunityHomePage, PortalHomePage

    assert FormPage in CommunityHomePage.allowed_subpage_models()
    assert FormPage in PortalHomePage.allowed_subpage_models()
    response = client.get("/registration/", HTTP_HOST="c1.localhost")
    assert response.status_code == 200
    html = response.content.decode()
    assert "第一社区居民登记" in html and 'name="csrfmiddlewaretoken"' in html
    assert 'type="date"' in html and "养老服务" in html


@pytest.mark.django_db
def test_a_good_submission_gets_a_reference_number_and_stores_the_id_number_masked(forms_network, client):
    page = forms_network["form_a"]
    response = post(client, page, good_answers(page))
    assert response.status_code == 200
    submission = FormPageSubmission.objects.get()
    assert submission.reference.startswith("XJ") and submission.reference in response.content.decode()
    assert "我们会尽快联系您。" in response.content.decode()
    names = field_names(page)
    number = valid_id_number()
    assert submission.form_data[names["id_number"]] == "110105********" + number[-4:]
    assert submission.form_data[names["phone"]] == "13800138000"
    assert number not in json.dumps(submission.form_data)
    assert json.loads(decrypt_text(submission.protected_data)) == {names["id_number"]: number}


@pytest.mark.django_db
def test_reference_numbers_are_unique(forms_network, client):
    page = forms_network["form_a"]
    for _attempt in range(3):
        assert post(client, page, good_answers(page)).status_code == 200
    assert len(set(FormPageSubmission.objects.values_list("reference", flat=True))) == 3


@pytest.mark.django_db
@pytest.mark.parametrize("phone", ["12345", "2380013800", "1380013800a", "138001380001"])
def test_a_malformed_phone_is_refused_in_chinese_and_nothing_is_saved(forms_network, client, phone):
    page = forms_network["form_a"]
    response = post(client, page, good_answers(page, phone=phone))
    assert response.status_code == 200
    assert "请输入 11 位手机号码或带区号的固定电话号码。" in response.content.decode()
    assert not FormPageSubmission.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("id_number", "message"),
    [
        (valid_id_number()[:-1] + ("0" if valid_id_number()[-1] != "0" else "1"), "身份证号校验位不正确"),
        ("11010519491231", "18"),
        ("99010519491231002X", "99010"),
        ("11010519491331002X", "19491331"),
    ],
)
def test_a_malformed_id_number_is_refused_in_chinese_and_nothing_is_saved(forms_network, client, id_number, message):
    page = forms_network["form_a"]
    response = post(client, page, good_answers(page, id_number=id_number))
    html = response.content.decode()
    assert 'class="resident-form__error"' in html and message in html
    assert "身份证" in html  # the message is the Chinese one
    assert not FormPageSubmission.objects.exists()


@pytest.mark.django_db
def test_required_choice_and_date_fields_are_checked(forms_network, client):
    page = forms_network["form_a"]
    response = post(client, page, good_answers(page, singleline="", dropdown="不存在的选项", date="2026-13-45"))
    html = response.content.decode()
    assert "必需字段" in html
    assert "选择一个有效的选项" in html
    assert "输入一个有效的日期。" in html
    assert not FormPageSubmission.objects.exists()


@pytest.mark.django_db
def test_a_filled_honeypot_is_refused_and_nothing_is_saved(forms_network, client):
    page = forms_network["form_a"]
    response = post(client, page, {**good_answers(page), HONEYPOT_FIELD: "http://spam.example"})
    assert error_codes(response) == ["honeypot"]
    assert escape(_("Your submission was not accepted. Please try again.")) in response.content.decode()
    assert not FormPageSubmission.objects.exists()


@pytest.mark.django_db
def test_the_honeypot_is_hidden_from_people(forms_network, client):
    html = client.get("/registration/", HTTP_HOST="c1.localhost").content.decode()
    assert f'name="{HONEYPOT_FIELD}"' in html
    assert 'class="resident-form__trap" aria-hidden="true"' in html


@pytest.mark.django_db
def test_too_many_submissions_from_one_address_are_refused(forms_network, client, settings):
    settings.FORM_SUBMISSION_RATE_LIMIT = (2, 600)
    page = forms_network["form_a"]
    for _attempt in range(2):
        assert post(client, page, good_answers(page)).status_code == 200
    response = post(client, page, good_answers(page))
    assert response.status_code == 429
    assert "rate_limited" in error_codes(response)
    assert escape(_("Too many submissions from your network. Please wait a few minutes and try again.")) in (
        response.content.decode()
    )
    assert FormPageSubmission.objects.count() == 2
    # Another address is not affected.
    other = client.post("/registration/", good_answers(page), HTTP_HOST="c1.localhost", REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200
    assert FormPageSubmission.objects.count() == 3


@pytest.mark.django_db
def test_form_page_queries_do_not_grow_with_its_fields(forms_network, client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sites.collection.models import FormField

    page = forms_network["form_a"]
    client.get("/registration/", HTTP_HOST="c1.localhost")
    with CaptureQueriesContext(connection) as few:
        client.get("/registration/", HTTP_HOST="c1.localhost")
    for index in range(10):
        FormField.objects.create(page=page, label=f"问题{index + 1}", field_type="radio", choices="是\n否")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/registration/", HTTP_HOST="c1.localhost")
    assert "问题10" in response.content.decode()

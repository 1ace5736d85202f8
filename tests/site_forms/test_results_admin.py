"""Results in the admin: each editor sees their own site's forms only; the Excel export masks ID numbers."""

import io

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from cms.audit.models import AuditEntry
from cms.spreadsheets import read_rows
from sites.collection.models import FormPageSubmission
from tests.factories import site_editor
from tests.site_forms.conftest import good_answers, valid_id_number


def submit(client, page, host, count=1):
    for _attempt in range(count):
        response = client.post(f"/{page.slug}/", good_answers(page), HTTP_HOST=host)
        assert response.status_code == 200


@pytest.fixture
def editor_a(forms_network, client):
    editor = site_editor(forms_network["sites"][0], forms_network["communities"][0], username="forms_editor_a")
    return editor


@pytest.mark.django_db
def test_editors_see_only_their_own_sites_forms(forms_network, editor_a, client):
    client.force_login(editor_a)
    response = client.get(reverse("wagtailforms:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "第一社区居民登记" in html
    assert "第二社区满意度调查" not in html


@pytest.mark.django_db
def test_editors_cannot_open_another_sites_results(forms_network, editor_a, client):
    submit(client, forms_network["form_b"], "c2.localhost")
    client.force_login(editor_a)
    own = client.get(reverse("wagtailforms:list_submissions", args=[forms_network["form_a"].pk]))
    assert own.status_code == 200
    other = client.get(reverse("wagtailforms:list_submissions", args=[forms_network["form_b"].pk]))
    assert other.status_code in (302, 403)
    export = client.get(reverse("wagtailforms:list_submissions", args=[forms_network["form_b"].pk]) + "?export=xlsx")
    assert export.status_code in (302, 403)
    assert "spreadsheetml" not in export.get("Content-Type", "")


@pytest.mark.django_db
def test_results_screen_shows_id_numbers_masked(forms_network, editor_a, client):
    page = forms_network["form_a"]
    submit(client, page, "c1.localhost")
    client.force_login(editor_a)
    html = client.get(reverse("wagtailforms:list_submissions", args=[page.pk])).content.decode()
    number = valid_id_number()
    assert number not in html
    assert "110105********" + number[-4:] in html
    assert FormPageSubmission.objects.get().reference in html


@pytest.mark.django_db
@pytest.mark.parametrize("export_format", ["xlsx", "csv"])
def test_excel_export_masks_id_numbers_and_is_audited(forms_network, editor_a, client, export_format):
    page = forms_network["form_a"]
    submit(client, page, "c1.localhost", count=2)
    client.force_login(editor_a)
    response = client.get(reverse("wagtailforms:list_submissions", args=[page.pk]) + f"?export={export_format}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    rows = list(read_rows(io.BytesIO(response.content)))
    assert len(rows) == 2
    number = valid_id_number()
    assert {row.values["身份证号码"] for row in rows} == {"110105********" + number[-4:]}
    assert {row.values["联系电话"] for row in rows} == {"13800138000"}
    references = set(FormPageSubmission.objects.values_list("reference", flat=True))
    assert {row.values[str(_("Reference number"))] for row in rows} == references
    assert AuditEntry.objects.filter(action="site_forms.export", actor=editor_a).count() == 1


@pytest.mark.django_db
def test_results_list_queries_do_not_grow_with_submissions(
    forms_network, editor_a, client, django_assert_max_num_queries
):
    page = forms_network["form_a"]
    submit(client, page, "c1.localhost", count=3)
    client.force_login(editor_a)
    url = reverse("wagtailforms:list_submissions", args=[page.pk])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    FormPageSubmission.objects.bulk_create(
        FormPageSubmission(page=page, form_data={"x": 1}, reference=f"XJ-TEST-{index}") for index in range(15)
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200

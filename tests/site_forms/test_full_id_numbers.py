"""Full ID numbers of form submissions: only for staff holding the data centre's explicit permission, on
forms of their own site and area, through a POST or a separate export, and every look is audited."""

import io

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from cms.accounts.models import Role
from cms.audit.models import AuditEntry
from cms.orgs.services import create_org_unit
from cms.spreadsheets import read_rows
from sites.collection.models import FormPageSubmission
from tests.factories import site_editor, staff
from tests.site_forms.conftest import good_answers, valid_id_number

NUMBER = valid_id_number()
MASKED = "110105********" + NUMBER[-4:]


def grant_full_numbers(user):
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="datacenter", codename="view_full_id_number")
    )
    return type(user).objects.get(pk=user.pk)  # a fresh object: permissions are cached per instance


def submit(client, page, host, count=1):
    for _attempt in range(count):
        assert client.post(f"/{page.slug}/", good_answers(page), HTTP_HOST=host).status_code == 200
    return FormPageSubmission.objects.filter(page=page).order_by("pk").last()


@pytest.fixture
def people(forms_network):
    site_a, site_b = forms_network["sites"]
    community_a, community_b = forms_network["communities"]
    return {
        "editor_a": site_editor(site_a, community_a, username="plain_editor_a"),
        "officer_a": grant_full_numbers(site_editor(site_a, community_a, username="officer_a")),
        "officer_b": grant_full_numbers(site_editor(site_b, community_b, username="officer_b")),
    }


@pytest.fixture
def submission_a(forms_network, client):
    submission = submit(client, forms_network["form_a"], "c1.localhost")
    client.logout()
    return submission


def reveal(client, submission, reason="核对身份"):
    return client.post(reverse("site_forms:reveal", args=[submission.pk]), {"reason": reason})


@pytest.mark.django_db
def test_submission_screen_shows_the_id_number_masked_until_revealed(people, submission_a, client):
    client.force_login(people["officer_a"])
    html = client.get(reverse("site_forms:submission", args=[submission_a.pk])).content.decode()
    assert MASKED in html
    assert NUMBER not in html
    assert submission_a.reference in html
    assert reverse("site_forms:reveal", args=[submission_a.pk]) in html  # the reveal button is a form
    assert not AuditEntry.objects.filter(action="site_forms.reveal").exists()


@pytest.mark.django_db
def test_staff_with_the_full_number_permission_see_the_full_id_number_and_it_is_audited(people, submission_a, client):
    officer = people["officer_a"]
    client.force_login(officer)
    response = reveal(client, submission_a)
    assert response.status_code == 200
    assert NUMBER in response.content.decode()
    assert "no-store" in response["Cache-Control"]  # the admin's own never_cache: kept in no browser cache
    entry = AuditEntry.objects.get(action="site_forms.reveal")
    assert (entry.actor, entry.success, entry.object_id) == (officer, True, str(submission_a.pk))
    assert entry.object_repr == submission_a.reference  # never the answers themselves
    assert entry.org_unit == submission_a.page.specific.get_parent().specific.org_unit
    assert entry.detail["reason"] == "核对身份"
    assert entry.at is not None


@pytest.mark.django_db
def test_staff_without_the_permission_get_403_nothing_revealed_and_the_attempt_audited(people, submission_a, client):
    editor = people["editor_a"]
    client.force_login(editor)
    page = client.get(reverse("site_forms:submission", args=[submission_a.pk])).content.decode()
    assert MASKED in page
    assert reverse("site_forms:reveal", args=[submission_a.pk]) not in page  # no button for them
    response = reveal(client, submission_a)
    assert response.status_code == 403
    assert NUMBER not in response.content.decode()
    entry = AuditEntry.objects.get(action="site_forms.reveal")
    assert (entry.actor, entry.success) == (editor, False)


@pytest.mark.django_db
def test_revealing_needs_a_post(people, submission_a, client):
    client.force_login(people["officer_a"])
    response = client.get(reverse("site_forms:reveal", args=[submission_a.pk]))
    assert response.status_code == 405
    assert NUMBER not in response.content.decode()
    assert not AuditEntry.objects.filter(action="site_forms.reveal").exists()


@pytest.mark.django_db
def test_revealing_is_protected_against_cross_site_requests(people, submission_a):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(people["officer_a"])
    response = reveal(client, submission_a)
    assert response.status_code == 403
    assert NUMBER not in response.content.decode()
    assert not AuditEntry.objects.filter(action="site_forms.reveal", success=True).exists()


@pytest.mark.django_db
def test_staff_of_another_site_get_404_even_with_the_permission(people, submission_a, client):
    client.force_login(people["officer_b"])
    assert client.get(reverse("site_forms:submission", args=[submission_a.pk])).status_code == 404
    response = reveal(client, submission_a)
    assert response.status_code == 404
    assert NUMBER not in response.content.decode()
    page_a = submission_a.page
    assert client.get(reverse("site_forms:export_full", args=[page_a.pk])).status_code == 404
    assert not AuditEntry.objects.filter(action__in=["site_forms.reveal", "site_forms.export_full"]).exists()


@pytest.mark.django_db
def test_staff_of_another_area_get_404_even_in_the_sites_editors_group(forms_network, submission_a, client):
    """Page permissions alone are not enough: the site must lie in the user's org area too."""
    site_a = forms_network["sites"][0]
    other_street = create_org_unit(name="光明街道", code="330102002", level="street", parent=forms_network["district"])
    outsider = staff(other_street, Role.STREET_STAFF, username="outsider")
    outsider.groups.add(site_a.editors_group)
    outsider = grant_full_numbers(outsider)
    client.force_login(outsider)
    assert client.get(reverse("site_forms:submission", args=[submission_a.pk])).status_code == 404
    assert reveal(client, submission_a).status_code == 404
    assert client.get(reverse("site_forms:export_full", args=[submission_a.page_id])).status_code == 404


@pytest.mark.django_db
def test_a_missing_submission_is_404(people, client):
    client.force_login(people["officer_a"])
    assert client.post(reverse("site_forms:reveal", args=[999999])).status_code == 404


@pytest.mark.django_db
def test_full_number_export_has_full_ids_for_permitted_staff_and_is_audited(forms_network, people, client):
    page = forms_network["form_a"]
    submit(client, page, "c1.localhost", count=2)
    officer = people["officer_a"]
    client.force_login(officer)
    listing = client.get(reverse("wagtailforms:list_submissions", args=[page.pk])).content.decode()
    assert reverse("site_forms:export_full", args=[page.pk]) in listing

    response = client.get(reverse("site_forms:export_full", args=[page.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    rows = list(read_rows(io.BytesIO(response.content)))
    assert [row.values["身份证号码"] for row in rows] == [NUMBER, NUMBER]
    entry = AuditEntry.objects.get(action="site_forms.export_full")
    assert (entry.actor, entry.success, entry.detail["rows"]) == (officer, True, 2)

    masked = client.get(reverse("wagtailforms:list_submissions", args=[page.pk]) + "?export=xlsx")
    assert {row.values["身份证号码"] for row in read_rows(io.BytesIO(masked.content))} == {MASKED}


@pytest.mark.django_db
def test_full_number_export_is_refused_to_staff_without_the_permission(forms_network, people, client):
    page = forms_network["form_a"]
    submit(client, page, "c1.localhost")
    editor = people["editor_a"]
    client.force_login(editor)
    listing = client.get(reverse("wagtailforms:list_submissions", args=[page.pk])).content.decode()
    assert reverse("site_forms:export_full", args=[page.pk]) not in listing

    response = client.get(reverse("site_forms:export_full", args=[page.pk]))
    assert response.status_code == 403
    assert "spreadsheetml" not in response.get("Content-Type", "")
    entry = AuditEntry.objects.get(action="site_forms.export_full")
    assert (entry.actor, entry.success) == (editor, False)

    masked = client.get(reverse("wagtailforms:list_submissions", args=[page.pk]) + "?export=xlsx")
    assert [row.values["身份证号码"] for row in read_rows(io.BytesIO(masked.content))] == [MASKED]


@pytest.mark.django_db
def test_full_number_export_keeps_the_results_screens_date_filter(forms_network, people, client):
    page = forms_network["form_a"]
    submit(client, page, "c1.localhost", count=2)
    FormPageSubmission.objects.filter(pk=FormPageSubmission.objects.order_by("pk").first().pk).update(
        submit_time="2020-01-01T08:00:00+08:00"
    )
    client.force_login(people["officer_a"])
    url = reverse("site_forms:export_full", args=[page.pk]) + "?date_from=2025-01-01"
    rows = list(read_rows(io.BytesIO(client.get(url).content)))
    assert len(rows) == 1

"""The site wizard builds a complete, isolated community site in one step, or nothing at all.

Error messages are asserted in Chinese: that is what staff read."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from wagtail.models import Collection, GroupPagePermission, Page, Site

from cms.accounts.models import Role
from cms.audit.models import AuditEntry
from cms.orgs.services import create_org_unit
from sites.models import (
    CommunityHomePage,
    CommunityProfilePage,
    ContactPage,
    EventIndexPage,
    NewsIndexPage,
    NoticeIndexPage,
    NoticePage,
    PartyAffairsIndexPage,
    ServiceGuideIndexPage,
    ServiceGuidePage,
    SiteAppearance,
)
from sites.services.site_builder import create_community_site
from tests.factories import staff


@pytest.fixture
def new_community(network):
    return create_org_unit(name="新建社区", code="330102001099", level="community", parent=network["street"])


def counts():
    return (Page.objects.count(), Site.objects.count(), Collection.objects.count(), GroupPagePermission.objects.count())


@pytest.mark.smoke
@pytest.mark.django_db
def test_wizard_creates_a_complete_site(new_community):
    built = create_community_site(org_unit=new_community, hostname="xinjian.localhost", theme="fresh_green")

    assert built.site.hostname == "xinjian.localhost"
    assert built.site.root_page.specific == built.home
    assert isinstance(built.home, CommunityHomePage) and built.home.org_unit == new_community
    section_types = {type(page.specific) for page in built.home.get_children()}
    assert section_types == {
        NoticeIndexPage,
        NewsIndexPage,
        EventIndexPage,
        ServiceGuideIndexPage,
        PartyAffairsIndexPage,
        CommunityProfilePage,
        ContactPage,
    }
    assert all(page.live for page in built.home.get_descendants())
    assert NoticePage.objects.descendant_of(built.home).count() == 1
    guide = ServiceGuidePage.objects.descendant_of(built.home).get()
    assert guide.materials.count() >= 3 and guide.steps.count() >= 3
    assert SiteAppearance.for_site(built.site).theme == "fresh_green"
    assert built.collection.get_parent() == Collection.get_first_root_node()
    granted = set(GroupPagePermission.objects.filter(group=built.editors_group).values_list("page", flat=True))
    assert granted == {built.home.pk}
    entry = AuditEntry.objects.get(action="site.create", object_id=str(built.site.pk))
    assert entry.success and entry.org_unit == new_community


@pytest.mark.django_db
@pytest.mark.parametrize(
    "hostname, message",
    [
        ("c1.localhost", "已被其他网站使用"),
        ("C1.LOCALHOST", "已被其他网站使用"),
        ("not a host!", "请输入域名"),
        ("", "请输入域名"),
        ("-bad-.localhost", "请输入域名"),
    ],
)
def test_bad_host_names_create_nothing(new_community, hostname, message):
    before = counts()
    with pytest.raises(ValidationError, match=message):
        create_community_site(org_unit=new_community, hostname=hostname, theme="fresh_green")
    assert counts() == before


@pytest.mark.django_db
def test_unknown_org_unit_creates_nothing(network):
    before = counts()
    with pytest.raises(ValidationError) as error:
        create_community_site(org_unit="330102001777", hostname="ghost.localhost", theme="fresh_green")
    assert "org_unit" in error.value.message_dict
    assert counts() == before


@pytest.mark.smoke
@pytest.mark.django_db
def test_org_unit_that_already_has_a_site_creates_nothing(network):
    before = counts()
    with pytest.raises(ValidationError, match="已有网站"):
        create_community_site(org_unit=network["communities"][0], hostname="second.localhost", theme="fresh_green")
    assert counts() == before


@pytest.mark.django_db
def test_sites_are_built_only_for_communities(network):
    with pytest.raises(ValidationError, match="不是社区"):
        create_community_site(org_unit=network["street"], hostname="street.localhost", theme="fresh_green")


@pytest.mark.django_db
def test_unknown_theme_is_refused(new_community):
    with pytest.raises(ValidationError, match="未知主题"):
        create_community_site(org_unit=new_community, hostname="xinjian.localhost", theme="purple")


@pytest.mark.django_db
def test_failed_attempts_are_audited_as_failures(network):
    with pytest.raises(ValidationError):
        create_community_site(org_unit=network["communities"][0], hostname="again.localhost", theme="fresh_green")
    entry = AuditEntry.objects.filter(action="site.create", success=False).get()
    assert entry.detail["hostname"] == "again.localhost"


@pytest.mark.django_db
def test_a_half_built_site_rolls_back_completely(new_community, monkeypatch):
    """If anything fails after the first page is written, nothing of the site remains."""
    from sites.services import site_builder

    def broken(*args, **kwargs):
        raise ValidationError({"theme": "storage failed"})

    monkeypatch.setattr(site_builder, "grant_site_editor_permissions", broken)
    before = counts()
    with pytest.raises(ValidationError):
        create_community_site(org_unit=new_community, hostname="xinjian.localhost", theme="fresh_green")
    assert counts() == before
    assert not CommunityHomePage.objects.filter(org_unit=new_community).exists()


@pytest.mark.django_db
def test_street_staff_build_sites_only_below_their_street(network):
    other_street = create_org_unit(name="滨河街道", code="330102002", level="street", parent=network["district"])
    far_community = create_org_unit(name="滨河社区", code="330102002001", level="community", parent=other_street)
    street_staff = staff(network["street"], Role.STREET_STAFF)
    with pytest.raises(ValidationError, match="本辖区"):
        create_community_site(
            org_unit=far_community, hostname="binhe.localhost", theme="fresh_green", actor=street_staff
        )


@pytest.mark.smoke
@pytest.mark.django_db
def test_admin_wizard_builds_a_site(new_community, client):
    client.force_login(staff(new_community.get_parent(), Role.STREET_STAFF))
    page = client.get("/admin/sites/new/")
    assert page.status_code == 200
    assert "新建社区" in page.content.decode()
    response = client.post(
        "/admin/sites/new/",
        {
            "org_unit": new_community.pk,
            "hostname": "xinjian.localhost",
            "theme": "government_red",
            "site_name": "",
        },
    )
    assert response.status_code == 302
    assert Site.objects.filter(hostname="xinjian.localhost").exists()
    follow_up = client.get(response["Location"])
    assert follow_up.status_code == 200  # builders who are not editors land on a page they may see
    assert "xinjian.localhost" in follow_up.content.decode()
    assert AuditEntry.objects.filter(action="site.create", success=True, actor__isnull=False).exists()


@pytest.mark.django_db
def test_admin_wizard_explains_a_taken_host_name(new_community, client):
    client.force_login(staff(new_community.get_parent(), Role.STREET_STAFF))
    response = client.post(
        "/admin/sites/new/",
        {
            "org_unit": new_community.pk,
            "hostname": "c1.localhost",
            "theme": "government_red",
        },
    )
    assert response.status_code == 200
    assert "c1.localhost" in response.content.decode()
    assert not CommunityHomePage.objects.filter(org_unit=new_community).exists()


@pytest.mark.django_db
def test_admin_wizard_is_closed_to_editors_and_community_staff(network, client):
    client.force_login(staff(network["communities"][0], Role.COMMUNITY_EDITOR))
    assert client.get("/admin/sites/new/").status_code in (302, 403)
    client.force_login(staff(network["communities"][0], Role.COMMUNITY_STAFF))
    assert client.get("/admin/sites/new/").status_code in (302, 403)


@pytest.mark.django_db
def test_management_command_builds_a_site_and_reports_errors(new_community, capsys):
    call_command("create_community_site", "--org-unit", "330102001099", "--hostname", "cmd.localhost")
    assert "cmd.localhost" in capsys.readouterr().out
    with pytest.raises(CommandError, match="已有网站"):
        call_command("create_community_site", "--org-unit", "330102001099", "--hostname", "cmd2.localhost")

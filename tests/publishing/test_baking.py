"""Full builds: every public page as an anonymous visitor gets it, its assets, nothing private, atomic swaps."""

from pathlib import Path
from urllib.parse import unquote

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import PageViewRestriction

from sites.collection.models import FormPage
from sites.models import EventIndexPage, NoticePage
from sites.publishing import services
from sites.publishing.baking import BuildFailed
from sites.publishing.models import BakedSite
from tests.publishing.conftest import add_notice, served_folder, snapshot


@pytest.mark.django_db
def test_a_full_build_holds_every_public_page_as_django_serves_it(network, publishing_root, client):
    built = network["sites"][0]
    notice = NoticePage.objects.descendant_of(built.home).get()
    report = services.bake_site(built.site)

    folder = served_folder(publishing_root, "c1.localhost")
    assert (Path(publishing_root) / "c1.localhost").is_symlink()
    for path in ["/", "/notices/", unquote(notice.relative_url(built.site)), "/contact/"]:
        relative = path.strip("/") + "/index.html" if path != "/" else "index.html"
        baked = (folder / relative).read_bytes()
        assert baked == client.get(path, HTTP_HOST="c1.localhost").content
    assert report.pages == 10  # home, 7 sections, the starter notice and service guide
    assert (folder / "static/themes/site.css").is_file()  # the stylesheet the pages link to
    assert BakedSite.objects.get(site=built.site).page_count == 10
    assert not (served_folder(publishing_root, "c2.localhost")).exists()  # only the site asked for


@pytest.mark.django_db
def test_drafts_private_pages_and_forms_are_never_baked(network, publishing_root):
    built = network["sites"][0]
    draft = add_notice(built, "草稿通知", "draft-notice", publish=False)
    published = add_notice(built, "已发布通知", "published-notice")
    published.title = "尚未发布的修改"
    published.save_revision()  # a draft of a live page: the live version is baked
    events = EventIndexPage.objects.descendant_of(built.home).get()
    PageViewRestriction.objects.create(page=events, restriction_type=PageViewRestriction.LOGIN)
    form = FormPage(title="满意度调查", slug="survey")
    built.home.add_child(instance=form)
    form.save_revision().publish()

    services.bake_site(built.site)
    files = snapshot(served_folder(publishing_root, "c1.localhost"))
    assert "notices/draft-notice/index.html" not in files
    assert "已发布通知".encode() in files["notices/published-notice/index.html"][1]
    assert not any("尚未发布的修改".encode() in content for _inode, content in files.values())
    assert "events/index.html" not in files  # private subtree skipped
    assert "survey/index.html" not in files  # a form has a CSRF cookie: served by Django
    assert draft.title.encode() not in files["notices/index.html"][1]


@pytest.mark.django_db
def test_a_build_that_fails_half_way_leaves_the_previous_site_served(network, publishing_root, monkeypatch):
    built = network["sites"][0]
    services.bake_site(built.site)
    before_folder = served_folder(publishing_root, "c1.localhost")
    before = snapshot(before_folder)

    add_notice(built, "新通知", "new-notice")
    # A template bug on one page type: the home page renders, the notices answer 500 half-way through.
    monkeypatch.setattr(NoticePage, "template", "sites/this_template_does_not_exist.html")
    with pytest.raises(BuildFailed):
        services.bake_site(built.site)

    assert served_folder(publishing_root, "c1.localhost") == before_folder
    assert snapshot(before_folder) == before
    builds = list((Path(publishing_root) / ".builds" / "c1.localhost").iterdir())
    assert builds == [before_folder]  # the half-built folder is gone
    assert "HTTP 500" in BakedSite.objects.get(site=built.site).last_error

    monkeypatch.undo()
    services.bake_site(built.site)
    assert (served_folder(publishing_root, "c1.localhost") / "notices/new-notice/index.html").is_file()
    assert BakedSite.objects.get(site=built.site).last_error == ""


@pytest.mark.django_db
def test_bake_sites_command_bakes_the_named_hosts_and_refuses_unknown_ones(network, publishing_root):
    call_command("bake_sites", host=["c2.localhost", "portal.localhost"])
    assert (served_folder(publishing_root, "c2.localhost") / "index.html").is_file()
    assert (served_folder(publishing_root, "portal.localhost") / "notices/index.html").is_file()
    assert not (Path(publishing_root) / "c1.localhost").exists()
    with pytest.raises(CommandError):
        call_command("bake_sites", host=["nowhere.localhost"])

    call_command("bake_sites", host=["c2.localhost"], remove=True)
    assert not (Path(publishing_root) / "c2.localhost").exists()
    assert not (Path(publishing_root) / ".builds" / "c2.localhost").exists()
    assert list(BakedSite.objects.values_list("site__hostname", flat=True)) == ["portal.localhost"]

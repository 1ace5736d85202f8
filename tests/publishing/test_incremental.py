"""After the first full build, publishing, unpublishing, moving or hiding a page rebuilds only what it affects."""

from pathlib import Path

import pytest
from wagtail.models import PageViewRestriction

from sites.models import NoticeIndexPage, NoticePage
from sites.publishing import selectors, services
from sites.publishing.models import BakedSite
from tests.publishing.conftest import add_notice, served_folder, snapshot


def changed_files(before, after):
    """Files added, removed, or replaced (a new inode) between two snapshots."""
    return {
        path
        for path in before.keys() | after.keys()
        if path not in before or path not in after or before[path][0] != after[path][0]
    }


@pytest.fixture
def baked(network, publishing_root):
    for built in [*network["sites"], network["portal"]]:
        services.bake_site(built.site)
    return network


def snapshots(root, hosts=("c1.localhost", "c2.localhost", "portal.localhost")):
    return {host: (served_folder(root, host), snapshot(served_folder(root, host))) for host in hosts}


@pytest.mark.django_db
def test_publishing_an_edited_notice_rebuilds_only_its_page_lists_and_homes(
    baked, publishing_root, django_capture_on_commit_callbacks
):
    before = snapshots(publishing_root)
    notice = NoticePage.objects.descendant_of(baked["sites"][0].home).get()
    old_title = notice.title
    notice.title = "停水通知（已更新）"
    with django_capture_on_commit_callbacks(execute=True):
        notice.save_revision().publish()
    after = snapshots(publishing_root)

    slug = notice.slug
    c1_changed = changed_files(before["c1.localhost"][1], after["c1.localhost"][1])
    assert c1_changed == {"index.html", "notices/index.html", f"notices/{slug}/index.html"}
    assert "停水通知（已更新）".encode() in after["c1.localhost"][1][f"notices/{slug}/index.html"][1]
    for path, (inode, content) in after["c1.localhost"][1].items():
        if path not in c1_changed:  # untouched: the very same file as in the previous build
            assert before["c1.localhost"][1][path] == (inode, content)
    assert after["c1.localhost"][0] != before["c1.localhost"][0]  # a new folder, swapped in

    assert after["c2.localhost"] == before["c2.localhost"]  # another community: not rebuilt at all
    # The portal aggregates every site: its home and its direct children's lists were re-rendered.
    assert after["portal.localhost"][0] != before["portal.localhost"][0]
    portal_changed = changed_files(before["portal.localhost"][1], after["portal.localhost"][1])
    portal_lists = {"index.html"} | {f"{child.slug}/index.html" for child in baked["portal"].home.get_children()}
    assert portal_changed <= portal_lists
    if old_title.encode() in before["portal.localhost"][1]["index.html"][1]:
        assert "停水通知（已更新）".encode() in after["portal.localhost"][1]["index.html"][1]


@pytest.mark.django_db
def test_unpublishing_and_moving_a_page_remove_its_old_address(
    baked, publishing_root, django_capture_on_commit_callbacks
):
    site_a, site_b = baked["sites"]
    with django_capture_on_commit_callbacks(execute=True):
        notice = add_notice(site_a, "临时通知", "temporary")
    assert (served_folder(publishing_root, "c1.localhost") / "notices/temporary/index.html").is_file()

    with django_capture_on_commit_callbacks(execute=True):
        notice.unpublish()
    folder = served_folder(publishing_root, "c1.localhost")
    assert not (folder / "notices/temporary/index.html").exists()
    assert "临时通知".encode() not in (folder / "notices/index.html").read_bytes()

    with django_capture_on_commit_callbacks(execute=True):
        notice.save_revision().publish()
    target = NoticeIndexPage.objects.descendant_of(site_b.home).get()
    with django_capture_on_commit_callbacks(execute=True):
        NoticePage.objects.get(pk=notice.pk).move(target, pos="last-child")
    assert not (served_folder(publishing_root, "c1.localhost") / "notices/temporary/index.html").exists()
    moved = served_folder(publishing_root, "c2.localhost") / "notices/temporary/index.html"
    assert "临时通知".encode() in moved.read_bytes()
    assert "临时通知".encode() in (served_folder(publishing_root, "c2.localhost") / "index.html").read_bytes()


@pytest.mark.django_db
def test_making_a_section_private_removes_it_from_the_baked_site(
    baked, publishing_root, django_capture_on_commit_callbacks
):
    built = baked["sites"][0]
    notices = NoticeIndexPage.objects.descendant_of(built.home).get()
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=notices, restriction_type=PageViewRestriction.LOGIN)
    folder = served_folder(publishing_root, "c1.localhost")
    assert not (folder / "notices").exists()
    assert (folder / "index.html").is_file()


@pytest.mark.django_db
def test_affected_addresses_are_the_page_its_ancestors_and_the_portal_lists(baked):
    notice = NoticePage.objects.descendant_of(baked["sites"][0].home).get()
    changes = selectors.changes_for_page(notice)
    c1 = baked["sites"][0].site.pk
    portal = baked["portal"].site.pk
    assert changes[c1].paths == ["/", "/notices/", f"/notices/{notice.slug}/"]
    assert not changes[c1].full
    portal_children = [f"/{child.slug}/" for child in baked["portal"].home.get_children().live()]
    assert changes[portal].paths == ["/", *portal_children]
    assert baked["sites"][1].site.pk not in changes
    section = notice.get_parent()
    assert selectors.changes_for_page(section)[c1].full  # the navigation of every page shows it


@pytest.mark.django_db
def test_sites_never_baked_are_not_rebuilt_on_publish(network, publishing_root, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        add_notice(network["sites"][0], "普通通知", "plain")
    assert not BakedSite.objects.exists()
    assert not Path(publishing_root).exists()


@pytest.mark.django_db
def test_changing_a_sites_theme_rebuilds_every_page_of_that_site(
    baked, publishing_root, django_capture_on_commit_callbacks
):
    from sites.models import SiteAppearance

    before = snapshot(served_folder(publishing_root, "c1.localhost"))
    appearance = SiteAppearance.for_site(baked["sites"][0].site)
    appearance.theme = "government_red"
    with django_capture_on_commit_callbacks(execute=True):
        appearance.save()
    after = snapshot(served_folder(publishing_root, "c1.localhost"))
    pages = [path for path in before if path.endswith("index.html")]
    assert len(pages) == 10
    assert all(after[path][1] != before[path][1] for path in pages)


@pytest.mark.django_db
def test_the_job_after_a_failed_build_rebuilds_the_whole_site(
    baked, publishing_root, django_capture_on_commit_callbacks, monkeypatch
):
    site_a = baked["sites"][0]
    monkeypatch.setattr(NoticePage, "template", "sites/this_template_does_not_exist.html")
    with django_capture_on_commit_callbacks(execute=True):
        add_notice(site_a, "出错时发布的通知", "during-failure")  # the job fails: the notice is not baked
    assert BakedSite.objects.get(site=site_a.site).last_error
    assert not (served_folder(publishing_root, "c1.localhost") / "notices/during-failure/index.html").exists()

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        add_notice(site_a, "修复后的通知", "after-fix")
    folder = served_folder(publishing_root, "c1.localhost")
    assert (folder / "notices/during-failure/index.html").is_file()  # caught up by a full build
    assert (folder / "notices/after-fix/index.html").is_file()
    assert BakedSite.objects.get(site=site_a.site).last_error == ""

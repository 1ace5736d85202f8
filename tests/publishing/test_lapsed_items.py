"""Baked sites have no date in them: the schedule job rebuilds the lists that expired notices and
finished events left since its previous run, so they leave the static files by themselves too."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cms.accounts.models import Role
from cms.audit.services import record_audit
from sites.models import EventIndexPage, EventPage, NoticePage, PushedNotice
from sites.publishing import services
from sites.services.exchange import push_notice
from sites.services.scheduling import RUN_ACTION, run_scheduled_publishing
from tests.factories import staff
from tests.publishing.conftest import add_notice, served_folder, snapshot


@pytest.fixture
def baked(network, publishing_root):
    for built in [*network["sites"], network["portal"]]:
        services.bake_site(built.site)
    return network


def baked_text(root, host, path="index.html"):
    return (served_folder(root, host) / path).read_text()


def previous_run(ago):
    record_audit(RUN_ACTION, detail={"now": (timezone.now() - ago).isoformat()})


@pytest.mark.django_db
def test_an_expired_notice_and_a_finished_event_leave_the_baked_lists(
    baked, publishing_root, django_capture_on_commit_callbacks
):
    community = baked["sites"][0]
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        notice = add_notice(community, "限期停电通知", "power-cut")
        NoticePage.objects.filter(pk=notice.pk).update(valid_until=today)
        events = EventIndexPage.objects.descendant_of(community.home).get()
        event = events.add_child(
            instance=EventPage(title="楼道清扫活动", start_at=timezone.now() + timedelta(hours=1), place="三号楼")
        )
        event.save_revision().publish()
    assert "限期停电通知" in baked_text(publishing_root, "c1.localhost")
    assert "楼道清扫活动" in baked_text(publishing_root, "c1.localhost")
    other_before = snapshot(served_folder(publishing_root, "c2.localhost"))

    # Time passes without any publishing: the notice's last day was yesterday, the event is over.
    NoticePage.objects.filter(pk=notice.pk).update(valid_until=today - timedelta(days=1))
    EventPage.objects.filter(pk=event.pk).update(
        start_at=timezone.now() - timedelta(hours=3), end_at=timezone.now() - timedelta(hours=1)
    )
    previous_run(timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        run_scheduled_publishing()

    for path in ("index.html", "notices/index.html"):
        assert "限期停电通知" not in baked_text(publishing_root, "c1.localhost", path)
    assert "楼道清扫活动" not in baked_text(publishing_root, "c1.localhost")
    assert "限期停电通知" not in baked_text(publishing_root, "portal.localhost")
    assert snapshot(served_folder(publishing_root, "c2.localhost")) == other_before  # nothing lapsed there


@pytest.mark.django_db
def test_an_expired_pushed_notice_leaves_every_baked_site_below_its_target(
    baked, publishing_root, django_capture_on_commit_callbacks
):
    street_staff = staff(baked["street"], Role.STREET_STAFF)
    with django_capture_on_commit_callbacks(execute=True):
        pushed = push_notice(actor=street_staff, target=baked["street"], title="街道限期通知")
    hosts = ["c1.localhost", "c2.localhost"]
    assert all("街道限期通知" in baked_text(publishing_root, host) for host in hosts)

    PushedNotice.objects.filter(pk=pushed.pk).update(valid_until=timezone.localdate() - timedelta(days=1))
    previous_run(timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        run_scheduled_publishing()
    assert all("街道限期通知" not in baked_text(publishing_root, host) for host in hosts)


@pytest.mark.django_db
def test_a_run_later_the_same_day_rebuilds_nothing(baked, publishing_root, django_capture_on_commit_callbacks):
    community = baked["sites"][0]
    notice = add_notice(community, "早已过期的通知", "long-gone")
    NoticePage.objects.filter(pk=notice.pk).update(valid_until=timezone.localdate() - timedelta(days=5))
    before = {host: snapshot(served_folder(publishing_root, host)) for host in ("c1.localhost", "portal.localhost")}
    previous_run(timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        run_scheduled_publishing()
    # Lapsed days ago, handled by an earlier run: the five-minute job does not rebuild it again.
    assert {host: snapshot(served_folder(publishing_root, host)) for host in before} == before

"""A community site with real content (notices over several kiosk pages, service guides with materials
and steps, events, party-affairs items, a profile with committee members, contact details) and a
kiosk registered for it, plus a second community with its own kiosk."""

import datetime
from dataclasses import dataclass, field

import pytest
from django.utils import timezone

from kiosk_app.models import Kiosk
from kiosk_app.services import issue_token
from sites.models import (
    CommitteeMember,
    CommunityProfilePage,
    ContactPage,
    EventIndexPage,
    EventPage,
    NoticeIndexPage,
    NoticePage,
    PartyAffairsIndexPage,
    PartyAffairsPage,
    ServiceGuideIndexPage,
    ServiceGuideMaterial,
    ServiceGuidePage,
    ServiceGuideStep,
)
from tests.factories import build_network

# The kiosk shows 5 list items a page in portrait: the welcome notice and these make three pages.
EXTRA_NOTICES = 13


@dataclass
class KioskCommunity:
    network: dict
    kiosk: Kiosk
    token: str
    other_kiosk: Kiosk
    other_token: str
    notices: list = field(default_factory=list)
    guide: ServiceGuidePage = None
    event: EventPage = None
    party_item: PartyAffairsPage = None

    @property
    def home(self):
        return self.network["sites"][0].home

    @property
    def path(self):
        return f"/kiosk/{self.token}/"


def paragraph(text):
    return [("paragraph", f"<p>{text}</p>")]


def fill_community(home):
    """Content a resident would look for, published on the community site under `home`."""
    notices_index = NoticeIndexPage.objects.child_of(home).get()
    notices = []
    for number in range(1, EXTRA_NOTICES + 1):
        notices.append(
            notices_index.add_child(
                instance=NoticePage(
                    title=f"第{number}号通知：小区停水安排",
                    summary=f"第{number}栋楼周三上午停水，请提前储水。",
                    pinned=number == EXTRA_NOTICES,
                    body=paragraph(f"因管道检修，第{number}栋楼周三8:00至12:00停水。"),
                )
            )
        )
    guides_index = ServiceGuideIndexPage.objects.child_of(home).get()
    guide = ServiceGuidePage(
        title="高龄津贴申领",
        category="elderly",
        summary="年满80周岁的本市户籍老人可申领高龄津贴。",
        eligibility="年满80周岁的本市户籍老年人",
        fee="免费",
        time_limit="10个工作日",
        office_hours="周一至周五 9:00-17:00",
        place="社区服务站一号窗口",
        contact_phone="0571-88886666",
        body=paragraph("津贴按月发放到本人社保卡。"),
    )
    guide.materials = [
        ServiceGuideMaterial(name="户口簿", copies=1, original_required=True),
        ServiceGuideMaterial(name="社会保障卡", copies=1, original_required=True, note="本人名下"),
    ]
    guide.steps = [
        ServiceGuideStep(title="窗口申请", description="本人或家属携带材料到社区服务站申请。"),
        ServiceGuideStep(title="街道审核", description="街道在10个工作日内审核。"),
    ]
    guide = guides_index.add_child(instance=guide)
    events_index = EventIndexPage.objects.child_of(home).get()
    start = timezone.now() + datetime.timedelta(days=3)
    event = events_index.add_child(
        instance=EventPage(
            title="重阳节敬老联欢会",
            start_at=start,
            end_at=start + datetime.timedelta(hours=2),
            place="社区活动中心二楼",
            organiser="社区居委会",
            summary="邀请辖区老人共度重阳。",
        )
    )
    party_index = PartyAffairsIndexPage.objects.child_of(home).get()
    party_item = party_index.add_child(
        instance=PartyAffairsPage(
            title="第三季度党费收缴情况公示", category="dues", summary="本季度党员全部按时足额缴纳党费。"
        )
    )
    profile = CommunityProfilePage.objects.child_of(home).get().specific
    profile.population = 8650
    profile.households = 3120
    profile.address = "和平路18号"
    profile.save()
    CommitteeMember.objects.create(page=profile, name="张秀英", position="党委书记、居委会主任", duties="主持全面工作")
    CommitteeMember.objects.create(page=profile, name="李国强", position="副主任", duties="分管民政和养老服务")
    contact = ContactPage.objects.child_of(home).get().specific
    contact.phone = "0571-88881234"
    contact.save()
    return {"notices": notices, "guide": guide, "event": event, "party_item": party_item}


def build_kiosk_community(**kiosk_fields):
    network = build_network(communities=2)
    kiosk = Kiosk.objects.create(name="服务大厅一号机", org_unit=network["communities"][0], **kiosk_fields)
    other = Kiosk.objects.create(name="第2社区查询机", org_unit=network["communities"][1])
    content = fill_community(network["sites"][0].home)
    return KioskCommunity(
        network=network,
        kiosk=kiosk,
        token=issue_token(kiosk),
        other_kiosk=other,
        other_token=issue_token(other),
        **content,
    )


@pytest.fixture
def kiosk_community(db):
    return build_kiosk_community()

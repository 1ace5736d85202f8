"""Search fixtures: a network with realistic guides and notices, indexed by the real signals."""

import pytest

from sites.models import NoticeIndexPage, NoticePage, ServiceGuideIndexPage, ServiceGuidePage


def add_guide(built, title, summary="", eligibility="", live=True, **fields):
    index = ServiceGuideIndexPage.objects.child_of(built.home).get()
    guide = ServiceGuidePage(title=title, summary=summary, eligibility=eligibility, live=live, **fields)
    index.add_child(instance=guide)
    return guide


def add_notice(built, title, summary="", live=True):
    index = NoticeIndexPage.objects.child_of(built.home).get()
    notice = NoticePage(title=title, summary=summary, live=live)
    index.add_child(instance=notice)
    return notice


@pytest.fixture
def guides(network):
    first, second = network["sites"]
    return {
        "dibao": add_guide(
            first,
            "城市最低生活保障申请",
            "家庭人均收入低于当地最低生活保障标准的居民，可以向社区提出申请。",
            "持有本市户籍、家庭人均收入低于标准的城市居民家庭。",
        ),
        "tekun": add_guide(
            first, "特困人员救助供养", "无劳动能力、无生活来源、无法定赡养人的老年人、残疾人和未成年人。"
        ),
        "eldercare": add_guide(
            second, "居家养老服务补贴申请", "经济困难的高龄、失能老年人可以申请居家养老服务补贴，领取服务券。"
        ),
        "activity_card": add_guide(
            second, "流动党员活动证办理", "外出务工经商的流动党员，由原党支部开具流动党员活动证。", category="party"
        ),
        "notice": add_notice(first, "关于开展低保年度复核的通知", "请享受低保待遇的家庭在月底前到社区办理年度复核。"),
    }


@pytest.fixture(autouse=True)
def default_synonyms(request):
    """The starting synonyms from migration 0003, back after a transactional test's flush emptied them."""
    if request.node.get_closest_marker("django_db") is None:
        return
    request.getfixturevalue("db")
    import importlib

    from search.models import SynonymGroup

    migration = importlib.import_module("search.migrations.0003_default_synonyms")
    for terms in migration.DEFAULT_SYNONYMS:
        SynonymGroup.objects.get_or_create(terms=terms)

"""search_content: Chinese words, synonyms, pinyin, typos, highlighting, scoping, facets, privacy."""

import pytest
from wagtail.models import PageViewRestriction

from search.api import search_content
from search.models import SearchDocument, SynonymGroup
from sites.models import ServiceGuideIndexPage
from tests.search.conftest import add_guide


def titles(results):
    return [hit.page.title for hit in results.hits]


@pytest.mark.smoke
@pytest.mark.django_db
def test_chinese_words_inside_longer_text_are_found(guides):
    assert "城市最低生活保障申请" in titles(search_content("最低生活保障"))
    assert titles(search_content("养老"))[0] == "居家养老服务补贴申请"
    assert titles(search_content("补贴"))[0] == "居家养老服务补贴申请"
    assert titles(search_content("活动证"))[0] == "流动党员活动证办理"


@pytest.mark.smoke
@pytest.mark.django_db
def test_abbreviation_finds_the_full_name_through_synonyms(guides):
    found = titles(search_content("低保"))
    assert "城市最低生活保障申请" in found
    assert "关于开展低保年度复核的通知" in found
    assert "特困人员救助供养" in titles(search_content("五保"))


@pytest.mark.smoke
@pytest.mark.django_db
def test_pinyin_and_initials_find_chinese_words(guides):
    assert "城市最低生活保障申请" in titles(search_content("dibao"))
    assert "城市最低生活保障申请" in titles(search_content("DiBao"))
    assert "关于开展低保年度复核的通知" in titles(search_content("db"))
    assert titles(search_content("yanglao"))[0] == "居家养老服务补贴申请"


@pytest.mark.django_db
def test_homophone_typo_is_corrected(guides):
    assert "城市最低生活保障申请" in titles(search_content("低宝"))


@pytest.mark.django_db
def test_matches_are_marked_and_the_rest_escaped(guides):
    add_guide_page = guides["dibao"]
    hit = next(hit for hit in search_content("最低生活保障").hits if hit.page.pk == add_guide_page.pk)
    assert "<mark>最低生活保障</mark>" in hit.title_html
    assert "<mark>" in hit.snippet_html


@pytest.mark.django_db
def test_html_in_titles_is_escaped(network):
    add_guide(network["sites"][0], "<script>低保</script>指南")
    hit = search_content("低保").hits[0]
    assert "<script>" not in hit.title_html
    assert "&lt;script&gt;<mark>低保</mark>" in hit.title_html


@pytest.mark.smoke
@pytest.mark.django_db
def test_drafts_are_never_found(network):
    built = network["sites"][0]
    guide = add_guide(built, "残疾人两项补贴", "困难残疾人生活补贴")
    guide.summary = "草稿里的秘密词汇"
    guide.save_revision()
    assert search_content("秘密词汇").total == 0
    add_guide(built, "未发布的养老指南", "绝密", live=False)
    assert search_content("绝密").total == 0
    guide.get_latest_revision().publish()
    assert search_content("秘密词汇").total == 1


@pytest.mark.django_db
def test_unpublished_pages_leave_the_index(guides):
    guides["dibao"].unpublish()
    assert "城市最低生活保障申请" not in titles(search_content("最低生活保障"))


@pytest.mark.django_db
def test_private_pages_are_never_found(guides, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=guides["dibao"], restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
    assert "城市最低生活保障申请" not in titles(search_content("最低生活保障"))
    assert not SearchDocument.objects.filter(page=guides["dibao"]).exists()


@pytest.mark.smoke
@pytest.mark.django_db
def test_site_search_stays_on_its_site(network, guides):
    first, second = network["sites"]
    assert titles(search_content("养老", sites=[first.site])) == []
    assert titles(search_content("养老", sites=[second.site]))[0] == "居家养老服务补贴申请"
    network_wide = search_content("办理")
    assert {hit.site.pk for hit in network_wide.hits} >= {first.site.pk, second.site.pk}


@pytest.mark.smoke
@pytest.mark.django_db
def test_facets_count_sites_streets_districts_and_content_types(network, guides):
    results = search_content("低保")
    facets = results.facets
    first = network["sites"][0]
    assert (str(first.site.pk), first.site.site_name, 2) in facets["site"]
    assert facets["district"] == [(str(network["district"].pk), "东湖区", 2)]
    assert facets["street"] == [(str(network["street"].pk), "和平街道", 2)]
    labels = {label: count for _, label, count in facets["content_type"]}
    assert labels == {"办事指南": 1, "通知公告": 1} or sum(labels.values()) == 2
    only_guides = search_content("低保", content_types=["community_sites.ServiceGuidePage"])
    assert titles(only_guides) == ["城市最低生活保障申请"]


@pytest.mark.django_db
def test_district_and_street_filters(network, guides):
    assert search_content("低保", streets=[network["street"]]).total == 2
    assert search_content("低保", districts=[network["city"].pk]).total == 0


@pytest.mark.django_db
def test_synonyms_edited_in_the_admin_apply_at_once(guides):
    assert search_content("困难户").total == 0
    SynonymGroup.objects.create(terms="困难户, 特困人员")
    assert "特困人员救助供养" in titles(search_content("困难户"))


@pytest.mark.django_db
def test_paging(network):
    for number in range(12):
        add_guide(network["sites"][0], f"社区养老服务第{number}期")
    first = search_content("养老服务", per_page=5)
    third = search_content("养老服务", per_page=5, page=3)
    assert first.total == 12 and len(first.hits) == 5 and len(third.hits) == 2
    assert first.num_pages == 3 and first.has_next and not third.has_next


@pytest.mark.django_db
def test_empty_and_junk_queries(guides):
    assert search_content("").total == 0
    assert search_content("   ").total == 0
    assert search_content("？！。").total == 0
    assert search_content("怎么").total == 0
    assert search_content("低保" * 500).query == ("低保" * 50)


@pytest.mark.django_db
def test_moving_a_page_to_another_site_moves_its_document(network, guides):
    first, second = network["sites"]
    target = ServiceGuideIndexPage.objects.child_of(second.home).get()
    guides["dibao"].move(target, pos="last-child")
    document = SearchDocument.objects.get(page=guides["dibao"])
    assert document.site_id == second.site.pk
    assert "城市最低生活保障申请" in titles(search_content("最低生活保障", sites=[second.site]))
    assert "城市最低生活保障申请" not in titles(search_content("最低生活保障", sites=[first.site]))


@pytest.mark.django_db
def test_deleted_pages_leave_the_index(guides):
    page_id = guides["tekun"].pk
    guides["tekun"].delete()
    assert not SearchDocument.objects.filter(page_id=page_id).exists()
    assert search_content("特困").total == 0


@pytest.mark.django_db
def test_query_count_does_not_grow_with_hits(network, django_assert_max_num_queries):
    for number in range(20):
        add_guide(network["sites"][number % 2], f"养老服务第{number}期")
    with django_assert_max_num_queries(12):
        results = search_content("养老服务", per_page=20)
    assert len(results.hits) == 20


@pytest.mark.django_db
def test_rebuild_command_rebuilds_the_database_index(network, guides, capsys):
    from django.core.management import call_command

    SearchDocument.objects.all().delete()
    call_command("rebuild_search_index")
    assert SearchDocument.objects.filter(page=guides["dibao"]).exists()
    assert "100%" in capsys.readouterr().err


@pytest.mark.django_db
def test_expired_notices_leave_search_as_they_leave_lists(network):
    import datetime

    from django.utils import timezone

    from tests.search.conftest import add_notice

    notice = add_notice(network["sites"][0], "防汛值班安排", "汛期值班")
    assert search_content("防汛").total == 1
    notice.valid_until = timezone.localdate() - datetime.timedelta(days=1)
    notice.save_revision().publish()
    assert search_content("防汛").total == 0

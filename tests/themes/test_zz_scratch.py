from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.themes.test_templates_render import *  # noqa


def test_count(theme_sites, english_client):
    home = theme_sites["community"].home
    for number in range(5):
        section(home, NoticeIndexPage).add_child(instance=NoticePage(title=f"通知{number}"))
        section(home, NewsIndexPage).add_child(instance=NewsPage(title=f"新闻{number}"))
    for path in ("/", "/", "/notices/", "/guides/", path_of(ServiceGuidePage.objects.descendant_of(home).get())):
        with CaptureQueriesContext(connection) as ctx:
            english_client.get(path, HTTP_HOST=COMMUNITY_HOST)
        print(path, len(ctx.captured_queries))
        if path == "/":
            for q in ctx.captured_queries:
                print("   ", q["sql"][:160])

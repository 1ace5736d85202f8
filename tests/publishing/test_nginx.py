"""nginx serves baked sites by host name, byte for byte what Django renders, and falls back to Django."""

from urllib.parse import quote, urlsplit

import pytest

from sites.models import NoticePage
from sites.publishing import services
from tests.factories import build_network, ensure_wagtail_tree
from tests.publishing.nginx_server import fetch, running_nginx


@pytest.mark.django_db(transaction=True)
def test_nginx_serves_baked_pages_as_django_renders_them_and_falls_back_to_django(
    live_server, publishing_root, tmp_path
):
    ensure_wagtail_tree()
    network = build_network(communities=1)
    built = network["sites"][0]
    services.bake_site(built.site)
    notice = NoticePage.objects.descendant_of(built.home).get()
    notice_path = quote(f"/notices/{notice.slug}/")
    django_port = urlsplit(live_server.url).port

    with running_nginx(tmp_path / "nginx", publishing_root, f"127.0.0.1:{django_port}") as port:
        for path in ["/", "/notices/", notice_path]:
            status, headers, body = fetch(port, path, "c1.localhost")
            django_status, _django_headers, django_body = fetch(django_port, path, "c1.localhost")
            assert status == django_status == 200
            assert headers.get("X-Static-Site") == "baked"  # served from the baked folder
            assert headers["Content-Type"] == "text/html; charset=utf-8"
            assert body == django_body

        # The stylesheet the pages link to is baked too.
        status, headers, _body = fetch(port, "/static/themes/site.css", "c1.localhost")
        assert status == 200 and headers.get("X-Static-Site") == "baked"

        # Not baked: the portal (never built), a query string, a signed-in editor, the admin, a POST.
        for path, host, extra in [
            ("/", "portal.localhost", {}),
            ("/notices/?page=1", "c1.localhost", {}),
            ("/", "c1.localhost", {"Cookie": "sessionid=abc"}),
            ("/", "c1.localhost", {"Cookie": "django_language=en"}),
            ("/admin/login/", "c1.localhost", {}),
        ]:
            status, headers, body = fetch(port, path, host, extra)
            assert "X-Static-Site" not in headers, (path, host, extra)
            django_status, _headers, django_body = fetch(django_port, path, host, extra)
            assert status == django_status == 200, (path, host, extra)
        status, headers, _body = fetch(port, "/", "c1.localhost", method="POST")
        assert status == 403 and "X-Static-Site" not in headers  # Django's CSRF check, not a file

        # A page that does not exist anywhere: Django's 404 through nginx.
        status, headers, _body = fetch(port, "/no-such-page/", "c1.localhost")
        assert status == 404 and "X-Static-Site" not in headers

        # Host names that would reach the build folders are refused.
        status, _headers, _body = fetch(port, "/", ".builds")
        assert status == 400

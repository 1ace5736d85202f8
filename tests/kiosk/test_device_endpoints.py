"""The calls a kiosk makes about itself, addressed by its device token: the app page, the service
worker, the heartbeat, the screenshot upload and the QR code of a page to continue on a phone."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.models import PageViewRestriction

from cms.accounts.models import Role
from kiosk_app.models import Kiosk
from kiosk_app.services import MAX_SCREENSHOT_BYTES
from kiosk_app.views import APP_VERSION, qr_svg
from sites.models import NoticeIndexPage, NoticePage
from sites.services.exchange import push_notice, withdraw_pushed_notice
from tests.factories import staff

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def post_heartbeat(client, token, body, content_type="application/json"):
    return client.post(f"/kiosk/{token}/heartbeat/", data=body, content_type=content_type)


def picture_bytes(image_format="PNG", size=(108, 192)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (183, 28, 28)).save(buffer, image_format)
    return buffer.getvalue()


def upload(client, token, content, name="screen.png", content_type="image/png"):
    files = {"screenshot": SimpleUploadedFile(name, content, content_type=content_type)} if content is not None else {}
    return client.post(f"/kiosk/{token}/screenshot/", data=files)


# ---------------------------------------------------------------- the app page and its service worker
def test_the_app_page_carries_the_kiosks_settings(client, kiosk_community):
    kiosk = kiosk_community.kiosk
    Kiosk.objects.filter(pk=kiosk.pk).update(idle_timeout_seconds=45, orientation="landscape")
    response = client.get(kiosk_community.path)
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    html = response.content.decode()
    assert 'class="kiosk landscape"' in html
    config = json.loads(html.split('id="kiosk-config" type="application/json">')[1].split("</script>")[0])
    assert config["idleSeconds"] == 45
    assert config["base"] == kiosk_community.path
    assert config["texts"]["offline"] == "网络已断开：正在显示上次保存的内容。"


@pytest.mark.parametrize("path", ["", "sw.js", "qr.svg"])
def test_an_unknown_or_inactive_token_opens_nothing(client, kiosk_community, path):
    assert client.get(f"/kiosk/ksk_not-a-token/{path}").status_code == 404
    Kiosk.objects.filter(pk=kiosk_community.kiosk.pk).update(is_active=False)
    assert client.get(f"{kiosk_community.path}{path}").status_code == 404


def test_the_service_worker_may_control_the_kiosk_and_is_never_cached(client, kiosk_community):
    response = client.get(f"{kiosk_community.path}sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == kiosk_community.path
    assert "no-cache" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]
    body = response.content.decode()
    precache = json.loads(body.split("const PRECACHE = ")[1].split(";\n")[0])
    assert precache[0] == kiosk_community.path
    assert any(path.endswith("kiosk_app/kiosk.js") for path in precache)
    assert f'const CACHE = "kiosk-{APP_VERSION}";' in body


# ---------------------------------------------------------------- heartbeat
def test_a_heartbeat_records_when_the_kiosk_was_alive_its_version_and_screen(client, kiosk_community):
    response = post_heartbeat(client, kiosk_community.token, json.dumps({"appVersion": "1.0.0", "screen": "通知公告"}))
    assert response.status_code == 200
    assert response.json() == {"ok": True, "nextInSeconds": 60}
    kiosk = Kiosk.objects.get(pk=kiosk_community.kiosk.pk)
    assert kiosk.is_online
    assert kiosk.app_version == "1.0.0"
    assert kiosk.current_screen == "通知公告"
    assert Kiosk.objects.get(pk=kiosk_community.other_kiosk.pk).last_heartbeat_at is None


def test_a_heartbeat_keeps_only_as_much_text_as_the_registry_holds(client, kiosk_community):
    body = json.dumps({"appVersion": "9" * 100, "screen": "屏" * 1000})
    assert post_heartbeat(client, kiosk_community.token, body).status_code == 200
    kiosk = Kiosk.objects.get(pk=kiosk_community.kiosk.pk)
    assert len(kiosk.app_version) == 32
    assert len(kiosk.current_screen) == 255


def test_an_empty_heartbeat_still_counts(client, kiosk_community):
    assert post_heartbeat(client, kiosk_community.token, b"").status_code == 200
    assert Kiosk.objects.get(pk=kiosk_community.kiosk.pk).is_online


@pytest.mark.parametrize("body", [b"{not json", b"\xff\xfe", b'["appVersion", "1.0.0"]', b'"text"', b"42", b"null"])
def test_a_heartbeat_that_is_not_a_json_object_is_refused(client, kiosk_community, body):
    response = post_heartbeat(client, kiosk_community.token, body)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert Kiosk.objects.get(pk=kiosk_community.kiosk.pk).last_heartbeat_at is None


def test_a_heartbeat_with_an_unknown_or_inactive_token_is_not_found(client, kiosk_community):
    assert post_heartbeat(client, "ksk_unknown", "{}").status_code == 404
    Kiosk.objects.filter(pk=kiosk_community.kiosk.pk).update(is_active=False)
    assert post_heartbeat(client, kiosk_community.token, "{}").status_code == 404
    assert Kiosk.objects.get(pk=kiosk_community.kiosk.pk).last_heartbeat_at is None


def test_a_heartbeat_must_be_posted(client, kiosk_community):
    assert client.get(f"{kiosk_community.path}heartbeat/").status_code == 405


# ---------------------------------------------------------------- screenshot
def test_the_kiosk_uploads_a_screenshot_that_replaces_the_previous_one(client, kiosk_community):
    assert upload(client, kiosk_community.token, picture_bytes()).json() == {"ok": True}
    first = Kiosk.objects.get(pk=kiosk_community.kiosk.pk)
    assert first.screenshot.name.endswith(".png")
    assert first.screenshot_at is not None

    jpeg = picture_bytes("JPEG")
    assert upload(client, kiosk_community.token, jpeg, "screen.jpg", "image/jpeg").status_code == 200
    second = Kiosk.objects.get(pk=kiosk_community.kiosk.pk)
    assert second.screenshot.name.endswith(".jpg")
    assert second.screenshot.read() == jpeg
    assert not first.screenshot.storage.exists(first.screenshot.name)  # the old picture is gone


def test_a_screenshot_upload_without_a_file_is_refused(client, kiosk_community):
    response = upload(client, kiosk_community.token, None)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "missing"


@pytest.mark.parametrize(
    "content,name",
    [
        (b"this is not a picture", "screen.png"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "screen.png"),  # a PNG signature with nothing behind it
        (picture_bytes("GIF"), "screen.gif"),  # a picture, but not PNG or JPEG
        (picture_bytes("PNG", size=(4001, 4001)), "huge.png"),  # more pixels than any screen
    ],
)
def test_a_screenshot_that_is_not_a_png_or_jpeg_picture_is_refused(client, kiosk_community, content, name):
    response = upload(client, kiosk_community.token, content, name)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "not_an_image"
    assert response.json()["error"]["message"] == "截图不是 PNG 或 JPEG 图片。"
    assert not Kiosk.objects.get(pk=kiosk_community.kiosk.pk).screenshot


def test_a_screenshot_larger_than_5_mb_is_refused(client, kiosk_community):
    too_large = picture_bytes() + b"\x00" * MAX_SCREENSHOT_BYTES
    response = upload(client, kiosk_community.token, too_large)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "too_large"
    assert not Kiosk.objects.get(pk=kiosk_community.kiosk.pk).screenshot


def test_a_screenshot_with_an_unknown_token_is_not_found(client, kiosk_community):
    assert upload(client, "ksk_unknown", picture_bytes()).status_code == 404
    assert client.get(f"{kiosk_community.path}screenshot/").status_code == 405


# ---------------------------------------------------------------- QR code
def qr(client, kiosk_community, page_id=None):
    query = "" if page_id is None else f"?page={page_id}"
    return client.get(f"{kiosk_community.path}qr.svg{query}")


def test_the_qr_code_leads_to_the_page_on_the_kiosks_own_site(client, kiosk_community):
    guide = kiosk_community.guide
    response = qr(client, kiosk_community, guide.pk)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "max-age=" in response["Cache-Control"]
    svg = response.content.decode()
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')  # an <img> shows nothing without it
    assert svg == qr_svg(guide.get_full_url()).decode()
    assert svg != qr_svg(kiosk_community.home.get_full_url()).decode()
    assert guide.get_full_url().startswith("http://c1.localhost/")


def test_without_a_page_the_qr_code_leads_to_the_home_page(client, kiosk_community):
    response = qr(client, kiosk_community)
    home = kiosk_community.home
    assert response.content == qr_svg(home.get_full_url())


def test_there_is_no_qr_code_for_another_sites_page(client, kiosk_community):
    other_home = kiosk_community.network["sites"][1].home
    other_notice = NoticePage.objects.descendant_of(other_home).first()
    assert qr(client, kiosk_community, other_home.pk).status_code == 404
    assert qr(client, kiosk_community, other_notice.pk).status_code == 404
    portal_home = kiosk_community.network["portal"].home
    assert qr(client, kiosk_community, portal_home.pk).status_code == 404


def test_there_is_no_qr_code_for_a_draft(client, kiosk_community):
    index = NoticeIndexPage.objects.child_of(kiosk_community.home).get()
    draft = index.add_child(instance=NoticePage(title="未发布的通知", live=False))
    assert qr(client, kiosk_community, draft.pk).status_code == 404


def test_there_is_no_qr_code_for_a_private_page(client, kiosk_community):
    notice = kiosk_community.notices[0]
    PageViewRestriction.objects.create(page=notice, restriction_type=PageViewRestriction.LOGIN)
    assert qr(client, kiosk_community, notice.pk).status_code == 404


def test_the_qr_code_of_a_notice_pushed_down_to_the_site_leads_to_it_on_the_site(client, kiosk_community):
    network = kiosk_community.network
    street_staff = staff(network["street"], Role.STREET_STAFF)
    pushed = push_notice(actor=street_staff, target=network["street"], title="街道防汛通知", summary="请做好防汛准备")
    response = qr(client, kiosk_community, f"pushed-{pushed.pk}")
    assert response.status_code == 200
    assert response.content == qr_svg(f"http://c1.localhost/notices/pushed/{pushed.pk}/")


def test_there_is_no_qr_code_for_a_push_that_does_not_reach_the_site(client, kiosk_community):
    network = kiosk_community.network
    city_admin = staff(network["city"], Role.CITY_ADMIN)
    elsewhere = push_notice(actor=city_admin, target=network["communities"][1], title="第二社区停水通知")
    assert qr(client, kiosk_community, f"pushed-{elsewhere.pk}").status_code == 404
    withdrawn = push_notice(actor=city_admin, target=network["city"], title="已撤回的通知")
    withdraw_pushed_notice(withdrawn, actor=city_admin)
    assert qr(client, kiosk_community, f"pushed-{withdrawn.pk}").status_code == 404
    assert qr(client, kiosk_community, "pushed-abc").status_code == 404


@pytest.mark.parametrize("page_id", ["abc", "-1", "99999999", "99999999999999999999", "1;drop"])
def test_a_qr_code_for_a_page_id_that_is_no_page_is_not_found(client, kiosk_community, page_id):
    assert qr(client, kiosk_community, page_id).status_code == 404

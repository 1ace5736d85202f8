"""The outbox delivers through real peers: an SMTP server and an HTTP SMS gateway started here."""

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller
from django.test import override_settings

from cms.notifications.models import Channel, DeliveryStatus, OutboxMessage
from cms.notifications.senders import HttpSmsGatewaySender
from cms.notifications.services import MAX_ATTEMPTS, deliver, queue_notification, unread_admin_messages


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class CollectingSmtpHandler:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_server():
    handler = CollectingSmtpHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, handler
    controller.stop()


class SmsGateway(ThreadingHTTPServer):
    """A tiny SMS gateway: records each POST and answers with `status`."""

    def __init__(self, status=200):
        self.received = []
        self.status = status
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                gateway.received.append((self.headers["Authorization"], json.loads(body)))
                self.send_response(gateway.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}/send"

    def stop(self):
        self.shutdown()
        self.server_close()


@pytest.fixture
def sms_gateway():
    gateway = SmsGateway()
    yield gateway
    gateway.stop()


@pytest.mark.django_db(transaction=True)
def test_email_is_delivered_over_smtp(smtp_server):
    controller, handler = smtp_server
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="127.0.0.1", EMAIL_PORT=controller.port
    ):
        message = queue_notification(
            channel=Channel.EMAIL, recipient="zhang@example.cn", subject="通知", body="明天开会"
        )
    message.refresh_from_db()
    assert message.status == DeliveryStatus.SENT
    assert len(handler.messages) == 1
    assert handler.messages[0].rcpt_tos == ["zhang@example.cn"]


@pytest.mark.django_db
def test_email_to_a_dead_smtp_server_stays_pending_with_the_error():
    message = OutboxMessage.objects.create(channel=Channel.EMAIL, recipient="a@example.cn", body="x")
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=free_port(),
        EMAIL_TIMEOUT=2,
    ):
        deliver(message.pk)
    message.refresh_from_db()
    assert message.status == DeliveryStatus.PENDING
    assert message.attempts == 1
    assert message.last_error


@pytest.mark.django_db
def test_sms_is_posted_to_the_gateway(sms_gateway):
    message = OutboxMessage.objects.create(channel=Channel.SMS, recipient="13800138000", body="您的活动证已开具")
    with override_settings(
        SMS_SENDER="cms.notifications.senders.HttpSmsGatewaySender",
        SMS_GATEWAY_URL=sms_gateway.url,
        SMS_GATEWAY_TOKEN="secret-token",
    ):
        deliver(message.pk)
    message.refresh_from_db()
    assert message.status == DeliveryStatus.SENT
    assert sms_gateway.received == [("Bearer secret-token", {"phone": "13800138000", "text": "您的活动证已开具"})]


@pytest.mark.django_db
def test_sms_gateway_errors_are_retried_then_marked_failed():
    gateway = SmsGateway(status=500)
    try:
        message = OutboxMessage.objects.create(channel=Channel.SMS, recipient="13800138000", body="x")
        with override_settings(
            SMS_SENDER="cms.notifications.senders.HttpSmsGatewaySender", SMS_GATEWAY_URL=gateway.url
        ):
            for _attempt in range(MAX_ATTEMPTS):
                deliver(message.pk)
        message.refresh_from_db()
        assert message.status == DeliveryStatus.FAILED
        assert message.attempts == MAX_ATTEMPTS
        assert "500" in message.last_error
        assert len(gateway.received) == MAX_ATTEMPTS
    finally:
        gateway.stop()


def test_sms_sender_without_a_gateway_url_refuses_to_start():
    with override_settings(SMS_GATEWAY_URL=None), pytest.raises(Exception, match="SMS_GATEWAY_URL"):
        HttpSmsGatewaySender()


@pytest.mark.django_db
def test_admin_messages_land_in_the_users_inbox(django_user_model):
    user = django_user_model.objects.create_user("clerk")
    message = queue_notification(channel=Channel.ADMIN, recipient="clerk", recipient_user=user, body="有新的申请待审核")
    assert message.status == DeliveryStatus.SENT
    assert list(unread_admin_messages(user)) == [message]


@pytest.mark.django_db
def test_admin_inbox_lists_own_messages_and_marks_them_read(client, django_user_model):
    clerk = django_user_model.objects.create_user("clerk2", is_superuser=False)
    from django.contrib.auth.models import Permission

    clerk.user_permissions.add(Permission.objects.get(codename="access_admin"))
    other = django_user_model.objects.create_user("other")
    queue_notification(channel=Channel.ADMIN, recipient="clerk2", recipient_user=clerk, body="请审核低保申请")
    queue_notification(channel=Channel.ADMIN, recipient="other", recipient_user=other, body="别人的消息")
    client.force_login(clerk)
    assert "请审核低保申请" in client.get("/admin/").content.decode()  # dashboard panel
    body = client.get("/admin/messages/").content.decode()
    assert "请审核低保申请" in body and "别人的消息" not in body
    client.post("/admin/messages/read/")
    assert not unread_admin_messages(clerk).exists()
    assert unread_admin_messages(other).exists()

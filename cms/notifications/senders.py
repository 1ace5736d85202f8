"""Senders deliver one OutboxMessage over one channel; they raise on failure.

The interface is `send(message) -> None`. Production configures real senders through
settings (EMAIL_BACKEND for email, SMS_SENDER for SMS); the embedded default keeps SMS in the
outbox, where staff can read what would have been sent.
"""

import json
import urllib.request

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string


class SenderError(Exception):
    pass


class OutboxOnlySender:
    """Delivery is the outbox row itself: used for in-admin messages and for SMS without a gateway."""

    def send(self, message):
        return None


class EmailSender:
    def send(self, message):
        send_mail(message.subject or "", message.body, settings.DEFAULT_FROM_EMAIL, [message.recipient])


class HttpSmsGatewaySender:
    """Posts JSON {phone, text} to SMS_GATEWAY_URL with a bearer token; any non-2xx is a failure."""

    def __init__(self, url=None, token=None, timeout=10):
        self.url = url or settings.SMS_GATEWAY_URL
        self.token = token or settings.SMS_GATEWAY_TOKEN
        self.timeout = timeout
        if not self.url:
            raise SenderError("SMS_GATEWAY_URL is not configured.")

    def send(self, message):
        payload = json.dumps({"phone": message.recipient, "text": message.body}).encode()
        request = urllib.request.Request(
            self.url,
            data=payload,
            method="POST",
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {self.token or ''}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                if not 200 <= response.status < 300:
                    raise SenderError(f"SMS gateway answered {response.status}")
        except OSError as exc:  # URLError, HTTPError and timeouts are all OSErrors
            raise SenderError(f"SMS gateway unreachable or refused: {exc}") from exc


def sender_for(channel):
    from cms.notifications.models import Channel

    if channel == Channel.EMAIL:
        return EmailSender()
    if channel == Channel.SMS:
        return import_string(settings.SMS_SENDER)()
    return OutboxOnlySender()

"""Queueing notifications. The row is written in the caller's transaction; delivery runs after commit."""

from django.db import transaction
from django.utils import timezone

from cms.notifications.models import Channel, DeliveryStatus, OutboxMessage
from cms.notifications.senders import sender_for

MAX_ATTEMPTS = 5


def queue_notification(*, channel, recipient, body, subject="", recipient_user=None):
    # In-admin messages are delivered by being stored; the others go out after the commit.
    delivered_now = channel == Channel.ADMIN
    message = OutboxMessage.objects.create(
        channel=channel,
        recipient=recipient,
        body=body,
        subject=subject,
        recipient_user=recipient_user,
        status=DeliveryStatus.SENT if delivered_now else DeliveryStatus.PENDING,
        sent_at=timezone.now() if delivered_now else None,
    )
    if not delivered_now:
        from cms.notifications.tasks import deliver_outbox_message

        transaction.on_commit(lambda: deliver_outbox_message.enqueue(message.pk))
    return message


def deliver(message_id):
    """Send one pending message; record success or the error. Returns the message."""
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().get(pk=message_id)
        if message.status == DeliveryStatus.SENT:
            return message
        message.attempts += 1
        try:
            sender_for(message.channel).send(message)
        except Exception as exc:  # any sender failure is recorded, not lost
            message.last_error = str(exc)[:2000]
            message.status = DeliveryStatus.FAILED if message.attempts >= MAX_ATTEMPTS else DeliveryStatus.PENDING
        else:
            message.status = DeliveryStatus.SENT
            message.sent_at = timezone.now()
            message.last_error = ""
        message.save()
        return message


def retry_pending_messages():
    """Periodic job: try every pending message again."""
    ids = list(OutboxMessage.objects.filter(status=DeliveryStatus.PENDING).values_list("pk", flat=True))
    return [deliver(pk) for pk in ids]


def unread_admin_messages(user):
    return OutboxMessage.objects.filter(recipient_user=user, channel=Channel.ADMIN, read_at__isnull=True)

"""Background jobs of the outbox."""

from django_tasks import task

from cms.notifications import services


@task()
def deliver_outbox_message(message_id):
    message = services.deliver(message_id)
    return message.status


@task()
def retry_pending_messages():
    return len(services.retry_pending_messages())

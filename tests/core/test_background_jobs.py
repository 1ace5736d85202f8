"""Background jobs run through the real Redis broker configured for production."""

import django_rq
import pytest
from django_tasks import task_backends
from django_tasks_rq import Job
from rq import SimpleWorker

from cms.notifications.models import Channel, DeliveryStatus, OutboxMessage
from cms.notifications.tasks import deliver_outbox_message


@pytest.fixture
def redis_queue():
    queue = django_rq.get_queue("default", job_class=Job)
    queue.empty()
    yield queue
    queue.empty()


@pytest.mark.django_db
def test_a_job_goes_through_redis_and_a_worker_runs_it(redis_queue):
    message = OutboxMessage.objects.create(channel=Channel.SMS, recipient="13800138000", body="测试")
    result = deliver_outbox_message.using(backend="redis").enqueue(message.pk)

    assert redis_queue.count == 1  # it is really in Redis, not run yet
    message.refresh_from_db()
    assert message.status == DeliveryStatus.PENDING

    worker = SimpleWorker([redis_queue], connection=redis_queue.connection, job_class=Job)
    worker.work(burst=True)

    message.refresh_from_db()
    assert message.status == DeliveryStatus.SENT
    result = task_backends["redis"].get_result(result.id)
    assert result.return_value == DeliveryStatus.SENT

"""`manage.py publish_site_schedule`: run the scheduled-publishing job (for cron or a systemd timer)."""

from django.core.management.base import BaseCommand

from sites.tasks import publish_scheduled_content


class Command(BaseCommand):
    help = "Publish pages whose go-live time has passed and unpublish expired ones (run every few minutes)."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="queue the job for a worker instead of running it")

    def handle(self, *args, enqueue, **options):
        if enqueue:
            result = publish_scheduled_content.enqueue()
            self.stdout.write(f"queued {result.id}")
        else:
            self.stdout.write(publish_scheduled_content.call() or "done")

"""Flag approval cases past their time limit and tell the units where they wait; run from cron, e.g.

0 * * * *  manage.py mark_overdue_cases            # now, in this process
0 * * * *  manage.py mark_overdue_cases --enqueue  # as a background job on the task backend
"""

from django.core.management.base import BaseCommand

from services.approvals.services import mark_overdue_cases
from services.approvals.tasks import mark_overdue_cases_task


class Command(BaseCommand):
    help = "Flag approval cases whose current step is past its time limit."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="run as a background job instead")

    def handle(self, *args, enqueue, **options):
        if enqueue:
            result = mark_overdue_cases_task.enqueue()
            self.stdout.write(f"Queued job {result.id}.")
            return
        count = mark_overdue_cases()
        self.stdout.write(f"{count} case(s) newly marked overdue.")

"""The nightly assistance run; from cron, e.g.

30 1 * * *  manage.py assistance_nightly     # review tasks falling due, then all compliance checks
"""

from django.core.management.base import BaseCommand

from services.assistance.compliance import run_compliance_checks
from services.assistance.services import schedule_reviews


class Command(BaseCommand):
    help = "Create the assistance review tasks falling due and run the compliance checks over all cases."

    def handle(self, *args, **options):
        created = schedule_reviews()
        hits = run_compliance_checks()
        self.stdout.write(f"Review tasks created: {created}")
        for kind, count in hits.items():
            self.stdout.write(f"{kind}: {count}")

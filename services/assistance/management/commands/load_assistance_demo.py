"""Add demo standards and assistance cases to the demo network: `manage.py load_assistance_demo`."""

from django.core.management.base import BaseCommand

from services.assistance.demo import add_demo_assistance


class Command(BaseCommand):
    help = "Add city standards and a few assistance cases per demo community (idempotent)."

    def handle(self, *args, **options):
        created = add_demo_assistance()
        self.stdout.write(f"standards: {created['assistance_standards']}, cases: {created['assistance_cases']}")

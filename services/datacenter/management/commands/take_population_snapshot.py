"""Store the month-end population snapshot; run from cron on the 1st of every month, e.g.

5 0 1 * *  manage.py take_population_snapshot          # the month that has just ended
manage.py take_population_snapshot --month 2026-01 --force   # re-take a month on purpose
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from services.datacenter.snapshots import parse_month, previous_month, take_population_snapshot


class Command(BaseCommand):
    help = "Store the population statistics of every org unit for a month (default: the previous month)."

    def add_arguments(self, parser):
        parser.add_argument("--month", default="", help="YYYY-MM; default: the month before today")
        parser.add_argument("--force", action="store_true", help="replace a snapshot already stored for the month")

    def handle(self, *args, month, force, **options):
        try:
            result = take_population_snapshot(parse_month(month) if month else previous_month(), force=force)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if result.created:
            self.stdout.write(f"Stored the population snapshot of {result.month:%Y-%m} for {result.units} org units.")
        else:
            self.stdout.write(
                f"The population snapshot of {result.month:%Y-%m} was already stored ({result.units} org units); "
                "use --force to replace it."
            )

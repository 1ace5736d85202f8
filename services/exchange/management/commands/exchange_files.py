"""`manage.py exchange_files`: batch file exchange with a partner.

    exchange_files import --partner 社保局 flags.xlsx [--dry-run]   # flag updates, with a per-row report
    exchange_files export --partner 社保局 residents.csv             # the partner's scoped residents

Files are .xlsx or .csv (UTF-8); the import's columns are resident_id plus any of the writable flags.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from cms.spreadsheets import SpreadsheetError
from services.exchange.models import ExchangePartner
from services.exchange.services import WRITABLE_FLAGS, export_residents, import_flag_file


class Command(BaseCommand):
    help = "Import a partner's flag updates from .xlsx/.csv, or export its scoped residents to .xlsx/.csv."

    def add_arguments(self, parser):
        parser.add_argument("direction", choices=["import", "export"])
        parser.add_argument("path", help="the .xlsx or .csv file to read or write")
        parser.add_argument("--partner", required=True, help="partner id or exact name")
        parser.add_argument("--dry-run", action="store_true", help="import: check every row, save nothing")

    def handle(self, *args, direction, path, partner, dry_run, **options):
        partner = self.find_partner(partner)
        file_path = Path(path)
        if file_path.suffix.lower() not in (".xlsx", ".csv"):
            raise CommandError("Use a .xlsx or .csv file.")
        try:
            if direction == "export":
                content = export_residents(partner, file_format=file_path.suffix.lower()[1:])
                file_path.write_bytes(content)
                self.stdout.write(self.style.SUCCESS(f"Wrote {file_path}."))
                return
            with file_path.open("rb") as uploaded:
                report = import_flag_file(partner, uploaded, file_path.name, commit=not dry_run)
        except (ValidationError, SpreadsheetError) as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from error
        except FileNotFoundError as error:
            raise CommandError(f"No such file: {file_path}") from error
        for number, errors in report.errors:
            for name, message in errors.items():
                self.stderr.write(f"row {number}: {name}: {message}")
        verb = "would save" if dry_run else "saved"
        summary = f"{report.rows} rows, {verb} {report.rows - len(report.errors) if dry_run else report.saved}, "
        summary += f"{len(report.errors)} bad (columns: resident_id, {', '.join(WRITABLE_FLAGS)})."
        self.stdout.write(self.style.SUCCESS(summary) if report.ok else self.style.WARNING(summary))

    @staticmethod
    def find_partner(value):
        partners = ExchangePartner.objects.select_related("org_unit")
        partner = (partners.filter(pk=value).first() if value.isdigit() else None) or partners.filter(
            name=value
        ).first()
        if partner is None:
            raise CommandError(f"No exchange partner {value!r}.")
        return partner

"""`manage.py load_demo`: build the demo network (portal, community sites, content, accounts).

Running it again adds only what is missing, so it is safe to repeat and to grow with --scale.
"""

import unicodedata

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sites.demo.loader import DEFAULT_PAGES_PER_SITE, load_demo
from sites.demo.network import DEFAULT_SCALE


def display_width(text):
    # Chinese characters take two columns in a terminal.
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def format_table(headings, rows):
    widths = [max(display_width(str(cell)) for cell in column) for column in zip(headings, *rows, strict=True)]

    def line(cells):
        return "  ".join(
            str(cell) + " " * (width - display_width(str(cell))) for cell, width in zip(cells, widths, strict=True)
        ).rstrip()

    return "\n".join([line(headings), "  ".join("-" * width for width in widths), *(line(row) for row in rows)])


class Command(BaseCommand):
    help = "Load the demo city: portal, community sites with content, and one account per role."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=DEFAULT_SCALE,
            help=f"number of communities (default {DEFAULT_SCALE}; e.g. 50 or 200 for benchmarks)",
        )
        parser.add_argument(
            "--pages-per-site",
            type=int,
            default=DEFAULT_PAGES_PER_SITE,
            help=f"content pages per community site (default {DEFAULT_PAGES_PER_SITE})",
        )
        parser.add_argument(
            "--port", type=int, default=None, help="port the sites are registered on (default settings.DEMO_SITE_PORT)"
        )

    def handle(self, *args, scale, pages_per_site, port, verbosity, **options):
        if scale < 1:
            raise CommandError("--scale must be at least 1.")
        if pages_per_site < 0:
            raise CommandError("--pages-per-site cannot be negative.")
        port = port or getattr(settings, "DEMO_SITE_PORT", 8000)
        progress = (lambda message: self.stdout.write(f"  {message}")) if verbosity >= 2 else None
        report = load_demo(scale=scale, pages_per_site=pages_per_site, port=port, progress=progress)

        if verbosity == 0:
            return
        for reason in report.skipped:
            self.stderr.write(self.style.WARNING(f"Skipped {reason}"))
        if report.created_anything:
            added = ", ".join(
                f"{count} {what.replace('_', ' ')}" for what, count in sorted(report.created.items()) if count
            )
            self.stdout.write(self.style.SUCCESS(f"Demo loaded in {report.seconds:.1f}s: added {added}."))
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"The demo already exists ({len(report.sites)} sites); nothing was missing. ({report.seconds:.1f}s)"
                )
            )
        self.stdout.write("")
        self.stdout.write(format_table(["site", "URL", "theme"], [(s.name, s.url, s.theme) for s in report.sites]))
        self.stdout.write("")
        self.stdout.write(f"Admin: {report.admin_url}")
        if report.kiosk_url:
            self.stdout.write(f"Kiosk (touch screen, a new address each run): {report.kiosk_url}")
        self.stdout.write("")
        self.stdout.write(
            format_table(
                ["user name", "role", "org unit", "password", "note"],
                [(a.username, a.role, a.org_unit, a.password, a.note) for a in report.accounts],
            )
        )

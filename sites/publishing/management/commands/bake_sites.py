"""Bake public sites to static files: `manage.py bake_sites` (all sites) or `--host c1.example.gov.cn`;
`--remove` takes the given hosts' files away so Django serves them again."""

import time

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from sites.publishing import services
from sites.publishing.storage import served_path


class Command(BaseCommand):
    help = "Bake every public site (or the given hosts) to static files, one folder per host name."

    def add_arguments(self, parser):
        parser.add_argument("--host", action="append", default=[], help="host name of a site; repeat for several")
        parser.add_argument("--remove", action="store_true", help="remove the baked files of the given hosts")

    def handle(self, *args, host, remove, **options):
        sites = Site.objects.select_related("root_page").order_by("hostname")
        if host:
            sites = sites.filter(hostname__in=host)
            missing = set(host) - {site.hostname for site in sites}
            if missing:
                raise CommandError(f"No site with host name: {', '.join(sorted(missing))}")
        if remove:
            if not host:
                raise CommandError("--remove needs at least one --host.")
            for site in sites:
                services.unbake_site(site)
                self.stdout.write(f"{site.hostname}: baked files removed, served by Django")
            return
        for site in sites:
            if not site.root_page.live:
                self.stdout.write(f"{site.hostname}: home page not live, skipped")
                continue
            started = time.perf_counter()
            report = services.bake_site(site)
            seconds = time.perf_counter() - started
            self.stdout.write(
                f"{site.hostname}: {report.pages} pages, {len(report.assets)} assets in {seconds:.1f}s "
                f"-> {served_path(site.hostname)}"
            )

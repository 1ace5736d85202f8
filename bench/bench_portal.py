"""Benchmark of the portal home: queries and median uncached render at 10 and at 200 community sites.

    .venv/bin/python bench/bench_portal.py [--small 10] [--large 200] [--pages-per-site 50] [--runs 30]

Builds the demo network with `load_demo --scale` in its own database (see bench_sites.py), measures the
portal home and the community-updates page, grows the network, and measures again. Prints numbers;
never fails on them (see bench/README.md).
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_sites import drop_database, measure_uncached, print_table, recreate_database, setup_django  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", type=int, default=10)
    parser.add_argument("--large", type=int, default=200)
    parser.add_argument("--pages-per-site", type=int, default=50)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="cms_bench_portal")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="reuse a kept database: load_demo only adds what is missing, so a scale below its size measures it whole",
    )
    arguments = parser.parse_args()

    recreate_database(arguments.server, arguments.database, reuse=arguments.reuse)
    setup_django(f"{arguments.server}/{arguments.database}")

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings
    from wagtail.models import Page, Site

    from sites.models import CommunityFeedPage, PortalHomePage
    from tests.factories import without_search_indexing

    call_command("migrate", verbosity=0)
    client = Client()
    rows = []
    for scale in (arguments.small, arguments.large):
        started = time.perf_counter()
        # The search index plays no part in the portal home; keeping it current would triple the build time.
        with without_search_indexing():
            call_command("load_demo", scale=scale, pages_per_site=arguments.pages_per_site, verbosity=0)
        print(
            f"load_demo --scale {scale} --pages-per-site {arguments.pages_per_site}: "
            f"{time.perf_counter() - started:.0f}s, {Page.objects.count()} pages"
        )
        connection.close()
        portal = PortalHomePage.objects.get()
        host = Site.objects.get(root_page=portal).hostname
        feed = CommunityFeedPage.objects.child_of(portal).first()
        targets = [("portal home", "/")]
        if feed is not None:
            targets.append(("community updates", feed.get_url_parts()[2]))
            targets.append(("community updates, events", feed.get_url_parts()[2] + "?kind=events"))
        with override_settings(PAGE_CACHE_SECONDS=0):
            for label, path in targets:
                result = measure_uncached(client, host, path, arguments.runs)
                rows.append((label, scale, f"{result['median']:.1f}", f"{result['p95']:.1f}", result["queries"]))
                print(f"  {label} at {scale} sites: median {result['median']:.1f} ms, {result['queries']} queries")
    print()
    print(f"Uncached renders ({arguments.runs} runs each, PostgreSQL {connection.pg_version // 10000})")
    print_table(["page", "sites", "median ms", "p95 ms", "SQL queries"], rows)
    if not arguments.keep:
        drop_database(arguments.server, arguments.database)


if __name__ == "__main__":
    main()

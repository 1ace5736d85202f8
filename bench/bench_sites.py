"""Benchmark of the public sites: build the demo network in its own PostgreSQL database, then time
uncached renders (with their SQL query counts) and the throughput of a cached page.

    .venv/bin/python bench/bench_sites.py [--scale 50] [--runs 30] [--reuse]

Not a test: it prints numbers and never fails on them (see bench/README.md).
"""

import argparse
import math
import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=50, help="communities in the demo network (default 50)")
    parser.add_argument("--pages-per-site", type=int, default=None, help="content pages per community (loader default)")
    parser.add_argument("--runs", type=int, default=30, help="timed renders per page (default 30)")
    parser.add_argument(
        "--cached-seconds", type=float, default=5.0, help="how long to hammer the cached page (default 5)"
    )
    parser.add_argument(
        "--server", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL server URL without a database name"
    )
    parser.add_argument("--database", default="cms_bench", help="database to (re)create (default cms_bench)")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep an existing benchmark database (the loader only tops up what is missing)",
    )
    parser.add_argument("--keep", action="store_true", help="do not drop the database at the end")
    return parser.parse_args()


def admin_connection(server):
    import psycopg2

    connection = psycopg2.connect(f"{server}/postgres")
    connection.autocommit = True
    return connection


def recreate_database(server, name, *, reuse):
    from psycopg2 import sql

    # Not `with connection:`: psycopg2 would open a transaction, and CREATE DATABASE cannot run in one.
    connection = admin_connection(server)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            exists = cursor.fetchone() is not None
            if exists and reuse:
                return False
            if exists:
                cursor.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        connection.close()
    return True


def drop_database(server, name):
    from psycopg2 import sql

    connection = admin_connection(server)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    finally:
        connection.close()


def setup_django(database_url):
    # The test settings: DEBUG off, fast hashing, in-process jobs and a local-memory cache.
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    os.environ.setdefault("CMS_VAR_DIR", str(Path(tempfile.gettempdir()) / "cms_bench_var"))  # media of the bench
    sys.path.insert(0, str(PROJECT_DIR))
    import django

    # WhiteNoise warns when collectstatic has not run; the benchmark serves no static files.
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    django.setup()


def percentile(values, share):
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def measure_uncached(client, host, path, runs):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path, HTTP_HOST=host)  # warm up: renditions, template loaders, per-process caches
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path, HTTP_HOST=host)
        timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{host}{path} answered {response.status_code}")
    # Counted apart from the timed runs, so recording SQL does not slow the timings.
    query_counts = []
    for _ in range(3):
        with CaptureQueriesContext(connection) as queries:
            client.get(path, HTTP_HOST=host)
        query_counts.append(len(queries))
    return {
        "median": statistics.median(timings),
        "p95": percentile(timings, 0.95),
        "queries": max(query_counts),
        "bytes": len(response.content),
    }


def measure_cached(client, host, path, seconds):
    client.get(path, HTTP_HOST=host)  # the miss that fills the cache
    response = client.get(path, HTTP_HOST=host)
    hit = response.get("X-Page-Cache") == "hit"
    count = 0
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        client.get(path, HTTP_HOST=host)
        count += 1
    elapsed = time.perf_counter() - started
    return {"requests_per_second": count / elapsed, "mean_ms": elapsed / count * 1000, "hit": hit}


def pages_to_measure(hostname):
    from wagtail.models import Site

    from sites.models import NoticeIndexPage, PortalHomePage, ServiceGuidePage

    site = Site.objects.get(hostname=hostname)
    home = site.root_page.specific
    notice_list = NoticeIndexPage.objects.child_of(home).get()
    guide = ServiceGuidePage.objects.descendant_of(home).live().exclude(legal_basis="").order_by("path").first()
    portal = PortalHomePage.objects.get()
    portal_site = Site.objects.get(root_page=portal)

    def path_of(page):
        return page.get_url_parts()[2]

    return [
        ("community home", site.hostname, "/"),
        ("notice list", site.hostname, path_of(notice_list)),
        ("service guide", site.hostname, path_of(guide)),
        ("portal home", portal_site.hostname, "/"),
    ]


def print_table(headings, rows):
    widths = [max(len(str(cell)) for cell in column) for column in zip(headings, *rows, strict=True)]
    print("  ".join(str(cell).ljust(width) for cell, width in zip(headings, widths, strict=True)))
    print("  ".join("-" * width for width in widths))
    for row in rows:
        print(
            "  ".join(
                str(cell).rjust(width) if index >= 2 else str(cell).ljust(width)
                for index, (cell, width) in enumerate(zip(row, widths, strict=True))
            )
        )


def main():
    arguments = parse_arguments()
    database_url = f"{arguments.server}/{arguments.database}"
    created = recreate_database(arguments.server, arguments.database, reuse=arguments.reuse)
    setup_django(database_url)

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings
    from wagtail.models import Page

    from sites.demo.loader import DEFAULT_PAGES_PER_SITE

    print(f"database {arguments.database} ({'new' if created else 'reused'}), scale {arguments.scale}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrate: {time.perf_counter() - started:.1f}s")
    started = time.perf_counter()
    call_command(
        "load_demo",
        scale=arguments.scale,
        verbosity=0,
        pages_per_site=arguments.pages_per_site or DEFAULT_PAGES_PER_SITE,
    )
    print(f"load_demo --scale {arguments.scale}: {time.perf_counter() - started:.1f}s, {Page.objects.count()} pages")
    connection.close()  # measure with a fresh connection, as a server process would have

    client = Client()
    # The busiest-looking community: the first one, which every scale has.
    targets = pages_to_measure("heping.localhost")
    rows = []
    with override_settings(PAGE_CACHE_SECONDS=0):
        for label, host, path in targets:
            result = measure_uncached(client, host, path, arguments.runs)
            rows.append(
                (
                    label,
                    f"{host}{path}",
                    f"{result['median']:.1f}",
                    f"{result['p95']:.1f}",
                    result["queries"],
                    f"{result['bytes'] / 1024:.0f}",
                )
            )
    print()
    print(
        f"Uncached renders ({arguments.runs} runs each, django.test.Client, "
        f"PostgreSQL {connection.pg_version // 10000})"
    )
    print_table(["page", "URL", "median ms", "p95 ms", "SQL queries", "KiB"], rows)

    print()
    if hasattr(settings, "PAGE_CACHE_SECONDS"):
        with override_settings(PAGE_CACHE_SECONDS=300):
            cached_rows = []
            for label, host, path in targets[:2]:
                result = measure_cached(client, host, path, arguments.cached_seconds)
                cached_rows.append(
                    (
                        label,
                        f"{host}{path}",
                        f"{result['requests_per_second']:.0f}",
                        f"{result['mean_ms']:.2f}",
                        "yes" if result["hit"] else "NO",
                    )
                )
        print(
            f"Cached pages (PAGE_CACHE_SECONDS=300, local-memory cache, {arguments.cached_seconds:.0f}s each, "
            "in-process client: no network or WSGI server)"
        )
        print_table(["page", "URL", "requests/s", "mean ms", "cache hit"], cached_rows)
    else:
        print(
            "No PAGE_CACHE_SECONDS setting: there is no page cache to measure; "
            "the uncached numbers above are the best available."
        )

    if not arguments.keep and not arguments.reuse:
        drop_database(arguments.server, arguments.database)
        print(f"\ndropped database {arguments.database} (use --keep to keep it, --reuse to reuse it next time)")


if __name__ == "__main__":
    main()

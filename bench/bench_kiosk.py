"""Benchmark of the kiosk's home GraphQL query at 500 items: p50/p95 latency and SQL query count.

    .venv/bin/python bench/bench_kiosk.py [--items 500] [--runs 200] [--keep]

In its own database (`cms_bench_kiosk`, dropped at the end unless --keep) it builds one community
site with `--items` notices and up to 50 of every other kind (news with cover pictures, events,
service guides with materials and steps, party-affairs items, committee members with photos: every
list the query asks for comes back full), registers a kiosk with attract slides and opening hours,
then posts the kiosk home query (`KIOSK_HOME_QUERY` of tests/headless/test_query_counts.py) to
/graphql/ with the kiosk's device token `--runs` times, in process, through the whole stack
(token lookup, rate limit, validation limits, resolvers, ETag).

Not a test: it prints numbers and never fails on them (see bench/README.md).
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_sites import drop_database, percentile, recreate_database, setup_django  # noqa: E402


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=500, help="notices on the kiosk's site (default 500)")
    parser.add_argument("--runs", type=int, default=200, help="timed requests (default 200)")
    parser.add_argument(
        "--server", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL server URL without a database name"
    )
    parser.add_argument("--database", default="cms_bench_kiosk", help="scratch database (default cms_bench_kiosk)")
    parser.add_argument("--keep", action="store_true", help="do not drop the database at the end")
    return parser.parse_args()


def build_kiosk_site(items):
    """One community site filled like the query-count test at 500 items, and a kiosk; returns its token."""
    from kiosk_app.models import AttractSlide, Kiosk, KioskOpeningHours
    from kiosk_app.services import issue_token
    from tests.factories import build_network, without_search_indexing
    from tests.headless.test_query_counts import fill_site, picture

    network = build_network(communities=2)
    kiosk = Kiosk.objects.create(name="大厅一号机", org_unit=network["communities"][0])
    image = picture("封面")
    for spec in ("fill-640x360", "max-1080x1920", "fill-320x240"):
        image.get_rendition(spec)  # renditions exist already, as on a running site
    for index in range(3):
        AttractSlide.objects.create(kiosk=kiosk, image=image, title=f"幻灯片{index}", sort_order=index)
    for weekday in range(1, 8):
        KioskOpeningHours.objects.create(kiosk=kiosk, weekday=weekday, opens_at="08:00", closes_at="20:00")
    with without_search_indexing():
        fill_site(network["sites"][0].home, items, image)
    return issue_token(kiosk)


def post_query(client, query, token):
    import json

    response = client.post(
        "/graphql/",
        data=json.dumps({"query": query}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    if response.status_code != 200 or "errors" in response.json():
        raise SystemExit(f"the kiosk home query failed: {response.status_code} {response.content[:500]!r}")
    return response


def main():
    arguments = parse_arguments()
    database_url = f"{arguments.server}/{arguments.database}"
    recreate_database(arguments.server, arguments.database, reuse=False)
    setup_django(database_url)
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from tests.headless.test_query_counts import KIOSK_HOME_QUERY

    print(f"database {arguments.database}: migrating …", flush=True)
    call_command("migrate", verbosity=0)
    try:
        started = time.perf_counter()
        token = build_kiosk_site(arguments.items)
        print(f"built the site with {arguments.items} notices: {time.perf_counter() - started:.1f}s", flush=True)

        client = Client()
        # The per-token budget (240 a minute) is for real kiosks; the benchmark asks far faster.
        with override_settings(HEADLESS_RATE_LIMIT_PER_MINUTE=1_000_000):
            cache.clear()
            data = post_query(client, KIOSK_HOME_QUERY, token).json()["data"]  # warm up
            with CaptureQueriesContext(connection) as queries:
                response = post_query(client, KIOSK_HOME_QUERY, token)
            # Read now: the captured list is a view of the connection's log, which the next request clears.
            query_count = len(queries)
            timings = []
            for _ in range(arguments.runs):
                started = time.perf_counter()
                response = post_query(client, KIOSK_HOME_QUERY, token)
                timings.append((time.perf_counter() - started) * 1000)
        site = data["site"]
        print(
            f"answer: {len(response.content) // 1024} KiB; notices total {site['notices']['total']}, "
            f"{len(site['notices']['items'])} notices, {len(site['news']['items'])} news, "
            f"{len(site['events']['items'])} events, {len(site['serviceGuides']['items'])} guides, "
            f"{len(site['partyAffairs']['items'])} party-affairs items, "
            f"{len(site['profile']['committeeMembers'])} committee members, "
            f"{len(data['kiosk']['attractSlides'])} attract slides"
        )
        print(
            f"kiosk home query, {arguments.runs} requests: p50 {statistics.median(timings):.1f} ms, "
            f"p95 {percentile(timings, 0.95):.1f} ms, max {max(timings):.1f} ms; {query_count} SQL queries"
        )
    finally:
        connection.close()
        if not arguments.keep:
            drop_database(arguments.server, arguments.database)


if __name__ == "__main__":
    main()

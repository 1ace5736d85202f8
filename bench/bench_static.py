"""Benchmark of static publishing: full bake speed, the incremental rebuild after one edited notice, and
requests per second of one baked page from nginx against the same page rendered by Django.

    .venv/bin/python bench/bench_static.py [--scale 5] [--pages-per-site 40] [--seconds 5] [--keep]

Builds the demo network in its own PostgreSQL database (`cms_bench_static`, dropped at the end unless
--keep), bakes one community site and the portal into a temporary folder, edits and publishes one
notice (the rebuild job runs in-process, as with the immediate task backend), then starts nginx with
deploy/nginx/static-sites.conf on a free loopback port and Django's own threaded development server
(`manage.py runserver --noreload`, page cache off, so every request renders) on another, and hits
both with the same client: Python threads, one new HTTP/1.1 connection per request (no keep-alive on
either side), for a fixed time. The client is Python, so the nginx figure is bounded by it; both run
on the same machine in the same run. Not a test: it prints numbers (see bench/README.md).
"""

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
HOST = "heping.localhost"


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=5, help="communities in the demo network (default 5)")
    parser.add_argument("--pages-per-site", type=int, default=40, help="content pages per community (default 40)")
    parser.add_argument("--seconds", type=float, default=5.0, help="seconds of load per server (default 5)")
    parser.add_argument("--threads", type=int, default=8, help="client threads (default 8)")
    parser.add_argument("--edits", type=int, default=5, help="timed incremental rebuilds (default 5)")
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL server URL")
    parser.add_argument("--database", default="cms_bench_static", help="scratch database")
    parser.add_argument("--keep", action="store_true", help="do not drop the database at the end")
    return parser.parse_args()


def run_on_server(server, statement):
    import psycopg2

    connection = psycopg2.connect(f"{server}/postgres")
    connection.autocommit = True  # CREATE/DROP DATABASE cannot run in a transaction
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
    finally:
        connection.close()


def setup_django(database_url, publishing_root):
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    os.environ["STATIC_PUBLISHING_ROOT"] = str(publishing_root)
    os.environ.setdefault("CMS_VAR_DIR", str(Path(tempfile.gettempdir()) / "cms_bench_var"))
    sys.path.insert(0, str(PROJECT_DIR))
    import django

    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    django.setup()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            if process.poll() is not None:
                raise RuntimeError("server exited") from None
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}")


def get(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": HOST, "Connection": "close"})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def load(port, path, seconds, threads):
    """Requests per second and median latency (ms) with `threads` client threads for `seconds`."""
    latencies, errors = [], []
    stop_at = time.monotonic() + seconds

    def worker():
        local = []
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            status, _headers, _body = get(port, path)
            if status != 200:
                errors.append(status)
            local.append(time.perf_counter() - started)
        latencies.extend(local)

    workers = [threading.Thread(target=worker) for _ in range(threads)]
    started = time.perf_counter()
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    elapsed = time.perf_counter() - started
    return len(latencies) / elapsed, statistics.median(latencies) * 1000, len(errors)


def main():
    arguments = parse_arguments()
    publishing_root = Path(tempfile.mkdtemp(prefix="cms_bench_static_"))
    database_url = f"{arguments.server}/{arguments.database}"
    run_on_server(arguments.server, f'DROP DATABASE IF EXISTS "{arguments.database}" WITH (FORCE)')
    run_on_server(arguments.server, f'CREATE DATABASE "{arguments.database}"')
    setup_django(database_url, publishing_root)

    from django.core.management import call_command
    from django.db import connection
    from wagtail.models import Page, Site

    from sites.models import NoticePage
    from sites.publishing import selectors, services
    from tests.publishing.nginx_server import running_nginx

    try:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        call_command("load_demo", scale=arguments.scale, pages_per_site=arguments.pages_per_site, port=80, verbosity=0)
        print(
            f"demo network: {arguments.scale} communities, {Page.objects.count()} pages, "
            f"{time.perf_counter() - started:.0f}s"
        )

        # ---- full bake
        for hostname in [HOST, "portal.localhost"]:
            site = Site.objects.get(hostname=hostname)
            started = time.perf_counter()
            report = services.bake_site(site)
            seconds = time.perf_counter() - started
            print(
                f"full bake {hostname}: {report.pages} pages, {len(report.assets)} assets in {seconds:.2f}s "
                f"= {report.pages / seconds:.1f} pages/s"
            )

        # ---- incremental rebuild after one edited notice (publish -> signal -> job, in-process)
        site = Site.objects.get(hostname=HOST)
        notice = NoticePage.objects.descendant_of(site.root_page).live().order_by("-first_published_at").first()
        timings, rebuild_only = [], []
        for edit in range(arguments.edits):
            notice.title = f"{notice.title.split(' #')[0]} #{edit + 1}"
            started = time.perf_counter()
            notice.save_revision().publish()  # autocommit: the on_commit job runs at once
            timings.append(time.perf_counter() - started)
            changes = selectors.changes_for_page(notice)
            started = time.perf_counter()
            written = 0
            for site_id, change in changes.items():
                report = services.rebuild_paths(Site.objects.get(pk=site_id), change.paths, change.removed_subtrees)
                written += len(report.written)
            rebuild_only.append(time.perf_counter() - started)
        print(
            f"incremental after one edited notice (publish + rebuild of page, lists, home, portal): "
            f"median {statistics.median(timings):.2f}s, max {max(timings):.2f}s over {arguments.edits} edits; "
            f"rebuild alone median {statistics.median(rebuild_only):.2f}s "
            f"({sum(len(c.paths) for c in changes.values())} addresses rendered)"
        )
        path = "/notices/" + notice.slug + "/"
        from urllib.parse import quote

        path = quote(path)
        connection.close()

        # ---- nginx (baked file) vs Django (render) for the same page
        django_port = free_port()
        environment = {**os.environ, "PAGE_CACHE_SECONDS": "0"}
        django_server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{django_port}"],
            cwd=PROJECT_DIR,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for_port(django_port, django_server)
            with running_nginx(
                Path(tempfile.mkdtemp(prefix="cms_bench_nginx_")), publishing_root, f"127.0.0.1:{django_port}"
            ) as nginx_port:
                status, headers, baked = get(nginx_port, path)
                _status, _headers, rendered = get(django_port, path)
                print(
                    f"page {HOST}{path}: {len(baked)} bytes, served from the baked folder: "
                    f"{headers.get('X-Static-Site') == 'baked'}, same bytes as Django: {baked == rendered}"
                )
                for label, port in [("nginx (baked file)", nginx_port), ("Django runserver (render)", django_port)]:
                    get(port, path)  # warm up
                    rate, median_ms, errors = load(port, path, arguments.seconds, arguments.threads)
                    print(
                        f"{label}: {rate:.0f} requests/s, median {median_ms:.1f} ms, {errors} errors "
                        f"({arguments.threads} client threads, {arguments.seconds:.0f}s)"
                    )
        finally:
            django_server.terminate()
            django_server.wait(timeout=10)
    finally:
        connection.close()
        if not arguments.keep:
            run_on_server(arguments.server, f'DROP DATABASE IF EXISTS "{arguments.database}" WITH (FORCE)')
        import shutil

        shutil.rmtree(publishing_root, ignore_errors=True)


if __name__ == "__main__":
    main()

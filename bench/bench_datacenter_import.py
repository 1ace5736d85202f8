"""Benchmark of the resident import and the resident list: build a 20,000-row workbook, time reading,
validation and saving on a scratch PostgreSQL database, then (optionally) top up to 100,000 residents
and time the admin list and searches.

    .venv/bin/python bench/bench_datacenter_import.py [--rows 20000] [--residents 100000] [--runs 20]

Not a test: it prints numbers and never fails on them (see bench/README.md).
"""

import argparse
import datetime
import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_sites import drop_database, percentile, recreate_database, setup_django  # noqa: E402

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚"
RELATIONS = ["户主", "配偶", "子女", "父母", "孙子女"]
EDUCATION = ["小学", "初中", "高中", "大专", "本科", "研究生"]


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=20_000, help="rows in the imported workbook (default 20000)")
    parser.add_argument(
        "--residents", type=int, default=100_000, help="residents for the list/search timings; 0 skips them"
    )
    parser.add_argument("--runs", type=int, default=20, help="timed requests per list/search (default 20)")
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL server URL")
    parser.add_argument("--database", default="cms_bench_import", help="database to (re)create")
    parser.add_argument("--keep", action="store_true", help="do not drop the database at the end")
    return parser.parse_args()


def id_number(serial, region="330102"):
    from services.datacenter.idnumbers import id_check_character

    birth = datetime.date(1940, 1, 1) + datetime.timedelta(days=serial % 30_000)
    first_17 = f"{region}{birth:%Y%m%d}{serial // 30_000 + 100:03d}"
    return first_17 + id_check_character(first_17)


def workbook_bytes(first_serial, count, *, bad_every=0):
    """A workbook like staff fill in: 4 people per address, every `bad_every`-th row with a corrupt ID."""
    from openpyxl import Workbook

    from services.datacenter.imports import HEADERS

    # A normal (not write-only) workbook, like Excel's and WPS's files, records its dimensions up
    # front; openpyxl's read-only reader would otherwise parse the whole sheet once just to size it.
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "居民"
    sheet.append(HEADERS)
    for index in range(count):
        serial = first_serial + index
        number = id_number(serial)
        if bad_every and index % bad_every == bad_every - 1:
            number = number[:17] + ("0" if number[17] != "0" else "1")
        values = {
            "姓名": SURNAMES[serial % 20] + GIVEN[serial // 20 % 20] + GIVEN[serial // 400 % 20],
            "身份证号": number,
            "联系电话": f"139{serial:08d}",
            "住址": f"和平路{serial // 4}号",
            "与户主关系": RELATIONS[index % 4] if index % 4 else "户主",
            "民族": "汉族",
            "文化程度": EDUCATION[serial % 6],
            "独居": "否",
            "低收入": "是" if serial % 50 == 0 else "否",
        }
        sheet.append([values.get(header, "") for header in HEADERS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def import_workbook(content, *, org_unit, user):
    from cms.spreadsheets import read_rows
    from services.datacenter.imports import REQUIRED_HEADERS, save_rows, validate_rows

    started = time.perf_counter()
    rows = list(read_rows(io.BytesIO(content), required_headers=REQUIRED_HEADERS))
    read_seconds = time.perf_counter() - started
    started = time.perf_counter()
    outcome = validate_rows(rows, org_unit=org_unit, user=user)
    validate_seconds = time.perf_counter() - started
    started = time.perf_counter()
    saved = save_rows(
        outcome.good, org_unit=org_unit, user=user, total_rows=outcome.total, bad_rows=outcome.bad_row_count
    )
    save_seconds = time.perf_counter() - started
    return {
        "rows": len(rows),
        "good": len(outcome.good),
        "bad": outcome.bad_row_count,
        "created": saved.created,
        "read": read_seconds,
        "validate": validate_seconds,
        "save": save_seconds,
    }


def time_requests(client, url, params, runs):
    client.get(url, params)  # warm-up
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url, params)
        timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} {params} answered {response.status_code}")
    return statistics.median(timings), percentile(timings, 0.95)


def main():
    arguments = parse_arguments()
    recreate_database(arguments.server, arguments.database, reuse=False)
    setup_django(f"{arguments.server}/{arguments.database}")
    try:
        run(arguments)
    finally:
        from django.db import connections

        connections.close_all()
        if not arguments.keep:
            drop_database(arguments.server, arguments.database)


def run(arguments):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from cms.orgs.services import create_org_unit

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"database {arguments.database}: migrate {time.perf_counter() - started:.1f}s")
    city = create_org_unit(name="江城市", code="330100", level="city")
    district = create_org_unit(name="东湖区", code="330102", level="district", parent=city)
    street = create_org_unit(name="和平街道", code="330102001", level="street", parent=district)
    communities = [
        create_org_unit(name=f"第{index + 1}社区", code=f"330102001{index + 1:03d}", level="community", parent=street)
        for index in range(5)
    ]
    user = get_user_model().objects.create_superuser("bench", password="bench-pass-2026")

    content = workbook_bytes(0, arguments.rows, bad_every=100)
    result = import_workbook(content, org_unit=communities[0], user=user)
    rows = result["rows"]
    print(f"\nimport of {rows} rows ({result['bad']} bad, {result['created']} saved), file {len(content) / 1e6:.1f} MB")
    print(f"  read .xlsx          {result['read']:6.2f}s  {rows / result['read']:8.0f} rows/s")
    print(f"  validate            {result['validate']:6.2f}s  {rows / result['validate']:8.0f} rows/s")
    validation = result["read"] + result["validate"]
    print(f"  read + validate     {validation:6.2f}s  {rows / validation:8.0f} rows/s")
    print(f"  save (good rows)    {result['save']:6.2f}s  {result['created'] / result['save']:8.0f} rows/s")
    total = validation + result["save"]
    print(f"  whole import        {total:6.2f}s  {rows / total:8.0f} rows/s")

    again = import_workbook(content, org_unit=communities[0], user=user)
    print(f"  same file again: {again['bad']} rows reported as bad, {again['created']} saved "
          f"(read + validate {again['read'] + again['validate']:.2f}s)")  # fmt: skip

    if not arguments.residents:
        return
    from services.datacenter.models import Resident

    serial = arguments.rows
    started = time.perf_counter()
    while Resident.objects.count() < arguments.residents:
        count = min(20_000, arguments.residents - Resident.objects.count())
        community = communities[1 + serial // 20_000 % 4]
        import_workbook(workbook_bytes(serial, count), org_unit=community, user=user)
        serial += count
    print(f"\ntopped up to {Resident.objects.count()} residents in {time.perf_counter() - started:.1f}s")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    client = Client()
    client.force_login(user)
    url = reverse("datacenter:residents")
    cases = [
        ("list, first page", {}),
        ("list, page 500", {"p": 500}),
        ("list, community + 60+", {"community": communities[2].pk, "age_band": "60+"}),
        ("search by name", {"q": "王伟"}),
        ("search by full ID", {"q": id_number(12_345)}),
        ("search by phone", {"q": f"139{12_345:08d}"}),
        ("search by address", {"q": "和平路1234号"}),
    ]
    print(f"\nresident list at {Resident.objects.count()} residents ({arguments.runs} runs each, superuser)")
    for label, params in cases:
        median, p95 = time_requests(client, url, params, arguments.runs)
        print(f"  {label:24s} median {median:7.1f} ms   p95 {p95:7.1f} ms")


if __name__ == "__main__":
    main()

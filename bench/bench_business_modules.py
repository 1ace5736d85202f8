"""Benchmark of business-module records: 100k records of one module in their own PostgreSQL database,
then the time of a filtered list page, a count and grouped statistics, as staff at different levels see them.

    .venv/bin/python bench/bench_business_modules.py [--records 100000] [--runs 20] [--keep]

Not a test: it prints numbers and never fails on them (see bench/README.md).
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
CATEGORIES = ["低保", "特困", "残疾", "低收入", "优抚"]
NEEDS = ["医疗", "住房", "就业", "教育", "养老"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英"


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=100_000, help="records in the module (default 100000)")
    parser.add_argument("--communities", type=int, default=40, help="communities, spread over 4 streets (default 40)")
    parser.add_argument("--runs", type=int, default=20, help="timed runs per measurement (default 20)")
    parser.add_argument(
        "--server", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL server URL without a database name"
    )
    parser.add_argument("--database", default="cms_bench_modules", help="scratch database (default cms_bench_modules)")
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


def recreate_database(server, name):
    from psycopg2 import sql

    run_on_server(server, sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    run_on_server(server, sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(server, name):
    from psycopg2 import sql

    run_on_server(server, sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def setup_django(database_url):
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    os.environ.setdefault("CMS_VAR_DIR", str(Path(tempfile.gettempdir()) / "cms_bench_var"))
    sys.path.insert(0, str(PROJECT_DIR))
    import django

    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    django.setup()


def build(arguments):
    """Org tree, staff, a module with the usual kinds of field, and the records (bulk_create)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    from cms.accounts.models import Role
    from cms.accounts.services import create_staff_account
    from cms.orgs.services import create_org_unit
    from services.business_modules.models import ModuleRecord
    from services.business_modules.services import add_field, add_statistic, create_module

    city = create_org_unit(name="江城市", code="330100", level="city")
    district = create_org_unit(name="东湖区", code="330102", level="district", parent=city)
    streets, communities = [], []
    for street_number in range(1, 5):
        street = create_org_unit(
            name=f"第{street_number}街道", code=f"330102{street_number:03d}", level="street", parent=district
        )
        streets.append(street)
    for index in range(arguments.communities):
        street = streets[index % len(streets)]
        communities.append(
            create_org_unit(
                name=f"第{index + 1}社区", code=f"{street.code}{index + 1:03d}", level="community", parent=street
            )
        )
    root = get_user_model().objects.create_superuser("bench_admin", "", "bench-pass")
    users = {
        "city admin": root,
        "street staff": create_staff_account(
            username="bench_street", password="bench-pass-2026", org_unit=streets[0], role=Role.STREET_STAFF
        ),
        "community staff": create_staff_account(
            username="bench_community", password="bench-pass-2026", org_unit=communities[0], role=Role.COMMUNITY_STAFF
        ),
    }
    permissions = Permission.objects.filter(content_type__app_label="business_modules", codename="view_modulerecord")
    for user in users.values():
        user.user_permissions.add(*permissions)

    module = create_module(name="困难群众走访", org_unit=city, actor=root)
    add_field(
        module, key="name", label="姓名", kind="text", required=True, show_in_list=True, is_filter=True, actor=root
    )
    add_field(module, key="age", label="年龄", kind="number", show_in_list=True, is_filter=True, actor=root)
    amount = add_field(module, key="amount", label="补助金额", kind="number", show_in_list=True, actor=root)
    add_field(module, key="visited_on", label="走访日期", kind="date", show_in_list=True, is_filter=True, actor=root)
    category = add_field(
        module, key="category", label="类别", kind="choice", choices=CATEGORIES, show_in_list=True, is_filter=True,
        actor=root,
    )  # fmt: skip
    add_field(module, key="needs", label="需求", kind="multi_choice", choices=NEEDS, is_filter=True, actor=root)
    add_field(module, key="lives_alone", label="独居", kind="boolean", is_filter=True, actor=root)
    add_statistic(module, label="按类别补助合计", aggregate="sum", value_field=amount, group_by="field",
                  group_field=category, actor=root)  # fmt: skip
    add_statistic(module, label="各社区人数", aggregate="count", value_field=None, group_by="org_unit",
                  group_field=None, actor=root)  # fmt: skip

    randomness = random.Random(20260101)
    started = time.perf_counter()
    batch = []
    for _ in range(arguments.records):
        data = {
            "name": randomness.choice(SURNAMES) + "".join(randomness.choices(GIVEN, k=randomness.randint(1, 2))),
            "age": randomness.randint(1, 100),
            "amount": randomness.choice([0, 100, 200, 300, 450.5, 600]),
            "visited_on": f"202{randomness.randint(0, 5)}-{randomness.randint(1, 12):02d}-{randomness.randint(1, 28):02d}",  # noqa: E501
            "category": randomness.choice(CATEGORIES),
            "needs": [need for need in NEEDS if randomness.random() < 0.3],
            "lives_alone": randomness.random() < 0.2,
        }
        batch.append(ModuleRecord(module=module, org_unit=randomness.choice(communities), data=data))
        if len(batch) == 5000:
            ModuleRecord.objects.bulk_create(batch)
            batch = []
    ModuleRecord.objects.bulk_create(batch)
    print(f"created {arguments.records} records in {time.perf_counter() - started:.1f} s")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE business_modules_modulerecord")
    return module, users


def timed(function, runs):
    function()  # warm up
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), max(timings)


def measure(module, users, runs):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from wagtail.admin.paginator import WagtailPaginator

    from services.business_modules.selectors import compute_statistic, filter_records, records_for_user

    filters = {"category": "低保", "needs": "医疗", "lives_alone": "true"}
    statistics_items = list(module.statistics.select_related("value_field", "group_field"))
    print(f"\n{'who':<16} {'measurement':<44} {'median ms':>10} {'max ms':>8} {'rows':>7}")
    for who, user in users.items():
        module.forget_fields()
        scoped = records_for_user(module, user)
        filtered = filter_records(scoped, module, filters)

        def list_page(records=filtered):
            page = WagtailPaginator(records, 50).get_page(1)
            return page.paginator.count, list(page.object_list)

        def count(records=scoped):
            return records.count()

        def grouped_sum(records=scoped):
            return compute_statistic(statistics_items[0], records)

        def by_org_unit(records=scoped):
            return compute_statistic(statistics_items[1], records)

        def text_search(records=scoped):
            return list(filter_records(records, module, {"q": "王芳"})[:50])

        for label, function, rows in [
            ("filtered list page (count + 50 rows)", list_page, list_page()[0]),
            ("count of all visible records", count, count()),
            ("sum of amount grouped by category", grouped_sum, len(grouped_sum())),
            ("count grouped by org unit", by_org_unit, len(by_org_unit())),
            ("free-text search, first 50", text_search, len(text_search())),
        ]:
            median, worst = timed(function, runs)
            print(f"{who:<16} {label:<44} {median:>10.1f} {worst:>8.1f} {rows:>7}")

    with connection.cursor() as cursor:
        sql, params = filter_records(
            records_for_user(module, users["street staff"]), module, filters
        ).query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    print("\nplan of the street staff's filtered list:\n" + plan)

    client = Client()
    client.force_login(users["street staff"])
    url = f"/admin/business-modules/{module.pk}/"
    query = {"category": "低保", "needs": "医疗", "age__min": "60"}
    median, worst = timed(lambda: client.get(url, query), max(5, runs // 2))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, query)
    print(
        f"\nadmin list page (street staff, filtered): median {median:.1f} ms, max {worst:.1f} ms, "
        f"{len(queries)} queries, status {response.status_code}"
    )
    median, worst = timed(lambda: client.get(f"/admin/business-modules/{module.pk}/statistics/"), 3)
    print(f"admin statistics page (street staff): median {median:.1f} ms, max {worst:.1f} ms")


def main():
    arguments = parse_arguments()
    recreate_database(arguments.server, arguments.database)
    try:
        setup_django(f"{arguments.server}/{arguments.database}")
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        module, users = build(arguments)
        measure(module, users, arguments.runs)
    finally:
        from django.db import connections

        connections.close_all()
        if not arguments.keep:
            drop_database(arguments.server, arguments.database)


if __name__ == "__main__":
    main()

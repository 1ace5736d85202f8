"""Benchmark of the approval engine: many cases spread over 40 communities, 4 streets and a district in
their own PostgreSQL database, then the time and query count of the work queue (selector and admin page)
at each level, the public progress lookup, decisions per second and the overdue job.

    .venv/bin/python bench/bench_approvals.py [--cases 50000] [--runs 20] [--keep]

Not a test: it prints numbers and never fails on them (see bench/README.md).
"""

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_sites import drop_database, recreate_database, setup_django  # noqa: E402

STEPS = [
    {"kind": "review", "level": "community", "name": "社区受理审核", "time_limit_days": 5},
    {"kind": "survey", "level": "street", "name": "入户调查", "time_limit_days": 10, "optional": True},
    {"kind": "review", "level": "street", "name": "街道审核", "time_limit_days": 10},
    {"kind": "approve", "level": "district", "name": "区民政审批", "time_limit_days": 10},
]


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=50_000, help="open and finished cases (default 50000)")
    parser.add_argument("--communities", type=int, default=40, help="communities over 4 streets (default 40)")
    parser.add_argument("--runs", type=int, default=20, help="timed runs per measurement (default 20)")
    parser.add_argument("--decisions", type=int, default=300, help="decisions timed through decide() (default 300)")
    parser.add_argument(
        "--server", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL server URL without a database name"
    )
    parser.add_argument("--database", default="cms_bench_approvals", help="scratch database")
    parser.add_argument("--keep", action="store_true", help="do not drop the database at the end")
    return parser.parse_args()


def build(arguments):
    """Org tree, staff at each level, one process and the cases (bulk_create, as start_case would leave them)."""
    from django.utils import timezone

    from cms.accounts.models import Role
    from cms.accounts.services import create_staff_account
    from cms.orgs.services import create_org_unit
    from services.approvals.models import ApprovalCase, CaseStatus
    from services.approvals.services import ensure_process

    city = create_org_unit(name="江城市", code="330100", level="city")
    district = create_org_unit(name="东湖区", code="330102", level="district", parent=city)
    streets = [
        create_org_unit(name=f"第{number}街道", code=f"330102{number:03d}", level="street", parent=district)
        for number in range(1, 5)
    ]
    communities = []
    for index in range(arguments.communities):
        street = streets[index % len(streets)]
        communities.append(
            create_org_unit(
                name=f"第{index + 1}社区", code=f"{street.code}{index + 1:03d}", level="community", parent=street
            )
        )

    def account(name, unit, role):
        return create_staff_account(username=name, password="bench-pass-2026", org_unit=unit, role=role)

    users = {
        "community staff": account("bench_community", communities[0], Role.COMMUNITY_STAFF),
        "street staff": account("bench_street", streets[0], Role.STREET_STAFF),
        "district staff": account("bench_district", district, Role.DISTRICT_STAFF),
    }
    process = ensure_process("bench.dibao", "低保审批", steps=STEPS, final_level="district")
    steps = list(process.steps.order_by("order"))
    street_of = {community.pk: streets[index % len(streets)] for index, community in enumerate(communities)}
    randomness = random.Random(20260101)
    now = timezone.now()
    started = time.perf_counter()
    batch = []
    for number in range(arguments.cases):
        community = randomness.choice(communities)
        created = now - dt.timedelta(days=randomness.randint(0, 400))
        fields = {
            "number": f"SP{created:%Y%m%d}-{number + 1:06d}",
            "process": process,
            "org_unit": community,
            "title": f"低保申请 {number}",
            "created_at": created,
        }
        roll = randomness.random()
        if roll < 0.7:  # finished long ago
            fields |= {"status": CaseStatus.APPROVED, "finished_at": created + dt.timedelta(days=20)}
        else:
            step = randomness.choice(steps)
            unit = {"community": community, "street": street_of[community.pk], "district": district}[step.level]
            due = now + dt.timedelta(days=randomness.randint(-10, 20))
            fields |= {"status": CaseStatus.IN_PROGRESS, "current_step": step, "current_org_unit": unit, "due_at": due}
        batch.append(ApprovalCase(**fields))
        if len(batch) == 5000:
            ApprovalCase.objects.bulk_create(batch)
            batch = []
    ApprovalCase.objects.bulk_create(batch)
    print(f"created {arguments.cases} cases in {time.perf_counter() - started:.1f} s")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE approvals_approvalcase")
    return users, communities


def timed(function, runs):
    function()  # warm up
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), max(timings)


def queries(function):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured.captured_queries)


def measure(arguments, users, communities):
    from django.core.cache import cache
    from django.core.paginator import Paginator
    from django.test import Client, override_settings

    from services.approvals.models import ApprovalCase
    from services.approvals.selectors import case_progress, work_queue

    print(f"\n{'who':<16} {'measurement':<34} {'median ms':>10} {'max ms':>8} {'queries':>8} {'rows':>7}")
    for who, user in users.items():
        client = Client()
        client.force_login(user)

        def first_page(user=user):
            page = Paginator(work_queue(user), 50).get_page(1)
            return page.paginator.count, list(page.object_list)

        def admin_page(client=client):
            assert client.get("/admin/approvals/queue/").status_code == 200

        rows = first_page()[0]
        for label, function in (
            ("work queue, first 50 (selector)", first_page),
            ("work queue page (admin)", admin_page),
        ):
            median, worst = timed(function, arguments.runs)
            print(f"{who:<16} {label:<34} {median:>10.1f} {worst:>8.1f} {queries(function):>8} {rows:>7}")

    number = ApprovalCase.objects.filter(status="in_progress").values_list("number", flat=True).first()
    median, worst = timed(lambda: case_progress(number), arguments.runs)
    count = queries(lambda: case_progress(number))
    print(f"{'anyone':<16} {'case_progress(number)':<34} {median:>10.1f} {worst:>8.1f} {count:>8}")
    with override_settings(PROGRESS_LOOKUPS_PER_HOUR=10**9):
        cache.clear()
        client = Client()
        median, worst = timed(lambda: client.get("/progress/", {"number": number}), arguments.runs)
        print(f"{'anyone':<16} {'/progress/ page':<34} {median:>10.1f} {worst:>8.1f}")
    measure_decisions(arguments, users, communities)


def measure_decisions(arguments, users, communities):
    from django.utils import timezone

    from services.approvals.models import ApprovalCase
    from services.approvals.services import decide, mark_overdue_cases, start_case

    community_user = users["community staff"]
    cases = [
        start_case(business_type="bench.dibao", subject=None, org_unit=communities[0], title=f"新申请{i}", actor=None)
        for i in range(arguments.decisions)
    ]
    started = time.perf_counter()
    for case in cases:
        decide(case, actor=community_user, decision="pass", comment="材料齐全")
    seconds = time.perf_counter() - started
    each = seconds * 1000 / arguments.decisions
    print(f"\ndecide(): {arguments.decisions / seconds:.0f} decisions/s ({each:.1f} ms each, audited, notified)")
    overdue = ApprovalCase.objects.filter(status="in_progress", due_at__lt=timezone.now(), is_overdue=False).count()
    started = time.perf_counter()
    marked = mark_overdue_cases()
    print(f"mark_overdue_cases(): {marked} of {overdue} overdue cases flagged in {time.perf_counter() - started:.1f} s")


def main():
    arguments = parse_arguments()
    recreate_database(arguments.server, arguments.database, reuse=False)
    try:
        setup_django(f"{arguments.server}/{arguments.database}")
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        users, communities = build(arguments)
        measure(arguments, users, communities)
    finally:
        if not arguments.keep:
            from django.db import connections

            connections.close_all()
            drop_database(arguments.server, arguments.database)


if __name__ == "__main__":
    main()

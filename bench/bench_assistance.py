"""Benchmark of social assistance at scale: 调标 (standard adjustment) preview and commit over 100,000
households, the nightly compliance checks over all cases, and payroll generation with its bank file.

    .venv/bin/python bench/bench_assistance.py [--households 100000] [--keep]

Builds its own PostgreSQL database (`cms_bench_assistance`, dropped at the end unless --keep): a city
with 2 districts, 10 streets and 100 communities, households of two residents each with an active
urban-dibao case, its members, documents and first benefit period. Not a test: it prints numbers.
"""

import argparse
import datetime
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_sites import drop_database, recreate_database, setup_django  # noqa: E402

BATCH = 10_000


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--households", type=int, default=100_000, help="households with an active case")
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432", help="PostgreSQL server URL")
    parser.add_argument("--database", default="cms_bench_assistance", help="database to (re)create")
    parser.add_argument("--keep", action="store_true", help="do not drop the database at the end")
    parser.add_argument(
        "--reuse", action="store_true", help="keep and reuse the database between runs (built once, results reset)"
    )
    return parser.parse_args()


def main():
    arguments = parse_arguments()
    arguments.fresh = recreate_database(arguments.server, arguments.database, reuse=arguments.reuse)
    setup_django(f"{arguments.server}/{arguments.database}")
    try:
        run(arguments)
    finally:
        from django.db import connections

        connections.close_all()
        if not (arguments.keep or arguments.reuse):
            drop_database(arguments.server, arguments.database)


def reset_results():
    """Remove what an earlier run measured (adjustments, payrolls, findings) so a reused database starts clean."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM assistance_payrollline")
        cursor.execute("DELETE FROM assistance_payrollrun")
        cursor.execute("DELETE FROM assistance_compliancefinding")
        cursor.execute("DELETE FROM assistance_benefitperiod WHERE adjustment_id IS NOT NULL")
        cursor.execute("DELETE FROM assistance_standardadjustment")
        cursor.execute("DELETE FROM assistance_standard WHERE effective_from > '2026-01-01'")
        cursor.execute("VACUUM ANALYZE")


def timed(label, function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    elapsed = time.perf_counter() - started
    print(f"  {label:44s} {elapsed:7.2f}s")
    return result, elapsed


def build_tree():
    from cms.orgs.services import create_org_unit

    city = create_org_unit(name="江城市", code="330100", level="city")
    communities = []
    for district_index in range(2):
        district = create_org_unit(
            name=f"第{district_index + 1}区", code=f"3301{district_index + 2:02d}", level="district", parent=city
        )
        for street_index in range(5):
            street = create_org_unit(
                name=f"第{street_index + 1}街道", code=f"{district.code}{street_index + 1:03d}", level="street",
                parent=district,
            )  # fmt: skip
            for community_index in range(10):
                communities.append(
                    create_org_unit(
                        name=f"第{community_index + 1}社区",
                        code=f"{street.code}{community_index + 1:03d}",
                        level="community",
                        parent=street,
                    )  # fmt: skip
                )
    return city, communities


def id_number(serial):
    from services.datacenter.idnumbers import id_check_character

    birth = datetime.date(1940, 1, 1) + datetime.timedelta(days=serial % 25_000)
    first_17 = f"330102{birth:%Y%m%d}{serial // 25_000 + 100:03d}"
    return first_17 + id_check_character(first_17)


def build_cases(city, communities, count):
    """Households, residents, cases, members, documents and periods with bulk inserts."""
    from django.db import connection

    from cms.personal_data import encrypt_text, lookup_hash
    from services.assistance.models import AssistanceCase, Standard
    from services.assistance.programmes import DIBAO_DOCUMENTS, Programme, dibao_amount
    from services.datacenter.idnumbers import mask_id_number
    from services.datacenter.models import Household, Resident

    Standard.objects.create(
        programme=Programme.URBAN_DIBAO, org_unit=city, effective_from=datetime.date(2026, 1, 1),
        amount=Decimal("1000"), minimum_benefit=Decimal("150"),
    )  # fmt: skip
    account = encrypt_text("6228480012345678")
    for start in range(0, count, BATCH):
        size = min(BATCH, count - start)
        households = Household.objects.bulk_create(
            Household(org_unit=communities[(start + index) % len(communities)], address=f"和平路{start + index}号")
            for index in range(size)
        )
        residents = []
        for offset, household in enumerate(households):
            for member in range(2):
                serial = 2 * (start + offset) + member
                number = id_number(serial)
                residents.append(
                    Resident(
                        org_unit_id=household.org_unit_id,
                        household=household,
                        name=f"居民{serial}",
                        relation_to_head="head" if member == 0 else "spouse",
                        id_number_encrypted=encrypt_text(number),
                        id_number_hash=lookup_hash(number),
                        id_number_masked=mask_id_number(number),
                        gender="M",
                        birth_date=datetime.date(1940, 1, 1) + datetime.timedelta(days=serial % 25_000),
                    )  # fmt: skip
                )
        Resident.objects.bulk_create(residents)
        cases = []
        for offset, household in enumerate(households):
            income = Decimal((start + offset) % 1_800)
            per_capita = (income / 2).quantize(Decimal("0.01"))
            cases.append(
                AssistanceCase(
                    number=f"JZ20260101{start + offset:07d}",
                    programme=Programme.URBAN_DIBAO,
                    household=household,
                    org_unit_id=household.org_unit_id,
                    applicant=residents[2 * offset],
                    status="active",
                    applied_on=datetime.date(2026, 1, 5),
                    approved_on=datetime.date(2026, 1, 20),
                    member_count=2,
                    covered_count=2,
                    monthly_income=income,
                    per_capita_income=per_capita,
                    monthly_amount=dibao_amount(1000, 150, per_capita, 2),
                    bank_name="江城农商银行",
                    bank_account_encrypted=account,
                    bank_account_masked="************5678",
                    next_review_on=datetime.date(2027, 1, 1),
                )  # fmt: skip
            )
        AssistanceCase.objects.bulk_create(cases)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO assistance_casemember (case_id, resident_id, covered, monthly_income)
            SELECT c.id, r.id, true, c.monthly_income / 2 FROM assistance_assistancecase c
            JOIN datacenter_resident r ON r.household_id = c.household_id
            """
        )
        cursor.execute(
            """
            INSERT INTO assistance_casedocument (case_id, kind, file, note, uploaded_at)
            SELECT c.id, k.kind, '', '', now() FROM assistance_assistancecase c CROSS JOIN unnest(%s::text[]) AS k(kind)
            """,
            [[str(kind) for kind in DIBAO_DOCUMENTS]],
        )
        cursor.execute(
            """
            INSERT INTO assistance_benefitperiod (case_id, org_unit_id, effective_from, kind, monthly_amount,
                member_count, covered_count, per_capita_income, standard_amount, minimum_benefit, note, created_at)
            SELECT id, org_unit_id, '2026-02-01', 'grant', monthly_amount, 2, 2, per_capita_income, 1000, 150, '', now()
            FROM assistance_assistancecase
            """
        )
        # a few real problems for the checks to find: 50 deceased covered members, 40 incomes above the standard
        cursor.execute("UPDATE datacenter_resident SET status = 'deceased', died_on = '2026-05-01' WHERE id % 4000 = 7")
        cursor.execute("UPDATE assistance_assistancecase SET per_capita_income = 1200 WHERE id % 2500 = 3")
        cursor.execute("ANALYZE")


def run(arguments):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from cms.orgs.models import OrgUnit
    from services.assistance.compliance import run_compliance_checks
    from services.assistance.models import AssistanceCase, BenefitPeriod, ComplianceFinding
    from services.assistance.payroll import bank_file_csv, confirm_payroll, generate_payroll
    from services.assistance.programmes import Programme
    from services.assistance.standards import adjust_standard, plan_standard_adjustment

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"database {arguments.database}: migrate {time.perf_counter() - started:.1f}s")
    if arguments.fresh or not AssistanceCase.objects.exists():
        city, communities = build_tree()
        user = get_user_model().objects.create_superuser("bench", password="bench-pass-2026")
        started = time.perf_counter()
        build_cases(city, communities, arguments.households)
    else:
        city = OrgUnit.objects.get(depth=1)
        user = get_user_model().objects.get(username="bench")
        communities = list(OrgUnit.objects.filter(level="community"))
        reset_results()
    print(
        f"{'built' if arguments.fresh else 'reusing'} {AssistanceCase.objects.count()} active cases in "
        f"{len(communities)} communities ({BenefitPeriod.objects.count()} periods) "
        f"in {time.perf_counter() - started:.1f}s"
    )

    print("\n调标: urban dibao 1000 -> 1100 (minimum 150 -> 180) city-wide from 2026-07-01")
    arguments_of = {
        "programme": Programme.URBAN_DIBAO, "org_unit": city, "effective_from": datetime.date(2026, 7, 1),
        "amount": Decimal("1100"), "minimum_benefit": Decimal("180"),
    }  # fmt: skip
    plan, _elapsed = timed("preview (totals + first 200 rows)", plan_standard_adjustment, limit=200, **arguments_of)
    print(f"    {plan.case_count} households, monthly {plan.total_before} -> {plan.total_after}")
    adjustment, elapsed = timed(
        "commit (one INSERT ... SELECT, then UPDATE)", adjust_standard, actor=user, **arguments_of
    )
    written = BenefitPeriod.objects.filter(adjustment=adjustment).count()
    print(f"    {written} periods written, {written / elapsed:,.0f} households/s; target under 10 s")

    print("\nnightly compliance checks over all cases")
    hits, _elapsed = timed("first run (findings recorded)", run_compliance_checks)
    print(f"    {hits}")
    timed("second run (nothing new)", run_compliance_checks)
    print(f"    open findings: {ComplianceFinding.objects.filter(resolved_at__isnull=True).count()}")

    print("\npayroll")
    run_, elapsed = timed(
        "generate 2026-07 city-wide (INSERT ... SELECT)",
        generate_payroll,
        programme=Programme.URBAN_DIBAO,
        org_unit=city,
        month=datetime.date(2026, 7, 1),
        actor=user,
    )
    print(f"    {run_.line_count} lines, total {run_.total}")
    confirm_payroll(run_, actor=user)
    content, _elapsed = timed("bank file CSV (decrypts ID and account numbers)", bank_file_csv, run_, actor=user)
    print(f"    {len(content) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()

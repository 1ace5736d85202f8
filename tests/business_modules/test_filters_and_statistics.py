"""Filters become JSON lookups and statistics are computed by the database, with worked numbers."""

import datetime
from decimal import Decimal

import pytest

from services.business_modules.selectors import compute_statistic, filter_records, records_for_user
from services.business_modules.services import add_statistic


def names(records):
    return sorted(record.data["name"] for record in records)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"age__min": Decimal(60)}, ["孙伟", "王芳", "赵敏"]),
        ({"age__min": Decimal(40), "age__max": Decimal(70)}, ["孙伟", "李强", "王芳"]),
        (
            {"visited_on__min": datetime.date(2024, 3, 1), "visited_on__max": datetime.date(2024, 4, 30)},
            ["孙伟", "李强", "王芳"],
        ),
        ({"category": "低保"}, ["周丽", "王芳", "赵敏"]),
        ({"needs": "住房"}, ["孙伟", "王芳"]),
        ({"lives_alone": "true"}, ["王芳", "赵敏"]),
        ({"lives_alone": "false"}, ["周丽", "李强"]),
        ({"name": "王"}, ["王芳"]),
        ({"q": "李"}, ["李强"]),
        ({"category": "低保", "age__min": Decimal(50)}, ["王芳", "赵敏"]),
    ],
)
@pytest.mark.django_db
def test_filters_narrow_the_records(module, visits, people, filters, expected):
    records = filter_records(records_for_user(module, people["street"]), module, filters)
    assert names(records) == expected


@pytest.mark.django_db
def test_filter_by_org_unit_and_scope_combine(module, visits, area, people):
    street = records_for_user(module, people["street"])
    assert names(filter_records(street, module, {"org_unit": area["ankang"]})) == ["周丽", "孙伟"]
    heping = records_for_user(module, people["heping"])
    assert names(filter_records(heping, module, {"category": "低保"})) == ["王芳", "赵敏"]


@pytest.mark.django_db
def test_choice_filters_use_json_containment_that_the_gin_index_serves(module, people):
    records = filter_records(records_for_user(module, people["street"]), module, {"category": "低保", "needs": "医疗"})
    sql = str(records.query)
    assert sql.count("@>") == 1  # both filters in one containment


@pytest.mark.django_db
def test_the_gin_index_exists_on_postgresql(db):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'business_record_data_gin'")
        (definition,) = cursor.fetchone()
    assert "gin" in definition and "jsonb_path_ops" in definition


def statistic(module, people, **definition):
    return add_statistic(module, actor=people["street"], **{"value_field": None, "group_field": None, **definition})


def field(module, key):
    return module.fields.get(key=key)


@pytest.mark.django_db
def test_count_sum_and_average_over_all_visible_records(module, visits, people):
    records = records_for_user(module, people["street"])
    count = statistic(module, people, label="走访次数", aggregate="count", group_by="")
    total = statistic(
        module, people, label="补助合计", aggregate="sum", value_field=field(module, "amount"), group_by=""
    )
    average = statistic(
        module, people, label="平均补助", aggregate="avg", value_field=field(module, "amount"), group_by=""
    )
    assert compute_statistic(count, records) == [("All records", 5)]
    assert compute_statistic(total, records) == [("All records", Decimal(800))]
    assert compute_statistic(average, records) == [("All records", Decimal(160))]


@pytest.mark.django_db
def test_statistics_grouped_by_a_choice_field_follow_the_choice_order(module, visits, people):
    records = records_for_user(module, people["street"])
    count = statistic(
        module, people, label="按类别", aggregate="count", group_by="field", group_field=field(module, "category")
    )
    total = statistic(
        module,
        people,
        label="各类别补助",
        aggregate="sum",
        value_field=field(module, "amount"),
        group_by="field",
        group_field=field(module, "category"),
    )
    assert compute_statistic(count, records) == [("低保", 3), ("特困", 1), ("残疾", 1)]
    assert compute_statistic(total, records) == [("低保", 550), ("特困", 200), ("残疾", 50)]


@pytest.mark.django_db
def test_statistics_grouped_by_multiple_choice_and_yes_no(module, visits, people):
    records = records_for_user(module, people["street"])
    needs = statistic(
        module, people, label="需求", aggregate="count", group_by="field", group_field=field(module, "needs")
    )
    alone = statistic(
        module, people, label="独居", aggregate="count", group_by="field", group_field=field(module, "lives_alone")
    )
    assert compute_statistic(needs, records) == [("医疗", 2), ("住房", 2), ("就业", 1)]
    assert sorted(compute_statistic(alone, records)) == sorted([("No", 2), ("Yes", 2), ("—", 1)])


@pytest.mark.django_db
def test_statistics_grouped_by_org_unit_respect_the_viewers_scope(module, visits, people):
    average = statistic(
        module,
        people,
        label="各社区平均补助",
        aggregate="avg",
        value_field=field(module, "amount"),
        group_by="org_unit",
    )
    count = statistic(module, people, label="各社区次数", aggregate="count", group_by="org_unit")
    street_records = records_for_user(module, people["street"])
    assert compute_statistic(average, street_records) == [("和平里社区", 200), ("安康社区", 100)]
    assert compute_statistic(count, street_records) == [("和平里社区", 3), ("安康社区", 2)]
    assert compute_statistic(count, records_for_user(module, people["heping"])) == [("和平里社区", 3)]
    assert compute_statistic(count, records_for_user(module, people["binhe"])) == []


@pytest.mark.django_db
def test_statistics_over_a_filtered_list(module, visits, people):
    records = filter_records(records_for_user(module, people["street"]), module, {"category": "低保"})
    total = statistic(
        module, people, label="补助合计", aggregate="sum", value_field=field(module, "amount"), group_by=""
    )
    assert compute_statistic(total, records) == [("All records", 550)]


@pytest.mark.django_db
def test_statistics_definitions_are_checked(module, people):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        statistic(module, people, label="错", aggregate="sum", value_field=field(module, "name"), group_by="")
    assert "value_field" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        statistic(module, people, label="错", aggregate="count", group_by="field", group_field=field(module, "amount"))
    assert "group_field" in caught.value.message_dict


@pytest.mark.django_db
def test_a_retired_field_still_counts_in_statistics(module, visits, people):
    from services.business_modules.services import set_field_retired

    total = statistic(
        module, people, label="补助合计", aggregate="sum", value_field=field(module, "amount"), group_by=""
    )
    set_field_retired(field(module, "amount"), True, actor=people["street"])
    assert compute_statistic(total, records_for_user(module, people["street"])) == [("All records", 800)]

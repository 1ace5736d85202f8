"""Month-end snapshots reproduce a past report exactly, are taken once per month unless forced,
and run from a background job and a management command."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms.audit.models import AuditEntry
from cms.orgs.services import create_org_unit
from services.datacenter.models import PopulationSnapshot
from services.datacenter.services import move_out
from services.datacenter.snapshots import (
    month_end,
    previous_month,
    snapshot_months,
    stored_population_statistics,
    take_population_snapshot,
)
from services.datacenter.statistics import population_statistics
from services.datacenter.tasks import take_population_snapshot_task
from tests.datacenter_stats.conftest import born_aged

pytestmark = pytest.mark.django_db


def test_a_snapshot_stores_every_unit_as_computed_on_the_month_end(tree, residents):
    month = previous_month()
    result = take_population_snapshot(month)
    assert result.created and result.units == 7
    assert PopulationSnapshot.objects.filter(month=month).count() == 7
    for unit in tree.values():
        stored = stored_population_statistics(unit, month)
        live_on_month_end = population_statistics(unit, reference_date=month_end(month))
        assert stored.as_dict() == live_on_month_end.as_dict(), unit.name
        assert stored.month == month and stored.reference_date == month_end(month)


def test_a_stored_month_keeps_its_numbers_after_residents_change(tree, residents, make_resident):
    month = previous_month()
    take_population_snapshot(month)
    make_resident(tree["first"], born_aged(30), "F", is_low_income=True)
    make_resident(tree["second"], born_aged(90), "M")
    move_out(residents["man_18"])

    stored = stored_population_statistics(tree["street"], month).table("gender")
    assert stored.row_of("330102001001").values == [3, 3, 6]
    assert stored.row_of("330102001002").values == [2, 1, 3]
    assert stored.total == [5, 4, 9]

    live = population_statistics(tree["street"]).table("gender")
    assert live.row_of("330102001001").values == [3, 4, 7]
    assert live.row_of("330102001002").values == [2, 1, 3]  # one man left, another arrived
    assert live.total == [5, 5, 10]


def test_a_stored_month_keeps_the_unit_names_of_its_time(tree, residents):
    month = previous_month()
    take_population_snapshot(month)
    tree["first"].name = "改名社区"
    tree["first"].save()
    assert [row.name for row in stored_population_statistics(tree["street"], month).table("age").rows] == [
        "第一社区",
        "第二社区",
    ]


def test_taking_a_month_again_changes_nothing_unless_forced(tree, residents, make_resident):
    month = previous_month()
    first = take_population_snapshot(month)
    taken_at = PopulationSnapshot.objects.get(org_unit=tree["street"], month=month).taken_at
    make_resident(tree["first"], born_aged(30), "F")

    again = take_population_snapshot(month)
    assert not again.created and again.units == first.units
    snapshot = PopulationSnapshot.objects.get(org_unit=tree["street"], month=month)
    assert snapshot.taken_at == taken_at
    assert stored_population_statistics(tree["street"], month).table("gender").total == [5, 4, 9]

    forced = take_population_snapshot(month, force=True)
    assert forced.created
    assert PopulationSnapshot.objects.filter(month=month).count() == 7
    assert stored_population_statistics(tree["street"], month).table("gender").total == [5, 5, 10]
    assert AuditEntry.objects.filter(action="population_snapshot.take").count() == 2


def test_units_added_later_have_no_snapshot_of_the_earlier_month(tree, residents):
    month = previous_month()
    take_population_snapshot(month)
    newer = create_org_unit(name="新建社区", code="330102001009", level="community", parent=tree["street"])
    assert stored_population_statistics(newer, month) is None
    assert snapshot_months(newer) == []
    assert snapshot_months(tree["street"]) == [month]


def test_a_month_that_has_not_begun_cannot_be_taken(tree):
    next_month = (month_end(timezone.localdate()) + datetime.timedelta(days=1)).replace(day=1)
    with pytest.raises(ValidationError):
        take_population_snapshot(next_month)
    assert not PopulationSnapshot.objects.exists()


def test_months_are_stored_as_their_first_day(tree, residents):
    month = previous_month()
    result = take_population_snapshot(month.replace(day=15))
    assert result.month == month
    assert set(PopulationSnapshot.objects.values_list("month", flat=True)) == {month}


def test_snapshot_queries_do_not_grow_with_the_tree(tree, residents, make_resident):
    with CaptureQueriesContext(connection) as small:
        take_population_snapshot(previous_month())
    for index in range(6):
        unit = create_org_unit(
            name=f"扩展社区{index}", code=f"330102002{100 + index:03d}", level="community", parent=tree["other_street"]
        )
        make_resident(unit, born_aged(40), "F")
    with CaptureQueriesContext(connection) as large:
        take_population_snapshot(previous_month(), force=True)
    # The forced run also deletes the old rows: one query more, and nothing per unit.
    assert len(large) <= len(small) + 1


def test_the_background_job_takes_the_previous_month_by_default(tree, residents):
    result = take_population_snapshot_task.enqueue()
    assert result.return_value == {"month": previous_month().isoformat(), "units": 7, "created": True}
    again = take_population_snapshot_task.enqueue(month=previous_month().strftime("%Y-%m"))
    assert again.return_value["created"] is False


def test_the_management_command_takes_a_month_once_and_replaces_it_with_force(tree, residents, capsys):
    month = previous_month().strftime("%Y-%m")
    call_command("take_population_snapshot", "--month", month)
    assert "Stored" in capsys.readouterr().out
    call_command("take_population_snapshot", "--month", month)
    assert "already stored" in capsys.readouterr().out
    call_command("take_population_snapshot", "--month", month, "--force")
    assert "Stored" in capsys.readouterr().out
    assert PopulationSnapshot.objects.count() == 7


def test_the_management_command_refuses_a_malformed_month(tree):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("take_population_snapshot", "--month", "2026-13")

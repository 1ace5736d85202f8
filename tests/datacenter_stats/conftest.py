"""An org tree with residents of known ages and groups, built through the real services."""

import datetime
import itertools

import pytest
from django.utils import timezone

# The statistics admin URLs are registered by this module's hooks; importing it here makes the
# tests independent of where the app's wagtail_hooks imports it.
import services.datacenter.statistics_hooks  # noqa: F401
from cms.orgs.services import create_org_unit
from services.datacenter.idnumbers import id_check_character
from services.datacenter.models import birth_date_cutoff
from services.datacenter.services import create_household, register_resident

_serials = itertools.count()


def id_number_for(birth_date, gender):
    """A valid GB 11643 number with this birth date; the 17th digit is odd for men, even for women."""
    serial = next(_serials)
    gender_digit = (1, 3, 5, 7, 9)[serial % 5] if gender == "M" else (0, 2, 4, 6, 8)[serial % 5]
    first_17 = f"330102{birth_date:%Y%m%d}{serial // 5 % 100:02d}{gender_digit}"
    return first_17 + id_check_character(first_17)


def born_aged(age, *, days_before_birthday=0, today=None):
    """A birth date making someone exactly `age` today (their birthday), or turning age+1 in N days."""
    if days_before_birthday:
        return birth_date_cutoff(age + 1, today) + datetime.timedelta(days=days_before_birthday)
    return birth_date_cutoff(age, today)


@pytest.fixture
def make_resident():
    def make(org_unit, birth_date, gender, *, household=None, **fields):
        return register_resident(
            org_unit=org_unit,
            id_number=id_number_for(birth_date, gender),
            name=fields.pop("name", f"居民{next(_serials)}"),
            household=household,
            **fields,
        )

    return make


@pytest.fixture
def tree(db):
    city = create_org_unit(name="江城市", code="330100", level="city")
    district = create_org_unit(name="东湖区", code="330102", level="district", parent=city)
    street = create_org_unit(name="和平街道", code="330102001", level="street", parent=district)
    first = create_org_unit(name="第一社区", code="330102001001", level="community", parent=street)
    second = create_org_unit(name="第二社区", code="330102001002", level="community", parent=street)
    other_street = create_org_unit(name="滨河街道", code="330102002", level="street", parent=district)
    other = create_org_unit(name="滨河社区", code="330102002001", level="community", parent=other_street)
    return {
        "city": city,
        "district": district,
        "street": street,
        "first": first,
        "second": second,
        "other_street": other_street,
        "other": other,
    }


@pytest.fixture
def residents(tree, make_resident):
    """The worked example (ages on today's date):

    第一社区: a newborn boy (urban), a girl turning 7 tomorrow (urban, left behind), a boy turning 7
    today (rural, left behind), a woman of 40 (no household, low-income, disability grade 2), a man
    turning 60 today (urban, veteran, lives alone), a woman of 85 (rural, disability grade 1, lives
    alone); plus a man who moved out and a woman who died, who are not counted.
    第二社区: a man turning 18 today (urban), a woman turning 35 tomorrow (urban, low-income), a man
    turning 80 today (rural, veteran).
    滨河社区 (another street): one man of 50.
    """
    from services.datacenter.services import move_out, record_death

    today = timezone.localdate()
    first, second, other = tree["first"], tree["second"], tree["other"]
    urban_1 = create_household(org_unit=first, address="和平路1号", kind="urban")
    rural_1 = create_household(org_unit=first, address="和平村2组", kind="rural")
    urban_2 = create_household(org_unit=second, address="和平路9号", kind="urban")
    rural_2 = create_household(org_unit=second, address="和平村5组", kind="rural")
    people = {
        "newborn": make_resident(first, today - datetime.timedelta(days=10), "M", household=urban_1),
        "girl_6": make_resident(
            first, born_aged(6, days_before_birthday=1), "F", household=urban_1, is_left_behind_child=True
        ),
        "boy_7": make_resident(first, born_aged(7), "M", household=rural_1, is_left_behind_child=True),
        "woman_40": make_resident(
            first, born_aged(40, days_before_birthday=100), "F", is_low_income=True, disability_grade=2
        ),
        "man_60": make_resident(first, born_aged(60), "M", household=urban_1, is_veteran=True, lives_alone=True),
        "woman_85": make_resident(
            first, born_aged(85, days_before_birthday=30), "F", household=rural_1, disability_grade=1, lives_alone=True
        ),
        "moved_out": make_resident(first, born_aged(30), "M", household=urban_1),
        "died": make_resident(first, born_aged(70), "F", household=rural_1),
        "man_18": make_resident(second, born_aged(18), "M", household=urban_2),
        "woman_34": make_resident(
            second, born_aged(34, days_before_birthday=1), "F", household=urban_2, is_low_income=True
        ),
        "man_80": make_resident(second, born_aged(80), "M", household=rural_2, is_veteran=True),
        "other_50": make_resident(other, born_aged(50), "M"),
    }
    move_out(people["moved_out"])
    record_death(people["died"], on=today)
    return people


# Expected numbers of the worked example: (第一社区, 第二社区, 和平街道 total).
EXPECTED = {
    "age": ([2, 1, 0, 1, 1, 1, 6], [0, 0, 2, 0, 0, 1, 3], [2, 1, 2, 1, 1, 2, 9]),
    "gender": ([3, 3, 6], [2, 1, 3], [5, 4, 9]),
    "household": ([3, 2, 1, 6], [2, 1, 0, 3], [5, 3, 1, 9]),
    "special": ([2, 1, 2, 2, 1, 2, 1], [1, 1, 0, 0, 1, 0, 1], [3, 2, 2, 2, 2, 2, 2]),
}

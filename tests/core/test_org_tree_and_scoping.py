"""The org tree keeps its levels, and the one scoping rule limits every user to their subtree."""

import pytest
from django.core.exceptions import ValidationError

from cms.accounts.models import Role
from cms.audit.models import AuditEntry
from cms.orgs.models import OrgUnit
from cms.orgs.scoping import scope_to_user, user_can_access_org_unit, visible_org_units
from cms.orgs.services import create_org_unit
from tests.factories import staff


@pytest.fixture
def tree(db):
    city = create_org_unit(name="江城市", code="330100", level="city")
    east = create_org_unit(name="东湖区", code="330102", level="district", parent=city)
    west = create_org_unit(name="西山区", code="330103", level="district", parent=city)
    heping = create_org_unit(name="和平街道", code="330102001", level="street", parent=east)
    binhe = create_org_unit(name="滨河街道", code="330103001", level="street", parent=west)
    return {
        "city": city,
        "east": east,
        "west": west,
        "heping": heping,
        "binhe": binhe,
        "c1": create_org_unit(name="和平里社区", code="330102001001", level="community", parent=heping),
        "c2": create_org_unit(name="安康社区", code="330102001002", level="community", parent=heping),
        "c3": create_org_unit(name="滨河社区", code="330103001001", level="community", parent=binhe),
    }


def names(queryset):
    return sorted(unit.name for unit in queryset)


@pytest.mark.django_db
def test_city_admin_sees_the_whole_tree(tree):
    user = staff(tree["city"], Role.CITY_ADMIN)
    assert visible_org_units(user).count() == 8


@pytest.mark.smoke
@pytest.mark.django_db
def test_district_staff_see_only_their_district(tree):
    user = staff(tree["east"], Role.DISTRICT_STAFF)
    assert set(names(visible_org_units(user))) == {"东湖区", "和平街道", "和平里社区", "安康社区"}
    assert not user_can_access_org_unit(user, tree["c3"])
    assert not user_can_access_org_unit(user, tree["city"])


@pytest.mark.django_db
def test_street_staff_see_their_street_and_its_communities(tree):
    user = staff(tree["heping"], Role.STREET_STAFF)
    assert set(names(visible_org_units(user))) == {"和平街道", "和平里社区", "安康社区"}


@pytest.mark.smoke
@pytest.mark.django_db
def test_community_staff_see_only_their_community(tree):
    user = staff(tree["c1"], Role.COMMUNITY_STAFF)
    assert names(visible_org_units(user)) == ["和平里社区"]
    assert user_can_access_org_unit(user, tree["c1"])
    assert not user_can_access_org_unit(user, tree["c2"])


@pytest.mark.django_db
def test_user_without_an_org_unit_sees_nothing(tree, django_user_model):
    user = django_user_model.objects.create_user("nobody")
    assert visible_org_units(user).count() == 0


@pytest.mark.django_db
def test_scoping_follows_a_relation_to_the_org_unit(tree):
    """Records reach their unit through a foreign key; audit entries are such records."""
    AuditEntry.objects.create(action="x", org_unit=tree["c1"])
    AuditEntry.objects.create(action="x", org_unit=tree["c3"])
    user = staff(tree["west"], Role.DISTRICT_STAFF)
    scoped = scope_to_user(AuditEntry.objects.filter(action="x"), user)
    assert [entry.org_unit for entry in scoped] == [tree["c3"]]


@pytest.mark.django_db
def test_scoping_a_list_is_one_query(tree, django_assert_num_queries):
    user = staff(tree["east"], Role.DISTRICT_STAFF)
    user = type(user).objects.select_related("staff_profile__org_unit").get(pk=user.pk)
    with django_assert_num_queries(1):
        list(visible_org_units(user))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "parent_key, level", [(None, "district"), ("city", "street"), ("east", "community"), ("c1", "community")]
)
def test_levels_must_follow_city_district_street_community(tree, parent_key, level):
    parent = tree[parent_key] if parent_key else None
    with pytest.raises(ValidationError):
        create_org_unit(name="新单位", code="330199", level=level, parent=parent)
    assert not OrgUnit.objects.filter(code="330199").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["33010", "3301021", "abcdef", "", "3301020010011"])
def test_administrative_codes_have_6_9_or_12_digits(tree, code):
    with pytest.raises(ValidationError):
        create_org_unit(name="新区", code=code, level="district", parent=tree["city"])


@pytest.mark.django_db
def test_duplicate_administrative_code_is_refused(tree):
    with pytest.raises(ValidationError, match="330103"):
        create_org_unit(name="重复", code="330103", level="district", parent=tree["city"])


@pytest.mark.django_db
def test_role_must_fit_the_org_level(tree):
    with pytest.raises(ValidationError):
        staff(tree["c1"], Role.STREET_STAFF)
    with pytest.raises(ValidationError):
        staff(tree["city"], Role.COMMUNITY_EDITOR)
    assert staff(tree["east"], Role.DEPARTMENT_VIEWER).staff_profile.role == Role.DEPARTMENT_VIEWER


@pytest.mark.django_db
def test_full_names_of_many_units_take_one_query(tree, django_assert_num_queries):
    units = [tree["c1"], tree["c3"], tree["binhe"]]
    with django_assert_num_queries(1):
        names = OrgUnit.full_names(units)
    assert names == {unit.pk: unit.full_name for unit in units}
    assert names[tree["c1"].pk] == "江城市 / 东湖区 / 和平街道 / 和平里社区"

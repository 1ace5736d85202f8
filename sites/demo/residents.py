"""The people of the demo: buildings and houses, households with their members, and organisations
in the area, for every demo community.

`plan_community_people(unit)` is pure data, seeded by the community's code, so every run plans the
same people; `add_community_people` then creates, through the data centre's services, only the
buildings, houses, households and organisations that are missing (households are found by their
number, organisations by credit code), so a second run adds nothing.

Names, roads and phone numbers come from Faker's zh_CN locale. ID numbers are built here so they
are valid under GB 11643: a region code, a birth date drawn from a realistic age pyramid, a
sequence whose last digit is odd for men and even for women, and the MOD 11-2 check character.
"""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from faker import Faker

from cms.personal_data import lookup_hash
from services.datacenter.idnumbers import credit_code_check_character, id_check_character
from services.datacenter.models import (
    AreaOrganisation,
    Building,
    House,
    Household,
    Relation,
    Resident,
    birth_date_cutoff,
)
from services.datacenter.services import (
    create_building,
    create_house,
    create_household,
    register_organisation,
    register_resident,
)

HOUSEHOLDS_PER_COMMUNITY = 55  # about 150 residents
BUILDINGS_PER_COMMUNITY = 6
ENTRANCES_PER_BUILDING = 2
FLOORS_PER_BUILDING = 6
ORGANISATIONS_PER_COMMUNITY = 4

# Where people were born: mostly the demo city's own districts (codes of the city 330100),
# some from elsewhere in the province and from other provinces.
LOCAL_REGION_CODES = ["330102", "330103", "330104", "330105", "330106", "330108", "330109", "330110"]
OTHER_REGION_CODES = ["330203", "330302", "330402", "330602", "340102", "360102", "420102", "430102", "510104"]
ETHNICITIES = ["汉族"] * 46 + ["回族", "满族", "畲族", "土家族"]

# Household shapes and their shares in an older urban community.
HOUSEHOLD_SHAPES = [
    ("elderly_alone", 12),
    ("elderly_couple", 15),
    ("young_family", 30),
    ("three_generations", 20),
    ("couple", 10),
    ("single_adult", 8),
    ("grandparents_and_grandchild", 5),
]


@dataclass
class PersonPlan:
    name: str
    gender: str
    birth_date: datetime.date
    relation: str
    region_code: str
    sequence: int  # 0..999, parity = gender
    phone: str = ""
    fields: dict = field(default_factory=dict)

    def id_number(self, bump=0):
        sequence = (self.sequence + 2 * bump) % 1000  # a step of two keeps the gender digit's parity
        first_17 = f"{self.region_code}{self.birth_date:%Y%m%d}{sequence:03d}"
        return first_17 + id_check_character(first_17)


@dataclass
class HouseholdPlan:
    number: str
    building: str
    entrance: str
    house_number: str
    floor: int
    area_m2: Decimal
    kind: str
    members: list


@dataclass
class OrganisationPlan:
    name: str
    credit_code: str
    kind: str
    address: str
    contact_person: str
    contact_phone: str


@dataclass
class CommunityPeoplePlan:
    buildings: list  # (name, address, floors)
    households: list
    organisations: list


_faker = None


def seeded_faker(seed):
    global _faker
    if _faker is None:  # building the zh_CN provider tables is the slow part: do it once
        _faker = Faker("zh_CN")
    _faker.seed_instance(seed)
    return _faker


# ---------------------------------------------------------------- people
def birth_date_for_age(rng, age, today):
    """A birth date of someone exactly `age` years old today."""
    return birth_date_cutoff(age, today) - datetime.timedelta(days=rng.randrange(0, 365))


def make_person(rng, fake, *, age, gender, relation, today, surname=None):
    first = fake.first_name_male() if gender == "M" else fake.first_name_female()
    name = (surname or fake.last_name()) + first
    region = rng.choice(LOCAL_REGION_CODES) if rng.random() < 0.78 else rng.choice(OTHER_REGION_CODES)
    sequence = rng.randrange(0, 500) * 2 + (1 if gender == "M" else 0)
    person = PersonPlan(
        name=name,
        gender=gender,
        birth_date=birth_date_for_age(rng, age, today),
        relation=relation,
        region_code=region,
        sequence=sequence,
        phone=fake.phone_number() if age >= 14 and rng.random() < 0.92 else "",
    )
    person.fields = personal_fields(rng, age, gender)
    return person


def personal_fields(rng, age, gender):
    """Education, employment, political status, marital status and special groups by age."""
    fields = {"ethnicity": rng.choice(ETHNICITIES)}
    if age < 6:
        fields.update(education="none", employment="")
    elif age < 18:
        fields.update(education="primary" if age < 12 else "junior" if age < 15 else "senior", employment="student")
    else:
        fields["education"] = rng.choices(
            ["primary", "junior", "senior", "college", "bachelor", "postgraduate"],
            weights=[30, 35, 20, 8, 6, 1] if age >= 60 else [2, 15, 25, 23, 28, 7],
        )[0]
        if age >= 60:
            fields["employment"] = "retired"
        elif age < 23 and rng.random() < 0.6:
            fields["employment"] = "student"
        else:
            fields["employment"] = rng.choices(["employed", "unemployed", "other"], weights=[85, 7, 8])[0]
    if age >= 18:
        fields["political_status"] = "party_member" if rng.random() < 0.09 else "masses"
    elif age >= 14:
        fields["political_status"] = "league_member" if rng.random() < 0.4 else "masses"
    if rng.random() < (0.03 if age < 60 else 0.10 if age < 80 else 0.22):
        fields["disability_grade"] = rng.choices([1, 2, 3, 4], weights=[10, 20, 35, 35])[0]
    if gender == "M" and age >= 40 and rng.random() < 0.06:
        fields["is_veteran"] = True
    return fields


def working_age(rng, low=25, high=55):
    return rng.randint(low, high)


def plan_household(rng, fake, shape, today):
    """The members of one household, head first."""
    members = []

    def add(age, gender, relation, surname=None):
        person = make_person(rng, fake, age=age, gender=gender, relation=relation, today=today, surname=surname)
        members.append(person)
        return person

    head_gender = "M" if rng.random() < 0.7 else "F"
    surname = fake.last_name()
    other = "F" if head_gender == "M" else "M"
    if shape == "elderly_alone":
        # 80+ are a good share of those living alone
        age = rng.randint(80, 96) if rng.random() < 0.35 else rng.randint(65, 79)
        head = add(age, "F" if rng.random() < 0.65 else "M", Relation.HEAD, surname)
        head.fields.update(lives_alone=True, marital_status="widowed" if rng.random() < 0.8 else "divorced")
    elif shape == "elderly_couple":
        age = rng.randint(62, 90)
        add(age, head_gender, Relation.HEAD, surname)
        add(max(60, age + rng.randint(-5, 3)), other, Relation.SPOUSE)
    elif shape in ("young_family", "three_generations", "couple"):
        age = working_age(rng, 26, 50) if shape != "couple" else working_age(rng, 24, 58)
        add(age, head_gender, Relation.HEAD, surname)
        add(max(22, age + rng.randint(-4, 3)), other, Relation.SPOUSE)
        if shape != "couple":
            father_surname = surname if head_gender == "M" else members[1].name[0]
            for _index in range(rng.choices([1, 2, 3], weights=[60, 35, 5])[0]):
                child_age = rng.randint(0, max(0, min(age - 22, 25)))
                add(child_age, rng.choice("MF"), Relation.CHILD, father_surname)
        if shape == "three_generations":
            parent_age = min(age + rng.randint(24, 32), 98)
            add(parent_age, rng.choice("MF"), Relation.PARENT)
            if rng.random() < 0.5:
                add(
                    min(parent_age + rng.randint(-4, 4), 98), "M" if members[-1].gender == "F" else "F", Relation.PARENT
                )
    elif shape == "single_adult":
        add(working_age(rng, 22, 45), rng.choice("MF"), Relation.HEAD, surname).fields["marital_status"] = "single"
    else:  # grandparents raising a grandchild whose parents work elsewhere: a left-behind child
        age = rng.randint(58, 75)
        add(age, head_gender, Relation.HEAD, surname)
        add(age + rng.randint(-4, 3), other, Relation.SPOUSE)
        child = add(rng.randint(4, 15), rng.choice("MF"), Relation.GRANDCHILD, surname if head_gender == "M" else None)
        child.fields["is_left_behind_child"] = True
    for person in members:
        if person.relation in (Relation.HEAD, Relation.SPOUSE) and "marital_status" not in person.fields:
            person.fields["marital_status"] = "married" if len(members) > 1 else "single"
        elif person.relation == Relation.CHILD and person.birth_date < birth_date_cutoff(20, today):
            person.fields["marital_status"] = "single"
        elif person.relation == Relation.PARENT:
            person.fields.setdefault("marital_status", "married" if rng.random() < 0.6 else "widowed")
    if rng.random() < 0.05:  # low-income households: about one in twenty
        for person in members:
            person.fields["is_low_income"] = True
    return members


# ---------------------------------------------------------------- plan
def org_code(rng):
    """A 9-character organisation code (GB 11714): 8 digits and its check character."""
    digits = [rng.randrange(10) for _index in range(8)]
    check = 11 - sum(digit * weight for digit, weight in zip(digits, (3, 7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    return "".join(map(str, digits)) + {10: "X", 11: "0"}.get(check, str(check))


def credit_code(rng, region_code, kind):
    # Registration authority and type: 91 enterprise (market regulation), 12 public institution,
    # 52 private non-enterprise unit (civil affairs).
    authority = {"company": "91", "institution": "12", "school": "12", "hospital": "52", "social": "51"}[kind]
    first_17 = authority + region_code + org_code(rng)
    return first_17 + credit_code_check_character(first_17)


def plan_community_people(unit, *, households=HOUSEHOLDS_PER_COMMUNITY, today=None):
    today = today or timezone.localdate()
    rng = random.Random(f"demo:people:{unit.code}")
    fake = seeded_faker(f"demo:people:{unit.code}")
    district_code = unit.code[:6]
    place = unit.postal_name if hasattr(unit, "postal_name") else unit.name
    buildings = []
    for number in range(1, BUILDINGS_PER_COMMUNITY + 1):
        road = fake.street_name()
        buildings.append((f"{number}幢", f"{place}{road}{rng.randint(1, 300)}号", FLOORS_PER_BUILDING))
    shapes, weights = zip(*HOUSEHOLD_SHAPES, strict=True)
    household_plans = []
    free_houses = [
        (building, str(entrance), floor, f"{floor}0{door}")
        for building in range(BUILDINGS_PER_COMMUNITY)
        for entrance in range(1, ENTRANCES_PER_BUILDING + 1)
        for floor in range(1, FLOORS_PER_BUILDING + 1)
        for door in (1, 2)
    ]
    rng.shuffle(free_houses)
    for index in range(min(households, len(free_houses))):
        building, entrance, floor, door = free_houses[index]
        name, address, _floors = buildings[building]
        household_plans.append(
            HouseholdPlan(
                number=f"{unit.code}{index + 1:04d}",
                building=name,
                entrance=entrance,
                house_number=door,
                floor=floor,
                area_m2=Decimal(rng.randrange(450, 1400)) / 10,
                kind="rural" if rng.random() < 0.08 else "urban",
                members=plan_household(rng, fake, rng.choices(shapes, weights=weights)[0], today),
            )
        )
    organisations = []
    for kind in ["company", "company", rng.choice(["school", "hospital"]), rng.choice(["institution", "social"])][
        :ORGANISATIONS_PER_COMMUNITY
    ]:
        name = fake.company() if kind == "company" else organisation_name(rng, unit, kind)
        organisations.append(
            OrganisationPlan(
                name=name,
                credit_code=credit_code(rng, district_code, kind),
                kind=kind,
                address=f"{place}{fake.street_name()}{rng.randint(1, 300)}号",
                contact_person=fake.name(),
                contact_phone=fake.phone_number(),
            )
        )
    return CommunityPeoplePlan(buildings=buildings, households=household_plans, organisations=organisations)


def organisation_name(rng, unit, kind):
    base = unit.name.removesuffix("社区")
    return {
        "school": f"{base}小学",
        "hospital": f"{base}社区卫生服务站",
        "institution": f"{base}社区文化活动中心",
        "social": f"{base}社区志愿者协会",
    }[kind]


# ---------------------------------------------------------------- create
def add_community_people(unit, report, *, households=HOUSEHOLDS_PER_COMMUNITY):
    """Create the community's planned buildings, houses, households, residents and organisations that are
    missing; count what was added in report.created."""
    plan = plan_community_people(unit, households=households)
    existing_numbers = set(Household.objects.filter(org_unit=unit).values_list("number", flat=True))
    missing = [household for household in plan.households if household.number not in existing_numbers]
    buildings = {building.name: building for building in Building.objects.filter(org_unit=unit)}
    for name, address, floors in plan.buildings:
        if name not in buildings:
            buildings[name] = create_building(org_unit=unit, name=name, address=address, floors=floors)
            report.created["buildings"] += 1
    houses = {
        (house.building.name, house.unit, house.number): house
        for house in House.objects.filter(building__org_unit=unit).select_related("building")
    }
    taken = taken_id_hashes(missing)
    for household_plan in missing:
        key = (household_plan.building, household_plan.entrance, household_plan.house_number)
        house = houses.get(key)
        if house is None:
            house = houses[key] = create_house(
                building=buildings[household_plan.building],
                unit=household_plan.entrance,
                number=household_plan.house_number,
                floor=household_plan.floor,
                area_m2=household_plan.area_m2,
            )
            report.created["houses"] += 1
        building = buildings[household_plan.building]
        household = create_household(
            org_unit=unit,
            address=f"{building.address}{building.name}{household_plan.entrance}单元{household_plan.house_number}室",
            kind=household_plan.kind,
            house=house,
            number=household_plan.number,
        )
        report.created["households"] += 1
        for person in household_plan.members:
            id_number = unused_id_number(person, taken)
            register_resident(
                org_unit=unit,
                id_number=id_number,
                name=person.name,
                phone=person.phone,
                household=household,
                relation_to_head=person.relation,
                moved_in_on=household_moved_in(person, household_plan),
                **person.fields,
            )
            report.created["residents"] += 1
    known_codes = set(
        AreaOrganisation.objects.filter(credit_code__in=[o.credit_code for o in plan.organisations]).values_list(
            "credit_code", flat=True
        )
    )
    for organisation in plan.organisations:
        if organisation.credit_code in known_codes:
            continue
        register_organisation(
            org_unit=unit,
            name=organisation.name,
            credit_code=organisation.credit_code,
            kind=organisation.kind,
            address=organisation.address,
            contact_person=organisation.contact_person,
            contact_phone=organisation.contact_phone,
        )
        report.created["organisations"] += 1


def taken_id_hashes(households):
    """Hashes of planned ID numbers that someone already holds (another community's plan may coincide)."""
    hashes = [lookup_hash(person.id_number()) for household in households for person in household.members]
    return set(Resident.objects.filter(id_number_hash__in=hashes).values_list("id_number_hash", flat=True))


def unused_id_number(person, taken):
    for bump in range(500):
        number = person.id_number(bump)
        number_hash = lookup_hash(number)
        if number_hash not in taken and (bump == 0 or not Resident.objects.filter(id_number_hash=number_hash).exists()):
            taken.add(number_hash)
            return number
    raise RuntimeError(f"No free sequence number for {person.name}")


def household_moved_in(person, household_plan):
    # Stable per household: derived from its number, not from the clock.
    seed = int(household_plan.number[-4:])
    year = max(person.birth_date.year, 1985 + seed % 38)
    return max(person.birth_date, datetime.date(year, 1 + seed % 12, 1 + seed % 28))

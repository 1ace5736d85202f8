"""Changes to the data centre: registering residents, households, buildings and organisations,
moves and deaths, and revealing full ID numbers to those allowed to see them.

Every function runs in a transaction and writes the audit log; personal identifiers are
encrypted before they reach the database.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.audit.services import record_audit
from cms.orgs.models import OrgLevel
from cms.orgs.scoping import user_can_access_org_unit
from cms.personal_data import encrypt_text, lookup_hash, mask_phone
from services.datacenter.idnumbers import parse_credit_code, parse_id_number
from services.datacenter.models import (
    AreaOrganisation,
    Building,
    House,
    Household,
    Relation,
    ResidenceChange,
    ResidenceChangeKind,
    Resident,
    ResidentStatus,
)

PHONE_DIGITS = 11
FULL_NUMBER_PERMISSION = "datacenter.view_full_id_number"

# Fields staff may set directly on a resident (identity fields go through their own rules).
RESIDENT_PLAIN_FIELDS = [
    "name", "relation_to_head", "ethnicity", "education", "employment", "political_status", "marital_status",
    "disability_grade", "lives_alone", "is_veteran", "is_left_behind_child", "is_low_income", "moved_in_on",
]  # fmt: skip


def normalise_phone(raw):
    """Mainland mobile (11 digits starting 1) or a landline with area code; '' if empty."""
    phone = "".join(character for character in str(raw or "") if character.isdigit() or character == "-")
    if not phone:
        return ""
    digits = phone.replace("-", "")
    is_mobile = len(digits) == PHONE_DIGITS and digits.startswith("1")
    is_landline = digits.startswith("0") and 10 <= len(digits) <= 12
    if not (is_mobile or is_landline):
        raise ValidationError(_("Enter an 11-digit mobile number or a landline with its area code."), code="phone")
    return digits if is_mobile else phone


def check_community(user, org_unit):
    if org_unit is None or org_unit.level != OrgLevel.COMMUNITY:
        raise ValidationError({"org_unit": _("Records belong to a community.")})
    if user is not None and not user_can_access_org_unit(user, org_unit):
        raise ValidationError({"org_unit": _("You can only record data for communities in your own area.")})


def existing_resident_message(existing, user):
    """What to say when an ID number is already registered: where, only to staff allowed to know."""
    if user is None or user_can_access_org_unit(user, existing.org_unit) or user.has_perm(FULL_NUMBER_PERMISSION):
        return _("This ID number is already registered: %(name)s in %(unit)s. Edit that record instead.") % {
            "name": existing.name,
            "unit": existing.org_unit.full_name,
        }
    return _("This ID number is already registered in another community. Ask that community to transfer the person.")


def set_identity(resident, id_number, phone):
    parsed = parse_id_number(id_number)
    resident.id_number_encrypted = encrypt_text(parsed.number)
    resident.id_number_hash = lookup_hash(parsed.number)
    resident.id_number_masked = parsed.masked
    resident.birth_date = parsed.birth_date
    resident.gender = parsed.gender
    resident.__dict__.pop("id_number", None)
    set_phone(resident, phone)
    return parsed


def set_phone(resident, phone):
    phone = normalise_phone(phone)
    resident.phone_encrypted = encrypt_text(phone) if phone else ""
    resident.phone_hash = lookup_hash(phone) if phone else ""
    resident.phone_masked = mask_phone(phone)
    resident.__dict__.pop("phone", None)


def validate_resident_fields(fields):
    errors = {}
    unknown = set(fields) - set(RESIDENT_PLAIN_FIELDS)
    if unknown:
        raise ValueError(f"Unknown resident fields: {sorted(unknown)}")
    if "name" in fields and not str(fields["name"] or "").strip():
        errors["name"] = _("Enter the resident's name.")
    grade = fields.get("disability_grade")
    if grade not in (None, "") and int(grade) not in range(1, 5):
        errors["disability_grade"] = _("Disability grades run from 1 to 4.")
    if errors:
        raise ValidationError(errors)


def register_resident(*, org_unit, id_number, name, phone="", household=None, actor=None, **fields):
    """Register a person once, city-wide. A number that exists elsewhere is reported, not duplicated."""
    check_community(actor, org_unit)
    validate_resident_fields({"name": name, **fields})
    resident = Resident(org_unit=org_unit, name=name.strip(), household=household, created_by=actor, **fields)
    try:
        set_identity(resident, id_number, phone)
    except ValidationError as error:
        raise ValidationError({"id_number" if error.code != "phone" else "phone": error.messages}) from error
    existing = Resident.objects.select_related("org_unit").filter(id_number_hash=resident.id_number_hash).first()
    if existing is not None:
        raise ValidationError({"id_number": existing_resident_message(existing, actor)}, code="duplicate")
    if household is not None and household.org_unit_id != org_unit.pk:
        raise ValidationError({"household": _("The household belongs to another community.")})
    try:
        with transaction.atomic():
            resident.save()
            if fields.get("relation_to_head") == Relation.HEAD and household is not None and household.head_id is None:
                household.head = resident
                household.save(update_fields=["head"])
            record_audit("resident.create", actor=actor, obj=resident, org_unit=org_unit)
    except IntegrityError as error:  # a concurrent registration of the same number won the race
        raise ValidationError({"id_number": _("This ID number was registered a moment ago.")}) from error
    return resident


def update_resident(resident, *, actor=None, id_number=None, phone=None, **fields):
    """Change a resident; the audit entry lists what changed (identifiers only in masked form)."""
    check_community(actor, resident.org_unit)
    validate_resident_fields(fields)
    before = {name: getattr(resident, name) for name in fields}
    before_masked = {"id_number": resident.id_number_masked, "phone": resident.phone_masked}
    before_hashes = {"id_number": resident.id_number_hash, "phone": resident.phone_hash}
    for name, value in fields.items():
        setattr(resident, name, value)
    if id_number is not None:
        new_hash = lookup_hash(parse_id_number(id_number).number)
        if new_hash != resident.id_number_hash:
            existing = Resident.objects.filter(id_number_hash=new_hash).exclude(pk=resident.pk).first()
            if existing is not None:
                raise ValidationError({"id_number": existing_resident_message(existing, actor)})
        set_identity(resident, id_number, resident.phone if phone is None else phone)
    elif phone is not None:
        try:
            set_phone(resident, phone)
        except ValidationError as error:
            raise ValidationError({"phone": error.messages}) from error
    changes = {
        name: [str(before[name]), str(getattr(resident, name))]
        for name in fields
        if before[name] != getattr(resident, name)
    }
    for name in ("id_number", "phone"):
        if before_hashes[name] != getattr(resident, f"{name}_hash"):
            changes[name] = [before_masked[name], getattr(resident, f"{name}_masked")]
    with transaction.atomic():
        resident.save()
        record_audit(
            "resident.change", actor=actor, obj=resident, org_unit=resident.org_unit, detail={"changes": changes}
        )
    return resident


@transaction.atomic
def move_out(resident, *, on=None, note="", actor=None):
    check_community(actor, resident.org_unit)
    if resident.status != ResidentStatus.ACTIVE:
        raise ValidationError(_("Only residents living here can move out."))
    on = on or timezone.localdate()
    resident.status, resident.moved_out_on = ResidentStatus.MOVED_OUT, on
    resident.save(update_fields=["status", "moved_out_on", "updated_at"])
    ResidenceChange.objects.create(
        resident=resident,
        kind=ResidenceChangeKind.MOVE_OUT,
        on=on,
        from_org_unit=resident.org_unit,
        note=note,
        recorded_by=actor,
    )
    record_audit("resident.move_out", actor=actor, obj=resident, org_unit=resident.org_unit)
    return resident


@transaction.atomic
def transfer_resident(resident, *, to_org_unit, on=None, household=None, actor=None):
    """Move a person to another community, keeping the one record and its history."""
    check_community(actor, resident.org_unit)
    check_community(None, to_org_unit)
    if resident.status == ResidentStatus.DECEASED:
        raise ValidationError(_("A deceased resident cannot move."))
    on = on or timezone.localdate()
    previous = resident.org_unit
    resident.org_unit, resident.household, resident.status = to_org_unit, household, ResidentStatus.ACTIVE
    resident.moved_in_on, resident.moved_out_on = on, None
    resident.save()
    ResidenceChange.objects.create(
        resident=resident,
        kind=ResidenceChangeKind.TRANSFER,
        on=on,
        from_org_unit=previous,
        to_org_unit=to_org_unit,
        recorded_by=actor,
    )
    record_audit("resident.transfer", actor=actor, obj=resident, org_unit=previous, detail={"to": to_org_unit.code})
    return resident


@transaction.atomic
def record_death(resident, *, on, actor=None):
    check_community(actor, resident.org_unit)
    if on > timezone.localdate():
        raise ValidationError({"on": _("The date of death cannot be in the future.")})
    resident.status, resident.died_on = ResidentStatus.DECEASED, on
    resident.save(update_fields=["status", "died_on", "updated_at"])
    ResidenceChange.objects.create(
        resident=resident, kind=ResidenceChangeKind.DEATH, on=on, from_org_unit=resident.org_unit, recorded_by=actor
    )
    record_audit("resident.death", actor=actor, obj=resident, org_unit=resident.org_unit)
    return resident


def reveal_identifiers(resident, *, actor, reason=""):
    """Full ID and phone numbers for a user with the explicit permission; every reveal is audited."""
    if not (actor.has_perm(FULL_NUMBER_PERMISSION) and user_can_access_org_unit(actor, resident.org_unit)):
        record_audit("resident.reveal", actor=actor, obj=resident, org_unit=resident.org_unit, success=False)
        raise PermissionDenied(_("You may not see full ID numbers."))
    with transaction.atomic():
        record_audit(
            "resident.reveal", actor=actor, obj=resident, org_unit=resident.org_unit, detail={"reason": reason}
        )
    return {"id_number": resident.id_number, "phone": resident.phone}


@transaction.atomic
def create_household(*, org_unit, address, kind="urban", house=None, number="", actor=None):
    check_community(actor, org_unit)
    if not (address or "").strip():
        raise ValidationError({"address": _("Enter the household's address.")})
    if house is not None and house.building.org_unit_id != org_unit.pk:
        raise ValidationError({"house": _("The house belongs to another community.")})
    household = Household.objects.create(
        org_unit=org_unit, address=address.strip(), kind=kind, house=house, number=number
    )
    record_audit("household.create", actor=actor, obj=household, org_unit=org_unit)
    return household


@transaction.atomic
def create_building(*, org_unit, name, address="", floors=None, actor=None):
    check_community(actor, org_unit)
    if Building.objects.filter(org_unit=org_unit, name=name).exists():
        raise ValidationError({"name": _("The building %(name)s already exists.") % {"name": name}})
    building = Building.objects.create(org_unit=org_unit, name=name, address=address, floors=floors)
    record_audit("building.create", actor=actor, obj=building, org_unit=org_unit)
    return building


@transaction.atomic
def create_house(*, building, number, unit="", floor=None, area_m2=None, use="residential", actor=None):
    check_community(actor, building.org_unit)
    if House.objects.filter(building=building, unit=unit, number=number).exists():
        raise ValidationError({"number": _("This house already exists in the building.")})
    house = House.objects.create(building=building, unit=unit, number=number, floor=floor, area_m2=area_m2, use=use)
    record_audit("house.create", actor=actor, obj=house, org_unit=building.org_unit)
    return house


@transaction.atomic
def register_organisation(*, org_unit, name, credit_code, actor=None, **fields):
    check_community(actor, org_unit)
    try:
        code = parse_credit_code(credit_code)
    except ValidationError as error:
        raise ValidationError({"credit_code": error.messages}) from error
    if AreaOrganisation.objects.filter(credit_code=code).exists():
        raise ValidationError({"credit_code": _("An organisation with this credit code is already registered.")})
    organisation = AreaOrganisation.objects.create(org_unit=org_unit, name=name, credit_code=code, **fields)
    record_audit("organisation.create", actor=actor, obj=organisation, org_unit=org_unit)
    return organisation

"""Excel import of residents: a template, a validation pass that saves nothing, then a confirmed
save of the good rows in one transaction with one audit entry.

Between the two steps the upload stays on the server, in the default storage under a random token
bound to the uploader (`datacenter-imports/<token>/`: the workbook, `state.json` with status and
progress, `errors.json` with the report). Progress lives in a file rather than a database row so
that the page can poll it while the save's transaction is still open.

The rules are the service's (`services.datacenter.services`): the same ID number parser, phone
normaliser, field checks and "already registered" wording; only the speed differs (existing numbers
are loaded in one query per 10,000 rows, residents are bulk-created, the audit entry is one per import).
"""

import datetime
import io
import json
import os
import re
import secrets
import tempfile
from dataclasses import asdict, dataclass, field
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from cms.audit.services import record_audit
from cms.orgs.models import OrgUnit
from cms.personal_data import lookup_hash
from cms.spreadsheets import SpreadsheetError, read_rows, write_workbook
from services.datacenter.idnumbers import parse_id_number
from services.datacenter.models import (
    Education,
    Employment,
    Household,
    HouseholdKind,
    MaritalStatus,
    PoliticalStatus,
    Relation,
    Resident,
)
from services.datacenter.services import (
    check_community,
    existing_resident_message,
    normalise_phone,
    set_identity,
    validate_resident_fields,
)

# The file format. Headers are Chinese on purpose: they are the exchange format staff fill in, not
# interface text, so they do not change with the admin language.
NAME, ID_NUMBER, PHONE, ADDRESS, KIND, RELATION = "姓名", "身份证号", "联系电话", "住址", "户别", "与户主关系"
ETHNICITY, EDUCATION, EMPLOYMENT, POLITICAL, MARITAL = "民族", "文化程度", "就业状况", "政治面貌", "婚姻状况"
DISABILITY, ALONE, VETERAN, LEFT_BEHIND, LOW_INCOME, MOVED_IN = (
    "残疾等级", "独居", "退役军人", "留守儿童", "低收入", "迁入日期",
)  # fmt: skip
HEADERS = [
    NAME, ID_NUMBER, PHONE, ADDRESS, KIND, RELATION, ETHNICITY, EDUCATION, EMPLOYMENT, POLITICAL, MARITAL,
    DISABILITY, ALONE, VETERAN, LEFT_BEHIND, LOW_INCOME, MOVED_IN,
]  # fmt: skip
REQUIRED_HEADERS = (NAME, ID_NUMBER)
HEADER_ALIASES = {"户籍地址": ADDRESS, "地址": ADDRESS, "身份证号码": ID_NUMBER, "电话": PHONE, "手机号": PHONE}

# Words accepted in each choice column besides the stored value and its English label.
CHOICE_WORDS = {
    RELATION: {
        Relation.HEAD: ["户主", "本人"],
        Relation.SPOUSE: ["配偶", "妻", "妻子", "夫", "丈夫"],
        Relation.CHILD: ["子女", "子", "女", "儿子", "女儿", "长子", "长女", "次子", "次女"],
        Relation.PARENT: ["父母", "父亲", "母亲", "父", "母"],
        Relation.GRANDCHILD: ["孙子女", "孙子", "孙女", "外孙", "外孙子", "外孙女"],
        Relation.GRANDPARENT: ["祖父母", "祖父", "祖母", "外祖父", "外祖母", "外祖父母"],
        Relation.SIBLING: ["兄弟姐妹", "兄", "弟", "姐", "妹", "哥哥", "弟弟", "姐姐", "妹妹"],
        Relation.OTHER: ["其他", "其他亲属", "借住", "租户"],
    },
    EDUCATION: {
        Education.NONE: ["无", "文盲", "未上学", "不识字"],
        Education.PRIMARY: ["小学"],
        Education.JUNIOR: ["初中"],
        Education.SENIOR: ["高中", "中专", "职高", "技校", "高中/中专"],
        Education.COLLEGE: ["大专", "专科"],
        Education.BACHELOR: ["本科", "大学本科", "大学"],
        Education.POSTGRADUATE: ["研究生", "硕士", "博士"],
    },
    EMPLOYMENT: {
        Employment.EMPLOYED: ["在业", "就业", "在职", "务工", "务农"],
        Employment.UNEMPLOYED: ["失业", "无业", "待业"],
        Employment.RETIRED: ["退休", "离退休", "离休"],
        Employment.STUDENT: ["学生", "在校学生", "在校"],
        Employment.OTHER: ["其他"],
    },
    POLITICAL: {
        PoliticalStatus.MASSES: ["群众"],
        PoliticalStatus.PARTY_MEMBER: ["中共党员", "党员"],
        PoliticalStatus.PROBATIONARY: ["中共预备党员", "预备党员"],
        PoliticalStatus.LEAGUE_MEMBER: ["共青团员", "团员"],
        PoliticalStatus.OTHER_PARTY: ["民主党派", "民主党派成员"],
    },
    MARITAL: {
        MaritalStatus.SINGLE: ["未婚"],
        MaritalStatus.MARRIED: ["已婚", "初婚", "再婚"],
        MaritalStatus.DIVORCED: ["离婚", "离异"],
        MaritalStatus.WIDOWED: ["丧偶"],
    },
    KIND: {HouseholdKind.URBAN: ["城镇", "城市", "非农业"], HouseholdKind.RURAL: ["农村", "农业"]},
}
CHOICE_FIELDS = {
    RELATION: "relation_to_head",
    EDUCATION: "education",
    EMPLOYMENT: "employment",
    POLITICAL: "political_status",
    MARITAL: "marital_status",
}
FLAG_FIELDS = {
    ALONE: "lives_alone",
    VETERAN: "is_veteran",
    LEFT_BEHIND: "is_left_behind_child",
    LOW_INCOME: "is_low_income",
}
YES_WORDS = {"是", "有", "√", "✓", "y", "yes", "true", "1"}
NO_WORDS = {"否", "无", "×", "n", "no", "false", "0"}
DISABILITY_WORDS = {"一级": 1, "二级": 2, "三级": 3, "四级": 4}
NO_DISABILITY_WORDS = {"无", "否", "没有"}

NAME_MAX, ETHNICITY_MAX, ADDRESS_MAX = 64, 16, 255
EXISTING_LOOKUP_CHUNK = 10_000
SAVE_BATCH = 1_000
PROGRESS_EVERY = 2_000


def _lookup_table(words_by_value, choices):
    table = {}
    for value, label in choices.choices:
        table[str(value).lower()] = value
        table[str(label).lower()] = value  # the English label: the lazy string's msgid
    for value, words in words_by_value.items():
        for word in words:
            table[word.lower()] = value
    return table


CHOICE_TABLES = {
    RELATION: _lookup_table(CHOICE_WORDS[RELATION], Relation),
    EDUCATION: _lookup_table(CHOICE_WORDS[EDUCATION], Education),
    EMPLOYMENT: _lookup_table(CHOICE_WORDS[EMPLOYMENT], Employment),
    POLITICAL: _lookup_table(CHOICE_WORDS[POLITICAL], PoliticalStatus),
    MARITAL: _lookup_table(CHOICE_WORDS[MARITAL], MaritalStatus),
    KIND: _lookup_table(CHOICE_WORDS[KIND], HouseholdKind),
}


def accepted_words():
    """For the upload page: which words each choice column accepts."""
    return {header: [words[0] for words in CHOICE_WORDS[header].values()] for header in CHOICE_WORDS}


def template_workbook():
    """The empty template; the ID and phone columns are text so Excel keeps every digit."""
    content = write_workbook(HEADERS, [], title="居民")
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.active
    for header in (ID_NUMBER, PHONE, MOVED_IN):
        letter = get_column_letter(HEADERS.index(header) + 1)
        sheet.column_dimensions[letter].number_format = "@"
        sheet.column_dimensions[letter].width = 22
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- reading and checking rows -------------------------------------------------------------------


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class CleanRow:
    number: int
    name: str
    id_number: str
    id_hash: str
    phone: str
    address: str
    kind: str
    fields: dict


@dataclass
class ValidationOutcome:
    total: int = 0
    good: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    @property
    def bad_row_count(self):
        return len({error.row for error in self.errors})


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel stores typed numbers as floats
    return str(value).strip()


def _choice(header, raw):
    text = _text(raw)
    if not text:
        return None
    value = CHOICE_TABLES[header].get(text.lower())
    if value is None:
        raise ValidationError(_("Unknown value “%(value)s”.") % {"value": text})
    return str(value)


def _flag(raw):
    if isinstance(raw, bool):
        return raw
    text = _text(raw).lower()
    if not text or text in NO_WORDS:
        return False
    if text in YES_WORDS:
        return True
    raise ValidationError(_("Write 是 or 否, not “%(value)s”.") % {"value": _text(raw)})


def _disability(raw):
    text = _text(raw)
    if not text or text in NO_DISABILITY_WORDS:
        return None
    grade = DISABILITY_WORDS.get(text)
    if grade is None:
        digits = text.removesuffix("级")
        grade = int(digits) if digits.isdigit() else None
    if grade not in range(1, 5):
        raise ValidationError(_("Disability grades run from 1 to 4."))
    return grade


DATE_PATTERN = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")


def _date(raw):
    if raw in (None, ""):
        return None
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    text = _text(raw)
    match = DATE_PATTERN.match(text) or re.match(r"^(\d{4})(\d{2})(\d{2})$", text)
    try:
        if match is None:
            raise ValueError(text)
        return datetime.date(*(int(part) for part in match.groups()))
    except ValueError as error:
        raise ValidationError(_("Write the date as 2024-03-01, not “%(value)s”.") % {"value": text}) from error


def _canonical(values):
    """Row values keyed by our headers, whichever accepted alias the file used."""
    for alias, header in HEADER_ALIASES.items():
        if alias in values and header not in values:
            values[header] = values[alias]
    return values


def check_row(row):
    """One row against the service's rules; returns (CleanRow or None, [RowError])."""
    values = _canonical(row.values)
    errors = []

    def fail(column, error):
        for message in error.messages if isinstance(error, ValidationError) else [str(error)]:
            errors.append(RowError(row.number, column, message))

    name = _text(values.get(NAME))
    if len(name) > NAME_MAX:
        fail(NAME, ValidationError(_("Names have at most %(count)s characters.") % {"count": NAME_MAX}))
    fields = {}
    try:
        fields["relation_to_head"] = _choice(RELATION, values.get(RELATION)) or Relation.OTHER.value
    except ValidationError as error:
        fail(RELATION, error)
    for header, name_of_field in CHOICE_FIELDS.items():
        if header == RELATION:
            continue
        try:
            value = _choice(header, values.get(header))
        except ValidationError as error:
            fail(header, error)
            continue
        if value is not None:
            fields[name_of_field] = value
    for header, name_of_field in FLAG_FIELDS.items():
        try:
            fields[name_of_field] = _flag(values.get(header))
        except ValidationError as error:
            fail(header, error)
    try:
        fields["disability_grade"] = _disability(values.get(DISABILITY))
    except ValidationError as error:
        fail(DISABILITY, error)
    try:
        fields["moved_in_on"] = _date(values.get(MOVED_IN))
    except ValidationError as error:
        fail(MOVED_IN, error)
    ethnicity = _text(values.get(ETHNICITY))
    if len(ethnicity) > ETHNICITY_MAX:
        fail(ETHNICITY, ValidationError(_("At most %(count)s characters.") % {"count": ETHNICITY_MAX}))
    fields["ethnicity"] = ethnicity
    try:
        validate_resident_fields({"name": name})
    except ValidationError as error:
        fail(NAME, error)
    kind = HouseholdKind.URBAN.value
    try:
        kind = _choice(KIND, values.get(KIND)) or kind
    except ValidationError as error:
        fail(KIND, error)
    address = _text(values.get(ADDRESS))
    if len(address) > ADDRESS_MAX:
        fail(ADDRESS, ValidationError(_("At most %(count)s characters.") % {"count": ADDRESS_MAX}))
    number = id_hash = ""
    raw_number = values.get(ID_NUMBER)
    try:
        if isinstance(raw_number, float) and raw_number >= 1e14:
            # Excel keeps 15 significant digits of a number: the last digits of the ID are already lost.
            raise ValidationError(
                _("Excel turned this ID number into a number and lost digits: format the column as text.")
            )
        number = parse_id_number(_text(raw_number)).number
        id_hash = lookup_hash(number)
    except ValidationError as error:
        fail(ID_NUMBER, error)
    phone = ""
    try:
        phone = normalise_phone(_text(values.get(PHONE)))
    except ValidationError as error:
        fail(PHONE, error)
    if errors:
        return None, errors
    return CleanRow(row.number, name, number, id_hash, phone, address, kind, fields), []


def _unit_stand_in(unit, full_names):
    """What existing_resident_message needs of an org unit, with the full name computed once per unit."""
    if unit.pk not in full_names:
        full_names[unit.pk] = unit.full_name
    return SimpleNamespace(pk=unit.pk, path=unit.path, full_name=full_names[unit.pk])


def validate_rows(rows, *, org_unit, user, progress=None):
    """Check every row; nothing is written. `progress(done)` is called now and then."""
    check_community(user, org_unit)
    outcome = ValidationOutcome()
    candidates, seen = [], {}
    for row in rows:
        outcome.total += 1
        clean, errors = check_row(row)
        if errors:
            outcome.errors.extend(errors)
        elif clean.id_hash in seen:
            message = _("The same ID number as row %(row)s of this file.") % {"row": seen[clean.id_hash]}
            outcome.errors.append(RowError(row.number, ID_NUMBER, message))
        else:
            seen[clean.id_hash] = row.number
            candidates.append(clean)
        if progress and outcome.total % PROGRESS_EVERY == 0:
            progress(outcome.total)

    registered = _registered(list(seen), user)
    households = _households_by_address(org_unit, {clean.address for clean in candidates if clean.address})
    heads = {address: None for address, (_pk, head_id) in households.items() if head_id}
    for clean in candidates:
        if clean.id_hash in registered:
            outcome.errors.append(RowError(clean.number, ID_NUMBER, registered[clean.id_hash]))
            continue
        if clean.fields["relation_to_head"] == Relation.HEAD and clean.address:
            if clean.address in heads:
                earlier = heads[clean.address]
                message = (
                    _("The household at this address already has a head.")
                    if earlier is None
                    else _("Row %(row)s is already the head of the household at this address.") % {"row": earlier}
                )
                outcome.errors.append(RowError(clean.number, RELATION, message))
                continue
            heads[clean.address] = clean.number
        outcome.good.append(clean)
    outcome.errors.sort(key=lambda error: (error.row, HEADERS.index(error.column)))
    return outcome


def _registered(hashes, user):
    """ID hashes already in the city → the service's message for each (where, to those allowed)."""
    found = []
    for start in range(0, len(hashes), EXISTING_LOOKUP_CHUNK):
        chunk = hashes[start : start + EXISTING_LOOKUP_CHUNK]
        found.extend(
            Resident.objects.filter(id_number_hash__in=chunk).values_list("id_number_hash", "name", "org_unit_id")
        )
    units = OrgUnit.objects.in_bulk({unit_id for _hash, _name, unit_id in found})
    full_names = {}
    return {
        id_hash: existing_resident_message(
            SimpleNamespace(name=name, org_unit=_unit_stand_in(units[unit_id], full_names)), user
        )
        for id_hash, name, unit_id in found
    }


def _households_by_address(org_unit, addresses):
    """Existing households of the community at these addresses: address → (pk, head_id); oldest first wins."""
    found = {}
    rows = Household.objects.filter(org_unit=org_unit, address__in=addresses).order_by("pk")
    for pk, address, head_id in rows.values_list("pk", "address", "head_id"):
        found.setdefault(address, (pk, head_id))
    return found


# --- saving --------------------------------------------------------------------------------------


@dataclass
class SaveOutcome:
    created: int
    households_created: int


def save_rows(good, *, org_unit, user, total_rows, bad_rows, file_name="", progress=None):
    """Create the residents of rows that passed validation, in one transaction, with one audit entry."""
    check_community(user, org_unit)
    with transaction.atomic():
        households = {address: pk for address, (pk, _head) in _households_by_address(
            org_unit, {clean.address for clean in good if clean.address}
        ).items()}  # fmt: skip
        kinds = {}
        for clean in good:
            if clean.address and clean.address not in households:
                kinds.setdefault(clean.address, clean.kind)
        new_households = Household.objects.bulk_create(
            [Household(org_unit=org_unit, address=address, kind=kind) for address, kind in kinds.items()],
            batch_size=SAVE_BATCH,
        )
        households.update({household.address: household.pk for household in new_households})
        created, households_with_new_head = 0, set()
        for start in range(0, len(good), SAVE_BATCH):
            batch = []
            for clean in good[start : start + SAVE_BATCH]:
                resident = Resident(
                    org_unit=org_unit,
                    name=clean.name,
                    household_id=households.get(clean.address) if clean.address else None,
                    created_by=user,
                    **clean.fields,
                )
                set_identity(resident, clean.id_number, clean.phone)
                batch.append(resident)
            Resident.objects.bulk_create(batch)
            households_with_new_head.update(
                resident.household_id
                for resident in batch
                if resident.relation_to_head == Relation.HEAD and resident.household_id
            )
            created += len(batch)
            if progress:
                progress(created)
        # One UPDATE with a correlated subquery: bulk_update's CASE over thousands of rows took
        # a sixth of the saving time.
        first_head = Resident.objects.filter(household=OuterRef("pk"), relation_to_head=Relation.HEAD).order_by("pk")
        Household.objects.filter(pk__in=list(households_with_new_head), head__isnull=True).update(
            head=Subquery(first_head.values("pk")[:1])
        )
        record_audit(
            "resident.import",
            actor=user,
            org_unit=org_unit,
            detail={
                "file": file_name,
                "rows": total_rows,
                "created": created,
                "bad_rows": bad_rows,
                "households_created": len(new_households),
            },
        )
    return SaveOutcome(created=created, households_created=len(new_households))


# --- the upload between the two steps ------------------------------------------------------------

STORAGE_DIRECTORY = "datacenter-imports"
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{32}$")


class ImportStatus:
    VALIDATING = "validating"
    VALIDATED = "validated"
    SAVING = "saving"
    DONE = "done"
    FAILED = "failed"
    WORKING = {VALIDATING, SAVING}


@dataclass
class ImportBatch:
    """One upload and where it stands; persisted as JSON beside the workbook."""

    token: str
    user_id: int
    org_unit_id: int
    file_name: str
    status: str = ImportStatus.VALIDATING
    total_rows: int = 0
    processed_rows: int = 0
    good_rows: int = 0
    bad_rows: int = 0
    created: int = 0
    households_created: int = 0
    message: str = ""
    created_at: str = ""

    @staticmethod
    def path(token, name):
        return f"{STORAGE_DIRECTORY}/{token}/{name}"

    @classmethod
    def load(cls, token):
        if not TOKEN_PATTERN.match(token or ""):
            return None
        try:
            with default_storage.open(cls.path(token, "state.json"), "rb") as handle:
                return cls(**json.loads(handle.read()))
        except (FileNotFoundError, OSError, ValueError):
            return None

    @classmethod
    def for_user(cls, token, user):
        batch = cls.load(token)
        return batch if batch is not None and batch.user_id == user.pk else None

    def save(self):
        _write(self.path(self.token, "state.json"), json.dumps(asdict(self)).encode())

    def update(self, **changes):
        for name, value in changes.items():
            setattr(self, name, value)
        self.save()

    def write_errors(self, errors):
        _write(self.path(self.token, "errors.json"), json.dumps([asdict(error) for error in errors]).encode())

    def read_errors(self):
        try:
            with default_storage.open(self.path(self.token, "errors.json"), "rb") as handle:
                return [RowError(**error) for error in json.loads(handle.read())]
        except FileNotFoundError:
            return []

    def open_workbook(self):
        return default_storage.open(self.path(self.token, "upload.xlsx"), "rb")

    @property
    def is_working(self):
        return self.status in ImportStatus.WORKING

    @property
    def percent(self):
        whole = self.good_rows if self.status == ImportStatus.SAVING else self.total_rows
        return min(100, round(100 * self.processed_rows / whole)) if whole else None


def _write(name, content):
    """Replace a stored file; atomically where the storage is a local directory."""
    try:
        target = default_storage.path(name)
    except NotImplementedError:  # object storage: its save overwrites
        default_storage.delete(name)
        default_storage.save(name, ContentFile(content))
        return
    os.makedirs(os.path.dirname(target), exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=os.path.dirname(target))
    with os.fdopen(handle, "wb") as stream:
        stream.write(content)
    os.replace(temporary, target)


def start_import(uploaded, *, org_unit, user):
    """Keep the upload under a new token and start the validation job; returns the batch."""
    check_community(user, org_unit)
    token = secrets.token_urlsafe(24)
    batch = ImportBatch(
        token=token,
        user_id=user.pk,
        org_unit_id=org_unit.pk,
        file_name=os.path.basename(getattr(uploaded, "name", "") or "")[:200],
        created_at=timezone.now().isoformat(),
    )
    uploaded.seek(0)
    _write(batch.path(token, "upload.xlsx"), uploaded.read())
    batch.save()
    validate_import.enqueue(token)
    return batch


def _context(batch):
    user = get_user_model().objects.get(pk=batch.user_id)
    return user, OrgUnit.objects.get(pk=batch.org_unit_id)


def _validate(batch, user, org_unit, progress):
    with batch.open_workbook() as handle:
        return validate_rows(
            read_rows(handle, required_headers=REQUIRED_HEADERS), org_unit=org_unit, user=user, progress=progress
        )


@task()
def validate_import(token):
    batch = ImportBatch.load(token)
    user, org_unit = _context(batch)
    try:
        outcome = _validate(batch, user, org_unit, lambda done: batch.update(processed_rows=done))
    except SpreadsheetError as error:
        batch.update(status=ImportStatus.FAILED, message=str(error))
        return batch.status
    except Exception:
        batch.update(status=ImportStatus.FAILED, message=_("The file could not be checked. Nothing was saved."))
        raise
    batch.write_errors(outcome.errors)
    batch.update(
        status=ImportStatus.VALIDATED,
        total_rows=outcome.total,
        processed_rows=outcome.total,
        good_rows=len(outcome.good),
        bad_rows=outcome.bad_row_count,
    )
    return batch.status


def confirm_import(batch):
    """Start saving the good rows of a validated batch (once)."""
    if batch.status != ImportStatus.VALIDATED or not batch.good_rows:
        return False
    batch.update(status=ImportStatus.SAVING, processed_rows=0)
    save_import.enqueue(batch.token)
    return True


@task()
def save_import(token):
    """Validate again (the database may have changed since) and save the rows that are still good."""
    batch = ImportBatch.load(token)
    user, org_unit = _context(batch)
    try:
        outcome = _validate(batch, user, org_unit, None)
        saved = save_rows(
            outcome.good,
            org_unit=org_unit,
            user=user,
            total_rows=outcome.total,
            bad_rows=outcome.bad_row_count,
            file_name=batch.file_name,
            progress=lambda done: batch.update(processed_rows=done),
        )
    except (IntegrityError, ValidationError, SpreadsheetError):
        batch.update(
            status=ImportStatus.FAILED,
            message=_(
                "Some residents were registered by someone else during the import. Nothing was saved; "
                "upload the file again."
            ),  # fmt: skip
        )
        return batch.status
    except Exception:
        batch.update(status=ImportStatus.FAILED, message=_("The import failed. Nothing was saved."))
        raise
    batch.write_errors(outcome.errors)
    batch.update(
        status=ImportStatus.DONE,
        created=saved.created,
        households_created=saved.households_created,
        good_rows=len(outcome.good),
        bad_rows=outcome.bad_row_count,
        processed_rows=saved.created,
    )
    default_storage.delete(batch.path(token, "upload.xlsx"))
    return batch.status

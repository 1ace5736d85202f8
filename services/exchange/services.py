"""Changes made through the exchange: partners and their tokens, flag updates from partners (one at a
time from the API, or a whole file), and exports of a partner's scoped residents.

Flag updates go through the data centre's `update_resident`, so the API, the batch file and the
staff screens share one set of rules. Every change writes the audit log.
"""

import csv
import datetime
import io
import secrets
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.audit.services import record_audit
from cms.spreadsheets import SpreadsheetError, read_rows, write_workbook
from services.datacenter.services import update_resident
from services.exchange.models import ExchangePartner, Operation, PartnerToken, hash_token

TOKEN_PREFIX = "cx_"
DEFAULT_TOKEN_DAYS = 365

# Resident fields a partner with write_resident_flags may change, and how each value is read.
BOOLEAN_FLAGS = ("is_low_income", "lives_alone", "is_veteran", "is_left_behind_child")
WRITABLE_FLAGS = (*BOOLEAN_FLAGS, "disability_grade")

TRUE_WORDS = {"true", "1", "yes", "y", "是"}
FALSE_WORDS = {"false", "0", "no", "n", "否"}


class TokenRejected(Exception):
    """The presented token is unknown, revoked, expired, or its partner is inactive."""


# ---------------------------------------------------------------- partners and tokens
def check_operations(operations):
    unknown = set(operations) - set(Operation.values)
    if unknown:
        raise ValidationError({"operations": _("Unknown operations: %(names)s") % {"names": sorted(unknown)}})
    return sorted(set(operations))


@transaction.atomic
def create_partner(*, name, org_unit, operations, contact="", actor=None):
    partner = ExchangePartner.objects.create(
        name=name, org_unit=org_unit, operations=check_operations(operations), contact=contact
    )
    record_audit("exchange.partner_create", actor=actor, obj=partner, org_unit=org_unit)
    return partner


@transaction.atomic
def issue_token(partner, *, actor=None, label="", days=DEFAULT_TOKEN_DAYS):
    """Return (token row, clear token). The clear token is not stored: show it once."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = PartnerToken.objects.create(
        partner=partner,
        label=label,
        prefix=raw[:10],
        token_hash=hash_token(raw),
        created_by=actor if actor is not None and actor.is_authenticated else None,
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    record_audit(
        "exchange.token_issue",
        actor=actor,
        obj=partner,
        org_unit=partner.org_unit,
        detail={"partner": partner.name, "token": token.prefix, "expires_at": token.expires_at.isoformat()},
    )
    return token, raw


@transaction.atomic
def revoke_token(token, *, actor=None):
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record_audit(
            "exchange.token_revoke",
            actor=actor,
            obj=token.partner,
            org_unit=token.partner.org_unit,
            detail={"partner": token.partner.name, "token": token.prefix},
        )
    return token


def authenticate_token(raw):
    """The usable PartnerToken for a clear token (its last use is recorded), or TokenRejected."""
    if not raw:
        raise TokenRejected
    token = PartnerToken.objects.select_related("partner__org_unit").filter(token_hash=hash_token(raw)).first()
    if token is None or not token.is_usable or not token.partner.is_active:
        raise TokenRejected
    now = timezone.now()
    PartnerToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
    return token


# ---------------------------------------------------------------- flags
def parse_flags(raw):
    """Validate a partner's flag values; return {field: value} or raise ValidationError per field."""
    if not isinstance(raw, dict) or not raw:
        raise ValidationError({"flags": _("Send at least one flag to change.")})
    errors, flags = {}, {}
    for name, value in raw.items():
        if name not in WRITABLE_FLAGS:
            errors[name] = _("This field cannot be changed through the exchange.")
        elif name in BOOLEAN_FLAGS:
            parsed = parse_boolean(value)
            if parsed is None:
                errors[name] = _("Enter true or false.")
            else:
                flags[name] = parsed
        else:
            parsed = parse_grade(value)
            if parsed is False:
                errors[name] = _("Disability grades run from 1 to 4; empty if none.")
            else:
                flags[name] = parsed
    if errors:
        raise ValidationError(errors)
    return flags


def parse_boolean(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = str(value if value is not None else "").strip().lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    return None


def parse_grade(value):
    """None for 'no disability', 1–4, or False when the value is not a grade."""
    if value is None or str(value).strip() == "":
        return None
    if isinstance(value, bool):
        return False
    try:
        number = float(str(value).strip())
    except ValueError:
        return False
    return int(number) if number.is_integer() and int(number) in range(1, 5) else False


def update_flags(partner, resident, raw_flags):
    """Apply a partner's flag changes to one resident in its scope, through the data-centre service."""
    flags = parse_flags(raw_flags)
    return update_resident(resident, actor=None, **flags)


# ---------------------------------------------------------------- batch files
ID_COLUMN = "resident_id"
EXPORT_HEADERS = [
    "resident_id", "name", "id_number", "gender", "community_code", "community", "household_id", "status",
    *WRITABLE_FLAGS,
]  # fmt: skip


@dataclass
class ImportReport:
    rows: int = 0
    saved: int = 0
    errors: list = field(default_factory=list)  # (row number, {field: message})

    @property
    def ok(self):
        return not self.errors


def rows_of_file(uploaded, filename):
    """SheetRow-like (number, values) pairs from an .xlsx or .csv upload."""
    if filename.lower().endswith(".csv"):
        raw = uploaded.read()
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
        reader = csv.DictReader(io.StringIO(text))
        if ID_COLUMN not in (reader.fieldnames or []):
            raise SpreadsheetError(_("Missing columns: %(columns)s.") % {"columns": ID_COLUMN})
        return [
            (number, {key.strip(): value for key, value in row.items() if key})
            for number, row in enumerate(reader, start=2)
            if any((value or "").strip() for value in row.values() if isinstance(value, str))
        ]
    return [(row.number, row.values) for row in read_rows(uploaded, required_headers=[ID_COLUMN])]


def import_flag_file(partner, uploaded, filename, *, actor=None, commit=True):
    """Check every row of a partner's flag file; save the good rows (when `commit`), report the bad ones.

    A row is bad when its resident is unknown or outside the partner's scope, or a value is invalid;
    a bad row changes nothing. Cells left empty are left unchanged (except disability_grade, whose
    column must then be absent to leave it alone).
    """
    from services.exchange.selectors import residents_for_partner

    if not partner.may(Operation.WRITE_RESIDENT_FLAGS):
        raise ValidationError(_("This partner may not update resident flags."))
    rows = rows_of_file(uploaded, filename)
    report = ImportReport(rows=len(rows))
    ids = {str(values.get(ID_COLUMN) or "").strip().split(".")[0] for _number, values in rows}
    residents = residents_for_partner(partner).in_bulk([int(value) for value in ids if value.isdigit()])
    planned = []
    for number, values in rows:
        key = str(values.get(ID_COLUMN) or "").strip().split(".")[0]
        resident = residents.get(int(key)) if key.isdigit() else None
        if resident is None:
            report.errors.append((number, {ID_COLUMN: _("No resident with this number in your scope.")}))
            continue
        raw = {name: values[name] for name in WRITABLE_FLAGS if name in values}
        raw = {
            name: value
            for name, value in raw.items()
            if name == "disability_grade" or (value is not None and str(value).strip() != "")
        }
        try:
            planned.append((resident, parse_flags(raw)))
        except ValidationError as error:
            report.errors.append((number, {name: " ".join(messages) for name, messages in error.message_dict.items()}))
    if commit:
        with transaction.atomic():
            for resident, flags in planned:
                update_resident(resident, actor=None, **flags)
                report.saved += 1
            record_audit(
                "exchange.batch_import",
                actor=actor,
                obj=partner,
                org_unit=partner.org_unit,
                success=report.ok,
                detail={"partner": partner.name, "file": filename, "rows": report.rows, "saved": report.saved,
                        "bad_rows": [number for number, _errors in report.errors]},
            )  # fmt: skip
    return report


def export_rows(partner, residents):
    full = partner.may(Operation.FULL_IDENTIFIERS)
    for resident in residents:
        yield [
            resident.pk,
            resident.name,
            resident.id_number if full else resident.id_number_masked,
            resident.gender,
            resident.org_unit.code,
            resident.org_unit.name,
            resident.household_id or "",
            resident.status,
            *(getattr(resident, name) if getattr(resident, name) is not None else "" for name in WRITABLE_FLAGS),
        ]


@transaction.atomic
def export_residents(partner, *, file_format="xlsx", actor=None):
    """Bytes of a partner's scoped residents as .xlsx or .csv (full numbers only with the grant, audited)."""
    from services.exchange.selectors import residents_for_partner

    if not partner.may(Operation.READ_RESIDENTS):
        raise ValidationError(_("This partner may not read residents."))
    residents = list(residents_for_partner(partner).order_by("pk"))
    if file_format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(EXPORT_HEADERS)
        writer.writerows(export_rows(partner, residents))
        content = buffer.getvalue().encode("utf-8-sig")  # with a BOM, so Excel reads the Chinese names
    else:
        content = write_workbook(EXPORT_HEADERS, export_rows(partner, residents), title="residents")
    record_audit(
        "exchange.batch_export",
        actor=actor,
        obj=partner,
        org_unit=partner.org_unit,
        detail={
            "partner": partner.name,
            "rows": len(residents),
            "format": file_format,
            "full_identifiers": partner.may(Operation.FULL_IDENTIFIERS),
        },
    )
    return content

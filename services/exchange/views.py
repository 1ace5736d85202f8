"""The exchange API (/api/exchange/v1/): JSON over HTTPS with a Bearer token, for partner systems.

Every endpoint goes through `exchange_endpoint`, which authenticates the token (never a cookie
session), checks the operation was granted, applies the rate limit, turns errors into
{"error": {"code", "message", "fields"}} and writes one audit entry per call, success or failure.
The views themselves only parse input and call selectors and services.
"""

import datetime
import json
import unicodedata
from functools import wraps

from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from cms.audit.services import record_audit
from cms.spreadsheets import SpreadsheetError
from services.datacenter.models import ResidentStatus
from services.datacenter.selectors import with_id_number
from services.exchange import services
from services.exchange.models import Operation
from services.exchange.openapi import openapi_document
from services.exchange.selectors import households_for_partner, residents_for_partner
from services.exchange.throttling import take_call

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


class ExchangeError(Exception):
    def __init__(self, status, code, message, fields=None, headers=None):
        super().__init__(message)
        self.status, self.code, self.message = status, code, str(message)
        self.fields = fields or {}
        self.headers = headers or {}


def error_response(error):
    body = {"error": {"code": error.code, "message": error.message, "fields": error.fields}}
    response = JsonResponse(body, status=error.status, json_dumps_params={"ensure_ascii": False})
    for name, value in error.headers.items():
        response[name] = value
    return response


def invalid(error):
    """A service's ValidationError as a 400 with per-field messages."""
    fields = (
        {name: " ".join(messages) for name, messages in error.message_dict.items()}
        if hasattr(error, "error_dict")
        else {}
    )
    return ExchangeError(400, "invalid", _("The request has invalid values."), fields=fields or None)


def not_found():
    return ExchangeError(404, "not_found", _("No such record in your scope."))


class Call:
    """What one API call did, for its audit entry."""

    def __init__(self, request, operation):
        self.request, self.operation = request, operation
        self.partner = self.token = self.obj = None
        self.detail = {}

    def audit(self, *, success, error=None):
        detail = {"method": self.request.method, "path": self.request.path, **self.detail}
        if self.partner is not None:
            detail.update(partner=self.partner.name, partner_id=self.partner.pk, token=self.token.prefix)
        if error is not None:
            detail["error"] = error
        record_audit(
            f"exchange.{self.operation}",
            obj=self.obj,
            org_unit=getattr(self.obj, "org_unit", None) or (self.partner.org_unit if self.partner else None),
            success=success,
            detail=detail,
        )


def bearer_token(request):
    header = request.headers.get("Authorization", "")
    scheme, _space, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" else ""


def exchange_endpoint(operation, method):
    def decorate(view):
        @csrf_exempt  # safe: only a Bearer header authenticates, which browsers never send on their own
        @wraps(view)
        def endpoint(request, **kwargs):
            call = Call(request, operation)
            try:
                if request.method != method:
                    raise ExchangeError(405, "method_not_allowed", _("Use %(method)s.") % {"method": method})
                try:
                    call.token = services.authenticate_token(bearer_token(request))
                except services.TokenRejected as error:
                    raise ExchangeError(
                        401,
                        "unauthorized",
                        _("Send a valid, unexpired token: Authorization: Bearer <token>."),
                        headers={"WWW-Authenticate": 'Bearer realm="exchange"'},
                    ) from error
                call.partner = call.token.partner
                if not call.partner.may(operation):
                    raise ExchangeError(403, "forbidden", _("Your organisation may not use this operation."))
                retry_after = take_call(call.token.pk)
                if retry_after:
                    raise ExchangeError(
                        429,
                        "rate_limited",
                        _("Too many requests. Try again in %(seconds)s seconds.") % {"seconds": retry_after},
                        headers={"Retry-After": str(retry_after)},
                    )
                payload = view(request, call, **kwargs)
            except ExchangeError as error:
                call.audit(success=False, error=error.code)
                response = error_response(error)
                if error.status == 405:
                    response["Allow"] = method
                return private(response)
            call.audit(success=True)
            if isinstance(payload, HttpResponse):  # a file download
                return private(payload)
            return private(JsonResponse(payload, json_dumps_params={"ensure_ascii": False}))

        return endpoint

    return decorate


def private(response):
    # Partner data must never land in the public page cache (cms.page_cache) or any shared cache.
    patch_cache_control(response, private=True, no_store=True)
    return response


def json_body(request):
    if request.content_type != "application/json":
        raise ExchangeError(400, "invalid", _("Send a JSON body with Content-Type: application/json."))
    try:
        body = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError) as error:
        raise ExchangeError(400, "invalid", _("The body is not valid JSON.")) from error
    if not isinstance(body, dict):
        raise ExchangeError(400, "invalid", _("The body must be a JSON object."))
    return body


# ---------------------------------------------------------------- representations
def resident_data(resident, *, full):
    data = {
        "id": resident.pk,
        "name": resident.name,
        "id_number": resident.id_number if full else resident.id_number_masked,
        "phone": resident.phone if full else resident.phone_masked,
        "gender": resident.gender,
        "community": {"code": resident.org_unit.code, "name": resident.org_unit.name},
        "household_id": resident.household_id,
        "relation_to_head": resident.relation_to_head,
        "status": resident.status,
        "flags": {name: getattr(resident, name) for name in services.WRITABLE_FLAGS},
        "updated_at": resident.updated_at.isoformat(),
    }
    if full:
        data["birth_date"] = resident.birth_date.isoformat()
    return data


# ---------------------------------------------------------------- endpoints
def parse_positive(value, default, *, name, maximum=None):
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise ExchangeError(
            400, "invalid", _("The request has invalid values."), {name: _("Enter a whole number ≥ 1.")}
        )
    return min(number, maximum) if maximum else number


def filter_residents(residents, params):
    errors = {}
    if params.get("community"):
        residents = residents.filter(org_unit__code=params["community"])
    if params.get("status"):
        if params["status"] not in ResidentStatus.values:
            errors["status"] = _("Use one of: %(values)s.") % {"values": ", ".join(ResidentStatus.values)}
        residents = residents.filter(status=params["status"])
    if params.get("updated_since"):
        moment = parse_datetime(params["updated_since"])
        if moment is None:
            errors["updated_since"] = _("Use an ISO 8601 date-time, e.g. 2025-01-31T08:00:00+08:00.")
        else:
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=datetime.UTC)
            residents = residents.filter(updated_at__gte=moment)
    for name in services.BOOLEAN_FLAGS:
        if params.get(name):
            value = services.parse_boolean(params[name])
            if value is None:
                errors[name] = _("Enter true or false.")
            residents = residents.filter(**{name: bool(value)})
    if params.get("id_number"):
        try:
            residents = with_id_number(residents, params["id_number"])
        except ValidationError as error:
            errors["id_number"] = " ".join(error.messages)
    if errors:
        raise ExchangeError(400, "invalid", _("The request has invalid values."), fields=errors)
    return residents


@exchange_endpoint(Operation.READ_RESIDENTS, "GET")
def residents(request, call):
    errors = {}  # report every bad parameter at once
    try:
        residents = filter_residents(residents_for_partner(call.partner), request.GET).order_by("pk")
    except ExchangeError as error:
        errors.update(error.fields)
    try:
        page = parse_positive(request.GET.get("page"), 1, name="page")
        size = parse_positive(request.GET.get("page_size"), DEFAULT_PAGE_SIZE, name="page_size", maximum=MAX_PAGE_SIZE)
    except ExchangeError as error:
        errors.update(error.fields)
    if errors:
        raise ExchangeError(400, "invalid", _("The request has invalid values."), fields=errors)
    total = residents.count()
    rows = list(residents[(page - 1) * size : page * size])
    full = call.partner.may(Operation.FULL_IDENTIFIERS)
    call.detail.update(query=request.GET.dict(), count=len(rows))
    if full and rows:
        # Full numbers left the system: a reveal, listed per resident like a staff reveal.
        record_audit(
            "exchange.reveal_identifiers",
            org_unit=call.partner.org_unit,
            detail={"partner": call.partner.name, "resident_ids": [resident.pk for resident in rows]},
        )
        call.detail["revealed"] = True
    return {
        "count": total,
        "page": page,
        "page_size": size,
        "next_page": page + 1 if page * size < total else None,
        "results": [resident_data(resident, full=full) for resident in rows],
    }


def same_name(first, second):
    def normal(text):
        return "".join(unicodedata.normalize("NFKC", str(text or "")).split())

    return bool(normal(first)) and normal(first) == normal(second)


@exchange_endpoint(Operation.VERIFY_IDENTITY, "POST")
def verify(request, call):
    body = json_body(request)
    errors = {}
    if not str(body.get("name") or "").strip():
        errors["name"] = _("Enter the name.")
    try:
        candidates = with_id_number(residents_for_partner(call.partner), body.get("id_number"))
    except ValidationError as error:
        errors["id_number"] = " ".join(error.messages)
    if errors:
        raise ExchangeError(400, "invalid", _("The request has invalid values."), fields=errors)
    resident = candidates.first()
    # An unknown number, a number outside the scope and a wrong name all answer the same.
    matched = resident is not None and same_name(resident.name, body["name"])
    call.obj = resident if matched else None
    call.detail["match"] = matched
    return {"match": matched, "status": resident.status if matched else "no_match"}


@exchange_endpoint(Operation.READ_HOUSEHOLDS, "GET")
def household(request, call, pk):
    household = households_for_partner(call.partner).filter(pk=pk).first()
    if household is None:
        raise not_found()
    call.obj = household
    house = household.house
    return {
        "id": household.pk,
        "number": household.number,
        "address": household.address,
        "kind": household.kind,
        "community": {"code": household.org_unit.code, "name": household.org_unit.name},
        "house": {"building": house.building.name, "unit": house.unit, "number": house.number} if house else None,
        "head_id": household.head_id,
        "members": [
            {
                "id": member.pk,
                "name": member.name,
                "id_number": member.id_number_masked,
                "gender": member.gender,
                "relation_to_head": member.relation_to_head,
                "status": member.status,
            }
            for member in household.members.all()
        ],
    }


@exchange_endpoint(Operation.WRITE_RESIDENT_FLAGS, "PATCH")
def resident_flags(request, call, pk):
    resident = residents_for_partner(call.partner).filter(pk=pk).first()
    if resident is None:
        raise not_found()
    call.obj = resident
    body = json_body(request)
    try:
        resident = services.update_flags(call.partner, resident, body)
    except ValidationError as error:
        raise invalid(error) from error
    call.detail["flags"] = body
    return {"id": resident.pk, "flags": {name: getattr(resident, name) for name in services.WRITABLE_FLAGS}}


# ---------------------------------------------------------------- batch files
FILE_TYPES = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "csv": "text/csv"}
MAX_FILE_BYTES = 20 * 1024 * 1024


@exchange_endpoint(Operation.WRITE_RESIDENT_FLAGS, "POST")
def resident_flag_file(request, call):
    """A flag file (.xlsx or .csv, multipart field `file`): every row checked; good rows saved unless dry_run."""
    uploaded = request.FILES.get("file")
    if uploaded is None:
        raise ExchangeError(400, "invalid", _("The request has invalid values."), {"file": _("Upload a file.")})
    suffix = uploaded.name.rsplit(".", 1)[-1].lower() if "." in uploaded.name else ""
    if suffix not in FILE_TYPES:
        raise ExchangeError(
            400, "invalid", _("The request has invalid values."), {"file": _("Upload an .xlsx or .csv file.")}
        )
    if uploaded.size > MAX_FILE_BYTES:
        raise ExchangeError(
            400,
            "invalid",
            _("The request has invalid values."),
            {"file": _("The file is larger than %(size)s MB.") % {"size": MAX_FILE_BYTES // 1024 // 1024}},
        )
    dry_run = services.parse_boolean(request.GET.get("dry_run", "false"))
    if dry_run is None:
        raise ExchangeError(
            400, "invalid", _("The request has invalid values."), {"dry_run": _("Enter true or false.")}
        )
    try:
        report = services.import_flag_file(call.partner, uploaded, uploaded.name, commit=not dry_run)
    except SpreadsheetError as error:
        raise ExchangeError(400, "invalid", _("The request has invalid values."), {"file": str(error)}) from error
    except ValidationError as error:
        raise invalid(error) from error
    call.detail.update(file=uploaded.name, rows=report.rows, saved=report.saved, dry_run=dry_run)
    return {
        "rows": report.rows,
        "saved": report.saved,
        "dry_run": dry_run,
        "errors": [
            {"row": number, "fields": {k: str(v) for k, v in fields.items()}} for number, fields in report.errors
        ],
    }


@exchange_endpoint(Operation.READ_RESIDENTS, "GET")
def resident_file(request, call, file_format):
    """All of the partner's residents as one .xlsx or .csv file (masked unless granted full identifiers)."""
    if file_format not in FILE_TYPES:
        raise not_found()
    content = services.export_residents(call.partner, file_format=file_format)
    call.detail.update(format=file_format, bytes=len(content))
    response = HttpResponse(content, content_type=FILE_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="residents.{file_format}"'
    return response


def openapi(request):
    return JsonResponse(openapi_document(), json_dumps_params={"ensure_ascii": False})

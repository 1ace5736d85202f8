"""Excel export of resident lists: masked numbers for everyone, full numbers only with the explicit
permission. Every export writes one audit entry with its row count and filters.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from cms.audit.services import record_audit
from cms.orgs.scoping import org_unit_of
from cms.spreadsheets import write_workbook
from services.datacenter.services import FULL_NUMBER_PERMISSION

# The import template's columns first, so a full export can be edited and imported elsewhere.
EXPORT_HEADERS = [
    "社区", "姓名", "身份证号", "性别", "出生日期", "年龄", "联系电话", "住址", "户别", "与户主关系", "民族",
    "文化程度", "就业状况", "政治面貌", "婚姻状况", "残疾等级", "独居", "退役军人", "留守儿童", "低收入", "状态",
]  # fmt: skip
EXPORT_CHUNK = 2_000


def _yes(value):
    return "是" if value else "否"


def resident_row(resident, *, full):
    household = resident.household
    return [
        resident.org_unit.name,
        resident.name,
        resident.id_number if full else resident.id_number_masked,
        resident.get_gender_display(),
        resident.birth_date if full else resident.birth_date.year,
        resident.age,
        resident.phone if full else resident.phone_masked,
        household.address if household else "",
        household.get_kind_display() if household else "",
        resident.get_relation_to_head_display(),
        resident.ethnicity,
        resident.get_education_display(),
        resident.get_employment_display(),
        resident.get_political_status_display(),
        resident.get_marital_status_display(),
        resident.disability_grade or "",
        _yes(resident.lives_alone),
        _yes(resident.is_veteran),
        _yes(resident.is_left_behind_child),
        _yes(resident.is_low_income),
        resident.get_status_display(),
    ]


def export_residents(residents, *, user, filters, full=False):
    """Workbook bytes of an already scoped and filtered queryset; audited, full numbers only if permitted."""
    action = "resident.export_full" if full else "resident.export"
    if full and not user.has_perm(FULL_NUMBER_PERMISSION):
        record_audit(action, actor=user, org_unit=org_unit_of(user), success=False, detail={"filters": filters})
        raise PermissionDenied(_("You may not export full ID numbers."))
    count = 0

    def rows():
        nonlocal count
        for resident in residents.order_by("org_unit__path", "name", "pk").iterator(chunk_size=EXPORT_CHUNK):
            count += 1
            yield resident_row(resident, full=full)

    content = write_workbook(EXPORT_HEADERS, rows(), title="居民")
    record_audit(action, actor=user, org_unit=org_unit_of(user), detail={"rows": count, "filters": filters})
    return content

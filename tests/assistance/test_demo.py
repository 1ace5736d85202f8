"""The demo hook adds standards and a few cases per community, and adds nothing the second time."""

import datetime

import pytest

from services.assistance.demo import CASES_PER_COMMUNITY, add_demo_assistance
from services.assistance.models import AssistanceCase, CaseStatus, Standard
from tests.assistance.conftest import make_household

pytestmark = pytest.mark.django_db


def test_demo_assistance_is_idempotent(area):
    for _ in range(4):
        make_household(area["heping"], people=[("王芳", datetime.date(1950, 3, 1)), ("李强", None)])
    created = add_demo_assistance()
    assert created["assistance_standards"] == Standard.objects.count() == 6
    assert created["assistance_cases"] == CASES_PER_COMMUNITY
    assert AssistanceCase.objects.filter(status=CaseStatus.ACTIVE).count() == CASES_PER_COMMUNITY - 1
    assert AssistanceCase.objects.filter(status=CaseStatus.APPLYING).count() == 1
    again = add_demo_assistance()
    assert again["assistance_standards"] == 0 and again["assistance_cases"] == 0
    assert AssistanceCase.objects.count() == CASES_PER_COMMUNITY

"""Employers are known by a valid unified social credit code."""

import pytest
from django.core.exceptions import ValidationError

from shebao.people.models import Employer

pytestmark = pytest.mark.django_db


def test_an_employer_with_a_wrong_credit_code_check_character_is_refused(cast):
    employer = Employer(credit_code="91500105203578160A", name="测试公司", home_agency=cast.yuzhong)
    with pytest.raises(ValidationError) as error:
        employer.full_clean()
    assert "credit_code" in error.value.message_dict


def test_an_employer_with_a_valid_credit_code_passes(cast):
    from shebao.people.demo_showcase import SHOWCASE_EMPLOYER_CODE

    Employer(credit_code=SHOWCASE_EMPLOYER_CODE, name="测试公司", home_agency=cast.yuzhong).full_clean()

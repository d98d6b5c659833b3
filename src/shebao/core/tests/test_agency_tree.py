"""The agency tree: province > city > district/county > town/street, one indexed path per subtree."""

import pytest
from django.core.exceptions import ValidationError

from shebao.core.models import Agency, AgencyLevel

pytestmark = pytest.mark.django_db


def test_a_path_lists_the_codes_from_the_root_and_covers_answers_subtree_questions(cast):
    town = Agency(code="500103", name="x", level=AgencyLevel.TOWN, parent=cast.yuzhong)
    assert cast.yuzhong.path == "500000/500103/"
    assert cast.province.covers(cast.yuzhong) and not cast.yuzhong.covers(cast.jiangbei)
    assert not cast.yuzhong.covers(None)
    assert town.parent.root_path == "500000/"


def test_a_district_under_a_province_and_a_town_under_a_district_are_accepted(cast):
    Agency(
        code="500104", name="大渡口区社保中心", level=AgencyLevel.DISTRICT, parent=cast.province
    ).full_clean()
    Agency(code="500103", name="解放碑街道", level=AgencyLevel.TOWN, parent=cast.yuzhong).full_clean(
        validate_unique=False
    )


@pytest.mark.parametrize(
    ("level", "parent_attr"),
    [(AgencyLevel.DISTRICT, None), (AgencyLevel.PROVINCE, "yuzhong"), (AgencyLevel.DISTRICT, "jiangbei")],
)
def test_a_parent_that_is_missing_or_not_above_is_refused(cast, level, parent_attr):
    parent = getattr(cast, parent_attr) if parent_attr else None
    with pytest.raises(ValidationError) as error:
        Agency(code="500199", name="x", level=level, parent=parent).full_clean()
    assert "parent" in error.value.message_dict


def test_an_agency_cannot_be_moved_below_one_of_its_own_towns(cast):
    town = Agency.objects.create(code="500198", name="街道", level=AgencyLevel.TOWN, parent=cast.yuzhong)
    cast.yuzhong.level = AgencyLevel.DISTRICT
    cast.yuzhong.parent = town
    with pytest.raises(ValidationError):
        cast.yuzhong.full_clean()


def test_an_administrative_code_has_six_digits(cast):
    with pytest.raises(ValidationError) as error:
        Agency(code="50010", name="x", level=AgencyLevel.DISTRICT, parent=cast.province).full_clean()
    assert "code" in error.value.message_dict

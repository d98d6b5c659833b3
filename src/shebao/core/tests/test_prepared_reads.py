"""core.prepared: a read compiled once per connection gives what its queryset gives, for every value, in one
statement, and keeps doing so after the connection is replaced."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Exists, OuterRef
from django.test.utils import CaptureQueriesContext

from shebao.core.models import Agency, Outlet, OutletKind, OutletLevel
from shebao.core.prepared import Prepared, keep_as_prefetched

pytestmark = pytest.mark.django_db

AGENCIES = Agency.objects.annotate(has_outlets=Exists(Outlet.objects.filter(agency=OuterRef("pk"))))
OUTLETS = Outlet.objects.select_related("agency").order_by("code")


def fields(obj) -> dict:
    return {k: v for k, v in obj.__dict__.items() if k != "_state"}


def test_each_value_reads_what_the_queryset_reads_with_its_annotations(cast):
    agency = Prepared(AGENCIES, "pk")
    with_outlets = set(Outlet.objects.values_list("agency_id", flat=True))
    for expected in Agency.objects.all():
        (got,) = agency(expected.pk)
        assert fields(got) == fields(AGENCIES.get(pk=expected.pk))
        assert got.has_outlets is (expected.pk in with_outlets)
    assert agency(-1) == []


def test_related_rows_come_with_the_one_statement_and_in_the_queryset_s_order(cast):
    for code in ("CQ-YZ-C009", "CQ-YZ-C001"):  # created out of the queryset's order
        Outlet.objects.create(
            code=code, name=code, agency=cast.yuzhong, level=OutletLevel.COOPERATION, kind=OutletKind.BANK,
            latitude=29.55, longitude=106.57,
        )  # fmt: skip
    outlets_of = Prepared(OUTLETS, "agency_id")
    for agency in Agency.objects.all():
        outlets_of(agency.pk)  # compiled by the first read
        with CaptureQueriesContext(connection) as queries:
            got = outlets_of(agency.pk)
            codes = [(o.code, o.agency.code) for o in got]
        assert len(queries) == 1
        assert codes == [(o.code, o.agency.code) for o in OUTLETS.filter(agency=agency)]


@pytest.mark.django_db(transaction=True)
def test_a_replaced_connection_reads_the_same(cast):
    agency = Prepared(AGENCIES, "pk")
    first = fields(agency(cast.yuzhong.pk)[0])
    connection.close()
    assert fields(agency(cast.yuzhong.pk)[0]) == first


def test_no_value_and_a_value_that_is_not_one_parameter_are_refused(cast):
    with pytest.raises(TypeError):
        Prepared(AGENCIES, "pk")(None)
    twice = Prepared(Agency.objects.filter(pk=-739_104_621), "pk")  # the placeholder's value, already there
    with pytest.raises(ImproperlyConfigured):
        twice(cast.yuzhong.pk)


def test_rows_kept_as_prefetched_are_read_without_a_query(cast):
    agency = Agency.objects.get(pk=cast.yuzhong.pk)
    rows = list(Outlet.objects.filter(agency=agency))
    keep_as_prefetched(agency, "outlets", rows)
    with CaptureQueriesContext(connection) as queries:
        assert list(agency.outlets.all()) == rows
    assert len(queries) == 0

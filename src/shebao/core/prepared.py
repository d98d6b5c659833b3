"""Reads made on every request of a kind (an intake's applicant and their insurance records, the recipient
of its notice), whose SQL is the same each time but for one value: the ORM builds and compiles the query
once per database connection, and each read afterwards only runs that SQL with its own value and makes
the model instances as the queryset would (select_related and annotations included).

Why: building and compiling a queryset is most of the CPU a read costs the app. Measured on PostgreSQL for
the applicant with its two EXISTS: 312 µs a read through the ORM, 78 µs prepared; the cursor's own work is
about 25 µs. Only for querysets whose other parameters are fixed when the queryset is built."""

from __future__ import annotations

import copy
from typing import Generic, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable

M = TypeVar("M", bound=Model)

# Compiled in the value's place, then found among the compiled parameters: where each read puts its own.
_PLACEHOLDER = -739_104_621


class Prepared(Generic[M]):
    """`Prepared(Person.objects.annotate(...), "pk")(42)`: the rows of the queryset filtered by pk=42."""

    def __init__(self, queryset: QuerySet[M], lookup: str):
        self._queryset, self._lookup = queryset, lookup

    def __call__(self, value) -> list[M]:
        if value is None:  # compiles to IS NULL, another statement: not this one's
            raise TypeError("a prepared read needs a value")
        connection = connections[self._queryset.db]
        kept = connection.__dict__.setdefault("shebao_prepared", {})  # the wrapper is the thread's own
        if self not in kept:
            kept[self] = self._compile(connection)
        compiler, sql, params, at = kept[self]
        params = (*params[:at], value, *params[at + 1 :])
        this_read = copy.copy(compiler)  # the compiled select, row layout and converters, shared
        this_read.as_sql = lambda *args, **kwargs: (sql, params)
        return list(ModelIterable(QuerySet(self._queryset.model, _Compiled(this_read), self._queryset.db)))

    def _compile(self, connection):
        compiler = self._queryset.filter(**{self._lookup: _PLACEHOLDER}).query.get_compiler(
            connection=connection
        )
        sql, params = compiler.as_sql()  # also lays out the select that ModelIterable reads
        places = [i for i, param in enumerate(params) if param == _PLACEHOLDER]
        if len(places) != 1:
            raise ImproperlyConfigured(f"{self._lookup}: its value is not one parameter of the query")
        return compiler, sql, tuple(params), places[0]


class _Compiled:
    """Stands in for the queryset's query: hands ModelIterable the compiler of this read."""

    def __init__(self, compiler):
        self._compiler = compiler

    def get_compiler(self, using=None, connection=None, elements=()):
        return self._compiler


def keep_as_prefetched(instance: Model, name: str, rows: list) -> None:
    """Keep `rows` as the instance's related rows `name`, as prefetch_related keeps them: reading
    `instance.<name>.all()` then asks the database nothing."""
    known = getattr(instance, name).all()
    known._result_cache, known._prefetch_done = rows, True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = known

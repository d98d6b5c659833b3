"""Every schema of the API has its own name in /api/v1/openapi.json. ninja files each schema under its
class name and silently overwrites an earlier one of the same name (the catalogue's MaterialOut was
documented with the fields of the cases' one), so names are checked over every Schema class of ours."""

import pytest
from ninja import Schema

import shebao.api  # noqa: F401  (imports every router, so every Schema class is defined)

pytestmark = pytest.mark.django_db


def our_schema_classes() -> list[type]:
    found, todo = [], [Schema]
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if cls.__module__.startswith("shebao."):
            found.append(cls)
    return found


def test_no_two_schema_classes_share_a_name():
    by_name: dict[str, list[str]] = {}
    for cls in our_schema_classes():
        by_name.setdefault(cls.__name__, []).append(f"{cls.__module__}.{cls.__qualname__}")
    assert {name: where for name, where in by_name.items() if len(where) > 1} == {}


def test_each_documented_schema_has_the_fields_of_the_class_it_names(client):
    components = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    classes = {cls.__name__: cls for cls in our_schema_classes()}
    mismatched = {
        name: sorted(set(doc.get("properties", {})) ^ set(classes[name].model_fields))
        for name, doc in components.items()
        if name in classes and set(doc.get("properties", {})) != set(classes[name].model_fields)
    }
    assert mismatched == {}
    assert {"form", "requirement"} <= set(components["MaterialOut"]["properties"])

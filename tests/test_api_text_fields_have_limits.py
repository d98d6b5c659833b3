"""Every text the API accepts in a body has a documented maximum length (as long as the column it is
stored in), so a new field cannot be added without one: walked over /api/v1/openapi.json."""

import pytest

pytestmark = pytest.mark.django_db


def unlimited_texts(schema: dict, components: dict, path: str, seen: set) -> list[str]:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name in seen:
            return []
        return unlimited_texts(components[name], components, path, seen | {name})
    found = []
    for option in schema.get("anyOf", []) + schema.get("allOf", []):
        found += unlimited_texts(option, components, path, seen)
    # An uploaded file (format binary) is not text: REQUEST_MAX_BYTES and the upload checks bound it.
    is_file = schema.get("format") == "binary"
    if schema.get("type") == "string" and "maxLength" not in schema and "enum" not in schema and not is_file:
        found.append(path)
    if schema.get("type") == "array":
        found += unlimited_texts(schema.get("items", {}), components, f"{path}[]", seen)
    for name, prop in schema.get("properties", {}).items():
        found += unlimited_texts(prop, components, f"{path}.{name}", seen)
    return found


def test_every_text_field_of_every_request_body_has_a_maximum_length(client):
    spec = client.get("/api/v1/openapi.json").json()
    components = spec["components"]["schemas"]
    unlimited = []
    for url, operations in spec["paths"].items():
        for method, operation in operations.items():
            for media in operation.get("requestBody", {}).get("content", {}).values():
                unlimited += unlimited_texts(media["schema"], components, f"{method.upper()} {url}", set())
    assert unlimited == []

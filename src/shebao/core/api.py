from datetime import timedelta

from django.conf import settings
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.throttling import SimpleRateThrottle

from shebao.core import limits
from shebao.core.clientaddr import client_address
from shebao.core.errors import ValidationFailed
from shebao.core.idcards import DocType, validate_id

router = Router(tags=["identity documents"])


class ClientRateThrottle(SimpleRateThrottle):
    """Per client address (core.clientaddr), signed in or not (ninja's AnonRateThrottle lets every
    signed-in caller through), counted atomically in the database (core.limits), not in the cache."""

    scope = "client"

    def allow_request(self, request) -> bool:
        if self.rate is None:
            return True
        key = f"throttle:{self.scope}:{client_address(request)}"
        return not limits.over(key, self.num_requests, timedelta(seconds=self.duration))

    def wait(self) -> float:
        return float(self.duration)


class IdValidation(Schema):
    valid: bool
    error: str | None
    birth_date: str | None
    sex: str | None
    region_code: str | None


@router.get(
    "/ids/validate",
    response=IdValidation,
    auth=None,
    throttle=[ClientRateThrottle(settings.SHEBAO["ID_VALIDATE_RATE"])],
    summary="Check an identity document number (looks nothing up, stores nothing)",
)
def ids_validate(request, doc_type: str, number: str):
    if doc_type not in {t.value for t in DocType}:
        known = ", ".join(t.value for t in DocType)
        message = _("Unknown document type. Use one of: %(types)s.") % {"types": known}
        raise ValidationFailed(fields={"doc_type": message}, code="unknown_doc_type")
    check = validate_id(doc_type, number)
    return {
        "valid": check.valid,
        "error": str(check.error) if check.error else None,
        "birth_date": check.birth_date.isoformat() if check.birth_date else None,
        "sex": check.sex,
        "region_code": check.region_code,
    }

"""Pulling ledger lines from the provincial core system (金保工程) instead of receiving files.

`CoreSystem` is the one interface: `fetch(kind, start, end)` yields lines as the import files' columns
(records/importer.py's header names, values as text). `HttpCoreSystem` is the HTTP implementation
(urllib, like core/messaging's SMS gateway): GET {CORE_SYSTEM_URL}/{kind}?from=YYYY-MM&to=YYYY-MM&page=N
with a bearer token, answered {"rows": [{column: value, ...}], "next_page": N or null}.

`pull` writes what it fetched as one CSV and hands it to the very importer a file goes through
(services.ledger_import): every line validated, all or nothing, and the same answer pulled twice is the
same file, so it changes nothing the second time.
"""

from __future__ import annotations

import csv
import json
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils.translation import gettext as _

from shebao.core.errors import ApplicationError
from shebao.records.services import ImportResult, ledger_import

MAX_PAGES = 100_000


class CoreSystemError(ApplicationError):
    code = "core_system_unavailable"
    status = 502


class CoreSystem(Protocol):
    def fetch(self, kind: str, start: date, end: date) -> Iterator[dict[str, str]]: ...


@dataclass(frozen=True)
class HttpCoreSystem:
    url: str
    token: str
    timeout: int = 30

    def _page(self, kind: str, start: date, end: date, page: int) -> dict:
        query = urllib.parse.urlencode({"from": f"{start:%Y-%m}", "to": f"{end:%Y-%m}", "page": page})
        request = urllib.request.Request(  # noqa: S310  (an http(s) setting, checked at start-up)
            f"{self.url.rstrip('/')}/{kind}?{query}",
            headers={"Authorization": f"Bearer {self.token}", "Accept": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                return json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as exc:
            raise CoreSystemError(_("The core system answered HTTP %(code)s.") % {"code": exc.code}) from None
        except (urllib.error.URLError, TimeoutError, OSError):
            raise CoreSystemError(_("The core system cannot be reached.")) from None
        except ValueError:
            raise CoreSystemError(_("The core system's answer is not JSON.")) from None

    def fetch(self, kind: str, start: date, end: date) -> Iterator[dict[str, str]]:
        page: int | None = 1
        while page is not None and page <= MAX_PAGES:
            answer = self._page(kind, start, end, page)
            rows = answer.get("rows")
            if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
                raise CoreSystemError(_("The core system's answer has no list of rows."))
            for row in rows:
                yield {str(k): "" if v is None else str(v) for k, v in row.items()}
            following = answer.get("next_page")
            page = int(following) if isinstance(following, int) else None


def core_system() -> HttpCoreSystem | None:
    conf = settings.SHEBAO
    if not conf.get("CORE_SYSTEM_URL"):
        return None
    return HttpCoreSystem(conf["CORE_SYSTEM_URL"], conf["CORE_SYSTEM_TOKEN"], conf["CORE_SYSTEM_TIMEOUT"])


def pull(source: CoreSystem, *, kind: str, start: date, end: date, actor=None) -> ImportResult:
    """Fetch every line of the period and apply them through the file importer."""
    rows = list(source.fetch(kind, start, end))
    columns = sorted({name for row in rows for name in row})
    with tempfile.TemporaryDirectory(prefix="shebao-core-") as folder:
        path = Path(folder) / f"core-{kind}-{start:%Y%m}-{end:%Y%m}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns or ["id_number"])
            writer.writeheader()
            writer.writerows(rows)
        return ledger_import(path=path, kind=kind, actor=actor, file_name=f"core system: {path.name}")

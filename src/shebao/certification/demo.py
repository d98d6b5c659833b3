"""Certification in the demo: the web stand-in for the phone app and a kiosk or handheld at each hall and
postal point (their keys are demo keys), each recipient's home placed near their agency's first outlet (so
the overdue lists sort by distance), and one silent run over generated evidence files: most recipients due
soon or overdue show a sign of life (the seeds' 86%), a few deaths open recoveries. Idempotent."""

from __future__ import annotations

import csv
import hashlib
import random
from datetime import timedelta
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from shebao.certification import standin
from shebao.certification.keys import SM2_N, DevicePrivateKey, Sm2PrivateKey, algorithm_of, public_key_b64
from shebao.certification.models import Cycle, Device, DeviceKind
from shebao.certification.policy import policy
from shebao.certification.silent import silent_run
from shebao.core.models import Outlet, OutletKind
from shebao.people.models import IdentityDocument, Recipient, RecipientStatus

SIGN_OF_LIFE_SHARE = 0.86  # seed 000/001: Kaifeng certified 86% of its recipients silently
SOURCES = ("medical", "transit", "bank")
SHOWCASE_AGENCY = "500103"  # 渝中区, where the demo's staff work


def _demo_key(code: str, kind: str) -> DevicePrivateKey:
    """Kiosks sign with Ed25519, postmen's handhelds with SM2 (the national algorithm), as bought."""
    seed = hashlib.sha256(f"shebao demo device {code}".encode()).digest()
    if kind == DeviceKind.HANDHELD:
        return Sm2PrivateKey(int.from_bytes(seed, "big") % (SM2_N - 1) + 1)
    return Ed25519PrivateKey.from_private_bytes(seed)


def _devices() -> int:
    made = 0
    outlets = Outlet.objects.filter(kind__in=(OutletKind.AGENCY_HALL, OutletKind.POSTAL)).order_by("code")[
        :40
    ]
    for outlet in outlets:
        kind = DeviceKind.KIOSK if outlet.kind == OutletKind.AGENCY_HALL else DeviceKind.HANDHELD
        code = f"{'KIOSK' if kind == DeviceKind.KIOSK else 'HANDHELD'}-{outlet.code}"
        key = _demo_key(code, kind)
        _device, created = Device.objects.get_or_create(
            code=code,
            defaults={
                "kind": kind,
                "outlet": outlet,
                "algorithm": algorithm_of(key),
                "public_key": public_key_b64(key),
            },
        )
        made += created
    return made


def _homes(rng: random.Random) -> int:
    """Place each recipient's home within a few kilometres of their agency's first outlet."""
    first_outlet = {}
    for outlet in Outlet.objects.order_by("code"):
        first_outlet.setdefault(outlet.agency_id, outlet)
    cycles = []
    for recipient in Recipient.objects.exclude(cycle__isnull=False).order_by("pk"):
        outlet = first_outlet.get(recipient.home_agency_id)
        if outlet is None:
            continue
        cycles.append(Cycle(recipient=recipient, latitude=outlet.latitude + rng.uniform(-0.03, 0.03),
                            longitude=outlet.longitude + rng.uniform(-0.03, 0.03)))  # fmt: skip
    Cycle.objects.bulk_create(cycles, batch_size=2000)
    return len(cycles)


def _evidence(rng: random.Random, folder: Path) -> list[Path]:
    """Evidence files as three departments would send them, for the recipients due within the reminder
    period or overdue: a sign of life for most, a death for a few."""
    today = timezone.localdate()
    due_by = today + timedelta(days=policy().due_soon_days)
    numbers = dict(
        IdentityDocument.objects.filter(doc_type="resident_id", primary=True).values_list(
            "person_id", "number"
        )
    )
    waiting = Recipient.objects.filter(status=RecipientStatus.ACTIVE, next_certification_due__lte=due_by)
    rows: dict[str, list[tuple]] = {s: [] for s in (*SOURCES, "civil_affairs")}
    for recipient in waiting.order_by("pk"):
        number = numbers.get(recipient.person_id)
        if number is None:
            continue
        draw = rng.random()
        if draw < 0.01:
            rows["civil_affairs"].append((number, (today - timedelta(days=rng.randint(40, 120))).isoformat(),
                                          "death", "civil_affairs"))  # fmt: skip
        elif draw < SIGN_OF_LIFE_SHARE:
            for source in rng.sample(SOURCES, rng.randint(1, 3)):
                shown = number.lower() if rng.random() < 0.1 else number
                rows[source].append(
                    (shown, (today - timedelta(days=rng.randint(1, 60))).isoformat(), "life", source)
                )
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for source, found in rows.items():
        path = folder / f"{source}-{today:%Y%m}.csv"
        with path.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(["id_number", "event_date", "event", "source"])
            writer.writerows(found)
            writer.writerow(["11010119900101123", today.isoformat(), "life", source])  # a bad number, counted
        paths.append(path)
    return paths


def seed(*, rng_seed: int, stdout) -> None:
    if Device.objects.filter(code=standin.CODE).exists():
        stdout.write("  certification: already seeded")
        return
    rng = random.Random(rng_seed + 17)
    with transaction.atomic():
        standin.register()
        devices = _devices()
        homes = _homes(rng)
    files = _evidence(rng, Path(settings.VAR_DIR) / "evidence" / "demo")
    run = silent_run(files=files, until=timezone.localdate())
    overdue = _overdue_in_showcase(rng)
    applied = run.report.get("applied", {})
    stdout.write(f"  certification: {devices + 1} devices, {homes} homes placed, silent run SR{run.pk}: "
                 f"{applied.get('certified', 0)} certified, {applied.get('deaths', 0)} deaths, "
                 f"{overdue} overdue in the showcase district")  # fmt: skip


def _overdue_in_showcase(rng: random.Random) -> int:
    """Some of the showcase district's recipients showed no sign of life: overdue, for its outlets' lists."""
    today = timezone.localdate()
    left = list(
        Recipient.objects.filter(
            home_agency__code=SHOWCASE_AGENCY, status=RecipientStatus.ACTIVE, certifications__isnull=True
        ).order_by("pk")[:20]
    )
    for recipient in left:
        recipient.next_certification_due = today - timedelta(days=rng.randint(3, 80))
    Recipient.objects.bulk_update(left, ["next_certification_due"])
    return len(left)

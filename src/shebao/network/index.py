"""The in-process nearest-outlet index: every outlet's position, filters and schedule, loaded once per
process and rebuilt when IndexVersion changes (any outlet, hours or agreement change bumps it)."""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
from django.db.models import Q

from shebao.core.models import Outlet, OutletStatus
from shebao.network import items
from shebao.network.hours import Session, is_open_at
from shebao.network.models import Agreement, AgreementStatus, IndexVersion, OpeningHours
from shebao.network.nearest import NearestIndex

_lock = threading.Lock()
_cached: tuple[int | None, Snapshot] | None = None


@dataclass
class Snapshot:
    index: NearestIndex
    status_open: np.ndarray  # bool
    partner: np.ndarray  # bool: needs an agreement in force
    ag_active: np.ndarray  # bool: has an active agreement
    ag_from: np.ndarray  # ordinal dates (0 when none)
    ag_until: np.ndarray
    group: np.ndarray  # row -> group id of (level, kind, tier, scope)
    groups: list[tuple[str, str, str, frozenset[str] | None]]
    schedule: np.ndarray  # row -> schedule id
    schedules: list[tuple[Session, ...]]
    names: list[str]
    addresses: list[str]
    paths: np.ndarray  # agency path per row (str), for region filters

    @property
    def ids(self) -> np.ndarray:
        return self.index.ids

    def on_map(self, today: date, rows: np.ndarray | None = None) -> np.ndarray:
        """Per outlet (of `rows`, or all): open, and a partner's point only with an agreement in force."""
        at = slice(None) if rows is None else rows
        day = today.toordinal()
        in_force = self.ag_active[at] & (self.ag_from[at] <= day) & (day <= self.ag_until[at])
        return self.status_open[at] & (~self.partner[at] | in_force)

    def accepting_groups(self, item_code: str, tiers: frozenset[str]) -> np.ndarray:
        """Per group: do its outlets accept the item (status and agreement dates aside)?"""
        return np.array(
            [
                items.accepts(level=lv, kind=kd, tier=tr, scope=sc, item_code=item_code, tiers=tiers)
                for lv, kd, tr, sc in self.groups
            ],
            dtype=bool,
        )

    def accepting(self, item_code: str, tiers: frozenset[str]) -> np.ndarray:
        ok = self.accepting_groups(item_code, tiers)
        return ok[self.group] if len(ok) else np.zeros(len(self.group), dtype=bool)

    def open_schedules(self, moment: datetime) -> np.ndarray:
        """Per schedule (a few hundred, not per outlet): open at `moment`?"""
        return np.array([is_open_at(s, moment) for s in self.schedules], dtype=bool)

    def open_at(self, moment: datetime) -> np.ndarray:
        ok = self.open_schedules(moment)
        return ok[self.schedule] if len(ok) else np.zeros(len(self.schedule), dtype=bool)


def bump_version() -> None:
    """Tell every process its index is stale. A random token, not a counter, so a rolled-back test
    transaction can never leave a cached index that matches a later, different state."""
    token = secrets.randbits(62)
    if not IndexVersion.objects.filter(id=1).update(version=token):
        IndexVersion.objects.update_or_create(id=1, defaults={"version": token})


def current_version() -> int | None:
    return IndexVersion.objects.filter(id=1).values_list("version", flat=True).first()


def snapshot() -> Snapshot:
    global _cached
    version = current_version()
    cached = _cached
    if cached is not None and cached[0] == version:
        return cached[1]
    with _lock:
        if _cached is not None and _cached[0] == version:
            return _cached[1]
        built = build_snapshot()
        _cached = (version, built)
        return built


def forget() -> None:
    global _cached
    _cached = None


def build_snapshot() -> Snapshot:
    rows = list(
        Outlet.objects.exclude(status=OutletStatus.CLOSED)
        .order_by("id")
        .values_list(
            "id",
            "latitude",
            "longitude",
            "level",
            "kind",
            "tier",
            "status",
            "name",
            "address",
            "agency__path",
        )
    )
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    position = {oid: i for i, oid in enumerate(ids.tolist())}
    n = len(rows)
    ag_active, ag_from, ag_until = np.zeros(n, bool), np.zeros(n, np.int64), np.zeros(n, np.int64)
    scope_of: dict[int, frozenset[str]] = {}
    agreements = Agreement.objects.filter(Q(status=AgreementStatus.ACTIVE), outlet_id__in=position.keys())
    for oid, start, end, scope in agreements.values_list(
        "outlet_id", "valid_from", "valid_until", "scope_items"
    ):
        i = position[oid]
        ag_active[i], ag_from[i], ag_until[i] = True, start.toordinal(), end.toordinal()
        scope_of[oid] = frozenset(scope or [])
    group_ids: dict[tuple, int] = {}
    group = np.zeros(n, np.int64)
    for i, (oid, _lat, _lng, level, kind, tier, *_rest) in enumerate(rows):
        key = (level, kind, tier, scope_of.get(oid))
        group[i] = group_ids.setdefault(key, len(group_ids))
    return Snapshot(
        index=NearestIndex(ids, [r[1] for r in rows], [r[2] for r in rows], group),
        status_open=np.array([r[6] == OutletStatus.OPEN for r in rows], dtype=bool),
        partner=np.array([items.needs_agreement(r[3], r[4]) for r in rows], dtype=bool),
        ag_active=ag_active,
        ag_from=ag_from,
        ag_until=ag_until,
        group=group,
        groups=list(group_ids),
        names=[r[7] for r in rows],
        addresses=[r[8] for r in rows],
        paths=np.array([r[9] for r in rows], dtype=object),
        **_schedules(position),
    )


def _schedules(position: dict[int, int]) -> dict:
    per_outlet: dict[int, list[Session]] = {}
    for oid, day, opens, closes in OpeningHours.objects.values_list("outlet_id", "day", "opens", "closes"):
        if oid in position:
            per_outlet.setdefault(oid, []).append(Session(day, opens, closes))
    schedule_ids: dict[tuple[Session, ...], int] = {(): 0}
    schedule = np.zeros(len(position), np.int64)
    for oid, sessions in per_outlet.items():
        key = tuple(sorted(sessions))
        schedule[position[oid]] = schedule_ids.setdefault(key, len(schedule_ids))
    return {"schedule": schedule, "schedules": list(schedule_ids)}

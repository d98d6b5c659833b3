"""Citizen pages under load: the documented scenario mix of `make load` (README: Load test).

Each simulated citizen is anonymous, speaks zh-hans and, with no think time (LOAD_THINK=0, the default), asks
again as soon as an answer arrives. The mix follows what citizens come for: the home page, the catalogue and
its search, an item's guide, the outlet finder (map page and nearest-outlet API), an outlet's page, the
booking page and case tracking. Item and outlet codes are read from the public API once, at start.
"""

from __future__ import annotations

import os
import random

from locust import FastHttpUser, between, constant, events, task

THINK = float(os.environ.get("LOAD_THINK", "0"))
QUERIES = ("退休", "养老金", "失业", "tx", "社保卡", "工伤", "异地", "生育")
# Points in the demo municipality (Chongqing's urban districts), where citizens look for an outlet.
PLACES = ((29.563, 106.551), (29.602, 106.512), (29.531, 106.483), (29.651, 106.571), (29.497, 106.532))

ITEM_CODES: list[str] = []
OUTLET_CODES: list[str] = []


def fetch_codes(host: str) -> tuple[list[str], list[str]]:
    """Every item of the catalogue, and the outlets near the places above, from the public API."""
    import json
    import urllib.request

    host = host.rstrip("/")
    with urllib.request.urlopen(f"{host}/api/v1/catalog/items") as reply:  # noqa: S310  (--host)
        items = [item["code"] for item in json.load(reply)]
    outlets = []
    for lat, lng in PLACES:
        nearest = f"{host}/api/v1/outlets/nearest?lat={lat}&lng={lng}"
        with urllib.request.urlopen(nearest) as reply:  # noqa: S310  (--host)
            outlets.extend(outlet["code"] for outlet in json.load(reply))
    return items, outlets


@events.test_start.add_listener
def read_codes(environment, **_kwargs) -> None:
    """The codes the pages are asked for: given by `make load` (LOAD_ITEMS, LOAD_OUTLETS), so the timed run
    starts at once, or read from the site under load."""
    if os.environ.get("LOAD_ITEMS") and os.environ.get("LOAD_OUTLETS"):
        ITEM_CODES[:] = os.environ["LOAD_ITEMS"].split(",")
        OUTLET_CODES[:] = os.environ["LOAD_OUTLETS"].split(",")
    else:
        ITEM_CODES[:], OUTLET_CODES[:] = fetch_codes(environment.host)
    if not ITEM_CODES or not OUTLET_CODES:
        raise RuntimeError("the site under load has no items or outlets: load the demo data first")


class Citizen(FastHttpUser):
    wait_time = between(1, 3) if THINK else constant(0)
    default_headers = {"Accept-Language": "zh-hans"}

    @task(3)
    def home(self) -> None:
        self.client.get("/", name="/")

    @task(2)
    def catalogue(self) -> None:
        self.client.get("/catalog/", name="/catalog/")

    @task(3)
    def search(self) -> None:
        self.client.get(f"/catalog/?q={random.choice(QUERIES)}", name="/catalog/?q=")

    @task(4)
    def guide(self) -> None:
        self.client.get(f"/catalog/items/{random.choice(ITEM_CODES)}/", name="/catalog/items/<code>/")

    @task(1)
    def outlet_map(self) -> None:
        self.client.get("/outlets/", name="/outlets/")

    @task(2)
    def nearest(self) -> None:
        lat, lng = random.choice(PLACES)
        self.client.get(f"/api/v1/outlets/nearest?lat={lat}&lng={lng}", name="/api/v1/outlets/nearest")

    @task(2)
    def outlet(self) -> None:
        self.client.get(f"/outlets/{random.choice(OUTLET_CODES)}/", name="/outlets/<code>/")

    @task(1)
    def booking(self) -> None:
        self.client.get("/hall/book/", name="/hall/book/")

    @task(1)
    def track(self) -> None:
        self.client.get("/cases/track/", name="/cases/track/")

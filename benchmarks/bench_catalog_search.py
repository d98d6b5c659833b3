"""Text search as citizens type (shebao.core.textsearch): our inverted index vs the same in-memory
documents scanned one by one for the query as a substring of the name or keywords (what `icontains` does,
without the database), at 155 (the seed catalogue), 1,550 and 15,500 documents (the catalogue's items
with each item also offered under district names, the scale of the consultation answers to come); and,
over the 155 seed items, end to end as the API runs it vs a Django `icontains` query on name and keywords.

Latencies are single-shot: every query timed once per round, ours and the baseline taking turns. The
queries are 38 realistic ones (Chinese, pinyin, initials, synonyms, traditional characters, words in any
order, typos) with the item the citizen means; "right first" counts the queries that put it first (the
substring baselines cannot read pinyin, initials, synonyms or traditional characters). The index build
is timed once per size.
"""

import os
import time

from benchmarks.report import Goal, Row, interleaved, percentile, print_goals, print_table, quick

ROUNDS = 10
GOAL_P99_MS = 2.0
GOAL_BUILD_S = 2.0
QUERIES = [  # (what a citizen types, the item they mean)
    ("退休申请", "PEN001"),
    ("退休", "PEN001"),
    ("社会保障卡挂失", "CARD002"),
    ("失业保险金", "UNE001"),
    ("个人权益记录", "REC001"),
    ("参保证明", "REC002"),
    ("工伤认定", "WI001"),
    ("丧葬补助金", "SUR001"),
    ("灵活就业人员参保登记", "REG006"),
    ("资格认证", "CER001"),
    ("tuixiu", "PEN001"),
    ("tx", "PEN001"),
    ("sbkgs", "CARD002"),
    ("shiyejin", "UNE001"),
    ("gongshangrending", "WI001"),
    ("canbaozhengming", "REC002"),
    ("退养", "PEN001"),
    ("领养老金", "PEN001"),
    ("社保卡挂失", "CARD002"),
    ("失业金", "UNE001"),
    ("丧葬费", "SUR001"),
    ("社保转移", "TRA001"),
    ("社會保障卡補換", "CARD004"),
    ("個人權益記錄", "REC001"),
    ("失業保險金", "UNE001"),
    ("失业保险金申令", "UNE001"),
    ("退修申请", "PEN001"),
    ("shiyebaoxinjin", "UNE001"),
    ("tuixu", "PEN001"),
    ("丢了社保卡", "CARD002"),
    ("我要办退休", "PEN001"),
    ("退休金", "PEN001"),
    ("yanglaojin", "PEN001"),
    ("医保卡挂失", "CARD002"),
    # More small typos, the slow tail: an h dropped (s for sh), two letters swapped, a letter missing,
    # a wrong character (经 for 金).
    ("shebaokaguasi", "CARD002"),
    ("gongshangrendign", "WI001"),
    ("tuixiushenqng", "PEN001"),
    ("失业保险经申领", "UNE001"),
]


def seed_rows() -> list[dict]:
    import csv

    from shebao.catalog.textnorm import DATA

    with open(DATA / "items.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def documents(n: int) -> list:
    """The seed items, then each again under a district's name ("渝中区失业登记"), less popular."""
    from shebao.catalog.search import item_document
    from shebao.core.demo import chongqing_districts

    rows = seed_rows()
    places = [d.name + way for way in ("", "网上办", "窗口办") for d in chongqing_districts()]
    docs = []
    for i in range(n):
        r = rows[i % len(rows)]
        place = "" if i < len(rows) else places[(i // len(rows) - 1) % len(places)]
        docs.append(
            item_document(
                code=r["code"] if not place else f"{r['code']}-{i}",
                name=place + r["name"],
                name_en=r["name_en"],
                keywords=r["keywords"],
                category=r["category"],
                channels=r["channels"].split(";"),
                applicant_types=r["applicant_types"].split(";"),
                popularity=int(r["popularity"]) // (1 if not place else 10),
            )
        )
    return docs


def substring_scan(docs):
    """The in-memory baseline: every document looked at, the query a substring of its name or keywords."""
    from shebao.core.textsearch import normalise

    table = [(d.key, normalise(d.title), normalise(d.keywords), d.popularity) for d in docs]

    def search(query: str) -> list[str]:
        q = normalise(query)
        found = [(-pop, key) for key, title, keywords, pop in table if q in title or q in keywords]
        return [key for _pop, key in sorted(found)[:20]]

    return search


def right_first(answers: list[list[str]]) -> int:
    return sum(bool(a) and a[0] == code for a, (_q, code) in zip(answers, QUERIES, strict=True))


def in_memory(n: int) -> tuple[list[Row], list[Goal], list[str]]:
    from shebao.catalog.search import catalogue_index

    docs = documents(n)
    start = time.perf_counter()
    index = catalogue_index(docs)
    build_s = time.perf_counter() - start
    scan = substring_scan(docs)
    inputs = [q for _round in range(ROUNDS) for q, _code in QUERIES]
    ms, answers = interleaved(
        {"ours": lambda q: [h.key for h in index.search(q)], "scan": scan},
        inputs,
    )
    o_right, s_right = (
        right_first(answers["ours"][: len(QUERIES)]),
        right_first(answers["scan"][: len(QUERIES)]),
    )
    label = f"{n:,} documents"
    rows = [
        Row(f"{label}: p50", percentile(ms["ours"], 50), percentile(ms["scan"], 50), "ms"),
        Row(f"{label}: p99", percentile(ms["ours"], 99), percentile(ms["scan"], 99), "ms"),
        Row(
            f"{label}: right item first (of {len(QUERIES)})",
            o_right,
            s_right,
            "queries",
            lower_is_better=False,
        ),
    ]
    o99, s99 = percentile(ms["ours"], 99), percentile(ms["scan"], 99)
    goals = [
        Goal(
            f"p99 ≤ {GOAL_P99_MS:g} ms",
            f"{label}: p99",
            o99,
            s99,
            "in-memory substring scan",
            "ms",
            met=o99 <= GOAL_P99_MS,
        ),
        Goal(
            f"index build ≤ {GOAL_BUILD_S:g} s",
            f"{label}: build",
            build_s,
            GOAL_BUILD_S,
            "goal",
            "s",
            met=build_s <= GOAL_BUILD_S,
        ),
        Goal(
            f"{len(QUERIES)}/{len(QUERIES)} right first",
            f"{label}: right first",
            o_right,
            s_right,
            "in-memory substring scan",
            "queries",
            met=o_right == len(QUERIES),
            lower_is_better=False,
        ),
    ]
    return rows, goals, [f"{label}: index build {build_s:.2f} s."]


def end_to_end() -> tuple[list[Row], list[str]]:
    """Over the seed catalogue in a throw-away test database (SQLite in memory, or test_<name> on
    PostgreSQL): the API's selector vs an icontains query."""
    from django.db import connection
    from django.db.models import Q

    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from shebao.catalog import demo, selectors
        from shebao.catalog.models import ServiceItem

        demo.seed()

        def ours(q):
            return [i.code for i in selectors.item_search(query=q, limit=20)]

        def baseline(q):
            found = ServiceItem.objects.filter(Q(name__icontains=q) | Q(keywords__icontains=q))
            return list(found.order_by("-popularity", "code").values_list("code", flat=True)[:20])

        ours("退休")  # builds the index once, as the first search after a start does
        inputs = [q for _round in range(ROUNDS) for q, _code in QUERIES]
        ms, answers = interleaved({"ours": ours, "icontains": baseline}, inputs)
        n = len(QUERIES)
        rows = [
            Row(
                "155 items, end to end: p50",
                percentile(ms["ours"], 50),
                percentile(ms["icontains"], 50),
                "ms",
            ),
            Row(
                "155 items, end to end: p99",
                percentile(ms["ours"], 99),
                percentile(ms["icontains"], 99),
                "ms",
            ),
            Row(
                f"155 items, end to end: right item first (of {n})",
                right_first(answers["ours"][:n]),
                right_first(answers["icontains"][:n]),
                "queries",
                lower_is_better=False,
            ),
        ]
        return rows, [
            f"End to end on {connection.vendor}: no query per search (the freshness check runs at most "
            f"every {selectors.FRESH_FOR:g} s); the baseline is one database query per search."
        ]
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shebao.settings")
    import django

    django.setup()  # the district names come from core.demo, which loads models
    from shebao.core.textsearch import grams

    # Once a process, as a module import: numba loads the gram pass's compiled code (or compiles it).
    start = time.perf_counter()
    grams.compile_steps()
    loaded = time.perf_counter() - start
    rows, goals, notes = [], [], []
    notes.append(
        f"Before timing, the process loaded the compiled gram postings once: {loaded:.2f} s "
        "(about 4 s when compiled afresh, the first time after a change to core/textsearch/grams.py)."
    )
    for n in (155, 1_550) if quick() else (155, 1_550, 15_500):
        r, g, t = in_memory(n)
        rows, goals, notes = rows + r, goals + g, notes + t
    print_table(
        f"Text search, {len(QUERIES)} queries × {ROUNDS} rounds, single-shot",
        "in-memory substring scan",
        rows,
        notes,
    )
    e2e_rows, e2e_notes = end_to_end()
    print_table(
        "Catalogue search end to end (selector) vs a Django icontains query",
        "icontains query",
        e2e_rows,
        e2e_notes,
    )
    print_goals("text search", goals)


if __name__ == "__main__":
    main()

"""The catalogue's use of the text search (shebao.core.textsearch): its items as documents, filtered by
category, channel and applicant type, and its synonym table (data/synonyms.txt, the domain dictionary)."""

from __future__ import annotations

import functools
from collections.abc import Iterable

from shebao.catalog.textnorm import DATA
from shebao.core.textsearch import Document, SearchIndex, parse_synonyms


@functools.cache
def synonyms() -> tuple[tuple[str, ...], ...]:
    return tuple(parse_synonyms((DATA / "synonyms.txt").read_text(encoding="utf-8")))


def item_document(
    *,
    code: str,
    name: str,
    name_en: str = "",
    keywords: str = "",
    category: str = "",
    channels: Iterable[str] = (),
    applicant_types: Iterable[str] = (),
    popularity: int = 0,
) -> Document:
    facets = {"category": (category,), "channel": tuple(channels), "applicant_type": tuple(applicant_types)}
    return Document(code, name, keywords, name_en, facets, popularity)


def catalogue_index(documents: Iterable[Document]) -> SearchIndex:
    return SearchIndex(documents, synonyms())

"""Text search, one component for every search people type into (DESIGN.md: "one component with one
index design, used by both"): the catalogue today, the consultation answers next. See index.py and the
README's "Text search" paragraph."""

from shebao.core.textsearch.index import Document, Hit, SearchIndex, aliases, parse_synonyms, tokens
from shebao.core.textsearch.normalise import normalise

__all__ = ["Document", "Hit", "SearchIndex", "aliases", "normalise", "parse_synonyms", "tokens"]

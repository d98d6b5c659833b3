"""What the search tests share."""


def ranked_as(index, score, key):
    """Where a hit goes: the higher score first, then the more popular document, the shorter title,
    the key (the rule the index keeps by the order of its entries)."""
    doc = next(e.doc for e in index.entries if e.doc.key == key)
    return (-score, -doc.popularity, len(doc.title), key)

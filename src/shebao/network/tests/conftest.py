import pytest

from shebao.network import items

# A small stand-in for the catalogue (being written in shebao.catalog): the contract network relies on
# is only lookup_item/catalogue_items, so tests pin the behaviour without the catalogue's tables.
CATALOGUE = {
    "PEN-CERT": ("养老保险待遇资格认证", frozenset({"basic", "premium", "self_service"})),
    "STMT-PRINT": ("个人权益记录查询打印", frozenset({"basic", "premium"})),
    "EMP-REG": ("用人单位参保登记", frozenset({"premium"})),
    "INJURY-ID": ("工伤认定申请", frozenset()),
}


@pytest.fixture
def catalogue(monkeypatch):
    monkeypatch.setattr(items, "lookup_item", lambda code: CATALOGUE.get(code))
    monkeypatch.setattr(
        items, "catalogue_items", lambda: [(c, n, t) for c, (n, t) in sorted(CATALOGUE.items())]
    )
    return CATALOGUE

from shebao.catalog.importer import material_dictionary
from shebao.catalog.textnorm import material_key
from shebao.core.textsearch.normalise import normalise, to_simplified


def test_traditional_characters_become_simplified():
    assert to_simplified("社會保障卡掛失") == "社会保障卡挂失"


def test_normalise_removes_spaces_punctuation_and_width():
    assert normalise(" 社保卡，挂失！ ") == "社保卡挂失"
    assert normalise("ＴＵＩ ＸＩＵ") == "tuixiu"


def test_the_same_document_gets_one_key_whatever_it_is_called():
    _rows, aliases = material_dictionary()
    keys = {material_key(n, aliases) for n in ["居民身份证", "身份证复印件", "本人身份证（原件）", "身份證"]}
    assert keys == {"resident_id_card"}
    assert material_key("户口本复印件", aliases) == "household_register"
    assert material_key("某种新证明", aliases) == "某种新证明"  # unknown names keep their own identity

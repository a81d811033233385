"""Names split as citations need them, guessed for editors to check."""
import pytest

from speeches.names import CitedName, guess_name_parts, looks_like_a_name

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name, form, family, given", [
    ("Xi Jinping", "family-given", "Xi", "Jinping"),
    ("He Yin", "family-given", "He", "Yin"),
    ("Ban Ki-moon", "family-given", "Ban", "Ki-moon"),
    ("Nguyễn Phú Trọng", "family-given", "Nguyễn", "Phú Trọng"),
    ("习近平", "family-given", "习", "近平"),
    ("山田太郎", "family-given", "山田", "太郎"),  # four characters: two and two, Japanese or Chinese
    ("岸田文雄", "family-given", "岸田", "文雄"),
    ("欧阳中石", "family-given", "欧阳", "中石"),
    ("小泉純一郎", "family-given", "小泉", "純一郎"),
    ("金子涵", "family-given", "金", "子涵"),  # three: one and two, as Chinese names mostly are
    ("ドナルド トランプ", "given-family", "トランプ", "ドナルド"),  # a foreign name in katakana: given name first
    ("司馬遷", "family-given", "司馬", "遷"),  # a Chinese compound surname, in Traditional characters
    ("王毅", "family-given", "王", "毅"),
    ("山田 はな", "family-given", "山田", "はな"),
    ("조태열", "family-given", "조", "태열"),  # Hangul: a family name of one syllable
    ("남궁민", "family-given", "남궁", "민"),  # or of two, for a compound one
    ("조 태열", "family-given", "조", "태열"),
    ("Kassym-Jomart Tokayev", "given-family", "Tokayev", "Kassym-Jomart"),
    ("Ursula von der Leyen", "given-family", "von der Leyen", "Ursula"),
    ("Tokayev", "given-family", "Tokayev", ""),
    ("एस. जयशंकर", "given-family", "जयशंकर", "एस."),  # an initial nameparser took for a title it does not know
    ("Dr. Amina Diallo", "given-family", "Diallo", "Amina"),  # a title it knows is no part of the name
    ("CGTN", "organisation", "", ""),
    ("Xinhua", "organisation", "", ""),
    ("Ministry of Foreign Affairs of the People's Republic of China", "organisation", "", ""),
])
def test_name_parts_are_guessed_from_the_name(name, form, family, given):
    guess = guess_name_parts(name)
    assert (guess.form, guess.family_name, guess.given_name) == (form, family, given)


@pytest.mark.parametrize("name, csl, inverted, highwire, bibtex", [
    (CitedName(family="Xi", given="Jinping"), {"family": "Xi", "given": "Jinping"}, "Xi, Jinping", "Xi, Jinping",
     "Xi, Jinping"),
    (CitedName(family="von der Leyen", given="Ursula"), {"family": "von der Leyen", "given": "Ursula"},
     "von der Leyen, Ursula", "von der Leyen, Ursula", "{von der Leyen}, Ursula"),
    (CitedName(literal="CGTN"), {"literal": "CGTN"}, "CGTN", "CGTN,", "{CGTN}"),
])
def test_each_output_writes_a_name_its_readers_split_right(name, csl, inverted, highwire, bibtex):
    assert (name.csl(), name.inverted(), name.highwire(), name.bibtex()) == (csl, inverted, highwire, bibtex)


@pytest.mark.parametrize("text, is_name", [
    ("Jane Roe", True), ("Mr. Kassym-Jomart Tokayev", True), ("Ursula von der Leyen", True),
    ("Abdullah al-Sisi", True), ("José Ortega y Gasset", True), ("John Smith Jr.", True), ("习近平", True),
    ("Си Цзиньпин", True), ("Ministry of Foreign Affairs", True),
    ("the end of this decade we will have changed the world", False), ("the President", False),
    ("Ambassador Zhang Jun at the Security Council", False), ("2030 we will", False), ("Tokayev.", False),
    ("Jane Roe: thank you", False), ("Office of the President", False), ("Jane of", False),
])
def test_a_name_is_told_from_the_words_of_a_sentence(text, is_name):
    assert looks_like_a_name(text) is is_name

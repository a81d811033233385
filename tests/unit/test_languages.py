"""Languages as BCP 47 tags: read in any case and form, stored one way, matched and named."""
import pytest
from django.utils import translation

from speeches.characters import chinese_script
from speeches.languages import UnknownLanguage, canonical_tag, language_choices, language_name, matching_tag
from speeches.search.languages import analysis_of, filter_code, filter_languages, indexed_codes

SIMPLIFIED = "我们要构建人类命运共同体，和平发展，合作共赢。"
TRADITIONAL = "我們要構建人類命運共同體，和平發展，合作共贏。"


@pytest.mark.parametrize("given, stored", [
    ("zh-hans", "zh-Hans"), ("zh-Hans", "zh-Hans"), ("ZH-HANT", "zh-Hant"), ("zh-CN", "zh-Hans"),
    ("zh-cn", "zh-Hans"), ("zh-TW", "zh-Hant"), ("zh-HK", "zh-Hant"), ("zh-Hant-HK", "zh-Hant"),
    ("en", "en"), ("EN", "en"), ("en-gb", "en-GB"), ("en_GB", "en-GB"), ("pt-br", "pt-BR"), ("sr-latn", "sr-Latn"),
    ("iw", "he"), ("tl", "fil"), ("cmn", "zh"), ("lo", "lo"), ("fil", "fil"), ("ps", "ps"), ("am", "am"),
])
def test_any_case_and_form_of_a_tag_is_stored_in_its_one_canonical_form(given, stored):
    assert canonical_tag(given) == stored


@pytest.mark.parametrize("value", ["xx", "qqq", "und", "", "  ", None, 7, "zh-hans-", "english", "a" * 40])
def test_a_value_naming_no_language_is_refused_with_a_message_saying_so(value):
    with pytest.raises(UnknownLanguage, match="is not a language tag such as en"):
        canonical_tag(value)


def test_chinese_without_a_script_takes_the_script_of_its_characters():
    assert chinese_script(SIMPLIFIED) == "Hans" and chinese_script(TRADITIONAL) == "Hant"
    assert chinese_script("Only English here.") == "" and chinese_script("和平") == ""
    assert canonical_tag("zh", text=SIMPLIFIED) == "zh-Hans"
    assert canonical_tag("zh", text=TRADITIONAL) == "zh-Hant"
    assert canonical_tag("zh", text="") == "zh-Hans"  # CLDR's likely script when the text does not say
    assert canonical_tag("zh-CN", text=TRADITIONAL) == "zh-Hans"  # the region given says it
    assert canonical_tag("zh-Hans", text=TRADITIONAL) == "zh-Hans"  # as the script given says
    assert canonical_tag("zh") == "zh"  # no text: a reader or a filter asking for any Chinese


def test_a_reader_s_language_finds_the_text_it_names():
    tags = ["en", "zh-Hans", "ru"]
    assert [matching_tag(wanted, tags) for wanted in ("zh", "zh-Hans", "zh-hans", "zh-CN", "ZH")] == ["zh-Hans"] * 5
    assert matching_tag("zh-Hant", tags) is None and matching_tag("zh-TW", tags) is None
    assert matching_tag("en-GB", tags) == "en" and matching_tag("en-US", ["zh-Hant", "en-GB"]) == "en-GB"
    assert matching_tag("lo", tags) is None
    with pytest.raises(UnknownLanguage):
        matching_tag("xx", tags)


def test_languages_are_named_in_the_active_language():
    assert language_name("zh-Hans") == "Chinese (Simplified)" and language_name("en-GB") == "English (United Kingdom)"
    assert language_name("lo") == "Lao" and language_name("fil") == "Filipino"
    with translation.override("fr"):
        assert language_name("zh-Hant") == "chinois (traditionnel)"
    assert language_name("not a tag") == "not a tag"  # shown as stored, not hidden


def test_editors_choose_from_every_iso_639_language_by_name():
    choices = language_choices("en")
    names = dict(choices)
    assert {names[code] for code in ("lo", "fil", "ps", "am", "zh", "zh-Hans", "zh-Hant")} == {
        "Lao", "Filipino", "Pashto", "Amharic", "Chinese", "Chinese (Simplified)", "Chinese (Traditional)"}
    assert len(choices) > 7000 and "abq" in names  # ISO 639-3 too (Abaza)
    assert [name for _, name in choices] == sorted((name for _, name in choices), key=str.casefold)
    assert "Chinese" in [name for _, name in choices if name.startswith("Chi")]
    assert "tl" not in names and "iw" not in names  # deprecated codes: their standard one is there
    assert dict(language_choices("de"))["zh"] == "Chinesisch"


def test_the_index_holds_the_same_language_values_for_stored_tags_as_before():
    # Tags were stored lowercase; the canonical ones index as those did, so no index needs rebuilding.
    assert indexed_codes(["zh-Hans", "en-GB"]) == ["en", "en-gb", "zh", "zh-hans"]
    assert indexed_codes(["sr-Latn-RS"]) == ["sr", "sr-latn", "sr-latn-rs"]
    assert [analysis_of(tag) for tag in ("zh-Hans", "zh-Hant", "en-GB", "fr", "pt-BR")] == ["zh", "zh", "en", "fr", "en"]


def test_filters_read_any_case_and_form_as_the_index_holds_it():
    assert [filter_code(tag) for tag in ("zh", "zh-Hans", "ZH-HANS", "zh-CN", "zh-TW", "EN-gb", "ja-JP", "sr-Latn-RS")] == [
        "zh", "zh-hans", "zh-hans", "zh-hans", "zh-hant", "en", "ja", "sr-latn"]
    assert filter_code("xx") is None
    assert filter_languages(["zh-Hans", "zh-Hant", "en-GB", "en", "lo"]) == [
        ("zh", "Chinese"), ("en", "English"), ("lo", "Lao")]

"""Searching every text of a document in its own language: Chinese words and phrases, Russian and
French stems and quotes, lang: and role: filters, and snippets beside the aligned main paragraph.

The fixture is the archive's own writing (tests/fixtures/texts-in-several-languages.jsonl): an
English translation with its Chinese original, and a Russian original with its French translation,
each with a line break inside a phrase, imported as editors import.
"""
import re
from pathlib import Path

import pytest

from speeches.importers.importing import import_paths
from speeches.models import Document
from speeches.search import SearchCriteria, search

ENGINES = ["whoosh", "opensearch"]

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "texts-in-several-languages.jsonl"


@pytest.fixture
def texts(db):
    report = import_paths([FIXTURE])
    assert report.counts["created"] == 2, report.errors
    return {document.external_id: document for document in Document.objects.all()}


def found(query, **filters):
    return {document.external_id for document in search(SearchCriteria(q=query, **filters)).documents}


@pytest.mark.parametrize("query", [
    '"亲诚惠容"',  # across the line break in the source
    '"亲 诚 惠 容"',  # with spaces between the characters
    '"親誠惠容"',  # Traditional characters, Simplified text
    "周邊國家",  # unquoted and Traditional: the words 周边 and 国家 of the Simplified text
    "「亲诚惠容」",
    "『周边国家』",
    "周边国家",  # unquoted: a word of the segmenter's dictionary (the text's 周边 and 国家 are indexed as it too)
    "外交基础",  # unquoted: its words 外交 and 基础, not next to each other in the text
    "独善其身",
    '"amity, sincerity, mutual benefit and inclusiveness"',  # the English translation, across its line break
    "neighbours diplomacy",  # stemmed English
])
def test_the_chinese_original_and_its_english_translation_are_found(texts, query):
    assert found(query) == {"texts-zh-en"}


@pytest.mark.parametrize("query", [
    '"惠容亲诚"',  # the characters in another order
    '"亲诚的惠容"',
    '"amity sincerity benefit"',
])
def test_phrases_match_only_in_their_order(texts, query):
    assert found(query) == set()


@pytest.mark.parametrize("query", [
    "переговоры",  # stem: переговоров in the text
    "безопасностью",
    "„за счёт безопасности“",  # German-style quotation marks around a Russian phrase
    '"путём переговоров"',  # across the line break
    '"путем переговоров"',  # ё written as е
    "négociation",  # French stem: négociations
    "différend pacifiques",
    "« par la voie des négociations »",  # stop words count inside quotes, across the line break
    "« de la »",  # a quote of stop words only still matches
    "la sécurité",  # unquoted, "la" is a stop word and ignored
    "securite",  # accents folded
])
def test_the_russian_original_and_its_french_translation_are_found(texts, query):
    assert found(query) == {"texts-ru-fr"}


def test_quoted_stop_words_must_be_there(texts):
    assert found("« par la voie des négociation »") == set()  # no stemming inside quotes
    assert found("« la voie par »") == set()


def test_a_text_in_one_language_is_not_searched_as_another(texts):
    # "des" is a French stop word but "the" is not Russian or Chinese: neither turns up the other document.
    assert found("the foundation") == {"texts-zh-en"}
    assert found('"foundation"', lang="fr") == set()


def test_language_and_role_filters(texts):
    assert found("", lang="zh") == {"texts-zh-en"}
    assert found("", lang="zh-hans") == {"texts-zh-en"}
    assert found("", lang="fr") == {"texts-ru-fr"}
    assert found("", lang="en") == {"texts-zh-en"}
    assert found("", role="original") == {"texts-zh-en", "texts-ru-fr"}
    assert found("", role="official-translation") == {"texts-zh-en", "texts-ru-fr"}
    assert found("négociations", lang="fr") == {"texts-ru-fr"}
    # the filter chooses documents with a Russian text; a word is found in any of their texts, as the facet counts
    assert found("négociations", lang="ru") == {"texts-ru-fr"}
    assert found("négociations lang:ru") == {"texts-ru-fr"}
    assert found("négociations", lang="zh") == set()
    [languages] = [facet for facet in search(SearchCriteria(q="négociations"), facets=True).facets if facet.name == "lang"]
    assert {option.value: option.count for option in languages.options} == {"fr": 1, "ru": 1}
    assert found("lang:zh 外交") == {"texts-zh-en"}
    assert found("role:original переговоры") == {"texts-ru-fr"}


def test_a_hit_in_another_text_shows_its_snippet_beside_the_aligned_main_paragraph(texts):
    page = search(SearchCriteria(q='"亲诚惠容"'))
    snippet, = page.hits[0].snippets
    assert snippet.language == "zh-Hans" and snippet.anchor == "p-2"
    assert "<mark>亲诚惠容</mark>" in snippet.html  # the source's line break between them is not shown as a space
    assert snippet.aligned_anchor == "p-2" and snippet.aligned_text.startswith("We follow the principle of amity")
    words, = search(SearchCriteria(q="周边国家")).hits[0].snippets
    assert "<mark>周边</mark><mark>国家</mark>" in words.html or "<mark>周边国家</mark>" in words.html


def test_the_search_page_links_the_snippet_and_the_aligned_paragraph(client, texts):
    document = texts["texts-zh-en"]
    page = client.get("/search/", {"q": "「亲诚惠容」"}).content.decode()
    assert f'{document.get_absolute_url()}?lang=zh-Hans&amp;hl=' in page and "#p-2" in page
    assert '<p class="snippet" lang="zh-Hans">' in page and "Chinese (Simplified)" in page
    assert f'<a href="{document.get_absolute_url()}#p-2" lang="en">We follow the principle of amity' in page
    # the aligned paragraph is named by its language, as the snippet is: the main text may be the original
    assert '<p class="snippet snippet--aligned"><span class="snippet__language" lang="en" dir="ltr">English</span>' in page
    api = client.get("/api/search/", {"q": "переговоры"}).json()
    snippets = api["results"][0]["snippets"]
    assert snippets[0]["language"] == "" and snippets[0]["url"].endswith("#p-1")
    french = client.get("/api/search/", {"q": "négociations"}).json()["results"][0]["snippets"]
    assert french[0]["language"] == "fr" and french[0]["url"].endswith("?lang=fr#p-1")
    assert french[0]["aligned"]["anchor"] == "p-1" and french[0]["aligned"]["text"].startswith("Мы выступаем")


def test_find_in_document_searches_the_text_being_read(client, texts):
    document = texts["texts-zh-en"]
    page = client.get(document.get_absolute_url(), {"lang": "zh-hans", "find": "亲诚惠容"}).content.decode()
    assert "1 occurrence" in page or "2 occurrences" in page


def test_editing_another_text_reaches_the_index(transactional_db):
    import_paths([FIXTURE])
    text = Document.objects.get(external_id="texts-zh-en").texts.get()
    text.body = text.body.replace("亲诚\n惠容", "睦邻")
    text.save()
    assert found('"亲诚惠容"') == set()
    text.delete()
    assert found("独善其身") == set()


def test_the_concordance_and_exports_read_every_text(client, texts):
    import csv
    import io
    import json

    document = texts["texts-zh-en"]
    rows = list(csv.DictReader(io.StringIO(client.get("/search/concordance/", {"q": "「親誠惠容」 OR amity", "format": "csv"})
                                           .content.decode())))
    assert [(row["language"], row["match"], row["paragraph"]) for row in rows] == [
        ("en", "amity", "p-2"), ("zh-Hans", "亲诚\n惠容", "p-2")]
    assert rows[1]["url"].endswith(f"{document.get_absolute_url()}?lang=zh-Hans&hl=%E3%80%8C%E8%A6%AA%E8%AA%A0"
                                   "%E6%83%A0%E5%AE%B9%E3%80%8D%20OR%20amity#p-2")
    page = client.get("/search/concordance/", {"q": "переговоры OR négociations"}).content.decode()
    assert '<td class="kwic__match" lang="fr">' in page and '<td class="kwic__match" lang="ru">' in page
    exported = client.get("/search/export/", {"q": "「亲诚惠容」", "format": "jsonl"})
    record = json.loads(b"".join(exported.streaming_content))
    assert [(paragraph["language"], paragraph["anchor"]) for paragraph in record["paragraphs"]] == [("zh-Hans", "p-2")]
    assert record["paragraphs"][0]["url"].endswith("?lang=zh-Hans#p-2")
    exported = client.get("/search/export/", {"q": "「亲诚惠容」", "format": "csv"})
    row, = csv.DictReader(io.StringIO(b"".join(exported.streaming_content).decode()))
    assert row["matching_paragraphs"] == "zh-Hans:p-2"


@pytest.fixture
def arabic(transactional_db):
    from tests.factories import make_document

    return {
        "vocalised": make_document(title="تحية", language="ar", body="السَّلَامُ عَلَيْكُمْ يا أصدقاء."),
        "bare": make_document(title="شراكة", language="ar", body="ندعو للتعاون بين الشعوب."),
    }


@pytest.mark.parametrize(("query", "expected"), [
    ("السلام", "vocalised"),  # a bare word finds it written with harakat, shadda and damma
    ('"السلام عليكم"', "vocalised"),  # a bare phrase
    ("لِلتَّعَاوُنِ", "bare"),  # and the reverse: a vocalised word finds the bare text
    ('"لِلتَّعَاوُنِ بين"', "bare"),
    ("للتعــاون", "bare"),  # tatweel stretching a word is typography
    ("تعاون", "bare"),  # a word without its article finds it with one (للتعاون)
    ("شعوب", "bare"),
])
def test_arabic_tashkeel_is_ignored_as_accents_are(arabic, query, expected):
    page = search(SearchCriteria(q=query))
    assert page.documents == [arabic[expected]]
    assert "<mark>" in str(page.hits[0].snippets[0].html)


def test_an_arabic_snippet_marks_the_whole_vocalised_word(arabic):
    page = search(SearchCriteria(q="السلام"))
    assert "<mark>السَّلَامُ</mark>" in str(page.hits[0].snippets[0].html)


def test_matching_accents_exactly_keeps_arabic_tashkeel(arabic):
    assert search(SearchCriteria(q="السلام", case_sensitive=True)).documents == []
    assert search(SearchCriteria(q="السَّلَامُ", case_sensitive=True)).documents == [arabic["vocalised"]]


def test_an_arabic_text_is_marked_as_written_right_to_left_wherever_it_is_shown(client, arabic):
    document = arabic["vocalised"]
    page = client.get(document.get_absolute_url()).text
    assert '<h1 lang="ar" dir="rtl">تحية</h1>' in page
    assert '<div class="document__body" id="document-body" lang="ar" dir="rtl">' in page
    results = client.get("/search/", {"q": "السلام"}).text
    assert f'<a href="{document.get_absolute_url()}" lang="ar" dir="rtl">تحية</a>' in results
    assert '<p class="snippet" lang="ar" dir="rtl">' in results


def test_an_arabic_concordance_line_reads_from_the_right(client, arabic):
    page = client.get("/search/concordance/", {"q": "السلام"}).text
    row = re.search(r'<tr class="kwic--rtl">(.*?)</tr>', page, re.S).group(1)
    after, before = re.findall(r'<td class="kwic__(?:left|right)"[^>]*><span[^>]*>(.*?)</span></td>', row)
    assert "عَلَيْكُمْ" in after and before == ""  # the words after the match stand on its left


def test_a_text_written_left_to_right_names_its_language_only(client, texts):
    russian = next(document for document in texts.values() if document.language == "ru")
    page = client.get(russian.get_absolute_url()).text
    assert '<div class="document__body" id="document-body" lang="ru">' in page and 'dir="rtl"' not in page


@pytest.fixture
def traditional(transactional_db):
    from tests.factories import make_document

    return make_document(title="周邊外交", language="zh-hant", body="我們堅持親誠惠容的周邊外交理念，與鄰國共同發展。")


@pytest.mark.parametrize("query", ['"親誠惠容"', '"亲诚惠容"', "外交理念", "周邊外交", "周边外交", "共同發展", "共同发展"])
def test_a_traditional_text_is_found_by_traditional_and_simplified_queries(traditional, query):
    assert search(SearchCriteria(q=query)).documents == [traditional]


def test_a_traditional_text_is_marked_in_its_own_characters(traditional):
    snippet, = search(SearchCriteria(q="周边外交")).hits[0].snippets
    assert "周邊" in str(snippet.html) and "<mark>" in str(snippet.html)


@pytest.fixture
def han_elsewhere(transactional_db):
    from tests.factories import make_document

    return {
        "ja": make_document(title="日本の外交", language="ja", body="日本の外交政策について申し上げます。"),
        "ko": make_document(title="외교", language="ko", body="한국 외교부는 平和 협력을 강조했다."),
        "en": make_document(title="Neighbours", language="en", body="The principle of 亲诚惠容 guides us."),
        "ja-economy": make_document(title="経済", language="ja", body="日本は経済協力を進める。"),
        "zh": make_document(title="中日关系", language="zh-Hans", body="中日经济关系保持稳定。"),
        "ja-aid": make_document(title="支援", language="ja", body="人道支援を続ける。人質の解放を求める。"),
        "zh-apart": make_document(title="道路", language="zh-Hans", body="他人知道这条道路。"),
        "zh-win": make_document(title="目標", language="zh-Hant", body="合作共贏是我們的目標。"),
    }


@pytest.mark.parametrize(("query", "expected"), [
    ("外交", {"ja"}),  # kanji between kana, typed unquoted as in Chinese
    ("外交政策", {"ja"}),
    ("平和", {"ko"}),  # hanja in a Korean sentence
    ("亲诚惠容", {"en"}),  # a Chinese expression quoted in an English speech
    ("親誠惠容", {"en"}),  # and typed in Traditional characters
    ("外交 lang:ja", {"ja"}),
    ("外交 lang:ko", set()),
    ("外交 lang:ja-JP", {"ja"}),  # a region in the tag names the language, as the form's filter reads it
    ("経済", {"ja", "zh-Hans"}),  # a Japanese form is read as the Simplified character Chinese writes
    ("经济", {"ja", "zh-Hans"}),  # and the other way
    ("関係", {"zh-Hans"}),
    ('"経済関係"', {"zh-Hans"}),
    ("人道", {"ja"}),  # characters the dictionary leaves apart, typed together: together, not anywhere
    ("人道支援", {"ja"}),
    # a word jieba only guesses (共赢: no dictionary word), which it does not find between other characters
    ("共赢", {"zh-Hant"}),
    ("合作共贏", {"zh-Hant"}),
])
def test_han_words_of_texts_in_other_languages_are_found_unquoted(han_elsewhere, query, expected):
    page = search(SearchCriteria(q=query))
    assert {document.language for document in page.documents} == expected
    assert all("<mark>" in str(hit.snippets[0].html) for hit in page.hits)


@pytest.mark.parametrize(("query", "marked"), [("経済協力", "経済協力"), ("経済", "経済"), ("協力", "協力"),
                                               ("人道", "人道")])
def test_a_han_word_is_marked_whole_in_a_text_of_another_language(han_elsewhere, query, marked):
    [hit] = search(SearchCriteria(q=f"{query} lang:ja")).hits
    assert re.findall("<mark>(.*?)</mark>", str(hit.snippets[0].html)) == [marked]


def test_a_japanese_form_is_one_word_in_the_concordance(client, han_elsewhere):
    page = client.get("/search/concordance/", {"q": "经济"}).text
    assert re.findall('<span class="kwic__head">(.)</span><span class="kwic__tail">(.*?)</span>', page) == [
        ("経", "済"), ("経", "済"), ("经", "济")]  # the title 経済, then 経済協力 in its text


@pytest.fixture
def numbers(transactional_db):
    from tests.factories import make_document

    return {
        "fr": make_document(title="Budget", language="fr", body="Un budget de 3\u202f300 millions d’euros en 2023."),
        "ar": make_document(title="ميزانية", language="ar", body="تبلغ الميزانية ٣٬٣٠٠ طن في عام ٢٠٢٣."),
        "zh": make_document(title="预算", language="zh-Hans", body="双边贸易额达到３，３００亿元。"),
        "hi": make_document(title="बजट", language="hi", body="वर्ष २०२३ में जी२० शिखर सम्मेलन हुआ।"),
        "de": make_document(title="Zahlen", language="de", body="Die Schweiz zahlt 3’300 Franken."),
        "th": make_document(title="การประชุม", language="th", body="ผู้แทน ๓\u00a0๓๐๐ คน เข้าร่วมการประชุม"),
        "zh-list": make_document(title="增长", language="zh-Hans", body="中国经济在2021，2022，2023年连续增长。"),
        "en-decimal": make_document(title="Trade", body="Trade exceeded 1.2 million tonnes, up 3.5% under Article 2.4."),
        "fr-decimal": make_document(title="Commerce", language="fr", body="Une hausse de 1,2 million et de 12 %."),
        "ar-decimal": make_document(title="نمو", language="ar", body="نمو بنسبة ٣٫٥ في المئة، و ٢٫٥٠٠ مليون."),
    }


@pytest.mark.parametrize(("query", "expected"), [
    ('"3300 millions"', {"fr"}), ('"3,300 millions"', {"fr"}), ('"3.300 millions"', {"fr"}),
    ('"3300 طن"', {"ar"}), ('"3,300 طن"', {"ar"}), ('"٣٣٠٠ طن"', {"ar"}),
    ('"3,300亿元"', {"zh"}), ('"３３００亿元"', {"zh"}),
    ('"2023 में"', {"hi"}), ("जी20", {"hi"}),
    ('"3300 Franken"', {"de"}), ('"3\'300 Franken"', {"de"}),
    ("2023", {"fr", "ar", "hi", "zh-list"}),
    ("3300", {"fr", "ar", "zh", "de", "th"}),  # unquoted too, and marked where its digits are grouped
    ('"3300 คน"', {"th"}),
    ("2022", {"zh-list"}),  # a full-width comma between numbers of other lengths lists them
    # a decimal point, whichever mark writes it, keeps the decimals apart: 1.2 is never 12
    ('"1.2 million"', {"en-decimal", "fr-decimal"}), ('"1,2 million"', {"en-decimal", "fr-decimal"}),
    ('"12 million"', set()), ("12", {"fr-decimal"}), ('"Article 24"', set()), ('"Article 2.4"', {"en-decimal"}),
    ("3.5", {"en-decimal", "ar-decimal"}), ("35", set()), ('"٣٫٥ في المئة"', {"ar-decimal"}),
    ('"٢٫٥٠٠ مليون"', {"ar-decimal"}),  # a phrase's numbers are read once: 2.500 is not read again as 2500
])
def test_a_number_is_found_however_its_digits_are_grouped_and_written(numbers, query, expected):
    """Grouped by a no-break space (French), ٬ (Arabic), a full-width comma or an apostrophe (Swiss), in
    Arabic-Indic, Devanagari or full-width digits: the same number as 3300 or 2023 written in 0-9."""
    page = search(SearchCriteria(q=query))
    assert {language for language, document in numbers.items() if document in page.documents} == expected
    assert all("<mark>" in str(hit.snippets[0].html) for hit in page.hits)


def test_a_number_pasted_as_the_text_writes_it_is_found(client, numbers):
    """A no-break space grouping a number's digits is kept by the search form: "3 300" as pasted."""
    page = client.get("/search/", {"q": '"3\u202f300 millions"'}).text
    assert "1 document found" in page and "Budget" in page


def test_a_stop_word_of_another_language_is_a_word_in_english_and_asks_nothing_of_that_language(db):
    """"war" is a German stop word (was), "die" too (the): unquoted, "war" finds English texts holding it
    and "war crimes" asks for it there, while "die Krise" finds a German text by Krise, as German's words
    field holds no "die". A word that is an English stop word is still left out everywhere."""
    from django.core.management import call_command

    from tests.factories import make_document

    make_document(title="Statement", body="The war crimes tribunal.", external_id="war")
    make_document(title="Statement", body="Crimes against peace.", external_id="crimes")
    make_document(title="Rede", body="Die Krise war lang. Der Frieden.", language="de", external_id="de")
    make_document(title="Discurso", body="Paz sin condiciones.", language="es", external_id="es")
    call_command("update_index", verbosity=0)
    assert found("war") == found("war", lang="en") == {"war"}
    assert found("war crimes") == {"war"}
    assert found("die Krise") == found("der Frieden") == {"de"}
    assert found("sin condiciones") == {"es"}
    assert found("Krise war") == {"de"}  # "war" asks nothing of a German text
    assert found("(die OR der) Krise") == {"de"}  # nor do German stop words in a group
    assert found("die (the OR a)") == set()  # English stop words ask nothing: "die" is asked for alone
    assert found("Krise -Frieden") == set() and found("Krise -(die OR der)") == {"de"}
    assert found("the tribunal") == {"war"}  # "the" is left out, as always
    notices = search(SearchCriteria(q="the")).notices
    assert any("words this common" in notice for notice in notices)


@pytest.fixture
def spelled_otherwise(transactional_db):
    from tests.factories import make_document

    return {
        "fa-arabic-keyboard": make_document(title="سخنرانی", language="fa",
                                            body="جمهوري اسلامي ايران از همكاري منطقه‌اي حمايت مي‌كند."),
        "ar-ha": make_document(title="بيان", language="ar", body="تمت المصادقة على الاتفاقيه بين الحكومه والمعارضه."),
        "ar-maqsura": make_document(title="بيان", language="ar", body="نؤكد علي ضرورة الحوار في القاهره."),
        "hi-joiners": make_document(title="बैठक", language="hi",
                                    body="राष्ट्र\u200cीय सुरक्षा परिषद की बैठक। प्रधान\u200dमंत्री ने भाषण दिया।"),
        "en-acute": make_document(title="Remarks", body="The nation´s sovereignty and the Union＇s position."),
        "compatibility": make_document(title="Note", body="The ﬁnancial crisis of ＵＮＥＳＣＯ and ﾊﾟﾚｽﾁﾅ."),
    }


@pytest.mark.parametrize(("query", "expected"), [
    ('"جمهوری اسلامی ایران"', {"fa-arabic-keyboard"}), ("همکاری", {"fa-arabic-keyboard"}),
    ('"الاتفاقية بين الحكومة والمعارضة"', {"ar-ha"}), ('"في القاهرة"', {"ar-maqsura"}), ('"على ضرورة"', {"ar-maqsura"}),
    ("राष्ट्रीय", {"hi-joiners"}), ('"राष्ट्रीय सुरक्षा परिषद"', {"hi-joiners"}), ('"प्रधानमंत्री ने"', {"hi-joiners"}),
    ('"nation\'s sovereignty"', {"en-acute"}), ("Union's", {"en-acute"}),
    # matching case, a ligature, full-width letters and half-width katakana are the letters they write
    ('"financial crisis" case:on', {"compatibility"}), ("UNESCO case:on", {"compatibility"}),
    ("パレスチナ case:on", {"compatibility"}), ("unesco case:on", set()),
])
def test_letters_a_reader_takes_for_one_another_are_one(spelled_otherwise, query, expected):
    """Persian typed on an Arabic keyboard (ي, ك), the alef maqsura and ta marbuta written as ي and ه, the
    joiners inside a Hindi word, an apostrophe typed as an acute accent: found as a reader reads them."""
    page = search(SearchCriteria(q=query))
    assert {name for name, document in spelled_otherwise.items() if document in page.documents} == expected
    assert all("<mark>" in str(hit.snippets[0].html) for hit in page.hits)

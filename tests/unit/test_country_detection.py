"""Countries found in texts of every language by their names (CLDR's) and English adjectives, and the
rules that keep out the mistakes that matter."""
import pytest

from speeches.countries import code_of, countries, names_in
from speeches.country_detection import detect


@pytest.mark.parametrize("language, text, found", [
    ("en", "China and Kazakhstan signed the agreement in Astana.", {"CN", "KZ"}),
    ("en", "The French and Chinese delegations met; Kazakhstani officials joined.", {"FR", "CN", "KZ"}),
    ("en", "Talks between Americans and Germans.", {"US", "DE"}),  # adjectives in the plural: stemmed
    ("en-GB", "Talks with the United Kingdom and Russia.", {"GB", "RU"}),
    ("zh-Hans", "中国和哈萨克斯坦签署了协议，法国人也参加了。", {"CN", "KZ", "FR"}),
    ("zh-Hant", "中國與哈薩克斯坦簽署協議，法國也參加。", {"CN", "KZ", "FR"}),
    ("ru", "Китай и Казахстан подписали соглашение во Франции, с Россией.", {"CN", "KZ", "FR", "RU"}),
    ("kk", "Қазақстан мен Қытайдың ынтымақтастығы, Ресейдегі кездесу.", {"KZ", "CN", "RU"}),
    ("fr", "La Chine et la France, puis en Allemagne.", {"CN", "FR", "DE"}),
    ("es", "China y España firmaron con Francia.", {"CN", "ES", "FR"}),
    ("de", "China und Frankreich trafen sich in Deutschland.", {"CN", "FR", "DE"}),
    ("ar", "الصين وروسيا", {"CN", "RU"}),
    ("ka", "საქართველო მზადაა უკრაინასთან თანამშრომლობისთვის.", {"GE", "UA"}),  # capitals open no Georgian name
    ("hi", "भारत की प्राथमिकताएँ स्पष्ट हैं।", {"IN"}),  # प्राथमिकता (priority) holds the letters of पेरू, not the word
    ("hi", "पेरू और भारत के बीच संबंध।", {"PE", "IN"}),
    ("ta", "இந்தியா மற்றும் இலங்கை", {"IN", "LK"}),
    # written without spaces between words: the words ICU's dictionary finds in the run
    ("th", "ราชอาณาจักรไทยและญี่ปุ่นสนับสนุนความร่วมมือกับจีนและฝรั่งเศส", {"TH", "JP", "CN", "FR"}),
    ("lo", "ລາວແລະຫວຽດນາມ", {"LA", "VN"}),
    ("km", "កម្ពុជានិងថៃ", {"KH", "TH"}),
    ("th", "ประเทศไทยและจีนร่วมมือกัน", {"TH", "CN"}),  # ICU reads "country" and Thailand as one word
    # Korean writes particles onto a name, at a sentence's start too; 남북한 (inter-Korean) is another word
    ("ko", "한국은 중국과 일본, 미국의 대표와 만났다. 러시아는 불참했다.", {"CN", "JP", "US", "RU"}),
    ("ko", "북한의 비핵화. 남북한 정상회담.", {"KP"}),
    ("ko", "미국에서 열린 회의, 중국과의 협력, 일본에서는", {"US", "CN", "JP"}),
])
def test_names_are_found_in_each_language_the_archive_holds(language, text, found):
    assert detect(text, language) == found


@pytest.mark.parametrize("text, found", [
    ("We ate roast turkey. Turkey joined the talks.", {"TR"}),  # the bird has no capital
    ("Chad Smith said so. Chad signed too.", {"TD"}),  # a given name joined to a surname
    ("Georgia O'Keeffe painted it; Georgia Tech hosted it.", set()),
    ("The state of Georgia and Georgia State University welcomed Georgia, USA.", {"US"}),
    ("Tbilisi, capital of Georgia, hosted the talks.", {"GE"}),
    ("Papua New Guinea and Equatorial Guinea, not Guinea.", {"PG", "GQ", "GN"}),
    ("Guinea-Bissau sent a delegation.", {"GW"}),
    ("The island of New Guinea; the state of New Mexico.", set()),
    ("Niger and Nigeria. Niger State is in the north of Nigeria.", {"NE", "NG"}),
    ("The Democratic Republic of the Congo and its neighbour.", {"CD"}),
    ("The Republic of the Congo; Congo-Brazzaville.", {"CG"}),
    ("Congo alone, and the DR Congo.", {"CG", "CD"}),
    ("Congolese officials met Korean ones.", set()),  # an adjective of two countries; Korea alone is neither
    ("South Korea and North Korea, the Republic of Korea.", {"KR", "KP"}),
    ("fine china and a chad of paper", set()),
    ("LET US GO TO THE UK.", set()),  # capitals among capitals are no acronym
    ("the UK and the USA", {"GB", "US"}),
    ("Kazakhstan President Tokayev spoke.", {"KZ"}),  # a title after a name is no surname
    # a given name within a sentence, or a title, before a name makes it a person's
    ("We met Michael Jordan. Mr. Jordan spoke; so did Peter Chad. Prof. Chad wrote.", set()),
    # words nameparser also counts as titles, which stand before countries too
    ("EU Member Cyprus and a Federal Germany. First Jordan, then Chad.", {"CY", "DE", "JO", "TD"}),
    # at a sentence's start a capitalised word before a name is capitalised for the sentence
    ("Independent Kazakhstan has grown. Today China agrees.", {"KZ", "CN"}),
    ("President Jordan and Dr. Chad met the Minister. Jordan signed.", {"JO"}),
    ("The President of Jordan and King Abdullah of Jordan.", {"JO"}), ("A visit to Jordan.", {"JO"}),
    ("The Hashemite Kingdom of Jordan. In Jordan, we met.", {"JO"}), ("We met Jordan and Chad.", {"JO", "TD"}),
    ("Southern Chad and Northern Georgia.", {"TD", "GE"}),  # a compass point is the country's part
    # An ISO alpha-3 code is no name in prose ("CAN", "ARE", "PER", "AND", "COM", "CHN") but as an abbreviation
    ("We CAN do it and we ARE ready. Costs PER year rose; research AND development.", set()),
    ("Visit the COM site; the CHN team.", set()),
    ("The DRC, the UAE and the USA.", {"CD", "AE", "US"}),
    # countryinfo's names in other languages are not English ones: Danish and German "Island" is Iceland
    ("The Virgin Islands. We visited Islands. Virgin Islands", set()),
    ("We flew from Norge to Suomi.", set()), ("We flew from Norway to Iceland.", {"NO", "IS"}),
])
def test_english_rules_keep_out_the_mistakes_that_matter(text, found):
    assert detect(text, "en") == found


@pytest.mark.parametrize("language, text, found", [
    # a given name that is also a country's name, followed by a family name
    ("fr", "Dominique de Villepin a parlé. Le ministre Maurice Couve de Murville est arrivé.", set()),
    ("fr", "Maurice Schumann et Dominique Strauss-Kahn ont signé.", set()),
    ("es", "El presidente Mauricio Macri visitó Chile.", {"CL"}),
    ("pt", "Maurício de Sousa e Israel Katz.", set()),
    # the countries themselves, an article before them, or a name of another country after them
    ("fr", "La Dominique et Maurice sont des États insulaires ; l'île Maurice accueille le sommet.", {"DM", "MU"}),
    ("fr", "La France de demain et la Russie de Poutine, du Canada de Trudeau.", {"FR", "RU", "CA"}),
    ("es", "La España de Franco y el Chile de Allende.", {"ES", "CL"}),
    ("fr", "Le conflit Israël Palestine.", {"IL", "PS"}),
    ("de", "Dass Frankreich Waffen liefert, ist bekannt.", {"FR"}),  # German nouns open with capitals
    # a country's name that is no given name stays a country whoever's name follows it
    ("ru", "Президент России Владимир Путин и министр иностранных дел России Сергей Лавров.", {"RU"}),
    ("es", "El presidente de Francia Emmanuel Macron. Acuerdo México Estados Unidos.", {"FR", "MX", "US"}),
    ("it", "Il premier della Cina Li Qiang.", {"CN"}),
    ("pt", "O presidente do Brasil Luiz Inácio Lula da Silva.", {"BR"}),
])
def test_a_given_name_that_is_also_a_country_s_is_no_country_beyond_english(language, text, found):
    assert detect(text, language) == found


def test_chinese_official_long_forms_are_found_where_a_source_has_them():
    assert detect("中华人民共和国和俄罗斯联邦", "zh-Hans") == {"CN", "RU"}  # countryinfo's 中华人民共和国
    assert detect("新加坡共和国", "zh-Hans") == {"SG"}


def test_chinese_names_are_found_longest_first():
    assert detect("巴布亚新几内亚、赤道几内亚和尼日利亚", "zh-Hans") == {"PG", "GQ", "NG"}
    assert detect("印度尼西亚", "zh-Hans") == {"ID"}  # not also India


@pytest.mark.parametrize("text, found", [
    ("Мы были в Казахстане.", {"KZ"}), ("в Узбекистане", {"UZ"}), ("с Казахстаном", {"KZ"}),
    ("Президент Казахстана", {"KZ"}), ("Встреча в Таджикистане и с Пакистаном.", {"TJ", "PK"}),
])
def test_russian_case_forms_of_a_name_snowball_stems_differently_are_found(text, found):
    assert detect(text, "ru") == found  # "Казахстан" stems to "казахста", "Казахстане" to "казахстан"


@pytest.mark.parametrize("text, found", [
    # البحرين (Bahrain, "the two seas") with what Arabic writes onto it, never the sea or the maritime
    ("البحرين والبحرين وبالبحرين وللبحرين ومملكة البحرين", {"BH"}),
    ("إن البحر الأبيض المتوسط جسر بين الشعوب", set()), ("التعاون البحري، وأمن بحري", set()),
    ("وفرنسا ولروسيا وبالصين واليمن والأردن وفلسطين", {"FR", "RU", "CN", "YE", "JO", "PS"}),
    # words Snowball stemmed as a name: June, Beirut, the High Commissioner, the right, the blacks, we insist
    ("يونيو، بيروت، المفوض السامي، اليمين، السود يسود، مصرون", set()),
    # names that are also common words count in a longer name: financial (مالي), Amman (عمان)
    ("الدعم المالي ودعم مالي، في عمان", set()), ("جمهورية مالي وسلطنة عمان", {"ML", "OM"}),
])
def test_arabic_names_are_found_as_written_with_their_clitics_not_by_stems_of_common_words(text, found):
    assert detect(text, "ar") == found


def test_russian_stop_words_and_inflected_forms_at_a_sentence_start_are_no_country():
    assert detect("Того, кто пришёл. Мало того, он ушёл.", "ru") == set()
    assert detect("Республика Того подписала.", "ru") == {"TG"}


def test_every_country_has_its_iso_codes_and_an_english_name():
    assert len(countries()) >= 240
    france = countries()["FR"]
    assert (france.alpha_3, france.name) == ("FRA", "France")
    assert "French" in france.adjectives
    assert countries()["CN"].adjectives == ("Chinese",)  # shared with Hong Kong and Macao: China's


@pytest.mark.parametrize("value, code", [
    ("France", "FR"), ("fr", "FR"), ("FRA", "FR"), ("south africa", "ZA"), ("South Africa", "ZA"),
    ("法国", "FR"), ("法國", "FR"), ("Франция", "FR"), ("Францiя", None), ("Turkey", "TR"), ("Türkiye", "TR"),
    ("UK", "GB"), ("USA", "US"), ("Atlantis", None), ("", None),
    # Greek capitals without their accents, Turkish İ, an ASCII apostrophe, Traditional characters:
    ("ΕΛΛΑΔΑ", "GR"), ("ελλαδα", "GR"), ("TÜRKİYE", "TR"), ("O'zbekiston", "UZ"), ("臺灣", "TW"),
    ("Niger", "NE"), ("Nigeria", "NG"), ("Dominica", "DM"), ("Guinea", "GN"),  # none taken for another
    # CLDR's other names in each language and countryinfo's native names, not only its name in each language:
    ("فلسطين", "PS"), ("Палестина", "PS"), ("巴勒斯坦", "PS"), ("ประเทศไทย", "TH"),
])
def test_a_name_or_code_in_any_language_or_case_reads_back_to_its_country(value, code):
    assert code_of(value) == code


def test_names_come_in_every_language_cldr_has():
    assert ("франция",) in names_in("ru") and ("法", "国") in names_in("zh-Hans") and ("франция",) in names_in("kk")
